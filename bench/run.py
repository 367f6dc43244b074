"""infotui's benchmarks, each against a baseline measured in the same run.

    python bench/run.py            # the full run on a large generated database (a few minutes)
    python bench/run.py --smoke    # a tiny run that only proves the harness works

Prints a table and (unless --no-write) writes bench/RESULTS.md. Start-up, typing
and memory are measured on real processes in a pseudo-terminal at 120x40, the
way a person runs the app; the rest in-process on the same database.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import datetime
import fcntl
import gc
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from figures import Figure  # noqa: E402
from generate import GENERATOR, generate  # noqa: E402

from infotui.dbfile import SCHEMA_VERSION  # noqa: E402

PY = sys.executable
# Letters that appear nowhere else on either screen, typed once each.
UNIQUE = "αβγδεζηθικλμνξοπρστυφχψωбвгдежзийклмнпрстуфхцчшщ"
EARLY = "ΓΔΘΛΞΠΣΦΨΩБГДЖЗИЙЛПФЦЧШЩЭЮЯ"  # for typing straight after the first frame


# -- running a real process in a pseudo-terminal ------------------------------------------


class Term:
    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            os.execve(argv[0], argv, {**os.environ, "TERM": "xterm-256color", **(env or {})})
        self.pid, self.fd = pid, fd
        self.output = b""

    def read_until(self, test: Callable[[bytes], bool], timeout: float = 30.0) -> float:
        """Seconds from now until the output read since now passes the test."""
        start = time.perf_counter()
        seen = b""
        while not test(seen):
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"waited {timeout} s; last output {seen[-300:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 1 << 16)
                seen += chunk
                self.output += chunk
        return time.perf_counter() - start

    def since_start_until(self, marker: bytes, timeout: float = 30.0) -> float:
        if marker in self.output:
            return 0.0
        self.read_until(lambda seen: marker in self.output, timeout)
        return time.perf_counter() - self.started

    def drain(self, duration: float = 0.3) -> None:
        """Read whatever arrives for a while (the app repaints its clock all the time)."""
        end = time.perf_counter() + duration
        while (left := end - time.perf_counter()) > 0:
            if select.select([self.fd], [], [], left)[0]:
                try:
                    self.output += os.read(self.fd, 1 << 16)
                except OSError:
                    return

    def peak_rss_mib(self) -> float:
        status = Path(f"/proc/{self.pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else float("nan")

    def close(self) -> None:
        """Close the terminal (the app gets SIGHUP), and make sure it is gone."""
        with contextlib.suppress(OSError):
            os.close(self.fd)
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return
            time.sleep(0.02)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def cache_folder() -> Path:
    folder = Path(os.environ.get("INFOTUI_BENCH_CACHE") or Path.home() / ".cache/infotui-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def database(sizes: tuple[int, int, int], folder: Path) -> Path:
    """A working copy of the generated database of these sizes, generated once and kept
    in the cache folder (INFOTUI_BENCH_CACHE, else ~/.cache/infotui-bench): 100,000
    contacts take minutes to generate."""
    contacts, interviews, answers = sizes
    kept = (
        cache_folder() / f"db-v{GENERATOR}-s{SCHEMA_VERSION}-{contacts}-{interviews}-{answers}.db"
    )
    if not kept.exists():
        partial = kept.with_suffix(".partial")
        generate(partial, *sizes)
        partial.rename(kept)
    db = folder / f"bench-{contacts}.db"
    shutil.copyfile(kept, db)
    db.chmod(0o600)
    # The interview in progress began five minutes before now, not before the copy was
    # made (its countdown would be over by the next run).
    begun = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)).strftime(
        "%Y-%m-%d %H:%M:%S.%f"
    )
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE interview SET started_at = ? WHERE id = 1", (begun,))
    return db


def memory_with_screens_used(db: Path) -> tuple[float, float]:
    """Peak memory (MiB) of infotui once the live screen, the contacts screen (F9, a filter
    typed) and search (a word found) have been used; and the bare app's."""
    bare = Term([PY, str(HERE / "bare_app.py")])
    bare.since_start_until(b"bare app ready")
    bare.drain()
    bare_mib = bare.peak_rss_mib()
    bare.close()
    app = Term([PY, "-m", "infotui", "--db", str(db)])
    app.since_start_until(b"left of 30 min")
    app.drain(1.0)
    os.write(app.fd, b"\x1b[20~")  # F9
    app.since_start_until(b"Last contact", timeout=60)
    app.drain(0.5)
    for key in (b"/", b"a", b"n", b"n"):
        os.write(app.fd, key)
        app.drain(0.3)
    for key in (b"\x1b", b"\x1b"):  # the filter emptied, then back to the live screen
        os.write(app.fd, key)
        app.drain(0.5)
    os.write(app.fd, b"\x06")  # Ctrl+F
    try:
        app.since_start_until(b"Search answers", timeout=60)
    except TimeoutError:  # a slow contacts screen still busy: measured all the same
        print("Scale: the search screen did not show within 60 s", file=sys.stderr)
    for key in b"pipeline":
        os.write(app.fd, bytes([key]))
        app.drain(0.1)
    app.drain(1.5)
    mib = app.peak_rss_mib()
    app.close()
    return mib, bare_mib


