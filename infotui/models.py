"""The tables. SQLModel classes only: reads and writes live in ``store.py``.

Instants are stored in UTC (see :class:`UTCDateTime`) and come back as
timezone-aware pendulum datetimes; convert to local time only for display.
"""

from __future__ import annotations

import datetime as dt

import pendulum
from pydantic import ConfigDict
from sqlalchemy import DateTime, Index, String, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel

from infotui.kinds import CallOutcome as CallOutcome
from infotui.kinds import EventKind as EventKind
from infotui.kinds import Medium as Medium
from infotui.kinds import OutreachStatus as OutreachStatus
from infotui.kinds import Section as Section
from infotui.views import InterviewStatus as InterviewStatus  # the first look reads it too


class UTCDateTime(TypeDecorator[pendulum.DateTime]):
    """An aware datetime stored as naive UTC, read back as aware pendulum UTC.

    Naive datetimes are refused on write: a naive time is a bug waiting for a
    time-zone change.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: infotui stores aware instants only")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: object
    ) -> pendulum.DateTime | None:
        if value is None:
            return None
        # What pendulum.instance(value, tz="UTC") makes, made directly: for the many rows
        # of a long list or an export, several times quicker.
        return pendulum.DateTime(
            value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond, tzinfo=pendulum.UTC,
        )  # fmt: skip


def _utc_now() -> pendulum.DateTime:
    return pendulum.now("UTC")


class TableBase(SQLModel):
    """The tables' common base: SQLModel, with pydantic's validator and serializer of
    each table built only if something asks for them.

    infotui never has pydantic validate or dump a row (SQLModel makes a table's rows
    without validating them; the store reads and writes them through SQLAlchemy), yet
    pydantic would build both for every table as its class is made: about 1 MB of the
    app's memory for good. Deferred, they are built on first use, as they would have been.
    """

    # (SQLModel types it as its own private TypedDict, pydantic's ConfigDict and two keys.)
    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]


class Setting(TableBase, table=True):
    """Small key/value facts: the schema version, the user's own name, ..."""

    key: str = Field(primary_key=True)
    value: str


class Contact(TableBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    company: str = ""
    role: str = ""
    field: str = ""
    email: str = Field(default="", index=True)
    phone: str = ""
    linkedin_url: str = ""
    how_we_know: str = ""
    notes: str = ""
    status: str = Field(default=OutreachStatus.TO_CONTACT.value, sa_type=String, index=True)
    status_changed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    referred_by_id: int | None = Field(
        default=None, foreign_key="contact.id", ondelete="SET NULL", index=True
    )
    # The next thing to do about this contact (call again, follow up), if any.
    follow_up_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    last_contacted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)


class ContactFold(TableBase, table=True):
    """What the contact filters look in, one row per contact, kept by triggers (see
    :mod:`infotui.contact_index`): the list's order, the fields folded, and whether they
    are folded exactly yet."""

    contact_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    name_key: str
    folded: str
    exact: bool

    # The list in order, with what the filter reads: a page is read from the index. The
    # partial index of the rows not yet folded exactly is made with the triggers
    # (contact_index.create): written here, its dialect arguments would load
    # SQLAlchemy's PostgreSQL dialect in every SQLite start.
    __table_args__ = (Index("ix_contactfold_order", "name_key", "contact_id", "exact", "folded"),)


class ContactEvent(TableBase, table=True):
    """One dated line of a contact's history: a call, a status change, a booking."""

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    at: dt.datetime = Field(sa_type=UTCDateTime)
    kind: str = Field(sa_type=String)
    status: str | None = None  # the status it led to, if it changed
    outcome: str = ""
    note: str = ""


class Question(TableBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Stable identifier of a shipped question; None for the user's own.
    key: str | None = Field(default=None, unique=True)
    text: str
    hint: str = ""
    section: str = Field(default=Section.CUSTOM.value, sa_type=String)
    position: int = 0
    closing: bool = False
    archived: bool = False
    created_at: dt.datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)


