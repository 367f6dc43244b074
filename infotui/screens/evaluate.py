"""Evaluate what was gathered: the fit by field, what was said most, next steps, and
the questions to ask next, across every finished interview (:mod:`infotui.synthesis`)."""

from __future__ import annotations

import asyncio
import time

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
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
from infotui.synthesis import (
    FitGroup,
    Gathered,
    Mention,
    NextStep,
    Phrase,
    Synthesis,
    synthesize,
)
from infotui.widgets.footer import KeyFooter
from infotui.widgets.keys_in_order import InOrderList

STEPS_SHOWN = 40  # the newest next steps; the report has every one
NAMES_SHOWN = 6  # who said a phrase, on its line (Enter shows every one)
REASONS_SHOWN = 3  # the first debriefs' words on why a group fits; the report has more
SLICE = 0.025  # seconds of counting between two looks at keys and frames
PAUSE = 0.001  # seconds left to the app after each slice of counting


def _heading(text: str, id_: str) -> Option:
    return Option(Text(text, "bold"), id=id_, disabled=True)


def _hanging(lead: str, body: Text, style: str = "") -> Table:
    """``body`` after ``lead``, its wrapped lines under its first, not under the lead."""
    grid = Table.grid()
    grid.add_column(width=cell_len(lead), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(lead, style), body)
    return grid


def _group_line(group: FitGroup) -> Group:
    head = Text.assemble(
        ("  ", ""), (group.name, "bold"), ("  ", ""), (f"{group.overall} overall", "bold"),
        ("  ", ""), (evidence(group), "italic" if group.thin else "dim"),
    )  # fmt: skip
    lines: list[RenderableType] = [
        head,
        _hanging(
            "    ",
            Text(f"skills {group.skills} · values {group.values} · interests {group.interests}"),
        ),
    ]
    reasons = group.reasons
    for who, why in reasons[:REASONS_SHOWN]:
        lines.append(_hanging("    why: ", Text(f"{why} ({who})", "dim"), "dim"))
    if len(reasons) > REASONS_SHOWN:
        more = len(reasons) - REASONS_SHOWN
        lines.append(Text(f"    … and {more:,} more reasons given (infotui report)", "dim"))
    return Group(*lines)


def _phrase_line(phrase: Phrase) -> Text:
    who = phrase.who
    named = ", ".join(who[:NAMES_SHOWN])
    if len(who) > NAMES_SHOWN:
        named += f" and {len(who) - NAMES_SHOWN:,} more"
    return Text.assemble(
        ("  ", ""), (str(phrase), "bold"), (f"  {phrase.count}x  ", "cyan"), (named, "dim"),
    )  # fmt: skip


