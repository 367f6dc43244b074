"""The live interview screen, driven as a user would with Pilot."""

from __future__ import annotations

import contextlib
import inspect
import os
import signal
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, TextArea
from textual.widgets._footer import FooterKey
from textual.worker import WorkerCancelled

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.keeper import SAVE_AT_MOST
from infotui.models import InterviewStatus
from infotui.screens.after import DebriefScreen
from infotui.screens.dialogs import ExtendScreen
from infotui.screens.interview import InterviewScreen
from infotui.store import Store
from infotui.timer import Countdown
from infotui.widgets.checklist import QuestionChecklist
from infotui.widgets.footer import KeyFooter
from infotui.widgets.timer_display import TimerDisplay
from tests.helpers import SIZE, digits, run_palette_command, shows, type_text, wait_until


async def add_contact_and_start(pilot, name: str, company: str, minutes: int = 30) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, name)
    await pilot.press("enter")  # "+ Add “name” as a contact"
    await pilot.pause()
    await pilot.press("enter")  # name is filled in: on to the company
    await type_text(pilot, company)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("f2")
    await pilot.pause()
    if minutes != 30:
        await pilot.click("#minutes")
        await pilot.press("ctrl+a", "ctrl+k", *str(minutes))
    await pilot.press("enter")
    await pilot.pause()


async def test_first_interview_flow_survives_a_restart(tmp_path: Path, clock: FakeClock) -> None:
    db = tmp_path / "t.db"
    with Store(db, clock=clock) as store:
        app = InfoApp(store, clock=clock)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            await add_contact_and_start(pilot, "Jim Park", "Acme")
            assert isinstance(app.focused, TextArea) and app.focused.id == "answer"
            await type_text(pilot, "Reviews in the morning")
            await pilot.press("ctrl+n")
            await type_text(pilot, "SQL and patience")
            clock.advance(minutes=4)
            await pilot.press("ctrl+q")
        [jim] = store.contacts.all()
        interview = store.interviews.to_resume(jim.id)
        assert interview is not None and interview.status == InterviewStatus.IN_PROGRESS
        plan = store.plans.of(interview.id)
        answers = store.answers.of(interview.id)
        assert answers[plan[0].question_id] == "Reviews in the morning"
        assert answers[plan[1].question_id] == "SQL and patience"
        assert plan[0].asked and plan[1].asked  # answering a question marks it asked

    clock.advance(minutes=6)  # ten minutes after the start
    with Store(db, clock=clock) as store:
        app = InfoApp(store, clock=clock)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            assert digits(app) == "20:00"
            assert shows(app, "Jim Park") and shows(app, "30 minutes agreed")
            screen = app.screen
            assert isinstance(screen, InterviewScreen)
            await pilot.press("escape", "up", "up")
            assert screen.answer_area.text == "Reviews in the morning"


async def test_quick_add_needs_a_name(store: Store, clock: FakeClock) -> None:
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # "+ Add a contact" with an empty filter
        await pilot.pause()
        await pilot.press("tab", "enter")  # skip the name, submit the company
        await pilot.pause()
        assert shows(app, "A name is required.")
        assert store.contacts.all() == []


async def test_quick_add_says_a_name_is_too_long_and_keeps_what_was_typed(
    store: Store, clock: FakeClock
) -> None:
    """A name of 230 characters in the filter, then Enter on "+ Add": the dialog says it
    is too long, as the contact form does, and stays with what was typed; the message
    follows the fields. Add closed the dialog with a notice, and what was typed was gone."""
    from textual import events

    from infotui.screens.dialogs import QuickAddContact

    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#contact-filter", Input)
        box.post_message(events.Paste("N" * 230))
        await pilot.pause()
        await pilot.press("enter")  # "+ Add “NNN…” as a contact"
        await pilot.pause()
        await pilot.press("enter")  # the name is filled in: on to the company
        await type_text(pilot, "Acme")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, QuickAddContact)
        assert shows(app, "Name: keep it under 200 characters.")
        assert dialog.query_one("#name", Input).value == "N" * 230
        assert dialog.query_one("#company", Input).value == "Acme"
        assert app.focused is dialog.query_one("#name", Input)
        await pilot.press("end", "ctrl+u")
        await pilot.pause()
        assert shows(app, "A name is required.") and not shows(app, "keep it under")
        await type_text(pilot, "Ann Lee")
        await pilot.pause()
        assert not shows(app, "A name is required.")
        await pilot.click("#add")
        await pilot.pause()
        assert app.screen is not dialog
    assert [(c.name, c.company) for c in store.contacts.all()] == [("Ann Lee", "Acme")]


