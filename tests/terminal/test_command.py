"""The ``infotui`` command as a real process: ``python -m infotui``, and installed from a
wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import build_wheel, running_interview


def test_python_dash_m(db_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "infotui", "--db", str(db_path), "contacts", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_app_refuses_a_folder_that_does_not_exist_before_it_starts(tmp_path: Path) -> None:
    db = tmp_path / "no such folder" / "infotui.db"
    result = subprocess.run(
        [sys.executable, "-m", "infotui", "--db", str(db)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"infotui: {db.parent} does not exist; create the folder first\n",  # nothing drawn
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_built_wheel_carries_the_question_bank(tmp_path: Path) -> None:
    """A non-editable install finds data/ inside the package."""
    wheel = build_wheel(tmp_path)
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert "infotui/data/questions.toml" in archive.namelist()
        archive.extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "import infotui.questions as q; print(q.data_dir())"],
        capture_output=True, text=True, check=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert probe.stdout.strip() == str(site / "infotui" / "data")
    result = subprocess.run(
        [sys.executable, "-m", "infotui", "--db", str(tmp_path / "x.db"), "questions", "--json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 37


@pytest.fixture(scope="module")
def full_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with something for every command to print: an interview under way,
    one booked for tomorrow, and 3,000 contacts (their list is more than a pipe holds)."""
    from infotui.store import Store
    from infotui.views import ContactRecord

    db = tmp_path_factory.mktemp("pipe") / "t.db"
    running_interview(db)
    with Store(db) as store:
        people = [
            ContactRecord(n + 2, {"name": f"Person {n:04}", "company": "Acme"}) for n in range(3000)
        ]
        assert store.imports.contacts(people).imported == 3000
        ann = store.contacts.add("Ann Lee")
        assert ann.id is not None
        store.interviews.schedule(ann.id, store.now().add(days=1), agreed_minutes=20)
    return db


STDOUT_COMMANDS = [
    ["questions"], ["questions", "--json"], ["contacts"], ["contacts", "--json"],
    ["upcoming"], ["upcoming", "--json"], ["report"], ["report", "--json"],
    ["export", "markdown"], ["export", "csv"], ["export", "vcard"], ["export", "ics"],
]  # fmt: skip


@pytest.mark.parametrize("command", STDOUT_COMMANDS, ids=" ".join)
def test_a_reader_gone_before_the_output_ends_the_command_quietly(
    full_db: Path, command: list[str]
) -> None:
    """The program reading the output has closed the pipe before a byte is written (as
    `| head -1` does once it has its line): a reader closing early is normal, and the
    command ends with status 0 and says nothing."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "infotui", "--db", str(full_db), *command],
            stdout=write, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, "")


def test_head_takes_its_line_and_the_command_ends_quietly(full_db: Path) -> None:
    """infotui contacts --json | head -n 1, the list far more than the pipe holds: head
    exits while infotui is still writing."""
    head = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert head.stdin is not None and head.stdout is not None
    try:
        done = subprocess.run(
            [sys.executable, "-m", "infotui", "--db", str(full_db), "contacts", "--json"],
            stdout=head.stdin, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        head.stdin.close()
        first = head.stdout.read()
        head.stdout.close()
        head.wait()
    assert (done.returncode, done.stderr) == (0, "")
    assert first == b"[\n"


def test_an_import_that_skipped_rows_says_so_by_its_status_to_a_reader_gone(
    tmp_path: Path,
) -> None:
    """The summary has no reader, and the import skipped a row: the status is still 1."""
    rows = tmp_path / "rows.csv"
    rows.write_text("Name,Email\nAnn Lee,ann@example.org\n,nobody@example.org\n")
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "infotui", "--db", str(tmp_path / "t.db"), "import", str(rows)],
            stdout=write, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        os.close(write)
    assert done.returncode == 1
    assert done.stderr.endswith("  line 3: name: a name is required\n")
