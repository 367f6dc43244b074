"""The baseline for typing: a bare TextArea holding the same 2,000-line text."""

import sys

from textual.app import App, ComposeResult
from textual.widgets import TextArea


class BareTextArea(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield TextArea(self.text, soft_wrap=True, id="editor")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self.query_one(TextArea).border_title = "bare ready"


if __name__ == "__main__":
    from pathlib import Path

    BareTextArea(Path(sys.argv[1]).read_text(encoding="utf-8")).run()
