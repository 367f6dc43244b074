"""Esc never throws away typing: every dialog that holds a draft asks before discarding it."""

from __future__ import annotations

from textual.widgets import Button, Input, TextArea

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.messages import OpenInterview
from infotui.screens.after import DebriefScreen, ReferralsScreen, ThankYouScreen
from infotui.screens.bank import QuestionBankScreen
from infotui.screens.call import CallScreen
from infotui.screens.contact_form import ContactForm
from infotui.screens.contacts import ContactsScreen
from infotui.screens.dialogs import AddQuestion, ConfirmScreen, QuickAddContact, TextPrompt
from infotui.screens.interview import InterviewScreen
from infotui.screens.plan import PlanScreen
from infotui.screens.schedule import ScheduleScreen
from infotui.screens.start_interview import StartInterview
from infotui.screens.transfer import ImportScreen
from infotui.store import Store
from tests.helpers import SIZE, open_contacts, run_palette_command, shows, type_text


def make_app(store: Store, clock: FakeClock) -> InfoApp:
    return InfoApp(store, clock=clock, tz="UTC")


async def esc_asks_and_enter_keeps_editing(pilot, dialog: type, what: str) -> None:  # type: ignore[no-untyped-def]
    """Esc asks "Discard your changes to <what>?"; Enter (the focused, safe choice) goes back."""
    app = pilot.app
    editor = app.screen
    assert isinstance(editor, dialog)
    focused_before = app.focused
    await pilot.press("escape")
    await pilot.pause()
    confirm = app.screen
    assert isinstance(confirm, ConfirmScreen)
    assert shows(app, f"Discard your changes to {what}?")
    assert isinstance(app.focused, Button) and str(app.focused.label) == "Keep editing"
    await pilot.press("enter")
    await pilot.pause()
    assert app.screen is editor
    assert app.focused is focused_before  # back where the typing was


async def esc_then_discard(pilot, dialog: type) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    assert isinstance(app.screen, dialog)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.press("tab")  # from "Keep editing" to "Discard"
    assert isinstance(app.focused, Button) and str(app.focused.label) == "Discard"
    await pilot.press("enter")
    await pilot.pause()
    assert not isinstance(app.screen, (dialog, ConfirmScreen))


async def esc_closes_at_once(pilot, dialog: type) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    assert isinstance(app.screen, dialog)
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(app.screen, (dialog, ConfirmScreen))


# -- the debrief, the thank-you and the referrals ------------------------------------------


