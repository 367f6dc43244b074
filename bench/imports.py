"""Importing large contact files, against a plain sqlite3 executemany of the same rows.

    python bench/imports.py            # 30,000 LinkedIn rows and a 10 MB vCard
    python bench/imports.py --smoke    # a few hundred rows: only proves the harness works

The files are generated once, deterministically, and kept in the bench cache folder
(INFOTUI_BENCH_CACHE, else ~/.cache/infotui-bench). Each import runs the real command
line in a child process, into a copy of the empty database infotui makes when first
opened (the usual case: the file the app uses), and once more into a file the import
itself makes; its wall time, processor time and peak memory (the child's maximum
resident set, from wait4) are measured from outside. The baseline is a child
that reads the same CSV with the csv module and inserts the same rows with sqlite3's
executemany into a table of the same columns, in one transaction: the floor for
getting these rows into SQLite from Python. The CLI's fixed start with the full store (Python,
SQLAlchemy, the store opened) is measured too, as `infotui upcoming --json` on an empty
database; an import into an up-to-date file does not load the ORM.

Prints a table and (unless --no-write) puts it in bench/RESULTS.md, under "## Imports".
"""

from __future__ import annotations

import argparse
import compileall
import csv
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from figures import Figure

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
GENERATOR = 2  # bump when the files generated change, so the cache makes them again

FIRST = ["Priya", "Jim", "Dana", "José", "Marcus", "Zoë", "Søren", "Amélie", "Ana", "Kenji",
         "Lena", "Amir", "Chloé", "Wei", "Fatima", "Olu"]  # fmt: skip
LAST = ["Raman", "Alvarez", "Okafor", "Núñez", "Feld", "Müller", "Lund", "Dupont", "Costa",
        "Sato", "Sorensen", "Haddad", "Martin", "Zhang", "Bello", "Adeyemi"]  # fmt: skip
COMPANIES = ["Northwind Health", "Brightline Energy, Inc.", 'The "Open" Library', "Café Société",
             "Harbor & Finch", "Globex", "Initech", "Acme"]  # fmt: skip
ROLES = ["Clinical Data Analyst", "Project Engineer", "Digital Services Librarian",
         "Head of Operations, EMEA", "UX Research Lead", "Recruiter"]  # fmt: skip
NOTES = ["Met at the regional meetup; très sympathique, knows everyone in procurement.",
         "Zoë's former colleague. Ask about the move from nursing to data work.",
         "Søren suggested her; follow up after the conference in Malmö.",
         "Prefers email. Spoke about mentoring, apprenticeships and training funds."]  # fmt: skip


