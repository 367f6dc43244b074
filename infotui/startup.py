"""Start-up: the app's first frame, then the store opened behind it and handed over.

The first frame must not wait for the database layer (SQLAlchemy, SQLModel,
pydantic and the file checks take several times longer to import and open
than Textual takes to paint). So the app can be handed a function that opens
the store: it paints a light "opening" screen and, in a thread, takes a quick
read-only look at the file (infotui.first_look). The live screen is shown
from that look; only then is the store opened, behind it, and handed to the
screen before anything is written. Without a look (a new file, one that
needs upgrading) the live screen waits for the store.

This module imports neither the database layer nor the live screen: both are
imported in threads, off the way to the first frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from infotui.errors import StoreError
from infotui.views import NAMED

if TYPE_CHECKING:
    from infotui.app import InfoApp
    from infotui.first_look import FirstLook
    from infotui.store import Store
    from infotui.views import LiveReads

ANSWER_WAIT_MS = 250  # how long a save waits for another program's lock before retrying
# Loading the database layer holds the interpreter for tens of milliseconds at a time:
# keys typed meanwhile are slow to show. So the store opens once no key has come for
# this long since the live screen is up (what is typed before is in the drafts journal,
# on disk, and saved at the handover), or this long after the screen is up if typing
# never pauses, or at once when something needs it (another screen, a write, leaving).
QUIET_BEFORE_OPENING_S = 0.4
OPEN_AT_THE_LATEST_S = 4.0
# Start-up's garbage is collected once the store is open and no key has come for this long.
QUIET_BEFORE_COLLECTING_S = 1.0


class OpeningScreen(Screen[None]):
    """Shown for the moment it takes to open the database.

    Text typed meanwhile is kept, and typed into the live screen's editor or
    filter once it is up (other keys are dropped: they could be actions).
    """

    def __init__(self) -> None:
        super().__init__()
        self.typed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("infotui · opening your notes…")

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            self.typed.append(event.character)
            event.stop()


class StartUp:
    """Takes the app from its first frame to an open store, owned by the app.

    It shows the opening screen, then the live screen (from a first look, or the
    store), opens the store and hands it over: to the app, which keeps it, to the
    live screen, and to the other screens, which open only once it is there.
    """

    def __init__(
        self,
        app: InfoApp,
        open_store: Callable[[], Store] | None,
        *,
        first_look: Callable[[], FirstLook | None] | None = None,
        started: Callable[[], None] | None = None,
        notices: list[str] | None = None,
    ) -> None:
        self.app = app
        self._open_store_fn = open_store
        # Reads the file quickly, to show the live screen while the store opens.
        self._first_look_fn = first_look
        self.first_look: FirstLook | None = None  # in use until the store is open
        self.opening: OpeningScreen | None = None
        self._store_ready = asyncio.Event()  # the store is open, or never will be
        # Called once the live screen and the store are up, and (shown from a first look)
        # once before, when the live screen is up.
        self._started = started
        self._notices = list(notices or [])  # said once the store is open
        self._last_key = 0.0  # time.monotonic() of the last key typed
        self._live_at: float | None = None  # when the live screen was up (from a look)
        self._opening = False  # the store is being opened behind the live screen

    def first_screen(self) -> Screen[None] | None:
        """The app's first screen: the opening screen while the store is to be opened
        (None: the store is given, and the live screen comes at once).

        The app starts on it, rather than on a blank screen it then covers: one screen
        fewer to build and style before the first frame.
        """
        if self.app.store is not None:
            return None
        if self.opening is None:
            self.opening = OpeningScreen()
        return self.opening

    def begin(self) -> None:
        """Show the live screen at once with a store given, else start from the opening
        screen the app shows first (:meth:`first_screen`)."""
        if self.app.store is not None:
            self._store_opened(self.app.store)
        else:
            if self.opening is None or self.opening not in self.app.screen_stack:
                self.opening = OpeningScreen()
                self.app.push_screen(self.opening)
            self.app.run_worker(self._look_first, thread=True, exclusive=True, group="open-store")

    def typed_while_opening(self) -> str:
        """Typed on the opening screen, before there was an interview to type into."""
        return "".join(self.opening.typed) if self.opening is not None else ""

    def _look_first(self) -> None:
        """Show the live screen from a quick read of the file, or else open the store."""
        look = self._first_look_fn() if self._first_look_fn is not None else None
        if look is None:
            self._open_store_now()
            return
        import infotui.screens.interview  # noqa: F401  (import it here, off the UI thread)
        from infotui.widgets.contact_list import SHOWN_AT_MOST

        try:
            look.read_ahead(first_contacts=SHOWN_AT_MOST)
        except StoreError:  # damaged in a way the header does not show: the store says how
            look.close()
            self._open_store_now()
            return

        self.app.call_from_thread(self._show_live, look)

    def live_failed(self, error: str) -> None:
        """The live screen could not read what it shows."""
        self._open_failed(error)

    def key_typed(self) -> None:
        """A key was read: the store waits for a pause in the typing to open."""
        self._last_key = time.monotonic()

    def live_loaded(self) -> None:
        """The live screen is up: load the database layer behind it, once typing pauses."""
        if self.app.store is None and self.first_look is not None:
            self._live_at = time.monotonic()
            if self._started is not None:
                # Up already, while the store waits for a pause in the typing: whatever
                # start-up set aside until then (the garbage collector) comes back now,
                # not seconds later, and once more when the store is open.
                self._started()
            self._open_when_quiet()

    def _open_when_quiet(self) -> None:
        assert self._live_at is not None
        now = time.monotonic()
        quiet = now - max(self._last_key, self._live_at)  # none typed: since the screen
        if quiet >= QUIET_BEFORE_OPENING_S or now - self._live_at >= OPEN_AT_THE_LATEST_S:
            self.open_store_behind()
        elif not self._opening:
            self.app.set_timer(QUIET_BEFORE_OPENING_S - quiet, self._open_when_quiet)

    def open_store_behind(self) -> None:
        """Open the store now, behind the live screen shown from the first look."""
        if self._opening or self.app.store is not None or self.first_look is None:
            return
        self._opening = True
        self.app.run_worker(self._open_store_now, thread=True, exclusive=True, group="open-store")

    def _open_store_now(self) -> None:
        assert self._open_store_fn is not None
        try:
            store = self._open_store_fn()
        except StoreError as error:
            self.app.call_from_thread(self._open_failed, str(error))
            return
        import infotui.screens.interview  # noqa: F401  (import it here, off the UI thread)

        self.app.call_from_thread(self._store_opened, store)

    def _open_failed(self, message: str) -> None:
        app = self.app
        if app.open_error is not None:
            return  # already said, and leaving
        app.open_error = message
        if not app.save_all():
            # Typed while the store was opening, and it never opened (or cannot be read).
            path = app.write_recovery(self.first_look.path if self.first_look else None)
            if path is not None:
                app.open_error += f"; notes typed meanwhile were written to {path}"
            elif app.unwritten:
                app.open_error += "; notes typed meanwhile:\n\n" + app.unwritten
        self._store_ready.set()
        app.exit(return_code=2)

    def _show_live(self, reader: Store | FirstLook) -> None:
        """Show the live screen, reading from the store or (until it opens) a first look."""
        from infotui.first_look import FirstLook
        from infotui.screens.interview import InterviewScreen

        app = self.app
        if isinstance(reader, FirstLook):
            self.first_look = reader
            reads: LiveReads = reader
            store = None
        else:
            reads, store = reader.reads, reader
        app.live = live = InterviewScreen(
            reads,
            app.clock,
            store=store,
            keeper=app.keeper,
            bell=app.bell_enabled,
            put_off=self.once_the_store_opens,
        )
        app.add_mode("interview", lambda: live)  # for the other screens to switch back to
        if self.opening is not None:
            typed = "".join(self.opening.typed)
            if len(app.screen_stack) > 1:
                app.switch_screen(live)  # in place of the opening screen
            else:  # the app's first screen, which cannot be taken away: over it
                app.push_screen(live)
            self.opening = None
            if typed:
                app.call_after_refresh(live.type_ahead, typed)
        else:
            app.push_screen(live)

    def _store_opened(self, store: Store) -> None:
        app = self.app
        app.store = store
        store.answers.wait_ms = ANSWER_WAIT_MS  # saves run on the UI thread: never a long wait
        clock, tz = app.clock, app.tz

        # The other screens are imported when first opened, not on the way to the first one.
        def contacts() -> Screen[None]:
            from infotui.screens.contacts import ContactsScreen

            return ContactsScreen(store, clock, tz=tz)

        def upcoming() -> Screen[None]:
            from infotui.screens.upcoming import UpcomingScreen

            return UpcomingScreen(store, clock, tz=tz)

        def questions() -> Screen[None]:
            from infotui.screens.bank import QuestionBankScreen

            return QuestionBankScreen(store, clock)

        def search() -> Screen[None]:
            from infotui.screens.search import SearchScreen

            return SearchScreen(store, clock)

        app.add_mode("contacts", contacts)
        app.add_mode("upcoming", upcoming)
        app.add_mode("questions", questions)

        def evaluate() -> Screen[None]:
            from infotui.screens.evaluate import EvaluateScreen

            return EvaluateScreen(store, clock, tz=tz)

        app.add_mode("search", search)
        app.add_mode("evaluate", evaluate)
        if self.first_look is not None:
            self.first_look.close()
            self.first_look = None
        try:
            agenda = store.interviews.agenda(tz=tz, named=NAMED).notice()
            if app.live is None:
                self._show_live(store)
            else:
                app.live.use_store(store)
        except StoreError as error:  # damaged past what opening the file could see
            self._open_failed(str(error))
            return
        self._store_ready.set()
        app.call_after_refresh(app.read_screen_stylesheets)
        if self._started is not None:
            app.call_after_refresh(self._started)
            app.set_timer(QUIET_BEFORE_COLLECTING_S, self._collect_when_quiet)
        if agenda:
            app.notify(agenda, title="Agenda", timeout=10)
        for notice in [*store.notices, *self._notices]:
            app.notify(notice, title="Database", severity="warning", timeout=10)

    def _collect_when_quiet(self) -> None:
        """Free the garbage start-up made, once, in a pause in the typing.

        Start-up runs without the garbage collector and then freezes what it made out of
        later collections (see ``started`` in :mod:`infotui.cli`), garbage included:
        about 70,000 objects, which would stay for good. Collected here, in a pause of a
        second (the pass takes about 100 ms), the screens opened next reuse that memory
        rather than add to it: peak memory with the contacts and search screens used is
        that much lower. What is left is frozen again, so later collections stay short.
        """
        quiet = time.monotonic() - self._last_key
        if quiet < QUIET_BEFORE_COLLECTING_S:
            self.app.set_timer(QUIET_BEFORE_COLLECTING_S - quiet, self._collect_when_quiet)
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def once_the_store_opens(
        self, then: Callable[[], object], *, group: str = "close", timeout: float = 15.0
    ) -> bool:
        """While a first look stands in for the store, run ``then`` once it is open.

        Saving needs the store, and so do the other screens. Returns True when ``then``
        was put off. The wait is a worker: waiting in a handler would hold up the app's
        messages, the store's arrival among them.
        """
        if self.app.store is not None or self.first_look is None:
            return False
        self.open_store_behind()  # without waiting for a pause in the typing

        async def wait_then() -> None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._store_ready.wait(), timeout)
            then()

        self.app.run_worker(wait_then(), group=group, exclusive=True)
        return True
