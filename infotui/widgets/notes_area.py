"""The editor for answers and notes: a soft-wrapping TextArea that wraps only when it must."""

from __future__ import annotations

from textual.widgets import TextArea

from infotui.widgets.keys_in_order import KeysInOrder


class NotesArea(KeysInOrder, TextArea):
    """A TextArea for prose that may run to thousands of lines.

    TextArea wraps the whole document again on every resize and whenever its
    scrollbar comes or goes, even when the width to wrap at has not changed. On a
    2,000-line answer each of those wraps is a visible pause, and opening the
    live screen made three of them. Here the document is wrapped again only when
    the wrap width or the tab width differs from the last wrap. The scrollbar
    gutter is kept (``scrollbar-gutter: stable``), so a long answer bringing the
    scrollbar up does not narrow the text either. Keys apply in the order typed
    (:class:`KeysInOrder`).
    """

    DEFAULT_CSS = """
    NotesArea { scrollbar-gutter: stable; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, tab_behavior="focus")

    def _rewrap_and_refresh_virtual_size(self) -> None:
        wrapped = self.wrapped_document
        if wrapped._width == self.wrap_width and wrapped._tab_width == self.indent_width:
            self._line_cache.clear()
            self._refresh_size()
            return
        super()._rewrap_and_refresh_virtual_size()
