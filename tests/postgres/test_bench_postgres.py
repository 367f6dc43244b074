"""The PostgreSQL start-up benchmark runs end to end on a tiny database (the figures
mean nothing here; the real run is `make bench-postgres`, in bench/POSTGRES.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.slow
def test_postgres_benchmark_smoke(pg_server: object) -> None:  # pg_server: skip when unwanted
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "postgres.py"), "--smoke", "--no-write"],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert [r.split(" | ")[0] for r in rows[1:]] == [
        "| SQLite file",
        "| PostgreSQL, unix socket",
        "| PostgreSQL, 127.0.0.1",
    ]
