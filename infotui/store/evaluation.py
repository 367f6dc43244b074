"""What the Evaluate screen and ``infotui report`` are made from, read in a few queries;
the phrases hidden as noise; the next interview, to plan a question into.

The counting itself is :mod:`infotui.synthesis`'s, which reads no database.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

import pendulum
from sqlalchemy import Connection, bindparam, text

from infotui.models import InterviewStatus, OutreachStatus, Section
from infotui.store.database import Database
from infotui.store.plans import Plans
from infotui.store.settings import Settings
from infotui.synthesis import (
    THEMES,
    BankQuestion,
    Gathered,
    HeldInterview,
    SaidAnswer,
    Synthesis,
    TermCache,
    WaitingReferral,
    clean_phrase,
    said_by_theme,
    stop_words,
    synthesize,
    themes,
)
from infotui.views import stored_instant

T = TypeVar("T")
HIDDEN_PHRASES = "hidden_phrases"  # the setting: a JSON list of folded phrases

INTERVIEWS_SQL = text(
    "SELECT i.id, c.id, c.name, c.company, c.role, c.field, i.started_at, d.fit_score,"
    " d.skills_score, d.values_score, d.interests_score, d.fit_notes, d.next_steps"
    " FROM interview i JOIN contact c ON c.id = i.contact_id"
    " LEFT JOIN debrief d ON d.interview_id = i.id"
    " WHERE i.status = :done ORDER BY i.started_at, i.id"
)
THEMES_SQL = text("SELECT id, key, text FROM question WHERE key IN :keys").bindparams(
    bindparam("keys", expanding=True)
)
# The answers to the main questions in finished interviews, without their text: what
# each is (its revision goes up with every change of the text) tells which texts to read.
SAID_SQL = text(
    "SELECT a.id, a.interview_id, a.question_id, q.key, a.revision, a.updated_at"
    " FROM interview i JOIN answer a ON a.interview_id = i.id"
    " JOIN question q ON q.id = a.question_id"
    " WHERE q.key IN :keys AND i.status = :done ORDER BY i.started_at, i.id"
).bindparams(bindparam("keys", expanding=True))
# What changes when any of those answers changes, is added or goes (a text saved moves its
# revision and the newest updated_at; a finished interview changed moves the newest of
# theirs): while it stays the same, the answers read last time are the answers.
SAID_MARK_SQL = text(
    "SELECT COUNT(*), SUM(a.id), SUM(a.revision), MAX(a.updated_at), MAX(i.updated_at)"
    " FROM interview i JOIN answer a ON a.interview_id = i.id"
    " JOIN question q ON q.id = a.question_id WHERE q.key IN :keys AND i.status = :done"
).bindparams(bindparam("keys", expanding=True))
TEXTS_SQL = text("SELECT id, text FROM answer WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
TEXTS_AT_ONCE = 250  # answers whose text one step of the counting reads
ANSWERS_AT_ONCE = 16  # answers whose words one step of the counting finds
REFERRALS_SQL = text(
    "SELECT c.id, c.name, c.company, r.name FROM contact c"
    " JOIN contact r ON r.id = c.referred_by_id WHERE c.status = :waiting ORDER BY c.name"
)
PLANNED_SQL = text("SELECT question_id FROM planitem WHERE interview_id = :interview")
NEXT_SQL = text(
    "SELECT i.id, c.id, c.name, i.scheduled_at, i.created_at FROM interview i"
    " JOIN contact c ON c.id = i.contact_id WHERE i.status = :planned"
)
BANK_SQL = text("SELECT id, text, section, position FROM question WHERE archived = :no")
# How many interviews asked each question: its answers (one per interview at most), and
# the interviews that ticked it in their plan without an answer to it (both read from
# indexes, without the answers' text).
ASKED_SQL = text(
    "SELECT question_id, SUM(n) FROM ("
    " SELECT question_id, COUNT(*) AS n FROM answer WHERE question_id IS NOT NULL"
    " GROUP BY question_id"
    " UNION ALL"
    " SELECT p.question_id, COUNT(DISTINCT p.interview_id) FROM planitem p"
    " WHERE p.asked_at IS NOT NULL AND p.question_id IS NOT NULL AND NOT EXISTS ("
    " SELECT 1 FROM answer a WHERE a.interview_id = p.interview_id"
    " AND a.question_id = p.question_id)"
    " GROUP BY p.question_id"
    ") AS asked GROUP BY question_id"
)


@dataclass(frozen=True)
class NextInterview:
    interview_id: int
    contact_id: int
    name: str
    scheduled_at: pendulum.DateTime | None


class Evaluation:
    """Reads for the synthesis across interviews, and the user's choices about it."""

    def __init__(self, db: Database, plans: Plans, settings: Settings) -> None:
        self.db = db
        self.plans = plans
        self.settings = settings
        # The words each answer says, and each question's phrases, kept while the
        # answers stay the same: a later look counts only what changed.
        self.said = TermCache()
        # The answers read, by id: what each was (see SAID_SQL) and its text. A later
        # look reads again only the texts of answers new or changed since.
        self._texts: dict[int, tuple[tuple[Any, ...], SaidAnswer]] = {}
        self._said_last: tuple[tuple[Any, ...], list[SaidAnswer]] | None = None
        # The finished interviews read, by their row: the same row, the same record.
        self._held: dict[tuple[Any, ...], HeldInterview] = {}
        self._counted_once = False

    @property
    def counted_before(self) -> bool:
        """Whether every answer has been counted once: from then on a look counts only
        what changed since, quickly (on a large database the first counting takes a
        second or two)."""
        return self._counted_once

    def synthesis(self, by: str = "field", *, count: bool = True) -> Synthesis:
        """The synthesis; without ``count``, all but what they said (quick to read)."""
        gathered = self.gather(answers=False)
        if not count:
            return synthesize(gathered, by=by, count=False)
        return _finish(self.counting(gathered, by))

    def counting(self, gathered: Gathered, by: str = "field") -> Generator[None, None, Synthesis]:
        """The synthesis of what :meth:`gather` read without the answers, with what was
        said, worked out a step at a time: each ``next()`` reads a few hundred answers, or
        finds the words of a few, or ranks one question's phrases (a few milliseconds
        each), so that whoever drives it (the Evaluate screen, between frames) stays
        responsive. Only what changed since the last count is read and counted again."""
        said, changed = yield from self._reading_said()
        gathered = replace(gathered, answers=said)
        stop = stop_words()
        if changed:  # else each answer's words and each question's phrases are known
            for n, answer in enumerate(said, 1):
                self.said.terms(answer, stop)
                if n % ANSWERS_AT_ONCE == 0:
                    yield
            by_theme = said_by_theme(gathered)
            for key in THEMES:
                answers = by_theme.get(key, [])
                self.said.counts(key, answers, [self.said.terms(a, stop) for a in answers])
                yield
                themes(gathered, stop, cache=self.said, keys=(key,))  # ranked and kept
                yield
        synthesis = synthesize(gathered, by=by, stop=stop, cache=self.said)
        self._counted_once = True
        return synthesis

    def gather(self, *, answers: bool = True) -> Gathered:
        """The finished interviews and their debriefs, the answers to the main questions
        (unless not wanted), the referrals waiting, and how often each question of the
        bank was asked."""
        coming = self.next_interview()
        keys = self._keys()
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            interviews = self._interviews(conn, keys)
            theme_questions = {
                key: (qid, wording) for qid, key, wording in conn.execute(THEMES_SQL, keys).all()
            }
            referrals = [
                WaitingReferral(c, n, co or "", by or "")
                for c, n, co, by in conn.execute(
                    REFERRALS_SQL, {"waiting": OutreachStatus.TO_CONTACT.value}
                ).all()
            ]
            asked = {qid: int(n) for qid, n in conn.execute(ASKED_SQL).all()}
            planned: set[int] = set()
            if coming is not None:
                found = conn.execute(PLANNED_SQL, {"interview": coming.interview_id}).all()
                planned = {qid for (qid,) in found}
            bank = conn.execute(BANK_SQL, {"no": False}).all()
        order = {section.value: n for n, section in enumerate(Section)}  # main questions first
        bank = sorted(bank, key=lambda q: (order.get(q[2], len(order)), q[3], q[0]))
        questions = [
            BankQuestion(qid, wording, asked.get(qid, 0), qid in planned)
            for qid, wording, _, _ in bank
        ]
        return Gathered(
            interviews=interviews,
            answers=_finish(self._reading_said())[0] if answers else [],
            referrals=referrals,
            questions=questions,
            theme_questions=theme_questions,
            hidden=frozenset(self.hidden_phrases()),
            next_interview=coming.name if coming else None,
        )

    @staticmethod
    def _keys() -> dict[str, Any]:
        return {"keys": list(THEMES), "done": InterviewStatus.DONE.value}

    def _reading_said(self) -> Generator[None, None, tuple[list[SaidAnswer], bool]]:
        """The answers to the main questions in finished interviews, oldest interview
        first, and whether any changed since the last look; only the texts of those new
        or changed since are read, a few hundred a step (a connection each: none is held
        between steps)."""
        keys = self._keys()
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            mark = tuple(conn.execute(SAID_MARK_SQL, keys).one())
        last = self._said_last
        if last is not None and last[0] == mark:
            return list(last[1]), False
        yield
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            rows = conn.execute(SAID_SQL, keys).all()
        known = self._texts
        wanted = [row[0] for row in rows if known.get(row[0], ((),))[0] != tuple(row[1:])]
        texts: dict[int, str] = {}
        for start in range(0, len(wanted), TEXTS_AT_ONCE):
            yield
            ids = wanted[start : start + TEXTS_AT_ONCE]
            with self.db.translate_errors(), self.db.engine.connect() as conn:
                texts.update((i, t) for i, t in conn.execute(TEXTS_SQL, {"ids": ids}).all())
        kept: dict[int, tuple[tuple[Any, ...], SaidAnswer]] = {}
        said = []
        for answer_id, interview_id, question_id, key, *changed in rows:
            what = (interview_id, question_id, key, *changed)
            found = known.get(answer_id)
            if found is None or found[0] != what:
                if answer_id not in texts:
                    continue  # deleted since the first read
                found = (what, SaidAnswer(interview_id, question_id, key, texts[answer_id]))
            kept[answer_id] = found
            if found[1].text:
                said.append(found[1])
        self._texts = kept
        self._said_last = (mark, said)
        return list(said), True

    def _interviews(self, conn: Connection, keys: dict[str, Any]) -> list[HeldInterview]:
        known = self._held
        kept = {}
        for row in conn.execute(INTERVIEWS_SQL, keys).all():
            found = known.get(tuple(row))
            kept[tuple(row)] = found if found is not None else _held(row)
        self._held = kept
        return list(kept.values())

    # -- phrases hidden as noise -------------------------------------------------------

    def hidden_phrases(self) -> list[str]:
        raw = self.settings.get(HIDDEN_PHRASES)
        try:
            found = json.loads(raw) if raw else []
        except ValueError:
            return []  # not written by infotui: as if nothing were hidden
        return sorted({clean_phrase(p) for p in found if isinstance(p, str) and p.strip()})

    def hide_phrase(self, phrase: str) -> None:
        """Leave a word or phrase out of the counting from now on (screen and report)."""
        hidden = set(self.hidden_phrases()) | {clean_phrase(phrase)}
        self.settings.set(HIDDEN_PHRASES, json.dumps(sorted(hidden), ensure_ascii=False))

    def show_phrase(self, phrase: str) -> None:
        """Count a hidden word or phrase again."""
        hidden = set(self.hidden_phrases()) - {clean_phrase(phrase)}
        self.settings.set(HIDDEN_PHRASES, json.dumps(sorted(hidden), ensure_ascii=False))

    # -- the next interview -------------------------------------------------------------

    def next_interview(self) -> NextInterview | None:
        """The next planned interview: the soonest booked from now on; else one planned
        without a date yet (the latest made). None when nothing is planned."""
        now = self.db.now()
        planned = {"planned": InterviewStatus.PLANNED.value}
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            rows = [
                (i, c, name, stored_instant(at), stored_instant(made))
                for i, c, name, at, made in conn.execute(NEXT_SQL, planned).all()
            ]
        booked = [r for r in rows if r[3] is not None and r[3] >= now]
        unbooked = [r for r in rows if r[3] is None]
        if booked:
            found = min(booked, key=lambda r: (r[3], r[0]))
        elif unbooked:
            found = max(unbooked, key=lambda r: (r[4], r[0]))
        else:
            return None
        interview_id, contact_id, name, at, _ = found
        return NextInterview(interview_id, contact_id, name, at)

    def plan_for_next(self, question_id: int) -> tuple[NextInterview | None, bool]:
        """Add a question of the bank to the next interview's plan: (that interview, or
        None when nothing is planned; whether it was added, False if already there)."""
        coming = self.next_interview()
        if coming is None:
            return None, False
        return coming, self.plans.add_bank_question(coming.interview_id, question_id)


def _finish(steps: Generator[None, None, T]) -> T:
    """Run every step at once; what the last gives."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return cast(T, done.value)


def _held(r: Any) -> HeldInterview:
    """A row of :data:`INTERVIEWS_SQL` (a missing debrief reads as empty)."""
    return HeldInterview(r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "",
                         stored_instant(r[6]), r[7], r[8], r[9], r[10], r[11] or "",
                         r[12] or "")  # fmt: skip
