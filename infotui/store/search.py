"""Finding what was said: full-text search, and one question's answers side by side."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, text
from sqlmodel import col, select

from infotui import search as fts
from infotui.folding import fold
from infotui.models import Answer, Contact, Debrief, Interview, PlanItem, Question
from infotui.store.database import Database
from infotui.views import MARK_END, MARK_START


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


class Search:
    """Answers, notes, debriefs and contacts, found by their words; answers compared."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def find(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Answers, general notes, debriefs and contacts that contain every word, newest
        first (the best first, on a server), save that the contacts whose name holds
        every word come before the rest: "zoe" finds Zoë herself first, then the people
        she suggested and what was said."""
        words = query.split()
        if not words:
            return []
        dialect = self.db.engine.dialect.name
        if dialect == "sqlite":
            hits = self._search_fts(query, limit)
        elif dialect == "postgresql":
            hits = self._search_pg(query, limit)
        else:
            hits = self._search_like(words, limit)
        return _named_first(self._resolve_all(hits), words)

    def _search_fts(self, query: str, limit: int) -> list[tuple[str, int, str]]:
        sql = text(
            "SELECT rowid, snippet(search_fts, 0, :a, :b, '…', 12) FROM search_fts "
            "WHERE search_fts MATCH :q ORDER BY rowid DESC LIMIT :n"  # newest first
        )
        kinds = {code: kind for kind, code in fts.KINDS.items()}
        with self.db.engine.connect() as conn:

            def words_beginning(prefix: str) -> list[str] | None:
                found = conn.exec_driver_sql(fts.words_beginning_sql(), fts.prefix_bounds(prefix))
                words = list(found.scalars())
                return None if len(words) > fts.WORDS_FOR_A_PREFIX else words

            # The words read in the same transaction as the rows: the same index.
            match = fts.fts_query(query, words_beginning)
            if not match:  # nothing but quotes, or a word that begins no word
                return []
            rows = conn.execute(sql, {"a": MARK_START, "b": MARK_END, "q": match, "n": limit}).all()
        return [(kinds[rowid % 4], rowid // 4, snip) for rowid, snip in rows]

    def _search_pg(self, query: str, limit: int) -> list[tuple[str, int, str]]:
        """PostgreSQL's full-text search (see :mod:`infotui.search`): the best matches
        first (then the newest), each with the words found in their context."""
        options = (
            f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=12, MinWords=4, "
            "ShortWord=0, MaxFragments=1, FragmentDelimiter=…"
        )
        sql = text(
            f"SELECT id, body, ts_headline('{fts.PG_CONFIG}', body, q, :options) "
            f"FROM {fts.PG_TABLE}, to_tsquery('{fts.PG_CONFIG}', :q) AS q "
            "WHERE words @@ q ORDER BY ts_rank(words, q) DESC, id DESC LIMIT :n"
        )
        kinds = {code: kind for kind, code in fts.KINDS.items()}
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            rows = conn.execute(
                sql, {"options": options, "q": fts.pg_query(query), "n": limit}
            ).all()
        return [(kinds[ref % 4], ref // 4, _in_context(body, found)) for ref, body, found in rows]

    def _search_like(self, words: list[str], limit: int) -> list[tuple[str, int, str]]:
        found: list[tuple[str, int, str]] = []
        with self.db.engine.connect() as conn:
            for kind, (table, body) in fts.SOURCES.items():
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
        refs: dict[str, list[int]] = {kind: [] for kind in fts.KINDS}
        for kind, ref, _ in hits:
            refs[kind].append(ref)
        with self.db.session() as s:
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

    def compare(self, question_id: int, *, latest: int | None = None) -> list[Comparison]:
        """Every interview's answer to one question, in the order the interviews began:
        who, when, the words asked, what was said. With ``latest``, only the answers of
        the last that many interviews (a question asked in thousands is shown a page
        at a time; the export takes them all)."""
        query = (
            select(Interview, Contact, PlanItem, Answer)
            .join(Contact, col(Interview.contact_id) == col(Contact.id))
            .join(PlanItem, col(PlanItem.interview_id) == col(Interview.id))
            .join(
                Answer,
                (col(Answer.interview_id) == col(Interview.id))
                & (col(Answer.question_id) == col(PlanItem.question_id)),
            )
            .where(PlanItem.question_id == question_id, Answer.text != "")
        )
        began, ident = col(Interview.started_at), col(Interview.id)
        with self.db.session() as s:
            if latest is None:
                rows = list(s.exec(query.order_by(began, ident)).all())
            else:
                newest = query.order_by(began.desc(), ident.desc()).limit(latest)
                rows = list(reversed(s.exec(newest).all()))
        return [Comparison(c, i, p.text, a.text) for i, c, p, a in rows]

    def compared_questions(self) -> list[tuple[int, str, int]]:
        """(question id, its wording, how many interviews answered it), most answered first."""
        # Counted by the database: a hundred thousand answers are not read to count them.
        with self.db.session() as s:
            counts = s.exec(
                select(Answer.question_id, func.count())
                .where(col(Answer.question_id).is_not(None), Answer.text != "")
                .group_by(col(Answer.question_id))
            ).all()
            texts = {q.id: q.text for q in s.exec(select(Question))}
        ranked = sorted(
            ((qid, n) for qid, n in counts if qid is not None), key=lambda kv: (-kv[1], kv[0])
        )
        return [(qid, texts.get(qid, ""), n) for qid, n in ranked]


def _named_first(hits: list[SearchHit], words: list[str]) -> list[SearchHit]:
    """The contacts whose name holds every word (folded, as the search folds), first."""
    folded = [fold(word.strip('"*')) for word in words]

    def named(hit: SearchHit) -> bool:
        name = fold(hit.contact.name)
        return hit.kind == "contact" and all(word in name for word in folded)

    return sorted(hits, key=lambda hit: not named(hit))  # stable: the order kept otherwise


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


def _in_context(body: str, headline: str) -> str:
    """The headline, with an ellipsis where it cuts the text short (as SQLite's snippet)."""
    plain = headline.replace(MARK_START, "").replace(MARK_END, "")
    start = body.find(plain)
    if start < 0:
        return headline
    before = "…" if body[:start].strip() else ""
    after = "…" if body[start + len(plain) :].strip() else ""
    return f"{before}{headline}{after}"
