"""What the UI tests share: the window size, reading the screen, typing."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Digits

from infotui.widgets.timer_display import TimerDisplay

SIZE = (120, 40)


def screen_text(app: App[Any]) -> str:
    """Everything visible (dialogs and notifications included), without white space.

    Read from the app's SVG screenshot, which places words by coordinates and
    leaves the spaces out: compare with :func:`shows`.
    """
    svg = app.export_screenshot()
    text = html.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)))
    return re.sub(r"\s", "", text)


def shows(app: App[Any], phrase: str) -> bool:
    return re.sub(r"\s", "", phrase) in screen_text(app)


def digits(app: App[Any]) -> str:
    return app.screen.query_one(TimerDisplay).query_one(Digits).value


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def running_interview(db: Path) -> tuple[int, int]:
    """A database with Jim Park's interview under way (started 5 minutes ago): the app
    opens onto it with the first question's answer in the editor. Returns the ids of the
    interview and of that question."""
    import pendulum

    from infotui.store import Store

    with Store(db) as store:
        jim = store.contacts.add("Jim Park", company="Acme")
        assert jim.id is not None
        interview = store.interviews.create(jim.id, agreed_minutes=30)
        assert interview.id is not None
        started = pendulum.now("UTC").subtract(minutes=5)
        store.interviews.change_timer(interview.id, lambda c: c.start(started))
        return interview.id, store.plans.of(interview.id)[0].question_id


@contextmanager
def small_file_system(folder: Path, size: str) -> Iterator[Path]:
    """A real file system of ``size`` (tmpfs, e.g. "64k") mounted on ``folder``, for
    tests of a full disk. Needs root, as CI and this project's machines run; the test is
    skipped elsewhere."""
    import subprocess

    import pytest

    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
