"""At 80x24 nothing essential is cut: the keys, the countdown's caption, the tables."""

from __future__ import annotations

import pendulum
import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from infotui.clock import FakeClock
from infotui.timer import Countdown
from infotui.widgets.timer_display import TimerDisplay
from tests.helpers import screen_lines

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
