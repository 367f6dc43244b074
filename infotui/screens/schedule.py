"""Book the interview: a day and time in plain words, its length and where."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from infotui.dates import DateError, When, humanize, parse_when
from infotui.errors import StoreError
from infotui.models import Contact, Interview, Medium
from infotui.screens.dialogs import DraftDialog
from infotui.store import Store
from infotui.timer import MAX_MINUTES, MIN_MINUTES, agreed_minutes
from infotui.validation import ValidationError
from infotui.widgets.keys_in_order import Field


class ScheduleScreen(DraftDialog[Interview | None]):
    """Shows how the date was understood before anything is saved."""

    CSS_PATH = "schedule.tcss"
    AUTO_FOCUS = "#when"
    BINDINGS = [
        Binding("ctrl+s", "schedule", "Schedule", priority=True),
    ]
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
            yield self._error_label("minutes")
            yield Label("How", classes="field-label")
            yield Select(
                [(m.label.capitalize(), m) for m in Medium],
                value=Medium(planned.medium) if planned else Medium.IN_PERSON,
                allow_blank=False,
                id="medium",
            )
            yield Label("Address or link", classes="field-label")
            yield Field(planned.place if planned else "", id="place")
            yield self._error_label("place")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Schedule  ^s", id="schedule", variant="primary")

    @on(Input.Changed, "#when")
    def _when_changed(self) -> None:
        self._understand()

    def _understand(self) -> When | None:
        """How the day and time typed are understood (said under them); None when they
        are not (why is said there too, for what has been typed)."""
        when = self.query_one("#when", Input).value
        label = self.query_one("#understood", Label)
        label.remove_class("-error", "-warning")
        self.parsed = None
        if not when.strip():
            label.update("")
            return None
        now = self.store.now()
        try:
            self.parsed = parse_when(when, now, tz=self.tz)
        except DateError as error:
            label.update(str(error))
            label.add_class("-error")
            return None
        text = humanize(self.parsed.at, now, tz=self.tz)
        if self.parsed.at < now:
            label.update(f"{text}: that is in the past")
            label.add_class("-warning")
        else:
            label.update(text)
        return self.parsed

    def _refuse_when(self) -> None:
        """Say why the day and time are not understood (empty too), with the focus there."""
        when = self.query_one("#when", Input)
        label = self.query_one("#understood", Label)
        try:
            parse_when(when.value, self.store.now(), tz=self.tz)
        except DateError as error:
            label.update(str(error))
            label.set_class(True, "-error")
        when.focus()

    def _minutes(self) -> int | None:
        """The minutes typed, when they are a time an interview may be given; else says
        why beside them, with the focus there."""
        field = self.query_one("#minutes", Input)
        minutes = agreed_minutes(field.value)
        if minutes is not None:
            self.set_error("minutes", "")
            return minutes
        self.set_error("minutes", f"Between {MIN_MINUTES} and {MAX_MINUTES} minutes.")
        field.focus()
        return None

    @on(Input.Changed, "#minutes")
    def _minutes_changed(self, event: Input.Changed) -> None:
        if agreed_minutes(event.input.value) is not None:
            self.set_error("minutes", "")  # a message said stays until it no longer applies

    @on(Input.Changed, "#place")
    def _place_changed(self) -> None:
        self.set_error("place", "")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter: on to the next field once this one is right (the error stays in sight,
        and the focus with it); on the last, schedule."""
        field = event.input.id
        if field == "place":
            self.action_schedule()
        elif field == "when" and self._understand() is None:
            self._refuse_when()
        elif field != "minutes" or self._minutes() is not None:
            self.focus_next()

    @on(Button.Pressed, "#schedule")
    def action_schedule(self) -> None:
        label = self.query_one("#understood", Label)
        when_text = self.query_one("#when", Input).value
        parsed = self._understand()
        if parsed is None:
            self._refuse_when()
            return
        if parsed.at < self.store.now() and self._past_confirmed != when_text:
            self._past_confirmed = when_text
            label.update("That is in the past: press Schedule again to book it anyway.")
            return
        minutes = self._minutes()
        if minutes is None:
            return
        medium = self.query_one("#medium", Select).value
        assert self.contact.id is not None and isinstance(medium, Medium)
        try:
            interview = self.store.interviews.schedule(
                self.contact.id,
                parsed.at,
                agreed_minutes=minutes,
                medium=medium,
                place=self.query_one("#place", Input).value,
            )
        except ValidationError as error:
            errors = dict(error.errors)
            if "place" in errors:
                self.set_error("place", errors.pop("place").capitalize() + ".")
                self.query_one("#place", Input).focus()
            if errors:
                self.notify(f"Not scheduled: {'; '.join(errors.values())}", severity="error")
            return
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss(interview)
