"""The question bank: browse by section, add, reword, reorder, archive; the opener."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, OptionList, Static, TextArea

from infotui.clock import Clock
from infotui.errors import StoreError
from infotui.models import Question, Section
from infotui.screens.dialogs import ChooseScreen, ConfirmScreen, TextPrompt, ask_new_question
from infotui.screens.plan import PlanScreen
from infotui.screens.reloading import ReloadOnShow
from infotui.store import Store
from infotui.validation import ValidationError
from infotui.widgets.footer import KeyFooter
from infotui.widgets.indented_list import Entry, IndentedList
from infotui.widgets.keys_in_order import Editor


class QuestionBankScreen(ReloadOnShow):
    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add question: one of your own"),
        Binding(
            "e,enter", "edit", "Reword", tooltip="Reword question: past interviews keep theirs"
        ),
        Binding("shift+up", "move(-1)", "Up", tooltip="Move question up"),
        Binding("shift+down", "move(1)", "Down", tooltip="Move question down"),
        Binding("c", "closing", "Closing", tooltip="Closing question: pinned at wrap-up"),
        Binding("x", "archive", "Archive", tooltip="Archive or restore the question"),
        Binding("delete", "delete", "Delete", tooltip="Delete question: only if never used"),
        Binding("h", "show_archived", "Archived", tooltip="Show or hide archived questions"),
        Binding("t", "templates", "Templates", tooltip="Edit templates: named question sets"),
        Binding("o", "opener", "Opener", tooltip="Edit opener: what to do as the meeting starts"),
        Binding("escape", "back", "Back", tooltip="Back to the interview screen"),
    ]

    CSS_PATH = "bank.tcss"

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.rows: list[Question] = []
        self.show_archived = False

    def compose(self) -> ComposeResult:
        yield Label("Question bank", id="heading")
        with Horizontal(id="bank-body"):
            yield IndentedList(id="bank-list")
            with VerticalScroll(id="side"):
                yield Static("", id="side-text")
                editor = Editor(id="opener-editor", soft_wrap=True)
                editor.border_title = "Opener: one line each; Esc saves"
                yield editor
        yield KeyFooter()

    @property
    def options(self) -> IndentedList:
        return self.query_one("#bank-list", IndentedList)

    def on_mount(self) -> None:
        self.options.focus()

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_id()
        self.rows = self.store.questions.all(include_archived=self.show_archived)
        entries: list[Entry] = []
        section = None
        numbers: dict[str, int] = {}
        for question in self.rows:
            if question.section != section:
                section = question.section
                title = Text(Section(section).title, "bold underline")
                entries.append(Entry(Text(), title, disabled=True))
            numbers[section] = numbers.get(section, 0) + 1
            text = Text(question.text, "dim strike" if question.archived else "not dim")
            if question.closing:
                text.append("  closing", "magenta")
            if question.archived:
                text.append("  archived", "dim")
            number = Text(f"{numbers[section]:>3}. ", "dim")
            entries.append(Entry(number, text, id=str(question.id)))
        target = next(
            (i for i, e in enumerate(entries) if e.id == str(keep)),
            next((i for i, e in enumerate(entries) if not e.disabled), 0),
        )
        self.options.show(entries, highlight=target)
        self.show_side()

    def current(self) -> Question | None:
        option = self.options.highlighted_option
        if option is None or option.id is None:
            return None
        return next((q for q in self.rows if str(q.id) == option.id), None)

    def current_id(self) -> int | None:
        current = self.current() if self.is_mounted and self.rows else None
        return current.id if current else None

    @on(OptionList.OptionHighlighted, "#bank-list")
    def show_side(self) -> None:
        text = Text()
        question = self.current()
        if question is not None:
            text.append(question.text + "\n", "bold")
            if question.hint:
                text.append(question.hint + "\n", "italic")
            text.append("\n")
        text.append("Opener", "bold")
        # Numbered and bulleted lines wrap under their own text.
        opener = Table.grid(padding=(0, 1))
        opener.add_column(justify="right", no_wrap=True)
        opener.add_column(ratio=1)
        for n, line in enumerate(self.store.plans.opener(), start=1):
            opener.add_row(f"{n}.", line)
        templates = Table.grid(padding=(0, 1))
        templates.add_column(no_wrap=True)
        templates.add_column(ratio=1)
        for template in self.store.plans.templates():
            templates.add_row("•", template.name)
        side = Group(text, opener, Text("\nTemplates", "bold"), templates)
        self.query_one("#side-text", Static).update(side)

    # -- actions ------------------------------------------------------------------------

    def action_add(self) -> None:
        ask_new_question(self, self.store, lambda question: self.reload(select_id=question.id))

    def action_edit(self) -> None:
        question = self.current()
        if question is None or question.id is None:
            return
        question_id = question.id

        def reword(text: str) -> str | None:
            try:
                self.store.questions.edit(question_id, text)
            except (ValidationError, StoreError) as error:
                return str(error)  # said in the prompt, which keeps the words typed
            return None

        def edited(text: str | None) -> None:
            if text is None:
                return
            self.reload(select_id=question_id)
            self.notify("Reworded. Past interviews keep the words that were asked.")

        self.app.push_screen(
            TextPrompt("Reword the question", question.text, about="the question", accept=reword),
            edited,
        )

    def action_move(self, step: int) -> None:
        question = self.current()
        if question is not None and question.id is not None:
            self.store.questions.move(question.id, step)
            self.reload(select_id=question.id)

    def action_closing(self) -> None:
        question = self.current()
        if question is not None and question.id is not None:
            self.store.questions.set_closing(question.id, not question.closing)
            self.reload(select_id=question.id)

    def action_archive(self) -> None:
        question = self.current()
        if question is None or question.id is None:
            return
        self.store.questions.set_archived(question.id, not question.archived)
        self.notify("Restored." if question.archived else "Archived: it stays in past interviews.")
        self.reload()

    def action_delete(self) -> None:
        question = self.current()
        if question is None or question.id is None:
            return
        question_id = question.id

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.questions.delete(question_id)
            except StoreError as error:
                self.notify(str(error).capitalize() + ".", severity="warning")
                return
            self.reload()

        self.app.push_screen(ConfirmScreen("Delete this question?", yes="Delete"), confirmed)

    def action_show_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.reload()

    def action_templates(self) -> None:
        templates = self.store.plans.templates()
        by_id = {t.id: t for t in templates}
        choices = [(t.name, t.id or 0) for t in templates] + [("+ New template", 0)]

        def chosen(template_id: int | None) -> None:
            if template_id is None:
                return
            template = by_id.get(template_id)
            title = f"Template: {template.name}" if template else "New template"
            self.app.push_screen(PlanScreen(self.store, template=template, title=title),
                                 lambda _: self.reload())  # fmt: skip

        self.app.push_screen(ChooseScreen("Edit a template", choices), chosen)

    def action_opener(self) -> None:
        editor = self.query_one("#opener-editor", TextArea)
        editor.load_text("\n".join(self.store.plans.opener()))
        self.add_class("-editing-opener")
        self.call_after_refresh(editor.focus)  # once it is displayed

    def action_back(self) -> None:
        editor = self.query_one("#opener-editor", TextArea)
        if self.has_class("-editing-opener"):
            self.store.plans.set_opener(editor.text.splitlines())
            self.remove_class("-editing-opener")
            self.notify("Opener saved.")
            self.show_side()
            self.options.focus()
            return
        self.app.switch_mode("interview")
