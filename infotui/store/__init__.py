"""Every database read and write: engine, pragmas, migrations, queries.

The app and the CLI are handed a :class:`Store`; nothing opens a database at
import time. The store knows nothing of Textual. Its methods are grouped by
subject in the modules of this package.
"""

from __future__ import annotations

from infotui.errors import StoreError, StoreLockedError
from infotui.store.after import AfterMixin, Comparison, ReferralNode, SearchHit
from infotui.store.answers import AnswersMixin, SavedAnswer, VersionView
from infotui.store.base import StoreBase, default_db_path, resolve_target
from infotui.store.contacts import ContactsMixin
from infotui.store.imports import ImportRefused, ImportResult, ImportsMixin
from infotui.store.interviews import InterviewsMixin
from infotui.store.plans import PlanDraft, PlansMixin
from infotui.store.questions import QuestionsMixin
from infotui.timer import MAX_MINUTES, MIN_MINUTES
from infotui.validation import ValidationError
from infotui.views import PlanEntry


class Store(
    AfterMixin,
    ImportsMixin,
    AnswersMixin,
    ContactsMixin,
    InterviewsMixin,
    PlansMixin,
    QuestionsMixin,
    StoreBase,
):
    """The one owner of the database. See :class:`StoreBase` for how it opens."""


__all__ = [
    "MAX_MINUTES",
    "MIN_MINUTES",
    "Comparison",
    "ImportRefused",
    "ImportResult",
    "PlanDraft",
    "PlanEntry",
    "ReferralNode",
    "SavedAnswer",
    "SearchHit",
    "Store",
    "StoreError",
    "StoreLockedError",
    "ValidationError",
    "VersionView",
    "default_db_path",
    "resolve_target",
]
