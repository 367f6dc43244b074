"""Evaluate what was gathered: the picture across every finished interview.

Pure: it is handed plain records (read from the store by ``store.evaluation``) and
gives back a :class:`Synthesis`, which the Evaluate screen shows and ``infotui report``
writes. Nothing here reads a database or a terminal.

The counting is meant to be explained in one breath:

- a *word* is a run of letters or digits, compared case- and accent-folded
  (:func:`infotui.folding.fold`); English stop words (``data/stopwords.txt``), numbers
  and one-letter words are left out;
- a *phrase* is two or three such words in a row, within one clause (punctuation and
  stop words end it);
- each counts once per interview, however often that interview said it;
- a word or phrase is left out when a longer phrase containing it was said in as many
  interviews (it adds nothing), or when the user hid it as noise;
- the most often said come first; among as often said, alphabetical order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar, cast

from infotui.folding import fold

# The bank's main questions whose answers are counted, by key, and what they are about.
THEMES = {
    "key-skills": "Skills employers want",
    "experience-wanted": "Experience wanted",
    "buzz-words": "Buzz words for a resume",
    "breaking-in": "How to break in",
    "advancement": "Advancement",
}
GROUPINGS = ("field", "company")
NO_FIELD = "(no field or role given)"
NO_COMPANY = "(no company given)"
PARTS = ("skills", "values", "interests")
MAX_WORDS = 3  # the longest phrase counted
PHRASES_SHOWN = 8  # per question
KEPT_TERMS = 64  # per question, the terms said most whose counting a store keeps
TIES_KEPT = 8  # ... unless one count has more than eight times as many terms
STOP_WORDS_FILE = "stopwords.txt"
T = TypeVar("T")


# -- what is handed in ----------------------------------------------------------------


@dataclass(frozen=True)
class HeldInterview:
    """One finished interview, with its contact and its debrief's scores and words."""

    interview_id: int
    contact_id: int
    name: str
    company: str = ""
    role: str = ""
    field: str = ""
    held_at: dt.datetime | None = None
    fit: int | None = None
    skills: int | None = None
    values: int | None = None
    interests: int | None = None
    fit_notes: str = ""
    next_steps: str = ""

    def group(self, by: str) -> str:
        """The group it falls in: the contact's field (else their role), or company."""
        if by == "company":
            return " ".join(self.company.split()) or NO_COMPANY
        return " ".join((self.field or self.role).split()) or NO_FIELD

    @property
    def overall(self) -> float | None:
        """The overall score; when only the parts were scored, their average."""
        if self.fit is not None:
            return float(self.fit)
        parts = [s for s in (self.skills, self.values, self.interests) if s is not None]
        return sum(parts) / len(parts) if parts else None

    @property
    def who(self) -> str:
        return f"{self.name} ({self.company})" if self.company else self.name


@dataclass(frozen=True)
class SaidAnswer:
    """An answer to one of the main questions (:data:`THEMES`) in a finished interview."""

    interview_id: int
    question_id: int
    theme: str  # the question's key
    text: str
    answer_id: int | None = None  # the answer's row, when read from a store


@dataclass(frozen=True)
class WaitingReferral:
    """Someone a contact suggested, not contacted yet."""

    contact_id: int
    name: str
    company: str = ""
    referred_by: str = ""


@dataclass(frozen=True)
class BankQuestion:
    """A question of the bank and how many interviews asked it."""

    question_id: int
    text: str
    asked: int
    planned: bool = False  # in the next interview's plan already


@dataclass(frozen=True)
class Gathered:
    """Everything the synthesis is made from, as the store reads it."""

    interviews: Sequence[HeldInterview]
    answers: Sequence[SaidAnswer] = ()
    referrals: Sequence[WaitingReferral] = ()
    questions: Sequence[BankQuestion] = ()
    theme_questions: dict[str, tuple[int, str]] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    next_interview: str | None = None  # who the next planned interview is with


# -- what comes out -------------------------------------------------------------------


