"""Before the countdown: agree the time frame and go through the opener."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, SelectionList

from infotui.screens.dialogs import DraftDialog
from infotui.timer import MAX_MINUTES, MIN_MINUTES


@dataclass(frozen=True)
class StartChoice:
    minutes: int


class StartInterview(DraftDialog[StartChoice | None]):
    """Confirm the agreed minutes; the opener checklist is there to tick as you go."""

    DEFAULT_CSS = """
    StartInterview { align: center middle; }
    StartInterview > Vertical {
        width: 76; max-width: 95%; height: auto; max-height: 95%;
        padding: 1 2; border: thick $primary 60%; background: $surface;
    }
    StartInterview .title { text-style: bold; }
    StartInterview .muted { color: $text-muted; margin-bottom: 1; }
    StartInterview #minutes-row { height: auto; }
    StartInterview #minutes-row Label { padding: 1 1 0 0; }
    StartInterview #minutes { width: 10; }
    StartInterview SelectionList { height: auto; max-height: 12; margin-top: 1; }
    StartInterview #error { color: $error; height: auto; }
    StartInterview .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    StartInterview Button { margin-left: 2; }
    """
    draft_name = "the agreed minutes"

    def __init__(self, who: str, minutes: int, opener: tuple[str, ...]) -> None:
        super().__init__()
        self.who = who
        self.minutes = minutes
        self.opener = opener

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Interview with {self.who}", classes="title")
            yield Label("Agree the time frame, then start the countdown.", classes="muted")
            with Horizontal(id="minutes-row"):
                yield Label("Agreed minutes")
                yield Input(str(self.minutes), id="minutes", type="integer", max_length=3)
            yield SelectionList[int](*((line, n) for n, line in enumerate(self.opener)))
            yield Label("", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Start the countdown", id="start", variant="success")

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    @on(Input.Submitted, "#minutes")
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        raw = self.query_one("#minutes", Input).value.strip()
        minutes = int(raw) if raw.isdigit() else 0
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            self.query_one("#error", Label).update(
                f"The agreed time is a number of minutes from {MIN_MINUTES} to {MAX_MINUTES}."
            )
            self.query_one("#minutes", Input).focus()
            return
        self.dismiss(StartChoice(minutes))

    def draft(self) -> dict[object, object]:
        """The minutes typed; ticks on the opener are only a checklist to go through."""
        return {"minutes": self.query_one("#minutes", Input).value}