def first_paint_and_ready(db: Path, runs: int) -> list[Figure]:
    """Start-up, ``runs`` rounds of a bare app then infotui: each figure's median, and the
    median of the rounds' own ratios, which is what the goals are judged on."""
    app_paint, app_ready, bare_paint, memory, bare_memory = [], [], [], [], []
    for _ in range(runs):
        bare = Term([PY, str(HERE / "bare_app.py")])
        bare_paint.append(bare.since_start_until(b"bare app ready"))
        bare.drain()
        bare_memory.append(bare.peak_rss_mib())
        bare.close()
        app = Term([PY, "-m", "infotui", "--db", str(db)])
        app_paint.append(app.since_start_until(b"opening your notes"))
        app_ready.append(app.since_start_until(b"left of 30 min"))
        app.drain()
        memory.append(app.peak_rss_mib())
        app.close()
    base = statistics.median(bare_paint)
    paint, ready = statistics.median(app_paint), statistics.median(app_ready)
    paint_x = statistics.median(a / b for a, b in zip(app_paint, bare_paint, strict=True))
    ready_x = statistics.median(a / b for a, b in zip(app_ready, bare_paint, strict=True))
    mem = max(memory)
    note = f"median of {runs}; ratio: median of the rounds' own"
    return [
        Figure("First paint", paint * 1000, "ms", "<= 1.5x bare app", paint_x <= 1.5,
               base * 1000, note, paint_x),
        Figure("Ready (contacts, interview, editor focused)", ready * 1000, "ms",
               "<= 2.2x bare app", ready_x <= 2.2, base * 1000, note, ready_x),
        Figure("Memory, peak RSS with the database open", mem, "MiB", "<= 100 MiB", mem <= 100,
               max(bare_memory)),
    ]  # fmt: skip


def typists(db: Path) -> list[tuple[str, list[str], bytes]]:
    """The two programs typed into: a bare TextArea holding the database's longest answer
    of the interview under way, and infotui on it; each with what it shows when ready."""
    text = (
        sqlite3.connect(db)
        .execute(
            "SELECT text FROM answer WHERE interview_id = 1 ORDER BY length(text) DESC LIMIT 1"
        )
        .fetchone()[0]
    )
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write(text)
    return [
        ("bare", [PY, str(HERE / "bare_textarea.py"), handle.name], b"bare ready"),
        ("infotui", [PY, "-m", "infotui", "--db", str(db)], b"left of 30 min"),
    ]


