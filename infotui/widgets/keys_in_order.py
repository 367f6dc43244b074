"""Keys applied in the order they were typed, bound keys included, for text widgets and
tables.

Textual inserts a printable key in the focused widget as soon as it reads it, but runs a
bound key (an arrow, Backspace, Ctrl+U, the screen's Ctrl+N) from the app, after a
detour through the message queues. Keys read in one go (a fast typist, a key macro, a
busy machine) were applied out of order: in an editor ``abc``, Left, ``X`` gave ``abcX``;
in a field, Ctrl+U followed at once by a name erased the name just typed. A widget with
:class:`KeysInOrder` runs each binding before it looks at the next key, with Textual's
precedence (priority bindings, its own keys, then the screen's and the app's). The app
sends the keys it reads straight to such a widget (``InfoApp.on_event``). A table takes
its keys the same way: a key that moves the focus (the contacts screen's "/") runs
before the keys typed after it are looked at, and those go to the new focus.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.message import Message
from textual.widgets import Input, OptionList, TextArea

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: Textual gathers a widget's CSS and parts by its bases

CATCH_UP_WITHIN = 1.0  # seconds: at most, after a bound key, before the next key


class KeysInOrder(_Base):
    """Mixed in before a text widget or a table (``class Field(KeysInOrder, Input)``)."""

    # The app sends keys here in the order read, rather than running its priority
    # bindings first: see InfoApp.on_event.
    KEYS_IN_ORDER = True
    # The messages about itself the widget hands on to its parent (see post_message).
    HANDED_ON: ClassVar[tuple[type[Message], ...]] = ()
    _handed_on = False  # the key being handled handed a message on (see post_message)

    async def _on_key(self, event: events.Key) -> None:
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
        await super()._on_key(event)  # the text widget's own
        if event._stop_propagation:
            return  # typed into the text
        self._handed_on = False
        if await app._check_bindings(event.key):  # this widget's keys, then the screen's
            event.stop()
            event.prevent_default()
            if self._handed_on or not self._acts_here(event.key):
                await self._let_the_app_catch_up()  # not just an edit
            return
        await self._unbound(event)

    async def _unbound(self, event: events.Key) -> None:
        """A key that nothing here, on the screen or in the app, is bound to."""

    def _acts_here(self, key: str) -> bool:
        """Whether ``key`` is one of this widget's keys acting on it alone (an edit, a
        move of the cursor): the keys after it need not wait. A key of the screen or the
        app, or one of this widget's that runs the screen's action (the checklist's Enter
        opens the answer), may move the focus: those wait."""
        bindings = self._bindings.key_to_bindings.get(key) or []
        return bool(bindings) and all("." not in binding.action for binding in bindings)

    def post_message(self, message: Message) -> bool:
        """A message in :attr:`HANDED_ON` (one this widget sends about itself, such as
        Enter's Submitted or a row chosen) goes to the parent, as it would bubble there
        from here, and the next key waits until it has been handled: the keys typed after
        it are behind it in this widget's queue, and a form moving to its next field, or
        a screen opening what was chosen, must do so before they are looked at. This
        widget has no handler of its own for such messages."""
        parent = self.parent
        if parent is not None and isinstance(message, self.HANDED_ON):
            self._handed_on = True
            return parent.post_message(message)
        return super().post_message(message)

    async def _let_the_app_catch_up(self) -> None:
        """Before the next key: let the app do what the binding asked of it (a focus
        change, a screen pushed or dismissed, comes as a callback on the app's queue),
        and the widgets this one is in handle what it handed on (:meth:`post_message`),
        as the message goes up from one to the next. Bounded, so a closing app, whose queue
        may never get there, cannot hold this widget."""
        app = self.app
        if not app.is_running or app.return_code is not None:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CATCH_UP_WITHIN
        for node in self.ancestors:  # the parent ... the screen, then the app
            done: asyncio.Future[None] = loop.create_future()

            def caught_up(done: asyncio.Future[None] = done) -> None:
                if not done.done():
                    done.set_result(None)

            if not node.call_later(caught_up):
                continue  # its queue is closed (a screen going away): nothing to wait for
            try:
                await asyncio.wait_for(done, max(0.0, deadline - loop.time()))
            except TimeoutError:
                return


class Field(KeysInOrder, Input):
    """A one-line input whose keys apply in the order typed; Enter's Submitted is handed
    on (:meth:`KeysInOrder.post_message`)."""

    HANDED_ON = (Input.Submitted,)


class Editor(KeysInOrder, TextArea):
    """A text area whose keys apply in the order typed."""


class InOrderList(KeysInOrder, OptionList):
    """An option list whose keys apply in the order typed: an option chosen with Enter is
    handed on (:meth:`KeysInOrder.post_message`), so the keys typed after Enter go where
    choosing it puts the focus.

    A list with :attr:`TYPING_HANDED_ON` hands on what is typed on it (a printable key
    that is nobody's binding) as :class:`Typed`, for the text field it goes with (the
    contact filter, the answer editor) to take it: the keys typed after it wait until it
    has been handled, and so go where that put the focus.
    """

    TYPING_HANDED_ON: ClassVar[bool] = False

    class Typed(Message):
        """A printable key typed on the list, meant for a text field."""

        def __init__(self, option_list: InOrderList, key: str, character: str) -> None:
            super().__init__()
            self.option_list = option_list
            self.key = key
            self.character = character

        @property
        def control(self) -> InOrderList:
            return self.option_list

    HANDED_ON = (OptionList.OptionSelected, Typed)

    async def _unbound(self, event: events.Key) -> None:
        if self.TYPING_HANDED_ON and event.is_printable:
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(self, event.key, event.character or ""))
            await self._let_the_app_catch_up()
