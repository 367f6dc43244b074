"""The store: the database opened, seeded, and its repositories (see :mod:`infotui.store`)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeVar

import pendulum

from infotui.clock import Clock
from infotui.dbfile import DEFAULT_BUSY_TIMEOUT_MS
from infotui.questions import QuestionBank
from infotui.store.contacts import Contacts
from infotui.store.database import Database
from infotui.store.imports import Imports
from infotui.store.plans import Plans
from infotui.store.questions import Questions
from infotui.store.settings import SEEDED, Settings, seed_stamp

if TYPE_CHECKING:
    from infotui.store.answers import Answers
    from infotui.store.evaluation import Evaluation
    from infotui.store.follow_ups import FollowUps
    from infotui.store.interviews import Interviews
    from infotui.store.reads import StoreReads
    from infotui.store.search import Search

Part = TypeVar("Part")


class Store:
    """The one owner of the database: opens it (see :class:`Database`), seeds the
    shipped questions, templates and opener, and holds the repositories."""

    def __init__(
        self,
        target: str | os.PathLike[str] | None = None,
        *,
        clock: Clock | None = None,
        bank: QuestionBank | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        header_checked: bool = False,
        upgrade: bool = False,
    ) -> None:
        db = Database(
            target,
            clock=clock,
            bank=bank,
            busy_timeout_ms=busy_timeout_ms,
            header_checked=header_checked,
            upgrade=upgrade,
        )
        self.db = db
        self.settings = Settings(db)
        self.questions = Questions(db)
        self.contacts = Contacts(db)
        self.plans = Plans(db, self.questions, self.settings)
        self.imports = Imports(db.driver, db.now)
        self._parts: dict[str, Any] = {}  # the repositories made when first asked for
        self._parts_lock = threading.RLock()  # the app's thread and a worker may both ask
        try:
            with db.translate_errors():
                self._seed(bank)
                if db.path is not None:
                    db.check_writable()
        except BaseException:
            db.close()
            raise

    def _part(self, name: str, make: Callable[[], Part]) -> Part:
        with self._parts_lock:
            if name not in self._parts:
                self._parts[name] = make()
            part: Part = self._parts[name]
            return part

    @property
    def interviews(self) -> Interviews:
        from infotui.store.interviews import Interviews

        return self._part("interviews", lambda: Interviews(self.db, self.plans, self.contacts))

    @property
    def answers(self) -> Answers:
        from infotui.store.answers import Answers

        return self._part("answers", lambda: Answers(self.db))

    @property
    def follow_ups(self) -> FollowUps:
        from infotui.store.follow_ups import FollowUps

        return self._part("follow_ups", lambda: FollowUps(self.db, self.contacts, self.interviews))

    @property
    def search(self) -> Search:
        from infotui.store.search import Search

        return self._part("search", lambda: Search(self.db))

    @property
    def evaluation(self) -> Evaluation:
        from infotui.store.evaluation import Evaluation

        return self._part("evaluation", lambda: Evaluation(self.db, self.plans, self.settings))

    @property
    def reads(self) -> StoreReads:
        from infotui.store.reads import StoreReads

        return self._part(
            "reads", lambda: StoreReads(self.contacts, self.interviews, self.plans, self.answers)
        )

    def _seed(self, bank: QuestionBank | None) -> None:
        """Add the shipped questions, templates and opener the database lacks: once per
        bank and schema. The stamp left in the settings says which bank the database was
        last seeded from; while it is the same, opening reads that one row and no more
        (a new database has no stamp, an upgraded one an older stamp or none)."""
        stamp = seed_stamp(bank)
        if self.settings.get(SEEDED) == stamp:
            return
        self.questions.seed(self.db.bank)  # first: templates refer to the questions
        self.plans.seed_templates()
        self.plans.seed_opener()
        self.settings.set(SEEDED, stamp)

    @property
    def clock(self) -> Clock:
        return self.db.clock

    @property
    def bank(self) -> QuestionBank:
        return self.db.bank

    @property
    def path(self) -> Path | None:
        """The database file (None for an in-memory database or a server)."""
        return self.db.path

    @property
    def one_connection(self) -> bool:
        """An in-memory database: one connection that every thread shares, so that work
        on it is done on one thread, not beside the app's own."""
        return self.db.path is None and self.db.engine_name == "sqlite"

    @property
    def url(self) -> str:
        """The database's URL, password included: for connecting, never for showing."""
        return self.db.url

    @property
    def shown_url(self) -> str:
        """The database's URL as it may be shown or logged: the password as ***."""
        return self.db.shown_url

    @property
    def notices(self) -> list[str]:
        """What opening did to the file, to tell the user once."""
        return self.db.notices

    @property
    def backup_path(self) -> Path | None:
        """The copy made before a migration, if one ran."""
        return self.db.backup_path

    def now(self) -> pendulum.DateTime:
        return self.db.now()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
