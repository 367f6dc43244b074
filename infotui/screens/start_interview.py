"""Before the countdown: agree the time frame and go through the opener; the opener
again, with what was ticked, once the countdown runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from infotui.screens.dialog import Dialog
from infotui.screens.dialogs import DraftDialog
from infotui.timer import MAX_MINUTES, MIN_MINUTES, agreed_minutes
from infotui.widgets.keys_in_order import Field
from infotui.widgets.tick_list import TickList


@dataclass(frozen=True)
class StartChoice:
    minutes: int
    ticked: tuple[str, ...] = ()  # the opener's lines ticked


class StartInterview(DraftDialog[StartChoice | None]):
    """Confirm the agreed minutes; the opener checklist is there to tick as you go."""

    CSS_PATH = "start_interview.tcss"
    # The minutes, with what they hold selected: typed digits replace it, Enter starts.
    AUTO_FOCUS = "#minutes"
    draft_name = "the agreed minutes"

    def __init__(
        self, who: str, minutes: int, opener: tuple[str, ...], ticked: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.who = who
        self.minutes = minutes
        self.opener = opener
        self.ticked = tuple(ticked)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Interview with {self.who}", classes="title")
            yield Label("Agree the minutes; Enter starts the countdown. Tab: the opener, "
                        "where Space ticks a line.", classes="muted")  # fmt: skip
            with Horizontal(id="minutes-row"):
                yield Label("Agreed minutes")
                yield Field(str(self.minutes), id="minutes", type="integer", max_length=3)
                yield Label("", id="error")  # beside the field
            yield TickList(self.opener, self.ticked, id="opener")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Start the countdown", id="start", variant="success")

    def _minutes(self) -> int | None:
        """The minutes typed, when they are a time the countdown may be given."""
        return agreed_minutes(self.query_one("#minutes", Input).value)

    @on(Input.Submitted, "#minutes")
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        minutes = self._minutes()
        if minutes is None:
            self.query_one("#error", Label).update(
                f"A number of minutes from {MIN_MINUTES} to {MAX_MINUTES}."
            )
            self.query_one("#minutes", Input).focus()
            return
        self.dismiss(StartChoice(minutes, self.query_one(TickList).ticked_lines))

    @on(Input.Changed, "#minutes")
    def _minutes_changed(self) -> None:
        if self._minutes() is not None:  # the message stays until it no longer applies
            self.query_one("#error", Label).update("")

    def draft(self) -> dict[object, object]:
        """The minutes typed; ticks on the opener are only a checklist to go through."""
        return {"minutes": self.query_one("#minutes", Input).value}


class OpenerChecklist(Dialog[tuple[str, ...]]):
    """The opener again once the countdown runs, with what was ticked; closing keeps
    the ticks (the result: the lines ticked)."""

    CSS_PATH = "start_interview.tcss"
    BINDINGS = [Binding("escape", "done", "Close")]

    def __init__(self, who: str, opener: tuple[str, ...], ticked: Sequence[str]) -> None:
        super().__init__()
        self.who = who
        self.opener = opener
        self.ticked = tuple(ticked)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Opener: {self.who}", classes="title")
            yield Label("Space ticks a line. Esc closes; the ticks are kept.", classes="muted")
            yield TickList(self.opener, self.ticked, id="opener")
            with Horizontal(classes="buttons"):
                yield Button("Done", id="done", variant="primary")

    def on_mount(self) -> None:
        self.query_one(TickList).focus()

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        self.dismiss(self.query_one(TickList).ticked_lines)
