"""infotui as a real process in a pseudo-terminal, the way a person runs it."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest

from infotui.store import Store
from tests import ptyapp
from tests.helpers import damaged_later, running_interview
from tests.ptyapp import spawn

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

# Seconds from the terminal going (or the signal) to the process ending, on the process's
# RunClock: time it waited for a processor on a busy machine does not count.
GONE_WITHIN = 5.0
TYPED = "Standups then code review"
LIVE = b"left of 30 min"  # on screen: the interview is loaded, the editor focused


def terminal_env() -> dict[str, str]:
    """The environment as it is now (a test may have changed it), for a 120x40 xterm."""
    return {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}


def spawn_detached(*args: str, code: str | None = None) -> tuple[subprocess.Popen[bytes], int]:
    """infotui in a session of its own (setsid) whose stdio is a pty it does not control.

    As when a script starts it: closing the pty sends no SIGHUP, the app only finds
    its output failing and its input ended. ``code``: run ``python -c CODE`` instead.
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    program = ["-m", "infotui"] if code is None else ["-c", code]
    proc = subprocess.Popen(
        [sys.executable, *program, *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
        env=terminal_env(),
    )
    os.close(slave)
    return proc, master


read_until = partial(ptyapp.read_until, timeout=20.0)  # waits for start-up here: 20 s


def store_opens_once(gate: Path) -> str:
    """Code for ``python -c``: infotui whose store opens only once the file ``gate``
    exists, so that a test, not the machine's speed, decides whether the store is open
    when the terminal goes."""
    return f"""
import os, sys, time
import infotui.store

class Gated(infotui.store.Store):
    def __init__(self, *args, **kwargs):
        while not os.path.exists({str(gate)!r}):
            time.sleep(0.01)
        super().__init__(*args, **kwargs)

infotui.store.Store = Gated
from infotui.cli import main
sys.exit(main())
"""


def type_once_the_store_is_open(fd: int, db: Path, interview_id: int, question_id: int) -> None:
    """Type TYPED into the live screen: its first word, then the rest once that word is
    saved (the store is open), so that what follows does not depend on how long the
    store takes to open on this machine."""
    read_until(fd, LIVE)
    first, rest = TYPED.split(" ", 1)
    os.write(fd, first.encode())
    ptyapp.eventually(
        lambda: ptyapp.stored_answer(db, interview_id, question_id) == first,
        "the first word saved",
        fd=fd,
    )
    os.write(fd, f" {rest}".encode())


def next_start(db: Path) -> None:
    """What the next infotui does first: save what a process that ended left in its
    drafts journal."""
    subprocess.run(
        [sys.executable, "-m", "infotui", "--db", str(db), "contacts"],
        capture_output=True,
        check=True,
        timeout=60,
    )


def reaper(pid: int) -> Callable[[], int | None]:
    """The exit code of a child of pty.fork once it has ended, else None."""

    def reap() -> int | None:
        done, status = os.waitpid(pid, os.WNOHANG)
        return os.waitstatus_to_exitcode(status) if done else None

    return reap


def wait_exit(pid: int, clock: ptyapp.RunClock | None = None) -> int:
    code = wait_gone(reaper(pid), pid, clock or ptyapp.RunClock(pid))
    assert code is not None, f"infotui was still running {GONE_WITHIN} s after losing its terminal"
    return code


def wait_gone(reap: Callable[[], int | None], pid: int, clock: ptyapp.RunClock) -> int | None:
    """The exit code, or None (and the process killed) if it is still running once
    ``clock`` (started at the close or signal) reads GONE_WITHIN."""
    while clock.read() <= GONE_WITHIN:
        if ptyapp.has_ended(pid):
            return reap()
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    while reap() is None:
        time.sleep(0.02)
    return None


def interview_db(tmp_path: Path, name: str = "t.db") -> tuple[Path, int, int]:
    """A database with an interview under way and notes kept: (path, interview, question)."""
    db = tmp_path / name
    interview_id, question_id = running_interview(db)
    with Store(db) as store:
        store.answers.save(interview_id, None, "Notes from before")
    return db, interview_id, question_id


def answers(db: Path, interview_id: int) -> dict[int | None, str]:
    """The answers in the database as they are (see next_start for the journal's)."""
    with Store(db) as store:
        return store.answers.of(interview_id)


@pytest.mark.slow
def test_closing_the_terminal_keeps_what_was_typed(tmp_path: Path) -> None:
    db, interview_id, question_id = interview_db(tmp_path)

    pid, fd = spawn("--db", str(db))
    try:
        type_once_the_store_is_open(fd, db, interview_id, question_id)
        read_until(fd, b"review")  # on screen: the app has the text, not yet saved
    finally:
        os.close(fd)  # the terminal window closes: the kernel sends SIGHUP
    code = wait_exit(pid)

    assert code == 0  # exited by itself after saving or journaling (not by SIGHUP's default)
    assert answers(db, interview_id).get(question_id) == TYPED


# Moments of start-up to lose the terminal at: before Python has imported anything; as
# Textual's driver takes the terminal (the alternate screen); at the opening screen's
# first paint; with the live screen shown from the first look while the store is still
# opening (it opens as the terminal goes), just after typing there.
START_UP_MOMENTS: tuple[float | bytes, ...] = (0.1, b"\x1b[?1049h", b"opening your notes", LIVE)


@dataclass
class Starting:
    """One infotui starting up in a pty that goes away at one moment of its start."""

    moment: float | bytes
    db: Path
    interview_id: int
    question_id: int
    pid: int
    fd: int
    reap: Callable[[], int | None]
    gate: Path | None = None  # the store opens once this file exists (see store_opens_once)
    launched: float = field(default_factory=time.monotonic)
    seen: bytes = b""
    typed: bool = False
    closed_at: float | None = None
    clock: ptyapp.RunClock | None = None  # from the close
    code: int | None = None  # once it has ended
    ended_at: float | None = None
    took: float | None = None  # from the close to the end, on the clock

    def poll(self) -> None:
        if self.ended_at is None and ptyapp.has_ended(self.pid):
            # Ended before its moment came (the exit code tells why): nothing to wait for.
            self.took = self.clock.read() if self.clock is not None else 0.0
            self.code, self.ended_at = self.reap(), time.monotonic()

    def waited_on(self) -> bool:
        """Closed, not ended yet, and its GONE_WITHIN s not over."""
        assert self.clock is not None
        return self.ended_at is None and self.clock.read() <= GONE_WITHIN

    def step(self, readable: bool) -> None:
        """Read what the app drew; type, or close the terminal, when its moment comes."""
        if readable:
            try:
                self.seen += os.read(self.fd, 65536)
            except OSError:  # the app has ended before its moment
                self.close()
                return
        if self.moment == LIVE and not self.typed and LIVE in self.seen:
            os.write(self.fd, TYPED.encode())
            self.typed, self.seen = True, b""
        if isinstance(self.moment, float):
            due = time.monotonic() - self.launched >= self.moment
        elif self.moment == LIVE:
            due = self.typed and b"review" in self.seen  # the app shows what was typed
        else:
            due = self.moment in self.seen
        if due:
            self.close()

    def close(self) -> None:
        os.close(self.fd)
        self.closed_at, self.clock = time.monotonic(), ptyapp.RunClock(self.pid)
        if self.gate is not None:
            self.gate.touch()


@pytest.mark.slow
@pytest.mark.parametrize("detached", [False, True], ids=["controlling-tty", "setsid"])
def test_closing_the_terminal_during_start_up_ends_the_process(
    tmp_path: Path, detached: bool
) -> None:
    """At each moment of start-up, the process is gone within 5 s and keeps what was typed.

    controlling-tty: the pty is the app's controlling terminal, so the kernel sends SIGHUP
    (and SIGCONT). setsid: it is not, so no signal comes: only failing output and the end
    of input tell the app.
    """
    runs: list[Starting] = []
    for n, moment in enumerate(START_UP_MOMENTS):
        db, interview_id, question_id = interview_db(tmp_path, f"start-{n}.db")
        gate = tmp_path / f"start-{n}.gate" if moment == LIVE else None
        code = store_opens_once(gate) if gate is not None else None
        if detached:
            proc, fd = spawn_detached("--db", str(db), code=code)
            pid, reap = proc.pid, proc.poll
        else:
            args = ("--db", str(db))
            pid, fd = spawn(*args) if code is None else ptyapp.spawn_python(code, *args)
            reap = reaper(pid)
        runs.append(Starting(moment, db, interview_id, question_id, pid, fd, reap, gate))
    give_up = time.monotonic() + 60  # for a start-up on a very busy machine
    try:
        while (starting := [r for r in runs if r.closed_at is None]) and (
            time.monotonic() < give_up
        ):
            ready, _, _ = select.select([r.fd for r in starting], [], [], 0.02)
            for run in runs:
                run.poll()  # the others' exits are timed meanwhile
                if run.closed_at is None:
                    run.step(run.fd in ready)
    finally:
        for run in runs:
            if run.closed_at is None:
                run.close()
        while any(run.waited_on() for run in runs):
            for run in runs:
                run.poll()
            time.sleep(0.02)
        for run in runs:
            if run.ended_at is None:
                os.kill(run.pid, signal.SIGKILL)
                while run.reap() is None:
                    time.sleep(0.02)

    for run in runs:
        assert run.closed_at is not None
        assert run.took is not None and run.took <= GONE_WITHIN, (
            f"still running {GONE_WITHIN} s after a close at {run.moment!r}"
        )
        code = run.code
        assert code in ((0,) if detached else (0, -1)), (run.moment, code)
        kept = answers(run.db, run.interview_id)
        assert kept.get(None) == "Notes from before"
        if run.typed:
            assert kept.get(run.question_id) == TYPED


@pytest.mark.slow
@pytest.mark.parametrize("detached", [False, True], ids=["controlling-tty", "setsid"])
def test_closing_the_terminal_before_the_store_opens_keeps_what_was_typed_for_the_next_start(
    tmp_path: Path, detached: bool
) -> None:
    """The store never opens in time: what was typed on the live screen goes to the drafts
    journal beside the database, which the next infotui saves."""
    db, interview_id, question_id = interview_db(tmp_path)
    code = store_opens_once(tmp_path / "never.gate")
    if detached:
        proc, fd = spawn_detached("--db", str(db), code=code)
        pid, reap = proc.pid, proc.poll
    else:
        pid, fd = ptyapp.spawn_python(code, "--db", str(db))
        reap = reaper(pid)
    try:
        read_until(fd, LIVE)
        os.write(fd, TYPED.encode())
        read_until(fd, b"review")
    finally:
        os.close(fd)
    exit_code = wait_gone(reap, pid, ptyapp.RunClock(pid))

    assert exit_code is not None, f"still running {GONE_WITHIN} s after the terminal closed"
    assert exit_code in ((0,) if detached else (0, -1))
    assert answers(db, interview_id) == {None: "Notes from before"}  # not in the database yet
    assert [p.name for p in tmp_path.glob("t.db.drafts-*")] != []
    next_start(db)
    assert answers(db, interview_id).get(question_id) == TYPED


@pytest.mark.slow
def test_sighup_after_typing_keeps_what_was_typed_and_restores_the_terminal(
    tmp_path: Path,
) -> None:
    db, interview_id, question_id = interview_db(tmp_path)

    pid, fd = spawn("--db", str(db))
    try:
        type_once_the_store_is_open(fd, db, interview_id, question_id)
        read_until(fd, b"review")
        os.kill(pid, signal.SIGHUP)  # the terminal itself stays, and shows what comes
        clock = ptyapp.RunClock(pid)
        left = read_until(fd, b"\x1b[?1049l", timeout=GONE_WITHIN, clock=clock)  # screen back
        code = wait_exit(pid, clock)
    finally:
        os.close(fd)

    assert code == 0
    assert b"\x1b[?1049l" in left
    assert answers(db, interview_id).get(question_id) == TYPED


@pytest.mark.slow
def test_sigterm_without_a_controlling_terminal_keeps_what_was_typed(tmp_path: Path) -> None:
    db, interview_id, question_id = interview_db(tmp_path)

    proc, fd = spawn_detached("--db", str(db))  # as by a script: setsid, no terminal of its own
    try:
        type_once_the_store_is_open(fd, db, interview_id, question_id)
        read_until(fd, b"review")
        proc.send_signal(signal.SIGTERM)
        code = wait_gone(proc.poll, proc.pid, ptyapp.RunClock(proc.pid))
    finally:
        os.close(fd)

    assert code == 0, "did not end within 5 s of SIGTERM" if code is None else code
    assert answers(db, interview_id).get(question_id) == TYPED


@pytest.mark.slow
@pytest.mark.parametrize("stdin", ["open-pipe", "devnull"])
def test_no_terminal_at_all(tmp_path: Path, stdin: str) -> None:
    """Started with no terminal (stdin a pipe or /dev/null, output a pipe), as by a script.

    With stdin at end of file the app has nothing to wait for and ends by itself; with
    stdin an open pipe it runs until SIGTERM. Either way it is gone within 5 s.
    """
    db, interview_id, _question_id = interview_db(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "infotui", "--db", str(db)],
        stdin=subprocess.PIPE if stdin == "open-pipe" else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,  # where Textual draws
        start_new_session=True,
        env=terminal_env(),
    )
    assert proc.stdin is not None or stdin == "devnull"
    assert proc.stderr is not None
    try:
        read_until(proc.stderr.fileno(), b"\x1b[?1049h")  # the driver has started
        if stdin == "open-pipe":
            read_until(proc.stderr.fileno(), LIVE)
            proc.send_signal(signal.SIGTERM)
        code = wait_gone(proc.poll, proc.pid, ptyapp.RunClock(proc.pid))
    finally:
        for pipe in (proc.stdin, proc.stderr):
            if pipe is not None:
                pipe.close()

    assert code == 0, f"still running {GONE_WITHIN} s later" if code is None else code
    assert answers(db, interview_id).get(None) == "Notes from before"


