"""What the tests share: where things are, the window size, reading the screen, typing.

Textual and the database layer are imported inside the helpers that need them, so the
unit tests that import this module load neither.
"""

from __future__ import annotations

import html
import inspect
import re
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pendulum
    from textual.app import App

    from infotui.screens.contacts import ContactsScreen

ROOT = Path(__file__).resolve().parent.parent  # the repository
FIXTURES = ROOT / "tests" / "fixtures"

SIZE = (120, 40)


def at_nine(now: pendulum.DateTime, *, days: int) -> pendulum.DateTime:
    """That many days after today, at 9:00 local time (in UTC): when follow-ups fall due."""
    import pendulum

    local = now.in_timezone(pendulum.tz.get_local_timezone())
    return local.start_of("day").add(days=days).set(hour=9).in_timezone("UTC")


def screen_text(app: App[Any]) -> str:
    """Everything visible (dialogs and notifications included), without white space.

    Read from the app's SVG screenshot, which places words by coordinates and
    leaves the spaces out: compare with :func:`shows`.
    """
    svg = app.export_screenshot()
    text = html.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)))
    return re.sub(r"\s", "", text)


def screen_lines(app: App[Any]) -> list[str]:
    """The screen as the terminal shows it, line by line, spaces kept (no colours)."""
    import io

    from rich.console import Console

    console = Console(
        width=app.size.width, file=io.StringIO(), record=True, color_system=None, height=999
    )
    # Textual (pinned) keeps what the screen looks like in its compositor.
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text().splitlines()[: app.size.height]


def shows(app: App[Any], phrase: str) -> bool:
    return re.sub(r"\s", "", phrase) in screen_text(app)


def digits(app: App[Any]) -> str:
    from textual.widgets import Digits

    from infotui.widgets.timer_display import TimerDisplay

    return app.screen.query_one(TimerDisplay).query_one(Digits).value


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def wait_until(  # type: ignore[no-untyped-def]
    pilot, condition: Callable[[], object], what: str, *, within: float = 30.0
) -> None:
    """Let the app run until ``condition()`` holds: a wait for a state, not a sleep.

    ``within``: how long before it counts as never; by default long, for a state the
    test needs whenever it comes, and for a limit the app promises, that limit. It is
    counted on this thread's RunClock (the app runs in it): time spent waiting for a
    processor on a busy machine does not count.
    """
    from tests.ptyapp import RunClock

    clock = RunClock()
    while not condition():
        if clock.read() > within:
            raise AssertionError(f"not within {within} s: {what}")
        await pilot.pause(0.01)


async def search_for(pilot, words: str) -> None:  # type: ignore[no-untyped-def]
    """From the app's first screen, search (Ctrl+F) for ``words``, typed a key at a time."""
    await pilot.pause()
    await pilot.press("ctrl+f")
    await pilot.pause()
    await type_text(pilot, words)
    await searched(pilot)


async def searched(pilot) -> None:  # type: ignore[no-untyped-def]
    """The search screen showing the matches of what its box holds: after a search slower
    than a tenth of a second (a busy machine), the next waits for a pause in the typing."""
    from textual.widgets import Input

    screen = pilot.app.screen
    box = screen.query_one("#query", Input)
    await wait_until(pilot, lambda: screen._searched == box.value, "the search of what is typed")
    await pilot.pause()


async def open_contacts(pilot) -> ContactsScreen:  # type: ignore[no-untyped-def]
    from infotui.screens.contacts import ContactsScreen

    await pilot.pause()
    await pilot.press("f9")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ContactsScreen)
    return screen


async def run_palette_command(pilot, title: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    [command] = [c for c in app.get_system_commands(app.screen) if c.title == title]
    done = command.callback()
    if inspect.isawaitable(done):  # an action, as the palette runs it
        await done
    await pilot.pause()


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


def dead_pid() -> int:
    """The id of a process that has ended."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


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


@contextmanager
def read_only_mount(folder: Path, at: Path) -> Iterator[Path]:
    """``folder`` mounted again, read-only, on ``at`` (a bind mount): a read-only file
    system whose files' modes still allow writing. Needs root; skipped elsewhere."""
    import subprocess

    import pytest

    at.mkdir()
    done = subprocess.run(["mount", "--bind", str(folder), str(at)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot bind-mount a folder here")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(at)], check=True)
        yield at
    finally:
        subprocess.run(["umount", "-l", str(at)], check=False)


@contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """``path`` (a file or a folder) marked immutable (chattr +i): not even root may
    change it, whatever its mode. Needs root and a file system that has the flag."""
    import subprocess

    import pytest

    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mark a file immutable here")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def build_wheel(folder: Path) -> Path:
    """infotui built as a wheel into ``folder`` (no network, no build isolation)."""
    import subprocess
    import sys

    wheels = folder / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    [wheel] = wheels.glob("infotui-*.whl")
    return wheel


def damaged_later(db: Path) -> tuple[int, int, str]:
    """A database with Jim Park's interview under way (:func:`running_interview`) and
    Dora Vance's, earlier, whose long answer the file has lost the end of: the file opens,
    and the app runs, until Dora's answer is read (picking her contact). Returns the ids
    of Jim's interview and question, and the name to pick."""
    import sqlite3

    from infotui.store import Store

    interview_id, question_id = running_interview(db)
    marker = "Dora's answer, lost in the file. "
    with Store(db) as store:
        dora = store.contacts.add("Dora Vance", company="Initech")
        assert dora.id is not None
        earlier = store.interviews.create(dora.id, agreed_minutes=30)
        assert earlier.id is not None
        store.answers.save(earlier.id, store.plans.of(earlier.id)[0].question_id, marker * 900)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db.read_bytes())
    start = data.find(marker.encode())
    damaged = 0
    while start != -1:
        number = start // page
        first = number * page
        # An overflow page (its first four bytes: the next one's number, small) of the
        # long text, not the b-tree page that holds the rows around it: it points past
        # the end of the file, which SQLite finds only as the text is read.
        if data[first] == 0 and number > 1:
            data[first : first + 4] = b"\xff\xff\xff\xff"
            damaged += 1
        start = data.find(marker.encode(), first + page)
    assert damaged, "no page of the long answer found to damage"
    db.write_bytes(bytes(data))
    return interview_id, question_id, "Dora Vance"
