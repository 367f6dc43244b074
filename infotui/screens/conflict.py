"""Settle an answer changed in another window while this one was typing into it.

Nothing is lost whatever is chosen: the text typed here is already kept as a
version of the answer, and so is the one replaced. Esc keeps both.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from infotui.keeper import Conflict

BOTH_SEPARATOR = "\n\n--- typed in this window ---\n"


class ConflictScreen(ModalScreen[str | None]):
    """Asks which text an answer keeps: both, this window's, or the other's."""

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > Vertical {
        width: 100; max-width: 95%; height: auto; max-height: 95%;
        padding: 1 2; border: thick $warning 60%; background: $surface;
    }
    ConflictScreen .title { text-style: bold; }
    ConflictScreen .help { color: $text-muted; margin-bottom: 1; }
    ConflictScreen #texts { height: auto; max-height: 16; }
    ConflictScreen #texts > Vertical { width: 1fr; height: auto; }
    ConflictScreen TextArea { height: auto; max-height: 12; }
    ConflictScreen .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConflictScreen Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "keep_both", "Keep both")]

    def __init__(self, label: str, conflict: Conflict) -> None:
        super().__init__()
        self.label = label
        self.conflict = conflict

    @staticmethod
    def both(conflict: Conflict) -> str:
        """The other window's text, then this one's."""
        if not conflict.theirs.strip():
            return conflict.mine
        return conflict.theirs.rstrip() + BOTH_SEPARATOR + conflict.mine

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Changed in another window: {self.label}", classes="title")
            yield Label(
                "Both texts are kept in the answer's history (Ctrl+O), whatever you choose.",
                classes="help",
            )
            with Horizontal(id="texts"):
                with Vertical():
                    yield Label("Typed here")
                    yield TextArea(self.conflict.mine, read_only=True, id="mine")
                with Vertical():
                    yield Label("Saved by the other window")
                    yield TextArea(self.conflict.theirs, read_only=True, id="theirs")
            with Horizontal(classes="buttons"):
                yield Button("Keep both", id="both", variant="primary")
                yield Button("Use mine", id="use-mine")
                yield Button("Use theirs", id="use-theirs")

    def on_mount(self) -> None:
        self.query_one("#both", Button).focus()

    def action_keep_both(self) -> None:
        self.dismiss(self.both(self.conflict))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choices = {
            "both": self.both(self.conflict),
            "use-mine": self.conflict.mine,
            "use-theirs": self.conflict.theirs,
        }
        self.dismiss(choices[event.button.id or "both"])