@pytest.mark.slow
def test_a_database_found_damaged_as_the_app_runs_ends_it_with_one_line(tmp_path: Path) -> None:
    """The file opens, and the app runs, until picking a contact reads a damaged page:
    one line on the terminal and exit status 2, not a crash report; the notes are kept."""
    db = tmp_path / "t.db"
    interview_id, question_id, name = damaged_later(db)

    pid, fd = spawn("--db", str(db))
    try:
        type_once_the_store_is_open(fd, db, interview_id, question_id)
        os.write(fd, b"\x0c")  # Ctrl+L: the contact filter
        read_until(fd, b"Find contacts")
        os.write(fd, name.encode())
        read_until(fd, b"as a contact")  # the list filtered: her first, then "+ Add ..."
        os.write(fd, b"\r")  # her interview: its answers are read
        out = read_until(fd, b"\x1b[?1049l")  # the terminal's own screen back
        out += read_until(fd, b"\n", timeout=10)
        code = wait_exit(pid)
    finally:
        os.close(fd)

    after = out.split(b"\x1b[?1049l")[-1].decode()
    said = [line for line in re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", after).splitlines() if line]
    assert code == 2
    assert "Traceback" not in out.decode(errors="replace")
    assert len(said) == 1 and said[0].startswith("infotui: ") and "is damaged" in said[0]
    assert answers(db, interview_id).get(question_id) == TYPED
