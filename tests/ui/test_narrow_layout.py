"""At 80x24 nothing essential is cut: the keys, the countdown's caption, the tables."""

from __future__ import annotations

import re

import pendulum
import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label

from infotui import demo
from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.screens.after import ThankYouScreen
from infotui.store import Store
from infotui.timer import Countdown
from infotui.widgets.fitted_table import FittedTable, fit_widths
from infotui.widgets.footer import KeyFooter
from infotui.widgets.indented_list import IndentedList, hanging
from infotui.widgets.timer_display import TimerDisplay
from tests.helpers import open_contacts, screen_lines, shows

START = pendulum.datetime(2026, 3, 10, 14, 0, tz="UTC")


class Top(App[None]):
    """The live screen's top row: a long header beside the countdown."""

    def __init__(self, countdown: Countdown) -> None:
        super().__init__()
        self.countdown = countdown
        self.clock = FakeClock(START.add(minutes=3))

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            with Vertical(id="who"):
                yield Label("A very long header " * 10)
            yield TimerDisplay(self.clock)

    def on_mount(self) -> None:
        self.query_one(Horizontal).styles.height = 4
        self.query_one(Vertical).styles.width = "1fr"
        self.query_one(TimerDisplay).countdown = self.countdown


@pytest.mark.parametrize(
    ("countdown", "caption"),
    [
        (Countdown(agreed_minutes=30, extended_minutes=15), "not started · 30 min +15"),
        (Countdown(agreed_minutes=5, extended_minutes=10, started_at=START), "left of 5 min +10"),
        (
            Countdown(agreed_minutes=45, extended_minutes=10, started_at=START,
                      paused_at=START.add(minutes=1)),
            "paused · 45 min +10",
        ),
    ],
    ids=["not-started", "running", "paused"],
)  # fmt: skip
async def test_the_countdown_caption_is_shown_whole(countdown: Countdown, caption: str) -> None:
    app = Top(countdown)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert any(line.rstrip().endswith(" " + caption) for line in lines[:4]), lines[:4]


# -- the whole app at 80x24 --------------------------------------------------------------


def demo_app() -> tuple[InfoApp, Store]:
    clock = FakeClock("2026-03-10T14:00:00Z")
    store = Store("sqlite://", clock=clock)
    populate(store)
    return InfoApp(store, clock=clock, tz="UTC"), store


def key_bar(app: App[object]) -> str:
    """The key bar's rows, as shown: the rows below the last line of the screen's body."""
    footer = app.screen.query_one(KeyFooter)
    rows = footer.region.height
    assert rows >= 1
    return "\n".join(screen_lines(app)[-rows:])


@pytest.mark.parametrize(
    "keys",
    [[], ["f9"], ["f10"], ["f12"], ["ctrl+f"], ["f11"]],
    ids=["live", "contacts", "upcoming", "bank", "search", "plan"],
)
async def test_every_key_the_screen_shows_is_in_sight_at_80_columns(keys: list[str]) -> None:
    app, store = demo_app()
    with store:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            bar = key_bar(app)
            # Each action shown, by one of its keys (x and del both drop: "x Drop").
            shown: dict[str, list[str]] = {}
            for _n, b, _e, _t in app.screen.active_bindings.values():
                if b.show:
                    shown.setdefault(b.action, []).append(
                        f"{app.get_key_display(b)} {b.description}"
                    )
            assert shown
            for keys_of_one in shown.values():
                assert any(key in bar for key in keys_of_one), f"{keys_of_one} not in:\n{bar}"
            if not isinstance(app.screen, ModalScreen):  # a dialog has no palette
                assert "^p palette" in bar


async def test_the_live_key_bar_at_80_columns_has_the_screens_and_the_palette() -> None:
    app, store = demo_app()
    with store:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            bar = key_bar(app)
            for key in ("f1 Help", "f8 End", "f9 Contacts", "f10 Upcoming", "f12 Questions",
                        "^p palette"):  # fmt: skip
                assert key in bar, bar
            # In the order of their keys, the screen's before the app's.
            assert bar.index("f1 Help") < bar.index("f5 Asked") < bar.index("f6 Star")


def shown_in(app: App[object], widget: Widget) -> str:
    """The words shown where the widget is on screen, its lines joined."""
    region = widget.region
    lines = screen_lines(app)[region.y : region.bottom]
    return " ".join(" ".join(line[region.x : region.right].split()) for line in lines).strip()


def column_headings(app: App[object]) -> str:
    table = app.screen.query_one(FittedTable)
    return screen_lines(app)[table.region.y]


async def test_contacts_at_80_columns_show_every_column_and_survive_a_long_name() -> None:
    app, store = demo_app()
    with store:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = await open_contacts(pilot)
            headings = column_headings(app)
            for heading in ("Name", "Company", "Status", "Last contact", "Next"):
                assert heading in headings, headings
            widths = screen.table.widths()

            long = store.contacts.add(name="Wolfgang " * 13, company="Globex")
            screen.reload()
            await pilot.pause()
            lines = screen_lines(app)
            assert "Last contact" in column_headings(app)
            [row] = [line for line in lines if "Wolfgang" in line]
            assert "…" in row and "Globex" in row  # cut, and the columns after it in sight
            assert any("Brightline Ene" in line for line in lines)

            assert long.id is not None
            store.contacts.delete(long.id)
            screen.reload()
            await pilot.pause()
            assert screen.table.widths() == widths  # as before the long name came


