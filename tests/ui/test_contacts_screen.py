"""Contacts, the call, scheduling and the week ahead, driven as a user would."""

from __future__ import annotations

import re

import pendulum
import pytest
from textual import events
from textual.widgets import Button, DataTable, Input, Label, OptionList, Select

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.models import Medium, OutreachStatus
from infotui.screens.call import CallScreen
from infotui.screens.contact_form import ContactForm
from infotui.screens.contacts import ContactsScreen
from infotui.screens.dialogs import ConfirmScreen
from infotui.screens.interview import InterviewScreen
from infotui.screens.schedule import ScheduleScreen
from infotui.store import Store
from infotui.widgets.referrer_picker import NONE_FOUND
from infotui.widgets.timer_display import TimerDisplay
from tests.helpers import (
    SIZE,
    digits,
    open_contacts,
    screen_text,
    shows,
    type_text,
    wait_until,
)


def make_app(store: Store, clock: FakeClock) -> InfoApp:
    return InfoApp(store, clock=clock, tz="UTC")


def dialog_shows(app: InfoApp, phrase: str) -> bool:
    """Like :func:`shows`, for text that a dialog wraps: its border is left out."""
    return re.sub(r"\s", "", phrase) in screen_text(app).replace("█", "")


async def fill(pilot, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(f"#{field}", Input).focus()
    await pilot.pause()
    await type_text(pilot, text)


async def test_add_contacts_with_validation_and_a_referrer(store: Store, clock: FakeClock) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_contacts(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        await type_text(pilot, "Jim Alvarez")
        await fill(pilot, "company", "Brightline Energy")
        await fill(pilot, "email", "jim@")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)  # still open: the email is wrong
        assert shows(app, "'jim@' is not an email address")
        assert store.contacts.all() == []
        await type_text(pilot, "brightline.example")  # focus went back to the email
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        [jim] = store.contacts.all()
        assert (jim.company, jim.email) == ("Brightline Energy", "jim@brightline.example")

        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Priya Raman")
        # Referred by: typed in, the contacts found listed under it, Enter picks the first.
        await fill(pilot, "referred_by", "alva")
        found = app.screen.query_one("#referrer-found", OptionList)
        assert [str(o.prompt) for o in found.options] == ["Jim Alvarez (Brightline Energy)"]
        await pilot.press("enter")
        await pilot.pause()
        assert (
            app.screen.query_one("#referred_by", Input).value == "Jim Alvarez (Brightline Energy)"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
    priya = next(c for c in store.contacts.all() if c.name == "Priya Raman")
    assert priya.referred_by_id == jim.id
    assert [c.name for c in store.contacts.referrals(jim.id)] == ["Priya Raman"]


async def test_the_referrer_is_found_by_typing_and_must_be_picked(
    store: Store, clock: FakeClock
) -> None:
    """Editing a contact: the referrer field shows who referred them, finds others by a few
    letters (never the contact themselves), and a name typed but not picked is not saved
    as somebody else, nor taken for nobody: the form says so."""
    ann = store.contacts.add("Ann Lee", company="Acme")
    store.contacts.add("Annie Hall")
    bo = store.contacts.add("Bo Diaz", referred_by_id=ann.id)
    assert bo.id is not None and ann.id is not None
    app = make_app(store, clock)

    async def retype(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("end", "ctrl+u")  # the field emptied, as by hand
        await type_text(pilot, text)
        await pilot.pause()

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await type_text(pilot, "/bo")
        await pilot.press("tab", "e")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        field = app.screen.query_one("#referred_by", Input)
        assert field.value == "Ann Lee (Acme)"
        field.focus()
        await retype(pilot, "o")  # "Bo Diaz" holds an o: left out, being himself
        found = app.screen.query_one("#referrer-found", OptionList)
        assert [str(o.prompt) for o in found.options] == [NONE_FOUND]
        await retype(pilot, "ann")
        assert [str(o.prompt) for o in found.options] == ["Ann Lee (Acme)", "Annie Hall"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)  # "ann" is nobody picked yet
        assert dialog_shows(app, "Pick them from the contacts found under it, or empty it.")
        assert store.contacts.get(bo.id).referred_by_id == ann.id  # type: ignore[union-attr]
        await pilot.press("down", "enter")  # to Annie in the list, picked
        await pilot.pause()
        assert field.value == "Annie Hall"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        annie = next(c for c in store.contacts.all() if c.name == "Annie Hall")
        assert store.contacts.get(bo.id).referred_by_id == annie.id  # type: ignore[union-attr]
        await pilot.press("e")  # and emptied: nobody
        await pilot.pause()
        app.screen.query_one("#referred_by", Input).focus()
        await retype(pilot, "")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert store.contacts.get(bo.id).referred_by_id is None  # type: ignore[union-attr]


def status_shown(screen: object) -> str:
    """The Status column of the highlighted row of the contacts table."""
    assert isinstance(screen, ContactsScreen)
    return str(screen.table.get_row_at(screen.table.cursor_row)[2])


async def test_a_declined_contact_is_moved_on_by_hand_and_by_a_later_call(
    store: Store, clock: FakeClock
) -> None:
    from infotui.models import CallOutcome

    jim = store.contacts.add("Jim Alvarez")
    store.contacts.log_call(jim.id, CallOutcome.DECLINED)  # the wrong button
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_contacts(pilot)
        assert status_shown(screen) == "declined"
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        status = app.screen.query_one("#status", Select)
        assert status.value == "declined"
        status.value = "reached_out"  # picked from the list
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert status_shown(screen) == "reached out"
        assert shows(app, "status → reached out")  # the history, dated, beside the list
        assert shows(app, "set by hand")
    assert store.contacts.get(jim.id).status == OutreachStatus.REACHED_OUT
    latest = store.contacts.history(jim.id)[0]
    assert (latest.status, latest.note, latest.at) == ("reached_out", "set by hand", clock.now())


async def test_a_call_agreeing_after_a_decline_moves_the_status_on(
    store: Store, clock: FakeClock
) -> None:
    from infotui.models import CallOutcome

    jim = store.contacts.add("Jim Alvarez")
    store.contacts.log_call(jim.id, CallOutcome.DECLINED)
    store.settings.set_my_name("Dana Kim")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_contacts(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.click("#agreed")
        await pilot.pause()
        assert isinstance(app.screen, ScheduleScreen)
        await type_text(pilot, "13/12 10am")  # 13 cannot be a month
        await pilot.pause()
        assert shows(app, "Sun 13 Dec, 10:00")
        await pilot.click("#schedule")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        assert status_shown(app.screen) == "scheduled"
    assert store.contacts.get(jim.id).status == OutreachStatus.SCHEDULED
    assert store.interviews.to_resume(jim.id).scheduled_at == pendulum.datetime(
        2026, 12, 13, 10, tz="UTC"
    )


async def test_call_script_then_agreed_then_scheduled(store: Store, clock: FakeClock) -> None:
    # FakeClock: Tuesday 10 March 2026, 14:00 UTC. Wednesday is booked already.
    other = store.contacts.add("Bo Diaz")
    store.interviews.schedule(other.id, pendulum.datetime(2026, 3, 11, 9, tz="UTC"))
    jim = store.contacts.add("Jim Alvarez", company="Brightline", phone="+1 555 010 4477")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_contacts(pilot)
        jim_row = next(n for n, r in enumerate(screen.shown) if r.contact.id == jim.id)
        screen.table.move_cursor(row=jim_row)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert shows(app, "Could we meet on Thursday? Or would Friday suit you better?")
        await type_text(pilot, "Dana Kim")  # asked once
        await pilot.press("enter")
        await pilot.pause()
        assert shows(app, "Hi Jim, this is Dana Kim.")
        await type_text(pilot, "Happy to help")
        await pilot.click("#agreed")
        await pilot.pause()
        assert isinstance(app.screen, ScheduleScreen)
        await type_text(pilot, "feb 30 10am")
        await pilot.pause()
        assert shows(app, "February has no day 30")
        await pilot.press("ctrl+u")
        await type_text(pilot, "tomorrow 10am")
        await pilot.pause()
        assert shows(app, "tomorrow 10:00, in 20 hours")
        await fill(pilot, "minutes", "")
        await pilot.press("ctrl+u", "2", "0")
        await pilot.click("#schedule")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
    assert store.settings.get("my_name") == "Dana Kim"
    planned = store.interviews.to_resume(jim.id)
    assert planned.scheduled_at == pendulum.datetime(2026, 3, 11, 10, tz="UTC")
    assert planned.agreed_minutes == 20
    after = store.contacts.get(jim.id)
    assert after.status == OutreachStatus.SCHEDULED
    assert [e.note for e in store.contacts.history(jim.id)][:2] == [
        "20 min, in person",
        "Happy to help",
    ]


async def test_the_name_asked_once_is_kept_without_enter(store: Store, clock: FakeClock) -> None:
    """The script says the name as it is typed in "Your name", and the name is kept on
    leaving the field, or on logging the call: it was kept only on Enter there, and the
    script, the next call and the thank-you said "[your name]"."""
    jim = store.contacts.add("Jim Alvarez", phone="+1 555 010 4477")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_contacts(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert shows(app, "Hi Jim, this is [your name].")
        await type_text(pilot, "Alex  Rivera")
        await pilot.pause()
        assert shows(app, "Hi Jim, this is Alex Rivera.")  # as it is typed
        assert store.settings.my_name() == ""
        await pilot.press("tab")  # away from the field
        await pilot.pause()
        assert store.settings.my_name() == "Alex Rivera"
        await pilot.click("#left_message")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)

        await pilot.press("c")  # not asked again
        await pilot.pause()
        assert isinstance(app.screen, CallScreen) and not app.screen.query("#my-name")
        assert shows(app, "Hi Jim, this is Alex Rivera.")
    assert store.contacts.get(jim.id).status == OutreachStatus.REACHED_OUT


async def test_the_name_asked_once_is_kept_when_the_call_is_logged(
    store: Store, clock: FakeClock
) -> None:
    store.contacts.add("Jim Alvarez", phone="+1 555 010 4477")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_contacts(pilot)
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "Alex Rivera")
        app.screen.query_one("#no_answer", Button).press()  # the focus stays in the field
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
    assert store.settings.my_name() == "Alex Rivera"


async def test_schedule_keeps_the_focus_on_a_field_it_refuses_and_ctrl_s_books(
    store: Store, clock: FakeClock
) -> None:
    """Enter on a day that does not exist keeps the focus there, so the next Ctrl+U and
    typing mend it (they went to Minutes); minutes out of range are said beside them, not
    in a notice; Ctrl+S books, as it saves the contact form."""
    jim = store.contacts.add("Jim Alvarez")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_contacts(pilot)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ScheduleScreen)
        when, minutes = dialog.query_one("#when", Input), dialog.query_one("#minutes", Input)
        await type_text(pilot, "2027-02-30 10:00")
        await pilot.press("enter")
        await pilot.pause()
        assert shows(app, "February 2027 has no day 30")
        assert app.focused is when
        await pilot.press("ctrl+u")
        await type_text(pilot, "tomorrow 10am")
        await pilot.pause()
        assert when.value == "tomorrow 10am" and minutes.value == "30"
        await pilot.press("enter")  # understood: on to the minutes
        await pilot.pause()
        assert app.focused is minutes
        await pilot.press("ctrl+u", "5", "0", "0", "ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and app.focused is minutes
        error = dialog.query_one("#minutes-error", Label)
        assert shows(app, "Between 5 and 180 minutes.") and error.region.y == minutes.region.bottom
        assert not shows(app, "Not scheduled")  # beside the field, not in a notice
        assert store.interviews.to_resume(jim.id) is None
        await pilot.press("ctrl+u", "4", "5")
        await pilot.pause()
        assert not shows(app, "Between 5 and 180 minutes.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
    booked = store.interviews.to_resume(jim.id)
    assert booked.agreed_minutes == 45
    assert booked.scheduled_at == pendulum.datetime(2026, 3, 11, 10, tz="UTC")


async def test_a_place_too_long_is_said_beside_it(store: Store, clock: FakeClock) -> None:
    """A place over 500 characters (a pasted invitation): said under the field, which
    keeps what was pasted; the app ended with a traceback."""
    jim = store.contacts.add("Jim Alvarez")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_contacts(pilot)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ScheduleScreen)
        await type_text(pilot, "tomorrow 10am")
        place = dialog.query_one("#place", Input)
        place.focus()
        place.post_message(events.Paste("Join on the link: " + "x" * 490))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and app.focused is place
        assert shows(app, "Too long (508 characters; the limit is 500).")
        assert len(place.value) == 508
    assert store.interviews.to_resume(jim.id) is None


async def test_a_time_in_the_past_asks_first(store: Store, clock: FakeClock) -> None:
    jim = store.contacts.add("Jim Alvarez")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await pilot.press("s")
        await pilot.pause()
        await type_text(pilot, "today 9am")
        await pilot.click("#schedule")
        await pilot.pause()
        assert isinstance(app.screen, ScheduleScreen)
        assert shows(app, "press Schedule again")
        assert store.interviews.to_resume(jim.id) is None
        schedule = app.screen.query_one("#schedule", Button)
        await wait_until(pilot, lambda: not schedule.has_class("-active"), "the press effect over")
        await pilot.press("enter")  # the Schedule button has the focus
        await pilot.pause()
    assert store.interviews.to_resume(jim.id).scheduled_at.hour == 9


async def test_numbers_too_big_and_long_pastes_are_refused_in_the_dialog(
    store: Store, clock: FakeClock
) -> None:
    jim = store.contacts.add("Jim Alvarez")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ScheduleScreen)
        for text, message in [
            ("in 99999999999 days 3pm", "too far ahead for the calendar"),
            ("dec 99999999999", "December has no day 99999999999"),
            ("99999999999999999999 sept 00:00", "has no day 99999999999999999999"),
        ]:
            await pilot.press("ctrl+u")
            await type_text(pilot, text)
            await pilot.pause()
            assert shows(app, message), text
        await pilot.press("ctrl+u")
        when = app.screen.query_one("#when", Input)
        when.post_message(events.Paste("lorem ipsum, " * 3_000))  # 39 KB
        await pilot.pause()
        assert len(when.value) == 39_000
        assert shows(app, "too long for a date and time (at most 200 characters")
        await pilot.click("#schedule")
        await pilot.pause()
        assert isinstance(app.screen, ScheduleScreen)
    assert store.interviews.to_resume(jim.id) is None


async def test_upcoming_starts_the_interview_with_its_duration(
    store: Store, clock: FakeClock
) -> None:
    ann = store.contacts.add("Ann Lee", company="Acme")
    bo = store.contacts.add("Bo Diaz")
    start = clock.now().add(days=1).set(hour=10, minute=0)
    store.interviews.schedule(ann.id, start, agreed_minutes=20, medium=Medium.VIDEO)
    store.interviews.schedule(bo.id, start.add(minutes=10))
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert shows(app, "Next: Ann Lee, tomorrow 10:00, in 20 hours.")  # the agenda
        await pilot.press("f10")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert shows(app, "overlaps")
        await pilot.press("enter")
        await pilot.pause()
        assert shows(app, "Interview with Ann Lee")
        await pilot.press("enter")  # start the countdown
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.query_one(TimerDisplay).countdown is not None
        assert digits(app) == "20:00"
    assert store.interviews.to_resume(ann.id).started_at == clock.now()


async def test_delete_says_what_goes_with_the_contact(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    interview = store.interviews.create(ann.id)
    store.answers.save(interview.id, None, "notes")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert dialog_shows(
            app, "Delete Ann Lee? Their 1 interview (1 answer or note) will be deleted too."
        )
        await pilot.press("escape")
        await pilot.pause()
        assert store.contacts.all() != []
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")  # the focused button is Cancel
        await pilot.pause()
        assert store.contacts.all() != []
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert store.contacts.all() == []


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_delete_warning_is_shown_whole_with_cancel_focused(
    store: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    jim = store.contacts.add("Jim Park", company="Brightline Energy")
    interview = store.interviews.create(jim.id)
    for entry in store.plans.of(interview.id)[:6]:
        store.answers.save(interview.id, entry.question_id, "An answer")
    store.answers.save(interview.id, None, "General notes")
    for name in ("Ann Lee", "Bo Diaz"):
        store.contacts.add(name, referred_by_id=jim.id)
    warning = (
        "Delete Jim Park? Their 1 interview (7 answers and notes) will be deleted too."
        " The 2 contacts they referred will stay."
    )
    app = make_app(store, clock)
    async with app.run_test(size=size) as pilot:
        screen = await open_contacts(pilot)
        screen.table.move_cursor(
            row=next(n for n, r in enumerate(screen.shown) if r.contact.id == jim.id)
        )
        await pilot.press("d")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert str(confirm.query_one("#question", Label).render()) == warning
        assert dialog_shows(app, warning)  # on screen, every word of it
        focused = app.focused
        assert isinstance(focused, Button) and str(focused.label) == "Cancel"
        await pilot.press("enter")
        await pilot.pause()
    assert jim.id in {c.id for c in store.contacts.all()}


async def test_contacts_filter_is_fuzzy(store: Store, clock: FakeClock) -> None:
    for name, company in [("Priya Raman", "Northwind Health"), ("Jim Alvarez", "Brightline"),
                          ("Dana Okafor", "City Library")]:  # fmt: skip
        store.contacts.add(name, company=company)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(pilot)
        await pilot.press("slash")
        await type_text(pilot, "nrthwnd")
        await pilot.pause()
        assert [r.contact.name for r in screen.shown] == ["Priya Raman"]
        await pilot.press("ctrl+u")
        await type_text(pilot, "library")
        await pilot.pause()
        assert [r.contact.name for r in screen.shown] == ["Dana Okafor"]


async def test_a_long_list_of_thank_yous_is_counted_not_drawn(
    store: Store, clock: FakeClock
) -> None:
    for n in range(25):
        contact = store.contacts.add(f"Person {n:02d}")
        interview = store.interviews.create(contact.id)
        store.interviews.change_timer(interview.id, lambda c: c.start(clock.now()))
        clock.advance(minutes=1)
        store.interviews.change_timer(interview.id, lambda c: c.end(clock.now()))
    app = make_app(store, clock)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert shows(app, "Thank-yous to send")
        assert shows(app, "Person 00") and shows(app, "Person 19")
        assert not shows(app, "Person 20")
        assert shows(app, "… and 5 more")


async def test_a_filter_shows_its_page_at_once_and_its_count_after(
    store: Store, clock: FakeClock
) -> None:
    """A filter finding more than a page: the rows come with the key, the count of how
    many more after, off the key's way; a count overtaken by a newer key is dropped,
    never shown for the newer filter."""
    for n in range(150):
        store.contacts.add(f"Person {n:03d}", company="Acme" if n % 3 else "Globex")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_contacts(pilot)
        field = screen.query_one("#contacts-filter", Input)
        assert field.placeholder == "/ Filter: 50 more than shown; type to narrow"
        assert shows(app, "150 contacts, first 100 shown")  # beside the title
        await pilot.press("slash")
        await type_text(pilot, "person")
        await pilot.pause()
        assert screen.table.row_count == 100
        assert str(screen.table.get_row_at(0)[0]) == "Person 000"
        assert (screen.found, field.placeholder) == (
            150, "/ Filter: 50 more than shown; type to narrow"
        )  # fmt: skip
        assert shows(app, "150 found, first 100 shown")  # in sight while the filter has text

        field.value = "per"  # the page with the key; the count not yet
        screen.refilter()
        assert screen.table.row_count == 100
        assert field.placeholder == "/ Filter: more than shown; type to narrow"
        assert str(screen.query_one("#found", Label).render()) == "more than 100 found"
        await pilot.pause()
        assert shows(app, "150 found, first 100 shown")  # counted after the page
        field.value = "globex"  # a newer key before that count ran: found as it was read
        screen.refilter()
        await pilot.pause()
        assert screen.table.row_count == 50 and screen.found == 50
        assert field.placeholder == "/ Filter by name, company, role or field"
        assert shows(app, "50 found") and not shows(app, "first 100 shown")
        await type_text(pilot, "zz")
        await pilot.pause()
        assert shows(app, "none found")