async def test_answers_are_saved_within_a_second(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        current = screen.bound
        assert current is not None
        await type_text(pilot, "An exam")
        await wait_until(
            pilot,
            lambda: (
                store.answers.of(interview_id).get(current.question_id) == "An exam"
                and screen.query_one("#editor-pane").border_subtitle == "saved"
            ),
            "the answer saved",
            within=SAVE_AT_MOST + 0.3,
        )
        assert store.answers.of(interview_id)[current.question_id] == "An exam"
        assert screen.query_one("#editor-pane").border_subtitle == "saved"


async def test_general_notes_are_saved_on_switching(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g", "end")
        await type_text(pilot, " Follow up in May.")
        await pilot.press("escape")  # leaving the editor saves at once
        assert "Follow up in May." in store.answers.of(interview_id)[None]


async def test_sighup_saves_what_was_typed(tmp_path: Path, clock: FakeClock) -> None:
    with Store(tmp_path / "t.db", clock=clock) as store:
        interview_id = populate(store)
        app = InfoApp(store, clock=clock)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, InterviewScreen)
            question = screen.bound
            await type_text(pilot, "Union card")
            os.kill(os.getpid(), signal.SIGHUP)  # the terminal window was closed
            await pilot.pause()
        assert question is not None
        assert store.answers.of(interview_id)[question.question_id] == "Union card"
        assert app.return_code == 0


async def test_time_warnings_and_wrap_up(store: Store, clock: FakeClock) -> None:
    populate(store, minutes_in=20)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        timer = app.screen.query_one(TimerDisplay)
        checklist = app.screen.query_one(QuestionChecklist)
        assert not checklist.entries[0].closing

        clock.advance(minutes=5)  # 5 minutes left
        timer.repaint()
        await pilot.pause()
        assert timer.has_class("-five")
        assert shows(app, "5 minutes left")

        clock.advance(minutes=2)  # 3 minutes left: wrap-up
        timer.repaint()
        await pilot.pause()
        assert [e.closing for e in checklist.entries[:2]] == [True, True]
        assert shows(app, "who else they suggest")

        clock.advance(minutes=3, seconds=12)  # overtime
        timer.repaint()
        await pilot.pause()
        assert timer.has_class("-over")
        assert digits(app) == "+00:12"
        assert shows(app, "Time is up")


async def test_pause_and_extend_are_recorded(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store, minutes_in=28)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f3")  # pause: the phone rings
        clock.advance(minutes=4)
        await pilot.press("f3")  # carry on
        await pilot.press("f4")  # may we have 5 more minutes?
        await pilot.pause()
        assert isinstance(app.screen, ExtendScreen)
        assert store.interviews.get(interview_id).extended_minutes == 0  # not before the answer
        await pilot.press("y")  # they agreed
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert digits(app) == "07:00"
        assert shows(app, "Extended to 35 minutes, as agreed.")
    interview = store.interviews.get(interview_id)
    assert interview.extended_minutes == 5
    assert interview.paused_seconds == 4 * 60
    assert Countdown.of(interview).remaining(clock.now()) == 7 * 60
    latest = store.contacts.history(interview.contact_id)[0]
    assert (latest.kind, latest.at, latest.note) == (
        "extended", clock.now(), "5 more minutes: 35 in all",
    )  # fmt: skip


async def test_an_extension_they_did_not_agree_to_is_not_made(
    store: Store, clock: FakeClock
) -> None:
    interview_id = populate(store, minutes_in=28)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f4")  # pressed by mistake, next to F3 and F5
        await pilot.pause()
        assert isinstance(app.screen, ExtendScreen)
        assert shows(app, "Did Priya agree to 5 more minutes?")
        assert store.interviews.get(interview_id).extended_minutes == 0
        await pilot.press("enter")  # the safe answer has the focus
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert digits(app) == "02:00"
        await pilot.press("f4", "escape")
        await pilot.pause()
        assert digits(app) == "02:00"
        await pilot.press("f4", "f4")  # F4 again: they agreed
        await pilot.pause()
        assert digits(app) == "07:00"
    assert store.interviews.get(interview_id).extended_minutes == 5


async def test_mark_star_and_add_a_question(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # to the checklist
        await pilot.press("down", "space", "f6")
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        changed = store.plans.of(interview_id)[4]
        assert changed.asked and changed.starred  # buzz words: not starred by default
        await pilot.press("f7")
        await pilot.pause()
        await type_text(pilot, "What changed after the merger?")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.bound is not None and screen.bound.text == "What changed after the merger?"
        assert app.focused is screen.answer_area
    assert store.plans.of(interview_id)[-1].text == "What changed after the merger?"


async def test_what_is_typed_with_no_interview_goes_to_the_filter_and_opens_nothing(
    store: Store, clock: FakeClock
) -> None:
    """Ctrl+G with no interview says how to have one; what is typed on the contact list
    then goes to its filter. Ctrl+G did nothing, the keys were lost, and the "a" of
    "ask" opened "Add a contact", whose name took the rest."""
    store.contacts.add("Jim Park", company="Acme")
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert app.focused is screen.query_one("#contact-options")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert shows(app, "No interview with Jim Park yet") and shows(app, "F2 starts one")
        typed = "Prep notes for Jim: ask about Acme's data team"
        await type_text(pilot, typed)
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#contact-filter", Input).value == typed
        assert shows(app, "+ Add “Prep notes for Jim:")
    assert [c.name for c in store.contacts.all()] == ["Jim Park"]


async def test_what_is_typed_on_the_question_list_goes_into_the_answer(
    store: Store, clock: FakeClock
) -> None:
    """Letters typed on the question list go to the end of its answer: "s" starred the
    question and the other letters were lost."""
    interview_id = populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.bound is not None
        question_id = screen.bound.question_id
        before = store.answers.of(interview_id).get(question_id, "")
        starred = [e.starred for e in store.plans.of(interview_id)]
        await pilot.press("escape")  # to the checklist
        await type_text(pilot, "so SQL first")
        await wait_until(
            pilot,
            lambda: store.answers.of(interview_id).get(question_id) == before + "so SQL first",
            "the answer saved",
        )
        assert app.focused is screen.answer_area
        assert [e.starred for e in store.plans.of(interview_id)] == starred

        screen.set_focus(None)  # nothing in focus: the key comes to the screen
        await type_text(pilot, "!")
        await wait_until(
            pilot,
            lambda: store.answers.of(interview_id)[question_id] == before + "so SQL first!",
            "the answer saved",
        )


async def test_what_is_typed_on_an_empty_question_list_is_refused_out_loud(
    store: Store, clock: FakeClock
) -> None:
    """With no interview, letters typed on the question list open nothing and say why."""
    store.contacts.add("Jim Park", company="Acme")
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # picks Jim: the focus goes to his (empty) questions
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and app.focused is screen.checklist
        await type_text(pilot, "ask about")
        await pilot.pause()
        assert app.screen is screen
        assert shows(app, "No interview with Jim Park yet") and shows(app, "F11 plans one")
        assert len(app._notifications) == 1  # said once, not once a key
    assert [c.name for c in store.contacts.all()] == ["Jim Park"]


async def test_ctrl_s_saves_in_every_dialog_that_takes_typing(
    store: Store, clock: FakeClock
) -> None:
    """As in the contact form: a question that came up, a quick-added contact, the
    referrals and a one-line prompt (a question's minutes) are saved with Ctrl+S, from
    the field typed in. It did nothing there."""
    from infotui.screens.dialogs import AddQuestion, QuickAddContact, TextPrompt
    from infotui.screens.plan import PlanScreen

    interview_id = populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, AddQuestion)
        await type_text(pilot, "What changed after the merger?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert store.plans.of(interview_id)[-1].text == "What changed after the merger?"

        await pilot.press("f11")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("7", "ctrl+s")  # the prompt's, then the plan's
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert store.plans.of(interview_id)[0].minutes == 7

        await run_palette_command(pilot, "Add referrals")
        await type_text(pilot, "Maria Lopez at Acme")
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert "Maria Lopez" in {c.name for c in store.contacts.all()}

        await pilot.press("ctrl+l")
        await type_text(pilot, "Ann Lee")
        await pilot.press("enter")  # "+ Add “Ann Lee” as a contact"
        await pilot.pause()
        assert isinstance(app.screen, QuickAddContact)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert "Ann Lee" in {c.name for c in store.contacts.all()}


async def test_end_interview_asks_first(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("escape")  # changed my mind
        await pilot.pause()
        assert store.interviews.get(interview_id).status == InterviewStatus.IN_PROGRESS
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("enter")  # the safe choice has the focus: Cancel
        await pilot.pause()
        assert store.interviews.get(interview_id).status == InterviewStatus.IN_PROGRESS
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("tab", "enter")  # End
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)  # the debrief follows at once
        assert app.live is not None
        caption = app.live.query_one(TimerDisplay).query_one(Label).render()
        assert str(caption).startswith("ended")  # the live screen's countdown, under it
    assert store.interviews.get(interview_id).status == InterviewStatus.DONE


async def test_commands_are_in_the_palette(store: Store, clock: FakeClock) -> None:
    populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for title in ("Pause timer", "Extend 5 minutes", "Mark asked", "End interview", "Help",
                      "Opener"):  # fmt: skip
            assert title in titles
        assert "Start interview" not in titles  # one is already running


async def test_help_lists_the_keys(store: Store, clock: FakeClock) -> None:
    populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert shows(app, "f4 Extend 5 minutes: asks first whether they agreed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_live_screen_snapshot(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock("2026-03-10T14:00:00Z")
    store = Store("sqlite://", clock=clock)
    populate(store)

    def steady_cursor(pilot: Pilot[None]) -> None:
        # The editor's cursor blinks: shown or not would depend on the moment taken.
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
            # Drawn again: the last drawing may have caught the cursor blinked off, or the
            # editor before it had the focus (lines drawn then are kept: Textual's cache).
            area._line_cache.clear()
            area.refresh()

    assert snap_compare(InfoApp(store, clock=clock), terminal_size=size, run_before=steady_cursor)


async def test_store_is_opened_after_the_first_frame(tmp_path: Path, clock: FakeClock) -> None:
    def open_store() -> Store:
        store = Store(tmp_path / "t.db", clock=clock)
        store.contacts.add("Ann Lee", company="Acme")
        return store

    app = InfoApp(open_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert shows(app, "Ann Lee")
    assert app.store is not None
    app.store.close()


async def test_a_bad_database_ends_the_app_with_its_message(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    app = InfoApp(lambda: Store(bad))
    async with app.run_test(size=SIZE):
        with contextlib.suppress(WorkerCancelled):  # the app exits from inside the worker
            await app.workers.wait_for_complete()
    assert app.return_code == 2
    assert app.open_error == f"{bad} is not an infotui database (it is not a SQLite file)"
    assert bad.read_text() == "not a database"


async def test_notes_the_database_refuses_are_not_lost(tmp_path: Path, clock: FakeClock) -> None:
    import sqlite3

    db = tmp_path / "t.db"
    with Store(db, clock=clock, busy_timeout_ms=50) as store:
        populate(store)
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # another program keeps the database locked
        holder.execute("INSERT INTO setting (key, value) VALUES ('held', 'yes')")
        try:
            app = InfoApp(store, clock=clock)
            async with app.run_test(size=SIZE, notifications=True) as pilot:
                await pilot.pause()
                await type_text(pilot, "Needs a licence")
                await pilot.press("ctrl+q")
                await pilot.pause()
                assert shows(app, "could not be saved")
                assert app.is_running
                await pilot.press("ctrl+q")
                await pilot.pause()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    [recovery] = tmp_path.glob("t.db.unsaved-*.txt")
    assert "Needs a licence" in recovery.read_text(encoding="utf-8")
    assert "Beyond education and experience" in recovery.read_text(encoding="utf-8")
    assert oct(recovery.stat().st_mode & 0o777) == "0o600"


async def test_the_key_bar_follows_the_interview(store: Store, clock: FakeClock) -> None:
    store.contacts.add("Ann Lee", company="Acme")
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shows(app, "f2Start") and not shows(app, "f3Pause")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("enter")  # the agreed 30 minutes
        await pilot.pause()
        assert shows(app, "f3Pause") and shows(app, "f8End")
        assert not shows(app, "f2Start")


async def test_a_long_answer_is_wrapped_again_when_the_window_narrows(
    store: Store, clock: FakeClock
) -> None:
    interview_id = populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.bound is not None
        words = " ".join(f"w{n}" for n in range(10)) + " lastword"
        question_id = screen.bound.question_id
        store.answers.save(interview_id, question_id, "\n".join([words] * 400))
        screen.show_contact(screen.contact.id)  # type: ignore[union-attr]
        screen.questions.select_question(question_id)  # answered: no longer the open one
        await pilot.pause()
        assert shows(app, "w8 w9 lastword")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        # Narrower: the line ends further down, but it still ends (nothing cut off).
        assert shows(app, "lastword")
        area = screen.answer_area
        longest = max(len(line.rstrip()) for line in area.wrapped_document.lines[0])
        assert longest <= area.content_size.width


async def test_the_key_bar_keeps_every_key_through_a_narrow_window(
    store: Store, clock: FakeClock
) -> None:
    populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shows(app, "f12Questions▏^ppalette")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        # On two rows: nothing left out, the palette key still at the end.
        assert app.screen.query_one(KeyFooter).region.height == 2
        assert shows(app, "f11Plan") and shows(app, "f12Questions▏^ppalette")
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one(KeyFooter).region.height == 1
        assert shows(app, "f12Questions▏^ppalette")


async def test_the_contact_filter_finds_names_whatever_their_accents(
    store: Store, clock: FakeClock
) -> None:
    for name in ("Zoë Åström", "Jürgen Müller", "Søren Lund", "Amélie Dupont", "Bo Diaz"):
        store.contacts.add(name)
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for typed, name in [("zoe", "Zoë Åström"), ("muller", "Jürgen Müller"),
                            ("soren", "Søren Lund"), ("amelie", "Amélie Dupont")]:  # fmt: skip
            box = app.screen.query_one("#contact-filter", Input)
            box.value = ""
            box.focus()
            await type_text(pilot, typed)
            await pilot.pause()
            options = app.screen.query_one("#contact-options", OptionList)
            shown = [str(options.get_option_at_index(n).prompt).split("\n")[0]
                     for n in range(options.option_count)]  # fmt: skip
            assert shown == [name, f"+ Add “{typed}” as a contact"], typed


async def test_the_agreed_minutes_take_what_is_typed_and_refuse_a_time_out_of_range(
    store: Store, clock: FakeClock
) -> None:
    """F2, then the minutes and Enter: they replace the 30 offered (the digits went
    nowhere, and Enter started 30 minutes). Out of range, the field says so beside it and
    nothing starts."""
    from infotui.screens.start_interview import StartInterview

    def said_beside_the_field() -> bool:
        field, error = app.screen.query_one("#minutes"), app.screen.query_one("#error")
        return shows(app, "A number of minutes from 5 to 180.") and (
            field.region.y <= error.region.y < field.region.bottom
        )

    jim = store.contacts.add("Jim Park", company="Acme")
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f2", "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StartInterview)
        assert app.screen.query_one("#minutes", Input).value == "1"
        assert said_beside_the_field()
        await pilot.press("ctrl+u", "5", "0", "0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StartInterview)
        assert app.screen.query_one("#minutes", Input).value == "500"
        assert said_beside_the_field()
        assert store.interviews.to_resume(jim.id) is None
        await pilot.press("ctrl+u", "2", "0")
        await pilot.pause()
        assert not shows(app, "A number of minutes from")  # no longer so
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
    interview = store.interviews.to_resume(jim.id)
    assert interview is not None and interview.started_at is not None
    assert interview.agreed_minutes == 20


async def test_the_opener_ticks_are_kept_and_it_reopens_once_the_clock_runs(
    store: Store, clock: FakeClock
) -> None:
    from infotui.screens.start_interview import OpenerChecklist, StartInterview
    from infotui.widgets.tick_list import TickList

    ana = store.contacts.add("Ana Costa", company="Acme")
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, StartInterview)
        # The long second line wraps under its box rather than being cut.
        assert shows(app, "☐ Say again that you are here to learn about their work and their")
        assert shows(app, "field, not to ask for a job.")
        app.screen.query_one(TickList).focus()
        await pilot.press("space", "down", "enter")  # the first two, by Space and Enter
        await pilot.pause()
        assert shows(app, "☑ Thank them for making time")
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert shows(app, "F2: the opener again")
        interview = store.interviews.to_resume(ana.id)
        assert store.interviews.opener_ticked(interview.id) == [
            "Thank them for making time to meet with you.",
            "Say again that you are here to learn about their work and their field, "
            "not to ask for a job.",
        ]
        await pilot.press("f1")
        await pilot.pause()
        assert shows(app, "Opener: what to do as it starts, with what was ticked")  # F2, in help
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f2")  # while the countdown runs: the opener again
        await pilot.pause()
        assert isinstance(app.screen, OpenerChecklist)
        assert shows(app, "☑ Thank them for making time")
        assert shows(app, "☐ Keep it a relaxed conversation")
        await pilot.press("down", "down", "space", "up", "up", "space", "escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
    assert store.interviews.opener_ticked(interview.id) == [
        "Say again that you are here to learn about their work and their field, "
        "not to ask for a job.",
        "Keep it a relaxed conversation rather than an interrogation.",
    ]
    assert store.interviews.get(interview.id).started_at == clock.now()  # still running


async def test_the_first_frame_is_built_for_the_interview_under_way(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key bar drawn with the screen shows the interview's keys, and is not built
    again as the first keys are typed (rebuilt, it was a pause of a tenth of a second
    just then, at 100,000 contacts). A new height alone leaves the question list as it
    is: only a new width wraps its questions differently."""
    populate(store)
    mounted: list[FooterKey] = []
    on_mount = InterviewScreen.on_mount

    async def remember(screen: InterviewScreen) -> None:
        done = on_mount(screen)
        if inspect.isawaitable(done):
            await done
        mounted.extend(screen.query(FooterKey))  # what the first frame draws

    monkeypatch.setattr(InterviewScreen, "on_mount", remember)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: mounted, "the live screen up")
        shown = [key.key for key in mounted]
        assert "f5" in shown and "f6" in shown  # Asked and Star: there is an interview
        await type_text(pilot, "Mostly reviews")
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.interview is not None
        interview_id = screen.interview.id

        def saved() -> bool:
            return any(
                t.endswith("Mostly reviews") for t in store.answers.of(interview_id).values()
            )

        await wait_until(pilot, saved, "the answer saved")  # and its question marked answered
        await pilot.pause()
        assert list(screen.query(FooterKey)) == mounted

        def options() -> list[object]:
            checklist = screen.query_one(QuestionChecklist)
            return [checklist.get_option_at_index(n) for n in range(checklist.option_count)]

        before = options()
        await pilot.resize_terminal(SIZE[0], SIZE[1] - 4)
        await pilot.pause()
        assert options() == before
        await pilot.resize_terminal(SIZE[0] - 20, SIZE[1])
        await pilot.pause()
        assert options() != before


async def test_adding_a_long_name_says_so_whole(store: Store, clock: FakeClock) -> None:
    """The line that adds the name typed in the contact filter goes on to a second line
    rather than being cut short ("as a c…")."""
    store.contacts.add("Ann Lee", company="Acme")
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#contact-filter", Input)
        box.focus()
        await type_text(pilot, "Priya Ramanathan")
        await pilot.pause()
        assert shows(app, "+ Add “Priya Ramanathan”") and shows(app, "as a contact")
        await pilot.press("enter")  # the only line: adds them
        await pilot.pause()
        assert shows(app, "Priya Ramanathan")


async def test_a_shorter_window_keeps_the_question_in_sight(store: Store, clock: FakeClock) -> None:
    """The question list is not rewrapped for a new height, but the question highlighted
    stays on screen as the window shortens."""
    populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checklist = app.screen.query_one(QuestionChecklist)
        checklist.focus()
        checklist.highlighted = checklist.option_count - 1
        await pilot.pause()
        last = checklist.entries[-1].text
        for height in (30, 24, 18, 14):
            await pilot.resize_terminal(SIZE[0], height)
            await pilot.pause()
            await pilot.pause()
            size = checklist.size
            shown = " ".join(
                strip.text
                for strip in checklist.render_lines(Region(0, 0, size.width, size.height))
            )
            assert " ".join(last.split()[:3]) in " ".join(shown.split()), height


async def test_contacts_another_program_adds_or_deletes_show_in_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `infotui contacts add` beside the app, or another window: the list follows, and the
    # line the cursor is on stays under it.
    from infotui.widgets import contact_list

    monkeypatch.setattr(contact_list, "FOLLOW_EVERY", 0.1)
    db = tmp_path / "t.db"
    with Store(db) as store:
        for name in ("Ann Lee", "Bo Diaz", "Cy Young"):
            store.contacts.add(name)
        app = InfoApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            options = app.screen.query_one("#contact-options", OptionList)

            def names() -> list[str]:
                return [str(options.get_option_at_index(n).prompt).split("\n")[0]
                        for n in range(options.option_count)][:-1]  # fmt: skip

            def on_cursor() -> str:
                option = options.highlighted_option
                return str(option.prompt) if option is not None else ""

            options.focus()
            options.highlighted = 1  # Bo Diaz
            with Store(db) as other:
                other.contacts.add("Abe Zed")
                cy = next(c for c in other.contacts.all() if c.name == "Cy Young")
                assert cy.id is not None
                other.contacts.delete(cy.id)
            await wait_until(pilot, lambda: "Abe Zed" in names(), "the new contact listed")
            assert names() == ["Abe Zed", "Ann Lee", "Bo Diaz"]
            assert on_cursor() == "Bo Diaz"


async def test_a_new_database_says_where_to_begin(store: Store, clock: FakeClock) -> None:
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shows(app, "Welcome to infotui")
        assert shows(app, "Type a name on the left, then Enter, to add a contact.")
        assert shows(app, "Or import LinkedIn, CSV or vCard: F9, then I.")
        assert shows(app, "Your notes go here")
        await pilot.pause(1.2)  # the header's second line is redrawn each second
        assert shows(app, "F9, then I.")
        await type_text(pilot, "Ann Lee")
        await pilot.press("enter")  # + Add "Ann Lee": the quick add
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: shows(app, "No interview yet"), "Ann Lee shown")
        assert not shows(app, "Welcome") and not shows(app, "F9, then I.")
    assert [c.name for c in store.contacts.all()] == ["Ann Lee"]


async def test_the_contact_list_looks_less_often_while_the_database_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A server out of reach can take seconds to say so, on the app's thread: the list's
    # look for contacts added elsewhere backs off while it fails, and comes back after.
    from infotui.errors import StoreError
    from infotui.widgets import contact_list

    monkeypatch.setattr(contact_list, "FOLLOW_EVERY", 0.01)
    looks: list[int] = []
    failing = True

    def mark() -> tuple[int, int]:
        looks.append(1)
        if failing:
            raise StoreError("the server did not answer")
        return (1, 1)

    ticks: list[int] = []
    follow = contact_list.ContactList.follow_other_programs

    def counted(self: contact_list.ContactList) -> None:
        ticks.append(1)
        follow(self)

    monkeypatch.setattr(contact_list.ContactList, "follow_other_programs", counted)
    with Store(tmp_path / "t.db") as store:
        store.contacts.add("Ann Lee")
        monkeypatch.setattr(store.reads, "contacts_mark", mark)
        app = InfoApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: len(ticks) >= 31, "31 looks due")
            assert len(looks) <= 5  # at the 1st, 3rd, 7th, 15th and 31st: not 31
            failing = False
            before = len(looks)
            await wait_until(pilot, lambda: len(ticks) >= 95, "the next looks due")
            # The next look (by the 62nd) answers, and every one after it looks again.
            assert len(looks) - before >= 30
