"""The live screen's top pane: who the conversation is with, the agreed time, the
countdown, and the pacing hint; it says when time is running out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label

from infotui.clock import Clock
from infotui.timer import Countdown, Stage
from infotui.views import ContactSummary, InterviewView, PlanEntry
from infotui.widgets.timer_display import TimerDisplay

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel


class CountdownPane(Horizontal):
    """The header and the countdown of the interview shown."""

    @dataclass
    class WrapUp(Message):
        """The interview entered (or left, when extended) its wrap-up minutes."""

        on: bool

    def __init__(self, clock: Clock, *, bell: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.bell = bell
        self.contact: ContactSummary | None = None
        self.interview: InterviewView | None = None
        self.plan: list[PlanEntry] = []
        self.announced = Stage.NORMAL
        self.wrap_up = False
        self.welcome = False  # no contact yet: the header says where to begin

    def compose(self) -> ComposeResult:
        with Vertical(id="who"):
            yield Label("infotui", id="who-name")
            yield Label("Pick a contact on the left, then press F2 to start.", id="who-detail")
            yield Label("", id="pacing")
        yield TimerDisplay(self.clock, id="timer")

    def on_mount(self) -> None:
        self.set_interval(1.0, self.show_pacing)

    @property
    def countdown(self) -> Countdown | None:
        return Countdown.of(self.interview) if self.interview is not None else None

    def show(
        self,
        contact: ContactSummary | None,
        interview: InterviewView | None,
        plan: list[PlanEntry],
    ) -> None:
        """Show this contact and interview; alarms already past are not sounded again."""
        self.contact, self.plan = contact, plan
        self.interview = interview
        self.welcome = False
        countdown = self.countdown
        now = self.clock.now()
        self.announced = countdown.stage(now) if countdown else Stage.NORMAL
        self.wrap_up = countdown.in_wrap_up(now) if countdown else False
        self.query_one(TimerDisplay).countdown = countdown
        self.show_header()

    def changed(self, interview: InterviewView) -> None:
        """The countdown was started, paused, extended or ended."""
        self.interview = interview
        self.query_one(TimerDisplay).countdown = self.countdown
        self.show_header()

    def show_plan(self, plan: list[PlanEntry]) -> None:
        self.plan = plan
        self.show_pacing()

    def show_welcome(self) -> None:
        """No contact yet (a new database): where to begin."""
        self.query_one("#who-name", Label).update("Welcome to infotui")
        self.query_one("#who-detail", Label).update(
            "Type a name on the left, then Enter, to add a contact."
        )
        self.welcome = True
        self.show_pacing()

    def show_header(self) -> None:
        if self.contact is None:
            return
        at = ", ".join(part for part in (self.contact.role, self.contact.company) if part)
        self.query_one("#who-name", Label).update(
            f"{self.contact.name}" + (f"  ·  {at}" if at else "")
        )
        detail = self.query_one("#who-detail", Label)
        if self.interview is None:
            detail.update("No interview yet: press F2 to agree the time and start.")
        else:
            minutes = f"{self.interview.agreed_minutes} minutes agreed"
            if self.interview.extended_minutes:
                minutes += f", extended by {self.interview.extended_minutes}"
            place = f"  ·  {self.interview.place}" if self.interview.place else ""
            detail.update(minutes + place)
        self.show_pacing()

    def show_pacing(self) -> None:
        label = self.query_one("#pacing", Label)
        countdown = self.countdown
        if countdown is None:
            label.update("Or import LinkedIn, CSV or vCard: F9, then I." if self.welcome else "")
            return
        starred = [e for e in self.plan if e.starred and not e.asked]
        left = starred or [e for e in self.plan if not e.asked]
        label.update(countdown.pacing(self.clock.now(), len(left), starred=bool(starred)))

    @on(TimerDisplay.Changed)
    def _timer_changed(self, event: TimerDisplay.Changed) -> None:
        event.stop()
        if event.stage > self.announced and event.stage.message:
            severity: SeverityLevel = "warning" if event.stage is Stage.FIVE_LEFT else "error"
            self.notify(event.stage.message, title="Time", severity=severity, timeout=8)
            if self.bell:
                self.app.bell()
        self.announced = event.stage
        if event.wrap_up != self.wrap_up:
            self.wrap_up = event.wrap_up
            self.post_message(self.WrapUp(event.wrap_up))
