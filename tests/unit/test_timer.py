from __future__ import annotations

import pendulum
import pytest

from infotui.clock import FakeClock
from infotui.timer import Countdown, Stage, State, format_clock


@pytest.fixture
def started(clock: FakeClock) -> Countdown:
    return Countdown(agreed_minutes=30).start(clock.now())


def test_not_started_shows_the_agreed_time(clock: FakeClock) -> None:
    countdown = Countdown(agreed_minutes=20)
    clock.advance(minutes=10)
    assert countdown.state is State.NOT_STARTED
    assert countdown.remaining(clock.now()) == 20 * 60
    assert countdown.stage(clock.now()) is Stage.NORMAL


def test_counts_down_from_the_clock(started: Countdown, clock: FakeClock) -> None:
    clock.advance(minutes=12, seconds=30)
    assert started.remaining(clock.now()) == 17.5 * 60
    assert format_clock(started.remaining(clock.now())) == "17:30"


@pytest.mark.parametrize(
    ("minutes_in", "stage"),
    [
        (24.9, Stage.NORMAL),
        (25, Stage.FIVE_LEFT),
        (28.9, Stage.FIVE_LEFT),
        (29, Stage.ONE_LEFT),
        (29.99, Stage.ONE_LEFT),
        (30, Stage.TIME_UP),
        (45, Stage.TIME_UP),
    ],
)
def test_stages(started: Countdown, clock: FakeClock, minutes_in: float, stage: Stage) -> None:
    clock.advance(minutes=minutes_in)
    assert started.stage(clock.now()) is stage


def test_overtime(started: Countdown, clock: FakeClock) -> None:
    clock.advance(minutes=31, seconds=5)
    assert started.remaining(clock.now()) == -65
    assert format_clock(started.remaining(clock.now())) == "+01:05"


def test_pause_stops_the_clock(started: Countdown, clock: FakeClock) -> None:
    clock.advance(minutes=10)
    paused = started.pause(clock.now())
    clock.advance(minutes=7)  # the phone rang
    assert paused.state is State.PAUSED
    assert paused.remaining(clock.now()) == 20 * 60
    resumed = paused.resume(clock.now())
    clock.advance(minutes=5)
    assert resumed.state is State.RUNNING
    assert resumed.remaining(clock.now()) == 15 * 60
    assert resumed.paused_seconds == 7 * 60


def test_extension_is_explicit_and_counted(started: Countdown, clock: FakeClock) -> None:
    clock.advance(minutes=31)
    assert started.stage(clock.now()) is Stage.TIME_UP
    extended = started.extend(5)
    assert extended.extended_minutes == 5
    assert extended.remaining(clock.now()) == 4 * 60
    assert extended.stage(clock.now()) is Stage.FIVE_LEFT
    with pytest.raises(ValueError):
        started.extend(0)


def test_end_freezes_the_time(started: Countdown, clock: FakeClock) -> None:
    clock.advance(minutes=10)
    paused = started.pause(clock.now())
    clock.advance(minutes=2)
    ended = paused.end(clock.now())
    clock.advance(minutes=60)
    assert ended.state is State.ENDED
    assert ended.elapsed(clock.now()) == 10 * 60
    assert ended.paused_seconds == 2 * 60


def test_restart_resumes_from_the_stored_fields(started: Countdown, clock: FakeClock) -> None:
    clock.advance(minutes=3)
    stored = started.pause(clock.now()).fields()
    clock.advance(minutes=1)
    reloaded = Countdown(**stored).resume(clock.now())
    clock.advance(minutes=2)
    assert Countdown(**reloaded.fields()).remaining(clock.now()) == 25 * 60


def test_wrap_up_and_pacing(started: Countdown, clock: FakeClock) -> None:
    clock.advance(minutes=20)
    assert not started.in_wrap_up(clock.now())
    assert started.pacing(clock.now(), 4, starred=True) == (
        "2.5 min per starred question left (4 to go)"
    )
    clock.advance(minutes=7)
    assert started.in_wrap_up(clock.now())
    assert started.pause(clock.now()).pacing(clock.now(), 4, starred=True) == ""


def test_format_clock_rounds_like_a_countdown() -> None:
    assert format_clock(1799.2) == "30:00"
    assert format_clock(0.4) == "00:01"
    assert format_clock(0) == "00:00"
    assert format_clock(-0.5) == "+00:00"
    assert format_clock(3725) == "1:02:05"


def test_the_meeting_lasted_the_time_it_ran() -> None:
    start = pendulum.datetime(2026, 3, 10, 14, tz="UTC")
    five = Countdown(agreed_minutes=5).start(start)
    assert five.meeting_minutes() == 5  # not ended: the time given
    ten = five.extend(5)
    assert ten.given_minutes == 10 and ten.meeting_minutes() == 10
    assert ten.end(start.add(minutes=10, seconds=20)).meeting_minutes() == 10
    assert ten.end(start.add(minutes=7)).meeting_minutes() == 7  # ended early
    assert ten.end(start.add(minutes=12)).meeting_minutes() == 12  # ran over
    assert ten.end(start.add(hours=3)).meeting_minutes() == 10  # left running: the time given