async def test_debrief_esc_asks_before_discarding(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await esc_closes_at_once(pilot, DebriefScreen)  # nothing typed
        assert isinstance(app.screen, InterviewScreen)

        await pilot.press("ctrl+r")
        await pilot.pause()
        await type_text(pilot, "Analysts need SQL first")
        await esc_asks_and_enter_keeps_editing(pilot, DebriefScreen, "the debrief")
        assert app.screen.query_one("#learned", TextArea).text == "Analysts need SQL first"
        await esc_then_discard(pilot, DebriefScreen)
        assert isinstance(app.screen, InterviewScreen)
        assert store.follow_ups.debrief(interview_id) is None

        # The Skip button asks the same way.
        await pilot.press("ctrl+r")
        await pilot.pause()
        await type_text(pilot, "Something")
        app.screen.query_one("#skip").focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert shows(app, "Discard your changes to the debrief?")
        await pilot.press("enter")  # keep editing
        await pilot.pause()
        assert app.screen.query_one("#learned", TextArea).text == "Something"


async def test_a_saved_debrief_reopened_closes_at_once(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    store.follow_ups.save_debrief(
        interview_id, fit_score=4, learned="SQL", fit_notes="good", next_steps="x"
    )
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await esc_closes_at_once(pilot, DebriefScreen)  # what was saved is no change
    assert store.follow_ups.debrief(interview_id).learned == "SQL"


async def test_thank_you_edits_are_not_dropped_by_esc(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee", company="Acme")
    interview_id = store.interviews.create(ann.id).id
    store.interviews.change_timer(interview_id, lambda c: c.start(clock.now().subtract(minutes=30)))
    store.interviews.change_timer(interview_id, lambda c: c.end(clock.now()))
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_palette_command(pilot, "Thank-you")
        await esc_closes_at_once(pilot, ThankYouScreen)

        await run_palette_command(pilot, "Thank-you")
        await type_text(pilot, "PS ")
        await esc_asks_and_enter_keeps_editing(pilot, ThankYouScreen, "the thank-you")
        assert app.screen.query_one("#draft", TextArea).text.startswith("PS Dear Ann,")
        await esc_then_discard(pilot, ThankYouScreen)
    assert store.interviews.get(interview_id).thank_you_sent_at is None


async def test_referrals_typed_in_are_not_dropped_by_esc(store: Store, clock: FakeClock) -> None:
    populate(store)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_palette_command(pilot, "Add referrals")
        await esc_closes_at_once(pilot, ReferralsScreen)

        await run_palette_command(pilot, "Add referrals")
        await type_text(pilot, "Maria Lopez at Acme")
        await pilot.press("enter")  # into the list, not saved yet
        await pilot.pause()
        await esc_asks_and_enter_keeps_editing(pilot, ReferralsScreen, "the referrals")
        assert shows(app, "Maria Lopez at Acme")
        await esc_then_discard(pilot, ReferralsScreen)
    assert "Maria Lopez" not in {c.name for c in store.contacts.all()}


# -- contacts: the form, the call and the schedule ------------------------------------------


async def test_contact_form_esc_asks_before_discarding(store: Store, clock: FakeClock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await pilot.press("a")
        await pilot.pause()
        await esc_closes_at_once(pilot, ContactForm)
        assert isinstance(app.screen, ContactsScreen)

        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Jim Park")
        await esc_asks_and_enter_keeps_editing(pilot, ContactForm, "the new contact")
        assert app.screen.query_one("#name", Input).value == "Jim Park"
        await pilot.click("#cancel")  # the Cancel button asks the same way
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        await esc_then_discard(pilot, ContactForm)
        assert isinstance(app.screen, ContactsScreen)
    assert store.contacts.all() == []


async def test_editing_a_contact_esc_asks_only_after_a_change(
    store: Store, clock: FakeClock
) -> None:
    ann = store.contacts.add("Ann Lee", company="Acme")
    bo = store.contacts.add("Bo Diaz", referred_by_id=ann.id)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(pilot)
        screen.table.move_cursor(row=next(n for n, r in enumerate(screen.shown)
                                          if r.contact.id == bo.id))  # fmt: skip
        await pilot.press("e")
        await pilot.pause()
        await esc_closes_at_once(pilot, ContactForm)  # its saved values are no change

        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#company", Input).focus()
        await type_text(pilot, "Brightline")
        await esc_asks_and_enter_keeps_editing(pilot, ContactForm, "Bo Diaz")
        await esc_then_discard(pilot, ContactForm)
    assert store.contacts.get(bo.id).company == ""


async def test_schedule_esc_asks_before_discarding(store: Store, clock: FakeClock) -> None:
    jim = store.contacts.add("Jim Alvarez")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await pilot.press("s")
        await pilot.pause()
        await esc_closes_at_once(pilot, ScheduleScreen)

        await pilot.press("s")
        await pilot.pause()
        await type_text(pilot, "tomorrow 10am")
        await esc_asks_and_enter_keeps_editing(pilot, ScheduleScreen, "the booking")
        assert app.screen.query_one("#when", Input).value == "tomorrow 10am"
        await esc_then_discard(pilot, ScheduleScreen)
    assert store.interviews.to_resume(jim.id) is None


async def test_call_notes_are_not_dropped_by_esc(store: Store, clock: FakeClock) -> None:
    jim = store.contacts.add("Jim Alvarez", phone="+1 555 010 4477")
    before = store.contacts.history(jim.id)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "Dana Kim")  # the name asked once is saved on Enter...
        await pilot.press("enter")
        await pilot.pause()
        await esc_closes_at_once(pilot, CallScreen)  # ...so it is no draft
        assert store.settings.my_name() == "Dana Kim"

        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "Busy until May")
        await esc_asks_and_enter_keeps_editing(pilot, CallScreen, "the call notes")
        assert app.screen.query_one("#note", Input).value == "Busy until May"
        await esc_then_discard(pilot, CallScreen)
    assert store.contacts.history(jim.id) == before  # no call logged


# -- the live screen's dialogs ------------------------------------------------------------


async def test_quick_add_esc_asks_once_a_name_is_typed(store: Store, clock: FakeClock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # "+ Add a contact" with an empty filter
        await pilot.pause()
        await esc_closes_at_once(pilot, QuickAddContact)

        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "Jim Park")
        await esc_asks_and_enter_keeps_editing(pilot, QuickAddContact, "the new contact")
        assert app.screen.query_one("#name", Input).value == "Jim Park"
        await esc_then_discard(pilot, QuickAddContact)
    assert store.contacts.all() == []


async def test_add_question_esc_asks_once_a_question_is_typed(
    store: Store, clock: FakeClock
) -> None:
    interview_id = populate(store)
    before = [e.text for e in store.plans.of(interview_id)]
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        await esc_closes_at_once(pilot, AddQuestion)

        await pilot.press("f7")
        await pilot.pause()
        await type_text(pilot, "What changed after the merger?")
        await esc_asks_and_enter_keeps_editing(pilot, AddQuestion, "the question")
        assert app.screen.query_one("#text", Input).value == "What changed after the merger?"
        await esc_then_discard(pilot, AddQuestion)
    assert [e.text for e in store.plans.of(interview_id)] == before


async def test_start_asks_before_dropping_changed_minutes(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(OpenInterview(ann.id, start=True))
        await pilot.pause()
        await esc_closes_at_once(pilot, StartInterview)

        app.post_message(OpenInterview(ann.id, start=True))
        await pilot.pause()
        app.screen.query_one("#minutes", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", "2", "0")
        await esc_asks_and_enter_keeps_editing(pilot, StartInterview, "the agreed minutes")
        await esc_then_discard(pilot, StartInterview)
    interview = store.interviews.to_resume(ann.id)
    assert interview is None or interview.started_at is None


# -- the question bank and the plan ---------------------------------------------------------


async def test_rewording_in_the_bank_asks_before_discarding(store: Store, clock: FakeClock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f12")
        await pilot.pause()
        bank = app.screen
        assert isinstance(bank, QuestionBankScreen)
        question = bank.current()
        assert question is not None
        await pilot.press("e")
        await pilot.pause()
        await esc_closes_at_once(pilot, TextPrompt)  # the wording as it was

        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end")  # the wording is selected; typing would replace it
        await type_text(pilot, " really")
        await esc_asks_and_enter_keeps_editing(pilot, TextPrompt, "the question")
        assert app.screen.query_one(Input).value == question.text + " really"
        await esc_then_discard(pilot, TextPrompt)
        assert app.screen is bank
    assert [q.text for q in store.questions.all() if q.id == question.id] == [question.text]


async def test_plan_esc_asks_with_keep_editing_focused(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    before = store.plans.drafts_of(interview_id)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f11")
        await pilot.pause()
        await esc_closes_at_once(pilot, PlanScreen)

        await pilot.press("f11")
        await pilot.pause()
        await pilot.press("x")  # drop the first question
        await pilot.pause()
        await esc_asks_and_enter_keeps_editing(pilot, PlanScreen, "the plan")
        assert len(app.screen.drafts) == len(before) - 1
        await esc_then_discard(pilot, PlanScreen)
    assert store.plans.drafts_of(interview_id) == before


# -- import -------------------------------------------------------------------------------


async def test_import_esc_asks_once_a_file_is_named(store: Store, clock: FakeClock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_import()
        await pilot.pause()
        await esc_closes_at_once(pilot, ImportScreen)

        app.action_import()
        await pilot.pause()
        await type_text(pilot, "~/Connections.csv")
        await esc_asks_and_enter_keeps_editing(pilot, ImportScreen, "the import")
        assert app.screen.query_one("#path", Input).value == "~/Connections.csv"
        await esc_then_discard(pilot, ImportScreen)
    assert store.contacts.all() == []
