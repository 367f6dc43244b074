"""Contacts, their outreach pipeline and their dated history.

Status changes mostly happen as a side effect of what the user does (a call
logged, an interview booked or ended); every change is recorded as a
:class:`ContactEvent` with its date.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import pendulum
from sqlalchemy import func, text
from sqlmodel import Session, col, select

from infotui import contact_index
from infotui.dates import working_hour
from infotui.errors import StoreError
from infotui.models import (
    Answer,
    CallOutcome,
    Contact,
    ContactEvent,
    EventKind,
    Interview,
    InterviewStatus,
    OutreachStatus,
)
from infotui.store.bulk import contacts_for_export
from infotui.store.database import Database
from infotui.validation import ValidationError, clean_contact
from infotui.views import (
    LISTING_COLUMNS,
    ContactExport,
    ContactListing,
    ContactSummary,
    FoundPage,
    stored_instant,
)

# Statuses that a call or a booking may move forward from; later ones stay put. A
# "declined" is among them: a later call that agrees, or a booking, is the newer word.
EARLY = {
    OutreachStatus.TO_CONTACT,
    OutreachStatus.REACHED_OUT,
    OutreachStatus.NO_RESPONSE,
    OutreachStatus.DECLINED,
}
FOLLOW_UP_AFTER_ATTEMPT = 3  # days before trying again after no answer or a message

UNSET: object = object()  # "leave as it is", where None means "clear"


@dataclass(frozen=True)
class ContactFootprint:
    """What goes with a contact when it is deleted."""

    interviews: int
    answers: int
    referred: int


class ContactRow(NamedTuple):
    """A contact as the contacts list shows it (a tuple: there are thousands)."""

    contact: ContactListing
    next_interview_at: pendulum.DateTime | None
    referred_by: str

    @property
    def next_action_at(self) -> pendulum.DateTime | None:
        follow_up, interview = self.contact.follow_up_at, self.next_interview_at
        if follow_up is None or interview is None:
            return follow_up or interview
        return min(follow_up, interview)


class Contacts:
    """The people on the networking list, and each one's outreach pipeline."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._grams: contact_index.Grams | None = None
        self._grams_known = False

    @property
    def grams(self) -> contact_index.Grams | None:
        """The filters' trigram index, if the database has one (see
        :mod:`infotui.contact_index`): SQLite's always; PostgreSQL's where the server had
        pg_trgm when the schema was made. Looked for once."""
        if not self._grams_known:
            dialect = self.db.engine.dialect.name
            if dialect == "sqlite":
                self._grams = contact_index.FTS5
            elif dialect == "postgresql":
                with self.db.translate_errors(), self.db.engine.connect() as conn:
                    made = conn.execute(
                        text(
                            "SELECT 1 FROM pg_indexes WHERE indexname = :name"
                            " AND schemaname = current_schema()"
                        ),
                        {"name": contact_index.PG_GRAMS_INDEX},
                    ).first()
                self._grams = contact_index.PG_TRGM if made is not None else None
            self._grams_known = True
        return self._grams

    @property
    def _list_grams(self) -> contact_index.Grams | None:
        """The trigram index the live list looks rare words up in: SQLite's (see
        :class:`infotui.contact_index.ContactPages`)."""
        return contact_index.FTS5 if self.grams == contact_index.FTS5 else None

    def add(self, name: str, *, referred_by_id: int | None = None, **fields: str) -> Contact:
        cleaned = clean_contact({"name": name, **fields})
        now = self.db.now()
        # The text fields, as clean_contact() checked them.
        contact = Contact(**cleaned, created_at=now, updated_at=now)  # type: ignore[arg-type]
        with self.db.session() as s:
            if referred_by_id is not None:
                self._check_referrer(s, None, referred_by_id)
                contact.referred_by_id = referred_by_id
            s.add(contact)
            s.flush()
            record(s, contact, EventKind.ADDED, self.db.now())
            s.commit()
        return contact

    def find_duplicate(self, name: str, *, company: str = "", email: str = "") -> Contact | None:
        """A contact that is the same person: same email, or same name and company."""
        name = " ".join(name.split()).lower()
        with self.db.session() as s:
            if email.strip():
                query = select(Contact).where(func.lower(Contact.email) == email.strip().lower())
                found = s.exec(query).first()
                if found:
                    return found
            query = select(Contact).where(
                func.lower(Contact.name) == name,
                func.lower(Contact.company) == company.strip().lower(),
            )
            return s.exec(query).first()

    def all(self) -> list[Contact]:
        with self.db.session() as s:
            return list(
                s.exec(select(Contact).order_by(func.lower(Contact.name), col(Contact.id))).all()
            )

    def for_export(self) -> list[ContactExport]:
        """Every contact, in the order of :meth:`all`, as plain values: no ORM objects,
        which for tens of thousands of contacts cost far more than the query."""
        with self.db.driver() as driver:
            return contacts_for_export(driver)

    def index(self) -> list[ContactSummary]:
        """Every contact's name, company, role and field, by name: cheap for long lists."""
        # Plain SQL: on the way to the first screen, ten thousand rows through the ORM's
        # result machinery cost several times more than the query itself.
        sql = "SELECT id, name, company, role, field FROM contact ORDER BY lower(name), id"
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            rows = conn.exec_driver_sql(sql).all()
        return [ContactSummary(*row) for row in rows]

    def refold(self) -> int:
        """Fold exactly the contacts whose filter row is not yet (added or changed with
        letters beyond ASCII); how many. Filters are right without it, only slower."""
        with self.db.translate_errors(), self.db.engine.begin() as conn:
            return contact_index.refold(conn)

    def _refold_if_needed(self, conn: object) -> None:
        execute = contact_index.sqlalchemy_rows(conn)
        if execute(f"SELECT 1 FROM {contact_index.TABLE} f WHERE NOT f.exact LIMIT 1"):
            with contextlib.suppress(StoreError):  # another program writing: check them here
                self.refold()

    def summary(self, contact_id: int) -> ContactSummary | None:
        """The fields a list shows of one contact (plain SQL: read at each key typed)."""
        sql = "SELECT id, name, company, role, field FROM contact WHERE id = :id"
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            row = conn.execute(text(sql), {"id": contact_id}).first()
        return ContactSummary(*row) if row is not None else None

    def page(self, query: str, offset: int, limit: int) -> list[ContactSummary]:
        """The contacts ``query`` finds (every word in the name, company, role or field,
        folded), by name, from ``offset`` on."""
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            self._refold_if_needed(conn)
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            return contact_index.ContactPages(
                contact_index.sqlalchemy_rows(conn), grams=self._list_grams
            ).page(query, offset, limit)

    def first_page(self, query: str, limit: int) -> FoundPage:
        """The first ``limit`` contacts ``query`` finds (see :meth:`page`), and how many
        it finds in all."""
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            self._refold_if_needed(conn)
            pages = contact_index.ContactPages(
                contact_index.sqlalchemy_rows(conn), grams=self._list_grams
            )
            return pages.first_page(query, limit)

    def page_before_count(self, query: str, limit: int) -> FoundPage | list[ContactSummary]:
        """:meth:`first_page`, or its page alone when counting would take a pass over
        the filters' index (see :meth:`infotui.contact_index.ContactPages.page_before_count`)."""
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            self._refold_if_needed(conn)
            pages = contact_index.ContactPages(
                contact_index.sqlalchemy_rows(conn), grams=self._list_grams
            )
            return pages.page_before_count(query, limit)

    def count(self, query: str = "") -> int:
        """How many contacts ``query`` finds (see :meth:`page`)."""
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            return contact_index.ContactPages(
                contact_index.sqlalchemy_rows(conn), grams=self._list_grams
            ).count(query)

    def names(self, ids: Iterable[int]) -> dict[int, str]:
        """The names of these contacts, by id (those that exist)."""
        wanted = sorted(set(ids))
        found: dict[int, str] = {}
        with self.db.session() as s:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                query = select(Contact.id, Contact.name).where(col(Contact.id).in_(chunk))
                found.update((i, name) for i, name in s.exec(query).all() if i is not None)
        return found

    def mark(self) -> tuple[int, int]:
        """See :meth:`infotui.contact_index.ContactPages.mark`."""
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            return contact_index.ContactPages(contact_index.sqlalchemy_rows(conn)).mark()

    def found(self, contact_id: int, query: str) -> bool:
        """Whether ``query`` finds this contact."""
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            return contact_index.ContactPages(
                contact_index.sqlalchemy_rows(conn), grams=self._list_grams
            ).has(contact_id, query)

    def get(self, contact_id: int) -> Contact | None:
        with self.db.session() as s:
            return s.get(Contact, contact_id)

    def rows(self) -> list[ContactRow]:
        """Every contact with its next interview and referrer, soonest next action first."""
        # Plain SQL: ten thousand contacts made into ORM objects took a third of a second,
        # the query itself a twentieth. The screen opens a Contact when it changes one.
        planned = (
            "SELECT contact_id, min(scheduled_at) FROM interview"
            " WHERE status = :status AND scheduled_at IS NOT NULL GROUP BY contact_id"
        )
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            listed = conn.exec_driver_sql(f"SELECT {LISTING_COLUMNS} FROM contact").all()
            booked = conn.execute(text(planned), {"status": InterviewStatus.PLANNED.value}).all()
        contacts = [ContactListing.from_row(tuple(row)) for row in listed]
        names = {c.id: c.name for c in contacts}
        next_at = {contact_id: when for contact_id, when in booked}
        rows = [
            ContactRow(
                contact=c,
                next_interview_at=stored_instant(next_at.get(c.id)),
                referred_by=names.get(c.referred_by_id, "") if c.referred_by_id else "",
            )
            for c in contacts
        ]
        far = pendulum.datetime(9999, 1, 1, tz="UTC")
        rows.sort(key=lambda r: (r.next_action_at or far, r.contact.name.lower()))
        return rows

    def listing(
        self, query: str = "", limit: int = 100, *, count_at_most: int | None = None
    ) -> tuple[list[ContactRow], int]:
        """The first ``limit`` contacts the contacts screen's filter finds, and how many it
        finds in all. Without a query: soonest next action first, then by name; with
        one, the best matches first (see :func:`infotui.filtering.fuzzy_filter`: each
        word exactly, or its letters in order), then in that order.

        With ``count_at_most``, a filter's matches are counted up to one more than that:
        a count above it means "more than ``count_at_most``" (counting a hundred
        thousand matches at each key typed, for a number shown only to say "type to
        narrow", is most of the time a key takes).

        The contacts with something due (a follow-up, a planned interview) are few and
        are read whole; the rest come in the filter index's order (by name), so that
        only a page of them is read: every contact is scored only when the best-scored
        matches (every word at the start of a word) do not fill the page.
        """
        rows, total = self.first_listed(query, limit)
        return rows, total if total is not None else self.count_found(query, count_at_most)

    def count_found(self, query: str, at_most: int | None = None) -> int:
        """How many contacts the contacts screen's filter finds (see :meth:`listing`); with
        ``at_most``, counted up to one more than that. A filter's count is a pass over
        the filters' index, up to where ``at_most`` matches are found."""
        words = contact_index.words_of(query)
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            execute = contact_index.sqlalchemy_rows(conn)
            if not words:
                return int(execute("SELECT count(*) FROM contact")[0][0])
            return contact_index.count_matching(execute, words, at_most)

    def first_listed(
        self, query: str = "", limit: int = 100
    ) -> tuple[list[ContactRow], int | None]:
        """:meth:`listing`'s page, and how many the filter finds when that was known on
        the way (the page not full, or the matches counted as they were scored); None
        when it takes :meth:`count_found`: the screen shows the page first and counts
        after, off the key's way."""
        words = contact_index.words_of(query)
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            self._refold_if_needed(conn)
        with self.db.translate_errors(), self.db.engine.connect() as conn:
            execute = contact_index.sqlalchemy_rows(conn)
            status = {"status": InterviewStatus.PLANNED.value}
            ranked, counted = contact_index.ranked_listing(
                execute, words, limit, status, grams=self.grams
            )
            total: int | None = None
            if len(ranked) < limit:
                total = len(ranked)
            elif words and counted is not None and counted <= contact_index.FEW:
                total = counted
            elif not words:
                total = int(execute("SELECT count(*) FROM contact")[0][0])
            found = self._listed(execute, [contact_id for contact_id, _ in ranked], status)
        by_id = {int(row[0]): row for row in found}
        width = len(ContactListing._fields)
        rows = [
            ContactRow(
                contact=ContactListing.from_row(tuple(row[:width])),
                next_interview_at=stored_instant(row[width]),
                referred_by=row[width + 1] or "",
            )
            for row in (by_id[contact_id] for contact_id, _ in ranked if contact_id in by_id)
        ]
        return rows, total

    @staticmethod
    def _listed(
        execute: contact_index.Executes, ids: list[int], status: dict[str, str]
    ) -> Sequence[Any]:
        """The contacts screen's columns of these contacts (a page: at most a hundred)."""
        if not ids:
            return []
        columns = ", ".join(f"c.{name}" for name in ContactListing._fields)
        marks = ", ".join(f":id{n}" for n in range(len(ids)))
        these = f" AND contact_id IN ({marks}) GROUP BY"
        planned = contact_index.PLANNED.replace(" GROUP BY", these)
        sql = (
            f"SELECT {columns}, p.next_at, r.name FROM contact c"
            f" LEFT JOIN ({planned}) p ON p.contact_id = c.id"
            " LEFT JOIN contact r ON r.id = c.referred_by_id"
            f" WHERE c.id IN ({marks})"
        )
        return execute(sql, {**status, **{f"id{n}": i for n, i in enumerate(ids)}})

    def update(self, contact_id: int, *, referred_by_id: object = UNSET, **fields: str) -> Contact:
        cleaned = clean_contact(fields)
        with self.db.session() as s:
            contact = self.db.require(s, Contact, contact_id)
            for key, value in cleaned.items():
                setattr(contact, key, value)
            if referred_by_id is not UNSET:
                if referred_by_id is not None:
                    assert isinstance(referred_by_id, int)
                    self._check_referrer(s, contact_id, referred_by_id)
                contact.referred_by_id = referred_by_id
            contact.updated_at = self.db.now()
            s.add(contact)
            s.commit()
            return contact

    def footprint(self, contact_id: int) -> ContactFootprint:
        with self.db.session() as s:
            interviews = s.exec(
                select(func.count())
                .select_from(Interview)
                .where(Interview.contact_id == contact_id)
            ).one()
            answers = s.exec(
                select(func.count())
                .select_from(Answer)
                .join(Interview, col(Answer.interview_id) == col(Interview.id))
                .where(Interview.contact_id == contact_id, Answer.text != "")
            ).one()
            referred = s.exec(
                select(func.count())
                .select_from(Contact)
                .where(Contact.referred_by_id == contact_id)
            ).one()
        return ContactFootprint(interviews, answers, referred)

    def delete(self, contact_id: int) -> None:
        """Delete a contact with their interviews, answers and history."""
        with self.db.session() as s:
            s.delete(self.db.require(s, Contact, contact_id))
            s.commit()

    def referrals(self, contact_id: int) -> list[Contact]:
        """The contacts this one referred you to."""
        with self.db.session() as s:
            query = select(Contact).where(Contact.referred_by_id == contact_id)
            return list(s.exec(query.order_by(Contact.name)))

    def follow_ups_until(self, until: pendulum.DateTime) -> list[Contact]:
        """Contacts with a follow-up due by then (overdue ones first), declined ones left out."""
        with self.db.session() as s:
            return list(
                s.exec(
                    select(Contact)
                    .where(
                        col(Contact.follow_up_at).is_not(None),
                        col(Contact.follow_up_at) <= until,
                        Contact.status != OutreachStatus.DECLINED.value,
                    )
                    .order_by(col(Contact.follow_up_at))
                )
            )

    def history(self, contact_id: int) -> list[ContactEvent]:
        with self.db.session() as s:
            query = select(ContactEvent).where(ContactEvent.contact_id == contact_id)
            return list(
                s.exec(query.order_by(col(ContactEvent.at).desc(), col(ContactEvent.id).desc()))
            )

    # -- the pipeline -----------------------------------------------------------------

    def set_status(self, contact_id: int, status: OutreachStatus, note: str = "") -> Contact:
        """Set the status by hand (any status, forwards or back), dated in the history."""
        with self.db.session() as s:
            contact = self.db.require(s, Contact, contact_id)
            record(s, contact, EventKind.STATUS, self.db.now(), status=status, note=note)
            s.commit()
            return contact

    def log_call(
        self,
        contact_id: int,
        outcome: CallOutcome,
        *,
        note: str = "",
        call_back_at: pendulum.DateTime | None = None,
        at: pendulum.DateTime | None = None,
    ) -> Contact:
        """Record a call asking for an interview; move the status and the next follow-up.

        ``at`` dates a call made earlier (logged afterwards); by default it is now.
        """
        now = self.db.now()
        if at is not None:
            if at > now:
                raise ValidationError({"at": "a call is logged once it is made"})
            now = at
        status: OutreachStatus | None = None
        follow_up: object = UNSET
        if outcome in (CallOutcome.NO_ANSWER, CallOutcome.LEFT_MESSAGE):
            status = OutreachStatus.REACHED_OUT
            follow_up = working_hour(now, FOLLOW_UP_AFTER_ATTEMPT)
        elif outcome is CallOutcome.AGREED:
            status, follow_up = OutreachStatus.REACHED_OUT, None
        elif outcome is CallOutcome.DECLINED:
            status, follow_up = OutreachStatus.DECLINED, None
        elif outcome is CallOutcome.CALL_BACK:
            if call_back_at is None:
                raise ValidationError({"call_back_at": "say when to call back"})
            status, follow_up = OutreachStatus.REACHED_OUT, call_back_at
        with self.db.session() as s:
            contact = self.db.require(s, Contact, contact_id)
            if (
                status is not OutreachStatus.DECLINED
                and OutreachStatus(contact.status) not in EARLY
            ):
                status = None  # a call does not move someone back from "scheduled" or later
            record(
                s, contact, EventKind.CALL, now, status=status, outcome=outcome.value, note=note,
                contacted=True, follow_up=follow_up,
            )  # fmt: skip
            s.commit()
            return contact

    def set_follow_up(
        self, contact_id: int, when: pendulum.DateTime | None, note: str = ""
    ) -> Contact:
        with self.db.session() as s:
            contact = self.db.require(s, Contact, contact_id)
            record(s, contact, EventKind.FOLLOW_UP, self.db.now(), note=note, follow_up=when)
            s.commit()
            return contact

    def _check_referrer(self, s: Session, contact_id: int | None, referrer_id: int) -> None:
        if referrer_id == contact_id:
            raise ValidationError({"referred_by": "a contact cannot refer themselves"})
        if s.get(Contact, referrer_id) is None:
            raise ValidationError({"referred_by": f"there is no contact {referrer_id}"})


def record(
    s: Session,
    contact: Contact,
    kind: EventKind,
    now: pendulum.DateTime,
    *,
    status: OutreachStatus | None = None,
    outcome: str = "",
    note: str = "",
    contacted: bool = False,
    follow_up: object = UNSET,
) -> None:
    """Append a dated event to a contact's history and apply what it changes."""
    changed = status is not None and contact.status != status.value
    if changed:
        assert status is not None
        contact.status = status.value
        contact.status_changed_at = now
    last = contact.last_contacted_at
    if contacted and (last is None or now > last):  # a call logged afterwards: the latest
        contact.last_contacted_at = now
    if follow_up is not UNSET:
        contact.follow_up_at = follow_up  # type: ignore[assignment]
    contact.updated_at = now
    s.add(contact)
    if kind is EventKind.STATUS and not changed and not note:
        return
    assert contact.id is not None
    s.add(
        ContactEvent(
            contact_id=contact.id,
            at=now,
            kind=kind.value,
            status=status.value if changed and status else None,
            outcome=outcome,
            note=note,
        )
    )
