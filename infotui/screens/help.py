"""The keys of the screen underneath, and (on the live screen) what its marks mean."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from infotui.screens.dialog import Dialog
from infotui.widgets.checklist import ANSWERED, ASKED, STAR

LEGEND = f"""\
[b]In the checklist[/b]
  {ASKED} asked    {STAR} starred (a must-ask)    {ANSWERED} has an answer

[b]The countdown[/b]
  Green while there is time, yellow at 5 minutes left, red at 1 minute, and
  +mm:ss in overtime. At 3 minutes left the closing questions move to the top.
  Nothing extends the time unless you press the extend key: ask them first.

[b]Your notes[/b]
  Saved a second after you stop typing, when you move to another question,
  and when you quit or close the terminal.
  What you type on the question list goes to the end of its answer; on
  the contact list, to its filter ("+ Add" then adds the name typed).
"""


def screen_keys(app: App[Any]) -> list[Binding]:
    """The app's keys that go to the other screens (F1 itself left out: help is open)."""
    return [b for b in app.BINDINGS if isinstance(b, Binding) and b.action != "help"]


class HelpScreen(Dialog[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,f1,q,question_mark", "dismiss", "Close", tooltip="Close the help"),
    ]

    def __init__(
        self, sections: Iterable[tuple[str, Iterable[BindingType]]], *, legend: str = LEGEND
    ) -> None:
        """``legend``: what follows the keys (by default, what the live screen's marks mean)."""
        super().__init__()
        self.sections = [(title, list(bindings)) for title, bindings in sections]
        self.legend = legend

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for title, bindings in self.sections:
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold cyan", no_wrap=True, min_width=10)
                table.add_column()
                for binding in bindings:
                    if not isinstance(binding, Binding) or not binding.description:
                        continue
                    keys = ", ".join(
                        self.app.get_key_display(Binding(key.strip(), binding.action))
                        for key in binding.key.split(",")
                    )
                    table.add_row(keys, binding.tooltip or binding.description)
                yield Static(Text(title, style="bold"))
                yield Static(table)
                yield Static("")
            if self.legend:
                yield Static(self.legend)