async def test_compare_shows_every_answer_whole_at_80_columns() -> None:
    app, store = demo_app()
    with store:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+f", "ctrl+k", "enter")
            await pilot.pause()
            table = app.screen.query_one(FittedTable)
            headings = column_headings(app)
            start = headings.index("What they said")
            lines = screen_lines(app)[table.region.y + 1 : table.region.bottom]
            said = " ".join(" ".join(line[start:].split()) for line in lines)
            for answer in (demo.ANSWERS[0], demo.PAST[0][2][0], demo.PAST[1][2][0]):
                assert " ".join(answer.split()) in said


async def test_the_thank_you_instructions_are_shown_whole_at_80x24() -> None:
    app, store = demo_app()
    with store:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            jim = next(c for c in store.contacts.index() if c.name == "Jim Alvarez")
            assert jim.id is not None
            interview, contact = store.interviews.last_of(jim.id), store.contacts.get(jim.id)
            assert interview is not None and contact is not None
            app.push_screen(ThankYouScreen(store, interview, contact))
            await pilot.pause()
            title, instructions = app.screen.query(Label)[:2]
            assert shown_in(app, title) == "Thank-you to Jim Alvarez"
            assert shown_in(app, instructions).endswith(
                "Edit it, copy it into your email, then mark it sent."
            )
            assert shows(app, "Mark sent")


async def test_bank_questions_wrap_under_their_text_and_show_whole_at_first() -> None:
    app, store = demo_app()
    with store:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("f12")
            await pilot.pause()
            listed = app.screen.query_one("#bank-list", IndentedList)
            left = listed.region.x
            lines = [line[left : listed.region.right] for line in screen_lines(app)]
            lines = lines[listed.region.y : listed.region.bottom]
            numbered = [n for n, line in enumerate(lines) if re.match(r" *\d+\. ", line)]
            [sixteen] = [n for n in numbered if lines[n].lstrip().startswith("16. ")]
            # Q16 and every line of it, each after the first indented past its number
            after = next(n for n in numbered if n > sixteen)
            text = " ".join(line.strip() for line in lines[sixteen:after])
            assert text.endswith("willing to move?"), text
            indent = lines[sixteen].index("16. ") + len("16. ")
            for line in lines[sixteen + 1 : after]:
                assert line[:indent].strip() == "" and line[indent] != " ", line


# -- how the widths are shared out ----------------------------------------------------


@pytest.mark.parametrize(
    ("natural", "floors", "room", "widths"),
    [
        ([10, 20, 5], [4, 4, 4], 40, [10, 20, 5]),  # all fit: as they are
        ([120, 17, 14], [10, 8, 9], 60, [29, 17, 14]),  # the long one gives way alone
        ([40, 40, 5], [10, 10, 4], 50, [22, 23, 5]),  # two long ones give way evenly
        ([40, 40], [30, 30], 50, [30, 30]),  # never below a floor (the table scrolls)
    ],
)
def test_the_widest_columns_give_way_first(
    natural: list[int], floors: list[int], room: int, widths: list[int]
) -> None:
    assert fit_widths(natural, floors, room) == widths


def test_a_hanging_indent_keeps_every_word_under_the_text() -> None:
    text = hanging(Text(" 16. "), Text("What are the job prospects around here? " * 3), 30)
    lines = text.plain.split("\n")
    assert all(len(line) <= 30 for line in lines)
    assert lines[0].startswith(" 16. What")
    assert all(line.startswith("     ") and line[5] != " " for line in lines[1:])
    assert (
        " ".join(line.strip() for line in lines).split()
        == ("16. " + "What are the job prospects around here? " * 3).split()
    )


@pytest.mark.parametrize("name_kept", [False, True])
async def test_the_call_dialog_is_whole_in_a_24_row_window(
    store: Store, clock: FakeClock, name_kept: bool
) -> None:
    # Read while phoning: the title, the whole script and every way to log the call in
    # sight at once, with the name asked for or (kept) not.
    from infotui.screens.call import CallScreen

    populate(store)
    if name_kept:
        store.settings.set_my_name("Alex Rivera")
    dana = next(c for c in store.contacts.all() if c.name == "Dana Okafor")
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(CallScreen(store, dana, tz="UTC"))
        await pilot.pause()
        await pilot.pause()
        lines = "\n".join(screen_lines(app))
        for seen in ("Call Dana Okafor", "Hi Dana, this is", "suit you better?",
                     "What came of it?", "Declined", "Call back then"):  # fmt: skip
            assert seen in lines, seen
        assert ("Your name (asked once)" in lines) is not name_kept
