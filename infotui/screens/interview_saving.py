"""The live screen's saving: what is typed reaches the database, or is never lost.

A mixin of :class:`~infotui.screens.interview.InterviewScreen`, kept apart to keep
that module to the conversation itself. Every change in the answer and notes
editors goes to the app's :class:`~infotui.keeper.NoteKeeper` at once; this part
asks the keeper when a save is due, saves, and shows what happened: saved, not
saved (retrying), or changed in another window (the user chooses what to keep).
Text typed while the screen reads from the first look (before the store is open)
waits in the keeper and is written when :meth:`use_store` hands the store over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from infotui.errors import StoreError
from infotui.keeper import Conflict, Flushed, Key, both_texts
from infotui.screens.live_state import LiveScreenState
from infotui.views import AnswerState
from infotui.widgets.contact_list import ContactList

if TYPE_CHECKING:
    from infotui.models import Contact, Interview
    from infotui.store import Store

RETRY_AFTER = 2.0  # seconds between tries while the database refuses to save


class AnswerSaving(LiveScreenState):
    @property
    def writable(self) -> bool:
        """Whether the store is open (and not just the first look)."""
        return self._store is not None

    @property
    def store(self) -> Store:
        """The store, for writing (and reading what only it knows)."""
        if self._store is None:  # the keys that write are disabled until it is open
            raise StoreError("the database is still opening")
        return self._store

    def stored(self) -> tuple[Contact | None, Interview | None]:
        """The contact and interview shown, as the store's own rows, to change them (None
        while the first look stands in for the store)."""
        if self._store is None:
            return None, None
        contact = self._store.contacts.get(self.contact.id) if self.contact else None
        interview = self._store.interviews.get(self.interview.id) if self.interview else None
        return contact, interview

    def use_store(self, store: Store) -> None:
        """Take over from the first look: read through the store from now on, then save."""
        self._store = store
        self.reads = store.reads
        listed = self.query_one(ContactList)
        if listed.partial:
            listed.set_contacts(store.contacts.index(), active_id=listed.active_id)
        self.refresh_bindings()
        self.save_now()  # what was typed meanwhile

    def still_opening(self) -> bool:
        """True (and says so) while the store is not open yet."""
        if self.writable:
            return False
        self.notify("Still opening the database: one moment.", timeout=3)
        return True

    # -- reading and editing --------------------------------------------------------------

    def answer_key(self, question_id: int | None) -> Key | None:
        if self.interview is None or self.interview.id is None:
            return None
        return self.interview.id, question_id

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
        who = self.contact.name if self.contact is not None else "?"
        if question_id is None:
            return f"Interview with {who}: general notes"
        wording = next((e.text for e in self.plan if e.question_id == question_id), None)
        return f"Interview with {who}: {wording or f'question {question_id}'}"

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
        if self.interview is None:
            return
        if self.bound is not None:
            self.note_edit(self.bound.question_id, self.answer_area.text)
        self.note_edit(None, self.notes_area.text)

    def follow_other_windows(self) -> None:
        """Show what another window saved to the answers on screen, unless typing here.

        Run every couple of seconds: a cheap read of the one or two answers shown, so
        two windows on one database stay in step and rarely need to keep both texts.
        """
        if not self.writable or self.interview is None:
            return
        self.capture_edits()  # a keystroke whose message is on its way counts as typing
        shown = [None] + ([self.bound.question_id] if self.bound is not None else [])
        pending = set(self.keeper.pending_keys())
        for question_id in shown:
            key = self.answer_key(question_id)
            if key is None or key in pending:
                continue
            try:
                state = self.store.answers.state(*key)
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

    # -- saving ---------------------------------------------------------------------------

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
            if not self.writable:
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
        current = self.interview.id if self.interview is not None else None
        written = {q: text for (i, q), text in result.written.items() if i == current}
        try:
            marked = bool(written) and self._mark_answered_asked(written)
        except StoreError:
            marked = False  # the answers are saved; the ticks come with the next save
        self.show_saved_state("saved")
        if marked or any(q is not None for q in written):
            self.refresh_checklist()
        if result.conflicts:
            self._settle(list(result.conflicts))

    def _settle(self, conflicts: list[Conflict]) -> None:
        """Keep both texts of an answer changed elsewhere, without stopping the typing.

        The other window's text comes first, then what was typed here; both are also
        kept whole in the answer's history (Ctrl+O), to pick one of them instead.
        """
        for conflict in conflicts:
            self._replace(conflict.key, both_texts(conflict), conflict.revision)
            what = "The general notes" if conflict.key[1] is None else "This answer"
            self.notify(
                f"{what} changed in another window meanwhile. Both texts are kept, theirs "
                "first; Ctrl+O shows each as it was.",
                title="Changed elsewhere",
                severity="warning",
                timeout=15,
            )

    def _replace(self, key: Key, text: str, revision: int) -> None:
        """Put a chosen text in place of the answer's ``revision``."""
        interview_id, question_id = key
        try:
            saved = self.store.answers.replace(
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
        if self.interview is None or self.interview.id != interview_id:
            return
        self.saved[question_id] = text
        if question_id is None:
            area = self.notes_area
        elif self.bound is not None and self.bound.question_id == question_id:
            area = self.answer_area
        else:
            self.refresh_checklist()
            return
        if area.text != text:
            # Where the cursor was, counted from the end: what was typed here comes last.
            from_end = len(area.text) - _index_of(area.text, area.cursor_location)
            area.load_text(text)
            area.move_cursor(_location_of(text, max(0, len(text) - from_end)))
        self.refresh_checklist()

    def action_history(self) -> None:
        """Earlier versions of the answer in the editor (or of the general notes)."""
        from infotui.screens.history import HistoryScreen

        question_id = (
            None if self.notes_area.has_focus or self.bound is None else (self.bound.question_id)
        )
        key = self.answer_key(question_id)
        if key is None:
            return
        self.save_now()
        label = self.keeper.labels.get(key) or self._label(question_id)
        versions = self.store.answers.versions(*key)

        def chosen(text: str | None) -> None:
            if text is not None:
                self.save_now()
                self._replace(key, text, self.keeper.revision(key))
                self.notify("Restored. The text it replaced is kept in the history too.")

        self.app.push_screen(HistoryScreen(label, versions), chosen)

    def _mark_answered_asked(self, pending: dict[int | None, str]) -> bool:
        """A question with an answer has been asked."""
        assert self.interview is not None and self.interview.id is not None
        marked = False
        for entry in self.plan:
            if (
                entry.question_id in pending
                and pending[entry.question_id].strip()
                and not entry.asked
            ):
                self.store.plans.set_asked(entry.id, True)
                marked = True
        if marked:
            self.plan = self.store.plans.of(self.interview.id)
        return marked

    def show_saved_state(self, state: str) -> None:
        for pane in self.query("#editor-pane"):  # none yet while the screen is being built
            if pane.border_subtitle != state:
                pane.border_subtitle = state


def _index_of(text: str, location: tuple[int, int]) -> int:
    """A (row, column) location in ``text`` as an index into it."""
    row, column = location
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:row]) + column


def _location_of(text: str, index: int) -> tuple[int, int]:
    """An index into ``text`` as a (row, column) location."""
    before = text[:index].split("\n")
    return len(before) - 1, len(before[-1])
