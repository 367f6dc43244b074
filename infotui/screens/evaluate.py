"""Evaluate what was gathered: the fit by field, what was said most, next steps, and
the questions to ask next, across every finished interview (:mod:`infotui.synthesis`)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from infotui.clock import Clock
from infotui.dates import relative
from infotui.errors import StoreError
from infotui.formats.report import EMPTY, evidence
from infotui.messages import OpenInterview
from infotui.screens.dialog import Dialog
from infotui.screens.dialogs import ChooseScreen
from infotui.screens.reloading import ReloadOnShow
from infotui.store import Store
from infotui.synthesis import FitGroup, Mention, NextStep, Phrase, Synthesis


def _heading(text: str, id_: str) -> Option:
    return Option(Text(text, "bold"), id=id_, disabled=True)


def _group_line(group: FitGroup) -> Text:
    line = Text.assemble(
        ("  ", ""), (group.name, "bold"), ("  ", ""), (f"{group.overall}", "bold"),
        (f" overall · skills {group.skills} · values {group.values} · "
         f"interests {group.interests}", ""),
        ("  ", ""), (evidence(group), "italic" if group.thin else "dim"),
    )  # fmt: skip
    for who, why in group.reasons:
        line.append(f"\n    why: {why} ({who})", "dim")
    return line


def _phrase_line(phrase: Phrase) -> Text:
    return Text.assemble(
        ("  ", ""), (phrase.text, "bold"), (f"  {phrase.count}x  ", "cyan"),
        (", ".join(phrase.who), "dim"),
    )  # fmt: skip


class EvaluateScreen(ReloadOnShow):
    """One screen over every finished interview; Enter on a phrase shows who said it."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the interview screen"),
        Binding("g", "regroup", "By company",
                tooltip="Group by company or field: the fit of each, best first"),
        Binding("h", "hide", "Hide phrase",
                tooltip="Hide phrase: leave a noisy word out, here and in the report"),
        Binding("u", "unhide", "Hidden",
                tooltip="Hidden phrases: count one of them again"),
        Binding("a", "plan", "Add to plan",
                tooltip="Add question to the next interview's plan"),
    ]  # fmt: skip
    CSS_PATH = "evaluate.tcss"
    AUTO_FOCUS = "#items"

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.by = "field"
        self.synthesis: Synthesis | None = None
        # What each option stands for, by its id.
        self.phrases: dict[str, Phrase] = {}
        self.steps: dict[str, NextStep] = {}
        self.questions: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Label("Evaluate", id="heading")
        yield Label("", id="summary")
        yield Static(EMPTY, id="empty")
        yield OptionList(id="items")
        yield Footer()

    def reload(self) -> None:
        try:
            self.show(self.store.evaluation.synthesis(by=self.by))
        except StoreError as error:
            self.notify(str(error), severity="error")

    def show(self, synthesis: Synthesis) -> None:
        self.synthesis = synthesis
        items = self.query_one("#items", OptionList)
        kept = items.highlighted_option.id if items.highlighted_option else None
        self.query_one("#empty").display = synthesis.empty
        items.display = not synthesis.empty
        other = "company" if self.by == "field" else "field"
        n = synthesis.interviews
        self.query_one("#heading", Label).update(
            f"Evaluate: what {n} finished interview{'s' if n != 1 else ''} told you · "
            f"by {self.by} (g: by {other})"
        )
        best = synthesis.best
        self.query_one("#summary", Label).update(
            f"Fits best: {best.name}, {best.overall} overall from {evidence(best)}"
            if best is not None
            else ("No debrief has a fit score yet (Ctrl+R on the live screen)." if n else "")
        )
        if synthesis.empty:
            return
        self.phrases, self.steps, self.questions = {}, {}, {}
        options = [
            _heading(f"Fit by {self.by}, best first (scores 1 to 5, the debriefs' averaged)",
                     "h-fit"),
            *(Option(_group_line(g), id=f"group:{n}", disabled=True)
              for n, g in enumerate(synthesis.groups)),
            _heading("What they said: named most often, once per interview (Enter: in context)",
                     "h-said"),
        ]  # fmt: skip
        for t, theme in enumerate(synthesis.themes):
            answered = f"{theme.answered} answered" if theme.answered else "not answered yet"
            options.append(_heading(f" {theme.title} ({answered})", f"h-theme:{t}"))
            for p, phrase in enumerate(theme.phrases):
                key = f"phrase:{t}:{p}"
                self.phrases[key] = phrase
                options.append(Option(_phrase_line(phrase), id=key))
        options.append(_heading("Next steps (Enter: open where it came from)", "h-steps"))
        if not synthesis.next_steps:
            options.append(Option(Text("  None: no debrief names one, no referral waits.",
                                        "dim"), id="no-steps", disabled=True))  # fmt: skip
        now = self.clock.now()
        for s, step in enumerate(synthesis.next_steps):
            key = f"step:{s}"
            self.steps[key] = step
            when = f", {relative(step.at, now)}" if step.at else ""
            line = Text.assemble(("  • ", ""), step.text, (f"  {step.source}{when}", "dim"))
            options.append(Option(line, id=key))
        coming = synthesis.next_interview
        plan = (f"a adds one to the plan with {coming}" if coming
                else "no interview is planned: schedule one (F9) to add them")  # fmt: skip
        options.append(_heading(f"Questions never asked, or asked once ({plan})", "h-questions"))
        for question in synthesis.questions:
            key = f"question:{question.question_id}"
            self.questions[key] = question.question_id
            mark = "never asked" if question.asked == 0 else "asked once "
            planned = "  (in the plan)" if question.planned else ""
            options.append(Option(Text.assemble((f"  {mark}  ", "dim"), (question.text, ""),
                                                (planned, "green")), id=key))  # fmt: skip
        items.set_options(options)
        ids = [o.id for o in options]
        if kept in ids:
            items.highlighted = ids.index(kept)
        else:
            items.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)

    def _highlighted(self) -> str | None:
        option = self.query_one("#items", OptionList).highlighted_option
        return option.id if option is not None else None

    # -- actions --------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.switch_mode("interview")

    def action_regroup(self) -> None:
        self.by = "company" if self.by == "field" else "field"
        self.reload()

    def action_hide(self) -> None:
        phrase = self.phrases.get(self._highlighted() or "")
        if phrase is None:
            self.notify("Highlight a word or phrase under What they said.", severity="warning")
            return
        self.store.evaluation.hide_phrase(phrase.text)
        self.reload()
        self.notify(f"“{phrase.text}” is left out from now on (u brings it back).")

    def action_unhide(self) -> None:
        hidden = self.store.evaluation.hidden_phrases()
        if not hidden:
            self.notify("No phrase is hidden.")
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self.store.evaluation.show_phrase(hidden[index])
                self.reload()
                self.notify(f"“{hidden[index]}” is counted again.")

        choices = [(phrase, n) for n, phrase in enumerate(hidden)]
        self.app.push_screen(ChooseScreen("Count this phrase again", choices), chosen)

    def action_plan(self) -> None:
        question_id = self.questions.get(self._highlighted() or "")
        if question_id is None:
            self.notify("Highlight a question under Questions never asked.", severity="warning")
            return
        try:
            coming, added = self.store.evaluation.plan_for_next(question_id)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        if coming is None:
            self.notify("No interview is planned yet: schedule one from Contacts (F9, then s), "
                        "then add the question to its plan.", severity="warning")  # fmt: skip
            return
        self.notify(f"Added to the plan for {coming.name}." if added
                    else f"The plan for {coming.name} has it already.")  # fmt: skip
        self.reload()

    @on(OptionList.OptionSelected, "#items")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        if key in self.phrases:
            phrase = self.phrases[key]

            def opened(mention: Mention | None) -> None:
                if mention is not None:
                    self.post_message(OpenInterview(mention.contact_id,
                                                    interview_id=mention.interview_id,
                                                    question_id=mention.question_id))  # fmt: skip

            self.app.push_screen(SaidScreen(phrase), opened)
        elif key in self.steps:
            step = self.steps[key]
            self.post_message(OpenInterview(step.contact_id, interview_id=step.interview_id))


class SaidScreen(Dialog[Mention | None]):
    """Who said a phrase, in their own sentences; Enter opens that answer."""

    CSS_PATH = "evaluate.tcss"
    AUTO_FOCUS = "OptionList"
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, phrase: Phrase) -> None:
        super().__init__()
        self.phrase = phrase

    def compose(self) -> ComposeResult:
        n = self.phrase.count
        with Vertical():
            yield Label(f"“{self.phrase.text}”: said in {n} interview{'s' if n != 1 else ''}",
                        classes="title")  # fmt: skip
            yield Label("Enter opens the interview at that answer.", classes="muted")
            options = []
            for n, mention in enumerate(self.phrase.mentions):
                said = mention.sentences(self.phrase.text) or [" ".join(mention.answer.split())]
                text = Text(mention.name, "bold")
                for sentence in said:
                    text.append(f"\n  {sentence}")
                options.append(Option(text, id=str(n)))
            yield OptionList(*options)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.phrase.mentions[int(event.option.id or 0)])
