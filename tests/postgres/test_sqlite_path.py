"""PostgreSQL support costs the SQLite path nothing: no driver or server code is loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CODE = """
import sys
from infotui.store import Store
with Store(sys.argv[1]) as store:
    store.contacts.add("Ann Lee")
    store.search.find("ann")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("psycopg", "psycopg2")
                or m.startswith("sqlalchemy.dialects.postgresql"))
print(loaded)
"""


def test_a_sqlite_store_loads_nothing_of_postgresql(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path / "infotui.db")],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"