class Interview(TableBase, table=True):
    """One meeting with one contact, and the state of its countdown.

    The countdown is derived from these columns and the clock (see timer.py):
    started_at, agreed_minutes + extended_minutes, paused_seconds (finished
    pauses) and paused_at (a pause in progress).
    """

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    scheduled_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    agreed_minutes: int = 30
    medium: str = Field(default=Medium.IN_PERSON.value, sa_type=String)
    place: str = ""
    status: str = Field(default=InterviewStatus.PLANNED.value, sa_type=String)
    started_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    paused_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    paused_seconds: float = 0.0
    extended_minutes: int = 0
    thank_you_sent_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The opener's lines ticked as the meeting started, one a line, as they were worded.
    opener_ticked: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # Times the booking changed (its time, length or place) once made: the exported
    # calendar event's SEQUENCE, so a calendar takes a new export as an update.
    sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: dt.datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)

    # The planned ones, and whose: the contacts screen reads them at each key typed (a
    # read of every interview without).
    __table_args__ = (
        Index("ix_interview_status_scheduled", "status", "scheduled_at", "contact_id"),
    )


class PlanItem(TableBase, table=True):
    """A question planned for one interview, with the wording as asked."""

    __table_args__ = (UniqueConstraint("interview_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE", index=True)
    question_id: int = Field(foreign_key="question.id", ondelete="RESTRICT")
    # The wording at the time it was planned: editing the bank later does not
    # rewrite what was asked in a past interview.
    text: str
    position: int = 0
    starred: bool = False
    minutes: int | None = None
    asked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class Answer(TableBase, table=True):
    """What was said. question_id None holds the interview's general notes."""

    __table_args__ = (
        UniqueConstraint("interview_id", "question_id"),
        # The answers to some questions, and what each is (its revision and when saved),
        # read without reading their text (the Evaluate screen, at each opening).
        Index("ix_answer_question_changes", "question_id", "interview_id", "revision",
              "updated_at"),
    )  # fmt: skip

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE", index=True)
    question_id: int | None = Field(default=None, foreign_key="question.id", ondelete="RESTRICT")
    text: str = ""
    highlight: bool = False  # worth remembering, and quoting in the thank-you
    updated_at: dt.datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)
    # Goes up by one with every change of the text: a save made on top of an older
    # revision was typed without seeing the latest text (another window) and must not
    # replace it unseen.
    revision: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class SaidCount(TableBase, table=True):
    """The Evaluate screen's counting of one main question's answers, kept from one start
    to the next: derived data, valid while ``mark`` (what the answers were when counted)
    matches them, counted again otherwise (see :mod:`infotui.store.evaluation`)."""

    theme: str = Field(primary_key=True)  # the main question's key
    mark: str
    counted: str  # JSON: infotui.synthesis.Counted.kept


class AnswerVersion(TableBase, table=True):
    """An earlier text of an answer, kept so that erasing or overwriting it can be undone."""

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", ondelete="CASCADE", index=True)
    text: str
    saved_at: dt.datetime = Field(sa_type=UTCDateTime)  # when this text was last written
    reason: str = ""  # why it was kept (see store.interviews.VersionReason)


class Template(TableBase, table=True):
    """A named, reusable set of questions ("30-minute conversation", "career changer")."""

    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, unique=True)  # shipped templates only
    name: str = Field(unique=True)
    created_at: dt.datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)


class TemplateItem(TableBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="template.id", ondelete="CASCADE", index=True)
    question_id: int = Field(foreign_key="question.id", ondelete="CASCADE")
    position: int = 0
    starred: bool = False
    minutes: int | None = None


class OpenerItem(TableBase, table=True):
    """One thing to do as the meeting starts, before the countdown runs."""

    id: int | None = Field(default=None, primary_key=True)
    position: int = 0
    text: str


class Debrief(TableBase, table=True):
    """What the user made of an interview, written just after it."""

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE", unique=True)
    learned: str = ""  # key takeaways
    fit_score: int | None = None  # 1 to 5: how it fits me, overall
    # 1 to 5 each, optional: how it fits my skills, my values and my interests.
    skills_score: int | None = None
    values_score: int | None = None
    interests_score: int | None = None
    fit_notes: str = ""
    still_unknown: str = ""  # what else I need to know
    next_steps: str = ""
    updated_at: dt.datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)
