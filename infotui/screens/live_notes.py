"""The live screen's editor pane: the answer to the question in hand, the general
notes, and what becomes of what is typed there.

Every change in the two editors goes to the app's :class:`~infotui.keeper.NoteKeeper`
at once; the pane asks the keeper when a save is due, saves, and shows what
happened: saved, not saved (retrying), or changed in another window (both texts
kept). Text typed while the screen reads from the first look (before the store is
open) waits in the keeper and is written when :meth:`NotesPane.use_store` hands the
store over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Label, Static, TextArea

from infotui.errors import StoreError
from infotui.keeper import Conflict, Flushed, Key, NoteKeeper, both_texts
from infotui.views import AnswerState, LiveReads, PlanEntry
from infotui.widgets.notes_area import NotesArea

if TYPE_CHECKING:
    from infotui.store import Store

FOLLOW_EVERY = 2.0  # seconds between looks at what another window saved
RETRY_AFTER = 2.0  # seconds between tries while the database refuses to save
WRAP_UP_REMINDER = "Wrap-up: ask who else they suggest you talk to, and thank them for their time."


class NotesPane(Vertical):
    """The answer editor, the general notes, and their saving."""

    @dataclass
    class Saved(Message):
        """Answers of the interview shown were written (question id: text)."""

        written: dict[int | None, str]

    class AnswersShown(Message):
        """An answer's text on screen changed without typing (another window's, or both
        texts kept after a conflict): whether it is answered may have changed."""

    def __init__(
        self,
        keeper: NoteKeeper,
        reads: LiveReads,
        *,
        store: Store | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        # Made here, not in compose(), so they mount with the screen: the screen puts the
        # focus in an editor as it mounts, for the keys typed while the app opened.
        answer = NotesArea(id="answer")
        notes = NotesArea(id="notes")
        answer.disabled = notes.disabled = True  # until an interview is shown
        notes.border_title = "General notes"
        super().__init__(
            Static("", id="question"),
            Label(WRAP_UP_REMINDER, id="wrap-up"),
            answer,
            notes,
            id=id,
            classes=classes,
        )
        self.keeper = keeper
        self.reads = reads
        self._store = store
        self.interview_id: int | None = None
        self.contact_name = "?"
        self.plan: list[PlanEntry] = []
        self.saved: dict[int | None, str] = {}  # the editors' text as this window knows it
        self.bound: PlanEntry | None = None  # the question whose answer is in the editor
        self._debounce: Timer | None = None
        self._save_at = 0.0  # when the save timer fires, on the keeper's clock
        self._save_failing = False

    def on_mount(self) -> None:
        self.set_interval(FOLLOW_EVERY, self.follow_other_windows)

    @property
    def answer_area(self) -> TextArea:
        return self.query_one("#answer", TextArea)

    @property
    def notes_area(self) -> TextArea:
        return self.query_one("#notes", TextArea)

    @property
    def writable(self) -> bool:
        return self._store is not None

    def use_store(self, store: Store) -> None:
        """Read through the store from now on, and write what was typed meanwhile."""
        self._store = store
        self.reads = store.reads
        self.save_now()

    # -- what is shown ------------------------------------------------------------

    def show_no_contact(self) -> None:
        """No contact yet (a new database): what this pane is for."""
        self.query_one("#question", Static).update(
            "Your notes go here, an answer per question, saved as you type. Add a "
            "contact, then F2 starts the interview and its countdown."
        )

    def show_interview(
        self, interview_id: int | None, contact_name: str, plan: list[PlanEntry]
    ) -> None:
        """Show one interview's notes (None: no interview, editors off)."""
        self.interview_id = interview_id
        self.contact_name = contact_name
        self.plan = plan
        self.bound = None
        question = self.query_one("#question", Static)
        if interview_id is None:
            self.saved = {}
            self.answer_area.load_text("")
            self.notes_area.load_text("")
            self.answer_area.disabled = self.notes_area.disabled = True
            question.update("No interview with this contact yet. Press F2 to start one.")
            return
        # Answers as stored, but what is typed here and not saved yet wins.
        self.saved = {q: s.text for q, s in self.reads.answer_states(interview_id).items()}
        self.saved.update(
            {q: self.keeper.text((i, q)) for i, q in self.keeper.pending_keys()
             if i == interview_id}
        )  # fmt: skip
        self.answer_area.disabled = self.notes_area.disabled = False
        self.notes_area.load_text(self.read_answer(None))

    def answered(self) -> set[int]:
        """The questions with an answer, as this window knows them."""
        return {q for q, text in self.saved.items() if q is not None and text.strip()}

    def text_of(self, question_id: int | None) -> str:
        return self.saved.get(question_id, "")

    def bind(self, entry: PlanEntry | None) -> None:
        """Put one question's answer in the editor (after saving the last one)."""
        self.save_now()
        self.bound = entry
        question = self.query_one("#question", Static)
        if entry is None:
            question.update("")
            self.answer_area.load_text("")
            return
        number = next((n for n, e in enumerate(self.plan, start=1) if e.id == entry.id), 0)
        hint = f"\n[dim]{escape(entry.hint)}[/dim]" if entry.hint else ""
        question.update(f"[b]{number}. {escape(entry.text)}[/b]{hint}")
        self.answer_area.load_text(self.read_answer(entry.question_id))

    def answer_key(self, question_id: int | None) -> Key | None:
        if self.interview_id is None:
            return None
        return self.interview_id, question_id

    def focused_key(self) -> Key | None:
        """The answer in the editor, or the general notes when they have the focus."""
        question_id = (
            None if self.notes_area.has_focus or self.bound is None else self.bound.question_id
        )
        return self.answer_key(question_id)

    def label(self, key: Key) -> str:
        return self.keeper.labels.get(key) or self._label(key[1])

    def read_answer(self, question_id: int | None) -> str:
        """Read one answer afresh as it is shown (another window may have changed it);
        text typed here and not yet saved wins."""
        key = self.answer_key(question_id)
        if key is None:
            return ""
        try:
            state = self.reads.answer_state(*key)
        except StoreError:
            state = AnswerState(self.saved.get(question_id, ""), self.keeper.revision(key))
        text = self.keeper.loaded(key, state)
        self.keeper.labels[key] = self._label(question_id)
        self.saved[question_id] = text
        return text

    def _label(self, question_id: int | None) -> str:
        who = self.contact_name
        if question_id is None:
            return f"Interview with {who}: general notes"
        wording = next((e.text for e in self.plan if e.question_id == question_id), None)
        return f"Interview with {who}: {wording or f'question {question_id}'}"

    # -- typing ---------------------------------------------------------------------

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        # Runs on every keystroke: look only at the editor that changed (loading a question
        # into it changes it too, without anything to save).
        event.stop()
        area = event.text_area
        if self.interview_id is None or (area is self.answer_area and self.bound is None):
            return
        question_id = (
            None if area is self.notes_area or self.bound is None else self.bound.question_id
        )
        self.note_edit(question_id, area.text)

    def on_descendant_blur(self, event: object) -> None:
        if getattr(event, "widget", None) in (self.answer_area, self.notes_area):
            self.save_now()

    def note_edit(self, question_id: int | None, text: str) -> None:
        """An editor changed: hand it to the keeper and save when it is due."""
        key = self.answer_key(question_id)
        if key is None or text == self.saved.get(question_id, ""):
            return
        self.saved[question_id] = text
        self.keeper.labels.setdefault(key, self._label(question_id))
        self.keeper.edited(key, text)
        self.show_saved_state("editing")
        self._schedule_save()

    def capture_edits(self) -> None:
        """Hand the keeper what the editors show now (their last change may still be a
        message on its way)."""
        if self.interview_id is None:
            return
        if self.bound is not None:
            self.note_edit(self.bound.question_id, self.answer_area.text)
        self.note_edit(None, self.notes_area.text)

    def follow_other_windows(self) -> None:
        """Show what another window saved to the answers on screen, unless typing here.

        Run every couple of seconds: a cheap read of the one or two answers shown, so
        two windows on one database stay in step and rarely need to keep both texts.
        """
        if self._store is None or self.interview_id is None:
            return
        self.capture_edits()  # a keystroke whose message is on its way counts as typing
        shown = [None] + ([self.bound.question_id] if self.bound is not None else [])
        pending = set(self.keeper.pending_keys())
        for question_id in shown:
            key = self.answer_key(question_id)
            if key is None or key in pending:
                continue
            try:
                state = self._store.answers.state(*key)
            except StoreError:
                return
            if state.revision != self.keeper.revision(key):
                self.keeper.settled(key, state)
                self.show_answer_text(key, state.text)

    def _schedule_save(self) -> None:
        due = self.keeper.due_in()
        if due is None:
            return
        at = self.keeper.now() + due
        if self._debounce is not None and self._save_at <= at:
            return  # a save is already coming as soon
        if self._debounce is not None:
            self._debounce.stop()
        self._save_at = at
        # (Textual's timers cannot take a zero delay.)
        self._debounce = self.set_timer(max(due, 0.001), self._save_when_due)

    def _save_when_due(self) -> None:
        self._debounce = None
        due = self.keeper.due_in()
        if due is not None and due > 0.01:
            self._schedule_save()  # the draft that made this timer was saved meanwhile
        else:
            self.save_now()

    # -- saving ---------------------------------------------------------------------

    def save_now(self) -> bool:
        """Write whatever is unsaved; True when nothing is left unsaved."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        self.capture_edits()
        if not self.keeper.pending:
            self.show_saved_state("saved")
            return True
        result = self.keeper.flush(self._store.answers if self._store else None)
        self.after_save(result)
        return not self.keeper.pending

    def after_save(self, result: Flushed) -> None:
        """Show what a save round did (the app's own saves come through here too)."""
        if not result.ok:
            if self._store is None:
                return  # written when use_store() hands over the store
            self.show_saved_state("not saved")
            if not self._save_failing:
                self.notify(
                    f"Not saved yet, retrying: {result.error}", severity="error", timeout=10
                )
            self._save_failing = True
            self._debounce = self.set_timer(RETRY_AFTER, self.save_now)
            return
        if self._save_failing:
            self.notify("Saved.")
            self._save_failing = False
        self.show_saved_state("saved")
        current = self.interview_id
        written = {q: text for (i, q), text in result.written.items() if i == current}
        if written:
            self.post_message(self.Saved(written))
        if result.conflicts:
            self._settle(list(result.conflicts))

    def _settle(self, conflicts: list[Conflict]) -> None:
        """Keep both texts of an answer changed elsewhere, without stopping the typing.

        The other window's text comes first, then what was typed here; both are also
        kept whole in the answer's history (Ctrl+O), to pick one of them instead.
        """
        for conflict in conflicts:
            self.replace(conflict.key, both_texts(conflict), conflict.revision)
            what = "The general notes" if conflict.key[1] is None else "This answer"
            self.notify(
                f"{what} changed in another window meanwhile. Both texts are kept, theirs "
                "first; Ctrl+O shows each as it was.",
                title="Changed elsewhere",
                severity="warning",
                timeout=15,
            )

    def replace(self, key: Key, text: str, revision: int) -> None:
        """Put a chosen text in place of the answer's ``revision``."""
        if self._store is None:
            return
        interview_id, question_id = key
        try:
            saved = self._store.answers.replace(
                interview_id, question_id, text, base_revision=revision
            )
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="error")
            self.keeper.edited(key, text)  # kept, and tried again with the next save
            self._schedule_save()
            return
        if saved.conflict is not None:  # changed yet again meanwhile
            self._settle([Conflict(key, text, saved.conflict, saved.revision)])
            return
        self.keeper.settled(key, AnswerState(text, saved.revision))
        self.show_answer_text(key, text)

    def show_answer_text(self, key: Key, text: str) -> None:
        """Show a text the database now holds, if its editor shows that answer."""
        interview_id, question_id = key
        if self.interview_id != interview_id:
            return
        self.saved[question_id] = text
        if question_id is None:
            area = self.notes_area
        elif self.bound is not None and self.bound.question_id == question_id:
            area = self.answer_area
        else:
            self.post_message(self.AnswersShown())
            return
        if area.text != text:
            # Where the cursor was, counted from the end: what was typed here comes last.
            from_end = len(area.text) - _index_of(area.text, area.cursor_location)
            area.load_text(text)
            area.move_cursor(_location_of(text, max(0, len(text) - from_end)))
        self.post_message(self.AnswersShown())

    def show_saved_state(self, state: str) -> None:
        if self.border_subtitle != state:
            self.border_subtitle = state


def _index_of(text: str, location: tuple[int, int]) -> int:
    """A (row, column) location in ``text`` as an index into it."""
    row, column = location
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:row]) + column


def _location_of(text: str, index: int) -> tuple[int, int]:
    """An index into ``text`` as a (row, column) location."""
    before = text[:index].split("\n")
    return len(before) - 1, len(before[-1])