def typing(db: Path, keys: int) -> list[Figure]:
    """Key to repaint: write one character, wait until the terminal receives it."""
    results: dict[str, list[float]] = {}
    early: dict[str, list[float]] = {}
    subjects = typists(db)
    for name, argv, marker in subjects:
        term = Term(argv)
        term.since_start_until(marker)
        # Straight away: infotui loads its database layer in a thread during this second.
        early[name] = type_keys(term, EARLY[: min(keys, len(EARLY))])
        # Then the typing the goal is about, once the app has settled.
        term.drain(2.0)
        results[name] = type_keys(term, UNIQUE[:keys])
        if name == "infotui":
            saving = durable_after_typing(term, db)
        term.close()
    os.unlink(subjects[0][1][-1])  # the bare TextArea's file
    p50 = statistics.median(results["infotui"]) * 1000
    p95 = _p95(results["infotui"]) * 1000
    b50 = statistics.median(results["bare"]) * 1000
    b95 = _p95(results["bare"]) * 1000
    e95, be95 = _p95(early["infotui"]) * 1000, _p95(early["bare"]) * 1000
    return [
        Figure("Typing, key to repaint, p50 (2,000-line answer)", p50, "ms",
               "<= 1.2x bare TextArea", p50 <= 1.2 * b50, b50),
        Figure("Typing, key to repaint, p95", p95, "ms", "<= 1.2x bare TextArea",
               p95 <= 1.2 * b95, b95),
        Figure("Typing in the first second after ready, p95", e95, "ms",
               "<= 1.3x bare TextArea", e95 <= 1.3 * be95, be95),
        saving,
    ]  # fmt: skip


def type_keys(term: Term, chars: str) -> list[float]:
    """Seconds from writing each character to the terminal receiving it back."""
    latencies = []
    for char in chars:
        # Characters found nowhere else on screen, each unlike the one before it (the
        # cursor blinks on the previous one).
        data = char.encode()
        os.write(term.fd, data)
        latencies.append(term.read_until(lambda seen, c=data: c in seen, 10))
        time.sleep(0.03)
    return latencies


def durable_after_typing(term: Term, db: Path) -> Figure:
    """Keystroke to the text being in SQLite, read by another connection."""
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    waits = []
    for n in range(8):
        word = f"Z{n}q"
        os.write(term.fd, word.encode())
        sent = time.perf_counter()
        while True:
            row = reader.execute(
                "SELECT text FROM answer WHERE interview_id = 1 ORDER BY length(text) DESC LIMIT 1"
            ).fetchone()
            if row and word in row[0]:
                waits.append(time.perf_counter() - sent)
                break
            if time.perf_counter() - sent > 5:
                waits.append(float("inf"))
                break
            time.sleep(0.01)
        term.drain(0.05)
    reader.close()
    p95 = _p95(waits)
    return Figure("Saving, keystroke to durable, p95", p95 * 1000, "ms", "<= 1000 ms",
                  p95 <= 1.0)  # fmt: skip


def in_process(db: Path, smoke: bool) -> list[Figure]:
    from infotui.store import Store

    store = Store(db)
    interview_id = 1
    question_id = store.plans.of(interview_id)[1].question_id
    saves = []
    for n in range(20 if smoke else 200):
        started = time.perf_counter()
        store.answers.save(interview_id, question_id, f"answer number {n}")
        saves.append(time.perf_counter() - started)
    words = ["pipeline", "mentor budget", "cert", "union exam", "shadowing", "nothingatall"]
    searches = []
    for n in range(12 if smoke else 60):
        started = time.perf_counter()
        store.search.find(words[n % len(words)])
        searches.append(time.perf_counter() - started)
    filter_ms = asyncio.run(contact_filter(store))
    evaluate = asyncio.run(evaluate_screen(store, 3 if smoke else 15))
    store.close()
    save95, search95 = _p95(saves) * 1000, _p95(searches) * 1000
    return [
        Figure("One save, p95 (large database)", save95, "ms", "<= 5 ms", save95 <= 5),
        Figure("Full-text search, p95 (30,000 answers)", search95, "ms", "<= 50 ms",
               search95 <= 50),
        Figure("Contact filter, per keystroke, p95", filter_ms, "ms", "<= 50 ms",
               filter_ms <= 50, note="filter and redraw the list"),
        *evaluate_figures(evaluate),
    ]  # fmt: skip


