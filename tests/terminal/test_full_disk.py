"""When neither the database nor any folder can take the notes, they are printed in the
terminal once the app has closed, and infotui exits with status 1. A real process in a
pseudo-terminal; the full disk is injected at the file layer (every fsync fails with
ENOSPC), the database kept locked by another program."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.helpers import running_interview
from tests.ptyapp import eventually, read_until, spawn_python, stored_answer, wait_exit

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX pty")]

NO_ROOM_ANYWHERE = """
import errno, os, sys
import infotui.recovery as recovery

def full(fd):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

recovery.os.fsync = full
from infotui.cli import main
sys.exit(main())
"""


def test_notes_with_nowhere_to_go_are_printed_after_the_app_closes(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    interview_id, question_id = running_interview(db)

    pid, fd = spawn_python(NO_ROOM_ANYWHERE, "--db", str(db))
    holder = sqlite3.connect(db, isolation_level=None, timeout=30)
    try:
        os.write(fd, b"Saved first.")
        eventually(
            lambda: stored_answer(db, interview_id, question_id) == "Saved first.",
            "the app saved its first words",
            fd=fd,
        )
        holder.execute("BEGIN EXCLUSIVE")  # from now on the database refuses the app's writes
        os.write(fd, b" Then the disk filled up.")
        read_until(fd, b"not saved", timeout=60)
        os.write(fd, b"\x11")  # Ctrl+Q: asks once more
        read_until(fd, b"again", timeout=60)  # "Press Ctrl+Q again"
        os.write(fd, b"\x11")
        output = read_until(fd, b"somewhere safe", timeout=60)
        code = wait_exit(pid, fd=fd)
    finally:
        holder.close()
        os.close(fd)
    assert code == 1, output[-3000:]
    assert b"Then the disk filled up." in output.split(b"somewhere safe")[-1]
    assert list(tmp_path.glob("*.unsaved-*")) == []  # no empty or half file left


CRASHING = """
import sys
from infotui.screens.live_countdown import CountdownPane

def broken(self):
    raise RuntimeError("a bug in the pacing hint")

CountdownPane.show_pacing = broken
from infotui.cli import main
sys.exit(main())
"""


def test_a_crash_never_exits_0(tmp_path: Path) -> None:
    """A bug that ends the app (here, one injected into the live screen) gives an exit
    status that says something went wrong (it was 0)."""
    db = tmp_path / "t.db"
    running_interview(db)
    pid, fd = spawn_python(CRASHING, "--db", str(db))
    try:
        code = wait_exit(pid, fd=fd, timeout=60)
    finally:
        os.close(fd)
    assert code != 0
