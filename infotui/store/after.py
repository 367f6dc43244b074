"""After the interview: highlights, the debrief, the thank-you, referrals, search, compare."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import col, select

from infotui import search
from infotui.errors import StoreError
from infotui.models import (
    Answer,
    Contact,
    Debrief,
    EventKind,
    Interview,
    InterviewStatus,
    OutreachStatus,
    PlanItem,
    Question,
)
from infotui.store.base import StoreBase
from infotui.store.contacts import record
from infotui.validation import ValidationError, clean_text

KEEP_IN_TOUCH_DAYS = 14
DEBRIEF_FIELDS = ("learned", "fit_notes", "still_unknown", "next_steps")
MARK_START, MARK_END = "\x02", "\x03"  # around the matched words in a snippet


@dataclass(frozen=True)
class SearchHit:
    kind: str  # answer, contact, debrief
    contact: Contact
    snippet: str  # matched words between MARK_START and MARK_END
    interview_id: int | None = None
    question_id: int | None = None
    question: str = ""  # the wording asked, or "General notes" / "Debrief"


@dataclass(frozen=True)
class Comparison:
    contact: Contact
    interview: Interview
    asked: str
    answer: str


@dataclass
class ReferralNode:
    contact: Contact
    children: list[ReferralNode] = field(default_factory=list)


class AfterMixin(StoreBase):
    # -- highlights and debrief ---------------------------------------------------------

    def set_highlight(self, interview_id: int, question_id: int | None, on: bool) -> None:
        with self.session() as s:
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
        with self.session() as s:
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
        with self.session() as s:
            rows = s.exec(
                select(Answer.question_id).where(
                    Answer.interview_id == interview_id, col(Answer.highlight).is_(True)
                )
            ).all()
        return {q for q in rows if q is not None}

    def debrief(self, interview_id: int) -> Debrief | None:
        with self.session() as s:
            return s.exec(select(Debrief).where(Debrief.interview_id == interview_id)).first()

    def save_debrief(
        self, interview_id: int, *, fit_score: int | None = None, **fields: str
    ) -> Debrief:
        if fit_score is not None and not 1 <= fit_score <= 5:
            raise ValidationError({"fit_score": "a score from 1 to 5, or none"})
        unknown = set(fields) - set(DEBRIEF_FIELDS)
        if unknown:
            raise ValueError(f"not debrief fields: {sorted(unknown)}")
        cleaned = {k: clean_text(k, v) for k, v in fields.items()}
        with self.session() as s:
            debrief = s.exec(select(Debrief).where(Debrief.interview_id == interview_id)).first()
            debrief = debrief or Debrief(interview_id=interview_id)
            for key, value in cleaned.items():
                setattr(debrief, key, value)
            debrief.fit_score = fit_score
            debrief.updated_at = self.now()
            s.add(debrief)
            s.commit()
            return debrief

    # -- thank-you ----------------------------------------------------------------------

    def mark_thank_you_sent(self, interview_id: int) -> Interview:
        now = self.now()
        with self.session() as s:
            interview = self._require(s, Interview, interview_id)
            interview.thank_you_sent_at = now
            s.add(interview)
            contact = s.get(Contact, interview.contact_id)
            assert contact is not None
            moves = contact.status == OutreachStatus.INTERVIEWED.value
            record(
                s, contact, EventKind.STATUS, now,
                status=OutreachStatus.THANK_YOU_SENT if moves else None,
                note="thank-you sent", contacted=True,
                follow_up=now.add(days=KEEP_IN_TOUCH_DAYS),
            )  # fmt: skip
            s.commit()
            return interview

    def thank_yous_due(self) -> list[tuple[Interview, Contact]]:
        """Finished interviews without a thank-you, oldest first (each is due in 24 hours)."""
        with self.session() as s:
            rows = s.exec(
                select(Interview, Contact)
                .join(Contact, col(Interview.contact_id) == col(Contact.id))
                .where(
                    Interview.status == InterviewStatus.DONE.value,
                    col(Interview.thank_you_sent_at).is_(None),
                )
                .order_by(col(Interview.ended_at))
            ).all()
        return [(i, c) for i, c in rows]

    # -- referrals ----------------------------------------------------------------------

    def add_referral(
        self, referrer_id: int, name: str, *, company: str = "", note: str = ""
    ) -> Contact:
        """A person the contact suggested: a new contact, referred by them, to contact."""
        referrer = self.contact(referrer_id)  # type: ignore[attr-defined]
        if referrer is None:
            raise StoreError(f"there is no contact {referrer_id}")
        twin = self.find_duplicate(name, company=company)  # type: ignore[attr-defined]
        if twin is not None:
            return twin
        said = f"{referrer.name} suggested them" + (f": {note}" if note else ".")
        return self.add_contact(  # type: ignore[attr-defined]
            name, company=company, notes=said, referred_by_id=referrer_id,
            how_we_know=f"Referred by {referrer.name}",
        )  # fmt: skip

    def referral_tree(self, contact_id: int) -> ReferralNode:
        """From the person at the top of this contact's chain of referrals, downwards."""
        with self.session() as s:
            contacts = {c.id: c for c in s.exec(select(Contact))}
        if contact_id not in contacts:
            raise StoreError(f"there is no contact {contact_id}")
        top, seen = contacts[contact_id], {contact_id}
        while (up := top.referred_by_id) is not None and up in contacts and up not in seen:
            seen.add(up)
            top = contacts[up]
        children: dict[int | None, list[Contact]] = {}
        for c in sorted(contacts.values(), key=lambda c: c.name.lower()):
            children.setdefault(c.referred_by_id, []).append(c)

        def grow(contact: Contact, path: frozenset[int]) -> ReferralNode:
            kids = [k for k in children.get(contact.id, []) if k.id not in path]
            return ReferralNode(contact, [grow(k, path | {k.id or 0}) for k in kids])

        return grow(top, frozenset({top.id or 0}))

    def referrals_to_contact(self) -> list[Contact]:
        with self.session() as s:
            return list(
                s.exec(
                    select(Contact).where(
                        col(Contact.referred_by_id).is_not(None),
                        Contact.status == OutreachStatus.TO_CONTACT.value,
                    )
                )
            )

    # -- search and compare -------------------------------------------------------------

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Answers, general notes, debriefs and contacts that contain every word, newest first."""
        words = query.split()
        if not words:
            return []
        if self.engine.dialect.name == "sqlite":
            hits = self._search_fts(query, limit)
        else:
            hits = self._search_like(words, limit)
        return self._resolve_all(hits)

    def _search_fts(self, query: str, limit: int) -> list[tuple[str, int, str]]:
        sql = text(
            "SELECT rowid, snippet(search_fts, 0, :a, :b, '…', 12) FROM search_fts "
            "WHERE search_fts MATCH :q ORDER BY rowid DESC LIMIT :n"  # newest first
        )
        kinds = {code: kind for kind, code in search.KINDS.items()}
        with self.engine.connect() as conn:
            rows = conn.execute(
                sql, {"a": MARK_START, "b": MARK_END, "q": search.fts_query(query), "n": limit}
            ).all()
        return [(kinds[rowid % 4], rowid // 4, snip) for rowid, snip in rows]

    def _search_like(self, words: list[str], limit: int) -> list[tuple[str, int, str]]:
        found: list[tuple[str, int, str]] = []
        with self.engine.connect() as conn:
            for kind, (table, body) in search.SOURCES.items():
                expr = body.format(p=table)
                where = " AND ".join(f"lower({expr}) LIKE :w{n}" for n in range(len(words)))
                params = {f"w{n}": f"%{w.lower()}%" for n, w in enumerate(words)}
                rows = conn.execute(
                    text(f"SELECT id, {expr} FROM {table} WHERE {where} LIMIT {limit}"), params
                ).all()
                found += [(kind, row[0], _mark(row[1], words)) for row in rows]
        return found[:limit]

    def _resolve_all(self, hits: list[tuple[str, int, str]]) -> list[SearchHit]:
        """Turn (kind, id, snippet) into hits with their contact and question, in a few queries."""
        refs: dict[str, list[int]] = {kind: [] for kind in search.KINDS}
        for kind, ref, _ in hits:
            refs[kind].append(ref)
        with self.session() as s:
            answers = {
                answer_id: (interview_id, question_id, contact_id)
                for answer_id, interview_id, question_id, contact_id in s.exec(
                    select(Answer.id, Answer.interview_id, Answer.question_id, Interview.contact_id)
                    .join(Interview, col(Answer.interview_id) == col(Interview.id))
                    .where(col(Answer.id).in_(refs["answer"]))
                )
            }
            debriefs = {
                debrief_id: (interview_id, contact_id)
                for debrief_id, interview_id, contact_id in s.exec(
                    select(Debrief.id, Debrief.interview_id, Interview.contact_id)
                    .join(Interview, col(Debrief.interview_id) == col(Interview.id))
                    .where(col(Debrief.id).in_(refs["debrief"]))
                )
            }
            wanted = set(refs["contact"]) | {c for *_, c in answers.values()}
            wanted |= {c for _, c in debriefs.values()}
            contacts = {c.id: c for c in s.exec(select(Contact).where(col(Contact.id).in_(wanted)))}
            asked = {
                (interview_id, question_id): wording
                for interview_id, question_id, wording in s.exec(
                    select(PlanItem.interview_id, PlanItem.question_id, PlanItem.text).where(
                        col(PlanItem.interview_id).in_({i for i, _, _ in answers.values()}),
                        col(PlanItem.question_id).in_({q for _, q, _ in answers.values()}),
                    )
                )
            }
        found: list[SearchHit] = []
        for kind, ref, snippet in hits:
            if kind == "contact" and ref in contacts:
                found.append(SearchHit(kind, contacts[ref], snippet))
            elif kind == "debrief" and ref in debriefs:
                interview_id, contact_id = debriefs[ref]
                found.append(
                    SearchHit(kind, contacts[contact_id], snippet, interview_id, None, "Debrief")
                )
            elif kind == "answer" and ref in answers:
                interview_id, question_id, contact_id = answers[ref]
                question = (
                    asked.get((interview_id, question_id), "A question since removed")
                    if question_id is not None
                    else "General notes"
                )
                found.append(SearchHit(kind, contacts[contact_id], snippet, interview_id,
                                       question_id, question))  # fmt: skip
        return found

    def compare(self, question_id: int) -> list[Comparison]:
        """Every interview's answer to one question: who, when, the words asked, what was said."""
        with self.session() as s:
            rows = s.exec(
                select(Interview, Contact, PlanItem, Answer)
                .join(Contact, col(Interview.contact_id) == col(Contact.id))
                .join(PlanItem, col(PlanItem.interview_id) == col(Interview.id))
                .join(
                    Answer,
                    (col(Answer.interview_id) == col(Interview.id))
                    & (col(Answer.question_id) == col(PlanItem.question_id)),
                )
                .where(PlanItem.question_id == question_id, Answer.text != "")
                .order_by(col(Interview.started_at))
            ).all()
        return [Comparison(c, i, p.text, a.text) for i, c, p, a in rows]

    def compared_questions(self) -> list[tuple[int, str, int]]:
        """(question id, its wording, how many interviews answered it), most answered first."""
        with self.session() as s:
            answered = s.exec(
                select(Answer.question_id).where(
                    col(Answer.question_id).is_not(None), Answer.text != ""
                )
            ).all()
            texts = {q.id: q.text for q in s.exec(select(Question))}
        counts: dict[int, int] = {}
        for question_id in answered:
            if question_id is not None:
                counts[question_id] = counts.get(question_id, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(qid, texts.get(qid, ""), n) for qid, n in ranked]


def _mark(body: str, words: list[str]) -> str:
    """A short window of text around the first match, with the words marked."""
    lower = body.lower()
    first = min((lower.find(w.lower()) for w in words if w.lower() in lower), default=0)
    start = max(0, first - 40)
    window = (
        ("…" if start else "")
        + body[start : start + 120]
        + ("…" if len(body) > start + 120 else "")
    )
    for word in words:
        window = _mark_word(window, word)
    return window


def _mark_word(text_: str, word: str) -> str:
    out, lower, w, i = [], text_.lower(), word.lower(), 0
    while (j := lower.find(w, i)) >= 0:
        out += [text_[i:j], MARK_START, text_[j : j + len(w)], MARK_END]
        i = j + len(w)
    return "".join(out) + text_[i:]
