"""Every database read and write: engine, pragmas, migrations, queries.

The app and the CLI are handed a :class:`Store`; nothing opens a database at
import time. The store knows nothing of Textual.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum
from sqlalchemy import event, exc, func
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, col, create_engine, select

from infotui import migrations
from infotui.clock import Clock, SystemClock
from infotui.dbfile import prepare_file, store_error
from infotui.errors import StoreError, StoreLockedError
from infotui.models import (
    Answer,
    Contact,
    Interview,
    InterviewStatus,
    Medium,
    OutreachStatus,
    PlanItem,
    Question,
    Section,
    Setting,
)
from infotui.questions import QuestionBank, load_bank
from infotui.timer import Countdown
from infotui.validation import ValidationError, clean_contact

DEFAULT_BUSY_TIMEOUT_MS = 5000
SECTION_ORDER = {section.value: n for n, section in enumerate(Section)}


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("infotui", appauthor=False) / "infotui.db"


def resolve_target(target: str | os.PathLike[str] | None) -> tuple[str, Path | None]:
    """Turn a --db value into (SQLAlchemy URL, database file or None)."""
    if target is None or str(target) == "":
        path = default_db_path()
        return f"sqlite:///{path}", path
    text = os.fspath(target)
    if "://" in text:
        try:
            url = make_url(text)
        except exc.ArgumentError as error:
            raise StoreError(f"{text!r} is neither a file path nor a database URL") from error
        on_disk = url.database not in (None, "", ":memory:") and not url.query
        if url.get_backend_name() != "sqlite" or not on_disk:
            return text, None
        text = url.database or ""
    path = Path(text).expanduser().resolve()
    return f"sqlite:///{path}", path


MIN_MINUTES, MAX_MINUTES = 5, 180


@dataclass(frozen=True)
class PlanEntry:
    """One row of an interview's checklist, as the screens show it."""

    id: int
    question_id: int
    text: str
    hint: str
    position: int
    starred: bool
    asked_at: pendulum.DateTime | None
    closing: bool
    minutes: int | None = None

    @property
    def asked(self) -> bool:
        return self.asked_at is not None