def person(rng: random.Random, n: int) -> tuple[str, str, str, str, str, str, str]:
    """One connection: first, last, profile URL, email (one in three), company, role, date."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    slug = f"{first.lower()}-{last.lower()}-{n:05x}"
    email = f"{first.lower()}.{last.lower()}{n}@example.com" if n % 3 == 0 else ""
    return (first, f"{last} {n}", f"https://www.linkedin.com/in/{slug}", email,
            rng.choice(COMPANIES), rng.choice(ROLES), f"{1 + n % 28:02d} Mar 2024")  # fmt: skip


def linkedin_csv(path: Path, rows: int) -> None:
    """A LinkedIn Connections.csv: its lines of notes, then the header and the rows."""
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        handle.write(
            'Notes:\n"When exporting your connection data, you may notice that some of the '
            'email addresses are missing."\n\n'
        )
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company",
                         "Position", "Connected On"])  # fmt: skip
        writer.writerows(person(rng, n) for n in range(rows))


def fold_line(line: str, width: int = 75) -> str:
    """A content line folded as RFC 6350 has it: CRLF and a space every 75 characters."""
    parts = [line[i : i + width] for i in range(0, len(line), width)] or [""]
    return "\r\n ".join(parts) + "\r\n"


def vcard_file(path: Path, cards: int) -> None:
    """vCard 3.0 cards as an address book exports them: N, FN, ORG with a unit, TITLE,
    emails and phones with types, a URL, an address, a birthday, a long note (folded)
    with accents and line breaks, a UID and REV."""
    rng = random.Random(11)
    with path.open("w", newline="", encoding="utf-8") as handle:
        for n in range(cards):
            first, last, url, email, company, role, _ = person(rng, n)
            org, title = company.replace(",", "\\,"), role.replace(",", "\\,")
            note = " ".join(rng.sample(NOTES, 2)).replace(",", "\\,").replace(";", "\\;")
            note = note.replace(". ", ".\\n", 1)  # a line break, escaped
            lines = [
                "BEGIN:VCARD", "VERSION:3.0", f"N:{last};{first};;;", f"FN:{first} {last}",
                f"ORG:{org};Partnerships", f"TITLE:{title}",
                f"EMAIL;TYPE=INTERNET,WORK:{email or f'{first.lower()}{n}@work.example'}",
                f"TEL;TYPE=CELL:+1 555 {n % 1000:03d} {n % 10000:04d}",
                f"item1.URL:{url}", "item1.X-ABLabel:LinkedIn",
                f"ADR;TYPE=WORK:;;{n} Harbour Street;Malmö;;211 {n % 100:02d};Sweden",
                f"BDAY:19{70 + n % 30}-0{1 + n % 9}-1{n % 9}",
                f"NOTE:{note}", f"UID:bench-{n}@example.com", "REV:2026-03-10T14:00:00Z",
                "END:VCARD",
            ]  # fmt: skip
            if n % 4 == 0:
                lines.insert(8, f"EMAIL;TYPE=INTERNET,HOME:{first.lower()}.{n}@home.example")
            handle.write("".join(fold_line(line) for line in lines))


def cache_folder() -> Path:
    folder = Path(os.environ.get("INFOTUI_BENCH_CACHE") or Path.home() / ".cache/infotui-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached(name: str, make: object, size: int) -> Path:
    """The generated file, made once and kept in the cache folder."""
    path = cache_folder() / f"v{GENERATOR}-{size}-{name}"
    if not path.exists():
        partial = path.with_suffix(".partial")
        make(partial, size)  # type: ignore[operator]
        partial.rename(path)
    return path


# -- measuring a child process --------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mib: float
    out: str
    cpu: float = 0.0  # seconds of processor time (user and system)


MEASURE = """
import os, resource, subprocess, sys, time, json
started = time.perf_counter()
child = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
print(json.dumps({"seconds": seconds, "peak": peak, "cpu": cpu, "code": child.returncode,
                  "out": child.stdout, "err": child.stderr[-2000:]}))
