"""Earlier versions of one answer: browse them and bring one back.

Restoring keeps the text it replaces as a version too, so a restore can itself be
undone from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from infotui.screens.dialog import Dialog
from infotui.widgets.keys_in_order import InOrderList

if TYPE_CHECKING:
    from infotui.store import VersionView

REASONS = {
    "edited": "before later edits",
    "other window": "typed here, another window had changed it",
    "replaced": "replaced by a choice",
}


class HistoryScreen(Dialog[str | None]):
    """Dismissed with the text to restore, or None."""

    CSS_PATH = "history.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, label: str, versions: list[VersionView], *, tz: str | None = None) -> None:
        super().__init__()
        self.label = label
        self.versions = versions
        self.tz = tz

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Earlier versions: {self.label}", classes="title")
            if not self.versions:
                yield Label(
                    "No earlier versions yet. A version is kept when you come back to an "
                    "answer, after a pause of 30 seconds, and before a big deletion.",
                    classes="empty",
                )
            with Horizontal(id="body"):
                yield InOrderList(
                    *(Option(self._describe(v), id=str(v.id)) for v in self.versions),
                    id="versions",
                )
                yield TextArea("", read_only=True, id="preview")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close")
                yield Button("Restore this version", id="restore", variant="primary")

    def _describe(self, version: VersionView) -> str:
        zone = self.tz or pendulum.tz.get_local_timezone()
        when = version.saved_at.in_timezone(zone).format("ddd D MMM HH:mm:ss")
        words = len(version.text.split())
        why = REASONS.get(version.reason, version.reason)
        return f"{when} · {words} words\n  {why}"

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        if self.versions:
            listing.highlighted = 0
            listing.focus()
        self.query_one("#restore", Button).disabled = not self.versions

    @on(OptionList.OptionHighlighted)
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#preview", TextArea).load_text(self.versions[event.option_index].text)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.versions[event.option_index].text)

    @on(Button.Pressed, "#restore")
    def _restore(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(self.versions[index].text)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)
