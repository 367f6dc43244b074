"""Pilot's waits, made to wait for the app rather than for a quiet processor; frames
drawn where the test looks.

``pilot.pause()`` and ``pilot.press()`` wait until the process looks idle: Textual sleeps
20 ms at a time until the process used under 1 ms of processor time in one of them.
On a busy machine that is also what a process waiting for the processor looks like, or
one blocked in an fsync: the wait ends with the app's messages still queued, and the
test reads the screen before the app has drawn what it checks (a notification not yet
shown, a screen not yet pushed). Here each of those waits goes on, after Textual's,
until every message queue of the app and of every widget on its screens is empty: the
app has handled everything sent to it so far. It never ends sooner than before.

Frames: a terminal shows a frame each time the screen's update timer fires, and a test
runs headless, where Textual draws every such frame and throws it away. About three are
drawn for each key a test presses, and drawing is most of what a Pilot test costs. Here
the top screen's frames are drawn once the app has settled, at the end of every wait:
every state a test stops at is drawn, exactly as the terminal would draw it (only the
regions changed since the last frame, or all of it after a change of layout), so a
widget that fails to draw still fails the test at the key that broke it; the frames in
between, which nobody could see, are not drawn. Screenshots (``shows``, snapshots) draw
the whole screen afresh, as before.

Notifications: Textual takes one down a few seconds after it went up, by the wall clock.
A test reads them from the screen; on a busy machine those seconds can pass before it
looks, and the message it checks is gone. Here they stay up until taken down (by the
app, a click or ``clear_notifications``), whatever the machine's speed.

Textual is pinned to one release (pyproject.toml), so the private attributes read here
do not move under the tests; a release that renames them fails every UI test at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from time import monotonic
from typing import Any
from weakref import WeakSet

import pytest
import textual.app
import textual.pilot
from textual._context import active_app
from textual._wait import SLEEP_GRANULARITY, wait_for_idle
from textual.message_pump import MessagePump
from textual.notifications import Notification
from textual.screen import Screen

SETTLE_WITHIN = 30.0  # seconds: a wait for the app to catch up, not a measure

draw_frame = Screen._compositor_refresh  # Textual's: renders the top screen's changes
frame_owed: WeakSet[textual.app.App[Any]] = WeakSet()  # apps whose frame waits for a settle
drawing: WeakSet[textual.app.App[Any]] = WeakSet()


def frame_when_settled(screen: Screen[Any]) -> None:
    app = screen.app
    if app.is_headless and not app.is_inline and screen is app.screen and app not in drawing:
        frame_owed.add(app)
    else:
        draw_frame(screen)


def draw_owed_frame(app: textual.app.App[Any]) -> bool:
    """Draw the frame the app owes, as its update timer would have; whether it owed one."""
    if app not in frame_owed:
        return False
    frame_owed.discard(app)
    drawing.add(app)
    try:
        draw_frame(app.screen)
    finally:
        drawing.discard(app)
    return True


def message_pumps(app: textual.app.App[Any]) -> Iterator[MessagePump]:
    yield app
    for screen in app.screen_stack:
        yield from screen.walk_children(with_self=True)


def has_work(pump: MessagePump) -> bool:
    """Messages queued, one held back to be combined, or callbacks due after them."""
    return (
        not pump._message_queue.empty()
        or pump._pending_message is not None
        or bool(pump._next_callbacks)
    )


async def wait_for_idle_and_handled(
    min_sleep: float = SLEEP_GRANULARITY, max_sleep: float = 1
) -> None:
    await wait_for_idle(min_sleep, max_sleep)
    app = active_app.get(None)
    if app is None or not app.is_running:
        return
    deadline = monotonic() + SETTLE_WITHIN
    while True:
        while any(has_work(pump) for pump in message_pumps(app)):
            if monotonic() > deadline:
                raise AssertionError(f"the app still had messages queued after {SETTLE_WITHIN} s")
            await asyncio.sleep(SLEEP_GRANULARITY / 4)
        # Settled: draw what the screen now shows; drawing may start more work.
        if not (app.is_running and draw_owed_frame(app)):
            return


@pytest.fixture(autouse=True)
def pilot_waits_for_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pilot.pause() and App._press_keys() (behind Pilot.press) call it by these names.
    monkeypatch.setattr(textual.pilot, "wait_for_idle", wait_for_idle_and_handled)
    monkeypatch.setattr(textual.app, "wait_for_idle", wait_for_idle_and_handled)
    monkeypatch.setattr(Screen, "_compositor_refresh", frame_when_settled)
    # Up until taken down: never expired, and the toast's timer longer than any test.
    monkeypatch.setattr(Notification, "has_expired", property(lambda _: False))
    monkeypatch.setattr(Notification, "time_left", property(lambda _: 3600.0))
