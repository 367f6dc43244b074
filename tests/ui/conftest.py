"""Pilot's waits, made to wait for the app rather than for a quiet processor.

``pilot.pause()`` and ``pilot.press()`` wait until the process looks idle: Textual sleeps
20 ms at a time until the process used under 1 ms of processor time in one of them.
On a busy machine that is also what a process waiting for the processor looks like, or
one blocked in an fsync: the wait ends with the app's messages still queued, and the
test reads the screen before the app has drawn what it checks (a notification not yet
shown, a screen not yet pushed). Here each of those waits goes on, after Textual's,
until every message queue of the app and of every widget on its screens is empty: the
app has handled everything sent to it so far. It never ends sooner than before.

Textual is pinned to one release (pyproject.toml), so the private attributes read here
do not move under the tests; a release that renames them fails every UI test at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from time import monotonic
from typing import Any

import pytest
import textual.app
import textual.pilot
from textual._context import active_app
from textual._wait import SLEEP_GRANULARITY, wait_for_idle
from textual.message_pump import MessagePump

SETTLE_WITHIN = 30.0  # seconds: a wait for the app to catch up, not a measure


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
    while any(has_work(pump) for pump in message_pumps(app)):
        if monotonic() > deadline:
            raise AssertionError(f"the app still had messages queued after {SETTLE_WITHIN} s")
        await asyncio.sleep(SLEEP_GRANULARITY / 4)


@pytest.fixture(autouse=True)
def pilot_waits_for_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pilot.pause() and App._press_keys() (behind Pilot.press) call it by these names.
    monkeypatch.setattr(textual.pilot, "wait_for_idle", wait_for_idle_and_handled)
    monkeypatch.setattr(textual.app, "wait_for_idle", wait_for_idle_and_handled)
