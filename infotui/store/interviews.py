"""Interviews, their question plans, answers and countdown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pendulum
from sqlalchemy import func
from sqlmodel import col, select

from infotui.dates import humanize
from infotui.errors import StoreError
from infotui.models import (
    Contact,
    EventKind,
    Interview,
    InterviewStatus,
    Medium,
    OutreachStatus,
    PlanItem,
    Question,
    Section,
)
from infotui.store.base import StoreBase
from infotui.store.contacts import EARLY, record
from infotui.store.plans import PlanDraft
from infotui.timer import MAX_MINUTES, MIN_MINUTES, Countdown
from infotui.validation import ValidationError, clean_text
from infotui.views import PlanEntry, latest_order, resume_order


@dataclass(frozen=True)
class Upcoming:
    """A planned interview with its contact, for the week view and the agenda."""

    interview: Interview
    contact: Contact
    overlaps: bool = False

    @property
    def starts_at(self) -> pendulum.DateTime:
        assert self.interview.scheduled_at is not None
        return self.interview.scheduled_at  # type: ignore[return-value]

    @property
    def ends_at(self) -> pendulum.DateTime:
        return self.starts_at.add(minutes=self.interview.agreed_minutes)


@dataclass(frozen=True)
class Agenda:
    interviews: list[Upcoming]
    follow_ups: list[Contact]
    next_interview: Upcoming | None
    now: pendulum.DateTime
    tz: str | None = None

    def summary(self) -> str:
        """'Today: 2 interviews, 1 follow-up due. Next: Ann Lee, today 15:00, in 2 hours.'"""
        parts = []
        if self.interviews:
            n = len(self.interviews)
            parts.append(f"{n} interview{'s' if n != 1 else ''}")
        if self.follow_ups:
            n = len(self.follow_ups)
            parts.append(f"{n} follow-up{'s' if n != 1 else ''} due")
        text = f"Today: {', '.join(parts)}." if parts else ""
        if self.next_interview is not None:
            when = humanize(self.next_interview.starts_at, self.now, tz=self.tz)
            text += f" Next: {self.next_interview.contact.name}, {when}."
        return text.strip()


def _check_minutes(minutes: int) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(
            {"agreed_minutes": f"between {MIN_MINUTES} and {MAX_MINUTES} minutes"}
        )


class InterviewsMixin(StoreBase):
    def create_interview(
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
        now = self.now()
        with self.session() as s:
            self._require(s, Contact, contact_id)
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
        template_id = self.default_template_id()  # type: ignore[attr-defined]
        drafts = self.template_plan(template_id) if template_id else []  # type: ignore[attr-defined]
        if not drafts:
            drafts = [
                PlanDraft(q.id or 0, q.text)
                for q in self.questions()  # type: ignore[attr-defined]
                if q.section == Section.MAIN.value
            ]
        self.replace_plan(interview.id, drafts)  # type: ignore[attr-defined]
        return interview

    def set_agreed_minutes(self, interview_id: int, minutes: int) -> Interview:
        """Change the agreed time before the start (afterwards, extend it)."""
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise ValidationError(
                {"agreed_minutes": f"between {MIN_MINUTES} and {MAX_MINUTES} minutes"}
            )
        with self.session() as s:
            interview = self._require(s, Interview, interview_id)
            if interview.started_at is not None:
                raise StoreError("the interview has started: extend it instead")
            interview.agreed_minutes = minutes
            interview.updated_at = self.now()
            s.add(interview)
            s.commit()
            return interview

    def interview(self, interview_id: int) -> Interview | None:
        with self.session() as s:
            return s.get(Interview, interview_id)

    def open_interview(self, contact_id: int | None = None) -> Interview | None:
        """The interview to resume: in progress first, then the next planned one.

        With no contact given, the interview in progress most recently touched.
        """
        open_states = [InterviewStatus.IN_PROGRESS.value, InterviewStatus.PLANNED.value]
        with self.session() as s:
            query = select(Interview).where(col(Interview.status).in_(open_states))
            if contact_id is None:
                query = query.where(Interview.status == InterviewStatus.IN_PROGRESS.value)
            else:
                query = query.where(Interview.contact_id == contact_id)
            rows = list(s.exec(query))
        rows.sort(key=resume_order)
        return rows[0] if rows else None

    def interviews_for_export(
        self, interview_id: int | None = None
    ) -> list[tuple[Interview, Contact]]:
        """One interview, or every one that has started, oldest first, with its contact."""
        with self.session() as s:
            query = select(Interview, Contact).join(
                Contact, col(Interview.contact_id) == col(Contact.id)
            )
            if interview_id is not None:
                query = query.where(Interview.id == interview_id)
            else:
                query = query.where(col(Interview.started_at).is_not(None))
            rows = list(s.exec(query.order_by(col(Interview.started_at), col(Interview.id))))
        return [(interview, contact) for interview, contact in rows]

    def last_interview(self, contact_id: int) -> Interview | None:
        """The contact's most recent interview, whatever its state."""
        with self.session() as s:
            query = select(Interview).where(Interview.contact_id == contact_id)
            rows = list(s.exec(query))
        rows.sort(key=latest_order)
        return rows[-1] if rows else None

    def plan(self, interview_id: int) -> list[PlanEntry]:
        with self.session() as s:
            query = (
                select(PlanItem, Question)
                .join(Question, col(PlanItem.question_id) == col(Question.id))
                .where(PlanItem.interview_id == interview_id)
                .order_by(col(PlanItem.position), col(PlanItem.id))
            )
            return [
                PlanEntry(
                    id=item.id or 0,
                    question_id=item.question_id,
                    text=item.text,
                    hint=question.hint,
                    position=item.position,
                    starred=item.starred,
                    asked_at=item.asked_at,
                    closing=question.closing,
                    minutes=item.minutes,
                )
                for item, question in s.exec(query)
            ]

    def set_asked(self, plan_item_id: int, asked: bool) -> None:
        with self.session() as s:
            item = self._require(s, PlanItem, plan_item_id)
            if asked and item.asked_at is None:
                item.asked_at = self.now()
            elif not asked:
                item.asked_at = None
            s.add(item)
            s.commit()

    def set_starred(self, plan_item_id: int, starred: bool) -> None:
        with self.session() as s:
            item = self._require(s, PlanItem, plan_item_id)
            item.starred = starred
            s.add(item)
            s.commit()

    def add_to_plan(self, interview_id: int, text: str, *, to_bank: bool = True) -> PlanEntry:
        """A question that came up in the moment: into the plan, and the bank unless told not to."""
        question = self.add_question(text, archived=not to_bank)  # type: ignore[attr-defined]
        wording = question.text
        with self.session() as s:
            end = s.exec(
                select(func.max(PlanItem.position)).where(PlanItem.interview_id == interview_id)
            ).one()
            assert question.id is not None
            item = PlanItem(
                interview_id=interview_id,
                question_id=question.id,
                text=wording,
                position=(end if end is not None else -1) + 1,
            )
            s.add(item)
            s.commit()
        return PlanEntry(
            id=item.id or 0, question_id=question.id, text=wording, hint="",
            position=item.position, starred=False, asked_at=None, closing=False,
        )  # fmt: skip

    def change_timer(
        self, interview_id: int, change: Callable[[Countdown], Countdown]
    ) -> Interview:
        """Apply a countdown change (start, pause, resume, extend, end) and record it."""
        with self.session() as s:
            interview = self._require(s, Interview, interview_id)
            changed = change(Countdown.of(interview))
            for name, value in changed.fields().items():
                setattr(interview, name, value)
            state = changed.state.value
            if state == "ended":
                interview.status = InterviewStatus.DONE.value
            elif state in ("running", "paused"):
                interview.status = InterviewStatus.IN_PROGRESS.value
            interview.updated_at = self.now()
            s.add(interview)
            if state == "ended":
                contact = s.get(Contact, interview.contact_id)
                if contact is not None:
                    moves = OutreachStatus(contact.status) in (*EARLY, OutreachStatus.SCHEDULED)
                    record(
                        s, contact, EventKind.INTERVIEWED, self.now(),
                        status=OutreachStatus.INTERVIEWED if moves else None,
                        contacted=True, follow_up=self.now().add(days=1),
                        note="thank-you due within a day",
                    )  # fmt: skip
            s.commit()
            return interview

    def schedule_interview(
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
        place = clean_text("place", place, 500)
        with self.session() as s:
            self._require(s, Contact, contact_id)  # say so if there is no such contact
            planned = s.exec(
                select(Interview).where(
                    Interview.contact_id == contact_id,
                    Interview.status == InterviewStatus.PLANNED.value,
                )
            ).first()
        if planned is None:
            planned = self.create_interview(contact_id, agreed_minutes=agreed_minutes)
        with self.session() as s:
            interview = s.get(Interview, planned.id)
            contact = s.get(Contact, contact_id)
            assert interview is not None and contact is not None
            interview.scheduled_at = at
            interview.agreed_minutes = agreed_minutes
            interview.medium = medium.value
            interview.place = place
            interview.updated_at = self.now()
            s.add(interview)
            moves = OutreachStatus(contact.status) in EARLY
            record(
                s, contact, EventKind.SCHEDULED, self.now(),
                status=OutreachStatus.SCHEDULED if moves else None,
                note=f"{agreed_minutes} min, {Medium(medium).label}", follow_up=None,
            )  # fmt: skip
            s.commit()
            return interview

    def upcoming(self, start: pendulum.DateTime, end: pendulum.DateTime) -> list[Upcoming]:
        """Planned interviews from start to end, in time order, with clashes flagged."""
        with self.session() as s:
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
        today = self.now().in_timezone(zone).start_of("day")
        with self.session() as s:
            times = s.exec(
                select(Interview.scheduled_at).where(
                    Interview.status == InterviewStatus.PLANNED.value,
                    col(Interview.scheduled_at) >= today,
                )
            ).all()
        return {t.in_timezone(zone).date() for t in times if t is not None}  # type: ignore[attr-defined]

    def agenda(self, tz: str | None = None) -> Agenda:
        """Today's interviews and the follow-ups due by the end of today."""
        zone = tz or pendulum.tz.get_local_timezone()
        now = self.now().in_timezone(zone)
        today = self.upcoming(now.start_of("day"), now.end_of("day"))
        due = self.follow_ups_until(now.end_of("day"))  # type: ignore[attr-defined]
        coming = self.upcoming(self.now(), now.add(days=30))
        return Agenda(
            interviews=today,
            follow_ups=list(due),
            next_interview=coming[0] if coming else None,
            now=now,
            tz=tz,
        )
