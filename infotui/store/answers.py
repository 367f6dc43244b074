"""Answers: saved with a revision, so two windows never overwrite each other unseen,
and with earlier versions kept, so an erased or overwritten answer can be brought back.

Versions are coalesced, not one per save (the live screen saves every half second
while keys keep coming). The text an answer had is kept as a version when:

- an editing session starts (the first save after the answer was shown),
- it had been left alone for :data:`IDLE_FOR_VERSION` or more,
- the newest version is older than :data:`TRAIL_EVERY` (a long session leaves a trail),
- a save removes :data:`BIG_REMOVAL` characters or more at once (select all, delete),
- it is about to be replaced by a text chosen over it after a conflict.

A save made on top of an older revision (the text changed in another window since
this one read it) replaces nothing: the text it brought is kept as a version, and the
caller is told what the answer says now, to let the user choose or merge.
At most :data:`VERSIONS_KEPT` versions are kept per answer, the oldest going first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

import pendulum
from sqlalchemy import delete, text, update
from sqlmodel import Session, col, select

from infotui.errors import StoreError
from infotui.models import Answer, AnswerVersion, PlanItem
from infotui.store.database import IN_CHUNK, Database
from infotui.views import AnswerState

IDLE_FOR_VERSION = pendulum.duration(seconds=30)
TRAIL_EVERY = pendulum.duration(minutes=5)
BIG_REMOVAL = 20  # characters
VERSIONS_KEPT = 100


class VersionReason(StrEnum):
    EDITED = "edited"  # the text before an editing session, a pause or a big removal
    OTHER_WINDOW = "other window"  # typed here on top of a text changed elsewhere
    REPLACED = "replaced"  # chosen against after a conflict, or before a restore


@dataclass(frozen=True)
class SavedAnswer:
    """What a save did. ``conflict``: the text the answer has, changed elsewhere; the
    text saved was kept as a version instead of replacing it."""

    revision: int
    conflict: str | None = None


@dataclass(frozen=True)
class VersionView:
    id: int
    text: str
    saved_at: pendulum.DateTime
    reason: str


class Answers:
    """What was said: one answer per question of an interview, with its history."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # How long a save waits for another program's write lock. The app saves from
        # its UI thread and tries again 2 s later, so it sets this short: a lock held by
        # another infotui lasts milliseconds; one held longer must not freeze typing.
        self.wait_ms: int | None = None  # None: the database's busy timeout

    @contextmanager
    def _waiting_at_most(self, s: Session, wait_ms: int | None) -> Iterator[None]:
        """Within the session's transaction, wait at most ``wait_ms`` for a lock."""
        if wait_ms is None:
            yield
            return
        if s.get_bind().dialect.name == "postgresql":  # until the transaction ends
            s.execute(text(f"SET LOCAL lock_timeout = {int(wait_ms)}"))
            yield
            return
        if s.get_bind().dialect.name != "sqlite":
            yield
            return
        connection = s.connection()
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_ms)}")
        try:
            yield
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={int(self.db.busy_timeout_ms)}")

    def of(self, interview_id: int) -> dict[int | None, str]:
        """Answer text by question id; the key None holds the general notes."""
        with self.db.session() as s:
            rows = s.exec(select(Answer).where(Answer.interview_id == interview_id))
            return {a.question_id: a.text for a in rows}

    def of_each(self, interview_ids: Sequence[int]) -> dict[int, dict[int | None, str]]:
        """Each interview's answers (as :meth:`of` gives them), read in a few statements."""
        answers: dict[int, dict[int | None, str]] = {}
        with self.db.session() as s:
            for start in range(0, len(interview_ids), IN_CHUNK):
                chunk = interview_ids[start : start + IN_CHUNK]
                rows = s.exec(
                    select(Answer.interview_id, Answer.question_id, Answer.text).where(
                        col(Answer.interview_id).in_(chunk)
                    )
                )
                for interview_id, question_id, text_ in rows:
                    answers.setdefault(interview_id, {})[question_id] = text_
        return answers

    def states(self, interview_id: int) -> dict[int | None, AnswerState]:
        """Text and revision of each answer, by question id (None: the general notes)."""
        with self.db.session() as s:
            rows = s.exec(
                select(Answer.question_id, Answer.text, Answer.revision).where(
                    Answer.interview_id == interview_id
                )
            ).all()
        return {q: AnswerState(text, revision) for q, text, revision in rows}

    def state(self, interview_id: int, question_id: int | None) -> AnswerState:
        """One answer as stored now (empty, revision 0, when there is none yet)."""
        with self.db.session() as s:
            answer = self._answer(s, interview_id, question_id)
        return AnswerState(answer.text, answer.revision) if answer else AnswerState("", 0)

    def save(
        self,
        interview_id: int,
        question_id: int | None,
        text: str,
        *,
        base_revision: int | None = None,
        new_session: bool = False,
    ) -> SavedAnswer:
        """Store the answer to one question (None: the general notes).

        ``base_revision``: the revision the text was typed on; None replaces whatever
        is stored (imports, the demo). ``new_session``: the first save since the answer
        was shown, so its text before is kept as a version.
        """
        return self._write(interview_id, question_id, text, base_revision, new_session)

    def replace(
        self, interview_id: int, question_id: int | None, text: str, *, base_revision: int
    ) -> SavedAnswer:
        """Put ``text`` in place of the answer's revision ``base_revision`` (the one the
        user saw when choosing), keeping the text replaced as a version."""
        return self._write(interview_id, question_id, text, base_revision, None)

    def _write(
        self,
        interview_id: int,
        question_id: int | None,
        text: str,
        base_revision: int | None,
        new_session: bool | None,  # None: a replacement, whose text before is always kept
    ) -> SavedAnswer:
        now = self.db.now()
        with self.db.session() as s:
            with self._waiting_at_most(s, self.wait_ms):
                self._lock_for_write(s, interview_id, question_id)
            answer = self._answer(s, interview_id, question_id, for_update=True)
            if answer is None:  # new (or deleted meanwhile: written again)
                answer = Answer(interview_id=interview_id, question_id=question_id)
            elif answer.text == text:
                return SavedAnswer(answer.revision)
            elif base_revision is not None and base_revision != answer.revision:
                assert answer.id is not None
                self._keep(s, answer.id, text, now, VersionReason.OTHER_WINDOW)
                s.commit()
                return SavedAnswer(answer.revision, conflict=answer.text)
            elif answer.id is not None and answer.text.strip():
                if new_session is None:
                    reason: VersionReason | None = VersionReason.REPLACED
                elif self._worth_a_version(s, answer, text, new_session):
                    reason = VersionReason.EDITED
                else:
                    reason = None
                if reason is not None:
                    self._keep(s, answer.id, answer.text, answer.updated_at, reason)
            answer.text = text
            answer.revision += 1
            answer.updated_at = now
            s.add(answer)
            if question_id is not None and text.strip():
                # A question answered has been asked: ticked with its answer, in the same
                # transaction (a text saved as the app closes is ticked too).
                s.execute(
                    update(PlanItem)
                    .where(
                        col(PlanItem.interview_id) == interview_id,
                        col(PlanItem.question_id) == question_id,
                        col(PlanItem.asked_at).is_(None),
                    )
                    .values(asked_at=now)
                )
            s.commit()
            return SavedAnswer(answer.revision)

    def versions(self, interview_id: int, question_id: int | None) -> list[VersionView]:
        """Earlier texts of one answer, the newest first."""
        with self.db.session() as s:
            answer = self._answer(s, interview_id, question_id)
            if answer is None:
                return []
            rows = s.exec(
                select(AnswerVersion)
                .where(AnswerVersion.answer_id == answer.id)
                .order_by(col(AnswerVersion.saved_at).desc(), col(AnswerVersion.id).desc())
            ).all()
        return [
            VersionView(v.id or 0, v.text, pendulum.instance(v.saved_at), v.reason) for v in rows
        ]

    def version_text(self, version_id: int) -> str:
        with self.db.session() as s:
            return self.db.require(s, AnswerVersion, version_id).text

    # -- highlights ---------------------------------------------------------------

    def set_highlight(self, interview_id: int, question_id: int | None, on: bool) -> None:
        with self.db.session() as s:
            answer = s.exec(
                select(Answer).where(
                    Answer.interview_id == interview_id, Answer.question_id == question_id
                )
            ).first()
            if answer is None or not answer.text.strip():
                raise StoreError("there is no answer to highlight yet")
            answer.highlight = on
            s.add(answer)
            s.commit()

    def highlights(self, interview_id: int) -> list[tuple[str, str]]:
        """(question as asked, answer) for each highlighted answer, in plan order."""
        with self.db.session() as s:
            rows = s.exec(
                select(PlanItem.text, Answer.text)
                .join(
                    Answer,
                    (col(Answer.question_id) == col(PlanItem.question_id))
                    & (col(Answer.interview_id) == col(PlanItem.interview_id)),
                )
                .where(PlanItem.interview_id == interview_id, col(Answer.highlight).is_(True))
                .order_by(col(PlanItem.position))
            ).all()
        return [(q, a) for q, a in rows]

    def highlighted_questions(self, interview_id: int) -> set[int]:
        with self.db.session() as s:
            rows = s.exec(
                select(Answer.question_id).where(
                    Answer.interview_id == interview_id, col(Answer.highlight).is_(True)
                )
            ).all()
        return {q for q in rows if q is not None}

    # -- helpers ------------------------------------------------------------------

    @staticmethod
    def _answer(
        s: Session, interview_id: int, question_id: int | None, *, for_update: bool = False
    ) -> Answer | None:
        query = select(Answer).where(
            Answer.interview_id == interview_id, Answer.question_id == question_id
        )
        if for_update:
            query = query.with_for_update()
        return s.exec(query).first()

    def _worth_a_version(self, s: Session, answer: Answer, text: str, new_session: bool) -> bool:
        if not answer.text.strip():
            return False
        if new_session or len(answer.text) - len(text) >= BIG_REMOVAL:
            return True
        if self.db.now() - pendulum.instance(answer.updated_at) >= IDLE_FOR_VERSION:
            return True
        newest = s.exec(
            select(AnswerVersion.saved_at)
            .where(AnswerVersion.answer_id == answer.id)
            .order_by(col(AnswerVersion.saved_at).desc())
            .limit(1)
        ).first()
        return newest is not None and self.db.now() - pendulum.instance(newest) >= TRAIL_EVERY

    @staticmethod
    def _keep(s: Session, answer_id: int, text: str, saved_at: dt.datetime, reason: str) -> None:
        """Keep one version (not twice the same text in a row), and at most VERSIONS_KEPT."""
        newest = s.exec(
            select(AnswerVersion.text)
            .where(AnswerVersion.answer_id == answer_id)
            .order_by(col(AnswerVersion.id).desc())
            .limit(1)
        ).first()
        if newest != text:
            s.add(AnswerVersion(answer_id=answer_id, text=text, saved_at=saved_at, reason=reason))
            s.flush()
        kept = (
            select(AnswerVersion.id)
            .where(AnswerVersion.answer_id == answer_id)
            .order_by(col(AnswerVersion.id).desc())
            .limit(VERSIONS_KEPT)
        )
        s.execute(
            delete(AnswerVersion).where(
                col(AnswerVersion.answer_id) == answer_id, col(AnswerVersion.id).not_in(kept)
            )
        )

    @staticmethod
    def _lock_for_write(s: Session, interview_id: int, question_id: int | None) -> None:
        """Take the write lock before reading what a write depends on.

        With SQLite, a transaction that reads first and writes later fails at once if
        another process wrote in between; a no-op write first makes it wait its turn
        (the busy timeout) and then read the latest revision. PostgreSQL takes a lock
        on this one answer (a transaction-level advisory lock, which also covers an
        answer not written yet, whose row cannot be locked), so two clients saving the
        same answer take turns, and the second reads the first one's revision. Other
        databases lock the answer's row (``_answer(..., for_update=True)``).
        Once taken, the lock is the session's until it commits: no more waiting.
        """
        dialect = s.get_bind().dialect.name
        if dialect == "sqlite":
            s.execute(update(Answer).where(col(Answer.id) == -1).values(revision=0))
        elif dialect == "postgresql":
            s.execute(
                text("SELECT pg_advisory_xact_lock(:interview, :question)"),
                {"interview": interview_id, "question": -1 if question_id is None else question_id},
            )


__all__ = ["Answers", "SavedAnswer", "StoreError", "VersionReason", "VersionView"]
