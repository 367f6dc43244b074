"""Add or edit a contact, with a message under each field that needs fixing."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, TextArea

from infotui.errors import StoreError
from infotui.models import Contact, OutreachStatus
from infotui.screens.dialogs import DraftDialog
from infotui.store import Store
from infotui.validation import ValidationError, clean_contact
from infotui.widgets.keys_in_order import Editor, Field
from infotui.widgets.referrer_picker import ReferrerPicker

FIELDS = [
    ("name", "Name", "Required"),
    ("company", "Company", ""),
    ("role", "Role", "Their job title"),
    ("field", "Field", "Their field or industry"),
    ("email", "Email", "name@example.com"),
    ("phone", "Phone", "+1 555 010 2030"),
    ("linkedin_url", "LinkedIn", "linkedin.com/in/their-name"),
    ("how_we_know", "How we know each other", ""),
]


class ContactForm(DraftDialog[Contact | None]):
    """Nothing invalid is saved; nothing valid is lost when one field is wrong."""

    CSS_PATH = "contact_form.tcss"
    AUTO_FOCUS = "#name"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, store: Store, contact: Contact | None = None, *, name: str = "") -> None:
        super().__init__()
        self.store = store
        self.contact = contact
        self.initial_name = name
        self.draft_name = contact.name if contact else "the new contact"

    def compose(self) -> ComposeResult:
        contact = self.contact
        referrer = None
        if contact is not None and contact.referred_by_id is not None:
            referrer = self.store.contacts.summary(contact.referred_by_id)
        with Vertical():
            title = f"Edit {contact.name}" if contact else "Add a contact"
            yield Label(title, classes="title")
            with VerticalScroll():
                for key, label, placeholder in FIELDS:
                    value = getattr(contact, key) if contact else ""
                    if key == "name" and not contact:
                        value = self.initial_name
                    with Horizontal(classes="row"):
                        yield Label(label, classes="field-label")
                        yield Field(value, placeholder=placeholder, id=key, compact=True)
                    yield self._error_label(key)
                with Horizontal(classes="row"):
                    yield Label("Referred by", classes="field-label")
                    yield ReferrerPicker(
                        lambda query, limit: self.store.contacts.page(query, 0, limit),
                        picked=referrer,
                        leave_out=contact.id if contact else None,
                        id="referred_by",
                    )
                yield self._error_label("referred_by")
                # Calls, bookings and interviews move the status on; here it is set by
                # hand (a mistaken "declined", a booking that fell through).
                status = OutreachStatus(contact.status) if contact else OutreachStatus.TO_CONTACT
                with Horizontal(classes="row"):
                    yield Label("Status", classes="field-label")
                    yield Select(
                        [(s.label.capitalize(), s.value) for s in OutreachStatus],
                        value=status.value,
                        allow_blank=False,
                        id="status",
                        compact=True,
                    )
                notes = Editor(contact.notes if contact else "", id="notes", soft_wrap=True)
                notes.border_title = "Notes"
                yield notes
                yield self._error_label("notes")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save  ^s", id="save", variant="primary")

    def values(self) -> dict[str, str]:
        fields = {key: self.query_one(f"#{key}", Input).value for key, _, _ in FIELDS}
        fields["notes"] = self.query_one("#notes", TextArea).text
        return fields

    def show_errors(self, errors: dict[str, str]) -> None:
        for key in [*(k for k, _, _ in FIELDS), "notes", "referred_by"]:
            self.set_error(key, errors.get(key, ""))
        if errors:
            first = next(iter(errors))
            widget = self.query(f"#{first}")
            if widget:
                widget.first().focus()

    @on(Input.Changed)
    def _check_field(self, event: Input.Changed) -> None:
        """Say what is wrong with a field as soon as it is typed, not only on save."""
        key = event.input.id or ""
        if key == "name" or not event.value.strip():
            self.set_error(key, "")
            return
        try:
            clean_contact({key: event.value})
        except ValidationError as error:
            self.set_error(key, error.errors.get(key, ""))
        else:
            self.set_error(key, "")

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        fields = self.values()
        picker = self.query_one(ReferrerPicker)
        if picker.unfinished():
            self.show_errors(
                {"referred_by": "Pick them from the contacts found under it, or empty it."}
            )
            return
        referred_by_id = picker.picked.id if picker.picked is not None else None
        status = OutreachStatus(str(self.query_one("#status", Select).value))
        try:
            if self.contact is None or self.contact.id is None:
                name = fields.pop("name")
                saved = self.store.contacts.add(name, referred_by_id=referred_by_id, **fields)
            else:
                saved = self.store.contacts.update(
                    self.contact.id, referred_by_id=referred_by_id, **fields
                )
            assert saved.id is not None
            if saved.status != status.value:
                saved = self.store.contacts.set_status(saved.id, status, note="set by hand")
        except ValidationError as error:
            self.show_errors(error.errors)
            return
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss(saved)
