"""Lines to tick through, each wrapped under its box however long it is."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

TICKED, OPEN = "☑", "☐"


def tick_prompt(line: str, ticked: bool) -> Table:
    """The box, then the line wrapped with a hanging indent to whatever width there is."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(TICKED if ticked else OPEN, "bold" if ticked else "dim"), Text(line))
    return grid


class TickList(OptionList):
    """A checklist whose long lines wrap instead of being cut (Textual's SelectionList
    shows one row per item). Space or Enter ticks or unticks the highlighted line."""

    BINDINGS = [Binding("space", "tick", "Tick", show=False)]

    def __init__(
        self, lines: Sequence[str], ticked: Iterable[str] = (), *, id: str | None = None
    ) -> None:
        self.lines = tuple(lines)
        done = set(ticked)
        self.ticked = {n for n, line in enumerate(self.lines) if line in done}
        super().__init__(*(self._option(n) for n in range(len(self.lines))), id=id)

    def _option(self, n: int) -> Option:
        return Option(tick_prompt(self.lines[n], n in self.ticked), id=str(n))

    @property
    def ticked_lines(self) -> tuple[str, ...]:
        return tuple(line for n, line in enumerate(self.lines) if n in self.ticked)

    def action_tick(self) -> None:
        n = self.highlighted
        if n is None:
            return
        self.ticked ^= {n}
        self.replace_option_prompt_at_index(n, tick_prompt(self.lines[n], n in self.ticked))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_tick()
