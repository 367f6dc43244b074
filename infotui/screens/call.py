"""The phone call that asks for the meeting: the script, then what came of it."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from infotui.dates import DateError, day_name, humanize, parse_when, working_days_after
from infotui.errors import StoreError
from infotui.models import CallOutcome, Contact
from infotui.questions import render_phone_script
from infotui.screens.dialogs import DraftDialog
from infotui.store import Store
from infotui.widgets.keys_in_order import Field


@dataclass(frozen=True)
class CallLogged:
    outcome: CallOutcome
    note: str
    call_back_at: pendulum.DateTime | None = None


class CallScreen(DraftDialog[CallLogged | None]):
    CSS_PATH = "call.tcss"
    AUTO_FOCUS = "#my-name, #note"
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+y", "copy", "Copy script", priority=True),
    ]

    def __init__(self, store: Store, contact: Contact, *, tz: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.contact = contact
        self.tz = tz
        self.call_back: pendulum.DateTime | None = None
        self.draft_name = "the call notes"

    def script(self) -> str:
        """The script as it reads now: with the name typed in "Your name", else the one kept."""
        now = self.store.now()
        days = working_days_after(now, self.store.interviews.booked_days(tz=self.tz), 2, tz=self.tz)
        assert self.contact.id is not None
        planned = self.store.interviews.to_resume(self.contact.id)
        return render_phone_script(
            self.store.bank,
            contact_name=self.contact.name,
            my_name=self._typed_name() or self.store.settings.my_name(),
            minutes=planned.agreed_minutes if planned else 30,
            days=[day_name(d, now, tz=self.tz) for d in days],
        )

    def compose(self) -> ComposeResult:
        reach = " · ".join(p for p in (self.contact.phone, self.contact.email) if p)
        with Vertical():
            yield Label(f"Call {self.contact.name}", classes="title")
            yield Label(reach or "No phone or email saved for them yet.", classes="muted")
            if not self.store.settings.my_name():
                with Horizontal(id="my-name-row"):
                    yield Label("Your name (asked once)")
                    yield Field(placeholder="Dana Kim", id="my-name")
            yield Static(self.script(), id="script", markup=False)
            with Horizontal(classes="row"):
                yield Button("Copy script  ^y", id="copy")
            yield Label("What came of it?", classes="muted")
            yield Field(placeholder="A note (optional)", id="note")
            with Horizontal(classes="row"):
                for outcome in (CallOutcome.NO_ANSWER, CallOutcome.LEFT_MESSAGE,
                                CallOutcome.AGREED, CallOutcome.DECLINED):  # fmt: skip
                    yield Button(outcome.label, id=outcome.value)
            with Horizontal(classes="row"):
                yield Field(placeholder="call back: fri 10am", id="call-back")
                yield Button("Call back then", id="call_back")
                yield Label("", id="call-back-understood")

    def _typed_name(self) -> str:
        """What "Your name" holds, its spaces tidied ("" once it is kept, or not asked)."""
        for field in self.query("#my-name").results(Input):
            return " ".join(field.value.split())
        return ""

    def _keep_my_name(self) -> bool:
        """Keep the name typed in "Your name" (if any) for the next calls and the
        thank-yous; False when the database did not take it (it says so)."""
        name = self._typed_name()
        if not name or name == self.store.settings.my_name():
            return True
        try:
            self.store.settings.set_my_name(name)
        except StoreError as error:
            self.notify(f"Your name is not kept yet: {error}", severity="error")
            return False
        return True

    def draft(self) -> dict[object, object]:
        """What would be lost on closing: not the name, once it is kept."""
        values = super().draft()
        name = self._typed_name()
        if name and name == self.store.settings.my_name():
            for field in self.query("#my-name"):
                values.pop(field, None)
        return values

    @on(Input.Changed, "#my-name")
    def _name_typed(self) -> None:
        self.query_one("#script", Static).update(self.script())

    @on(Input.Blurred, "#my-name")
    def _name_left(self) -> None:
        self._keep_my_name()

    @on(Input.Submitted, "#my-name")
    def _my_name(self) -> None:
        if not self._typed_name() or not self._keep_my_name():
            return
        self.query_one("#my-name-row").remove()
        self.query_one("#note", Input).focus()

    @on(Input.Changed, "#call-back")
    def _understand(self, event: Input.Changed) -> None:
        label = self.query_one("#call-back-understood", Label)
        self.call_back = None
        label.remove_class("-error")
        if not event.value.strip():
            label.update("")
            return
        now = self.store.now()
        try:
            parsed = parse_when(event.value, now, tz=self.tz, need_time=False)
        except DateError as error:
            label.update(str(error))
            label.add_class("-error")
            return
        at = parsed.at if parsed.has_time else parsed.at.set(hour=9)
        if at < now:
            label.update("that is in the past")  # "yesterday" is for what was done
            label.add_class("-error")
            return
        self.call_back = at
        label.update(humanize(at, now, tz=self.tz))

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.script())
        self.notify("Script copied.")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button == "copy":
            self.action_copy()
            return
        note = self.query_one("#note", Input).value.strip()
        outcome = CallOutcome(button)
        if outcome is CallOutcome.CALL_BACK and self.call_back is None:
            self.query_one("#call-back", Input).focus()
            self.notify("Say when to call back, like fri 10am.", severity="warning")
            return
        self._keep_my_name()
        self.dismiss(CallLogged(outcome, note, self.call_back))
