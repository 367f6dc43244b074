"""Plain records the screens show, shared by the store and the quick first look.

Nothing here imports the database layer: the live screen is built from these
before SQLAlchemy has finished loading (see :mod:`infotui.first_look`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    import pendulum


def stored_instant(value: str | None) -> pendulum.DateTime | None:
    """An instant as the store writes it to SQLite (naive UTC text), read back aware."""
    if value is None:
        return None
    import pendulum  # not at import time: the keeper's records load before the first frame

    return pendulum.instance(dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC), tz="UTC")


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
