"""The live screen's question pane: this interview's plan as a checklist, with what
has been asked, starred, answered and highlighted, and the writes that change it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical

from infotui.views import PlanEntry
from infotui.widgets.checklist import QuestionChecklist

if TYPE_CHECKING:
    from infotui.store import Store


class ChecklistPane(Vertical):
    """The plan of the interview shown, and its marks."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.interview_id: int | None = None
        self.plan: list[PlanEntry] = []
        self.highlighted: set[int] = set()  # question ids whose answer is highlighted
        self.answered: set[int] = set()
        self.wrap_up = False

    def compose(self) -> ComposeResult:
        yield QuestionChecklist(id="checklist")

    @property
    def checklist(self) -> QuestionChecklist:
        return self.query_one(QuestionChecklist)

    @property
    def current(self) -> PlanEntry | None:
        return self.checklist.current

    def show(
        self,
        interview_id: int | None,
        plan: list[PlanEntry],
        highlighted: set[int],
        answered: set[int],
        *,
        wrap_up: bool,
    ) -> None:
        """Show an interview's plan with the first question not asked yet in hand."""
        self.interview_id, self.plan, self.highlighted = interview_id, plan, highlighted
        self.answered, self.wrap_up = answered, wrap_up
        self.refresh_marks()
        entries = self.checklist.entries
        if entries:
            self.checklist.highlighted = next((i for i, e in enumerate(entries) if not e.asked), 0)

    def refresh_marks(
        self, *, answered: set[int] | None = None, wrap_up: bool | None = None
    ) -> None:
        if answered is not None:
            self.answered = answered
        if wrap_up is not None:
            self.wrap_up = wrap_up
        self.checklist.show(
            self.plan, self.answered, wrap_up=self.wrap_up, highlighted=self.highlighted
        )

    def select(self, plan_item_id: int) -> PlanEntry | None:
        """Put the cursor on one question of the plan."""
        index = next(
            (i for i, e in enumerate(self.checklist.entries) if e.id == plan_item_id), None
        )
        if index is None:
            return None
        self.checklist.highlighted = index
        return self.checklist.current

    def select_question(self, question_id: int) -> PlanEntry | None:
        entry = next((e for e in self.checklist.entries if e.question_id == question_id), None)
        return self.select(entry.id) if entry is not None else None

    # -- writes -------------------------------------------------------------------------

    def toggle(self, store: Store, field: str) -> None:
        """Tick or untick the question in hand (``asked``), or star it (``starred``)."""
        entry = self.current
        if entry is None or self.interview_id is None:
            return
        if field == "asked":
            store.plans.set_asked(entry.id, not entry.asked)
        else:
            store.plans.set_starred(entry.id, not entry.starred)
        self.plan = store.plans.of(self.interview_id)
        self.refresh_marks()

    def intend(self, field: str, now: dt.datetime) -> tuple[int, bool] | None:
        """The store not open yet: the question in hand marked as the key asks (ticked or
        unticked, starred or not), on the screen only. The entry's id and the mark, for
        the store once it opens (:meth:`settle`)."""
        entry = self.current
        if entry is None:
            return None
        if field == "asked":
            value = not entry.asked
            marked = replace(entry, asked_at=now if value else None)
        else:
            value = not entry.starred
            marked = replace(entry, starred=value)
        self.plan = [marked if e.id == entry.id else e for e in self.plan]
        self.refresh_marks()
        return entry.id, value

    def settle(self, store: Store, marks: dict[tuple[str, int], bool]) -> None:
        """The marks :meth:`intend` made, stored, and the plan read again."""
        for (field, entry_id), value in marks.items():
            if field == "asked":
                store.plans.set_asked(entry_id, value)
            else:
                store.plans.set_starred(entry_id, value)
        if self.interview_id is not None:
            self.plan = store.plans.of(self.interview_id)
            self.refresh_marks()

    def add(self, store: Store, text: str, *, to_bank: bool) -> PlanEntry | None:
        """A question that came up in the moment, put in hand."""
        if self.interview_id is None:
            return None
        entry = store.plans.add_question(self.interview_id, text, to_bank=to_bank)
        self.plan = store.plans.of(self.interview_id)
        self.refresh_marks()
        return self.select(entry.id)

    def mark_answered_asked(self, store: Store, written: dict[int | None, str]) -> bool:
        """A question with an answer has been asked; True if any was ticked now."""
        if self.interview_id is None:
            return False
        marked = False
        for entry in self.plan:
            said = written.get(entry.question_id, "").strip()
            if said and not entry.asked:
                store.plans.set_asked(entry.id, True)
                marked = True
        if marked:
            self.plan = store.plans.of(self.interview_id)
        return marked

    def set_highlight(self, store: Store, entry: PlanEntry, on: bool) -> None:
        assert self.interview_id is not None
        store.answers.set_highlight(self.interview_id, entry.question_id, on)
        self.highlighted ^= {entry.question_id}
        self.refresh_marks()
