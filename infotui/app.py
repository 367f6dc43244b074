"""The Textual application: screens, global bindings, command palette."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from infotui.clock import Clock, SystemClock
from infotui.store import Store


class InfoApp(App[None]):
    TITLE = "infotui"
    SUB_TITLE = "informational interviews"

    def __init__(self, store: Store, *, clock: Clock | None = None) -> None:
        super().__init__()
        self.store = store
        self.clock = clock or SystemClock()

    def compose(self) -> ComposeResult:
        yield Header()
        count = len(self.store.contacts())
        yield Static(f"{count} contacts, {len(self.store.questions())} questions in the bank.")
        yield Footer()
