"""Start-up on a PostgreSQL server, against the same data in a SQLite file.

    python bench/postgres.py            # the generated database of bench/run.py (a minute)
    python bench/postgres.py --smoke    # tiny: proves the harness works

Starts a throwaway server on this machine (as the tests do: tests/postgres/server.py,
a unix socket and 127.0.0.1 only), copies the generated database into it with
``infotui db copy``'s code, and measures, on real processes in a pseudo-terminal at
120x40: first paint and ready (the live screen with its contacts, interview and
editor) for the file and for the server; and, in-process, opening the store. Prints a
table and (unless --no-write) writes bench/POSTGRES.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import PY, Term  # noqa: E402

from infotui.store import Store  # noqa: E402
from infotui.store.copying import copy_database  # noqa: E402
from tests.postgres.server import start_server  # noqa: E402


def ready_times(db: str, runs: int) -> tuple[float, float]:
    """Median first paint and ready, in seconds."""
    paint, ready = [], []
    for _ in range(runs):
        app = Term([PY, "-m", "infotui", "--db", db])
        paint.append(app.since_start_until(b"opening your notes"))
        ready.append(app.since_start_until(b"left of 30 min"))
        app.drain()
        app.close()
    return statistics.median(paint), statistics.median(ready)


def open_times(db: str, runs: int) -> float:
    """Median time to open the store in a process that has loaded it already."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        Store(db).close()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny and quick: proves it runs")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    sizes = (50, 5, 150) if args.smoke else (10_000, 1_000, 30_000)
    runs = 1 if args.smoke else 7
    folder = Path(tempfile.mkdtemp(prefix="infotui-bench-pg-"))
    db = folder / "bench.db"
    generate(db, *sizes)
    server = start_server()
    try:
        import psycopg

        with psycopg.connect(host=str(server.socket_dir), port=server.port, user="infotui",
                             dbname="postgres", autocommit=True) as conn:  # fmt: skip
            conn.execute("CREATE DATABASE bench")
        url = server.url("bench")
        with Store(db) as source, Store(url) as target:
            copy_database(source.db, target.db)
        rows = []
        for name, target_db in (("SQLite file", str(db)), ("PostgreSQL, unix socket", url),
                                ("PostgreSQL, 127.0.0.1", server.tcp_url("bench"))):  # fmt: skip
            paint, ready = ready_times(target_db, runs)
            opened = open_times(target_db, runs)
            rows.append((name, paint, ready, opened))
    finally:
        server.stop()
    label = f"{sizes[0]:,} contacts, {sizes[1]:,} interviews, {sizes[2]:,} answers"
    lines = [
        f"# Start-up on PostgreSQL ({label}; median of {runs}, 120x40)",
        "",
        "| Database | First paint | Ready | Store opened (in-process) |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {name} | {paint * 1000:.0f} ms | {ready * 1000:.0f} ms | {opened * 1000:.0f} ms |"
        for name, paint, ready, opened in rows
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        results = HERE / "POSTGRES.md"
        old = results.read_text(encoding="utf-8") if results.exists() else ""
        notes = old[old.index("\n## ") :] if "\n## " in old else ""
        results.write_text(text + notes, encoding="utf-8")


if __name__ == "__main__":
    main()
