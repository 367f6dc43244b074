"""Take the terminal away from infotui at random moments; count the processes left running.

    python bench/terminal_gone.py                    # 30 trials of each kind, 0-1 s
    python bench/terminal_gone.py --max-delay 3      # later too, once the app is up
    python bench/terminal_gone.py --trials 10 --kinds pty,detached

Run by hand (not part of `make bench`). Three kinds of trial, each on a fresh copy of
a small database with an interview under way, at a random moment 0 to --max-delay s
after launch:

- pty: infotui runs in a pseudo-terminal, a session leader with the pty as its
  controlling terminal, as in a terminal window. The master side is closed, as when
  the window or tmux pane is closed: the kernel hangs the terminal up and sends SIGHUP
  (and SIGCONT).
- detached: the same pty is infotui's stdin, stdout and stderr, but it runs in a new
  session of its own (setsid), so the pty is not its controlling terminal, as when a
  script starts it so. The master is closed: no signal comes, only EIO and end of file.
- setsid: started in a new session with no terminal at all (stdin and stdout/stderr
  /dev/null or pipes, rotating through SETSID_VARIANTS), then sent SIGTERM.

In the pty kinds, if the live screen came up before the close, a line is typed first
and, once the app shows it, must be in the database afterwards. For each kind: how
many processes were still alive 5 s after the close (or the signal), the slowest exit,
how many of those left alive also ignored SIGTERM for 2 s more, and the CPU they were
using. Stragglers are killed with SIGKILL.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import random
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PY = sys.executable
GONE_WITHIN = 5.0  # seconds
TYPED = "Standups then code review"
# (stdin, stdout and stderr) for the setsid trials: /dev/null, an open pipe nobody writes
# to, a pipe that is read, a pipe nobody reads.
SETSID_VARIANTS = ("null/null", "pipe/null", "null/pipe-read", "pipe/pipe-unread")


@dataclass
class Trial:
    kind: str
    variant: str
    delay: float
    exit_after: float | None  # seconds from the close (or signal) to the exit; None: alive
    code: int | None = None
    ignored_sigterm: bool = False
    cpu: float = 0.0  # percent of one core, for a process left alive
    typed_shown: bool = False
    typed_saved: bool | None = None
    ended_first: bool = False  # setsid: ended by itself before the signal


@dataclass
class Summary:
    trials: list[Trial] = field(default_factory=list)


def make_database(path: Path) -> tuple[int, int]:
    import pendulum

    from infotui.store import Store

    with Store(path) as store:
        jim = store.contacts.add("Jim Park", company="Acme")
        interview = store.interviews.create(jim.id, agreed_minutes=30)
        started = pendulum.now("UTC").subtract(minutes=5)
        store.interviews.change_timer(interview.id, lambda c: c.start(started))
        first = store.plans.of(interview.id)[0]
        assert interview.id is not None
        return interview.id, first.question_id


def saved_answer(db: Path, interview_id: int, question_id: int) -> str | None:
    from infotui.store import Store

    with Store(db) as store:
        return store.answers.of(interview_id).get(question_id)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reaper(pid: int) -> Callable[[], int | None]:
    def reaped() -> int | None:
        done, status = os.waitpid(pid, os.WNOHANG)
        return os.waitstatus_to_exitcode(status) if done else None

    return reaped


def wait_gone(pid: int, reaped: Callable[[], int | None], since: float, trial: Trial) -> None:
    """Wait up to GONE_WITHIN s after `since`; then measure, try SIGTERM, and kill."""
    while time.monotonic() - since < GONE_WITHIN:
        code = reaped()
        if code is not None:
            trial.exit_after, trial.code = max(0.0, time.monotonic() - since), code
            return
        time.sleep(0.01)
    before = cpu_seconds(pid)
    time.sleep(0.5)
    trial.cpu = 100 * (cpu_seconds(pid) - before) / 0.5
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        if reaped() is not None:
            return
        time.sleep(0.02)
    trial.ignored_sigterm = True
    os.kill(pid, signal.SIGKILL)
    while reaped() is None:
        time.sleep(0.01)


def pty_trial(db: Path, ids: tuple[int, int], delay: float, *, detached: bool) -> Trial:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    command = [PY, "-m", "infotui", "--db", str(db)]
    if detached:  # a new session whose stdio is the pty, but not its controlling terminal
        trial = Trial("detached", "close master, no SIGHUP", delay, None)
        fd, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        proc = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, start_new_session=True, env=env
        )
        os.close(slave)
        pid, reaped = proc.pid, proc.poll
    else:
        trial = Trial("pty", "close master", delay, None)
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            os.execve(PY, command, env)
        reaped = reaper(pid)
    launched = time.monotonic()
    seen = b""
    typed = False
    while (left := launched + delay - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            seen += os.read(fd, 65536)
        except OSError:
            break
        if not typed and b"left of 30 min" in seen:
            os.write(fd, TYPED.encode())
            typed = True
            seen = b""
        elif typed and b"review" in seen:
            trial.typed_shown = True
    os.close(fd)  # the terminal goes
    wait_gone(pid, reaped, time.monotonic(), trial)
    if trial.typed_shown:
        trial.typed_saved = saved_answer(db, *ids) == TYPED
    return trial


def setsid_trial(db: Path, delay: float, variant: str) -> Trial:
    trial = Trial("setsid", variant, delay, None)
    stdin, out = variant.split("/")
    err_pipe = out.startswith("pipe")
    proc = subprocess.Popen(
        [PY, "-m", "infotui", "--db", str(db)],
        stdin=subprocess.PIPE if stdin == "pipe" else subprocess.DEVNULL,
        stdout=subprocess.PIPE if err_pipe else subprocess.DEVNULL,
        stderr=subprocess.STDOUT if err_pipe else subprocess.DEVNULL,
        start_new_session=True,  # setsid: no controlling terminal
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"},
    )
    if out == "pipe-read":
        assert proc.stdout is not None
        threading.Thread(target=proc.stdout.read, daemon=True).start()
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    else:
        trial.ended_first = True  # stdin at end of file: nothing more to do
    wait_gone(proc.pid, proc.poll, time.monotonic(), trial)
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            pipe.close()
    return trial


def report(kind: str, trials: list[Trial]) -> str:
    alive = [t for t in trials if t.exit_after is None]
    times = [t.exit_after for t in trials if t.exit_after is not None]
    slowest = f"{max(times):.2f} s" if times else "-"
    lines = [
        f"{kind}: {len(alive)} of {len(trials)} alive after {GONE_WITHIN:.0f} s; "
        f"slowest exit {slowest}"
    ]
    if alive:
        lines.append(
            f"  left alive: {sum(t.ignored_sigterm for t in alive)} also ignored SIGTERM; "
            f"CPU {', '.join(f'{t.cpu:.0f}%' for t in alive)}"
        )
    shown = [t for t in trials if t.typed_shown]
    if shown:
        lost = sum(not t.typed_saved for t in shown)
        lines.append(f"  typed and shown before the close: {len(shown)}; not saved: {lost}")
    variants = sorted({t.variant for t in trials})
    if len(variants) > 1:
        for variant in variants:
            some = [t for t in trials if t.variant == variant]
            left = sum(t.exit_after is None for t in some)
            first = sum(t.ended_first for t in some)
            lines.append(
                f"  {variant}: {left} of {len(some)} alive; {first} ended before the signal"
            )
    codes = sorted({t.code for t in trials if t.code is not None})
    lines.append(f"  exit codes: {codes}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--kinds", default="pty,detached,setsid")
    parser.add_argument("--max-delay", type=float, default=1.0, help="seconds; default 1")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.db"
        ids = make_database(template)
        results: dict[str, list[Trial]] = {}
        for kind in args.kinds.split(","):
            for n in range(args.trials):
                db = Path(tmp) / f"{kind}-{n}.db"
                shutil.copy(template, db)
                delay = rng.uniform(0.0, args.max_delay)
                if kind in ("pty", "detached"):
                    trial = pty_trial(db, ids, delay, detached=kind == "detached")
                else:
                    variant = SETSID_VARIANTS[n % len(SETSID_VARIANTS)]
                    trial = setsid_trial(db, delay, variant)
                results.setdefault(kind, []).append(trial)
                state = "alive" if trial.exit_after is None else f"{trial.exit_after:.2f} s"
                print(f"{kind} {n:2d} {trial.variant:16s} at {delay:.2f} s: {state}", flush=True)
        print()
        for kind, trials in results.items():
            print(report(kind, trials))


if __name__ == "__main__":
    main()
