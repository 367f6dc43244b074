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
    names = [t.name for t in store.templates()]
    assert names[0] == "30-minute conversation"
    assert set(names) == {"30-minute conversation", "20-minute short", "Career changer"}
    assert store.seed_templates() == 0
    assert len(store.templates()) == 3


def test_a_newer_bank_adds_templates_without_touching_the_users(db_path: Path) -> None:
    with Store(db_path) as store:
        default = store.default_template_id()
        store.save_template("30-minute conversation", store.template_plan(default)[:3])
    shipped = load_bank()
    extra = ShippedTemplate("panel", "Panel prep", ("typical-day", "culture"))
    newer = QuestionBank(
        version=2, questions=shipped.questions, templates=(*shipped.templates, extra)
    )
    with Store(db_path, bank=newer) as store:  # infotui was upgraded
        assert len(store.template_plan(default)) == 3  # the user's trimmed default stays
        panel = next(t for t in store.templates() if t.name == "Panel prep")
        assert [d.text.split()[0] for d in store.template_plan(panel.id)] == ["What", "How"]


def test_save_a_template_of_eight_and_plan_from_it(store: Store) -> None:
    bank = store.questions()
    eight = [PlanDraft(q.id, q.text) for q in bank[:8]]
    template = store.save_template("  My eight ", eight)
    assert template.name == "My eight"
    with pytest.raises(ValidationError):
        store.save_template(" ", eight)
    ann = store.add_contact("Ann")
    interview = store.create_interview(ann.id)
    plan = store.template_plan(template.id)
    plan[0] = PlanDraft(plan[0].question_id, plan[0].text, starred=True, minutes=5)
    store.replace_plan(interview.id, plan)
    entries = store.plan(interview.id)
    assert [e.question_id for e in entries] == [q.id for q in bank[:8]]
    assert entries[0].starred and entries[0].minutes == 5


def test_replacing_a_plan_keeps_what_was_asked(store: Store, clock: FakeClock) -> None:
    ann = store.add_contact("Ann")
    interview = store.create_interview(ann.id)
    first, second, *_rest = store.plan(interview.id)
    store.set_asked(first.id, True)
    drafts = [PlanDraft(d.question_id, d.text) for d in (second, first)]
    store.replace_plan(interview.id, drafts)
    after = store.plan(interview.id)
    assert [e.question_id for e in after] == [second.question_id, first.question_id]
    assert after[1].asked_at == clock.now()


def test_editing_wording_keeps_what_was_asked(store: Store, clock: FakeClock) -> None:
    ann, bo = store.add_contact("Ann"), store.add_contact("Bo")
    done = store.create_interview(ann.id)
    store.change_timer(done.id, lambda c: c.start(clock.now()))
    store.change_timer(done.id, lambda c: c.end(clock.now()))
    planned = store.create_interview(bo.id)
    question_id = store.plan(done.id)[0].question_id
    old = store.plan(done.id)[0].text
    store.edit_question(question_id, "Walk me through yesterday?")
    assert store.plan(done.id)[0].text == old  # the words that were asked
    assert store.plan(planned.id)[0].text == "Walk me through yesterday?"
    assert "Walk me through yesterday?" in [q.text for q in store.questions()]


def test_reorder_archive_delete_and_closing(store: Store) -> None:
    custom = [store.add_question(t) for t in ("One?", "Two?", "Three?")]
    store.move_question(custom[2].id, -1)
    texts = [q.text for q in store.questions() if q.section == Section.CUSTOM]
    assert texts == ["One?", "Three?", "Two?"]
    store.set_closing(custom[0].id, True)
    assert next(q for q in store.questions() if q.id == custom[0].id).closing
    store.delete_question(custom[1].id)  # never used: it can go
    ann = store.add_contact("Ann")
    interview = store.create_interview(ann.id)
    used = store.plan(interview.id)[0].question_id
    with pytest.raises(StoreError, match="archive it instead"):
        store.delete_question(used)
    store.set_archived(used, True)
    assert used not in [q.id for q in store.questions()]
    assert store.plan(interview.id)[0].question_id == used  # the plan keeps it


def test_opener_is_editable(store: Store) -> None:
    assert len(store.opener()) == 5
    store.set_opener(["Thank them", "  ", "Agree the time"])
    assert store.opener() == ["Thank them", "Agree the time"]
    store.seed_opener()  # a restart does not bring the shipped lines back
    assert store.opener() == ["Thank them", "Agree the time"]
