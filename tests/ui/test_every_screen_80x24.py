"""Every screen and dialog at 80x24, from the demo data, compared with its picture.

The pictures are steady on any machine: a frozen clock (FakeClock), the times shown in
UTC, no cursor blinking, no notification left on screen, and each screen reached with
its own keys, as a user would. Look at a changed picture before accepting it
(``pytest --snapshot-update``): nothing essential may be cut at this size.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.models import Medium
from infotui.screens.after import ReferralsScreen, ThankYouScreen
from infotui.store import Store
from tests.helpers import ROOT, searched, wait_until

SIZE = (80, 24)
START = "2026-03-10T14:00:00Z"
LONG_NAME = "Maximiliana Alexandra Konstantinopoulou-Vandenberghe " * 2

Step = Callable[[Pilot[None]], Awaitable[None]]


def demo_store() -> tuple[Store, FakeClock]:
    """The demo data, with a booking this week, a very long name, and an answer
    typed over once (so it has an earlier version)."""
    clock = FakeClock(START)
    store = Store("sqlite://", clock=clock)
    interview_id = populate(store)
    marcus = next(c for c in store.contacts.index() if c.name == "Marcus Feld")
    assert marcus.id is not None
    store.interviews.schedule(
        marcus.id,
        clock.now().add(days=2).set(hour=10, minute=30),
        medium=Medium.VIDEO,
        place="A video call on the link Marcus sends the morning before",
    )
    store.contacts.add(
        name=LONG_NAME.strip(), company="International Consolidated Holdings of the North Sea"
    )
    first = store.plans.of(interview_id)[0]
    before = store.answers.versions(interview_id, first.question_id)
    clock.advance(minutes=1)
    store.answers.save(
        interview_id, first.question_id, "Standups, then dashboards.", new_session=True
    )
    assert len(store.answers.versions(interview_id, first.question_id)) > len(before)
    return store, clock


async def no_notifications(pilot: Pilot[None]) -> None:
    """Take every notification down, and wait until none is on screen."""
    app = pilot.app
    app.clear_notifications()
    await wait_until(
        pilot,
        lambda: not any(screen.query("Toast") for screen in app.screen_stack),
        "the notifications taken down",
    )


async def ready(pilot: Pilot[None]) -> None:
    """The store handed to the live screen, and what it says at start-up (the agenda)
    said and taken down: nothing comes up later, while the picture is taken."""
    app = pilot.app
    assert isinstance(app, InfoApp)
    await wait_until(pilot, lambda: app.live is not None and app.live.writable, "the store open")
    await pilot.pause()
    await no_notifications(pilot)


async def steady(pilot: Pilot[None]) -> None:
    """No blinking cursor, no notification: what is on screen does not depend on when."""
    for screen in pilot.app.screen_stack:
        for widget in [*screen.query(TextArea), *screen.query(Input)]:
            widget.cursor_blink = False
            # Drawn again: the last drawing may have caught the cursor blinked off, or
            # drawn the editor before it had the focus. (A TextArea that does not blink
            # keeps the lines it drew whatever its focus: Textual, pinned, names them so.)
            if isinstance(widget, TextArea):
                widget._line_cache.clear()
            widget.refresh()
    await no_notifications(pilot)


def keys(*pressed: str) -> Step:
    async def step(pilot: Pilot[None]) -> None:
        await pilot.press(*pressed)

    return step


def contact_row(name: str) -> Step:
    """On the contacts screen, highlight this contact."""

    async def step(pilot: Pilot[None]) -> None:
        from infotui.screens.contacts import ContactsScreen

        screen = pilot.app.screen
        assert isinstance(screen, ContactsScreen)
        screen.table.move_cursor(
            row=next(n for n, r in enumerate(screen.shown) if r.contact.name == name)
        )

    return step


def live_contact(name: str) -> Step:
    """Show this contact on the live screen."""

    async def step(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, InfoApp) and app.live is not None and app.store is not None
        contact = next(c for c in app.store.contacts.index() if c.name == name)
        assert contact.id is not None
        app.live.show_contact(contact.id)

    return step


def push(make: Callable[[Store], Any]) -> Step:
    async def step(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, InfoApp) and app.store is not None
        app.push_screen(make(app.store))

    return step


def thank_you(store: Store) -> ThankYouScreen:
    """Jim's thank-you: his interview nine days ago has ended."""
    jim = next(c for c in store.contacts.index() if c.name == "Jim Alvarez")
    assert jim.id is not None
    interview = store.interviews.last_of(jim.id)
    contact = store.contacts.get(jim.id)
    assert interview is not None and contact is not None
    return ThankYouScreen(store, interview, contact)


