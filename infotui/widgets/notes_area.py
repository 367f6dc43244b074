"""The editor for answers and notes: a soft-wrapping TextArea that wraps only when it must."""

from __future__ import annotations

import re

from textual._wrap import compute_wrap_offsets
from textual.document._document import Document
from textual.document._document_navigator import DocumentNavigator
from textual.document._wrapped_document import WrappedDocument
from textual.expand_tabs import get_tab_widths
from textual.widgets import TextArea

from infotui.widgets.keys_in_order import KeysInOrder

_CHUNK = re.compile(r"\S+\s*|\s+")  # a word and the spaces after it, as Textual's wrap


def _one_cell_offsets(line: str, width: int) -> list[int]:
    """Where Textual's ``compute_wrap_offsets`` breaks ``line`` at ``width`` (> 0), for a
    line of printable ASCII (every character one cell wide; the only space is " ").

    The same rule, a row at a time: words (each with the spaces after it) fill a row
    while they fit; the word that does not fit starts the next row, or, longer than a
    row, is cut into rows of ``width``.
    """
    size = len(line)
    breaks: list[int] = []
    row = 0  # where the current row starts
    while size - row > width:
        past = row + width  # the first character that does not fit
        if line[past] == " ":  # in the spaces after a word: that word's chunk
            before = len(line[:past].rstrip(" "))  # just after the word
            start = line.rfind(" ", 0, before) + 1 if before else 0
        else:
            start = line.rfind(" ", 0, past) + 1
        end = _CHUNK.match(line, start).end()  # type: ignore[union-attr]  # a chunk starts
        if end - start <= width:  # the next row starts with this word
            if start <= row:  # never (the word would fit): Textual's way, not a hang
                return compute_wrap_offsets(line, width, 4)
            breaks.append(start)
            row = start
        else:  # cut into rows of ``width``, from a new row
            rows = -(-(end - start) // width)
            if start:
                breaks.append(start)
            breaks.extend(range(start + width, start + rows * width - width + 1, width))
            row = start + (rows - 1) * width
    return breaks


class FastWrappedDocument(WrappedDocument):
    """Textual's wrapped view of a document, wrapped the same way, faster.

    Wrapping a 2,000-line answer is most of the time the live screen takes to show it
    (Textual measures every character's cell width and every tab on every line). Lines
    of printable ASCII, the usual ones, are wrapped here by their length; any other
    line (tabs, wide or combining characters, controls) as Textual wraps it. Edits
    re-wrap their lines with Textual's own ``wrap_range``.
    """

    @property
    def height(self) -> int:
        """Rows in all (Textual adds up every line's rows each time it is asked)."""
        return len(self._offset_to_line_info)

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        tab_size = self._tab_width
        wrap_offsets: list[list[int]] = []
        offset_to_line_info: list[tuple[int, int]] = []
        line_index_to_offsets: list[list[int]] = []
        tab_widths: list[list[int]] = []
        add_offsets, add_tabs = wrap_offsets.append, tab_widths.append
        add_rows, add_infos = line_index_to_offsets.append, offset_to_line_info.extend
        y = 0
        for index, line in enumerate(self.document.lines):
            if line.isascii() and line.isprintable():
                offsets = _one_cell_offsets(line, width) if width else []
                tabs = [0] if line else []
            else:  # as Textual's own wrap does it
                sections = get_tab_widths(line, tab_size)
                offsets = (
                    compute_wrap_offsets(
                        line, width, tab_size=tab_size, precomputed_tab_sections=sections
                    )
                    if width
                    else []
                )
                tabs = [tab for _, tab in sections]
            add_offsets(offsets)
            add_tabs(tabs)
            if offsets:
                rows = len(offsets) + 1
                add_rows(list(range(y, y + rows)))
                add_infos([(index, row) for row in range(rows)])
                y += rows
            else:
                add_rows([y])
                add_infos(((index, 0),))
                y += 1
        self._wrap_offsets = wrap_offsets
        self._offset_to_line_info = offset_to_line_info
        self._line_index_to_offsets = line_index_to_offsets
        self._tab_width_cache = tab_widths


class NotesArea(KeysInOrder, TextArea):
    """A TextArea for prose that may run to thousands of lines.

    TextArea wraps the whole document again on every resize and whenever its
    scrollbar comes or goes, even when the width to wrap at has not changed. On a
    2,000-line answer each of those wraps is a visible pause, and opening the
    live screen made three of them. Here the document is wrapped again only when
    the wrap width or the tab width differs from the last wrap, and (by
    :class:`FastWrappedDocument`) in a fraction of the time. The scrollbar
    gutter is kept (``scrollbar-gutter: stable``), so a long answer bringing the
    scrollbar up does not narrow the text either. Keys apply in the order typed
    (:class:`KeysInOrder`).
    """

    DEFAULT_CSS = """
    NotesArea { scrollbar-gutter: stable; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, tab_behavior="focus")

    def _set_document(self, text: str, language: str | None) -> None:
        """Textual's, for plain text (notes have no language), with the faster wrap."""
        if language:
            super()._set_document(text, language)
            return
        self._highlight_query = None
        self.document = Document(text)
        self.wrapped_document = FastWrappedDocument(self.document, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._build_highlight_map()
        self.move_cursor((0, 0))
        self._rewrap_and_refresh_virtual_size()

    def _rewrap_and_refresh_virtual_size(self) -> None:
        wrapped = self.wrapped_document
        if wrapped._width == self.wrap_width and wrapped._tab_width == self.indent_width:
            self._line_cache.clear()
            self._refresh_size()
            return
        super()._rewrap_and_refresh_virtual_size()
