"""A deterministic, realistic large database for the benchmarks.

    python bench/generate.py PATH [--contacts 10000 --interviews 1000 --answers 30000]

The schema comes from infotui's own store; the rows are written in bulk with
sqlite3 (the triggers keep the search index up to date as they would).
One interview, with "Bench Person", is in progress and has a 2,000-line answer; nine
finished interviews in ten have a debrief.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from infotui.clock import FakeClock
from infotui.store import Store

FIRST = [
    "Ann",
    "Bo",
    "Cy",
    "Dana",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivo",
    "Jun",
    "Kai",
    "Lea",
    "Max",
    "Noor",
    "Omar",
    "Pia",
    "Quinn",
    "Rui",
    "Sara",
    "Tom",
    "Uma",
    "Vik",
    "Wen",
    "Xia",
    "Yara",
    "Zane",
    "Amir",
    "Beth",
    "Chen",
    "Dora",
]
LAST = [
    "Lee",
    "Diaz",
    "Young",
    "Okafor",
    "Raman",
    "Feld",
    "Alvarez",
    "Sorensen",
    "Haddad",
    "Nunez",
    "Kim",
    "Park",
    "Berg",
    "Costa",
    "Dubois",
    "Evans",
    "Ferrari",
    "Garcia",
    "Hansen",
    "Ito",
    "Jansen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Nakamura",
]
COMPANIES = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Northwind",
    "Brightline",
    "Harbor",
    "Finch",
    "Stark",
    "Wayne",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Cyberdyne",
    "Tyrell",
    "Aperture",
    "Gringotts",
    "Monarch",
    "Wonka",
]
ROLES = ("Data analyst", "Project engineer", "UX researcher", "Librarian", "Nurse manager",
         "Product manager", "Software engineer", "Recruiter", "Teacher", "Accountant")  # fmt: skip
WORDS = [
    "pipeline",
    "budget",
    "mentor",
    "standup",
    "stakeholder",
    "certificate",
    "internship",
    "resume",
    "portfolio",
    "network",
    "conference",
    "deadline",
    "client",
    "workshop",
    "analytics",
    "design",
    "research",
    "policy",
    "training",
    "schedule",
    "promotion",
    "manager",
    "union",
    "license",
    "exam",
    "shadowing",
    "volunteer",
]

GENERATOR = 1  # bump when the databases generated change, so the cache makes them again
START = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def answer(rng: random.Random) -> str:
    count = rng.choice((1, 2, 3, 3, 4, 5, 8, 15))  # mostly a few sentences, some long
    return " ".join(sentence(rng) for _ in range(count))


def generate(path: Path, contacts: int, interviews: int, answers: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    clock = FakeClock(START)
    with Store(path, clock=clock) as store:
        question_ids = [q.id for q in store.questions.all()]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    stamp = START.strftime(FORMAT)
    with conn:
        conn.executemany(
            "INSERT INTO contact (id, name, company, role, field, email, phone, linkedin_url,"
            " how_we_know, notes, status, created_at, updated_at) VALUES"
            " (?, ?, ?, ?, '', ?, '', '', '', ?, 'to_contact', ?, ?)",
            [
                (n, f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}", rng.choice(COMPANIES),
                 rng.choice(ROLES), f"person{n}@example.com",
                 sentence(rng) if n % 5 == 0 else "", stamp, stamp)
                for n in range(1, contacts + 1)
            ],
        )  # fmt: skip
        conn.execute("UPDATE contact SET name = 'Bench Person' WHERE id = 1")
        rows = []
        for n in range(1, interviews + 1):
            started = START.add(days=n % 300, hours=n % 8)
            status = "in_progress" if n == 1 else "done"
            ended = None if n == 1 else started.add(minutes=31).strftime(FORMAT)
            begun = pendulum.now("UTC").subtract(minutes=5) if n == 1 else started
            rows.append((n, 1 if n == 1 else rng.randint(2, contacts), begun.strftime(FORMAT),
                         ended, status, stamp, stamp))  # fmt: skip
        conn.executemany(
            "INSERT INTO interview (id, contact_id, agreed_minutes, medium, place, status,"
            " started_at, ended_at, paused_seconds, extended_minutes, created_at, updated_at)"
            " VALUES (?, ?, 30, 'video', '', ?, ?, ?, 0, 0, ?, ?)",
            [(i, c, st, s, e, a, b) for i, c, s, e, st, a, b in rows],
        )
        per = max(1, answers // interviews)
        plan_rows, answer_rows = [], []
        for interview_id in range(1, interviews + 1):
            chosen = rng.sample(question_ids, min(per, len(question_ids)))
            for position, question_id in enumerate(chosen):
                plan_rows.append((interview_id, question_id, f"Question {question_id}?", position))
                text = answer(rng)
                if interview_id == 1 and position == 0:
                    text = "\n".join(f"Line {k}: {sentence(rng)}" for k in range(2000))
                answer_rows.append((interview_id, question_id, text, stamp))
        conn.executemany(
            "INSERT INTO planitem (interview_id, question_id, text, position, starred, asked_at)"
            " VALUES (?, ?, ?, ?, 0, NULL)",
            plan_rows,
        )
        conn.executemany(
            "INSERT INTO answer (interview_id, question_id, text, highlight, updated_at)"
            " VALUES (?, ?, ?, 0, ?)",
            answer_rows,
        )
        # A debrief for nine finished interviews in ten: scores and next steps, for the
        # Evaluate screen. Its own random numbers: the rows above stay as they were.
        scores = random.Random(seed + 1)
        conn.executemany(
            "INSERT INTO debrief (interview_id, learned, fit_score, skills_score, values_score,"
            " interests_score, fit_notes, still_unknown, next_steps, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
            [
                (n, sentence(scores), scores.randint(1, 5), scores.randint(1, 5),
                 scores.randint(1, 5), scores.choice((None, 2, 3, 4, 5)), sentence(scores),
                 "\n".join(sentence(scores) for _ in range(scores.randint(0, 3))), stamp)
                for n in range(2, interviews + 1)
                if n % 10
            ],
        )  # fmt: skip
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    path.chmod(0o600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=1_000)
    parser.add_argument("--answers", type=int, default=30_000)
    args = parser.parse_args()
    started = time.perf_counter()
    generate(args.path, args.contacts, args.interviews, args.answers)
    size = args.path.stat().st_size / 1e6
    print(f"{args.path}: {size:.1f} MB in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
