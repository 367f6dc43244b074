"""The editor for answers and notes: a soft-wrapping TextArea that wraps only when it must."""

from __future__ import annotations

import asyncio
import contextlib

from textual import events
from textual.widgets import TextArea

CATCH_UP_WITHIN = 1.0  # seconds: at most, after a bound key, before the next key


class NotesArea(TextArea):
    """A TextArea for prose that may run to thousands of lines.

    TextArea wraps the whole document again on every resize and whenever its
    scrollbar comes or goes, even when the width to wrap at has not changed. On a
    2,000-line answer each of those wraps is a visible pause, and opening the
    live screen made three of them. Here the document is wrapped again only when
    the wrap width or the tab width differs from the last wrap. The scrollbar
    gutter is kept (``scrollbar-gutter: stable``), so a long answer bringing the
    scrollbar up does not narrow the text either.
    """

    DEFAULT_CSS = """
    NotesArea { scrollbar-gutter: stable; }
    """

    # Keys come here in the order typed, bindings included (the app sends them here
    # rather than running its priority bindings first: see InfoApp.on_event).
    KEYS_IN_ORDER = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, tab_behavior="focus")

    def _rewrap_and_refresh_virtual_size(self) -> None:
        wrapped = self.wrapped_document
        if wrapped._width == self.wrap_width and wrapped._tab_width == self.indent_width:
            self._line_cache.clear()
            self._refresh_size()
            return
        super()._rewrap_and_refresh_virtual_size()

    async def _on_key(self, event: events.Key) -> None:
        """Every key in the order it was typed, bound keys included.

        Textual inserts a printable key here but runs a bound one (an arrow, Backspace,
        the screen's Ctrl+N) from the app, after a detour through the message queues:
        keys read in one go (a fast typist, a busy machine) were applied out of order,
        and text typed right after Ctrl+N went to the question before. Here each binding
        runs before the next key is looked at, with the same precedence as Textual's.
        """
        app = self.app
        if app.focused is not self:
            # A key before this one moved the focus: it is meant for the new focus (as a
            # new event: this one is stopped here).
            event.stop()
            event.prevent_default()
            if not await app._check_bindings(event.key, priority=True):
                (app.focused or app.screen)._forward_event(events.Key(event.key, event.character))
            return
        if await app._check_bindings(event.key, priority=True):
            event.stop()
            event.prevent_default()
            await self._let_the_app_catch_up()
            return
        await super()._on_key(event)
        if event._stop_propagation:
            return  # typed into the text
        if await app._check_bindings(event.key):  # this editor's keys, then the screen's
            event.stop()
            event.prevent_default()
            if event.key not in self._bindings.key_to_bindings:  # not just an edit
                await self._let_the_app_catch_up()

    async def _let_the_app_catch_up(self) -> None:
        """Before the next key: let the app do what the binding asked of it (a focus
        change comes as a callback on the app's queue). Bounded, so a closing app, whose
        queue may never get there, cannot hold this editor."""
        app = self.app
        if not app.is_running or app.return_code is not None:
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def caught_up() -> None:
            if not done.done():
                done.set_result(None)

        app.call_later(caught_up)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(done, CATCH_UP_WITHIN)
