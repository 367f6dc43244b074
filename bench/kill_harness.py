"""Kill harness: is anything typed ever lost when infotui is killed, closed or quit?

Drives the real app in a pseudo-terminal (``python -m infotui --db FILE``), on a
database prepared with an interview whose countdown is running, so the app opens
straight onto it with the answer editor focused. Each trial is one process:

- ``kill9``: type steadily (5-7 keys/s, words), ``kill -9`` at a random moment 0-3 s
  into the typing (every fifth trial: 5-10 s). Then run one ``infotui`` command on
  the database, as the user's next start would (it saves what the killed process
  kept in its drafts journal, if anything), and read the database directly,
  read-only: its integrity, whether the saved answer is a prefix of what was typed,
  and the typing lost: from the moment the first unsaved character was written to
  the terminal until the kill (0 when everything was saved).
- ``sigterm``, ``sighup``, ``close`` (the terminal closes: the kernel sends SIGHUP),
  ``ctrlq``: type two words, wait until they are on screen, then do that; count the
  characters lost and time the process until it is gone.
- ``startup-close``: close the terminal during start-up: 0-1 s after launch, and (every
  other trial) 0-1 s after the live screen shows, while the database layer still opens
  behind it; some trials type a word first. Is the process gone 5 s later?
- ``nottty``: no controlling terminal (a new session, stdin /dev/null, stdout a pipe),
  SIGTERM 0-1 s after launch (every other trial: 0-1 s after the live screen is drawn);
  is the process gone 5 s later?

With ``--warm`` the typing (kill9 and the closing kinds) starts only once the app has
saved a first word, i.e. once its database layer is open, so start-up is not part of
what is measured (the test in tests/terminal/test_kill_harness.py runs that way, so as not to
depend on the machine's speed).

    python bench/kill_harness.py --trials 100 --kinds kill9
    python bench/kill_harness.py --trials 10 --kinds sigterm,close --json

Trials run one after another; every process started is reaped, killed if need be.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import math
import os
import pty
import random
import select
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("kill9", "sigterm", "sighup", "close", "ctrlq", "startup-close", "nottty")
CLOSING = ("sigterm", "sighup", "close", "ctrlq")
READY = b"left of 30 min"  # the interview is loaded and the editor focused
START_TIMEOUT = 60.0  # generous: start-up is not what is measured
GONE_WITHIN = 5.0  # the goal for a process asked to leave
KILL_AFTER = 10.0  # a process still there then is killed (and counted as a failure)
LOST_GOAL, LOST_MAX = 1.0, 1.5  # seconds of typing
LOST_SHARE = 0.95  # of trials within LOST_GOAL

SPOKEN = (  # what someone might say, and a note-taker type
    "we started with a small team and grew the product slowly over two years "
    "most of my week goes to reviews planning and talking with customers about "
    "what they need next the hardest part was hiring people who like ambiguity "
    "I would learn sql early and read the code of tools you use every day "
    "mentors helped me more than courses because they told me what to skip "
    "the interview loop had four rounds a take home and a long chat with the lead "
    "salary came up late and I wish I had asked about the ladder sooner"
)
WORDS = SPOKEN.split()


# -- the app in a pseudo-terminal ----------------------------------------------------------


class Term:
    """infotui in a pseudo-terminal of 120x40; the output is read as it comes."""

    def __init__(self, db: Path) -> None:
        self.launched = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child: a session leader whose terminal is the pty
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
                env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
                os.execve(sys.executable, [sys.executable, "-m", "infotui", "--db", str(db)], env)
            finally:
                os._exit(127)
        self.pid: int = pid
        self.fd: int | None = fd
        self.output = b""  # all of it: a few hundred KB per trial at most
        self.status: int | None = None  # the wait status, once reaped

    def pump(self, seconds: float) -> None:
        """Read whatever the app writes for this long (it must never block on its output)."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if self.fd is None:
                time.sleep(max(left, 0))
                return
            if not select.select([self.fd], [], [], max(left, 0))[0]:
                if left <= 0:
                    return
                continue
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:  # EIO: the app's side of the terminal is closed
                chunk = b""
            if not chunk:
                self.close()
                continue
            self.output += chunk
            if left <= 0:
                return

    def wait_for(self, test: Callable[[], bool], timeout: float) -> bool:
        end = time.monotonic() + timeout
        while not test():
            left = end - time.monotonic()
            if left <= 0 or self.poll() is not None:
                return test()
            self.pump(min(left, 0.05))
        return True

    def write(self, data: bytes) -> float:
        """Write to the terminal; the monotonic time it was written."""
        assert self.fd is not None
        os.write(self.fd, data)
        return time.monotonic()

    def close(self) -> None:
        """Close the terminal's master side: the kernel sends the app SIGHUP."""
        if self.fd is not None:
            fd, self.fd = self.fd, None
            with contextlib.suppress(OSError):
                os.close(fd)

    def poll(self) -> int | None:
        if self.status is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
        return self.status

    def gone_within(self, seconds: float) -> float | None:
        """Seconds until the process is gone (reading its output meanwhile), or None."""
        start = time.monotonic()
        while self.poll() is None:
            if time.monotonic() - start >= seconds:
                return None
            self.pump(0.01)
        return time.monotonic() - start

    def reap(self) -> None:
        """Make sure the process (and its process group) is gone and reaped."""
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)  # a session leader: its group is its pid
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            _, self.status = os.waitpid(self.pid, 0)
        self.close()

    def exit_code(self) -> int | None:
        return None if self.status is None else os.waitstatus_to_exitcode(self.status)


