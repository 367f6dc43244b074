"""What the Evaluate screen and ``infotui report`` are made from, read in a few queries;
the phrases hidden as noise; the next interview, to plan a question into.

The counting itself is :mod:`infotui.synthesis`'s, which reads no database.

Counting every answer's words takes about a second on a large database, so each main
question's counting is kept twice over: in memory, for as long as the store is open (a
later look counts again only the answers changed since), and in the database (table
``saidcount``: the terms said most, which answers say each, and how it is written), for
the next start. What is kept is derived data, used only while its mark (a digest of which
answers the question has, each one's revision and when it was saved, and how the
counting is done) is the mark of the answers as they are now; else, or when it does not
fit them, the question is counted again and kept anew. It is written by the counting, at
most once per question and change: an answer's save does not touch it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Generator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from sys import intern
from typing import Any, TypeVar, cast

import pendulum
from sqlalchemy import Connection, bindparam, text

from infotui.errors import StoreError
from infotui.models import InterviewStatus, OutreachStatus, Section
from infotui.store.database import Database
from infotui.store.plans import Plans
from infotui.store.settings import Settings
from infotui.synthesis import (
    KEPT_TERMS,
    PHRASES_SHOWN,
    THEMES,
    TIES_KEPT,
    BankQuestion,
    Counted,
    Gathered,
    HeldInterview,
    Phrase,
    SaidAnswer,
    Synthesis,
    TermCache,
    WaitingReferral,
    clean_phrase,
    stop_words,
    synthesize,
    terms,
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
# Each main question's counting kept from the last start (table saidcount): valid while
# its mark is the mark of the question's answers as they are now (see _theme_mark).
KEPT_SQL = text("SELECT theme, mark, counted FROM saidcount WHERE theme IN :keys").bindparams(
    bindparam("keys", expanding=True)
)
KEEP_SQL = text(
    "INSERT INTO saidcount (theme, mark, counted) VALUES (:theme, :mark, :counted)"
    " ON CONFLICT (theme) DO UPDATE SET mark = excluded.mark, counted = excluded.counted"
)
COUNTING = 1  # the counting's version: one kept by another version is counted again
FEW_AT_ONCE = 64  # answers an opening counts at once (more: counted a step at a time)
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


Row = tuple[Any, ...]  # a row of SAID_SQL: id, interview, question, key, revision, saved


class Evaluation:
    """Reads for the synthesis across interviews, and the user's choices about it."""

    def __init__(self, db: Database, plans: Plans, settings: Settings) -> None:
        self.db = db
        self.plans = plans
        self.settings = settings
        # Each question's phrases, kept while its answers stay the same. The words of each
        # answer are not kept once counted: mostly phrases said once, they took 800 MB at
        # 40,000 answers. A question whose answers changed is counted again whole (its
        # texts read again only where they changed, from those kept below).
        self.said = TermCache()
        # The texts read, by answer id, with what each answer was (see SAID_SQL) when
        # read. A later look reads again only the texts of answers new or changed since.
        self._texts: dict[int, tuple[Row, str]] = {}
        # The answers (SAID_SQL's rows, by question) and each question's mark, read last.
        self._said_last: tuple[tuple[Any, ...], dict[str, list[Row]], dict[str, str]] | None
        self._said_last = None
        # Each question's counting, with the mark of the answers it counted.
        self._counts: dict[str, tuple[str, Counted]] = {}
        # The finished interviews read, by their row: the same row, the same record.
        self._held: dict[tuple[Any, ...], HeldInterview] = {}

    def synthesis(self, by: str = "field", *, count: bool = True) -> Synthesis:
        """The synthesis; without ``count``, all but what they said (quick to read)."""
        gathered = self.gather(answers=False)
        if not count:
            return synthesize(gathered, by=by, count=False)
        return _finish(self.counting(gathered, by))

    def at_once(self, by: str = "field") -> tuple[Gathered, Synthesis | None]:
        """What :meth:`gather` reads without the answers, and the synthesis when it is
        quick to make: each question's answers counted as they are now, in this store or
        in the database (kept from an earlier start), or a question whose answers changed
        since counted now, when it has only a few. None when more are to be read and
        counted first: then :meth:`counting` counts them, a step at a time."""
        gathered = self.gather(answers=False)
        said, marks = _finish(self._reading_said())
        # A question counted again has the words of every answer to it found again.
        stale = self._stale(said, marks, gathered.hidden)
        if sum(len(said.get(key, [])) for key in stale) > FEW_AT_ONCE:
            return gathered, None
        return gathered, _finish(self.counting(gathered, by))

    def counting(self, gathered: Gathered, by: str = "field") -> Generator[None, None, Synthesis]:
        """The synthesis of what :meth:`gather` read without the answers, with what was
        said, worked out a step at a time: each ``next()`` reads a few hundred answers, or
        finds the words of a few, or counts or ranks one question's (a few milliseconds
        each), so that whoever drives it (the Evaluate screen, between frames) stays
        responsive. A question whose answers did not change since they were last counted
        (in this store, or before a restart: the counting is kept in the database) is not
        counted again; of one whose answers changed, only the new or changed ones' texts
        are read and their words found again."""
        said, marks = yield from self._reading_said()
        stop = stop_words()
        keep: dict[str, tuple[str, str]] = {}  # written once every question is counted
        for key in self._stale(said, marks, gathered.hidden):
            counted = yield from self._recounting(said.get(key, []), stop)
            yield
            kept = counted.kept()
            made = self._lean(counted, kept, gathered.hidden)
            del counted  # every term of every answer: let go before the next is counted
            self._counts[key] = (marks[key], made)
            themes(gathered, stop, cache=self.said, keys=(key,), counted={key: made})
            yield  # ranked, and kept in the cache
            keep[key] = (marks[key], json.dumps(kept, ensure_ascii=False, separators=(",", ":")))
            yield
        if keep:
            self._keep(keep)
        counts = {key: counted for key, (_, counted) in self._counts.items()}
        return synthesize(gathered, by=by, stop=stop, cache=self.said, counted=counts)

    def _stale(self, said: dict[str, list[Row]], marks: dict[str, str],
               hidden: frozenset[str]) -> list[str]:  # fmt: skip
        """The main questions whose answers are to be counted (again): neither counted in
        this store as they are now, nor kept so in the database (read here), nor enough
        kept to rank them with these phrases hidden."""
        stale = [key for key in THEMES if self._counts.get(key, ("",))[0] != marks[key]]
        if stale:
            self._restore(stale, said, marks)
        return [
            key
            for key in THEMES
            if (found := self._counts.get(key)) is None
            or found[0] != marks[key]
            or not (found[1].complete or found[1].ranked(hidden, PHRASES_SHOWN) is not None)
        ]

    def _restore(self, keys: list[str], said: dict[str, list[Row]], marks: dict[str, str]) -> None:
        """The countings of these questions kept in the database, those still valid."""
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            kept = conn.execute(KEPT_SQL, {"keys": keys}).all()
        for key, mark, stored in kept:
            if key not in marks or mark != marks[key]:
                continue  # its answers changed since: counted again
            answers = {row[0]: self._said_answer(row) for row in said.get(key, [])}
            try:
                counted = Counted.restored(answers, json.loads(stored))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # not what infotui keeps: counted again
            self._counts[key] = (mark, counted)

    @staticmethod
    def _lean(counted: Counted, kept: dict[str, Any], hidden: frozenset[str]) -> Counted:
        """What is held of a question's counting: the terms of the highest counts, as a
        store keeps them (each answer's words and every term's count are let go), unless
        the phrases hidden leave too few of them to rank."""
        lean = Counted.restored(
            {a.answer_id: a for a in counted.answers if a.answer_id is not None}, kept
        )
        return lean if lean.ranked(hidden, PHRASES_SHOWN) is not None else counted

    def _said_answer(self, row: Row) -> SaidAnswer:
        """An answer of SAID_SQL, with its text if read already (else "")."""
        known = self._texts.get(row[0])
        said = known[1] if known is not None and known[0] == tuple(row[1:]) else ""
        return SaidAnswer(row[1], row[2], row[3], said, row[0])

    def _keep(self, countings: dict[str, tuple[str, str]]) -> None:
        """Keep these questions' countings (their mark, and what is kept of each) in the
        database for the next start, in one transaction. It is derived data: not kept (a
        database busy, read-only), the next start counts again."""
        rows = [{"theme": key, "mark": mark, "counted": kept}
                for key, (mark, kept) in countings.items()]  # fmt: skip
        try:
            with self.db.translate_errors(), self.db.engine.begin() as conn:
                conn.execute(KEEP_SQL, rows)
        except StoreError:
            pass

    def _recounting(
        self, rows: Sequence[Row], stop: frozenset[str]
    ) -> Generator[None, None, Counted]:
        """One question's answers counted: the texts not read yet read, a few hundred a
        step, and the words of those with something written found, a few a step."""
        answers = yield from self._reading_texts(rows)
        said = []
        for n, answer in enumerate(answers, 1):
            # Each term one string however many answers say it; the words of each answer
            # are not kept once counted (see __init__).
            said.append({intern(term) for term in terms(answer.text, stop)})
            if n % ANSWERS_AT_ONCE == 0:
                yield
        yield
        return Counted.of(answers, said)

    def _reading_texts(self, rows: Sequence[Row]) -> Generator[None, None, list[SaidAnswer]]:
        """These answers with their text, those with something written: only the texts
        not read yet, or changed since, are read (a connection a step: none is held
        between steps)."""
        known = self._texts
        wanted = [row[0] for row in rows if known.get(row[0], ((),))[0] != tuple(row[1:])]
        listed = {row[0]: row for row in rows}
        for start in range(0, len(wanted), TEXTS_AT_ONCE):
            yield
            ids = wanted[start : start + TEXTS_AT_ONCE]
            with self.db.translate_errors(), self.db.engine.connect() as conn:
                found: dict[int, str] = dict(conn.execute(TEXTS_SQL, {"ids": ids}).all())
            for answer_id, said in found.items():
                known[answer_id] = (tuple(listed[answer_id][1:]), said)
        answers = []
        for row in rows:
            text = known.get(row[0])
            if text is None or text[0] != tuple(row[1:]):
                continue  # deleted since it was listed
            if text[1].strip():
                answers.append(SaidAnswer(row[1], row[2], row[3], text[1], row[0]))
        return answers

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
        said: list[SaidAnswer] = []
        if answers:  # by question, oldest interview first
            rows = [row for found in _finish(self._reading_said())[0].values() for row in found]
            said = _finish(self._reading_texts(rows))
        return Gathered(
            interviews=interviews,
            answers=said,
            referrals=referrals,
            questions=questions,
            theme_questions=theme_questions,
            hidden=frozenset(self.hidden_phrases()),
            next_interview=coming.name if coming else None,
        )

    @staticmethod
    def _keys() -> dict[str, Any]:
        return {"keys": list(THEMES), "done": InterviewStatus.DONE.value}

    def _reading_said(self) -> Generator[None, None, tuple[dict[str, list[Row]], dict[str, str]]]:
        """The answers to the main questions in finished interviews (SAID_SQL's rows, by
        question, oldest interview first), without their text, and each question's mark
        (:func:`_theme_mark`); read again only when any of them changed since the last
        look (SAID_MARK_SQL)."""
        keys = self._keys()
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            mark = tuple(conn.execute(SAID_MARK_SQL, keys).one())
        last = self._said_last
        if last is not None and last[0] == mark:
            return last[1], last[2]
        yield
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            rows = conn.execute(SAID_SQL, keys).all()
        said: dict[str, list[Row]] = {}
        for row in rows:
            said.setdefault(row[3], []).append(tuple(row))
        stop = stop_words()
        marks = {key: _theme_mark(said.get(key, []), stop) for key in THEMES}
        listed = {row[0] for row in rows}
        self._texts = {i: t for i, t in self._texts.items() if i in listed}
        self._said_last = (mark, said, marks)
        return said, marks

    def _interviews(self, conn: Connection, keys: dict[str, Any]) -> list[HeldInterview]:
        known = self._held
        kept = {}
        for row in conn.execute(INTERVIEWS_SQL, keys).all():
            found = known.get(tuple(row))
            kept[tuple(row)] = found if found is not None else _held(row)
        self._held = kept
        return list(kept.values())

    def with_texts(self, phrase: Phrase) -> Phrase:
        """The phrase with the text of each answer saying it (a counting kept from an
        earlier start was shown without reading any)."""
        unread = [m.answer_id for m in phrase.mentions if not m.answer and m.answer_id]
        if not unread:
            return phrase
        texts: dict[int, str] = {}
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            for start in range(0, len(unread), TEXTS_AT_ONCE):
                ids = unread[start : start + TEXTS_AT_ONCE]
                texts.update(conn.execute(TEXTS_SQL, {"ids": ids}).all())
        mentions = tuple(
            replace(m, answer=texts.get(m.answer_id, "")) if m.answer_id in texts else m
            for m in phrase.mentions
        )
        return replace(phrase, mentions=mentions)

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


def _theme_mark(rows: Sequence[Row], stop: frozenset[str]) -> str:
    """What a question's answers are, in a few characters: which answers in which order,
    each one's revision and when saved (a text saved changes them), and how they are
    counted (the stop words, this version of the counting, what is kept of it)."""
    what = [(r[0], r[1], r[2], r[4], str(r[5])) for r in rows]
    counting = (COUNTING, KEPT_TERMS, TIES_KEPT, _digest_of_stop_words(stop))
    return hashlib.sha256(repr((counting, what)).encode()).hexdigest()


@lru_cache(maxsize=2)
def _digest_of_stop_words(stop: frozenset[str]) -> str:
    return hashlib.sha256("\n".join(sorted(stop)).encode()).hexdigest()


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