def referrals(store: Store) -> ReferralsScreen:
    priya = store.contacts.get(
        next(c.id for c in store.contacts.index() if c.name == "Priya Raman")
    )
    assert priya is not None
    return ReferralsScreen(store, priya, "Talk to Ana Costa at the county health department.")


def referral_tree() -> Step:
    async def step(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, InfoApp) and app.live is not None
        app.live.after.show_referral_tree()

    return step


def searched_step() -> Step:
    """On the search screen, wait until it shows the matches of what was typed (after a
    slow search, the next waits for a pause in the typing)."""

    async def step(pilot: Pilot[None]) -> None:
        await searched(pilot)

    return step


def counted() -> Step:
    """On the Evaluate screen, wait until what was said is counted (in a thread)."""

    async def step(pilot: Pilot[None]) -> None:
        from infotui.screens.evaluate import EvaluateScreen

        screen = pilot.app.screen
        assert isinstance(screen, EvaluateScreen)
        await wait_until(
            pilot,
            lambda: screen.synthesis is not None and screen.synthesis.counted,
            "what was said, counted",
        )

    return step


SCREENS: dict[str, list[Step]] = {
    "live": [],
    "live-other-contact": [live_contact("Dana Okafor")],
    "start-interview": [live_contact("Dana Okafor"), keys("f2")],
    "add-question": [keys("f7")],
    "quick-add-contact": [keys("ctrl+l", "tab", "end", "enter")],
    "history": [keys("escape", "home", "enter", "ctrl+o")],
    "debrief": [keys("ctrl+r")],
    "thank-you": [push(thank_you)],
    "referrals": [push(referrals)],
    "referral-tree": [referral_tree()],
    "help": [keys("f1")],
    "contacts": [keys("f9")],
    "contacts-long-name": [keys("f9"), contact_row(LONG_NAME.strip())],
    "contact-form": [keys("f9", "e")],
    "delete-contact": [keys("f9", "d")],
    "call-script": [keys("f9"), contact_row("Marcus Feld"), keys("c")],
    "schedule": [keys("f9"), contact_row("Lena Sorensen"), keys("s")],
    "plan": [keys("f11")],
    "plan-minutes": [keys("f11", "m")],
    "upcoming": [keys("f10")],
    "bank": [keys("f12")],
    "bank-end": [keys("f12", "end")],
    "search": [keys("ctrl+f", *"workshops"), searched_step()],
    "compare-choose": [keys("ctrl+f", "ctrl+k")],
    "compare": [keys("ctrl+f", "ctrl+k", "enter")],
    "compare-export": [keys("ctrl+f", "ctrl+k", "enter", "x")],
    "import": [keys("f9", "I")],
    # A relative path: the picture must not show where the repository is.
    "import-preview": [keys("f9", "I", *"tests/fixtures/contacts.csv", "enter")],
    "export": [keys("f9", "E")],
    "palette": [keys("ctrl+p")],
    "evaluate": [keys("ctrl+b"), counted()],
    "evaluate-said": [keys("ctrl+b"), counted(), keys("enter")],
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_at_80x24(snap_compare, name: str, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    store, clock = demo_store()

    async def go(pilot: Pilot[None]) -> None:
        await ready(pilot)
        for step in SCREENS[name]:
            await step(pilot)
            await pilot.pause()
        await steady(pilot)
        await pilot.pause()

    assert snap_compare(InfoApp(store, clock=clock, tz="UTC"), terminal_size=SIZE, run_before=go)
