"""Where infotui gets the time from.

Everything that needs "now" is handed a clock, so tests can freeze or advance
time. All instants are timezone-aware; the store keeps them in UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    # Imported where used: the app's first frame goes out before pendulum has loaded.
    import pendulum


class Clock(Protocol):
    def now(self) -> pendulum.DateTime:
        """The current instant, timezone-aware."""
        ...

    def instant(self) -> dt.datetime:
        """The same instant as the standard library's aware datetime, for code that
        needs no more (the command line's import: pendulum takes as long to load as
        a tenth of a 30,000-row import's writing)."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> pendulum.DateTime:
        import pendulum

        return pendulum.now("UTC")

    def instant(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FakeClock:
    """A clock that only moves when told to. For tests, demos and benchmarks."""

    def __init__(self, start: pendulum.DateTime | str = "2026-03-10T14:00:00Z") -> None:
        import pendulum

        if isinstance(start, str):
            parsed = pendulum.parse(start)
            assert isinstance(parsed, pendulum.DateTime)
            start = parsed
        self._now = start.in_timezone("UTC")

    def now(self) -> pendulum.DateTime:
        return self._now

    def instant(self) -> dt.datetime:
        return self._now

    def advance(self, seconds: float = 0, *, minutes: float = 0) -> None:
        self._now = self._now.add(seconds=seconds + minutes * 60)

    def set(self, when: pendulum.DateTime) -> None:
        self._now = when.in_timezone("UTC")