def evaluate_figures(
    evaluate: dict[str, float], restarted: dict[str, float] | None = None
) -> list[Figure]:
    """The Evaluate screen's figures, from :func:`evaluate_screen`: on a database whose
    answers were never counted, and (``restarted``) in a new process on the same file
    once they were."""
    figures = [
        Figure("Evaluate screen, key to shown, first opening ever", evaluate["shown first"],
               "ms", "<= 500 ms", evaluate["shown first"] <= 500, evaluate["bank first"],
               note="fit, next steps, questions of every finished interview; baseline: F12"),
        Figure("Evaluate screen, key to shown, p95 of later openings", evaluate["shown"], "ms",
               "<= 500 ms", evaluate["shown"] <= 500, evaluate["bank"]),
        Figure("Evaluate screen, key to what was said counted, first opening ever",
               evaluate["counted first"], "ms", "none (counted between frames, shown when done)",
               None, note="every answer to the five main questions, none counted before"),
        Figure("Evaluate screen, key to what was said counted, p95 of later openings",
               evaluate["counted"], "ms", "<= 500 ms", evaluate["counted"] <= 500,
               note="only changed answers counted again"),
    ]  # fmt: skip
    if restarted is not None:
        figures += [
            Figure("Evaluate screen after a restart, key to shown, first opening",
                   restarted["shown first"], "ms", "<= 500 ms", restarted["shown first"] <= 500,
                   restarted["bank first"],
                   note="a new process on the same file, counted in the one before"),
            Figure("Evaluate screen after a restart, key to what was said counted, first "
                   "opening", restarted["counted first"], "ms", "<= 500 ms",
                   restarted["counted first"] <= 500),
            Figure("Evaluate screen after a restart, key to what was said counted, p95 of "
                   "later openings", restarted["counted"], "ms", "<= 500 ms",
                   restarted["counted"] <= 500, restarted["bank"]),
        ]  # fmt: skip
    return figures


