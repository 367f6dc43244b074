"""Prepare the questions for one interview, or edit a template.

Left, the plan in order: star the must-asks, give minutes, reorder, drop.
Right, the question bank to add from. The header keeps the plan's total time
against the agreed slot.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList

from infotui.errors import StoreError
from infotui.filtering import fuzzy_filter
from infotui.folding import fold
from infotui.models import Interview, Question, Section, Template
from infotui.screens.dialogs import ChooseScreen, DraftDialog, TextPrompt, ask_new_question
from infotui.store import PlanDraft, Store
from infotui.validation import ValidationError
from infotui.widgets.footer import KeyFooter
from infotui.widgets.indented_list import Entry, IndentedList
from infotui.widgets.keys_in_order import Field

MINUTES_IF_UNSET = 3  # the estimate for a question without its own minutes


def plan_minutes(drafts: list[PlanDraft]) -> int:
    return sum(d.minutes if d.minutes is not None else MINUTES_IF_UNSET for d in drafts)


def fit_summary(drafts: list[PlanDraft], slot: int | None) -> str:
    """'plan: 34 min for a 30 min slot' (questions without minutes count 3 each)."""
    total = plan_minutes(drafts)
    count = f"{len(drafts)} question{'s' if len(drafts) != 1 else ''}"
    estimate = " (3 min each where not set)" if any(d.minutes is None for d in drafts) else ""
    if slot is None:
        return f"{count}, about {total} min{estimate}"
    verdict = ": too long, drop or shorten some" if total > slot else ""
    return f"{count} · plan: {total} min for a {slot} min slot{estimate}{verdict}"


class PlanScreen(DraftDialog[bool]):
    """Edits a list of drafts; saves to the interview, or to a template."""

    CSS_PATH = "plan.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the plan"),
        Binding("ctrl+o", "apply_template", "Template", priority=True,
                tooltip="Start from template: replace the plan with a template's questions"),
        Binding("ctrl+t", "save_template", "Save as template", priority=True,
                tooltip="Save as template: keep these questions under a name"),
        Binding("ctrl+n", "new_question", "New question", priority=True,
                tooltip="New question: write one of your own into the plan and the bank"),
        Binding("escape", "cancel", "Close"),
    ]  # fmt: skip
    draft_name = "the plan"

    def __init__(
        self,
        store: Store,
        *,
        interview: Interview | None = None,
        template: Template | None = None,
        title: str = "",
    ) -> None:
        super().__init__()
        self.store = store
        self.interview = interview
        self.template = template
        self.title_text = title
        if interview is not None and interview.id is not None:
            self.drafts = store.plans.drafts_of(interview.id)
        elif template is not None and template.id is not None:
            self.drafts = store.plans.template_plan(template.id)
        else:
            self.drafts = []
        self.bank: list[Question] = []
        self.bank_shown: list[Question] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="plan-title")
            yield Label("", id="fit")
            with Horizontal(id="columns"):
                with Vertical(classes="column") as plan:
                    plan.border_title = "Plan"
                    yield PlanList(id="plan")
                with Vertical(classes="column") as bank:
                    bank.border_title = "Question bank  (Enter adds)"
                    yield Field(placeholder="Filter the bank", id="bank-filter")
                    yield IndentedList(id="bank")
        yield KeyFooter()

    def draft(self) -> dict[object, object]:
        """The plan itself (the bank's filter is no draft)."""
        return {"plan": tuple(self.drafts)}

    def on_mount(self) -> None:
        self.bank = self.store.questions.all()
        self.refresh_lists()
        self.query_one("#plan").focus()

    # -- display ------------------------------------------------------------------------

    def refresh_lists(self, highlight: int | None = None) -> None:
        plan = self.query_one("#plan", PlanList)
        keep = highlight if highlight is not None else plan.highlighted
        entries = []
        for n, draft in enumerate(self.drafts, start=1):
            marks = Text()
            marks.append("★ " if draft.starred else "  ", "bold yellow")
            marks.append(f"{n:>2}. ", "dim")
            text = Text(draft.text, "not dim")
            if draft.minutes is not None:
                text.append(f"  {draft.minutes} min", "cyan")
            if draft.closing:
                text.append("  closing", "magenta")
            entries.append(Entry(marks, text))
        plan.show(entries, highlight=min(keep or 0, len(entries) - 1) if entries else None)
        self.refresh_bank()
        slot = self.interview.agreed_minutes if self.interview else None
        fit = self.query_one("#fit", Label)
        fit.update(fit_summary(self.drafts, slot))
        fit.set_class(slot is not None and plan_minutes(self.drafts) > slot, "-over")

    def refresh_bank(self) -> None:
        planned = {d.question_id for d in self.drafts}
        query = self.query_one("#bank-filter", Input).value
        candidates = [q for q in self.bank if q.id not in planned]
        self.bank_shown = fuzzy_filter(query, candidates, lambda q: fold(q.text))
        bank = self.query_one("#bank", IndentedList)
        keep = bank.highlighted
        bank.show(
            (
                Entry(Text(f"{Section(q.section).value[:4]} ", "dim"), Text(q.text, "not dim"))
                for q in self.bank_shown
            ),
            highlight=min(keep or 0, len(self.bank_shown) - 1) if self.bank_shown else None,
        )

    @on(Input.Changed, "#bank-filter")
    def _filter(self) -> None:
        self.refresh_bank()

    @on(Input.Submitted, "#bank-filter")
    def _to_bank(self) -> None:
        self.query_one("#bank").focus()

    # -- editing ------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#bank")
    def _add(self, event: OptionList.OptionSelected) -> None:
        question = self.bank_shown[event.option_index]
        assert question.id is not None
        self.drafts.append(PlanDraft(question.id, question.text, closing=question.closing))
        self.refresh_lists(highlight=len(self.drafts) - 1)

    def current_index(self) -> int | None:
        index = self.query_one("#plan", OptionList).highlighted
        return index if index is not None and 0 <= index < len(self.drafts) else None

    def toggle_star(self) -> None:
        index = self.current_index()
        if index is not None:
            self.drafts[index] = replace(self.drafts[index], starred=not self.drafts[index].starred)
            self.refresh_lists()

    def drop(self) -> None:
        index = self.current_index()
        if index is not None:
            del self.drafts[index]
            self.refresh_lists()

    def move(self, step: int) -> None:
        index = self.current_index()
        if index is None or not 0 <= index + step < len(self.drafts):
            return
        self.drafts.insert(index + step, self.drafts.pop(index))
        self.refresh_lists(highlight=index + step)

    def ask_minutes(self) -> None:
        index = self.current_index()
        if index is None:
            return
        draft = self.drafts[index]

        def wrong(value: str) -> str | None:
            value = value.strip()
            if value and not (value.isdigit() and 1 <= int(value) <= 60):
                return "Minutes are a whole number from 1 to 60."
            return None

        def answered(value: str | None) -> None:
            if value is None:
                return
            value = value.strip()
            self.drafts[index] = replace(draft, minutes=int(value) if value else None)
            self.refresh_lists()

        current = str(draft.minutes) if draft.minutes is not None else ""
        self.app.push_screen(
            TextPrompt(
                "Minutes for this question (empty: no estimate)",
                current,
                about="the minutes",
                accept=wrong,
            ),
            answered,
        )

    def action_new_question(self) -> None:
        def add(question: Question) -> None:
            assert question.id is not None
            self.bank.append(question)
            self.drafts.append(PlanDraft(question.id, question.text))
            self.refresh_lists(highlight=len(self.drafts) - 1)

        ask_new_question(self, self.store, add)

    # -- saving -------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.interview is not None and self.interview.id is not None:
            self.store.plans.replace(self.interview.id, self.drafts)
            self.dismiss(True)
        elif self.template is not None:
            self.store.plans.save_template(self.template.name, self.drafts)
            self.dismiss(True)
        else:
            self.action_save_template()

    def action_save_template(self) -> None:
        saved: list[str] = []

        def save(name: str) -> str | None:
            try:
                template = self.store.plans.save_template(name, self.drafts)
            except (ValidationError, StoreError) as error:
                return str(error)  # said in the prompt, which keeps the name typed
            saved.append(template.name)
            return None

        def named(name: str | None) -> None:
            if name is None or not saved:
                return
            self.notify(f"Saved the template “{saved[-1]}”.")
            if self.interview is None:
                self.dismiss(True)

        default = self.template.name if self.template else ""
        self.app.push_screen(
            TextPrompt(
                "Save these questions as a template named", default, about="the name", accept=save
            ),
            named,
        )

    def action_apply_template(self) -> None:
        templates = self.store.plans.templates()

        def chosen(template_id: int | None) -> None:
            if template_id is None:
                return
            self.drafts = self.store.plans.template_plan(template_id)
            self.refresh_lists(highlight=0)
            self.query_one("#plan").focus()

        plans = self.store.plans
        choices = [(f"{t.name}  ({len(plans.template_plan(t.id or 0))} questions)", t.id or 0)
                   for t in templates]  # fmt: skip
        self.app.push_screen(ChooseScreen("Start from a template", choices), chosen)

    def abandon(self) -> None:
        self.dismiss(False)


class PlanList(IndentedList):
    """The plan's questions; its keys edit the highlighted one."""

    BINDINGS = [
        Binding("s", "star", "Star", tooltip="Star: a must-ask question"),
        Binding("m", "minutes", "Minutes", tooltip="Minutes: how long to spend on it"),
        Binding("x,delete", "drop", "Drop", tooltip="Drop: take it out of the plan"),
        Binding("shift+up", "move(-1)", "Up", tooltip="Move up"),
        Binding("shift+down", "move(1)", "Down", tooltip="Move down"),
    ]

    @property
    def plan_screen(self) -> PlanScreen:
        assert isinstance(self.screen, PlanScreen)
        return self.screen

    def action_star(self) -> None:
        self.plan_screen.toggle_star()

    def action_minutes(self) -> None:
        self.plan_screen.ask_minutes()

    def action_drop(self) -> None:
        self.plan_screen.drop()

    def action_move(self, step: int) -> None:
        self.plan_screen.move(step)
