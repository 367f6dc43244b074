"""The answer editor's own wrapping (NotesArea, FastWrappedDocument) is Textual's, faster:
the same rows, the same cursor moves, for any text, as a plain TextArea shows it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument
from textual.widgets import TextArea

from infotui.widgets.notes_area import FastWrappedDocument, NotesArea

# Mostly words and spaces (the fast way), with what must go Textual's way: tabs, wide
# and combining characters, controls, letters beyond ASCII.
PLAIN = st.text(alphabet="ab cd  efghijklm", max_size=140)
ANY = st.text(alphabet="ab c  d\t\u00e9\u4e2d\u0301\x01\x7f~", max_size=60)
LINES = st.lists(st.one_of(PLAIN, PLAIN, ANY), min_size=1, max_size=6)


def state(wrapped: WrappedDocument) -> tuple[object, ...]:
    return (
        wrapped._width,
        wrapped._tab_width,
        wrapped._wrap_offsets,
        wrapped._offset_to_line_info,
        wrapped._line_index_to_offsets,
        wrapped._tab_width_cache,
        wrapped.height,
        wrapped.lines,
    )


@settings(max_examples=400, deadline=None)
@given(LINES, st.integers(0, 50), st.sampled_from([None, 2, 4, 8]))
def test_wrapped_exactly_as_textual_wraps(lines: list[str], width: int, tabs: int | None) -> None:
    document = Document("\n".join(lines))
    textual, ours = WrappedDocument(document), FastWrappedDocument(document)
    assert state(ours) == state(textual)  # unwrapped (width 0), as a document is loaded
    textual.wrap(width, tabs)
    ours.wrap(width, tabs)
    assert state(ours) == state(textual)


def test_a_word_longer_than_the_row_is_cut_into_rows() -> None:
    line = "to " + "x" * 25 + " end"
    ours = FastWrappedDocument(Document(line), width=10)
    # The spaces after a word go with it; what is left of the word takes the next word.
    assert ours.lines == [["to ", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx end"]]
    assert ours.height == 4


class SideBySide(App[None]):
    """A plain TextArea and the answer editor, the same width, the same text."""

    CSS = "TextArea { width: 40; height: 12; scrollbar-gutter: stable; }"

    def compose(self) -> ComposeResult:
        yield TextArea(id="textual", soft_wrap=True)
        yield NotesArea(id="ours")


async def test_the_editor_shows_and_moves_as_a_plain_text_area_does() -> None:
    text = "\n".join(
        [
            "Line 1: " + "a rather long sentence of short words " * 4,
            "\tindented, with a tab and 中文 wide characters " * 2,
            "",
            "x" * 90,
            "    four spaces first, then words that wrap past the edge of the box",
        ]
        * 40
    )
    app = SideBySide()
    async with app.run_test(size=(100, 30)) as pilot:
        textual = app.query_one("#textual", TextArea)
        ours = app.query_one("#ours", NotesArea)
        textual.load_text(text)
        ours.load_text(text)
        await pilot.pause()
        assert isinstance(ours.wrapped_document, FastWrappedDocument)
        assert ours.wrapped_document.lines == textual.wrapped_document.lines
        assert ours.virtual_size == textual.virtual_size
        rows = [ours.get_line(y) for y in range(30)]
        assert rows == [textual.get_line(y) for y in range(30)]
        for area in (textual, ours):
            area.focus()
            await pilot.pause()
            await pilot.press(*["down"] * 37, "end", "up", "up")
        assert ours.cursor_location == textual.cursor_location != (0, 0)
        assert ours.scroll_offset == textual.scroll_offset
        for area in (textual, ours):
            area.focus()
            area.cursor_location = area.document.end
            await pilot.pause()
            await pilot.press(*"typed at the end", "enter", *"and below")
        assert ours.text == textual.text
        assert ours.text.endswith("edge of the boxtyped at the end\nand below")
        assert ours.wrapped_document.lines == textual.wrapped_document.lines
