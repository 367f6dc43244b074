"""The app, as a real process, saves what a killed infotui left in its drafts journal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from infotui.journal import DraftJournal, JournalDraft
from tests.helpers import dead_pid
from tests.ptyapp import eventually, spawn, stored_answer, wait_exit


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pty")
def test_the_app_saves_what_a_killed_infotui_journaled(running: tuple[Path, int, int]) -> None:
    db, interview_id, question_id = running
    orphan = DraftJournal(db, pid=dead_pid())
    orphan.write([JournalDraft((interview_id, question_id), "Typed as it crashed", 0)])
    pid, fd = spawn("--db", str(db))
    try:
        eventually(
            lambda: stored_answer(db, interview_id, question_id) == "Typed as it crashed",
            "the app saved the journaled draft",
            fd=fd,
        )
        os.write(fd, b"\x11")  # Ctrl+Q
        assert wait_exit(pid, fd=fd) == 0
    finally:
        os.close(fd)
    assert not orphan.path.exists()
