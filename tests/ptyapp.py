"""Run infotui as a real process in a pseudo-terminal, the way a person runs it.

Shared by the tests that need the real program: closing its terminal, a second
process on its database file.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import sqlite3
import struct
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def spawn(*args: str, size: tuple[int, int] = (120, 40)) -> tuple[int, int]:
    """Start ``python -m infotui ARGS`` on a new pty; return (pid, the pty's master fd)."""
    columns, lines = size
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session leader whose terminal is the pty
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns),
               "LINES": str(lines)}  # fmt: skip
        os.execve(sys.executable, [sys.executable, "-m", "infotui", *args], env)
    # pty.fork leaves the master inheritable: another infotui started later would hold it
    # open, and closing it here would not hang the terminal up.
    os.set_inheritable(fd, False)
    return pid, fd


def spawn_python(code: str, *args: str, size: tuple[int, int] = (120, 40)) -> tuple[int, int]:
    """Like :func:`spawn`, running ``python -c CODE ARGS`` (to inject a fault first)."""
    columns, lines = size
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns),
               "LINES": str(lines)}  # fmt: skip
        os.execve(sys.executable, [sys.executable, "-c", code, *args], env)
    os.set_inheritable(fd, False)  # as in spawn
    return pid, fd


def read_until(fd: int, marker: bytes, timeout: float = 30.0) -> bytes:
    """Read the program's output until ``marker`` shows (a start-up wait, not a measure)."""
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


def drain(fd: int) -> None:
    """Read whatever output is waiting, so the program never blocks writing to us."""
    while select.select([fd], [], [], 0)[0]:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def wait_exit(pid: int, timeout: float = 10.0, fd: int | None = None) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if fd is not None:
            drain(fd)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise AssertionError("infotui did not exit")


def eventually(
    check: Callable[[], T | None], what: str, *, fd: int | None = None, timeout: float = 30.0
) -> T:
    """Poll until ``check`` returns something (a wait for a state, not a measure).

    ``fd``: a program's terminal, read meanwhile so that it never blocks writing to it.
    """
    deadline = time.monotonic() + timeout
    while True:
        if fd is not None:
            drain(fd)
        found = check()
        if found is not None and found is not False:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.05)


def stored_answer(db: Path, interview_id: int, question_id: int | None) -> str | None:
    """An answer as another process reads it from the file (read-only)."""
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        row = conn.execute(
            "SELECT text FROM answer WHERE interview_id = ? AND question_id IS ?",
            (interview_id, question_id),
        ).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def deleted_files(pid: int) -> list[str]:
    """The files a process holds open that were removed from the disk."""
    found = []
    fd_dir = Path(f"/proc/{pid}/fd")
    for entry in fd_dir.iterdir():
        try:
            target = os.readlink(entry)
        except OSError:
            continue
        if target.endswith("(deleted)"):
            found.append(target)
    return found
