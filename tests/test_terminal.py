"""infotui as a real process in a pseudo-terminal, the way a person runs it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from pathlib import Path

import pendulum
import pytest

from infotui.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")


def spawn(*args: str) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session leader whose terminal is the pty
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        os.execve(sys.executable, [sys.executable, "-m", "infotui", *args], env)
    return pid, fd


def read_until(fd: int, marker: bytes, timeout: float = 20.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{marker!r} never appeared; last output: {seen[-400:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def wait_exit(pid: int, timeout: float = 10.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, 9)
    raise AssertionError("infotui did not exit")


@pytest.mark.slow
def test_closing_the_terminal_keeps_what_was_typed(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with Store(db) as store:
        jim = store.add_contact("Jim Park", company="Acme")
        interview = store.create_interview(jim.id, agreed_minutes=30)
        started = pendulum.now("UTC").subtract(minutes=5)
        store.change_timer(interview.id, lambda c: c.start(started))
        first = store.plan(interview.id)[0]

    pid, fd = spawn("--db", str(db))
    try:
        read_until(fd, b"left of 30 min")  # the interview is loaded, the editor focused
        os.write(fd, b"Standups then code review")
        read_until(fd, b"review")  # on screen: the app has the text, not yet saved
    finally:
        os.close(fd)  # the terminal window closes: the kernel sends SIGHUP
    code = wait_exit(pid)

    assert code in (0, -1)  # exited by itself after saving (-1: SIGHUP's default, never expected)
    with Store(db) as store:
        assert store.answers(interview.id).get(first.question_id) == "Standups then code review"
