"""What the Evaluate screen and ``infotui report`` are made from, read in a few queries;
the phrases hidden as noise; the next interview, to plan a question into.

The counting itself is :mod:`infotui.synthesis`'s, which reads no database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pendulum
from sqlalchemy import bindparam, text

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
    synthesize,
)
from infotui.views import stored_instant

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
ANSWERS_SQL = text(
    "SELECT a.interview_id, a.question_id, q.key, a.text FROM interview i"
    " JOIN answer a ON a.interview_id = i.id JOIN question q ON q.id = a.question_id"
    " WHERE q.key IN :keys AND i.status = :done AND a.text <> ''"
    " ORDER BY i.started_at, i.id"
).bindparams(bindparam("keys", expanding=True))
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
# How many interviews asked each question: its plan item ticked, or an answer written
# (read from the answers' unique index, without their text).
ASKED_SQL = text(
    "SELECT question_id, COUNT(DISTINCT interview_id) FROM ("
    " SELECT question_id, interview_id FROM planitem WHERE asked_at IS NOT NULL"
    " UNION"
    " SELECT question_id, interview_id FROM answer WHERE question_id IS NOT NULL"
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
        # The words each answer says, kept while its text stays the same: a second look
        # reads the answers again but counts only what changed.
        self.said = TermCache()

    @property
    def reads_from_threads(self) -> bool:
        """Whether :meth:`gather` may run in another thread while the app uses the store:
        a file or a server gives each thread its own connection; an in-memory database
        has one connection only."""
        return not (self.db.path is None and self.db.engine.dialect.name == "sqlite")

    def synthesis(self, by: str = "field", *, count: bool = True) -> Synthesis:
        """The synthesis; without ``count``, all but what they said (quick to read)."""
        return synthesize(self.gather(answers=count), by=by, cache=self.said, count=count)

    def gather(self, *, answers: bool = True) -> Gathered:
        """The finished interviews and their debriefs, the answers to the main questions
        (unless not wanted), the referrals waiting, and how often each question of the
        bank was asked."""
        coming = self.next_interview()
        keys = {"keys": list(THEMES), "done": InterviewStatus.DONE.value}
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            interviews = [_held(row) for row in conn.execute(INTERVIEWS_SQL, keys).all()]
            theme_questions = {
                key: (qid, wording) for qid, key, wording in conn.execute(THEMES_SQL, keys).all()
            }
            said = conn.execute(ANSWERS_SQL, keys).all() if answers else []
            referrals = [
                WaitingReferral(c, n, co or "", by or "")
                for c, n, co, by in conn.execute(
                    REFERRALS_SQL, {"waiting": OutreachStatus.TO_CONTACT.value}
                ).all()
            ]
            asked = {qid: n for qid, n in conn.execute(ASKED_SQL).all()}
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
            answers=[SaidAnswer(*row) for row in said],
            referrals=referrals,
            questions=questions,
            theme_questions=theme_questions,
            hidden=frozenset(self.hidden_phrases()),
            next_interview=coming.name if coming else None,
        )

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


def _held(r: Any) -> HeldInterview:
    """A row of :data:`INTERVIEWS_SQL` (a missing debrief reads as empty)."""
    return HeldInterview(r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "",
                         stored_instant(r[6]), r[7], r[8], r[9], r[10], r[11] or "",
                         r[12] or "")  # fmt: skip
