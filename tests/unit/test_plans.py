"""Templates, plans, the opener and editing the bank, in the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from infotui.clock import FakeClock
from infotui.errors import StoreError
from infotui.models import Section
from infotui.questions import QuestionBank, ShippedTemplate, load_bank
from infotui.store import PlanDraft, Store
from infotui.validation import ValidationError


def test_shipped_templates_are_seeded_once(store: Store) -> None:
    names = [t.name for t in store.plans.templates()]
    assert names[0] == "30-minute conversation"
    assert set(names) == {"30-minute conversation", "20-minute short", "Career changer"}
    assert store.plans.seed_templates() == 0
    assert len(store.plans.templates()) == 3


def test_a_newer_bank_adds_templates_without_touching_the_users(db_path: Path) -> None:
    with Store(db_path) as store:
        default = store.plans.default_template_id()
        store.plans.save_template("30-minute conversation", store.plans.template_plan(default)[:3])
    shipped = load_bank()
    extra = ShippedTemplate("panel", "Panel prep", ("typical-day", "culture"))
    newer = QuestionBank(
        version=2, questions=shipped.questions, templates=(*shipped.templates, extra)
    )
    with Store(db_path, bank=newer) as store:  # infotui was upgraded
        assert len(store.plans.template_plan(default)) == 3  # the user's trimmed default stays
        panel = next(t for t in store.plans.templates() if t.name == "Panel prep")
        assert [d.text.split()[0] for d in store.plans.template_plan(panel.id)] == ["What", "How"]


def test_save_a_template_of_eight_and_plan_from_it(store: Store) -> None:
    bank = store.questions.all()
    eight = [PlanDraft(q.id, q.text) for q in bank[:8]]
    template = store.plans.save_template("  My eight ", eight)
    assert template.name == "My eight"
    with pytest.raises(ValidationError):
        store.plans.save_template(" ", eight)
    ann = store.contacts.add("Ann")
    interview = store.interviews.create(ann.id)
    plan = store.plans.template_plan(template.id)
    plan[0] = PlanDraft(plan[0].question_id, plan[0].text, starred=True, minutes=5)
    store.plans.replace(interview.id, plan)
    entries = store.plans.of(interview.id)
    assert [e.question_id for e in entries] == [q.id for q in bank[:8]]
    assert entries[0].starred and entries[0].minutes == 5


def test_replacing_a_plan_keeps_what_was_asked(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann")
    interview = store.interviews.create(ann.id)
    first, second, *_rest = store.plans.of(interview.id)
    store.plans.set_asked(first.id, True)
    drafts = [PlanDraft(d.question_id, d.text) for d in (second, first)]
    store.plans.replace(interview.id, drafts)
    after = store.plans.of(interview.id)
    assert [e.question_id for e in after] == [second.question_id, first.question_id]
    assert after[1].asked_at == clock.now()


def test_editing_wording_keeps_what_was_asked(store: Store, clock: FakeClock) -> None:
    ann, bo = store.contacts.add("Ann"), store.contacts.add("Bo")
    done = store.interviews.create(ann.id)
    store.interviews.change_timer(done.id, lambda c: c.start(clock.now()))
    store.interviews.change_timer(done.id, lambda c: c.end(clock.now()))
    planned = store.interviews.create(bo.id)
    question_id = store.plans.of(done.id)[0].question_id
    old = store.plans.of(done.id)[0].text
    store.questions.edit(question_id, "Walk me through yesterday?")
    assert store.plans.of(done.id)[0].text == old  # the words that were asked
    assert store.plans.of(planned.id)[0].text == "Walk me through yesterday?"
    assert "Walk me through yesterday?" in [q.text for q in store.questions.all()]


def test_reorder_archive_delete_and_closing(store: Store) -> None:
    custom = [store.questions.add(t) for t in ("One?", "Two?", "Three?")]
    store.questions.move(custom[2].id, -1)
    texts = [q.text for q in store.questions.all() if q.section == Section.CUSTOM]
    assert texts == ["One?", "Three?", "Two?"]
    store.questions.set_closing(custom[0].id, True)
    assert next(q for q in store.questions.all() if q.id == custom[0].id).closing
    store.questions.delete(custom[1].id)  # never used: it can go
    ann = store.contacts.add("Ann")
    interview = store.interviews.create(ann.id)
    used = store.plans.of(interview.id)[0].question_id
    with pytest.raises(StoreError, match="archive it instead"):
        store.questions.delete(used)
    store.questions.set_archived(used, True)
    assert used not in [q.id for q in store.questions.all()]
    assert store.plans.of(interview.id)[0].question_id == used  # the plan keeps it


def test_opener_is_editable(store: Store) -> None:
    assert len(store.plans.opener()) == 5
    store.plans.set_opener(["Thank them", "  ", "Agree the time"])
    assert store.plans.opener() == ["Thank them", "Agree the time"]
    store.plans.seed_opener()  # a restart does not bring the shipped lines back
    assert store.plans.opener() == ["Thank them", "Agree the time"]
