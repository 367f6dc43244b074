"""The benchmark harness runs end to end on a tiny database, so it cannot rot.

The figures it prints here mean nothing (tiny data, a busy test machine); the
real run is `make bench`, reported in bench/RESULTS.md.
"""

from __future__ import annotations

import subprocess
import sys

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
        "Typing in the first second",
    ):  # fmt: skip
        assert figure in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 11  # the header and one row per figure
