"""The contact form's "Referred by": a contact picked by typing a few letters of them.

A list of every contact to scroll through does not serve a networking list of tens of
thousands (building it took seconds each time the form opened). Here the field is a
filter, as the contact lists' are: the first few contacts it finds show under it, Down
and Up move through them, and Enter (or a click) picks one. Emptied, the field means
nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from infotui.errors import StoreError
from infotui.views import ContactSummary
from infotui.widgets.keys_in_order import Field

SHOWN = 6  # contacts found shown under the field
NONE_FOUND = "No contact holds that (their name, company, role or field)"
Finder = Callable[[str, int], Sequence[ContactSummary]]


def label(contact: ContactSummary) -> str:
    """A contact as the field shows them: the name, and the company to tell namesakes apart."""
    return contact.name + (f" ({contact.company})" if contact.company else "")


class ReferrerPicker(Vertical):
    """A field that finds contacts as it is typed in, and the contact picked from them.

    ``find(query, limit)`` gives the first contacts a filter finds (the store's contact
    filter); ``leave_out`` is the contact being edited, who cannot refer themselves.
    :attr:`picked` is the contact picked, None for nobody; :meth:`unfinished` says that
    something is typed that is no contact picked yet.
    """

    DEFAULT_CSS = """
    ReferrerPicker { height: auto; width: 1fr; }
    ReferrerPicker > OptionList { height: auto; max-height: 6; display: none; }
    ReferrerPicker.-open > OptionList { display: block; }
    """

    def __init__(
        self,
        find: Finder,
        *,
        picked: ContactSummary | None = None,
        leave_out: int | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__()
        self._find = find
        self._leave_out = leave_out
        self.picked: ContactSummary | None = picked
        self._field_id = id
        self._found: list[ContactSummary] = []

    def compose(self) -> ComposeResult:
        yield Field(
            label(self.picked) if self.picked else "",
            placeholder="Nobody (type a name to find them)",
            id=self._field_id,
            compact=True,
        )
        yield OptionList(id="referrer-found", compact=True)

    @property
    def field(self) -> Input:
        return self.query_one(Field)

    @property
    def found(self) -> OptionList:
        return self.query_one("#referrer-found", OptionList)

    def unfinished(self) -> bool:
        """Something typed that names no contact picked: neither nobody nor somebody."""
        text = self.field.value.strip()
        return bool(text) and (self.picked is None or text != label(self.picked))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if self.picked is not None and text == label(self.picked):
            self._show([])
            return
        self.picked = None
        if not text:
            self._show([])
            return
        try:
            found = self._find(text, SHOWN + 1)
        except StoreError as error:  # the database busy or gone: said, and nothing listed
            self.notify(f"Could not look for contacts: {error}", severity="error")
            found = []
        self._show([c for c in found if c.id != self._leave_out][:SHOWN], looked=True)

    def _show(self, found: list[ContactSummary], *, looked: bool = False) -> None:
        """List ``found`` under the field; with none found when ``looked``, say so."""
        self._found = found
        listed = self.found
        listed.clear_options()
        if found:
            listed.add_options([Option(label(c), id=str(c.id)) for c in found])
            listed.highlighted = 0
        elif looked:
            listed.add_option(Option(NONE_FOUND, disabled=True))
        self.set_class(bool(found) or looked, "-open")

    def _pick(self, index: int) -> None:
        contact = self._found[index]
        self.picked = contact
        self._show([])
        field = self.field
        with field.prevent(Input.Changed):
            field.value = label(contact)
        field.cursor_position = len(field.value)
        field.focus()

    @on(Input.Submitted)
    def _enter_picks(self, event: Input.Submitted) -> None:
        """Enter picks the highlighted contact found; with none shown it goes on, as in
        the form's other fields."""
        if self._found:
            event.stop()
            highlighted = self.found.highlighted
            self._pick(highlighted if highlighted is not None else 0)

    @on(OptionList.OptionSelected, "#referrer-found")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def on_key(self, event: events.Key) -> None:
        """Down and Up in the field move through the contacts found (the field keeps the
        keys: typing goes on refining them)."""
        if self._found and event.key in ("down", "up") and self.field.has_focus:
            event.stop()
            event.prevent_default()
            found = self.found
            if event.key == "down":
                found.action_cursor_down()
            else:
                found.action_cursor_up()