@contextlib.contextmanager
def running(db: Path) -> Iterator[Term]:
    term = Term(db)
    try:
        yield term
    finally:
        term.reap()


# -- the database -----------------------------------------------------------------------


@dataclass
class Prepared:
    db: Path
    interview_id: int
    question_id: int


def prepare(folder: Path) -> Prepared:
    """A database whose interview is under way (started 5 minutes ago)."""
    import pendulum

    from infotui.store import Store

    db = folder / "kill.db"
    with Store(db) as store:
        contact = store.contacts.add("Jim Park", company="Acme")
        interview = store.interviews.create(contact.id, agreed_minutes=30)
        started = pendulum.now("UTC").subtract(minutes=5)
        store.interviews.change_timer(interview.id, lambda c: c.start(started))
        first = store.plans.of(interview.id)[0]
        assert interview.id is not None and first.question_id is not None
    return Prepared(db, interview.id, first.question_id)


@dataclass
class Saved:
    integrity: str  # 'ok', or what was wrong (including not being able to read it)
    text: str | None  # the first question's answer; None when it could not be read


def read_saved(prep: Prepared) -> Saved:
    """What another program finds in the file: opened read-only, nothing recovered first."""
    try:
        conn = sqlite3.connect(f"file:{prep.db}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        return Saved(f"cannot open: {error}", None)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        integrity = "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows)[:200]
        answers = dict(
            conn.execute(
                "SELECT question_id, text FROM answer WHERE interview_id=?", (prep.interview_id,)
            ).fetchall()
        )
        return Saved(integrity, answers.get(prep.question_id, ""))
    except sqlite3.Error as error:
        return Saved(f"cannot read: {error}", None)
    finally:
        conn.close()


def next_start(prep: Prepared) -> None:
    """What the user's next start does first: an infotui command on the database saves
    the drafts a killed infotui left in its journal."""
    subprocess.run(
        [sys.executable, "-m", "infotui", "--db", str(prep.db), "contacts"],
        capture_output=True,
        timeout=120,
        check=False,
    )


def saved_so_far(prep: Prepared) -> str:
    saved = read_saved(prep)
    return saved.text or ""


# -- typing -----------------------------------------------------------------------------


def sentence(rng: random.Random, words: int) -> str:
    start = rng.randrange(len(WORDS))
    picked = [WORDS[(start + i) % len(WORDS)] for i in range(words)]
    text = " ".join(picked)
    return text[0].upper() + text[1:]


def key_gaps(rng: random.Random, count: int) -> list[float]:
    """Seconds between keys: 5 to 7 keys a second, each gap drawn afresh."""
    return [rng.uniform(1 / 7, 1 / 5) for _ in range(count)]


@dataclass
class Typed:
    text: str = ""
    times: list[float] = field(default_factory=list)  # monotonic, when each was written

    def add(self, char: str, at: float) -> None:
        self.text += char
        self.times.append(at)


