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

    CSS_PATH = "start_interview.tcss"
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
