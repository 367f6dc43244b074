"""Contacts' outreach pipeline, history, referrals and scheduling, in the store."""

from __future__ import annotations

import dataclasses

import pendulum
import pytest

from infotui.clock import FakeClock
from infotui.models import CallOutcome, EventKind, InterviewStatus, Medium, OutreachStatus
from infotui.store import Store
from infotui.validation import ValidationError
from infotui.views import NAMED
from tests.helpers import at_nine

TZ = "UTC"


def test_a_call_moves_the_status_and_sets_a_follow_up(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    after = store.contacts.log_call(ann.id, CallOutcome.LEFT_MESSAGE, note="voicemail")
    assert after.status == OutreachStatus.REACHED_OUT
    assert after.last_contacted_at == clock.now()
    assert after.follow_up_at == at_nine(clock.now(), days=3)  # not at the call's minute
    [call, added] = store.contacts.history(ann.id)
    assert (call.kind, call.outcome, call.status, call.note) == (
        EventKind.CALL, "left_message", "reached_out", "voicemail",
    )  # fmt: skip
    assert added.kind == EventKind.ADDED


def test_a_call_logged_afterwards_is_dated_when_it_was_made(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    yesterday = clock.now().subtract(days=1)
    after = store.contacts.log_call(ann.id, CallOutcome.LEFT_MESSAGE, at=yesterday)
    assert after.last_contacted_at == yesterday
    assert after.follow_up_at == at_nine(yesterday, days=3)  # three days after the call
    [call] = [e for e in store.contacts.history(ann.id) if e.kind == EventKind.CALL]
    assert call.at == yesterday  # before the contact was added, in the history's order
    store.contacts.log_call(ann.id, CallOutcome.NO_ANSWER)  # today
    older = store.contacts.log_call(ann.id, CallOutcome.NO_ANSWER, at=yesterday.add(hours=1))
    assert older.last_contacted_at == clock.now()  # the latest call stays the last contact
    with pytest.raises(ValidationError, match="once it is made"):
        store.contacts.log_call(ann.id, CallOutcome.AGREED, at=clock.now().add(minutes=5))


def test_call_back_needs_a_date(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    with pytest.raises(ValidationError):
        store.contacts.log_call(ann.id, CallOutcome.CALL_BACK)
    later = clock.now().add(days=10)
    assert (
        store.contacts.log_call(ann.id, CallOutcome.CALL_BACK, call_back_at=later).follow_up_at
        == later
    )


def test_declined_clears_the_follow_up(store: Store) -> None:
    ann = store.contacts.add("Ann Lee")
    store.contacts.log_call(ann.id, CallOutcome.NO_ANSWER)
    after = store.contacts.log_call(ann.id, CallOutcome.DECLINED)
    assert after.status == OutreachStatus.DECLINED and after.follow_up_at is None


def test_a_later_call_moves_a_declined_contact_on(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    store.contacts.log_call(ann.id, CallOutcome.DECLINED)  # a mistake, or a change of mind
    clock.advance(minutes=10)
    after = store.contacts.log_call(ann.id, CallOutcome.AGREED)
    assert after.status == OutreachStatus.REACHED_OUT
    assert store.contacts.history(ann.id)[0].status == OutreachStatus.REACHED_OUT


def test_a_booking_moves_a_declined_contact_on(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    store.contacts.log_call(ann.id, CallOutcome.DECLINED)
    store.interviews.schedule(ann.id, clock.now().add(days=2))
    assert store.contacts.get(ann.id).status == OutreachStatus.SCHEDULED
    assert [row.contact.status for row in store.contacts.rows()] == ["scheduled"]


def test_the_status_set_by_hand_is_dated_in_the_history(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    store.interviews.schedule(ann.id, clock.now().add(days=2))
    clock.advance(minutes=5)
    # Backwards too: the booking fell through, and they are to be called again.
    after = store.contacts.set_status(ann.id, OutreachStatus.TO_CONTACT, note="set by hand")
    assert (after.status, after.status_changed_at) == (OutreachStatus.TO_CONTACT, clock.now())
    latest = store.contacts.history(ann.id)[0]
    assert (latest.kind, latest.status, latest.at, latest.note) == (
        EventKind.STATUS, "to_contact", clock.now(), "set by hand",
    )  # fmt: skip


def test_scheduling_books_the_planned_interview(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    store.contacts.log_call(ann.id, CallOutcome.AGREED)
    at = clock.now().add(days=1).set(hour=10, minute=0)
    interview = store.interviews.schedule(ann.id, at, agreed_minutes=20, medium=Medium.VIDEO,
                                         place="https://meet.example/ann")  # fmt: skip
    assert (interview.scheduled_at, interview.agreed_minutes) == (at, 20)
    assert store.contacts.get(ann.id).status == OutreachStatus.SCHEDULED
    assert store.contacts.get(ann.id).follow_up_at is None
    # Rescheduling moves the same interview instead of making a second one.
    again = store.interviews.schedule(ann.id, at.add(hours=2), agreed_minutes=20)
    assert again.id == interview.id
    assert store.interviews.to_resume(ann.id).scheduled_at == at.add(hours=2)


def test_ending_an_interview_marks_the_contact_interviewed(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    interview = store.interviews.schedule(ann.id, clock.now())
    store.interviews.change_timer(interview.id, lambda c: c.start(clock.now()))
    clock.advance(minutes=30)
    store.interviews.change_timer(interview.id, lambda c: c.end(clock.now()))
    after = store.contacts.get(ann.id)
    assert after.status == OutreachStatus.INTERVIEWED
    assert after.follow_up_at == at_nine(clock.now(), days=1)  # the thank-you
    assert store.contacts.history(ann.id)[0].kind == EventKind.INTERVIEWED


def test_a_call_does_not_move_a_scheduled_contact_back(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    store.interviews.schedule(ann.id, clock.now().add(days=2))
    assert store.contacts.log_call(ann.id, CallOutcome.NO_ANSWER).status == OutreachStatus.SCHEDULED


def test_upcoming_flags_overlaps(store: Store, clock: FakeClock) -> None:
    names = ["Ann", "Bo", "Cy", "Di"]
    ids = [store.contacts.add(n).id for n in names]
    base = clock.now().add(days=1).set(hour=9, minute=0)
    store.interviews.schedule(ids[0], base, agreed_minutes=60)  # 9:00-10:00
    store.interviews.schedule(ids[1], base.add(minutes=45))  # 9:45, inside Ann's
    store.interviews.schedule(ids[2], base.add(hours=3))  # 12:00, clear
    store.interviews.schedule(ids[3], base.add(days=9))  # beyond the week
    week = store.interviews.upcoming(clock.now(), clock.now().add(days=7))
    assert [u.contact.name for u in week] == ["Ann", "Bo", "Cy"]
    assert [u.overlaps for u in week] == [True, True, False]


def test_agenda_and_booked_days(store: Store, clock: FakeClock) -> None:
    ann, bo, cy = (store.contacts.add(n).id for n in ("Ann", "Bo", "Cy"))
    store.interviews.schedule(ann, clock.now().add(hours=2))
    store.contacts.log_call(bo, CallOutcome.CALL_BACK, call_back_at=clock.now().add(hours=1))
    store.contacts.log_call(cy, CallOutcome.CALL_BACK, call_back_at=clock.now().add(days=4))
    agenda = store.interviews.agenda(tz=TZ)
    assert [u.contact.name for u in agenda.interviews] == ["Ann"]
    assert [c.name for c in agenda.follow_ups] == ["Bo"]
    assert agenda.summary() == (
        "Today: 1 interview, 1 follow-up due. Next: Ann, today 16:00, in 2 hours."
    )
    assert store.interviews.booked_days(tz=TZ) == {clock.now().date()}


def test_the_agenda_names_thank_yous_owed_and_overdue_follow_ups(
    store: Store, clock: FakeClock
) -> None:
    ana, zoe, ben, cy = (
        store.contacts.add(n).id for n in ("Ana Costa", "Zoë Park", "Ben Ode", "Cy")
    )
    met = store.interviews.create(zoe)
    store.interviews.change_timer(met.id, lambda c: c.start(clock.now()))
    clock.advance(minutes=30)
    store.interviews.change_timer(met.id, lambda c: c.end(clock.now()))
    store.contacts.log_call(ben, CallOutcome.CALL_BACK, call_back_at=clock.now().add(hours=2))
    clock.advance(minutes=24 * 60)  # the next day, 14:30: Zoë's thank-you and Ben's call are late
    store.contacts.log_call(cy, CallOutcome.CALL_BACK, call_back_at=clock.now().add(hours=3))
    store.interviews.schedule(ana, clock.now().add(days=2))
    agenda = store.interviews.agenda(tz=TZ)
    assert [c.name for c in agenda.overdue] == ["Ben Ode"]  # Zoë's is the thank-you
    assert [c.name for _, c in agenda.thank_yous] == ["Zoë Park"]
    assert agenda.notice() == (
        "Thank-you owed to Zoë Park (interviewed yesterday).\n"
        "Overdue follow-ups: Ben Ode.\n"
        "Today: follow up with Cy.\n"
        "Next: Ana Costa, Fri 13 Mar, 14:30, in 2 days."
    )
    assert agenda.summary() == (
        "Today: 1 follow-up due, 1 overdue, 1 thank-you owed."
        " Next: Ana Costa, Fri 13 Mar, 14:30, in 2 days."
    )
    store.follow_ups.mark_thank_you_sent(met.id)
    assert "Zoë" not in store.interviews.agenda(tz=TZ).notice()


def test_an_agenda_that_names_a_few_thank_yous_counts_the_rest(
    store: Store, clock: FakeClock
) -> None:
    """Read for a notice or a heading, only the thank-yous it names are read whole; what
    it says is the same as from every one of them."""
    names = ["Ana", "Bo", "Cy", "Dee", "Eve", "Fay"][: NAMED + 3]
    ids = [store.contacts.add(n).id for n in names]
    for contact_id in ids[:-1]:
        met = store.interviews.create(contact_id)
        store.interviews.change_timer(met.id, lambda c: c.start(clock.now()))
        clock.advance(minutes=30)
        store.interviews.change_timer(met.id, lambda c: c.end(clock.now()))
    for contact_id in ids[-2:]:  # the first is owed a thank-you too: not "overdue"
        store.contacts.log_call(
            contact_id, CallOutcome.CALL_BACK, call_back_at=clock.now().add(hours=1)
        )
    clock.advance(minutes=120)
    whole = store.interviews.agenda(tz=TZ)
    brief = store.interviews.agenda(tz=TZ, named=NAMED)
    assert len(whole.thank_yous) == NAMED + 2 and len(brief.thank_yous) == NAMED
    assert [c.name for c in brief.overdue] == [c.name for c in whole.overdue] == [names[-1]]
    assert brief.summary() == whole.summary()
    assert f"{NAMED + 2} thank-yous owed" in brief.summary()
    assert brief.notice() == whole.notice()
    assert "2 more thank-yous owed." in brief.notice()
    many = dataclasses.replace(brief, thank_you_count=10_002)  # as a large file counts them
    assert "9,999 more thank-yous owed." in many.notice()
    assert "10,002 thank-yous owed" in many.summary()


def test_referrals_and_delete_footprint(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    bo = store.contacts.add("Bo Diaz", referred_by_id=ann.id)
    assert [c.name for c in store.contacts.referrals(ann.id)] == ["Bo Diaz"]
    with pytest.raises(ValidationError, match="themselves"):
        store.contacts.update(ann.id, referred_by_id=ann.id)
    interview = store.interviews.create(ann.id)
    store.answers.save(interview.id, None, "notes")
    footprint = store.contacts.footprint(ann.id)
    assert (footprint.interviews, footprint.answers, footprint.referred) == (1, 1, 1)
    store.contacts.delete(ann.id)
    assert [c.name for c in store.contacts.all()] == ["Bo Diaz"]
    assert store.contacts.get(bo.id).referred_by_id is None
    assert store.interviews.get(interview.id) is None


def test_contact_rows_sorted_by_next_action(store: Store, clock: FakeClock) -> None:
    _ann, bo, cy = (store.contacts.add(n).id for n in ("Ann", "Bo", "Cy"))
    store.interviews.schedule(cy, clock.now().add(days=1))
    store.contacts.log_call(bo, CallOutcome.CALL_BACK, call_back_at=clock.now().add(days=3))
    rows = store.contacts.rows()
    assert [r.contact.name for r in rows] == ["Cy", "Bo", "Ann"]
    assert rows[0].next_action_at == clock.now().add(days=1)
    assert rows[2].next_action_at is None


def test_planned_interview_status(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann")
    interview = store.interviews.schedule(ann.id, pendulum.datetime(2026, 3, 11, 10, tz="UTC"))
    assert interview.status == InterviewStatus.PLANNED


def test_the_agenda_writes_large_counts_with_thousands_separators(clock: FakeClock) -> None:
    from infotui.views import Agenda

    agenda = Agenda([], [], None, clock.now(), thank_you_count=9_999)
    assert agenda.summary() == "Today: 9,999 thank-yous owed."
