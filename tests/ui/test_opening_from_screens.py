"""Opening an interview from the other screens: Search, Contacts and Upcoming.

Each of those screens asks the app to show a contact on the live screen; what is
typed there before is saved on the way.
"""

from __future__ import annotations

from textual.widgets import DataTable

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.screens.contacts import ContactsScreen
from infotui.screens.interview import InterviewScreen
from infotui.screens.search import SearchScreen
from infotui.screens.start_interview import StartInterview
from infotui.screens.upcoming import UpcomingScreen
from infotui.store import Store
from tests.helpers import SIZE, digits, searched, shows, type_text


def make_app(store: Store, clock: FakeClock) -> InfoApp:
    return InfoApp(store, clock=clock, tz="UTC")


def live_answer(app: InfoApp) -> str:
    """The text in the live screen's answer editor."""
    assert isinstance(app.screen, InterviewScreen)
    return app.screen.answer_area.text


async def test_a_search_hit_opens_another_interview_and_keeps_what_was_typed(
    store: Store, clock: FakeClock
) -> None:
    interview_id = populate(store)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shows(app, "Priya Raman · Clinical data analyst, Northwind Health")
        question = app.live.bound if app.live else None
        assert question is not None
        await type_text(pilot, " Also asked about pay")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "catalogue")  # said in Dana Okafor's interview
        await searched(pilot)
        assert shows(app, "1 match")
        await pilot.press("enter")
        await pilot.pause()
        assert shows(app, "Dana Okafor · Digital services librarian, City Library")
        assert "fixing the catalogue" in live_answer(app)
    assert "Also asked about pay" in store.answers.of(interview_id)[question.question_id]


async def test_a_contact_found_by_search_opens_on_the_live_screen(
    store: Store, clock: FakeClock
) -> None:
    populate(store)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        await type_text(pilot, "Sorensen")  # a contact with no interview
        await searched(pilot)
        assert shows(app, "Lena Sorensen contact")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert shows(app, "Lena Sorensen · Operations manager, Open Fields Co-op")
        assert shows(app, "No interview yet: press F2 to agree the time and start.")


async def test_contacts_opens_the_highlighted_contact_on_the_live_screen(
    store: Store, clock: FakeClock
) -> None:
    interview_id = populate(store)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        question = app.live.bound if app.live else None
        assert question is not None
        await type_text(pilot, " Offered an intro")
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("slash")
        await type_text(pilot, "Alvarez")
        await pilot.press("enter")  # back to the list, on the one contact left
        await pilot.press("i")
        await pilot.pause()
        assert shows(app, "Jim Alvarez · Project engineer, Brightline Energy")
        assert shows(app, "ended · 30 min")  # his interview nine days ago, as it was asked
    assert "Offered an intro" in store.answers.of(interview_id)[question.question_id]


async def test_upcoming_starts_an_interview_and_keeps_what_was_typed(
    store: Store, clock: FakeClock
) -> None:
    interview_id = populate(store)
    lena = next(c for c in store.contacts.all() if c.name == "Lena Sorensen")
    assert lena.id is not None
    store.interviews.schedule(lena.id, clock.now().add(hours=2), agreed_minutes=25)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        question = app.live.bound if app.live else None
        assert question is not None
        await type_text(pilot, " Send the slides")
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, UpcomingScreen)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartInterview)
        assert shows(app, "Interview with Lena Sorensen")
        await pilot.press("enter")  # agreed: start the countdown
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert shows(app, "Lena Sorensen · Operations manager, Open Fields Co-op")
        assert digits(app) == "25:00"
    assert "Send the slides" in store.answers.of(interview_id)[question.question_id]
    assert store.interviews.to_resume(lena.id).started_at == clock.now()
