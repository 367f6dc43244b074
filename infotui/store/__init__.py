"""Every database read and write: engine, pragmas, migrations, queries.

The app and the CLI are handed a :class:`Store`; nothing opens a database at
import time. The store knows nothing of Textual. It is composed of small
repositories, one per subject, over one shared :class:`Database`; each is given
the others it needs when it is made, so what depends on what is written here::

    store.contacts     people and their outreach pipeline
    store.questions    the question bank
    store.plans        each interview's plan, templates, the opener
    store.interviews   booking, the countdown, what to resume or export
    store.answers      what was said, with earlier versions and highlights
    store.follow_ups   the debrief, the thank-you, referrals
    store.search       full-text search and answers compared
    store.evaluation   the synthesis across interviews: its reads, the phrases hidden
    store.imports      contacts read from files
    store.settings     small named values (the user's name, the database's id)
    store.reads        the live screen's reads, as the quick first look answers them
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from infotui.dbfile import default_db_path
from infotui.errors import StoreError, StoreLockedError

if TYPE_CHECKING:
    from infotui.store.answers import Answers, SavedAnswer, VersionView
    from infotui.store.contacts import Contacts
    from infotui.store.database import Database, resolve_target
    from infotui.store.evaluation import Evaluation, NextInterview
    from infotui.store.follow_ups import FollowUps, ReferralNode
    from infotui.store.imports import ImportRefused, ImportResult, Imports, ImportStopped
    from infotui.store.interviews import Interviews
    from infotui.store.plans import PlanDraft, Plans
    from infotui.store.questions import Questions
    from infotui.store.reads import StoreReads
    from infotui.store.search import Comparison, Search, SearchHit
    from infotui.store.settings import Settings
    from infotui.store.store import Store

# Each name and the module that gives it, imported when the name is first asked for:
# the package itself loads no database layer, so what works on a file with the sqlite3
# module alone (infotui.store.plain, .bulk, .imports) is imported without SQLAlchemy,
# and a command line's listing without the repositories it does not use.
_WHERE = {
    "Answers": "answers", "SavedAnswer": "answers", "VersionView": "answers",
    "Contacts": "contacts",
    "Database": "database", "resolve_target": "database",
    "Evaluation": "evaluation", "NextInterview": "evaluation",
    "FollowUps": "follow_ups", "ReferralNode": "follow_ups",
    "ImportRefused": "imports", "ImportResult": "imports", "Imports": "imports",
    "ImportStopped": "imports",
    "Interviews": "interviews",
    "PlanDraft": "plans", "Plans": "plans",
    "Questions": "questions",
    "StoreReads": "reads",
    "Comparison": "search", "Search": "search", "SearchHit": "search",
    "Settings": "settings",
    "Store": "store",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    """``from infotui.store import Store`` and the like, their modules imported now."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Answers",
    "Comparison",
    "Contacts",
    "Database",
    "Evaluation",
    "FollowUps",
    "ImportRefused",
    "ImportResult",
    "ImportStopped",
    "Imports",
    "Interviews",
    "NextInterview",
    "PlanDraft",
    "Plans",
    "Questions",
    "ReferralNode",
    "SavedAnswer",
    "Search",
    "SearchHit",
    "Settings",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StoreReads",
    "VersionView",
    "default_db_path",
    "resolve_target",
]
