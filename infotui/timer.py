"""The countdown that keeps an interview to its agreed time.

Pure logic on instants handed in by the caller: no ticking, no Textual. The
interview row stores when it started, the pauses and the extensions; the time
left is worked out from those and "now" on every repaint, so a restart of the
app, or a blocked event loop, never loses or gains a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum
from typing import Any

import pendulum

FIVE_MINUTES = 5 * 60
ONE_MINUTE = 60
DEFAULT_WRAP_UP_MINUTES = 3
EXTENSION_MINUTES = 5
MIN_MINUTES, MAX_MINUTES = 5, 180  # the agreed time a countdown may be given
# Overtime beyond this is taken for a countdown nobody stopped, not for the meeting.
FORGOTTEN_MINUTES = 15


def agreed_minutes(typed: str) -> int | None:
    """The minutes typed in a form, when they are a time a countdown may be given."""
    raw = typed.strip()
    minutes = int(raw) if raw.isdigit() else 0
    return minutes if MIN_MINUTES <= minutes <= MAX_MINUTES else None


class Stage(IntEnum):
    """How close the meeting is to its agreed end; each one is announced once."""

    NORMAL = 0
    FIVE_LEFT = 1
    ONE_LEFT = 2
    TIME_UP = 3

    @property
    def message(self) -> str:
        return {
            Stage.NORMAL: "",
            Stage.FIVE_LEFT: "5 minutes left",
            Stage.ONE_LEFT: "1 minute left: time to thank them",
            Stage.TIME_UP: "Time is up: thank them, or ask if they can give you 5 more minutes",
        }[self]


class State(StrEnum):
    NOT_STARTED = "not started"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class Countdown:
    agreed_minutes: int = 30
    extended_minutes: int = 0
    started_at: pendulum.DateTime | None = None
    paused_at: pendulum.DateTime | None = None
    paused_seconds: float = 0.0
    ended_at: pendulum.DateTime | None = None

    FIELDS = (
        "agreed_minutes", "extended_minutes", "started_at", "paused_at",
        "paused_seconds", "ended_at",
    )  # fmt: skip

    @classmethod
    def of(cls, row: Any) -> Countdown:
        """The countdown of an interview row (or anything with the same fields)."""
        return cls(**{name: getattr(row, name) for name in cls.FIELDS})

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}

    # -- reading ----------------------------------------------------------------

    @property
    def state(self) -> State:
        if self.started_at is None:
            return State.NOT_STARTED
        if self.ended_at is not None:
            return State.ENDED
        if self.paused_at is not None:
            return State.PAUSED
        return State.RUNNING

    @property
    def allowed_seconds(self) -> int:
        return (self.agreed_minutes + self.extended_minutes) * 60

    def elapsed(self, now: pendulum.DateTime) -> float:
        """Seconds of meeting so far, pauses excluded."""
        if self.started_at is None:
            return 0.0
        until = self.ended_at or self.paused_at or now
        return max(0.0, (until - self.started_at).total_seconds() - self.paused_seconds)

    def remaining(self, now: pendulum.DateTime) -> float:
        """Seconds left of the agreed time; negative in overtime."""
        return self.allowed_seconds - self.elapsed(now)

    def stage(self, now: pendulum.DateTime) -> Stage:
        if self.started_at is None:
            return Stage.NORMAL
        left = self.remaining(now)
        if left <= 0:
            return Stage.TIME_UP
        if left <= ONE_MINUTE:
            return Stage.ONE_LEFT
        if left <= FIVE_MINUTES:
            return Stage.FIVE_LEFT
        return Stage.NORMAL

    @property
    def given_minutes(self) -> int:
        """The time agreed, extensions included."""
        return self.agreed_minutes + self.extended_minutes

    def meeting_minutes(self) -> int:
        """How long the meeting lasted, to the minute, once it has ended; the time given
        until then, or when the countdown was plainly left running long after it."""
        if self.ended_at is None:
            return self.given_minutes
        ran = round(self.elapsed(self.ended_at) / 60)
        return ran if 1 <= ran <= self.given_minutes + FORGOTTEN_MINUTES else self.given_minutes

    def in_wrap_up(self, now: pendulum.DateTime, minutes: int = DEFAULT_WRAP_UP_MINUTES) -> bool:
        return self.state is State.RUNNING and self.remaining(now) <= minutes * 60

    def pacing(self, now: pendulum.DateTime, questions_left: int, *, starred: bool) -> str:
        """A hint such as '2.5 min per starred question left'."""
        if self.state is not State.RUNNING or questions_left <= 0:
            return ""
        left = self.remaining(now)
        if left <= 0:
            return ""
        kind = "starred question" if starred else "question"
        per = left / 60 / questions_left
        return f"{per:.1f} min per {kind} left ({questions_left} to go)"

    # -- changing -----------------------------------------------------------------

    def start(self, now: pendulum.DateTime) -> Countdown:
        if self.started_at is not None:
            return self
        return replace(self, started_at=now)

    def pause(self, now: pendulum.DateTime) -> Countdown:
        if self.state is not State.RUNNING:
            return self
        return replace(self, paused_at=now)

    def resume(self, now: pendulum.DateTime) -> Countdown:
        if self.state is not State.PAUSED or self.paused_at is None:
            return self
        pause = max(0.0, (now - self.paused_at).total_seconds())
        return replace(self, paused_at=None, paused_seconds=self.paused_seconds + pause)

    def extend(self, minutes: int = EXTENSION_MINUTES) -> Countdown:
        if minutes <= 0:
            raise ValueError("an extension is a positive number of minutes")
        return replace(self, extended_minutes=self.extended_minutes + minutes)

    def end(self, now: pendulum.DateTime) -> Countdown:
        if self.state is State.ENDED:
            return self
        ended = self.resume(now) if self.state is State.PAUSED else self
        return replace(ended, ended_at=now)


def format_clock(seconds: float) -> str:
    """'29:59' while time is left, '+01:05' in overtime; hours when needed."""
    over = seconds < 0
    whole = math.floor(-seconds) if over else math.ceil(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"+{text}" if over else text
