"""The Textual application: screens, global bindings, command palette, and leaving.

The app owns the store, the live screen and the keeper of unsaved notes, so every
way out (Ctrl+Q, a signal, a closed terminal, a crash) saves through one place.
Opening the store behind the first frame is :mod:`infotui.startup`'s; screens ask
the app for what they cannot do themselves with :mod:`infotui.messages`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from infotui.clock import Clock, SystemClock
from infotui.errors import StoreError
from infotui.keeper import NoteKeeper, settle_both
from infotui.messages import OpenInterview, OpenSearchHit
from infotui.startup import StartUp

if TYPE_CHECKING:
    from textual.driver import Driver

    from infotui.first_look import FirstLook
    from infotui.screens.dialogs import DraftDialog
    from infotui.screens.interview import InterviewScreen
    from infotui.store import Store
    from infotui.store.imports import ImportResult

CLOSE_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
STORE_WAIT_ON_CLOSE = 1.5  # seconds a closing signal waits for the store to save into it
TERMINAL_GONE_GRACE = 1.0  # the same, when the terminal is gone (nothing to restore)
SIGNAL_EXIT_GRACE = 3.0  # seconds a signalled exit may take before the process just ends


def terminal_driver() -> type[Driver] | None:
    """infotui's fix of Textual's Linux/macOS driver (see infotui.terminal_driver); else None."""
    if sys.platform == "win32" or os.environ.get("TEXTUAL_DRIVER"):
        return None  # Textual's own choice
    from infotui.terminal_driver import TerminalDriver

    return TerminalDriver


@runtime_checkable
class OffersCommands(Protocol):
    """A screen with commands for the palette that have no key of their own."""

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(title, help, callback) of each command."""
        ...


