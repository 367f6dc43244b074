"""Book the interview: a day and time in plain words, its length and where."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from infotui.dates import DateError, When, humanize, parse_when
from infotui.errors import StoreError
from infotui.models import Contact, Interview, Medium
from infotui.screens.dialogs import DraftDialog
from infotui.store import Store
from infotui.timer import MAX_MINUTES, MIN_MINUTES
from infotui.validation import ValidationError
from infotui.widgets.keys_in_order import Field


class ScheduleScreen(DraftDialog[Interview | None]):
    """Shows how the date was understood before anything is saved."""

    CSS_PATH = "schedule.tcss"
    AUTO_FOCUS = "#when"
    draft_name = "the booking"

    def __init__(self, store: Store, contact: Contact, *, tz: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.contact = contact
        self.tz = tz
        self.parsed: When | None = None
        self._past_confirmed: str | None = None

    def compose(self) -> ComposeResult:
        assert self.contact.id is not None
        planned = self.store.interviews.to_resume(self.contact.id)
        minutes = planned.agreed_minutes if planned and planned.started_at is None else 30
        with Vertical():
            yield Label(f"Schedule the interview with {self.contact.name}", classes="title")
            yield Label("When (tue 3pm, tomorrow 9:30, next wednesday 10, 2026-12-01 14:00)",
                        classes="field-label")  # fmt: skip
            yield Field(placeholder="tomorrow 10am", id="when")
            yield Label("", id="understood")
            yield Label(f"Minutes ({MIN_MINUTES} to {MAX_MINUTES})", classes="field-label")
            yield Field(str(minutes), id="minutes", type="integer", max_length=3)
            yield Label("How", classes="field-label")
            yield Select(
                [(m.label.capitalize(), m) for m in Medium],
                value=Medium(planned.medium) if planned else Medium.IN_PERSON,
                allow_blank=False,
                id="medium",
            )
            yield Label("Address or link", classes="field-label")
            yield Field(planned.place if planned else "", id="place")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Schedule", id="schedule", variant="primary")

    @on(Input.Changed, "#when")
    def _understand(self, event: Input.Changed) -> None:
        label = self.query_one("#understood", Label)
        label.remove_class("-error", "-warning")
        self.parsed = None
        if not event.value.strip():
            label.update("")
            return
        now = self.store.now()
        try:
            self.parsed = parse_when(event.value, now, tz=self.tz)
        except DateError as error:
            label.update(str(error))
            label.add_class("-error")
            return
        text = humanize(self.parsed.at, now, tz=self.tz)
        if self.parsed.at < now:
            label.update(f"{text}: that is in the past")
            label.add_class("-warning")
        else:
            label.update(text)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "place":
            self.action_schedule()
        else:
            self.focus_next()

    @on(Button.Pressed, "#schedule")
    def action_schedule(self) -> None:
        label = self.query_one("#understood", Label)
        when_text = self.query_one("#when", Input).value
        if self.parsed is None:
            try:
                parse_when(when_text, self.store.now(), tz=self.tz)
            except DateError as error:
                label.update(str(error))
                label.set_class(True, "-error")
            self.query_one("#when", Input).focus()
            return
        if self.parsed.at < self.store.now() and self._past_confirmed != when_text:
            self._past_confirmed = when_text
            label.update("That is in the past: press Schedule again to book it anyway.")
            return
        raw = self.query_one("#minutes", Input).value
        medium = self.query_one("#medium", Select).value
        assert self.contact.id is not None and isinstance(medium, Medium)
        try:
            interview = self.store.interviews.schedule(
                self.contact.id,
                self.parsed.at,
                agreed_minutes=int(raw) if raw.isdigit() else 0,
                medium=medium,
                place=self.query_one("#place", Input).value,
            )
        except ValidationError as error:
            message = "; ".join(error.errors.values())
            self.notify(f"Not scheduled: {message}", severity="error")
            self.query_one("#minutes", Input).focus()
            return
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss(interview)
