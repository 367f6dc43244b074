"""The benchmark harness runs end to end on a tiny database, so it cannot rot.

The figures it prints here mean nothing (tiny data, a busy test machine); the
real run is `make bench`, reported in bench/RESULTS.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.mark.slow
def test_benchmark_harness_smoke() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--no-write"],
        capture_output=True, text=True, timeout=240, check=False, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    for figure in (
        "First paint", "Ready", "Memory", "Typing, key to repaint, p50", "Saving, keystroke to",
        "One save", "Full-text search", "Contact filter", "Timer error",
        "Typing in the first second", "Evaluate screen, key to shown",
        "Evaluate screen, key to what was said counted",
    ):  # fmt: skip
        assert figure in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 15  # the header and one row per figure


@pytest.mark.slow
def test_import_benchmark_smoke(tmp_path: Path) -> None:
    """bench/imports.py end to end on small files (its cache in a folder of the test's)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "imports.py"), "--smoke", "--no-write"],
        capture_output=True, text=True, timeout=240, check=False, cwd=ROOT,
        env={**os.environ, "INFOTUI_BENCH_CACHE": str(tmp_path / "cache")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 9  # the header and one row per figure
    assert (
        "| Import 300 LinkedIn rows into the (empty) database infotui made (linkedin: imported"
        " 300, updated 0" in result.stdout
    )
    assert "| Import 300 LinkedIn rows, the import making the database file (linkedin: " in (
        result.stdout
    )
    assert "(linkedin: imported 0, updated 0, unchanged 300, skipped 0; cpu " in result.stdout
    assert "(vcard: imported 200, updated 0, unchanged 0, skipped 0; cpu " in result.stdout
    assert "| Export those 300 contacts as vCards (`infotui export vcard`) (300 cards; cpu " in (
        result.stdout
    )
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [
        "v2-200-contacts.vcf", "v2-300-linkedin.csv",
    ]  # fmt: skip


@pytest.mark.slow
def test_scale_benchmark_smoke(tmp_path: Path) -> None:
    """bench/run.py --scale end to end at two tiny sizes, its databases cached."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--scale", "--smoke", "--no-write"],
        capture_output=True, text=True, timeout=400, check=False, cwd=ROOT,
        env={**os.environ, "INFOTUI_BENCH_CACHE": str(tmp_path / "cache")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "## Scale" in result.stdout
    assert "| Figure | 50 contacts | 200 contacts |" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 6  # the header and one row per figure
    assert all(line.count("|") == 4 for line in rows)
    assert len(list((tmp_path / "cache").glob("db-v*-50-5-150.db"))) == 1