@dataclass(frozen=True)
class Average:
    mean: float | None
    scored: int  # how many interviews gave the score

    def __str__(self) -> str:
        return f"{self.mean:.1f}" if self.mean is not None else "-"


@dataclass(frozen=True)
class FitGroup:
    """A field (or company): the interviews in it and the debriefs' scores, averaged."""

    name: str
    interviews: tuple[HeldInterview, ...]
    overall: Average
    skills: Average
    values: Average
    interests: Average

    @property
    def count(self) -> int:
        return len(self.interviews)

    @property
    def thin(self) -> bool:
        """Seen in one interview only: thin evidence."""
        return self.count == 1

    @property
    def reasons(self) -> list[tuple[str, str]]:
        """Why: (who, the fit in their words) from each debrief that says."""
        return [(i.name, " ".join(i.fit_notes.split())) for i in self.interviews if i.fit_notes]


@dataclass(frozen=True)
class Mention:
    """One interview that said a phrase: who, and the answer it is in."""

    interview_id: int
    question_id: int
    contact_id: int
    name: str
    answer: str  # its text; "" when the counting was kept (see Counted) and nothing read
    answer_id: int | None = None

    def sentences(self, phrase: str, stop_words: frozenset[str] | None = None) -> list[str]:
        """The sentences of the answer that say the phrase."""
        return in_context(self.answer, phrase, stop_words)


@dataclass(frozen=True)
class Phrase:
    text: str  # folded: what is counted, and hidden
    mentions: tuple[Mention, ...]
    shown: str = ""  # as first written ("SQL", "Résumé"); the folded text if not found

    def __str__(self) -> str:
        return self.shown or self.text

    @property
    def count(self) -> int:
        return len(self.mentions)

    @cached_property
    def who(self) -> list[str]:
        """Who said it, each once (one person met twice said it in two interviews)."""
        return list(dict.fromkeys(m.name for m in self.mentions))


@dataclass(frozen=True)
class Theme:
    """One main question: what was named most often in its answers."""

    key: str
    title: str
    question_id: int | None
    question: str
    answered: int  # how many finished interviews answered it
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class NextStep:
    text: str
    source: str  # where it came from: "debrief: Dana Okafor", "referred by Priya Raman"
    contact_id: int
    interview_id: int | None = None
    at: dt.datetime | None = None  # when the interview it came from was held


@dataclass(frozen=True)
class Synthesis:
    by: str  # field or company
    interviews: int
    groups: tuple[FitGroup, ...]
    themes: tuple[Theme, ...]
    next_steps: tuple[NextStep, ...]
    questions: tuple[BankQuestion, ...]  # never asked, or asked once only
    hidden: tuple[str, ...]
    next_interview: str | None
    counted: bool = True  # what they said has been counted (themes)

    @property
    def empty(self) -> bool:
        return self.interviews == 0

    @property
    def best(self) -> FitGroup | None:
        """The group that fits best (the first scored one), if any was scored."""
        return next((g for g in self.groups if g.overall.mean is not None), None)


# -- words ----------------------------------------------------------------------------

