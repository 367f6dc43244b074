"""Textual's Linux/macOS driver, made to let go when the terminal goes away.

Closing the terminal window (or tmux pane) while infotui runs, above all in its
first second, could leave the process running for ever at 25-50 % CPU, deaf to
SIGTERM. Textual 8.2.8 (``textual/drivers/``) has three faults behind that:

1. Output. ``LinuxDriver.write`` hands text to a ``WriterThread`` through a queue
   of 30 (``_writer_thread.py``: ``MAX_QUEUED_WRITES``, ``write`` ->
   ``self._queue.put(text)``). Once the terminal is gone the thread's
   ``file.write`` raises (EIO from a hung-up tty, EPIPE from a closed pipe), the
   thread dies, and the 31st write blocks the event-loop thread in ``Queue.put``
   for ever; the app's SIGHUP/SIGTERM handlers run on that loop, so they never
   run. Upstream: Textualize/textual issue #6692; terok-ai/terok #1186 and #1187
   hit the same wedge with a writer stopped by ``App.suspend``.
2. Input. ``LinuxDriver.run_input_thread`` (``linux_driver.py``, the ``if not
   unicode_data: break`` in ``process_selector_events``) treats a read of no
   bytes as nothing to do and selects again: at end of file (a hung-up tty, stdin
   from /dev/null or a closed pipe) the fd is always readable, so the thread
   spins, and nothing tells the app. Upstream: Textualize/textual pull request
   #6690 (open), which stops the loop but leaves the app running.
3. SIGCONT. The kernel sends SIGHUP *and SIGCONT* to a session whose terminal
   hangs up. ``LinuxDriver._sigcont_application`` restarts application mode on
   any SIGCONT, suspended or not; as a Python signal handler it runs in the main
   thread even while that is blocked in ``Queue.put`` (1.), starting a second
   input thread and writer on the dead terminal, and the first ``put`` then
   waits on a queue nobody reads any more.

:class:`TerminalDriver` fixes each where it happens: its writer never blocks
the caller once the output has failed or the thread has stopped (and waits for
room only when the output is a terminal, whose speed it must follow); its input
thread stops at end of file or EIO; either posts :class:`TerminalGone` to the
app once, which handles it like SIGHUP (save, then exit); and it resumes on
SIGCONT only after suspending on SIGTSTP. POSIX only, like ``LinuxDriver``.
"""

from __future__ import annotations

import contextlib
import os
import queue
import selectors
import threading
import time
from codecs import getincrementaldecoder
from collections.abc import Callable
from typing import IO, Any

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

POLL = 0.1  # seconds between looks at the writer while waiting on it
STALLED = 1.0  # seconds without a write after which a stopping writer is left behind


class TerminalGone(Message):
    """The terminal went away: writing to it failed, or its input ended."""


class TerminalWriter(WriterThread):
    """Textual's writer thread, except that a terminal that has gone cannot block the app.

    A failed write marks the writer failed and calls ``gone``; from then on it drops
    what it is given (and drains its queue), so ``write`` and ``stop`` return at once,
    as they do once the thread has stopped. A terminal that is there but slow still
    holds ``write`` back when the queue is full, as in Textual (that is its pace);
    ``stop`` leaves a writer that has written nothing for STALLED s.
    """

    def __init__(self, file: IO[str], gone: Callable[[], None]) -> None:
        super().__init__(file)
        self._gone = gone
        self.failed = False
        self.written = 0  # texts taken off the queue: how a waiting ``stop`` sees progress
        try:
            # A terminal sets the pace (a full queue waits for it); a pipe or a file
            # nobody shows is not worth holding up the app for.
            self._keep_pace = file.isatty()
        except (OSError, ValueError):
            self._keep_pace = False

    def write(self, text: str) -> None:
        while not self.failed and self.is_alive():
            try:
                self._queue.put(text, block=self._keep_pace, timeout=POLL)
                return
            except queue.Full:
                if not self._keep_pace:
                    return  # dropped: not a terminal, and not keeping up

    def run(self) -> None:
        get, qsize = self._queue.get, self._queue.qsize
        while (text := get()) is not None:
            self.written += 1
            if self.failed:
                continue  # drained, so that nothing waits on the queue
            try:
                self._file.write(text)
                if qsize() == 0:
                    self._file.flush()
            except (OSError, ValueError):  # EIO, EPIPE, closed: the terminal has gone
                self.failed = True
                self._gone()
        if not self.failed:
            with contextlib.suppress(OSError, ValueError):
                self._file.flush()

    def stop(self) -> None:
        """Stop the thread once what is queued is written, unless it stalls.

        A terminal is given STALLED s between writes; a pipe or file, POLL s.
        """
        stalled = STALLED if self._keep_pace else POLL
        seen, since = self.written, time.monotonic()
        stopping = False
        while self.is_alive():
            if not stopping:
                try:
                    self._queue.put(None, timeout=POLL)
                    stopping = True
                except queue.Full:
                    pass
            else:
                self.join(POLL)
            if self.written != seen:
                seen, since = self.written, time.monotonic()
            elif time.monotonic() - since > stalled:
                return  # a daemon thread: it will not keep the process alive


class TerminalDriver(LinuxDriver):
    """``LinuxDriver`` that notices when its terminal goes away and never hangs on it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._gone_lock = threading.Lock()
        self.terminal_gone = False
        super().__init__(*args, **kwargs)

    # ``LinuxDriver.start_application_mode`` makes its ``WriterThread`` inline and
    # assigns it here; this swaps in a ``TerminalWriter`` before it is started.
    @property
    def _writer_thread(self) -> WriterThread | None:
        return self._writer

    @_writer_thread.setter
    def _writer_thread(self, writer: WriterThread | None) -> None:
        if writer is not None and not isinstance(writer, TerminalWriter):
            writer = TerminalWriter(writer._file, self._lost_terminal)
        self._writer = writer

    def _lost_terminal(self) -> None:
        """Tell the app, once; called from the writer or the input thread."""
        with self._gone_lock:
            if self.terminal_gone:
                return
            self.terminal_gone = True
        with contextlib.suppress(RuntimeError):  # a closed event loop: the app is gone too
            self.send_message(TerminalGone())

    def _sigcont_application(self, *_: Any) -> None:
        # Resume only what SIGTSTP suspended (it sets _must_signal_resume), and never
        # onto a terminal that has gone: a hang-up brings SIGCONT with SIGHUP.
        if self._must_signal_resume and not self.terminal_gone:
            super()._sigcont_application()

    def run_input_thread(self) -> None:
        """Textual's input loop, but end of file or EIO ends it and tells the app."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def dispatch(data: str) -> None:
            for event in parser.feed(data) if data else ():
                self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                if not selector.select(POLL):
                    dispatch("")
                    continue
                try:
                    data = os.read(self.fileno, 1024 * 4)
                except BlockingIOError:
                    continue
                except OSError:  # EIO: the terminal was hung up
                    data = b""
                if not data:  # end of file: no more input will ever come
                    dispatch("")
                    self._lost_terminal()
                    return
                dispatch(decode(data))
            dispatch("")
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass
