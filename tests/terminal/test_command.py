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

from tests.helpers import build_wheel


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