class EvaluateScreen(ReloadOnShow):
    """One screen over every finished interview; Enter on a phrase shows who said it."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the interview screen"),
        Binding("g", "regroup", "Group",
                tooltip="Group by company or field: the fit of each, best first"),
        Binding("h", "hide", "Hide",
                tooltip="Hide phrase: leave a noisy word out, here and in the report"),
        Binding("u", "unhide", "Unhide",
                tooltip="Hidden phrases: count one of them again"),
        Binding("a", "plan", "Plan",
                tooltip="Add question to the next interview's plan"),
    ]  # fmt: skip
    CSS_PATH = "evaluate.tcss"
    AUTO_FOCUS = "#items"

    def __init__(self, store: Store, clock: Clock, *, tz: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.tz = tz  # None: the machine's local time zone (days counted there)
        self.by = "field"
        self.synthesis: Synthesis | None = None
        # What each option stands for, by its id.
        self.phrases: dict[str, Phrase] = {}
        self.steps: dict[str, NextStep] = {}
        self.questions: dict[str, int] = {}
        self._keep: str | None = None  # the line to highlight again once counted
        self._shown: tuple[Synthesis, object] | None = None  # what the lines show
        self._styled_already()

    def _styled_already(self) -> None:
        """Skip the restyling of the whole app Textual does when a screen is first shown
        (it parses every stylesheet again, twice: half a second on a slow machine) when
        this screen's stylesheet is read and parsed already (InfoApp.read_screen_stylesheets).
        Textual restyles it anyway if its stylesheet is not read yet, or after a theme
        change."""
        app = self.app
        if all(app.stylesheet.has_source(str(path)) for path in self.css_path):
            self._css_update_count = app._css_update_count

    def compose(self) -> ComposeResult:
        yield Label("Evaluate", id="heading")
        yield Label("", id="summary")
        yield Static(EMPTY, id="empty")
        yield InOrderList(id="items")
        yield KeyFooter()

    def reload(self) -> None:
        """Show everything at once when what was said is counted already: in this run (a
        later look counts only what changed), or kept in the database from an earlier
        one. Else show all but what was said at once (a few small reads), then read the
        answers and count their words a few at a time between frames: the phrases follow
        as soon as they are counted."""
        if self.synthesis is not None and self.synthesis.counted:
            self._keep = self._highlighted()
        evaluation = self.store.evaluation
        try:
            gathered, synthesis = evaluation.at_once(by=self.by)
            if synthesis is not None:
                self.show(synthesis)
                return
            self.show(synthesize(gathered, by=self.by, count=False))
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.run_worker(self._count(gathered, self.by), exclusive=True, group="count",
                        exit_on_error=False)  # fmt: skip

    async def _count(self, gathered: Gathered, by: str) -> None:
        """Count what was said a step at a time, letting the app in between steps (keys,
        scrolling, frames); a counting that fails says so here, and never takes the app
        (and an interview under way on the live screen) down with it."""
        await self.wait_for_refresh()  # the rest painted first, undisturbed
        steps = self.store.evaluation.counting(gathered, by)
        try:
            while True:
                until = time.perf_counter() + SLICE
                while time.perf_counter() < until:
                    next(steps)
                # Long enough for the app to draw a frame or take a key meanwhile: each
                # of those takes many turns of the event loop.
                await asyncio.sleep(PAUSE)
        except StopIteration as done:
            self._counted(done.value)
        except Exception as error:
            message = str(error) if isinstance(error, StoreError) else f"not counted: {error!r}"
            self.notify(message, severity="error")

    def _counted(self, synthesis: Synthesis) -> None:
        if synthesis.by == self.by and self.is_attached:
            self.show(synthesis)

    def show(self, synthesis: Synthesis) -> None:
        self.synthesis = synthesis
        # Shown again unchanged (opened again, nothing new): the lines on screen stay.
        # (The minute is part of it: "5 minutes ago" moves on.)
        shown = (synthesis, self.clock.now().replace(second=0, microsecond=0))
        if shown == self._shown:
            return
        self._shown = shown
        items = self.query_one("#items", OptionList)
        self.query_one("#empty").display = synthesis.empty
        items.display = not synthesis.empty
        other = "company" if self.by == "field" else "field"
        n = synthesis.interviews
        self.query_one("#heading", Label).update(
            f"Evaluate: what {n:,} finished interview{'s' if n != 1 else ''} told you · "
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
        if not synthesis.counted:
            options.append(Option(Text("  Counting the words of every answer…", "dim"),
                                  id="counting", disabled=True))  # fmt: skip
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
        for s, step in enumerate(synthesis.next_steps[:STEPS_SHOWN]):
            key = f"step:{s}"
            self.steps[key] = step
            when = f", {relative(step.at, now, tz=self.tz)}" if step.at else ""
            said = Text.assemble(step.text, (f"  {step.source}{when}", "dim"))
            options.append(Option(_hanging("  • ", said), id=key))
        more = len(synthesis.next_steps) - STEPS_SHOWN
        if more > 0:
            line = Text(f"  … and {more:,} earlier ones: infotui report lists them all", "dim")
            options.append(Option(line, id="more-steps", disabled=True))
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
        if not synthesis.counted:  # the top stays in sight until the phrases are in
            items.highlighted = None
        elif self._keep in ids:  # the line highlighted before, after a reload
            items.highlighted = ids.index(self._keep)
        else:  # the first phrase, with the top of the list in sight
            items.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)
            items.call_after_refresh(items.scroll_home, animate=False)

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
        self.notify(f"“{phrase}” is left out from now on (u brings it back).")

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
            try:  # the answers' texts, if the counting was kept from an earlier start
                phrase = self.store.evaluation.with_texts(self.phrases[key])
            except StoreError as error:
                self.notify(str(error), severity="error")
                return

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
            yield Label(f"“{self.phrase}”: said in {n} interview{'s' if n != 1 else ''}",
                        classes="title")  # fmt: skip
            yield Label("Enter opens the interview at that answer.", classes="muted")
            options = []
            for n, mention in enumerate(self.phrase.mentions):
                said = mention.sentences(self.phrase.text) or [" ".join(mention.answer.split())]
                text = Text(mention.name, "bold")
                for sentence in said:
                    text.append(f"\n  {sentence}")
                options.append(Option(text, id=str(n)))
            yield InOrderList(*options)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.phrase.mentions[int(event.option.id or 0)])