class InfoApp(App[None]):
    """infotui. Built with the store (or a function that opens it) and a clock; no globals."""

    TITLE = "infotui"
    # The live screen's mode is the one the app starts in, on the opening screen: the
    # live screen comes over it in the same mode. (Switching modes holds back repaints
    # for a moment, which would throw away the live screen's first frame.)
    DEFAULT_MODE = "interview"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        # The live screen lists its own keys on F1, with what its marks mean.
        Binding("f1", "help", "Help", show=False, tooltip="Help: the keys of this screen"),
        Binding("f9", "contacts", "Contacts", priority=True,
                tooltip="Contacts: your networking list, calls and scheduling"),
        Binding("f10", "upcoming", "Upcoming", priority=True,
                tooltip="Upcoming: this week's interviews and follow-ups due"),
        Binding("ctrl+f", "search", "Search", priority=True, show=False,
                tooltip="Search: answers, notes, debriefs and contacts"),
        Binding("f12", "questions", "Questions", priority=True,
                tooltip="Question bank: your questions, templates and the opener"),
        # Ctrl+B: no editor or live-screen key uses it (Ctrl+E is the editors' line end).
        # Inside tmux Ctrl+B is tmux's own prefix and never arrives: Alt+E does (Esc, e).
        Binding("ctrl+b,alt+e", "evaluate", "Evaluate", priority=True, show=False,
                tooltip="Evaluate: the fit by field, what was said most, next steps"),
    ]  # fmt: skip

    def __init__(
        self,
        store: Store | Callable[[], Store],
        *,
        clock: Clock | None = None,
        bell: bool = False,
        tz: str | None = None,
        first_look: Callable[[], FirstLook | None] | None = None,
        started: Callable[[], None] | None = None,
        keeper: NoteKeeper | None = None,
        notices: list[str] | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        super().__init__(driver_class=terminal_driver())
        # Never shown, not even in a crash report: the database's password.
        self.secrets = [secret for secret in secrets if secret]
        # The one keeper of text typed and not yet saved: every way out reaches it here.
        self.keeper = keeper or NoteKeeper()
        self.unwritten: str | None = None  # notes no file could take, printed after exit
        self.store: Store | None = None if callable(store) else store
        self.live: InterviewScreen | None = None
        # Opens the store behind the first frame (unless it was given) and hands it over.
        self.startup = StartUp(
            self,
            store if callable(store) else None,
            first_look=first_look,
            started=started,
            notices=notices,
        )
        self.clock = clock or SystemClock()
        self.bell_enabled = bell
        self.tz = tz  # None: the machine's local time zone
        # Why the database could not be used (as it opened, or later): said on exit, status 2.
        self.open_error: str | None = None
        self._quit_armed = False
        self._leaving = False  # leaving: saved, screens coming down
        self.exit_watchdog: threading.Timer | None = None  # armed by a closing signal
        # What to say once the app has closed: the command line prints it, as Textual
        # would fail to (and exit 1) when the terminal is already gone.
        self.farewell: str | None = None
        self._keys_in_order_to: Widget | None = None  # see on_event

    def get_default_screen(self) -> Screen[Any]:
        """The opening screen while the store opens (see :mod:`infotui.startup`)."""
        return self.startup.first_screen() or super().get_default_screen()

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run in a terminal; the process's threads share one malloc arena (see
        :mod:`infotui.malloc_arenas`): set before the first thread starts."""
        from infotui.malloc_arenas import use_one_arena

        use_one_arena()
        return super().run(*args, **kwargs)  # what the app exits with (screenshot tests)

    async def on_event(self, event: events.Event) -> None:
        # An editor that takes its keys in the order typed (NotesArea) is sent each key
        # as it is read, its priority bindings included: run here first, they would
        # overtake the keys typed before them, still queued in the editor.
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.startup.key_typed()
            target = self._keys_in_order_target()
            if target is not None:
                target._forward_event(event)
                return
        await super().on_event(event)

    def _keys_in_order_target(self) -> Widget | None:
        last = self._keys_in_order_to
        if last is not None and last.is_attached and not last._message_queue.empty():
            return last  # still taking keys read earlier: it hands this one on in turn
        focused = self.focused
        self._keys_in_order_to = focused if getattr(focused, "KEYS_IN_ORDER", False) else None
        return self._keys_in_order_to

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in CLOSE_SIGNALS:
            # A closed terminal (SIGHUP) or a shutdown (SIGTERM): save, then leave.
            loop.add_signal_handler(sig, self.close_on_signal, sig)
        self.startup.begin()

    # The live screen's messages are handled by name: its module is imported off the UI
    # thread once the first frame is up, so the app cannot name them in an @on.
    def on_interview_screen_load_failed(self, message: InterviewScreen.LoadFailed) -> None:
        self.startup.live_failed(message.error)

    def on_interview_screen_loaded(self) -> None:
        self.startup.live_loaded()

    def on_interview_screen_store_wanted(self) -> None:
        self.startup.open_store_behind()

    def read_screen_stylesheets(self) -> None:
        """Read the other screens' stylesheets (screens/*.tcss) now, the live screen being up.

        Textual reads a screen's CSS_PATH when the screen is first shown, then parses all
        the app's CSS again and restyles every screen: a pause at each screen's first
        opening. Read here they cost one parse of their own, and no screen waits for CSS.
        The Dialog look is read first, as it is when a dialog brings it: a dialog's own
        rules win over it.
        """
        screens = Path(__file__).resolve().parent / "screens"
        sheets = dict.fromkeys([screens / "dialog.tcss", *sorted(screens.glob("*.tcss"))])
        self.stylesheet.read_all(list(sheets))
        self.stylesheet.parse()

    def _to_mode(self, mode: str) -> None:
        """Show one of the store's screens; asked for while the store opens, once it is open."""
        if self.store is not None:
            self.switch_mode(mode)
        else:
            self.startup.once_the_store_opens(
                lambda: self.store is not None and self.switch_mode(mode), group="go-to"
            )

    def action_help(self) -> None:
        """The keys of the screen shown, and those that go to the other screens."""
        from infotui.screens.help import HelpScreen, screen_keys

        screen = self.screen
        if isinstance(screen, HelpScreen) or screen is self.startup.opening:
            return  # open already; or the live screen is about to take this one's place
        self.push_screen(
            HelpScreen(
                [("On this screen", screen.BINDINGS), ("Other screens", screen_keys(self))],
                legend="",
            )
        )

    def action_contacts(self) -> None:
        self._to_mode("contacts")

    def action_search(self) -> None:
        self._to_mode("search")

    @on(OpenSearchHit)
    def _open_search_hit(self, message: OpenSearchHit) -> None:
        """Show a search hit where it lives: the interview and question, or the contact."""
        hit = message.hit
        self.switch_mode("interview")
        live = self.live
        if live is not None and self.screen is live and hit.contact.id is not None:
            live.show_at(hit.contact.id, hit.interview_id, hit.question_id, hit.snippet)

    def action_evaluate(self) -> None:
        self._to_mode("evaluate")

    def action_questions(self) -> None:
        self._to_mode("questions")

    def action_upcoming(self) -> None:
        self._to_mode("upcoming")

    def action_import(self) -> None:
        from infotui.screens.reloading import ReloadOnShow
        from infotui.screens.transfer import ImportScreen

        if self.store is None:
            return

        def done(result: ImportResult | None) -> None:
            if result is not None:
                self.notify(f"Contacts: {result.summary()}.")
                if isinstance(self.screen, ReloadOnShow):  # a list the import may change
                    self.screen.reload()

        self.push_screen(ImportScreen(self.store), done)

    def action_export(self) -> None:
        from infotui.screens.transfer import ExportScreen

        def written(path: object) -> None:
            if path:
                self.notify(f"Wrote {path}")

        if self.store is not None:
            self.push_screen(ExportScreen(self.store), written)

    @on(OpenInterview)
    def _open_interview(self, message: OpenInterview) -> None:
        """Show a contact on the live screen; with start, go straight to starting it."""
        self.switch_mode("interview")
        live = self.live
        if live is not None and self.screen is live:  # not under a dialog left open there
            if message.interview_id is not None:
                live.show_at(message.contact_id, message.interview_id, message.question_id)
                return
            live.show_contact(message.contact_id)
            if message.start:
                live.action_start()

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in CLOSE_SIGNALS:
            loop.remove_signal_handler(sig)

    def save_all(self) -> bool:
        """Save every note typed, whichever screen shows; True when nothing is left unsaved.

        A note typed on top of a text changed elsewhere keeps both texts in the answer,
        as the live screen does while it runs.
        """
        if self.live is not None:
            self.live.capture_edits()  # its last keystroke's message may still be queued
        result = self.keeper.flush(self.store.answers if self.store else None)
        if result.conflicts and self.store is not None:
            with contextlib.suppress(StoreError):  # each is whole in the history regardless
                settle_both(self.store.answers, result)
        if not result.ok and self.live is not None:
            self.live.show_saved_state("not saved")
        return not self.keeper.pending

    def on_terminal_gone(self) -> None:
        """The terminal went away (output failed, input ended), maybe with no SIGHUP."""
        self.close_on_signal(terminal_gone=True)

    def close_on_signal(self, _signal: int | None = None, *, terminal_gone: bool = False) -> None:
        """SIGTERM, SIGHUP or the terminal gone: save, then leave, within seconds.

        While the store is still opening it is given a moment; if it is not open by
        then, what was typed goes to the keeper's journal, which the next infotui saves.
        """
        # With the terminal gone there is nothing to restore: leave soon after saving.
        grace = TERMINAL_GONE_GRACE if terminal_gone else SIGNAL_EXIT_GRACE
        close = partial(self._close_now, grace)
        if not self.startup.once_the_store_opens(close, timeout=STORE_WAIT_ON_CLOSE):
            close()

    def _close_now(self, grace: float = SIGNAL_EXIT_GRACE) -> None:
        self._leaving = True
        code = 0 if self._keep_the_unsaved() else 1  # said on the terminal, if still there
        # Everything is on disk now. A normal exit restores the terminal, which can hang
        # when the terminal is already gone (SIGHUP); do not let the process linger.
        if not self.is_headless and self.exit_watchdog is None:
            self.exit_watchdog = threading.Timer(grace, os._exit, args=(code,))
            self.exit_watchdog.daemon = True
            self.exit_watchdog.start()
        self.exit(return_code=code)

    def _keep_the_unsaved(self) -> bool:
        """Save every note, as the app leaves; what the database does not take is kept
        beside it (the keeper's journal, saved by the next start) or, with what open
        dialogs hold, in a recovery file, and :attr:`farewell` says where. False when a
        recovery file (or the terminal) has it: the exit status is then not 0."""
        saved = self.save_all()
        outside_keeper = bool(self._open_drafts() or self.startup.typed_while_opening())
        if not saved and self.keeper.on_disk and not outside_keeper:
            self.farewell = (
                "Notes typed as infotui closed are kept beside the database; they are saved "
                "the next time infotui opens it."
            )
        elif not saved or outside_keeper:
            self.farewell = self._recovered_message(self.write_recovery())
            return False
        return True

    async def action_quit(self) -> None:
        if not self.startup.once_the_store_opens(self._quit):
            self._quit()

    def _quit(self) -> None:
        saved = self.save_all()
        drafts = self._open_drafts()
        if saved and not drafts:
            self._leaving = True
            self.exit()
        elif self._quit_armed:
            self._leaving = True
            self.farewell = self._recovered_message(self.write_recovery())
            self.exit(return_code=1)
        else:
            self._quit_armed = True
            what = (
                "Some notes could not be saved to the database."
                if not saved
                else f"Your changes to {drafts[0].draft_name} are not saved yet."
            )
            self.notify(
                f"{what} Press Ctrl+Q again to quit; they will be written to a private text "
                "file, whose name is shown then.",
                severity="error",
                timeout=15,
            )

    def _open_drafts(self) -> list[DraftDialog[Any]]:
        """Dialogs holding changes the user has not saved (a debrief, a contact form)."""
        from infotui.screens.dialogs import DraftDialog

        return [s for s in self.screen_stack if isinstance(s, DraftDialog) and s.has_changes()]

    def _handle_exception(self, error: Exception) -> None:
        """An error nothing handled ends the app (Textual's rule): keep the notes first.

        Textual calls this (a private hook, stable in the pinned release) before it
        closes; what the keeper holds is saved, or written to a recovery file.
        """
        from textual.css.query import NoMatches
        from textual.worker import WorkerFailed

        if self._leaving and isinstance(error, NoMatches):
            # A timer that fired while the app takes its screens down found its widgets
            # gone: what it would have shown no longer matters, and everything is saved.
            return
        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(cause, StoreError):
            self._store_failed(str(cause))
            return
        try:
            if not self.save_all():
                self.write_recovery()
        except Exception:  # never let saving hide the error being reported
            pass
        super()._handle_exception(error)

    def _store_failed(self, message: str) -> None:
        """The database failed under a screen (damaged, gone, locked for good): the
        screen that asked can go no further (Textual stops it), so the app leaves, with
        every note saved or kept, and one line saying why (exit status 2), not a crash
        report. Once leaving, a later failure has nothing to add."""
        if self.open_error is not None:
            return
        self.open_error = message
        self._leaving = True
        with contextlib.suppress(Exception):  # never hide why the app leaves
            self._keep_the_unsaved()
        self.exit(return_code=2)

    def _fatal_error(self) -> None:
        """Textual's crash report (the traceback with each frame's variables), without
        the database's password: with it in sight, the report leaves the variables out,
        and whatever still holds it is masked."""
        if not self.secrets:
            super()._fatal_error()
            return
        import rich
        from rich.segment import Segment, Segments
        from rich.traceback import Traceback

        def render(show_locals: bool) -> list[Segment]:
            report = Traceback(
                show_locals=show_locals, width=None, locals_max_length=5, suppress=[rich]
            )
            return list(self.console.render(report, self.console.options))

        segments = render(show_locals=True)
        if self._shows_a_secret(segments):
            segments = [
                Segment(self._masked(seg.text), seg.style, seg.control)
                for seg in render(show_locals=False)
            ]
        if self._shows_a_secret(segments):
            segments = [Segment(self._masked("".join(seg.text for seg in segments)))]
        self.bell()
        self._exit_renderables.append(Segments(segments))
        self._close_messages_no_wait()

    def _shows_a_secret(self, segments: Iterable[Any]) -> bool:
        text = "".join(seg.text for seg in segments)
        return any(secret in text for secret in self.secrets)

    def _masked(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def write_recovery(self, database: Path | None = None) -> Path | None:
        """Keep the notes the database refused in a private text file; None if no folder
        took them (they are then printed once the app has closed)."""
        from infotui.recovery import recovery_folders, write_recovery

        text = self.keeper.unsaved_text()
        text += "".join(dialog.unsaved_text() for dialog in self._open_drafts())
        typed = self.startup.typed_while_opening()
        if typed.strip():
            text += f"## Typed while infotui opened\n\n{typed}\n"
        if not text:
            return None
        database = database or (self.store.path if self.store is not None else None)
        stamp = self.clock.now().format("YYYYMMDD-HHmmss")
        name = f"{database.name if database else 'infotui'}.unsaved-{stamp}.txt"
        path = write_recovery(text, name, recovery_folders(database))
        self.unwritten = None if path is not None else text
        return path

    def _recovered_message(self, path: Path | None) -> str:
        if path is not None:
            return f"Notes the database did not take were written to {path}"
        if self.unwritten:
            return (
                "Notes the database did not take could not be written to any file either. "
                "Here they are; copy them somewhere safe:\n\n" + self.unwritten
            )
        return "Some notes could not be saved."

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every binding of the screen is a command, named by its tooltip."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.tooltip or binding.action in seen:
                continue
            seen.add(binding.action)
            title, _, help_text = binding.tooltip.partition(": ")
            # Run where the binding is defined: the app's own keys (Upcoming, Evaluate...)
            # have no action on the screen.
            yield SystemCommand(
                title, help_text or title, partial(self.run_action, binding.action, active.node)
            )
        if isinstance(screen, OffersCommands):
            for title, help_text, callback in screen.palette_commands():
                yield SystemCommand(title, help_text, callback)
        if self.store is not None:
            yield SystemCommand(
                "Import file", "Contacts from LinkedIn, CSV or vCard", self.action_import
            )
            yield SystemCommand(
                "Export", "Interviews, contacts or the schedule", self.action_export
            )
        yield from super().get_system_commands(screen)