# A word (letters or digits, with inner ' or -, and a trailing + or # as in C++), or what
# ends a clause: punctuation, a dash between spaces, a new line (found as "").
_CLAUSE_ENDS = '|[.,;:!?()\\[\\]{}"/|\n\u201c\u201d\u201e\u00ab\u00bb\u2026]|\\s[-\u2013\u2014]+\\s'
_TOKEN = re.compile("([^\\W_]+(?:['-][^\\W_]+)*[+#]*)" + _CLAUSE_ENDS)
# The same for a text in ASCII (most are, once folded): the letters and digits spelt out,
# it is found in two thirds of the time.
_ASCII_TOKEN = re.compile("([a-zA-Z0-9]+(?:['-][a-zA-Z0-9]+)*[+#]*)" + _CLAUSE_ENDS)
_POSSESSIVE = re.compile(r"'s\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def data_file(name: str) -> Path:
    """A shipped data file: inside the installed package, or in the source tree (as
    :func:`infotui.questions.data_dir` finds them, without the models it loads)."""
    packaged = Path(__file__).parent / "data"
    return (packaged if packaged.is_dir() else Path(__file__).parent.parent / "data") / name


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The shipped English stop words (``data/stopwords.txt``), folded."""
    lines = data_file(STOP_WORDS_FILE).read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w.strip()) for w in lines if w.strip() and not w.startswith("#"))


def terms(text: str, stop: frozenset[str] | None = None) -> set[str]:
    """The words and two- and three-word phrases of a text, folded (see the module)."""
    stop = stop_words() if stop is None else stop
    found: set[str] = set()
    run: list[str] = []
    folded = _POSSESSIVE.sub("", fold(text).replace("\u2019", "'"))
    token = _ASCII_TOKEN if folded.isascii() else _TOKEN
    for word in token.findall(folded):
        if word and word not in stop and len(word) > 1 and not word.isdigit():
            run.append(word)
        elif run:  # a clause, a stop word or a number ends the run of words
            _add_run(found, run)
            run = []
    if run:
        _add_run(found, run)
    return found


def _add_run(found: set[str], run: list[str]) -> None:
    found.update(run)
    if len(run) > 1:
        found.update(map(" ".join, pairwise(run)))
    if len(run) > 2:
        found.update(map(" ".join, zip(run, run[1:], run[2:], strict=False)))


class TermCache:
    """The terms of each answer, kept while its text stays the same, and what is made of
    them (a question's counting and phrases, the fit groups), kept while what it is made
    from stays the same (no Textual, no database: the store's evaluation holds one for as
    long as it is open)."""

    def __init__(self) -> None:
        self._kept: dict[tuple[int, int], tuple[str, set[str]]] = {}
        self._made: dict[str, tuple[tuple[object, ...], object]] = {}

    def terms(self, answer: SaidAnswer, stop: frozenset[str]) -> set[str]:
        key = (answer.interview_id, answer.question_id)
        kept = self._kept.get(key)
        if kept is not None and kept[0] == answer.text:
            return kept[1]
        found = terms(answer.text, stop)
        self._kept[key] = (answer.text, found)
        return found

    def kept(self, name: str, given: tuple[object, ...], make: Callable[[], T]) -> T:
        """What ``make`` makes (a question's phrases, the fit groups, the next steps), made
        again only when what ``given`` names changed since it was last made."""
        kept = self._made.get(name)
        if kept is not None and kept[0] == given:
            return cast(T, kept[1])
        found = make()
        self._made[name] = (given, found)
        return found


@dataclass(eq=False)
class Counted:
    """One main question's answers counted: the answers with something written (oldest
    interview first), and how many of them say each term.

    Counted from each answer's terms (:meth:`of`), it knows every term. Made again from
    what a store kept (:meth:`restored`, of :meth:`kept`), it knows the terms of the
    highest counts only, each with which answers say it and how it is written, and no
    answer's text: enough to rank them unless many of them are hidden or covered
    (:meth:`ranked` then says so, and the answers are to be counted again).
    """

    answers: tuple[SaidAnswer, ...]
    counts: dict[str, int]
    complete: bool = True  # every term is in counts
    said: tuple[set[str], ...] | None = None  # each answer's terms, when counted here
    masks: dict[str, int] = field(default_factory=dict)  # bit n: answers[n] says the term
    shown: dict[str, str] = field(default_factory=dict)  # how each term is written

    @classmethod
    def of(cls, answers: Sequence[SaidAnswer], said: Sequence[set[str]]) -> Counted:
        counts: Counter[str] = Counter()
        for words in said:
            counts.update(words)
        return cls(tuple(answers), dict(counts), True, tuple(said))

    def ranked(self, hidden: frozenset[str], limit: int) -> list[str] | None:
        """The terms to show (see :func:`_ranked`); None when the terms known run out
        before ``limit`` are found (a kept counting with many of them hidden)."""
        found = _ranked(self.levels, hidden, limit)
        if len(found) < limit and not self.complete:
            return None
        return found

    @cached_property
    def levels(self) -> dict[int, list[str]]:
        """The terms by how many answers say each."""
        levels: dict[int, list[str]] = {}
        for term, count in self.counts.items():
            levels.setdefault(count, []).append(term)
        return levels

    def saying(self, term: str) -> list[int]:
        """Which answers say the term: their places in :attr:`answers`."""
        mask = self.masks.get(term)
        if mask is None:
            if self.said is None:
                raise KeyError(term)
            found = (n for n, words in enumerate(self.said) if term in words)
            mask = self.masks[term] = _mask(found, len(self.said))
        return [n for n, bit in enumerate(bin(mask)[:1:-1]) if bit == "1"]

    def written(self, term: str) -> str:
        """The term as the answers saying it write it (:func:`written_as`)."""
        shown = self.shown.get(term)
        if shown is None:
            shown = written_as((self.answers[n].text for n in self.saying(term)), term)
            self.shown[term] = shown
        return shown

    def kept(self, least: int | None = None) -> dict[str, Any]:
        """What a store keeps of a counting made here (plain JSON): the answers' ids, and
        the terms of the highest counts, whole counts only, until at least ``least`` are
        kept (unless one count has too many: then fewer), each with its count, which
        answers say it (a bit each, in hexadecimal) and how it is written."""
        if self.said is None:
            raise ValueError("only a counting made here is kept")
        least = KEPT_TERMS if least is None else least
        levels = self.levels
        chosen: list[str] = []
        complete = True
        for count in sorted(levels, reverse=True):
            if len(chosen) >= least or len(chosen) + len(levels[count]) > TIES_KEPT * least:
                complete = False
                break
            chosen.extend(sorted(levels[count]))
        wanted = {term for term in chosen if term not in self.masks}
        places: dict[str, list[int]] = {term: [] for term in wanted}
        for n, words in enumerate(self.said):
            for term in words & wanted:
                places[term].append(n)
        size = len(self.said)
        self.masks.update((term, _mask(found, size)) for term, found in places.items())
        masks = self.masks
        return {
            "answers": [a.answer_id for a in self.answers],
            "complete": complete,
            "terms": [[t, self.counts[t], format(masks[t], "x"), self.written(t)] for t in chosen],
        }

    @classmethod
    def restored(cls, answers: dict[int, SaidAnswer], kept: dict[str, Any]) -> Counted:
        """A counting from what :meth:`kept` gave, for these answers (by id, texts not
        needed). Raises ValueError, KeyError or TypeError when it does not fit them."""
        said = tuple(answers[int(n)] for n in kept["answers"])
        counts, masks, shown = {}, {}, {}
        for term, count, mask, written in kept["terms"]:
            bits = int(mask, 16)
            if bits.bit_length() > len(said) or bits.bit_count() != count or count < 1:
                raise ValueError(f"{term!r} kept with other answers than these")
            counts[str(term)], masks[str(term)], shown[str(term)] = count, bits, str(written)
        return cls(said, counts, bool(kept["complete"]), None, masks, shown)


def _mask(places: Iterable[int], size: int) -> int:
    """A bit for each place (bit n for place n), of ``size`` places."""
    bits = ["0"] * size
    for n in places:
        bits[n] = "1"
    return int("".join(reversed(bits)) or "0", 2)


def written_as(texts: Iterable[str], phrase: str) -> str:
    """``phrase`` (folded) as the texts write it ("SQL", "Résumé"), or "" if they do not.

    A capital that only starts a sentence is not kept: a spelling from inside a clause is
    preferred, and at the start of one, "Communication" is shown as "communication".
    """
    wanted = phrase.split(" ")
    first = ""
    n, last = len(wanted), wanted[-1]
    for text in texts:
        words: list[str] = []  # the words of the current clause, as written
        folded: list[str] = []  # and folded
        for word in _TOKEN.findall(_POSSESSIVE.sub("", text.replace("\u2019", "'"))):
            if not word:
                words, folded = [], []
                continue
            words.append(word)
            folded.append(fold(word))
            if folded[-1] == last and folded[-n:] == wanted:
                found = words[-n:]
                if len(words) > n:
                    return " ".join(found)  # inside a clause: as written
                first = first or " ".join(found)
    head = first.split(" ")[0] if first else ""
    if head[:1].isupper() and head[1:].islower():
        return head.lower() + first[len(head) :]
    return first


def in_context(text: str, phrase: str, stop: frozenset[str] | None = None) -> list[str]:
    """The sentences of ``text`` that say ``phrase`` (as :func:`terms` reads them)."""
    sentences = (" ".join(s.split()) for s in _SENTENCE.split(text))
    return [s for s in sentences if s and phrase in terms(s, stop)]


def clean_phrase(phrase: str) -> str:
    """A phrase as it is counted (and kept among the hidden): folded, one space apart."""
    return " ".join(fold(phrase).split())


def _ranked(levels: dict[int, list[str]], hidden: frozenset[str], limit: int) -> list[str]:
    """Of the terms by count (``levels``), those said in most interviews, at most
    ``limit`` (then alphabetically): hidden ones and ones a longer phrase covers (said in
    as many interviews) left out.

    A phrase covers only terms said exactly as often as itself, so the terms are taken
    count by count, from the most said, until ``limit`` are kept.
    """
    kept: list[str] = []
    for count in sorted(levels, reverse=True):
        said = sorted(term for term in levels[count] if term not in hidden)
        covered: set[str] = set()
        for term in said:
            if " " in term:
                words = term.split(" ")
                covered.update(words)
                if len(words) > 2:
                    covered.update((" ".join(words[:2]), " ".join(words[1:])))
        for term in said:
            if term not in covered:
                kept.append(term)
                if len(kept) == limit:
                    return kept
    return kept


# -- the synthesis --------------------------------------------------------------------


def _average(scores: Iterable[float | None]) -> Average:
    given = [s for s in scores if s is not None]
    return Average(sum(given) / len(given) if given else None, len(given))


def fit_groups(interviews: Sequence[HeldInterview], by: str) -> list[FitGroup]:
    """The interviews by field (or company), the best fit first (then the one seen in
    more interviews); unscored groups last. Case and accents do not make another group."""
    grouped: dict[str, list[HeldInterview]] = {}
    names: dict[str, str] = {}  # "Design" and "design " are one field, named as first seen
    for interview in interviews:
        name = interview.group(by)
        key = fold(name)
        names.setdefault(key, name)
        grouped.setdefault(key, []).append(interview)
    groups = [
        FitGroup(
            names[key],
            tuple(members),
            _average(i.overall for i in members),
            _average(i.skills for i in members),
            _average(i.values for i in members),
            _average(i.interests for i in members),
        )
        for key, members in grouped.items()
    ]
    groups.sort(key=lambda g: (g.overall.mean is None, -(g.overall.mean or 0), -g.count, g.name))
    return groups


_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)]|\[[ xX]?\])\s*")


def next_steps(
    interviews: Sequence[HeldInterview], referrals: Sequence[WaitingReferral]
) -> list[NextStep]:
    """Every debrief's next steps (a line each), newest interview first, then the
    referrals waiting to be contacted."""
    steps = []
    newest = sorted(interviews, key=lambda i: (i.held_at is not None, i.held_at or 0), reverse=True)
    for interview in newest:
        for line in interview.next_steps.splitlines():
            text = " ".join(_BULLET.sub("", line).split())
            if text:
                steps.append(
                    NextStep(text, f"debrief: {interview.who}", interview.contact_id,
                             interview.interview_id, interview.held_at)
                )  # fmt: skip
    for referral in referrals:
        who = f"{referral.name} ({referral.company})" if referral.company else referral.name
        source = f"referred by {referral.referred_by}" if referral.referred_by else "a referral"
        steps.append(NextStep(f"Contact {who}", source, referral.contact_id))
    return steps


def said_by_theme(gathered: Gathered) -> dict[str, list[SaidAnswer]]:
    """The answers counted for each main question, by its key: those of the interviews
    gathered, with something written."""
    people = {i.interview_id for i in gathered.interviews}
    by_theme: dict[str, list[SaidAnswer]] = {}
    for answer in gathered.answers:
        if answer.interview_id in people and answer.text.strip():
            by_theme.setdefault(answer.theme, []).append(answer)
    return by_theme


def themes(
    gathered: Gathered,
    stop: frozenset[str] | None = None,
    limit: int = PHRASES_SHOWN,
    cache: TermCache | None = None,
    keys: Iterable[str] = THEMES,
    counted: dict[str, Counted] | None = None,
) -> list[Theme]:
    """For each main question (or those of ``keys``), the words and phrases named most
    often, and by whom; from its answers in ``gathered``, or its counting in ``counted``."""
    stop = stop_words() if stop is None else stop
    people = {i.interview_id: i for i in gathered.interviews}
    by_theme = said_by_theme(gathered)
    found = []
    cache = cache or TermCache()
    for key in keys:
        title = THEMES[key]
        question_id, question = gathered.theme_questions.get(key, (None, ""))
        made = (counted or {}).get(key)
        if made is None:
            answers = by_theme.get(key, [])
            made = cache.kept(
                f"count:{key}",
                (tuple(answers), stop),
                lambda a=answers: Counted.of(a, [cache.terms(x, stop) for x in a]),  # type: ignore[misc]
            )
        who = tuple((people[a.interview_id].contact_id, people[a.interview_id].name)
                    for a in made.answers if a.interview_id in people)  # fmt: skip
        given = (made, who, gathered.hidden, limit)
        rank = partial(_phrases, made, people, gathered.hidden, limit)
        phrases = cache.kept(f"phrases:{key}", given, rank)
        interviews = len({a.interview_id for a in made.answers if a.interview_id in people})
        found.append(Theme(key, title, question_id, question, interviews, phrases))
    return found


def _phrases(
    counted: Counted, people: dict[int, HeldInterview], hidden: frozenset[str], limit: int
) -> tuple[Phrase, ...]:
    """One question's words and phrases named most often, and by whom."""
    ranked = counted.ranked(hidden, limit)
    if ranked is None:
        raise ValueError("too few terms kept to rank them: count the answers again")
    # One mention per answer, in every phrase it says (None: not one of the interviews).
    mentions = [
        Mention(a.interview_id, a.question_id, held.contact_id, held.name, a.text, a.answer_id)
        if (held := people.get(a.interview_id)) is not None
        else None
        for a in counted.answers
    ]
    phrases = []
    for term in ranked:
        saying = tuple(m for m in map(mentions.__getitem__, counted.saying(term)) if m)
        phrases.append(Phrase(term, saying, counted.written(term)))
    return tuple(phrases)


def synthesize(
    gathered: Gathered,
    *,
    by: str = "field",
    stop: frozenset[str] | None = None,
    limit: int = PHRASES_SHOWN,
    cache: TermCache | None = None,
    count: bool = True,
    counted: dict[str, Counted] | None = None,
) -> Synthesis:
    """The picture across every finished interview (see the module for the counting);
    without ``count``, all but what they said (:attr:`Synthesis.counted` is False). What
    each main question's answers say is counted from ``gathered``, or given in
    ``counted`` (by the question's key)."""
    if by not in GROUPINGS:
        raise ValueError(f"group by one of {', '.join(GROUPINGS)}, not {by!r}")
    questions = tuple(q for q in gathered.questions if q.asked <= 1)
    cache = cache or TermCache()
    interviews, referrals = tuple(gathered.interviews), tuple(gathered.referrals)
    groups = cache.kept(f"groups:{by}", (interviews,), lambda: tuple(fit_groups(interviews, by)))
    steps = cache.kept(
        "steps", (interviews, referrals), lambda: tuple(next_steps(interviews, referrals))
    )
    return Synthesis(
        by=by,
        interviews=len(gathered.interviews),
        groups=groups,
        themes=tuple(themes(gathered, stop, limit, cache, counted=counted)) if count else (),
        next_steps=steps,
        questions=questions,
        hidden=tuple(sorted(gathered.hidden)),
        next_interview=gathered.next_interview,
        counted=count,
    )