def evaluate_in_a_new_process(db: Path, runs: int) -> dict[str, float]:
    """:func:`evaluate_screen` on this file in a process of its own: what a start of
    infotui loads, it loads (the Evaluate screen's module too, at the first opening)."""
    found = subprocess.run(
        [PY, str(Path(__file__).resolve()), "--evaluate-on", str(db), "--runs", str(runs)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return cast(dict[str, float], json.loads(found.stdout.strip().splitlines()[-1]))


FILTERS = ("a", "an", "ann", "ann ", "ann y", "ann yo", "ann you", "b", "be", "ben")


class KeyTimes:
    """Each filter key's wall and processor times, over rounds."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: dict[str, list[float]] = {query: [] for query in FILTERS}
        self.later: dict[str, list[float]] = {query: [] for query in FILTERS}

    def time(
        self,
        set_value: Callable[[str], None],
        refilter: Callable[[], object],
        count_later: Callable[[str], bool] | None = None,
    ) -> None:
        """Each key: the filter's work as the key is handled (``refilter``), and, timed
        apart, the count that the list makes once the page is on the screen, when it
        left one for then (``count_later`` makes it, and says whether there was one)."""
        for query in FILTERS:
            set_value(query)
            wall, cpu = time.perf_counter(), time.process_time()
            refilter()
            self.cpu[query].append(time.process_time() - cpu)
            self.wall.append(time.perf_counter() - wall)
            if count_later is not None:
                cpu = time.process_time()
                if count_later(query):
                    self.later[query].append(time.process_time() - cpu)

    def later_ms(self) -> dict[str, float]:
        """Each key's median processor time for its count after the page (ms), if any."""
        return {
            query: statistics.median(times) * 1000 for query, times in self.later.items() if times
        }

    def p95_ms(self) -> float:
        return _p95(self.wall) * 1000

    def cpu_ms(self) -> dict[str, float]:
        """Each key's median processor time (ms)."""
        return {query: statistics.median(times) * 1000 for query, times in self.cpu.items()}


def as_started() -> None:
    """The collector as the app has it once started (``infotui.cli``): what start-up made
    frozen out of later passes. Without it, an in-process measure of keys times the
    collector's full passes over the app, the bench's earlier apps and the store (up to
    280 ms each), which the app does not make."""
    gc.collect()
    gc.freeze()


async def contact_filter(store: object, rounds: int = 1, times: KeyTimes | None = None) -> float:
    from infotui.app import InfoApp
    from infotui.widgets.contact_list import ContactList

    times = times if times is not None else KeyTimes()
    app = InfoApp(store)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        as_started()
        contacts = app.screen.query_one(ContactList)
        field = app.screen.query_one("#contact-filter")

        def count_later(query: str) -> bool:
            lines = [str(contacts.options.get_option_at_index(n).prompt)
                     for n in range(contacts.options.option_count)]  # fmt: skip
            if "… more: type to narrow" not in lines:
                return False
            contacts._count(query)
            return True

        for _ in range(rounds):
            times.time(
                lambda query: setattr(field, "value", query), contacts._refilter, count_later
            )
        return times.p95_ms()


async def evaluate_screen(store: object, runs: int) -> dict[str, float]:
    """Ctrl+B to the Evaluate screen painted with the fit, the next steps and the questions,
    and to what was said counted and painted too (the answers are read and their words
    counted a few at a time between frames). The first opening (the screen's module loads
    then, and nothing is counted yet), and the p95 of later ones (each reads the database
    again, and counts what changed). The baseline: F12 to the question bank painted, in the
    same app. In milliseconds."""
    from infotui.app import InfoApp
    from infotui.screens.bank import QuestionBankScreen
    from infotui.screens.evaluate import EvaluateScreen

    async def painted(screen: object) -> None:
        done = asyncio.get_running_loop().create_future()
        screen.call_after_refresh(done.set_result, None)  # type: ignore[attr-defined]
        await done

    def press(key: str) -> asyncio.Task[None]:
        """Press a key without waiting: Pilot.press returns only once the app has been
        idle for a moment, which the counting of what was said puts off."""
        return asyncio.create_task(pilot.press(key))

    app = InfoApp(store)  # type: ignore[arg-type]
    shown, counted, bank = [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # As infotui does once started (cli.main): what start-up made is left out of the
        # garbage collector's later passes.
        gc.freeze()
        for _ in range(runs + 1):
            started = time.perf_counter()
            pressed = press("f12")
            while not isinstance(app.screen, QuestionBankScreen):
                await asyncio.sleep(0.001)
            await painted(app.screen)
            bank.append(time.perf_counter() - started)
            await pressed
            await pilot.press("escape")
            await pilot.pause()
            started = time.perf_counter()
            pressed = press("ctrl+b")
            screen = app.screen
            while not (isinstance(screen, EvaluateScreen) and screen.synthesis is not None):
                await asyncio.sleep(0.001)
                screen = app.screen
            await painted(screen)
            shown.append(time.perf_counter() - started)
            if not screen.synthesis.counted:  # else painted with the rest
                while screen.synthesis is None or not screen.synthesis.counted:
                    await asyncio.sleep(0.001)
                await painted(screen)
            counted.append(time.perf_counter() - started)
            await pressed
            screen.synthesis = None
            await pilot.press("escape")
            await pilot.pause()
    return {
        "shown first": shown[0] * 1000,
        "shown": _p95(shown[1:]) * 1000,
        "counted first": counted[0] * 1000,
        "counted": _p95(counted[1:]) * 1000,
        "bank first": bank[0] * 1000,
        "bank": _p95(bank[1:]) * 1000,
    }


def timer_accuracy(seconds: float) -> Figure:
    """30 simulated minutes with the event loop blocked 350 ms every second."""
    from textual.app import App

    from infotui.timer import Countdown
    from infotui.widgets.timer_display import TimerDisplay

    speed = 1800 / seconds

    class ScaledClock:
        def __init__(self) -> None:
            import pendulum

            self.origin = pendulum.now("UTC")
            self.t0 = self.read_at = time.monotonic()

        def now(self):  # type: ignore[no-untyped-def]
            self.read_at = time.monotonic()
            return self.origin.add(seconds=(self.read_at - self.t0) * speed)

    clock = ScaledClock()
    errors: list[float] = []
    ticks = [0]

    class Blocked(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield TimerDisplay(clock)

        def on_mount(self) -> None:
            display = self.query_one(TimerDisplay)
            display.countdown = Countdown(agreed_minutes=30).start(clock.origin)
            self.set_interval(1.0, lambda: time.sleep(0.35))  # a busy machine
            # What a naive countdown does: take a tenth of a second off per tick.
            self.set_interval(0.1, lambda: ticks.__setitem__(0, ticks[0] + 1))
            self.set_interval(0.5, self.check)

        def check(self) -> None:
            display = self.query_one(TimerDisplay)
            display.repaint()  # as the app's own interval does
            # An independent reference, at the moment the display read the clock (at this
            # speed-up, each millisecond between the two would count as seconds of error).
            truth = 1800 - (clock.read_at - clock.t0) * speed
            errors.append(abs((display.last_remaining or 0) - truth))

    async def run() -> None:
        async with Blocked().run_test() as pilot:
            await pilot.pause(seconds)

    asyncio.run(run())
    naive_drift = abs(seconds - ticks[0] / 10) * speed  # a countdown that counts ticks
    worst = max(errors) if errors else float("nan")
    return Figure("Timer error after 30 simulated minutes, loop blocked 350 ms/s", worst, "s",
                  "<= 0.1 s", worst <= 0.1, None,
                  f"a tick-counting timer would be off by {naive_drift:.0f} s")  # fmt: skip


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(figures: list[Figure], sizes: str) -> str:
    import textual

    lines = [
        "# infotui benchmark results",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}",
        f"- Python {platform.python_version()}, Textual {textual.__version__}",
        f"- Database: {sizes}",
        "",
        "| Figure | infotui | Baseline | Ratio | Goal | Met |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        base = f"{f.baseline:.1f} {f.unit}" if f.baseline is not None else ""
        met = "yes" if f.met else "no" if f.met is not None else ""
        note = f" ({f.note})" if f.note else ""
        lines.append(f"| {f.name}{note} | {f.value:.1f} {f.unit} | {base} | {f.ratio} | "
                     f"{f.goal} | {met} |")  # fmt: skip
    return "\n".join(lines) + "\n"


SCALE = ((1_000, 100, 3_000), (10_000, 1_000, 30_000), (100_000, 10_000, 300_000))
SCALE_SMOKE = ((50, 5, 150), (200, 10, 300))


def scale(folder: Path, smoke: bool) -> str:
    """How start-up, memory, early typing and the filters grow with the database: each
    figure at each size, with its ratio to the baseline measured beside it."""
    sizes = SCALE_SMOKE if smoke else SCALE
    runs = 1 if smoke else 9
    columns: list[dict[str, str]] = []
    for size in sizes:
        db = database(size, folder)
        print(f"Scale: {size[0]:,} contacts", file=sys.stderr)
        paint, ready, *_ = first_paint_and_ready(db, runs)
        mib, bare_mib = memory_with_screens_used(db)
        early = early_typing(db, 8 if smoke else len(EARLY), starts=1 if smoke else 3)
        from infotui.store import Store

        store = Store(db)
        live = asyncio.run(contact_filter(store))
        screen = asyncio.run(contacts_screen_filter(store))
        store.close()
        db.unlink()
        columns.append({
            "First paint, ratio to the bare app (<= 1.1x)": f"{paint.value:.0f} ms ({paint.ratio})",
            "Ready, ratio to the bare app (<= 2.0x)": f"{ready.value:.0f} ms ({ready.ratio})",
            "Peak memory, live, contacts (F9) and search screens used (<= 100 MiB)":
                f"{mib:.1f} MiB (bare app {bare_mib:.1f})",
            "Typing in the first second after ready, p95, ratio to a bare TextArea (<= 1.3x)":
                f"{early.value:.0f} ms ({early.ratio})",
            "Live contact filter, per key, p95 (<= 50 ms)": f"{live:.1f} ms",
            "Contacts screen (F9) filter, per key, p95": f"{screen:.1f} ms",
        })  # fmt: skip
    header = " | ".join(f"{size[0]:,} contacts" for size in sizes)
    lines = [
        "## Scale",
        "",
        f"Written by `python bench/run.py --scale` ({time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"load average {os.getloadavg()[0]:.1f} at the end). Each database has 1 interview "
        "per 10 contacts and 3 answers per interview. Start-up: the median of "
        f"{runs} rounds, each a bare app then infotui, and of the rounds' own ratios (the "
        "machine's speed drifts between rounds). Early typing: the p95 of every key of "
        f"{1 if smoke else 3} starts (each program in turn), against the bare TextArea's.",
        "",
        f"| Figure | {header} |",
        "|---|" + "---|" * len(sizes),
    ]
    for name in columns[0]:
        lines.append(f"| {name} | " + " | ".join(c[name] for c in columns) + " |")
    return "\n".join(lines) + "\n"


def early_typing(db: Path, keys: int, starts: int = 1) -> Figure:
    """Key to repaint straight after ready, infotui against a bare TextArea: the p95 of
    every key of ``starts`` starts of each, in turn. One start's p95 of about thirty keys
    is its second slowest key, which on a shared machine is mostly the machine's (one
    start each gave 0.5x to 2.6x on the same code, for both programs)."""
    early: dict[str, list[float]] = {}
    subjects = typists(db)
    for _ in range(starts):
        for name, argv, marker in subjects:
            term = Term(argv)
            term.since_start_until(marker)
            early.setdefault(name, []).extend(type_keys(term, EARLY[:keys]))
            term.close()
    os.unlink(subjects[0][1][-1])  # the bare TextArea's file
    return Figure("Typing in the first second after ready, p95", _p95(early["infotui"]) * 1000,
                  "ms", "<= 1.3x bare TextArea", None, _p95(early["bare"]) * 1000)  # fmt: skip


async def contacts_screen_filter(
    store: object, rounds: int = 1, times: KeyTimes | None = None
) -> float:
    """The contacts screen's filter: a key typed to the list shown again (ms, p95)."""
    from infotui.app import InfoApp
    from infotui.screens.contacts import ContactsScreen

    app = InfoApp(store)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        while not isinstance(app.screen, ContactsScreen):
            await asyncio.sleep(0.01)
        await pilot.pause()
        as_started()
        screen = app.screen
        field = screen.query_one("#contacts-filter")
        times = times if times is not None else KeyTimes()

        def count_later(query: str) -> bool:
            if field.placeholder != "/ Filter: more than shown; type to narrow":  # type: ignore[attr-defined]
                return False
            screen._count(query)  # type: ignore[attr-defined]
            return True

        for _ in range(rounds):
            times.time(lambda query: setattr(field, "value", query), screen.refilter, count_later)
        return times.p95_ms()


def filters(folder: Path, rounds: int) -> str:
    """The two contact filters alone, at 100,000 contacts: each key's wall time (p95 of
    every key of every round) and processor time (the median of the rounds, per key),
    in-process, with 101 follow-ups and 6 planned interviews added (the contacts screen
    reads the contacts with something due apart)."""
    from infotui.store import Store

    db = database(SCALE[-1], folder)
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "UPDATE contact SET follow_up_at = '2026-12-0' || (id % 9 + 1) || ' 10:00:00.000000'"
            " WHERE id % 990 = 0"
        )
        conn.execute(
            "INSERT INTO interview (contact_id, scheduled_at, agreed_minutes, medium, place,"
            " status, paused_seconds, extended_minutes, created_at, updated_at)"
            " SELECT id * 7 + 3, '2026-12-10 14:00:00.000000', 30, 'video', '', 'planned', 0, 0,"
            " '2026-11-01 09:00:00.000000', '2026-11-01 09:00:00.000000' FROM contact"
            " WHERE id <= 6"
        )
    store = Store(db)
    live, screen = KeyTimes(), KeyTimes()
    asyncio.run(contact_filter(store, rounds, live))
    asyncio.run(contacts_screen_filter(store, rounds, screen))
    store.close()
    db.unlink()
    lines = [
        f"Contact filters at 100,000 contacts ({time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"load average {os.getloadavg()[0]:.1f} at the end), {rounds} rounds of the ten keys:",
        "",
        "| Filter | Wall p95 | CPU per key, worst (median of the rounds) | CPU per key |"
        " Count after the page (CPU) |",
        "|---|---|---|---|---|",
    ]
    for name, times in (("Live list", live), ("Contacts screen (F9)", screen)):
        cpu = times.cpu_ms()
        worst = max(cpu, key=lambda query: cpu[query])
        each = ", ".join(f'"{query}" {ms:.1f}' for query, ms in cpu.items())
        later = ", ".join(f'"{query}" {ms:.1f}' for query, ms in times.later_ms().items())
        lines.append(
            f'| {name} | {times.p95_ms():.1f} ms | {cpu[worst]:.1f} ms ("{worst}") | {each} |'
            f" {later or 'none'} |"
        )
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Put ``section`` ("## Title" and what follows) in RESULTS.md, in place of the
    section of that title if there is one, else at the end; the rest as it was."""
    results = HERE / "RESULTS.md"
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    title = section.split("\n", 1)[0]
    if f"\n{title}\n" in old:
        before, after = old.split(f"\n{title}\n", 1)
        rest = after[after.index("\n## ") :] if "\n## " in after else ""
        results.write_text(before + "\n" + section + rest, encoding="utf-8")
    else:
        results.write_text(old.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny and quick: proves it runs")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--evaluate",
        action="store_true",
        help="only the Evaluate screen's figures (a minute or two); print only",
    )
    parser.add_argument(
        "--scale", action="store_true",
        help="only how the figures grow from 1,000 to 100,000 contacts (the Scale section)",
    )  # fmt: skip
    parser.add_argument(
        "--filters", type=int, metavar="ROUNDS", default=0,
        help="only the two contact filters at 100,000 contacts, each key timed ROUNDS times",
    )  # fmt: skip
    parser.add_argument("--evaluate-on", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=15, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.evaluate_on:  # one start of evaluate_in_a_new_process: its figures, as JSON
        from infotui.store import Store

        with Store(args.evaluate_on) as store:
            print(json.dumps(asyncio.run(evaluate_screen(store, args.runs))))
        return
    sizes = (50, 5, 150) if args.smoke else (10_000, 1_000, 30_000)
    # An installed infotui has its bytecode compiled (pip does it), as Textual's is here.
    # A checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile every module
    # on every start, and the start-up figures would measure the compiler.
    compileall.compile_dir(ROOT / "infotui", quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="infotui-bench-"))
    if args.filters:
        print(filters(folder, args.filters))
        return
    if args.scale:
        section = scale(folder, args.smoke)
        print(section)
        if not args.no_write:
            write_section(section)
        return
    db = database(sizes, folder)
    label = f"{sizes[0]:,} contacts, {sizes[1]:,} interviews, {sizes[2]:,} answers"
    print(f"Database: {label} in {db}", file=sys.stderr)
    if args.evaluate:
        # Two starts on the same file: the first counts every answer (none was before);
        # the second is a restart, with whatever the first kept in the database.
        runs = 3 if args.smoke else 15
        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        evaluate = evaluate_in_a_new_process(db, runs)
        restarted = evaluate_in_a_new_process(db, runs)
        load += " at the start; " + ", ".join(f"{n:.1f}" for n in os.getloadavg()) + " at the end"
        print(report(evaluate_figures(evaluate, restarted), f"{label}; load average {load}"))
        return
    figures = first_paint_and_ready(db, 1 if args.smoke else 7)
    figures += typing(db, 5 if args.smoke else len(UNIQUE))
    figures += in_process(db, args.smoke)
    figures.append(timer_accuracy(2 if args.smoke else 30))
    text = report(figures, label)
    print(text)
    if not args.no_write:
        results = HERE / "RESULTS.md"
        # Keep the written analysis that follows the table ("## ..." sections).
        old = results.read_text(encoding="utf-8") if results.exists() else ""
        notes = old[old.index("\n## ") :] if "\n## " in old else ""
        results.write_text(text + notes, encoding="utf-8")


if __name__ == "__main__":
    main()
