"""A quick, read-only first look at the database, for the moment infotui opens.

Loading the database layer (SQLAlchemy, SQLModel, pydantic) takes longer than
Textual takes to start. The live screen needs only a few reads to show the
contact list and the interview in progress, so those are answered here with
the ``sqlite3`` module while the store loads; the screen hands over to the
store before anything is written. Every write goes through the store.

Only a database this infotui made, at its current schema, is read here;
anything else (a new or missing file, an older schema that needs upgrading,
a file that is not infotui's) gets ``None`` from :meth:`FirstLook.open`, and
the app waits for the store, which explains or fixes what is wrong.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from infotui.contact_index import FTS5, ContactPages
from infotui.dbfile import (
    SCHEMA_VERSION,
    VERSION_KEY,
    VERSION_TABLE,
    header_problem,
    read_header,
    store_error,
    unwritable,
)
from infotui.views import (
    AnswerState,
    ContactSummary,
    FoundPage,
    InterviewStatus,
    InterviewView,
    PlanEntry,
    latest_order,
    resume_order,
    stored_instant,
)

IN_PROGRESS, PLANNED = InterviewStatus.IN_PROGRESS.value, InterviewStatus.PLANNED.value
_NOT_READ = object()
Read = TypeVar("Read", bound=Callable[..., object])


def _read_ahead_first(method: Read) -> Read:
    """Hand out what read_ahead() read for these arguments, once; else read now.

    A failed read is a StoreError, as it would be from the store.
    """

    @functools.wraps(method)
    def read(self: FirstLook, *args: object) -> object:
        ready = self._ready.pop((method.__name__, *args), _NOT_READ)
        if ready is not _NOT_READ:
            return ready
        try:
            return method(self, *args)
        except sqlite3.Error as error:
            raise store_error(error, self.path, 1000) from None

    return read  # type: ignore[return-value]


class FirstLook:
    """The live screen's reads (:class:`~infotui.views.LiveReads`), straight from the
    file; never writes."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self._ready: dict[tuple[object, ...], object] = {}  # read ahead, handed out once

    def read_ahead(self, first_contacts: int) -> None:
        """Read what the live screen asks for first, in a thread before it is built.

        Each answer read ahead is handed out once; later calls read the file again.
        """
        self._ready["first_contacts", first_contacts] = self.first_contacts(first_contacts)
        running = self._ready["open_interview",] = self.open_interview()
        if running is not None:
            self._ready["contact", running.contact_id] = self.contact(running.contact_id)
            self._ready["plan", running.id] = self.plan(running.id)
            self._ready["answer_states", running.id] = self.answer_states(running.id)
            self._ready["highlighted_questions", running.id] = self.highlighted_questions(
                running.id
            )

    @classmethod
    def open(cls, path: Path) -> FirstLook | None:
        """A read-only look at an infotui database at the current schema, or None."""
        try:
            header, size = read_header(path)  # before this process connects to it
        except OSError:
            return None
        if size == 0 or header_problem(path, header, size):
            return None
        try:
            if unwritable(path):
                # The store refuses it, saying why; a read-only connection would make its
                # -wal and -shm with the file's mode (0400), which later writes need.
                return None
        except OSError:
            return None
        conn = None
        try:
            conn = sqlite3.connect(
                f"{path.as_uri()}?mode=ro", uri=True, timeout=1.0, check_same_thread=False
            )
            row = conn.execute(
                f"SELECT value FROM {VERSION_TABLE} WHERE key = ?", (VERSION_KEY,)
            ).fetchone()
            if row is None or str(row[0]) != str(SCHEMA_VERSION):
                conn.close()
                return None
        except sqlite3.Error:
            if conn is not None:
                conn.close()
            return None
        return cls(path, conn)

    def close(self) -> None:
        self._conn.close()

    # -- the reads the live screen makes, answered as the store answers them -----------

    def _rows(self, sql: str, params: dict[str, Any] | None = None, /) -> list[Any]:
        return self._conn.execute(sql, params or {}).fetchall()

    @_read_ahead_first
    def first_contacts(self, limit: int) -> tuple[list[ContactSummary], int]:
        """The first contacts of the list, and how many there are in all."""
        return self.contact_page("", 0, limit), self.contact_count("")

    @_read_ahead_first
    def contact_page(self, query: str, offset: int, limit: int) -> list[ContactSummary]:
        return ContactPages(self._rows, grams=FTS5).page(query, offset, limit)

    @_read_ahead_first
    def contact_first_page(self, query: str, limit: int) -> FoundPage:
        return ContactPages(self._rows, grams=FTS5).first_page(query, limit)

    def contact_page_before_count(self, query: str, limit: int) -> FoundPage | list[ContactSummary]:
        try:
            return ContactPages(self._rows, grams=FTS5).page_before_count(query, limit)
        except sqlite3.Error as error:
            raise store_error(error, self.path, 1000) from None

    def contact_count(self, query: str) -> int:
        return ContactPages(self._rows, grams=FTS5).count(query)

    def contacts_mark(self) -> tuple[int, int]:
        try:
            return ContactPages(self._rows).mark()
        except sqlite3.Error as error:
            raise store_error(error, self.path, 1000) from None

    @_read_ahead_first
    def contact_found(self, contact_id: int, query: str) -> bool:
        return ContactPages(self._rows, grams=FTS5).has(contact_id, query)

    @_read_ahead_first
    def contact(self, contact_id: int) -> ContactSummary | None:
        sql = "SELECT id, name, company, role, field FROM contact WHERE id = ?"
        row = self._conn.execute(sql, (contact_id,)).fetchone()
        return ContactSummary(*row) if row else None

    def _interviews(self, where: str, *args: object) -> list[InterviewView]:
        sql = f"SELECT {InterviewView.COLUMNS} FROM interview WHERE {where}"
        return [InterviewView.from_row(row) for row in self._conn.execute(sql, args)]

    def interview(self, interview_id: int) -> InterviewView | None:
        rows = self._interviews("id = ?", interview_id)
        return rows[0] if rows else None

    @_read_ahead_first
    def open_interview(self, contact_id: int | None = None) -> InterviewView | None:
        if contact_id is None:
            rows = self._interviews("status = ?", IN_PROGRESS)
        else:
            rows = self._interviews(
                "status IN (?, ?) AND contact_id = ?", IN_PROGRESS, PLANNED, contact_id
            )
        rows.sort(key=resume_order)
        return rows[0] if rows else None

    def last_interview(self, contact_id: int) -> InterviewView | None:
        rows = self._interviews("contact_id = ?", contact_id)
        rows.sort(key=latest_order)
        return rows[-1] if rows else None

    @_read_ahead_first
    def plan(self, interview_id: int) -> list[PlanEntry]:
        sql = (
            "SELECT p.id, p.question_id, p.text, q.hint, p.position, p.starred, p.asked_at,"
            " q.closing, p.minutes FROM planitem p JOIN question q ON q.id = p.question_id"
            " WHERE p.interview_id = ? ORDER BY p.position, p.id"
        )
        entries = []
        for row in self._conn.execute(sql, (interview_id,)):
            id_, question_id, text, hint, position, starred, asked_at, closing, minutes = row
            entries.append(
                PlanEntry(
                    id=id_,
                    question_id=question_id,
                    text=text,
                    hint=hint,
                    position=position,
                    starred=bool(starred),
                    asked_at=stored_instant(asked_at),
                    closing=bool(closing),
                    minutes=minutes,
                )
            )
        return entries

    @_read_ahead_first
    def answer_states(self, interview_id: int) -> dict[int | None, AnswerState]:
        sql = "SELECT question_id, text, revision FROM answer WHERE interview_id = ?"
        rows = self._conn.execute(sql, (interview_id,))
        return {q: AnswerState(text, revision) for q, text, revision in rows}

    @_read_ahead_first
    def answer_state(self, interview_id: int, question_id: int | None) -> AnswerState:
        sql = "SELECT text, revision FROM answer WHERE interview_id = ? AND question_id IS ?"
        row = self._conn.execute(sql, (interview_id, question_id)).fetchone()
        return AnswerState(*row) if row else AnswerState("", 0)

    @_read_ahead_first
    def highlighted_questions(self, interview_id: int) -> set[int]:
        sql = "SELECT question_id FROM answer WHERE interview_id = ? AND highlight"
        return {q for (q,) in self._conn.execute(sql, (interview_id,)) if q is not None}