def type_until(
    term: Term, rng: random.Random, typed: Typed, text: str, stop_at: float | None
) -> None:
    """Type ``text`` at 5-7 keys/s, stopping at ``stop_at`` (monotonic) if it comes first."""
    gaps = key_gaps(rng, len(text))
    due = time.monotonic()
    for char, gap in zip(text, gaps, strict=True):
        while True:
            now = time.monotonic()
            if stop_at is not None and now >= stop_at:
                return
            if now >= due:
                break
            term.pump(min(due, stop_at or due) - now)
        typed.add(char, term.write(char.encode()))
        due += gap
    if stop_at is not None:
        term.pump(max(stop_at - time.monotonic(), 0))


def warm_up(term: Term, prep: Prepared, rng: random.Random, typed: Typed) -> None:
    """Type a first word and wait until it is saved: the database layer is open."""
    word = sentence(rng, 1) + " "
    type_until(term, rng, typed, word, None)
    if not term.wait_for(lambda: saved_so_far(prep) == word, START_TIMEOUT):
        raise RuntimeError(f"the first word was never saved (saved: {saved_so_far(prep)!r})")


def on_screen(term: Term, text: str, since: int) -> bool:
    """All of ``text`` (the whole answer) drawn since output offset ``since``: the editor
    repaints whole lines, and a few words fit on one. (Its last word alone could be a
    word of the question shown above it.)"""
    return text.encode() in term.output[since:]


# -- trials ------------------------------------------------------------------------------


@dataclass
class Trial:
    kind: str
    seed: int
    error: str | None = None  # the trial could not be run as meant (start-up failed, ...)
    # kill9
    typing_s: float | None = None  # from the first measured character to the kill
    typed: int | None = None  # characters typed
    saved: int | None = None  # characters saved
    integrity: str | None = None
    prefix: bool | None = None
    lost_s: float | None = None
    from_journal: int | None = None  # characters saved by the next start, from the journal
    # the closing kinds, startup-close, nottty
    acted_after_s: float | None = None  # startup-close, nottty: launch (or ready) to action
    chars_lost: int | None = None
    gone_s: float | None = None  # None: still there after KILL_AFTER (killed)
    alive_after_5s: bool | None = None
    exit_code: int | None = None
    ready_before: bool | None = None  # startup-close: the live screen was up when closed
    cpu_s: float | None = None  # CPU time used by a process still there after 5 s


def lost_typing(typed: Typed, saved: str, kill_time: float) -> float:
    """Seconds of typing lost: the kill moment less when the first unsaved key was typed."""
    if len(saved) >= len(typed.text):
        return 0.0
    return max(kill_time - typed.times[len(saved)], 0.0)


def chars_lost(typed: str, saved: str | None) -> int:
    """Characters of ``typed`` missing from ``saved`` (all past where they first differ)."""
    if saved is None:
        return len(typed)
    common = 0
    for a, b in zip(typed, saved, strict=False):
        if a != b:
            break
        common += 1
    return len(typed) - common


def trial_kill9(prep: Prepared, rng: random.Random, trial: Trial, *, warm: bool, long: bool):
    typed = Typed()
    with running(prep.db) as term:
        if not term.wait_for(lambda: READY in term.output, START_TIMEOUT):
            raise RuntimeError(f"never ready; exit {term.exit_code()}: {term.output[-300:]!r}")
        if warm:
            warm_up(term, prep, rng, typed)
        measured_from = len(typed.text)
        typing_for = rng.uniform(5, 10) if long else rng.uniform(0, 3)
        start = time.monotonic()
        text = sentence(rng, 40)  # some 200 characters: longer than 10 s of typing
        type_until(term, rng, typed, text, start + typing_for)
        kill_time = time.monotonic()
        os.kill(term.pid, signal.SIGKILL)
        term.reap()
    trial.typing_s = kill_time - typed.times[measured_from]
    trial.typed = len(typed.text)
    in_database = len(saved_so_far(prep))
    next_start(prep)
    saved = read_saved(prep)
    trial.from_journal = None if saved.text is None else len(saved.text) - in_database
    trial.integrity = saved.integrity
    trial.saved = None if saved.text is None else len(saved.text)
    trial.prefix = saved.text is not None and typed.text.startswith(saved.text)
    if trial.prefix and saved.text is not None:
        trial.lost_s = lost_typing(typed, saved.text, kill_time)


