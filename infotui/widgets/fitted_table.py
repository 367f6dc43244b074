"""A table whose columns fit the width it has, whatever the values in it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from infotui.widgets.keys_in_order import KeysInOrder


@dataclass(frozen=True)
class Column:
    """A column: its heading, the fewest columns it takes, and the largest share of the
    table's width it may take (a long value does not crowd the other columns out).
    A value wider than its column is cut with an ellipsis, or wrapped."""

    label: str
    min_width: int = 6
    max_share: float = 1.0
    wrap: bool = False  # a long value goes on to more lines, making its row taller


def fit_widths(natural: Sequence[int], floors: Sequence[int], room: int) -> list[int]:
    """Each column's width: its natural width where all fit in ``room``; otherwise the
    widest columns give way first, a column at a time, none below its floor (so short
    columns stay whole and long values are cut evenly)."""
    widths = list(natural)
    excess = sum(widths) - room
    while excess > 0:
        shrinkable = [n for n, width in enumerate(widths) if width > floors[n]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda n: (widths[n], -n))
        widths[widest] -= 1
        excess -= 1
    return widths


def longest_line(text: Text) -> int:
    return max(cell_len(line) for line in text.plain.split("\n"))


def cell(value: str | Text, *, wrap: bool = False) -> Text:
    """A value as one line of text, cut with an ellipsis when its column is narrower;
    or, to wrap, as lines that fit the column.

    (A plain string is not read as markup: a name may well hold square brackets.)"""
    text = Text(value) if isinstance(value, str) else value.copy()
    text.no_wrap = not wrap
    text.overflow = "fold" if wrap else "ellipsis"
    return text


class FittedTable(KeysInOrder, DataTable[Text]):
    """A DataTable whose columns always fit its width, and whose keys are taken in the
    order typed (:class:`KeysInOrder`): "/" then a name typed at once on the contacts
    screen puts the name in the filter "/" moved to, instead of running the table's
    keys ("d" deletes, "a" adds). A row chosen with Enter is handed on to the screen
    before the keys typed after Enter are looked at: they go to what the screen opens for
    it (the contacts screen's edit form), not to this table.

    Each column is as wide as its widest value, but no wider than its share of the
    table; when they do not all fit, each keeps at least its minimum and the rest of
    the width is shared out. Values longer than their column end in an ellipsis. The
    widths are worked out again for every new set of rows and every new size, so a
    long value gone is a wide column gone.
    """

    HANDED_ON = (DataTable.RowSelected, DataTable.CellSelected, DataTable.ColumnSelected)

    def __init__(self, columns: Sequence[Column], **kwargs: object) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.specs = list(columns)
        self._values: list[list[Text]] = []
        self._keys: list[str | None] = []
        for n, spec in enumerate(self.specs):
            # As Text: a string label is read as markup, emoji codes and all, whose table
            # alone takes most of a MiB to load.
            self.add_column(Text(spec.label), width=spec.min_width, key=str(n))

    def fill(self, rows: Iterable[tuple[Sequence[str | Text], str | None]]) -> None:
        """Show these rows, each (values, key), in place of those shown."""
        self._values, self._keys = [], []
        for values, key in rows:
            cells = [cell(v, wrap=spec.wrap) for v, spec in zip(values, self.specs, strict=True)]
            self._values.append(cells)
            self._keys.append(key)
        self.fit(force=True)

    def _show_rows(self) -> None:
        cursor = self.cursor_row
        self.clear()
        tall = any(spec.wrap for spec in self.specs)
        for cells, key in zip(self._values, self._keys, strict=True):
            if tall:  # (an empty cell in a row of many lines would have no first line)
                cells = [cell if cell.plain else Text(" ") for cell in cells]
            self.add_row(*cells, key=key, height=None if tall else 1)
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1), animate=False)

    def room(self) -> int:
        """The columns' combined width, padding and scroll bar aside."""
        width = self.size.width or (self.app.size.width if self.is_attached else 80)
        gutter = self.styles.scrollbar_size_vertical
        return max(0, width - gutter - 2 * self.cell_padding * len(self.specs))

    def fit(self, *, force: bool = False) -> None:
        """Work the widths out again; show the rows again if they or the widths changed
        (a wrapped row's height depends on its columns' widths)."""
        room = self.room()
        natural, floors, widest = [], [], []
        for n, spec in enumerate(self.specs):
            widest.append(
                max([cell_len(spec.label), *(longest_line(row[n]) for row in self._values)])
            )
            cap = max(spec.min_width, int(room * spec.max_share))
            natural.append(max(1, min(widest[n], cap)))
            floors.append(spec.min_width)
        widths = fit_widths(natural, floors, room)
        # Room left over goes to the columns that wrap, past their share: fewer lines.
        spare = room - sum(widths)
        for n, spec in enumerate(self.specs):
            if spec.wrap and spare > 0 and widths[n] < widest[n]:
                grown = min(widest[n] - widths[n], spare)
                widths[n] += grown
                spare -= grown
        changed = False
        for column, width in zip(self.ordered_columns, widths, strict=True):
            if column.width != width or column.auto_width:
                column.width, column.auto_width = width, False
                changed = True
        if force or (changed and any(spec.wrap for spec in self.specs)):
            self._show_rows()
        elif changed:
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh()

    def on_resize(self) -> None:
        self.fit()

    def widths(self) -> list[int]:
        """Each column's width, as shown."""
        return [column.width for column in self.ordered_columns]
