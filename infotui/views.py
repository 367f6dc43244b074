"""Plain records the screens show, shared by the store and the quick first look.

Nothing here imports the database layer: the live screen is built from these
before SQLAlchemy has finished loading (see :mod:`infotui.first_look`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol

if TYPE_CHECKING:
    import pendulum

    from infotui.models import Contact, Interview


def stored_instant(value: str | dt.datetime | None) -> pendulum.DateTime | None:
    """An instant as the store writes it (naive UTC: text in SQLite, a naive datetime
    from PostgreSQL's driver), read back aware."""
    if value is None:
        return None
    import pendulum  # not at import time: the keeper's records load before the first frame

    naive = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return pendulum.DateTime(
        naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second,
        naive.microsecond, tzinfo=pendulum.UTC,
    )  # fmt: skip


class InterviewStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class InterviewTimes(Protocol):
    """What the orders below read of an interview (the store's row or the first look's)."""

    @property
    def id(self) -> int | None: ...
    @property
    def status(self) -> str: ...
    @property
    def started_at(self) -> dt.datetime | None: ...
    @property
    def ended_at(self) -> dt.datetime | None: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def updated_at(self) -> dt.datetime: ...


def resume_order(interview: InterviewTimes) -> tuple[bool, float]:
    """Sort key for the interview to resume: in progress first, then the latest touched."""
    return interview.status != InterviewStatus.IN_PROGRESS, -interview.updated_at.timestamp()


def latest_order(interview: InterviewTimes) -> tuple[dt.datetime, int]:
    """Sort key for a contact's interviews, the most recent (ended, started, made) last."""
    when = interview.ended_at or interview.started_at or interview.created_at
    return when, interview.id or 0


class AnswerState(NamedTuple):
    """An answer's text and its revision (how many times it has changed)."""

    text: str
    revision: int


class ContactSummary(NamedTuple):
    """The few fields a list of contacts shows and filters on (a tuple: there are thousands)."""

    id: int
    name: str
    company: str
    role: str
    field: str


class FoundPage(NamedTuple):
    """The first contacts a filter finds, and how many it finds: exactly, or (``at_least``)
    more than ``found`` when they are too many to be worth counting as each key is typed."""

    contacts: list[ContactSummary]
    found: int
    at_least: bool = False


class ContactListing(NamedTuple):
    """A contact as the contacts screen lists and describes it: every field it shows.

    Read straight from the table for long lists; open the contact itself (the
    store's Contact) to change it.
    """

    id: int
    name: str
    company: str
    role: str
    field: str
    email: str
    phone: str
    linkedin_url: str
    how_we_know: str
    notes: str
    status: str
    referred_by_id: int | None
    follow_up_at: pendulum.DateTime | None
    last_contacted_at: pendulum.DateTime | None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> ContactListing:
        if row[-1] is None and row[-2] is None:
            return cls._make(row)  # no dates to read: most contacts, most of the time
        *fields, follow_up_at, last_contacted_at = row
        return cls._make((*fields, stored_instant(follow_up_at), stored_instant(last_contacted_at)))


LISTING_COLUMNS = ", ".join(ContactListing._fields)


class ContactExport(NamedTuple):
    """Every field of a contact, as an export writes it: read as plain values, for the
    tens of thousands of contacts an export may go through."""

    id: int
    name: str
    company: str
    role: str
    field: str
    email: str
    phone: str
    linkedin_url: str
    how_we_know: str
    notes: str
    status: str
    status_changed_at: pendulum.DateTime | None
    follow_up_at: pendulum.DateTime | None
    last_contacted_at: pendulum.DateTime | None
    referred_by_id: int | None
    created_at: pendulum.DateTime
    updated_at: pendulum.DateTime


@dataclass(frozen=True)
class PlanEntry:
    """One row of an interview's checklist, as the screens show it."""

    id: int
    question_id: int
    text: str
    hint: str
    position: int
    starred: bool
    asked_at: dt.datetime | None  # aware; a pendulum DateTime as the store reads it
    closing: bool
    minutes: int | None = None

    @property
    def asked(self) -> bool:
        return self.asked_at is not None


@dataclass(frozen=True)
class InterviewView:
    """An interview as the live screen shows it (the store's Interview has more)."""

    id: int
    contact_id: int
    status: str
    agreed_minutes: int
    extended_minutes: int
    place: str
    started_at: pendulum.DateTime | None
    ended_at: pendulum.DateTime | None
    paused_at: pendulum.DateTime | None
    paused_seconds: float
    created_at: pendulum.DateTime
    updated_at: pendulum.DateTime

    COLUMNS: ClassVar[str] = (
        "id, contact_id, status, agreed_minutes, extended_minutes, place, started_at, "
        "ended_at, paused_at, paused_seconds, created_at, updated_at"
    )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> InterviewView:
        (id_, contact_id, status, agreed, extended, place, started, ended, paused,
         paused_seconds, created, updated) = row  # fmt: skip
        import pendulum  # not at import time (see stored_instant)

        now = pendulum.now("UTC")
        return cls(
            id_, contact_id, status, agreed, extended, place, stored_instant(started),
            stored_instant(ended), stored_instant(paused), paused_seconds,
            stored_instant(created) or now, stored_instant(updated) or now,
        )  # fmt: skip

    @classmethod
    def of(cls, interview: Interview) -> InterviewView:
        """The store's interview row, as the live screen shows it."""
        return cls(**{f.name: getattr(interview, f.name) for f in fields(cls)})


MARK_START, MARK_END = "\x02", "\x03"  # around the matched words in a search snippet
_SNIPPET_CONTEXT = 24  # characters before a snippet's first match that place it in the text


def place_of(snippet: str, text: str) -> tuple[int, int] | None:
    """Where a search snippet's first matched word is in ``text``, as (line, column); None
    when it is not there (the text changed since it was indexed). The snippet holds the
    words as written, so the word is looked for with what the snippet shows before it
    (the same word earlier in the text is passed over), then alone, then in any case."""
    start = snippet.find(MARK_START)
    end = snippet.find(MARK_END, start + 1)
    if start < 0 or end < 0 or end == start + 1:
        return None
    word = snippet[start + 1 : end]
    before = snippet[:start].replace(MARK_START, "").replace(MARK_END, "").lstrip("…")
    before = before[-_SNIPPET_CONTEXT:]
    offset = text.find(before + word) if before else -1
    if offset >= 0:
        offset += len(before)
    else:
        offset = text.find(word)
    if offset < 0:
        offset = text.casefold().find(word.casefold())
        if offset < 0 or len(text.casefold()) != len(text):  # casefold moved the places
            return None
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


@dataclass(slots=True)  # a large file has tens of thousands
class ContactRecord:
    """One contact read from a file, before validation, with the line it came from."""

    line: int
    fields: dict[str, str] = field(default_factory=dict)
    uid: str = ""  # a vCard's UID: the card infotui exported for a contact names it


@dataclass(frozen=True)
class Upcoming:
    """A planned interview with its contact, for the week view and the agenda."""

    interview: Interview
    contact: Contact
    overlaps: bool = False

    @property
    def starts_at(self) -> pendulum.DateTime:
        assert self.interview.scheduled_at is not None
        return self.interview.scheduled_at  # type: ignore[return-value]  # stored aware

    @property
    def ends_at(self) -> pendulum.DateTime:
        return self.starts_at.add(minutes=self.interview.agreed_minutes)


@dataclass(frozen=True)
class Agenda:
    """Today's interviews and follow-ups, the thank-yous owed, and the next interview."""

    interviews: list[Upcoming]
    follow_ups: list[Contact]  # due by the end of today (or as asked), overdue ones first
    next_interview: Upcoming | None
    now: pendulum.DateTime
    tz: str | None = None
    # Finished interviews without a thank-you, oldest first, with their contact.
    thank_yous: list[tuple[Interview, Contact]] = field(default_factory=list)
    # When only the first thank-yous were read: how many there are, and which of the
    # follow-ups' contacts are owed one.
    thank_you_count: int | None = None
    owed_ids: frozenset[int] | None = None

    @property
    def owed(self) -> set[int | None] | frozenset[int]:
        """The contacts owed a thank-you (among the follow-ups, at least)."""
        if self.owed_ids is not None:
            return self.owed_ids
        return {contact.id for _, contact in self.thank_yous}

    @property
    def thank_yous_owed(self) -> int:
        if self.thank_you_count is not None:
            return self.thank_you_count
        return len(self.thank_yous)

    @property
    def overdue(self) -> list[Contact]:
        """Follow-ups whose time has passed, the thank-yous' reminders left out."""
        owed = self.owed
        return [
            c
            for c in self.follow_ups
            if c.follow_up_at is not None and c.follow_up_at < self.now and c.id not in owed
        ]

    @property
    def due_later(self) -> list[Contact]:
        """Follow-ups still to come today."""
        owed = self.owed
        return [
            c
            for c in self.follow_ups
            if c.follow_up_at is not None and c.follow_up_at >= self.now and c.id not in owed
        ]

    def summary(self) -> str:
        """'Today: 2 interviews, 1 follow-up due, 1 overdue, 1 thank-you owed. Next: Ann Lee,
        today 15:00, in 2 hours.': counts, for a heading."""
        parts = []
        if self.interviews:
            parts.append(plural(len(self.interviews), "interview"))
        if self.due_later:
            parts.append(f"{plural(len(self.due_later), 'follow-up')} due")
        if self.overdue:
            parts.append(f"{len(self.overdue):,} overdue")
        if self.thank_yous_owed:
            parts.append(f"{plural(self.thank_yous_owed, 'thank-you')} owed")
        text = f"Today: {', '.join(parts)}." if parts else ""
        return f"{text} {self._next()}".strip()

    def notice(self) -> str:
        """What to do first, by name: the notice infotui opens with."""
        from infotui.dates import relative  # pendulum: not before the first frame

        lines = []
        for interview, contact in self.thank_yous[:NAMED]:
            since = ""
            if interview.ended_at is not None:
                since = f" (interviewed {relative(interview.ended_at, self.now, tz=self.tz)})"
            lines.append(f"Thank-you owed to {contact.name}{since}.")
        more = self.thank_yous_owed - len(self.thank_yous[:NAMED])
        if more > 0:
            lines.append(f"{plural(more, 'more thank-you')} owed.")
        if self.overdue:
            lines.append(f"Overdue follow-ups: {_names(self.overdue)}.")
        today = []
        if self.interviews:
            today.append(plural(len(self.interviews), "interview"))
        if self.due_later:
            today.append(f"follow up with {_names(self.due_later)}")
        if today:
            lines.append(f"Today: {', '.join(today)}.")
        if next_text := self._next():
            lines.append(next_text)
        return "\n".join(lines)

    def _next(self) -> str:
        if self.next_interview is None:
            return ""
        from infotui.dates import humanize  # pendulum: not before the first frame

        when = humanize(self.next_interview.starts_at, self.now, tz=self.tz)
        return f"Next: {self.next_interview.contact.name}, {when}."


NAMED = 3  # names shown in a line of the agenda; the rest are counted


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 interview', '7 interviews', '8,183 interviews'; ``words`` for an irregular plural."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def _names(contacts: list[Contact]) -> str:
    names = ", ".join(c.name for c in contacts[:NAMED])
    more = len(contacts) - NAMED
    return f"{names} and {more} more" if more > 0 else names


class LiveReads(Protocol):
    """The reads the live screen makes, answered with the plain records above.

    Both the quick first look (:class:`infotui.first_look.FirstLook`, before the
    database layer has loaded) and the store (:class:`infotui.store.reads.StoreReads`)
    answer them, so the screen reads one way whichever is behind it.
    """

    def first_contacts(self, limit: int) -> tuple[list[ContactSummary], int]:
        """The first ``limit`` contacts by name, and how many there are in all."""
        ...

    def contact_page(self, query: str, offset: int, limit: int) -> list[ContactSummary]:
        """The contacts the filter ``query`` finds, by name, from ``offset`` on."""
        ...

    def contact_first_page(self, query: str, limit: int) -> FoundPage:
        """The first ``limit`` contacts the filter ``query`` finds, and how many it finds."""
        ...

    def contact_page_before_count(self, query: str, limit: int) -> FoundPage | list[ContactSummary]:
        """What :meth:`contact_first_page` reads, or its page alone when the count would
        take a pass over the list: the list shows it, then counts."""
        ...

    def contact_count(self, query: str) -> int: ...
    def contacts_mark(self) -> tuple[int, int]:
        """Changes when a contact is added or deleted (here, or by another program)."""
        ...

    def contact_found(self, contact_id: int, query: str) -> bool: ...
    def contact(self, contact_id: int) -> ContactSummary | None: ...
    def interview(self, interview_id: int) -> InterviewView | None: ...
    def open_interview(self, contact_id: int | None = None) -> InterviewView | None:
        """The interview to resume: in progress first, then the next planned one."""
        ...

    def last_interview(self, contact_id: int) -> InterviewView | None: ...
    def plan(self, interview_id: int) -> list[PlanEntry]: ...
    def answer_states(self, interview_id: int) -> dict[int | None, AnswerState]: ...
    def answer_state(self, interview_id: int, question_id: int | None) -> AnswerState: ...
    def highlighted_questions(self, interview_id: int) -> set[int]: ...