class Store:
    """The one owner of the database.

    ``target`` is a file path, a SQLAlchemy URL (``sqlite://`` is an in-memory
    database), or None for the default file in the user's data folder.
    Opening checks the file, creates it private to the user, applies pending
    migrations and seeds the question bank.
    """

    def __init__(
        self,
        target: str | os.PathLike[str] | None = None,
        *,
        clock: Clock | None = None,
        bank: QuestionBank | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.url, self.path = resolve_target(target)
        self.busy_timeout_ms = busy_timeout_ms
        self._bank = bank
        if self.path is not None:
            prepare_file(self.path, busy_timeout_ms, is_default=target in (None, ""))
        self.engine = self._make_engine()
        try:
            with self._translate_errors():
                self.backup_path = migrations.upgrade(self.engine, self.path)
                self.seed_questions(self.bank)
        except BaseException:
            self.engine.dispose()
            raise

    # -- engine -------------------------------------------------------------

    def _make_engine(self) -> Engine:
        url = make_url(self.url)
        if url.get_backend_name() != "sqlite":
            return create_engine(self.url)
        connect_args: dict[str, Any] = {
            "check_same_thread": False,
            "timeout": self.busy_timeout_ms / 1000,
        }
        in_memory = self.path is None
        engine = create_engine(
            self.url,
            connect_args=connect_args,
            poolclass=StaticPool if in_memory else None,
        )
        busy = int(self.busy_timeout_ms)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            # Let SQLAlchemy, not the sqlite3 module, decide when transactions
            # begin (SQLAlchemy's documented pysqlite recipe), so BEGIN, DDL and
            # pragmas behave as written.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={busy}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN")

        return engine

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def bank(self) -> QuestionBank:
        if self._bank is None:
            self._bank = load_bank()
        return self._bank

    def pragma(self, name: str) -> Any:
        """Read one SQLite pragma on a fresh pooled connection (for checks and tests)."""
        if not name.isidentifier():
            raise ValueError(name)
        with self.engine.connect() as conn:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        where = self.path or self.url
        try:
            yield
        except exc.OperationalError as error:
            raise store_error(error.orig, where, self.busy_timeout_ms) from error
        except exc.DatabaseError as error:
            raise StoreError(f"{where} could not be used: {error.orig}") from error

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose objects stay readable after commit."""
        with self._translate_errors(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    def now(self) -> pendulum.DateTime:
        return self.clock.now()

    # -- settings -----------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.session() as s:
            row = s.get(Setting, key)
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.session() as s:
            row = s.get(Setting, key) or Setting(key=key, value=value)
            row.value = value
            s.add(row)
            s.commit()

    # -- question bank ------------------------------------------------------

    def seed_questions(self, bank: QuestionBank) -> int:
        """Add the shipped questions the database does not have yet.

        Never touches a question that is already there, edited or archived:
        only unknown keys are added, at the end of their section.
        """
        with self.session() as s:
            known = set(s.exec(select(Question.key).where(col(Question.key).is_not(None))).all())
            missing = [q for q in bank.questions if q.key not in known]
            if not missing:
                return 0
            now = self.now()
            last = dict(
                s.exec(
                    select(Question.section, func.max(Question.position)).group_by(Question.section)
                ).all()
            )
            for shipped in missing:
                position = last.get(shipped.section.value, -1) + 1
                last[shipped.section.value] = position
                s.add(
                    Question(
                        key=shipped.key,
                        text=shipped.text,
                        hint=shipped.hint,
                        section=shipped.section.value,
                        position=position,
                        closing=shipped.closing,
                        created_at=now,
                        updated_at=now,
                    )
                )
            s.commit()
            return len(missing)

    def questions(self, *, include_archived: bool = False) -> list[Question]:
        """The bank in display order: by section, then position."""
        with self.session() as s:
            query = select(Question)
            if not include_archived:
                query = query.where(col(Question.archived).is_(False))
            rows = list(s.exec(query).all())
        rows.sort(key=lambda q: (SECTION_ORDER.get(q.section, 99), q.position, q.id or 0))
        return rows

    # -- contacts -----------------------------------------------------------

    def add_contact(self, name: str, **fields: str) -> Contact:
        cleaned = clean_contact({"name": name, **fields})
        now = self.now()
        contact = Contact(**cleaned, created_at=now, updated_at=now)
        with self.session() as s:
            s.add(contact)
            s.commit()
        return contact

    def find_duplicate(self, name: str, *, company: str = "", email: str = "") -> Contact | None:
        """A contact that is the same person: same email, or same name and company."""
        name = " ".join(name.split()).lower()
        with self.session() as s:
            if email.strip():
                query = select(Contact).where(func.lower(Contact.email) == email.strip().lower())
                found = s.exec(query).first()
                if found:
                    return found
            query = select(Contact).where(
                func.lower(Contact.name) == name,
                func.lower(Contact.company) == company.strip().lower(),
            )
            return s.exec(query).first()

    def contacts(self) -> list[Contact]:
        with self.session() as s:
            return list(
                s.exec(select(Contact).order_by(func.lower(Contact.name), Contact.id)).all()
            )

    def contact(self, contact_id: int) -> Contact | None:
        with self.session() as s:
            return s.get(Contact, contact_id)

    def update_contact(self, contact_id: int, **fields: str) -> Contact:
        cleaned = clean_contact(fields)
        with self.session() as s:
            contact = s.get(Contact, contact_id)
            if contact is None:
                raise StoreError(f"there is no contact {contact_id}")
            for key, value in cleaned.items():
                setattr(contact, key, value)
            contact.updated_at = self.now()
            s.add(contact)
            s.commit()
            return contact

    def set_contact_status(self, contact_id: int, status: OutreachStatus) -> Contact:
        with self.session() as s:
            contact = s.get(Contact, contact_id)
            if contact is None:
                raise StoreError(f"there is no contact {contact_id}")
            if contact.status != status.value:
                contact.status = status.value
                contact.status_changed_at = contact.updated_at = self.now()
                s.add(contact)
                s.commit()
            return contact

    # -- interviews -----------------------------------------------------------------

    def create_interview(
        self,
        contact_id: int,
        *,
        agreed_minutes: int = 30,
        scheduled_at: pendulum.DateTime | None = None,
        medium: Medium = Medium.IN_PERSON,
        place: str = "",
    ) -> Interview:
        """A planned interview whose checklist starts from the default plan."""
        if not MIN_MINUTES <= agreed_minutes <= MAX_MINUTES:
            raise ValidationError(
                {"agreed_minutes": f"between {MIN_MINUTES} and {MAX_MINUTES} minutes"}
            )
        now = self.now()
        with self.session() as s:
            if s.get(Contact, contact_id) is None:
                raise StoreError(f"there is no contact {contact_id}")
            interview = Interview(
                contact_id=contact_id,
                agreed_minutes=agreed_minutes,
                scheduled_at=scheduled_at,
                medium=medium.value,
                place=place,
                created_at=now,
                updated_at=now,
            )
            s.add(interview)
            s.flush()
            live = s.exec(select(Question).where(col(Question.archived).is_(False)))
            by_key = {q.key: q for q in live}
            chosen = [by_key[k] for k in self.bank.default_plan if k in by_key]
            if not chosen:
                chosen = [q for q in by_key.values() if q.section == Section.MAIN.value]
            for position, question in enumerate(chosen):
                assert question.id is not None and interview.id is not None
                s.add(
                    PlanItem(
                        interview_id=interview.id,
                        question_id=question.id,
                        text=question.text,
                        position=position,
                        starred=question.key in self.bank.default_starred,
                    )
                )
            s.commit()
            return interview

    def set_agreed_minutes(self, interview_id: int, minutes: int) -> Interview:
        """Change the agreed time before the start (afterwards, extend it)."""
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise ValidationError(
                {"agreed_minutes": f"between {MIN_MINUTES} and {MAX_MINUTES} minutes"}
            )
        with self.session() as s:
            interview = s.get(Interview, interview_id)
            if interview is None:
                raise StoreError(f"there is no interview {interview_id}")
            if interview.started_at is not None:
                raise StoreError("the interview has started: extend it instead")
            interview.agreed_minutes = minutes
            interview.updated_at = self.now()
            s.add(interview)
            s.commit()
            return interview

    def interview(self, interview_id: int) -> Interview | None:
        with self.session() as s:
            return s.get(Interview, interview_id)

    def open_interview(self, contact_id: int | None = None) -> Interview | None:
        """The interview to resume: in progress first, then the next planned one.

        With no contact given, the interview in progress most recently touched.
        """
        open_states = [InterviewStatus.IN_PROGRESS.value, InterviewStatus.PLANNED.value]
        with self.session() as s:
            query = select(Interview).where(col(Interview.status).in_(open_states))
            if contact_id is None:
                query = query.where(Interview.status == InterviewStatus.IN_PROGRESS.value)
            else:
                query = query.where(Interview.contact_id == contact_id)
            rows = list(s.exec(query))
        rows.sort(
            key=lambda i: (i.status != InterviewStatus.IN_PROGRESS.value, -i.updated_at.timestamp())
        )
        return rows[0] if rows else None

    def plan(self, interview_id: int) -> list[PlanEntry]:
        with self.session() as s:
            query = (
                select(PlanItem, Question)
                .join(Question, col(PlanItem.question_id) == col(Question.id))
                .where(PlanItem.interview_id == interview_id)
                .order_by(col(PlanItem.position), col(PlanItem.id))
            )
            return [
                PlanEntry(
                    id=item.id or 0,
                    question_id=item.question_id,
                    text=item.text,
                    hint=question.hint,
                    position=item.position,
                    starred=item.starred,
                    asked_at=item.asked_at,
                    closing=question.closing,
                    minutes=item.minutes,
                )
                for item, question in s.exec(query)
            ]

    def answers(self, interview_id: int) -> dict[int | None, str]:
        """Answer text by question id; the key None holds the general notes."""
        with self.session() as s:
            rows = s.exec(select(Answer).where(Answer.interview_id == interview_id))
            return {a.question_id: a.text for a in rows}

    def save_answer(self, interview_id: int, question_id: int | None, text: str) -> None:
        """Store the answer to one question (None: the general notes), replacing the last."""
        with self.session() as s:
            query = select(Answer).where(
                Answer.interview_id == interview_id, Answer.question_id == question_id
            )
            answer = s.exec(query).first()
            if answer is None:
                answer = Answer(interview_id=interview_id, question_id=question_id)
            elif answer.text == text:
                return
            answer.text = text
            answer.updated_at = self.now()
            s.add(answer)
            s.commit()

    def set_asked(self, plan_item_id: int, asked: bool) -> None:
        with self.session() as s:
            item = s.get(PlanItem, plan_item_id)
            if item is None:
                raise StoreError(f"there is no planned question {plan_item_id}")
            if asked and item.asked_at is None:
                item.asked_at = self.now()
            elif not asked:
                item.asked_at = None
            s.add(item)
            s.commit()

    def set_starred(self, plan_item_id: int, starred: bool) -> None:
        with self.session() as s:
            item = s.get(PlanItem, plan_item_id)
            if item is None:
                raise StoreError(f"there is no planned question {plan_item_id}")
            item.starred = starred
            s.add(item)
            s.commit()

    def add_to_plan(self, interview_id: int, text: str, *, to_bank: bool = True) -> PlanEntry:
        """A question that came up in the moment: into the plan, and the bank unless told not to."""
        wording = " ".join(text.split())
        if not wording:
            raise ValidationError({"question": "type the question first"})
        now = self.now()
        with self.session() as s:
            last = s.exec(
                select(func.max(Question.position)).where(Question.section == Section.CUSTOM.value)
            ).one()
            question = Question(
                text=wording,
                section=Section.CUSTOM.value,
                position=(last if last is not None else -1) + 1,
                archived=not to_bank,
                created_at=now,
                updated_at=now,
            )
            s.add(question)
            s.flush()
            end = s.exec(
                select(func.max(PlanItem.position)).where(PlanItem.interview_id == interview_id)
            ).one()
            assert question.id is not None
            item = PlanItem(
                interview_id=interview_id,
                question_id=question.id,
                text=wording,
                position=(end if end is not None else -1) + 1,
            )
            s.add(item)
            s.commit()
        return PlanEntry(
            id=item.id or 0, question_id=question.id, text=wording, hint="",
            position=item.position, starred=False, asked_at=None, closing=False,
        )  # fmt: skip

    def change_timer(
        self, interview_id: int, change: Callable[[Countdown], Countdown]
    ) -> Interview:
        """Apply a countdown change (start, pause, resume, extend, end) and record it."""
        with self.session() as s:
            interview = s.get(Interview, interview_id)
            if interview is None:
                raise StoreError(f"there is no interview {interview_id}")
            changed = change(Countdown.of(interview))
            for name, value in changed.fields().items():
                setattr(interview, name, value)
            state = changed.state.value
            if state == "ended":
                interview.status = InterviewStatus.DONE.value
            elif state in ("running", "paused"):
                interview.status = InterviewStatus.IN_PROGRESS.value
            interview.updated_at = self.now()
            s.add(interview)
            if interview.status == InterviewStatus.DONE.value:
                contact = s.get(Contact, interview.contact_id)
                if contact is not None and contact.status in (
                    OutreachStatus.TO_CONTACT.value,
                    OutreachStatus.REACHED_OUT.value,
                    OutreachStatus.SCHEDULED.value,
                ):
                    contact.status = OutreachStatus.INTERVIEWED.value
                    contact.status_changed_at = contact.updated_at = self.now()
                    s.add(contact)
            s.commit()
            return interview


__all__ = [
    "Store",
    "StoreError",
    "StoreLockedError",
    "ValidationError",
    "default_db_path",
    "resolve_target",
]
