from __future__ import annotations

import pytest

from infotui.clock import FakeClock
from infotui.errors import StoreError
from infotui.models import InterviewStatus, OutreachStatus
from infotui.store import Store
from infotui.timer import State
from infotui.validation import ValidationError


@pytest.fixture
def contact_id(store: Store) -> int:
    contact = store.contacts.add("Ann Lee", company="Acme")
    assert contact.id is not None
    return contact.id


def test_new_interview_gets_the_default_plan(store: Store, contact_id: int) -> None:
    interview = store.interviews.create(contact_id, agreed_minutes=25)
    plan = store.plans.of(interview.id)
    default = store.bank.default_template
    assert default is not None
    assert len(plan) == len(default.questions)
    assert plan[0].text.startswith("What does a typical day")
    assert sum(p.starred for p in plan) == len(default.starred)
    assert [p.closing for p in plan][-2:] == [True, True]
    assert interview.agreed_minutes == 25
    assert interview.status == InterviewStatus.PLANNED


@pytest.mark.parametrize("minutes", [0, 4, 181])
def test_agreed_minutes_must_be_sensible(store: Store, contact_id: int, minutes: int) -> None:
    with pytest.raises(ValidationError, match="between 5 and 180"):
        store.interviews.create(contact_id, agreed_minutes=minutes)


def test_a_place_too_long_is_refused_as_a_field(store: Store, contact_id: int) -> None:
    """As the minutes are (the screens show a ValidationError beside its field; a
    FieldError reached the app as a crash)."""
    at = store.now().add(days=1)
    with pytest.raises(ValidationError) as refused:
        store.interviews.schedule(contact_id, at, place="P" * 501)
    assert refused.value.errors == {"place": "too long (501 characters; the limit is 500)"}
    assert store.interviews.to_resume(contact_id) is None


def test_answers_are_saved_and_replaced(store: Store, contact_id: int) -> None:
    interview = store.interviews.create(contact_id)
    first = store.plans.of(interview.id)[0]
    store.answers.save(interview.id, first.question_id, "Standups, then pipelines")
    store.answers.save(interview.id, first.question_id, "Standups, then pipelines; on call weekly")
    store.answers.save(interview.id, None, "Friendly; offered to introduce me")
    assert store.answers.of(interview.id) == {
        first.question_id: "Standups, then pipelines; on call weekly",
        None: "Friendly; offered to introduce me",
    }


def test_mark_asked_and_star(store: Store, contact_id: int, clock: FakeClock) -> None:
    interview = store.interviews.create(contact_id)
    item = store.plans.of(interview.id)[1]
    store.plans.set_asked(item.id, True)
    store.plans.set_starred(item.id, not item.starred)
    again = store.plans.of(interview.id)[1]
    assert again.asked_at == clock.now()
    assert again.starred is not item.starred
    store.plans.set_asked(item.id, False)
    assert store.plans.of(interview.id)[1].asked_at is None


def test_question_added_in_the_moment(store: Store, contact_id: int) -> None:
    interview = store.interviews.create(contact_id)
    entry = store.plans.add_question(interview.id, "  How did the reorg change your team? ")
    plan = store.plans.of(interview.id)
    assert plan[-1].text == "How did the reorg change your team?"
    assert plan[-1].id == entry.id
    assert "How did the reorg change your team?" in [q.text for q in store.questions.all()]
    hidden = store.plans.add_question(interview.id, "Off the record?", to_bank=False)
    assert hidden.text not in [q.text for q in store.questions.all()]
    with pytest.raises(ValidationError):
        store.plans.add_question(interview.id, "   ")


def test_timer_changes_are_recorded(store: Store, contact_id: int, clock: FakeClock) -> None:
    interview = store.interviews.create(contact_id, agreed_minutes=30)
    store.interviews.change_timer(interview.id, lambda c: c.start(clock.now()))
    clock.advance(minutes=10)
    store.interviews.change_timer(interview.id, lambda c: c.pause(clock.now()))
    clock.advance(minutes=3)
    store.interviews.change_timer(interview.id, lambda c: c.resume(clock.now()))
    store.interviews.change_timer(interview.id, lambda c: c.extend(5))
    clock.advance(minutes=5)
    from infotui.timer import Countdown

    reloaded = store.interviews.get(interview.id)
    countdown = Countdown.of(reloaded)
    assert countdown.remaining(clock.now()) == 20 * 60
    assert reloaded.extended_minutes == 5
    assert reloaded.paused_seconds == 180
    assert reloaded.status == InterviewStatus.IN_PROGRESS
    assert store.interviews.to_resume().id == interview.id

    store.interviews.change_timer(interview.id, lambda c: c.end(clock.now()))
    done = store.interviews.get(interview.id)
    assert Countdown.of(done).state is State.ENDED
    assert done.status == InterviewStatus.DONE
    assert store.contacts.get(contact_id).status == OutreachStatus.INTERVIEWED
    assert store.interviews.to_resume() is None
    assert store.interviews.to_resume(contact_id) is None


def test_the_opener_ticks_are_kept_with_the_interview(store: Store) -> None:
    ann = store.contacts.add("Ann Lee")
    interview = store.interviews.create(ann.id)
    assert store.interviews.opener_ticked(interview.id) == []
    store.interviews.set_opener_ticked(interview.id, ["Thank them.", "  Agree  the time. ", ""])
    assert store.interviews.opener_ticked(interview.id) == ["Thank them.", "Agree the time."]
    store.interviews.set_opener_ticked(interview.id, ["Agree the time."])  # one unticked
    assert store.interviews.opener_ticked(interview.id) == ["Agree the time."]
    other = store.interviews.create(ann.id)
    assert store.interviews.opener_ticked(other.id) == []  # each interview its own
    with pytest.raises(StoreError):
        store.interviews.set_opener_ticked(9999, ["Thank them."])