def trial_closing(prep: Prepared, rng: random.Random, trial: Trial, *, warm: bool) -> None:
    typed = Typed()
    with running(prep.db) as term:
        if not term.wait_for(lambda: READY in term.output, START_TIMEOUT):
            raise RuntimeError(f"never ready; exit {term.exit_code()}: {term.output[-300:]!r}")
        if warm:
            warm_up(term, prep, rng, typed)
        since = len(term.output)
        type_until(term, rng, typed, sentence(rng, 2), None)
        if not term.wait_for(lambda: on_screen(term, typed.text, since), START_TIMEOUT):
            raise RuntimeError(f"{typed.text!r} never appeared on screen")
        if trial.kind == "sigterm":
            os.kill(term.pid, signal.SIGTERM)
        elif trial.kind == "sighup":
            os.kill(term.pid, signal.SIGHUP)
        elif trial.kind == "close":
            term.close()
        else:  # ctrlq
            term.write(b"\x11")
        trial.gone_s = term.gone_within(KILL_AFTER)
        trial.alive_after_5s = trial.gone_s is None or trial.gone_s > GONE_WITHIN
        term.reap()
        trial.exit_code = term.exit_code() if trial.gone_s is not None else None
    saved = read_saved(prep)
    trial.integrity = saved.integrity
    trial.typed, trial.saved = len(typed.text), None if saved.text is None else len(saved.text)
    trial.chars_lost = chars_lost(typed.text, saved.text)


def trial_startup_close(
    prep: Prepared, rng: random.Random, trial: Trial, *, after_ready: bool
) -> None:
    """Close the terminal 0-1 s after launch or, with ``after_ready``, 0-1 s after the live
    screen shows (its database layer is still opening behind it then)."""
    typed = Typed()
    close_after = rng.uniform(0, 1)
    word = sentence(rng, 1) if rng.random() < 0.5 else ""
    with running(prep.db) as term:
        start = term.launched
        if after_ready:
            if not term.wait_for(lambda: READY in term.output, START_TIMEOUT):
                raise RuntimeError(f"never ready; exit {term.exit_code()}")
            start = time.monotonic()
        for char in word:  # typed straight away
            typed.add(char, term.write(char.encode()))
        term.pump(max(start + close_after - time.monotonic(), 0))
        trial.ready_before = READY in term.output
        term.close()
        trial.gone_s = term.gone_within(GONE_WITHIN)
        trial.alive_after_5s = trial.gone_s is None
        if trial.alive_after_5s:
            trial.cpu_s = cpu_seconds(term.pid)
        term.reap()
        trial.exit_code = term.exit_code() if trial.gone_s is not None else None
    trial.acted_after_s = close_after
    saved = read_saved(prep)
    trial.integrity = saved.integrity
    trial.typed = len(typed.text)
    trial.chars_lost = chars_lost(typed.text, saved.text)


def cpu_seconds(pid: int) -> float | None:
    """CPU time a (still running, not yet reaped) process has used: is it spinning?"""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)


