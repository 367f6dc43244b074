"""Question bank, templates and the plan for one interview, driven as a user would."""

from __future__ import annotations

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.screens.bank import QuestionBankScreen
from infotui.screens.dialogs import ChooseScreen, TextPrompt
from infotui.screens.interview import InterviewScreen
from infotui.screens.plan import PlanScreen, fit_summary
from infotui.store import PlanDraft, Store
from infotui.widgets.checklist import QuestionChecklist
from tests.helpers import SIZE, shows, type_text, wait_until


async def choose(pilot, label: str) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, ChooseScreen)
    index = next(n for n, (text, _) in enumerate(screen.choices) if text.startswith(label))
    screen.query_one("OptionList").highlighted = index
    await pilot.press("enter")
    await pilot.pause()


async def test_build_a_template_then_plan_and_run_an_interview(
    store: Store, clock: FakeClock
) -> None:
    ann = store.contacts.add("Ann Lee", company="Acme")
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # A template of eight questions, from the question bank screen.
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, QuestionBankScreen)
        await pilot.press("t")
        await pilot.pause()
        await choose(pilot, "+ New template")
        assert isinstance(app.screen, PlanScreen)
        app.screen.query_one("#bank").focus()
        for _ in range(8):
            await pilot.press("enter")
        await pilot.press("ctrl+s")  # a new template asks for its name
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "My eight")
        await pilot.press("enter")
        await pilot.pause()
        [mine] = [t for t in store.plans.templates() if t.name == "My eight"]
        assert len(store.plans.template_plan(mine.id)) == 8

        # Plan Ann's interview from it: star three, drop one, add one of my own.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("f11")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await choose(pilot, "My eight")
        await pilot.press("s", "down", "s", "down", "s", "down", "x")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await type_text(pilot, "How did you find your first role?")
        await pilot.press("enter")
        await pilot.pause()
        assert shows(app, "8 questions · plan: 24 min for a 30 min slot")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        checklist = app.screen.query_one(QuestionChecklist)
        assert len(checklist.entries) == 8
        assert [e.starred for e in checklist.entries[:4]] == [True, True, True, False]
        assert checklist.entries[-1].text == "How did you find your first role?"

        # Run it, answer the first question, end it.
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "Lots of meetings")
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("escape")  # skip the debrief for now
        await pilot.pause()
        asked = checklist.entries[0].text

        # Reword that question in the bank: the finished interview keeps the words asked.
        question_id = checklist.entries[0].question_id
        store.questions.edit(question_id, "Walk me through yesterday?")
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("escape")  # back to the live screen, which reloads
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.query_one(QuestionChecklist).entries[0].text == asked
        assert shows(app, asked[:30])
    interview = store.interviews.last_of(ann.id)
    assert store.plans.of(interview.id)[0].text == asked
    assert store.answers.of(interview.id)[question_id] == "Lots of meetings"


def test_fit_summary() -> None:
    drafts = [PlanDraft(1, "a", minutes=10), PlanDraft(2, "b"), PlanDraft(3, "c", minutes=20)]
    assert fit_summary(drafts, 30) == (
        "3 questions · plan: 33 min for a 30 min slot (3 min each where not set)"
        ": too long, drop or shorten some"
    )
    assert fit_summary(drafts[:1], 30) == "1 question · plan: 10 min for a 30 min slot"


async def test_reword_archive_and_opener_in_the_bank(store: Store, clock: FakeClock) -> None:
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f12")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionBankScreen)
        first = screen.current()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "What is a normal day like?")
        await pilot.press("enter")
        await pilot.pause()
        assert shows(app, "Reworded.")
        await pilot.press("x")
        await pilot.pause()
        assert first.id not in [q.id for q in store.questions.all()]
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*["down"] * 20, "end", "enter")  # lines wrap: down to the last
        await type_text(pilot, "Bring a notebook")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "What would you do in my place?")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current().text == "What would you do in my place?"
    reworded = next(q for q in store.questions.all(include_archived=True) if q.id == first.id)
    assert reworded.text == "What is a normal day like?" and reworded.archived
    assert store.questions.all()[-1].text == "What would you do in my place?"
    assert store.plans.opener()[-1] == "Bring a notebook"
    assert len(store.plans.opener()) == 6


async def test_a_value_refused_in_a_prompt_is_said_there_and_kept(
    store: Store, clock: FakeClock
) -> None:
    # Minutes out of range, a reworded question left empty: the prompt stays open with
    # what was typed, says why under it, and takes the value once it is right.
    ann = store.contacts.add("Ann Lee")
    store.interviews.create(ann.id)
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f11")
        await pilot.pause()
        plan = app.screen
        assert isinstance(plan, PlanScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "500")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await wait_until(
            pilot, lambda: shows(app, "Minutes are a whole number from 1 to 60."), "refused"
        )
        assert app.screen.query_one("Input").value == "500"  # type: ignore[attr-defined]
        await pilot.press("backspace", "backspace", "backspace", "2", "0", "enter")
        await pilot.pause()
        assert app.screen is plan
        assert plan.drafts[0].minutes == 20
        await pilot.press("ctrl+s")  # the plan saved
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("f12")
        await pilot.pause()
        bank = app.screen
        assert isinstance(bank, QuestionBankScreen)
        first = bank.current()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", "enter")  # emptied
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "What is a normal day like?")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is bank
    assert next(q for q in store.questions.all() if q.id == first.id).text == (
        "What is a normal day like?"
    )


async def test_a_question_of_your_own_refused_is_kept_in_its_prompt(
    store: Store, clock: FakeClock
) -> None:
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f12")
        await pilot.pause()
        bank = app.screen
        assert isinstance(bank, QuestionBankScreen)
        await pilot.press("a")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        field = prompt.query_one("Input")
        field.value = "Why? " * 300  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt and field.value == "Why? " * 300  # type: ignore[attr-defined]
        field.value = "What would you do in my place?"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is bank
    assert store.questions.all()[-1].text == "What would you do in my place?"
