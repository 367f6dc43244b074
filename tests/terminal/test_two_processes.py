"""The app and an ``infotui`` command on one database file, as real processes.

A command run beside the open app must not cut the app off from its own database
(a process that opens and closes the file outside SQLite drops its SQLite locks,
and the other process then removes the write-ahead log under it).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import running_interview
from tests.ptyapp import deleted_files, eventually, spawn, stored_answer, wait_exit

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infotui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_a_command_beside_the_app_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    interview_id, question_id = running_interview(db)

    pid, fd = spawn("--db", str(db))
    try:
        os.write(fd, b"Standups")  # typed as it opens; saved once the store is open
        eventually(
            lambda: stored_answer(db, interview_id, question_id) == "Standups",
            "the app saved its first words",
            fd=fd,
        )
        cli(db, "contacts", "add", "Bo Chen", "--company", "Initech")
        cli(db, "export", "markdown", "-o", str(tmp_path / "out.md"))

        assert deleted_files(pid) == []  # still on the database's own log and index
        os.write(fd, b" then code review")
        eventually(
            lambda: stored_answer(db, interview_id, question_id) == "Standups then code review",
            "the app saved what it typed after the command",
            fd=fd,
        )
        listed = cli(db, "contacts", "--json").stdout  # the command sees the app's writes
        assert "Bo Chen" in listed and "Jim Park" in listed
        os.write(fd, b"\x11")  # Ctrl+Q
        assert wait_exit(pid, fd=fd) == 0
    finally:
        os.close(fd)

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {name for (name,) in conn.execute("SELECT name FROM contact")}
        (text,) = conn.execute(
            "SELECT text FROM answer WHERE interview_id = ? AND question_id = ?",
            (interview_id, question_id),
        ).fetchone()
    finally:
        conn.close()
    assert names == {"Jim Park", "Bo Chen"}
    assert text == "Standups then code review"
