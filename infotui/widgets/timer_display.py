"""The countdown, in digits big enough to read from across the table."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Label

from infotui.clock import Clock
from infotui.timer import Countdown, Stage, State, format_clock

STAGE_CLASSES = {
    Stage.NORMAL: "-normal",
    Stage.FIVE_LEFT: "-five",
    Stage.ONE_LEFT: "-one",
    Stage.TIME_UP: "-over",
}


class TimerDisplay(Widget):
    """Shows a :class:`Countdown` against the clock, repainting a few times a second.

    The interval only repaints: the time left is computed from the clock each time.
    """

    DEFAULT_CSS = """
    TimerDisplay {
        width: auto;
        height: 4;
        padding: 0 1;
        align-horizontal: right;
    }
    TimerDisplay Digits { width: auto; color: $success; }
    TimerDisplay > Label { width: auto; color: $text-muted; }
    TimerDisplay.-five Digits { color: $warning; }
    TimerDisplay.-one Digits { color: $error; }
    TimerDisplay.-over Digits { color: $text; background: $error; }
    TimerDisplay.-idle Digits, TimerDisplay.-paused Digits, TimerDisplay.-ended Digits {
        color: $text-muted;
        background: transparent;
    }
    TimerDisplay.-over > Label { color: $error; text-style: bold; }
    """

    countdown: reactive[Countdown | None] = reactive(None)

    @dataclass
    class Changed(Message):
        """The stage or the wrap-up period changed (also posted for the first reading)."""

        display: TimerDisplay
        stage: Stage
        wrap_up: bool

        @property
        def control(self) -> TimerDisplay:
            return self.display

    def __init__(self, clock: Clock, *, wrap_up_minutes: int = 3, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.clock = clock
        self.wrap_up_minutes = wrap_up_minutes
        self._last: tuple[Stage, bool] | None = None
        self.last_remaining: float | None = None  # seconds, as computed at the last repaint
        self._caption = ""

    def compose(self) -> ComposeResult:
        yield Digits("--:--")
        yield Label("no interview")

    def on_mount(self) -> None:
        self.set_interval(0.25, self.repaint)

    def watch_countdown(self) -> None:
        self.repaint()

    def repaint(self) -> None:
        countdown = self.countdown
        digits = self.query_one(Digits)
        label = self.query_one(Label)
        if countdown is None:
            digits.update("--:--")
            label.update("no interview")
            self._caption = "no interview"
            self.set_classes("-idle")
            self._last = None
            return
        now = self.clock.now()
        left = countdown.remaining(now)
        self.last_remaining = left
        stage = countdown.stage(now)
        state = countdown.state
        text = format_clock(left)
        if digits.value != text:  # repaint only what changed: this runs four times a second
            digits.update(text)
        minutes = f"{countdown.agreed_minutes} min"
        if countdown.extended_minutes:
            minutes += f" +{countdown.extended_minutes}"
        if state is State.RUNNING:
            caption = "overtime" if left < 0 else f"left of {minutes}"
        else:
            caption = f"{state.value} · {minutes}"
        if caption != self._caption:
            self._caption = caption
            label.update(caption)
        extra = {
            State.NOT_STARTED: "-idle",
            State.PAUSED: "-paused",
            State.ENDED: "-ended",
            State.RUNNING: "",
        }[state]
        classes = f"{STAGE_CLASSES[stage]} {extra}".strip()
        if set(classes.split()) != set(self.classes):
            self.set_classes(classes)
        reading = (stage, countdown.in_wrap_up(now, self.wrap_up_minutes))
        if reading != self._last and state in (State.RUNNING, State.PAUSED):
            self._last = reading
            self.post_message(self.Changed(self, *reading))
