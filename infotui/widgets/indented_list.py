"""A list whose entries wrap under their own text, past a number or a mark."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text
from textual.widgets.option_list import Option

from infotui.widgets.keys_in_order import InOrderList


def hanging(prefix: Text, body: Text, width: int, *, indent: int | None = None) -> Text:
    """``prefix`` then ``body`` wrapped to ``width``, each line after the first indented
    by ``indent`` (the prefix's width unless given)."""
    indent = prefix.cell_len if indent is None else indent
    room = max(10, width - indent)
    first = max(10, width - prefix.cell_len)
    console = Console(width=max(width, 20))
    lines: list[Text] = []
    for n, paragraph in enumerate(body.split("\n", allow_blank=True)):
        wrapped = list(paragraph.wrap(console, first if n == 0 else room))
        if not wrapped:
            wrapped = [Text("")]
        if n == 0 and len(wrapped) > 1 and first != room:
            # Lines after the first have another width: wrap what follows the first again.
            rest = Text(" ").join(wrapped[1:])
            wrapped = [wrapped[0], *rest.wrap(console, room)]
        lines.extend(wrapped)
    text = prefix.copy()
    text.append_text(lines[0])
    for line in lines[1:]:
        text.append("\n" + " " * indent)
        line.rstrip()
        text.append_text(line)
    return text


@dataclass(frozen=True)
class Entry:
    """One entry: a prefix (a number, marks) and the text that wraps under itself."""

    prefix: Text
    body: Text
    id: str | None = None
    disabled: bool = False
    indent: int | None = None


class IndentedList(InOrderList):
    """An OptionList whose entries wrap with a hanging indent, at whatever width it has.

    The entries are wrapped here, to the list's width less a scroll bar's (always kept),
    and again whenever the width changes: a wrapped line is never wider than the list,
    so no line of an entry is lost to a wrap the list did not count on.
    """

    DEFAULT_CSS = """
    IndentedList { scrollbar-gutter: stable; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries: list[Entry] = []
        self._width = 0

    def show(self, entries: Iterable[Entry], *, highlight: int | None = None) -> None:
        """Show these entries; highlight the one at ``highlight``, else keep the place."""
        self.entries = list(entries)
        self._lay_out(highlight)

    def wrap_width(self) -> int:
        width = self.scrollable_content_region.width
        if width <= 0:  # not laid out yet: as wide as the window, less the scroll bar
            width = (self.app.size.width if self.is_attached else 80) - 2
        return width - 1  # (the highlight's own margin)

    def on_resize(self) -> None:
        if self.wrap_width() != self._width:
            self._lay_out(None)

    def _lay_out(self, highlight: int | None) -> None:
        keep = self.highlighted if highlight is None else highlight
        self._width = width = self.wrap_width()
        self.set_options(
            Option(
                hanging(entry.prefix, entry.body, width, indent=entry.indent),
                id=entry.id,
                disabled=entry.disabled,
            )
            for entry in self.entries
        )
        if keep is not None and self.entries:
            self.highlighted = min(keep, len(self.entries) - 1)