"""


def measured(argv: list[str]) -> Run:
    """Run ``argv`` under a small helper process that reports its wall time and peak RSS
    (RUSAGE_CHILDREN: the helper has no other child, so the peak is this command's)."""
    import json

    done = subprocess.run([PY, "-c", MEASURE, *argv], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    if report["code"] not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} failed ({report['code']}): {report['err']}")
    return Run(report["seconds"], report["peak"], report["out"].strip(), report["cpu"])


BASELINE = """
import csv, sqlite3, sys
path, db, schema = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, encoding="utf-8-sig", newline="") as handle:
    rows = csv.reader(handle)
    for row in rows:
        if row[:2] == ["First Name", "Last Name"]:
            break
    stamp = "2026-03-10 14:00:00.000000"
    data = [(f"{first} {last}", company, role, email, url, f"LinkedIn connection since {on}",
             stamp, stamp) for first, last, url, email, company, role, on in rows]
conn = sqlite3.connect(db)
conn.executescript(schema)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA synchronous=FULL")
with conn:
    conn.executemany(
        "INSERT INTO contact (name, company, role, field, email, phone, linkedin_url,"
        " how_we_know, notes, status, created_at, updated_at)"
        " VALUES (?, ?, ?, '', ?, '', ?, ?, '', 'to_contact', ?, ?)", data)
print(len(data))
"""


EXPORT_BASELINE = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute("SELECT * FROM contact ORDER BY lower(name), id").fetchall()
with open(sys.argv[2], "w", newline="", encoding="utf-8") as handle:
    csv.writer(handle).writerows(rows)
print(len(rows))
"""


def contact_schema(folder: Path, *, with_search: bool) -> str:
    """infotui's contact table and its indexes (and, if asked, the search index and its
    triggers on contacts), as SQL, from a database infotui made."""
    import sqlite3

    db = folder / "schema.db"
    if not db.exists():
        subprocess.run([PY, "-m", "infotui", "--db", str(db), "contacts"], check=True,
                       capture_output=True)  # fmt: skip
    wanted = "(type IN ('table', 'index') AND tbl_name = 'contact')"
    if with_search:
        wanted += " OR name = 'search_fts' OR (type = 'trigger' AND name LIKE 'search_contact_%')"
    conn = sqlite3.connect(db)
    rows = conn.execute(
        f"SELECT sql FROM sqlite_master WHERE ({wanted}) AND sql IS NOT NULL "
        "ORDER BY type = 'trigger', rowid"
    ).fetchall()
    conn.close()
    return ";\n".join(sql for (sql,) in rows) + ";"


def best_of(runs: int, argv_for: object) -> Run:
    """The fastest of ``runs`` runs (each on a fresh database, made by ``argv_for``); its
    peak memory is the largest seen."""
    results = [measured(argv_for(n)) for n in range(runs)]  # type: ignore[operator]
    fastest = min(results, key=lambda r: r.seconds)
    cpu = min(r.cpu for r in results)
    return Run(fastest.seconds, max(r.peak_mib for r in results), fastest.out, cpu)


def bench(rows: int, cards: int, runs: int) -> tuple[list[Figure], str, float]:
    compileall.compile_dir(ROOT / "infotui", quiet=1)  # as an installed copy has it
    csv_file = cached("linkedin.csv", linkedin_csv, rows)
    vcf_file = cached("contacts.vcf", vcard_file, cards)
    work = Path(tempfile.mkdtemp(prefix="infotui-bench-imports-"))
    try:
        infotui = [PY, "-m", "infotui"]
        empty = work / "empty.db"
        subprocess.run([*infotui, "--db", str(empty), "contacts"], check=True, capture_output=True)
        floor = best_of(runs, lambda n: [*infotui, "--db", str(empty), "upcoming", "--json"])

        def fresh(name: str, n: int) -> str:
            path = work / f"{name}-{n}.db"
            for leftover in work.glob(f"{name}-{n}.db*"):
                leftover.unlink()
            return str(path)

        def ready(name: str, n: int) -> str:
            """A copy of the database infotui made when it first opened: the usual case,
            an import into the database the app uses."""
            path = fresh(name, n)
            shutil.copyfile(empty, path)
            return path

        first = best_of(
            runs, lambda n: [*infotui, "--db", ready("csv", n), "import", str(csv_file)]
        )
        made = best_of(runs, lambda n: [*infotui, "--db", fresh("new", n), "import", str(csv_file)])
        again = best_of(
            runs, lambda n: [*infotui, "--db", str(work / "csv-0.db"), "import", str(csv_file)]
        )
        exported = best_of(
            runs,
            lambda n: [*infotui, "--db", str(work / "csv-0.db"), "export", "vcard", "-o",
                       str(work / "out.vcf"), "--force"],
        )  # fmt: skip
        written = (work / "out.vcf").read_bytes().count(b"BEGIN:VCARD\r\n")
        export_base = best_of(
            runs,
            lambda n: [PY, "-c", EXPORT_BASELINE, str(work / "csv-0.db"), str(work / "out.csv")],
        )
        vcard = best_of(
            runs, lambda n: [*infotui, "--db", ready("vcf", n), "import", str(vcf_file)]
        )
        plain_schema = contact_schema(work, with_search=False)
        search_schema = contact_schema(work, with_search=True)
        baseline = best_of(
            runs,
            lambda n: [PY, "-c", BASELINE, str(csv_file), fresh("base", n), plain_schema],
        )
        with_search = best_of(
            runs,
            lambda n: [PY, "-c", BASELINE, str(csv_file), fresh("base-search", n), search_schema],
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = vcf_file.stat().st_size / 1e6
    base = baseline.seconds
    figures = [
        Figure("CLI start, no import (`infotui upcoming --json`, empty database)",
               floor.seconds, "s", "", None, base, f"cpu {floor.cpu:.2f} s"),
        Figure(f"Import {rows:,} LinkedIn rows into the (empty) database infotui made",
               first.seconds, "s", "<= 2 s", first.seconds <= 2, base,
               f"{first.out}; cpu {first.cpu:.2f} s"),
        Figure(f"Import {rows:,} LinkedIn rows, peak memory", first.peak_mib, "MiB",
               "<= 100 MiB", first.peak_mib <= 100, baseline.peak_mib),
        Figure(f"Import {rows:,} LinkedIn rows, the import making the database file",
               made.seconds, "s", "", None, base,
               f"{made.out}; cpu {made.cpu:.2f} s; schema and question bank made first"),
        Figure("The same file again (nothing changes)", again.seconds, "s", "<= 1 s",
               again.seconds <= 1, base, f"{again.out}; cpu {again.cpu:.2f} s"),
        Figure(f"Export those {rows:,} contacts as vCards (`infotui export vcard`)",
               exported.seconds, "s", "<= 3 s", exported.seconds <= 3, export_base.seconds,
               f"{written:,} cards; cpu {exported.cpu:.2f} s; baseline: sqlite3 SELECT of "
               f"the rows written by the csv module"),
        Figure(f"Import a {size:.1f} MB vCard ({cards:,} cards) into the database made",
               vcard.seconds, "s", "<= 5 s", vcard.seconds <= 5, base,
               f"{vcard.out}; cpu {vcard.cpu:.2f} s"),
        Figure("vCard import, peak memory", vcard.peak_mib, "MiB", "", None, baseline.peak_mib),
        Figure("Baseline with the search index's triggers (sqlite3 executemany, same rows)",
               with_search.seconds, "s", "", None, base, f"cpu {with_search.cpu:.2f} s"),
    ]  # fmt: skip
    sizes = f"{rows:,} LinkedIn rows ({csv_file.stat().st_size / 1e6:.1f} MB), {cards:,} vCards"
    return figures, sizes, baseline.cpu


def report(figures: list[Figure], sizes: str, runs: int, baseline_cpu: float) -> str:
    lines = [
        "## Imports",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')}; {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end",
        f"- Files: {sizes}; each figure the fastest of {runs} runs of the command line "
        "(`python bench/imports.py`), with the least processor time of the runs",
        "- Baseline: a plain `sqlite3` executemany of the same rows (csv module, one "
        f"transaction, infotui's contact table without the search index), in its own process: "
        f"cpu {baseline_cpu:.2f} s (the vCard's ratio is to it too: no plain reader of vCards "
        "is at hand)",
        "",
        "| Figure | infotui | Baseline | Ratio | Goal | Met |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        base = f"{f.baseline:.2f} {f.unit}" if f.baseline is not None else ""
        met = "yes" if f.met else "no" if f.met is not None else ""
        note = f" ({f.note})" if f.note else ""
        lines.append(f"| {f.name}{note} | {f.value:.2f} {f.unit} | {base} | {f.ratio} | "
                     f"{f.goal} | {met} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def write_results(table: str) -> None:
    """Put the table in RESULTS.md under "## Imports", keeping what follows it (the
    analysis, under "### ..." headings) and the other sections."""
    results = HERE / "RESULTS.md"
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    start = old.find("\n## Imports\n")
    if start < 0:
        results.write_text(old.rstrip("\n") + "\n\n" + table, encoding="utf-8")
        return
    end = old.find("\n### ", start)
    nxt = old.find("\n## ", start + 1)
    if end < 0 or (0 <= nxt < end):
        end = nxt
    rest = old[end:] if end >= 0 else ""
    results.write_text(old[: start + 1] + table + rest, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny and quick: proves it runs")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # 16,500 cards of about 600 bytes: the 10 MB of the goal.
    rows, cards, runs = (300, 200, 1) if args.smoke else (30_000, 16_500, args.runs)
    figures, sizes, baseline_cpu = bench(rows, cards, runs)
    table = report(figures, sizes, runs, baseline_cpu)
    print(table)
    if not args.no_write:
        write_results(table)


if __name__ == "__main__":
    main()