class Piped:
    """infotui without a terminal: a new session, stdin /dev/null, output to pipes."""

    def __init__(self, db: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "infotui", "--db", str(db)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # no controlling terminal
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self.open = [self.process.stdout.fileno(), self.process.stderr.fileno()]
        self.output = b""  # both pipes (Textual draws on stderr when stdout is not a tty)

    def pump(self, seconds: float, until: Callable[[], bool] = lambda: False) -> bool:
        end = time.monotonic() + seconds
        while not until():
            left = end - time.monotonic()
            if left <= 0:
                return False
            if not self.open:
                time.sleep(min(left, 0.01))
                continue
            for fd in select.select(self.open, [], [], min(left, 0.05))[0]:
                chunk = os.read(fd, 1 << 16)
                if chunk:
                    self.output += chunk
                else:
                    self.open.remove(fd)
        return True

    def reap(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        self.process.communicate()


def trial_nottty(prep: Prepared, rng: random.Random, trial: Trial, *, after_ready: bool) -> None:
    """SIGTERM 0-1 s after launch or, with ``after_ready``, after the live screen is drawn."""
    term_after = rng.uniform(0, 1)
    trial.acted_after_s = term_after
    app = Piped(prep.db)
    try:
        start = time.monotonic()
        if after_ready:
            app.pump(START_TIMEOUT, lambda: READY in app.output or app.process.poll() is not None)
            if app.process.poll() is not None and READY not in app.output:
                # With its input at end of file infotui sees there is no terminal and
                # leaves by itself, cleanly: gone before any signal, which is the goal.
                trial.exit_code = app.process.returncode
                trial.gone_s = 0.0
                trial.alive_after_5s = False
                trial.integrity = read_saved(prep).integrity
                return
            if READY not in app.output:
                raise RuntimeError(f"never ready; exit {app.process.poll()}")
            start = time.monotonic()
        app.pump(max(start + term_after - time.monotonic(), 0))
        trial.ready_before = READY in app.output
        with contextlib.suppress(ProcessLookupError):
            app.process.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        if app.pump(GONE_WITHIN, lambda: app.process.poll() is not None):
            trial.gone_s = time.monotonic() - signalled
            trial.exit_code = app.process.returncode
        else:
            trial.cpu_s = cpu_seconds(app.process.pid)
        trial.alive_after_5s = trial.gone_s is None
    finally:
        app.reap()
    trial.integrity = read_saved(prep).integrity


def run_trial(kind: str, index: int, seed: int, *, warm: bool) -> Trial:
    trial = Trial(kind, seed)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="infotui-kill-") as folder:
        prep = prepare(Path(folder))
        try:
            if kind == "kill9":
                trial_kill9(prep, rng, trial, warm=warm, long=index % 5 == 4)
            elif kind in CLOSING:
                trial_closing(prep, rng, trial, warm=warm)
            elif kind == "startup-close":
                trial_startup_close(prep, rng, trial, after_ready=index % 2 == 1)
            elif kind == "nottty":
                trial_nottty(prep, rng, trial, after_ready=index % 2 == 1)
            else:
                raise ValueError(f"no such kind: {kind}")
        except Exception as error:  # reported, never fatal: the next trial runs
            trial.error = f"{type(error).__name__}: {error}"
    return trial


def run(
    kinds: list[str],
    trials: int,
    *,
    seed: int = 1,
    warm: bool = False,
    progress: Callable[[Trial], None] | None = None,
) -> dict[str, list[Trial]]:
    results: dict[str, list[Trial]] = {}
    for kind in kinds:
        results[kind] = []
        for i in range(trials):
            trial_seed = seed * 1_000_003 + KINDS.index(kind) * 10_007 + i
            trial = run_trial(kind, i, trial_seed, warm=warm)
            results[kind].append(trial)
            if progress is not None:
                progress(trial)
    return results


# -- figures -----------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


@dataclass
class Summary:
    kind: str
    trials: int
    failed: int  # trials that missed a goal, or could not be run
    errors: int
    figures: dict[str, Any]
    goal: str
    met: bool


def summarize(kind: str, trials: list[Trial]) -> Summary:
    errors = [t for t in trials if t.error is not None]
    done = [t for t in trials if t.error is None]
    figures: dict[str, Any] = {}
    if kind == "kill9":
        bad_integrity = [t for t in done if t.integrity != "ok"]
        not_prefix = [t for t in done if not t.prefix]
        lost = [t.lost_s for t in done if t.lost_s is not None]
        within = sum(1 for v in lost if v <= LOST_GOAL)
        figures = {
            "integrity failures": len(bad_integrity),
            "not a prefix": len(not_prefix),
            "lost p50 s": round(statistics.median(lost), 2) if lost else None,
            "lost p95 s": round(percentile(lost, 95), 2) if lost else None,
            "lost max s": round(max(lost), 2) if lost else None,
            "lost <= 1.0 s %": round(100 * within / len(lost)) if lost else None,
            "typing s (mean)": round(statistics.mean(t.typing_s or 0 for t in done), 2)
            if done
            else None,
        }
        failed = len(errors) + sum(
            1 for t in done if t.integrity != "ok" or not t.prefix or (t.lost_s or 0) > LOST_MAX
        )
        met = (
            not errors
            and not bad_integrity
            and not not_prefix
            and bool(lost)
            and max(lost) <= LOST_MAX
            and within >= LOST_SHARE * len(lost)
        )
        goal = "lost <= 1.0 s in >= 95 %, max <= 1.5 s, 0 integrity, 0 not a prefix"
    elif kind in CLOSING:
        gone = [t.gone_s for t in done if t.gone_s is not None]
        slow = [t for t in done if t.gone_s is None or t.gone_s > GONE_WITHIN]
        losing = [t for t in done if t.chars_lost]
        figures = {
            "chars lost": sum(t.chars_lost or 0 for t in done),
            "trials losing": len(losing),
            "gone p50 s": round(statistics.median(gone), 2) if gone else None,
            "gone max s": round(max(gone), 2) if gone else None,
            "not gone in 5 s": len(slow),
            "integrity failures": sum(1 for t in done if t.integrity != "ok"),
            "exit codes": _counts(t.exit_code for t in done),
        }
        failed = len(errors) + sum(
            1 for t in done if t.chars_lost or t in slow or t.integrity != "ok"
        )
        met = failed == 0
        goal = "0 chars lost, gone <= 5 s"
    else:  # startup-close, nottty
        alive = [t for t in done if t.alive_after_5s]
        gone = [t.gone_s for t in done if t.gone_s is not None]
        figures = {
            "alive after 5 s": len(alive),
            "gone p50 s": round(statistics.median(gone), 2) if gone else None,
            "gone max s": round(max(gone), 2) if gone else None,
            "exit codes": _counts(t.exit_code for t in done),
        }
        spin = [t.cpu_s for t in alive if t.cpu_s is not None]
        if spin:
            figures["CPU s of those (max)"] = max(spin)
        figures["alive of those acted on once ready"] = (
            f"{sum(1 for t in alive if t.ready_before)}/{sum(1 for t in done if t.ready_before)}"
        )
        if kind == "startup-close":
            figures["chars lost"] = sum(t.chars_lost or 0 for t in done)
            figures["typed in"] = sum(1 for t in done if t.typed)
        failed = len(errors) + len(alive)
        met = failed == 0
        goal = "0 alive after 5 s"
    if errors:
        figures["errors"] = len(errors)
    return Summary(kind, len(trials), failed, len(errors), figures, goal, met)


def _counts(codes: Iterator[int | None] | Any) -> str:
    counted: dict[str, int] = {}
    for code in codes:
        key = "killed" if code is None else str(code)
        counted[key] = counted.get(key, 0) + 1
    return ", ".join(f"{k}x{n}" for k, n in sorted(counted.items()))


def table(summaries: list[Summary]) -> str:
    lines = [
        "| Kind | Trials | Failed | Figures | Goal | Met |",
        "|---|---|---|---|---|---|",
    ]
    for s in summaries:
        shown = "; ".join(f"{k} {v}" for k, v in s.figures.items() if v not in (None, ""))
        met = "yes" if s.met else "no"
        lines.append(f"| {s.kind} | {s.trials} | {s.failed} | {shown} | {s.goal} | {met} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=10, help="trials of each kind")
    parser.add_argument(
        "--kinds", "--kind", default=",".join(KINDS), help=f"comma-separated: {','.join(KINDS)}"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--warm", action="store_true", help="start typing once the database layer is open"
    )
    parser.add_argument("--json", action="store_true", help="print every trial as JSON too")
    parser.add_argument("--quiet", action="store_true", help="no line per trial on stderr")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kind(s): {', '.join(unknown)}; known: {', '.join(KINDS)}")

    def leave(signum: int, _frame: object) -> None:
        sys.exit(128 + signum)  # unwinds through every trial's clean-up: nothing left behind

    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGHUP, leave)

    def progress(trial: Trial) -> None:
        if not args.quiet:
            shown = {k: v for k, v in asdict(trial).items() if v is not None and k != "seed"}
            print(json.dumps(shown), file=sys.stderr, flush=True)

    results = run(kinds, args.trials, seed=args.seed, warm=args.warm, progress=progress)
    summaries = [summarize(kind, trials) for kind, trials in results.items()]
    print(table(summaries))
    if args.json:
        print(
            json.dumps(
                {
                    "summaries": [asdict(s) for s in summaries],
                    "trials": {k: [asdict(t) for t in ts] for k, ts in results.items()},
                },
                indent=2,
            )
        )
    return 0 if all(s.met for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
