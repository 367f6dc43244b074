"""Interviews: booking, the countdown, and what to resume or export."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pendulum
from sqlalchemy import func
from sqlmodel import col, select

from infotui.dates import working_hour
from infotui.errors import StoreError
from infotui.models import (
    Contact,
    EventKind,
    Interview,
    InterviewStatus,
    Medium,
    OutreachStatus,
    Section,
)
from infotui.store.contacts import EARLY, Contacts, record
from infotui.store.database import Database
from infotui.store.plans import PlanDraft, Plans
from infotui.timer import MAX_MINUTES, MIN_MINUTES, Countdown
from infotui.validation import FieldError, ValidationError, clean_text
from infotui.views import Agenda, Upcoming, latest_order, resume_order


def _check_minutes(minutes: int) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(
            {"agreed_minutes": f"between {MIN_MINUTES} and {MAX_MINUTES} minutes"}
        )


class Interviews:
    """Interviews from booking to the end of the countdown."""

    def __init__(self, db: Database, plans: Plans, contacts: Contacts) -> None:
        self.db = db
        self.plans = plans
        self.contacts = contacts

    def create(
        self,
        contact_id: int,
        *,
        agreed_minutes: int = 30,
        scheduled_at: pendulum.DateTime | None = None,
        medium: Medium = Medium.IN_PERSON,
        place: str = "",
    ) -> Interview:
        """A planned interview whose checklist starts from the default template."""
        _check_minutes(agreed_minutes)
        now = self.db.now()
        with self.db.session() as s:
            self.db.require(s, Contact, contact_id)
            interview = Interview(
                contact_id=contact_id,
                agreed_minutes=agreed_minutes,
                scheduled_at=scheduled_at,
                medium=medium.value,
                place=place,
                created_at=now,
                updated_at=now,
            )
            s.add(interview)
            s.flush()
            assert interview.id is not None
            s.commit()
        # The default template as the user keeps it; the main questions if it is gone.
        template_id = self.plans.default_template_id()
        drafts = self.plans.template_plan(template_id) if template_id else []
        if not drafts:
            drafts = [
                PlanDraft(q.id or 0, q.text)
                for q in self.plans.questions.all()
                if q.section == Section.MAIN.value
            ]
        self.plans.replace(interview.id, drafts)
        return interview

    def set_agreed_minutes(self, interview_id: int, minutes: int) -> Interview:
        """Change the agreed time before the start (afterwards, extend it)."""
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise ValidationError(
                {"agreed_minutes": f"between {MIN_MINUTES} and {MAX_MINUTES} minutes"}
            )
        with self.db.session() as s:
            interview = self.db.require(s, Interview, interview_id)
            if interview.started_at is not None:
                raise StoreError("the interview has started: extend it instead")
            if interview.scheduled_at is not None and interview.agreed_minutes != minutes:
                interview.sequence += 1  # the booked event ends at another time
            interview.agreed_minutes = minutes
            interview.updated_at = self.db.now()
            s.add(interview)
            s.commit()
            return interview

    def opener_ticked(self, interview_id: int) -> list[str]:
        """The opener's lines ticked for this interview, as they were worded."""
        with self.db.session() as s:
            interview = self.db.require(s, Interview, interview_id)
            return [line for line in interview.opener_ticked.split("\n") if line]

    def set_opener_ticked(self, interview_id: int, lines: Sequence[str]) -> Interview:
        """Keep which of the opener's lines were ticked (all of them, replacing the last)."""
        kept = [" ".join(line.split()) for line in lines]
        with self.db.session() as s:
            interview = self.db.require(s, Interview, interview_id)
            interview.opener_ticked = "\n".join(line for line in kept if line)
            interview.updated_at = self.db.now()
            s.add(interview)
            s.commit()
            return interview

    def get(self, interview_id: int) -> Interview | None:
        with self.db.session() as s:
            return s.get(Interview, interview_id)

    def to_resume(self, contact_id: int | None = None) -> Interview | None:
        """The interview to resume: in progress first, then the next planned one.

        With no contact given, the interview in progress most recently touched.
        """
        open_states = [InterviewStatus.IN_PROGRESS.value, InterviewStatus.PLANNED.value]
        with self.db.session() as s:
            query = select(Interview).where(col(Interview.status).in_(open_states))
            if contact_id is None:
                query = query.where(Interview.status == InterviewStatus.IN_PROGRESS.value)
            else:
                query = query.where(Interview.contact_id == contact_id)
            rows = list(s.exec(query))
        rows.sort(key=resume_order)
        return rows[0] if rows else None

    def for_export(self, interview_id: int | None = None) -> list[tuple[Interview, Contact]]:
        """One interview, or every one that has started, oldest first, with its contact."""
        with self.db.session() as s:
            query = select(Interview, Contact).join(
                Contact, col(Interview.contact_id) == col(Contact.id)
            )
            if interview_id is not None:
                query = query.where(Interview.id == interview_id)
            else:
                query = query.where(col(Interview.started_at).is_not(None))
            rows = list(s.exec(query.order_by(col(Interview.started_at), col(Interview.id))))
        return [(interview, contact) for interview, contact in rows]

    def last_of(self, contact_id: int) -> Interview | None:
        """The contact's most recent interview, whatever its state."""
        with self.db.session() as s:
            query = select(Interview).where(Interview.contact_id == contact_id)
            rows = list(s.exec(query))
        rows.sort(key=latest_order)
        return rows[-1] if rows else None

    def change_timer(
        self, interview_id: int, change: Callable[[Countdown], Countdown]
    ) -> Interview:
        """Apply a countdown change (start, pause, resume, extend, end) and record it."""
        with self.db.session() as s:
            interview = self.db.require(s, Interview, interview_id)
            before = Countdown.of(interview)
            changed = change(before)
            for name, value in changed.fields().items():
                setattr(interview, name, value)
            state = changed.state.value
            if state == "ended":
                interview.status = InterviewStatus.DONE.value
            elif state in ("running", "paused"):
                interview.status = InterviewStatus.IN_PROGRESS.value
            interview.updated_at = self.db.now()
            s.add(interview)
            added = changed.extended_minutes - before.extended_minutes
            if added:
                # Dated in the contact's history: time is only extended when they agree.
                contact = s.get(Contact, interview.contact_id)
                if contact is not None:
                    more = f"{added} more minutes" if added > 0 else f"{-added} minutes taken back"
                    record(
                        s, contact, EventKind.EXTENDED, self.db.now(),
                        note=f"{more}: {changed.given_minutes} in all",
                    )  # fmt: skip
            if state == "ended":
                contact = s.get(Contact, interview.contact_id)
                if contact is not None:
                    moves = OutreachStatus(contact.status) in (*EARLY, OutreachStatus.SCHEDULED)
                    record(
                        s, contact, EventKind.INTERVIEWED, self.db.now(),
                        status=OutreachStatus.INTERVIEWED if moves else None,
                        contacted=True, follow_up=working_hour(self.db.now(), 1),
                        note="thank-you due within a day",
                    )  # fmt: skip
            s.commit()
            return interview

    def schedule(
        self,
        contact_id: int,
        at: pendulum.DateTime,
        *,
        agreed_minutes: int = 30,
        medium: Medium = Medium.IN_PERSON,
        place: str = "",
    ) -> Interview:
        """Book the meeting: the contact's planned interview gets this time (or a new one)."""
        _check_minutes(agreed_minutes)
        try:
            place = clean_text("place", place, 500)
        except FieldError as error:  # refused as every other field is
            raise ValidationError({error.field: error.message}) from None
        with self.db.session() as s:
            self.db.require(s, Contact, contact_id)  # say so if there is no such contact
            planned = s.exec(
                select(Interview).where(
                    Interview.contact_id == contact_id,
                    Interview.status == InterviewStatus.PLANNED.value,
                )
            ).first()
        if planned is None:
            planned = self.create(contact_id, agreed_minutes=agreed_minutes)
        with self.db.session() as s:
            interview = s.get(Interview, planned.id)
            contact = s.get(Contact, contact_id)
            assert interview is not None and contact is not None
            booked = interview.scheduled_at is not None
            if booked and (
                pendulum.instance(interview.scheduled_at) != at  # type: ignore[arg-type]
                or interview.agreed_minutes != agreed_minutes
                or interview.place != place
            ):
                interview.sequence += 1  # moved: calendars take the next export as an update
            interview.scheduled_at = at
            interview.agreed_minutes = agreed_minutes
            interview.medium = medium.value
            interview.place = place
            interview.updated_at = self.db.now()
            s.add(interview)
            moves = OutreachStatus(contact.status) in EARLY
            record(
                s, contact, EventKind.SCHEDULED, self.db.now(),
                status=OutreachStatus.SCHEDULED if moves else None,
                note=f"{agreed_minutes} min, {Medium(medium).label}", follow_up=None,
            )  # fmt: skip
            s.commit()
            return interview

    def upcoming(self, start: pendulum.DateTime, end: pendulum.DateTime) -> list[Upcoming]:
        """Planned interviews from start to end, in time order, with clashes flagged."""
        with self.db.session() as s:
            rows = s.exec(
                select(Interview, Contact)
                .join(Contact, col(Interview.contact_id) == col(Contact.id))
                .where(
                    Interview.status == InterviewStatus.PLANNED.value,
                    col(Interview.scheduled_at) >= start,
                    col(Interview.scheduled_at) < end,
                )
                .order_by(col(Interview.scheduled_at))
            ).all()
        items = [Upcoming(interview, contact) for interview, contact in rows]
        clashing: set[int] = set()
        latest: Upcoming | None = None  # the one that ends last so far
        for item in items:
            if latest is not None and item.starts_at < latest.ends_at:
                clashing.update({latest.interview.id or 0, item.interview.id or 0})
            if latest is None or item.ends_at > latest.ends_at:
                latest = item
        return [
            Upcoming(i.interview, i.contact, overlaps=(i.interview.id or 0) in clashing)
            for i in items
        ]

    def booked_days(self, tz: str | None = None) -> set[pendulum.Date]:
        """Local dates that already have an interview planned, from today on."""
        zone = tz or pendulum.tz.get_local_timezone()
        today = self.db.now().in_timezone(zone).start_of("day")
        with self.db.session() as s:
            times = s.exec(
                select(Interview.scheduled_at).where(
                    Interview.status == InterviewStatus.PLANNED.value,
                    col(Interview.scheduled_at) >= today,
                )
            ).all()
        return {t.in_timezone(zone).date() for t in times if t is not None}  # type: ignore[attr-defined]

    def agenda(
        self,
        tz: str | None = None,
        *,
        named: int | None = None,
        follow_ups_until: pendulum.DateTime | None = None,
    ) -> Agenda:
        """Today's interviews and the follow-ups due by the end of today (or by
        ``follow_ups_until``, overdue ones included).

        With ``named``, only that many thank-yous owed are read whole (the ones a notice
        or a heading names), the rest counted: thousands of finished interviews cost
        seconds and tens of megabytes read as records.
        """
        zone = tz or pendulum.tz.get_local_timezone()
        now = self.db.now().in_timezone(zone)
        today = self.upcoming(now.start_of("day"), now.end_of("day"))
        due = self.contacts.follow_ups_until(follow_ups_until or now.end_of("day"))
        coming = self.upcoming(self.db.now(), now.add(days=30))
        owed_count: int | None = None
        owed_ids: frozenset[int] | None = None
        if named is not None:
            owed_count, owed_ids = self._thank_yous_counted([c.id for c in due if c.id])
        return Agenda(
            interviews=today,
            follow_ups=list(due),
            next_interview=coming[0] if coming else None,
            now=now,
            tz=tz,
            thank_yous=self.thank_yous_owed(limit=named),
            thank_you_count=owed_count,
            owed_ids=owed_ids,
        )

    def _thank_yous_counted(self, among: list[int]) -> tuple[int, frozenset[int]]:
        """How many thank-yous are owed, and which of these contacts are owed one."""
        owed = (
            Interview.status == InterviewStatus.DONE.value,
            col(Interview.thank_you_sent_at).is_(None),
        )
        with self.db.session() as s:
            count = s.exec(select(func.count()).select_from(Interview).where(*owed)).one()
            ids: set[int] = set()
            for start in range(0, len(among), 500):
                chunk = among[start : start + 500]
                query = select(Interview.contact_id).where(
                    *owed, col(Interview.contact_id).in_(chunk)
                )
                ids.update(s.exec(query).all())
        return count, frozenset(ids)

    def thank_yous_owed_count(self) -> int:
        """How many finished interviews have no thank-you yet (counted by the database)."""
        return self._thank_yous_counted([])[0]

    def thank_yous_owed(self, limit: int | None = None) -> list[tuple[Interview, Contact]]:
        """Finished interviews without a thank-you, oldest first (each is due in a day)."""
        with self.db.session() as s:
            query = (
                select(Interview, Contact)
                .join(Contact, col(Interview.contact_id) == col(Contact.id))
                .where(
                    Interview.status == InterviewStatus.DONE.value,
                    col(Interview.thank_you_sent_at).is_(None),
                )
                .order_by(col(Interview.ended_at))
            )
            rows = s.exec(query.limit(limit) if limit is not None else query).all()
        return [(interview, contact) for interview, contact in rows]
