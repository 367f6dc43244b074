"""Small modal dialogs: confirm, add a contact, add a question; and dialogs that hold a draft."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    TextArea,
)
from textual.widgets.option_list import Option

from infotui.errors import StoreError
from infotui.screens.dialog import Dialog
from infotui.validation import ValidationError, clean_contact
from infotui.widgets.keys_in_order import Field, InOrderList

if TYPE_CHECKING:
    from infotui.models import Question
    from infotui.store import Store


class ConfirmScreen(Dialog[bool]):
    """A yes-or-no question. The safe answer has the focus: Enter never deletes or discards.

    The question wraps, however long it is; ``y`` is the deliberate shortcut for yes.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel"), Binding("y", "dismiss(True)", "Yes")]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, classes="title", id="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.no, id="no")
                yield Button(self.yes, id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ExtendScreen(ConfirmScreen):
    """Extend the countdown? Only when the other person has agreed to the extra time.

    ``y``, or F4 pressed again, says they did; Enter and Esc leave the time as it is.
    """

    BINDINGS = [Binding("f4", "dismiss(True)", "They agreed")]

    def __init__(self, who: str, minutes: int, given: int) -> None:
        super().__init__(
            f"Did {who} agree to {minutes} more minutes? The countdown would run to "
            f"{given} minutes in all.",
            yes="They agreed  y",
            no="Not now",
        )


def ask_to_discard(screen: Screen[Any], what: str, discard: Callable[[], None]) -> None:
    """Ask "Discard your changes to <what>?"; call ``discard`` only if the answer is yes."""

    def answered(yes: bool | None) -> None:
        if yes:
            discard()

    screen.app.push_screen(
        ConfirmScreen(f"Discard your changes to {what}?", yes="Discard", no="Keep editing"),
        answered,
    )


def typed_values(screen: Screen[Any]) -> dict[object, object]:
    """What the user can type, pick or tick on a screen, by widget."""
    values: dict[object, object] = {}
    for widget in screen.query("Input, TextArea, Select, Checkbox, SelectionList"):
        if isinstance(widget, Input):
            values[widget] = widget.value
        elif isinstance(widget, TextArea):
            values[widget] = widget.text
        elif isinstance(widget, (Select, Checkbox)):
            values[widget] = widget.value
        elif isinstance(widget, SelectionList):
            values[widget] = (widget.option_count, tuple(sorted(widget.selected)))
    return values


ResultT = TypeVar("ResultT")


class DraftDialog(Dialog[ResultT]):
    """A dialog that holds what the user typed until they save it.

    Esc, the Cancel button (``#cancel``) and any other button that calls
    :meth:`action_cancel` close at once while nothing has changed since the dialog opened;
    after a change they ask "Discard your changes to <draft_name>?" with "Keep editing"
    focused. :meth:`abandon` closes; by default with the result None.
    """

    draft_name = "this"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    _opened_with: dict[object, object] | None = None

    def draft(self) -> dict[object, object]:
        """What would be lost on closing; by default every field on the dialog."""
        return typed_values(self)

    def abandon(self) -> None:
        """Close without saving (the dialog's "nothing happened" result)."""
        self.dismiss()

    @on(events.Mount)
    def _remember_the_start(self) -> None:
        self._opened_with = self.draft()

    def has_changes(self) -> bool:
        opened_with = self._opened_with or {}
        # A field that is gone (its value was used, like the name asked once) is no draft.
        return any(opened_with.get(key, "") != value for key, value in self.draft().items())

    def unsaved_text(self) -> str:
        """What was typed here and not saved, as plain text for a recovery file."""
        opened_with = self._opened_with or {}
        parts = []
        for key, value in self.draft().items():
            if isinstance(value, str) and value.strip() and value != opened_with.get(key, ""):
                name = (
                    getattr(key, "border_title", None)
                    or getattr(key, "placeholder", None)
                    or getattr(key, "id", None)
                    or "Text"
                )
                parts.append(f"{name}:\n{value}")
        if not parts:
            return ""
        return f"## Not saved: {self.draft_name}\n\n" + "\n\n".join(parts) + "\n"

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.has_changes():
            ask_to_discard(self, self.draft_name, self.abandon)
        else:
            self.abandon()


@dataclass(frozen=True)
class NewContact:
    name: str
    company: str


class QuickAddContact(DraftDialog[NewContact | None]):
    """Name and company now; the full contact editor has the rest."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Add", priority=True),
    ]
    draft_name = "the new contact"

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self.initial_name = name
        self.error_shown = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Add a contact", classes="title")
            yield Field(self.initial_name, placeholder="Name (required)", id="name")
            yield Field(placeholder="Company", id="company")
            yield Label("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Add  ^s", id="add", variant="primary")

    def show_error(self, message: str) -> None:
        self.error_shown = message
        self.query_one("#error", Label).update(message)

    def typed(self) -> NewContact:
        return NewContact(*(self.query_one(f"#{key}", Input).value for key in ("name", "company")))

    def problem(self) -> tuple[str, str] | None:
        """What the contact's store would refuse in what is typed: (field, message)."""
        typed = self.typed()
        if not typed.name.strip():
            return "name", "A name is required."
        try:
            clean_contact({"name": typed.name, "company": typed.company})
        except ValidationError as error:
            field, message = next(iter(error.errors.items()))
            return field, f"{field.capitalize()}: {message}."
        return None

    @on(Input.Submitted, "#name")
    def _next(self) -> None:
        self.query_one("#company", Input).focus()

    @on(Input.Submitted, "#company")
    @on(Button.Pressed, "#add")
    def action_save(self) -> None:
        problem = self.problem()
        if problem is not None:
            field, message = problem
            self.show_error(message)
            self.query_one(f"#{field}", Input).focus()
            return
        self.dismiss(self.typed())

    @on(Input.Changed)
    def _changed(self) -> None:
        """A message said goes, or says what is wrong now, as the fields change."""
        if self.error_shown:
            problem = self.problem()
            self.show_error(problem[1] if problem is not None else "")


@dataclass(frozen=True)
class NewQuestion:
    text: str
    to_bank: bool


class AddQuestion(DraftDialog[NewQuestion | None]):
    """A question that came up in the conversation."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Add", priority=True),
    ]
    draft_name = "the question"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Add a question to this interview", classes="title")
            yield Field(placeholder="The question", id="text")
            yield Checkbox("Also keep it in my question bank", value=True, id="to-bank")
            yield Label("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Add  ^s", id="add", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#add")
    def action_save(self) -> None:
        text = self.query_one("#text", Input).value
        if not text.strip():
            self.query_one("#error", Label).update("Type the question first.")
            return
        self.dismiss(NewQuestion(text, self.query_one("#to-bank", Checkbox).value))


class TextPrompt(DraftDialog[str | None]):
    """Ask for one line of text (a name, a number of minutes, a question's wording)."""

    CSS_PATH = "dialogs.tcss"
    AUTO_FOCUS = "Input"
    BINDINGS = [
        Binding("ctrl+s", "save", "OK", priority=True),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        about: str = "what you typed",
        accept: Callable[[str], str | None] | None = None,
    ) -> None:
        """``about`` names the text in "Discard your changes to <about>?". ``accept``
        takes the text on OK (checks it, saves it) and says what is wrong with it, if
        anything: then the dialog stays open with the text, and says so under it."""
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.draft_name = about
        self.accept = accept

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield Field(self.value, placeholder=self.placeholder)
            error = Label("", classes="error", id="error")
            error.display = False  # a line only when there is something to say
            yield error
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("OK  ^s", id="ok", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        field = self.query_one(Input)
        wrong = self.accept(field.value) if self.accept is not None else None
        if wrong:
            error = self.query_one("#error", Label)
            error.update(wrong)
            error.display = True
            field.focus()
            return
        self.dismiss(field.value)

    @on(Input.Changed)
    def _changed(self) -> None:
        self.query_one("#error", Label).display = False  # said again at the next OK, if so


class ChooseScreen(Dialog[int | None]):
    """Pick one of a few named things (a template, say)."""

    CSS_PATH = "dialogs.tcss"
    AUTO_FOCUS = "OptionList"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, int]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield InOrderList(*(Option(label, id=str(value)) for label, value in self.choices))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))


def ask_new_question(screen: Screen[Any], store: Store, then: Callable[[Question], None]) -> None:
    """Ask for a question of the user's own, add it to the bank, hand it to ``then``."""

    added: list[Question] = []

    def add(text: str) -> str | None:
        try:
            added.append(store.questions.add(text))
        except (ValidationError, StoreError) as error:
            return str(error)  # said in the prompt, which keeps the question typed
        return None

    def written(text: str | None) -> None:
        if text is not None and added:
            then(added[-1])

    screen.app.push_screen(
        TextPrompt(
            "A question of your own", placeholder="The question", about="the question", accept=add
        ),
        written,
    )
