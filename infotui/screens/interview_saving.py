"""The live screen's saving: what is typed reaches the database, or is never lost.

A mixin of :class:`~infotui.screens.interview.InterviewScreen`, kept apart to keep
that module to the conversation itself. It uses the screen's state (store,
interview, plan, the question bound to the editor, saved answers). Text typed
while the screen reads from the first look (before the store is open) is held,
and written when :meth:`use_store` hands the store over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from infotui.errors import StoreError
from infotui.first_look import InterviewView
from infotui.screens.live_state import LiveScreenState
from infotui.views import ContactSummary
from infotui.widgets.contact_list import ContactList

if TYPE_CHECKING:
    from infotui.models import Contact, Interview
    from infotui.store import Store


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
        """The contact and interview shown, as the store's own rows (None while the first
        look stands in for it: its rows are not enough to change anything)."""
        contact = None if isinstance(self.contact, ContactSummary) else self.contact
        interview = None if isinstance(self.interview, InterviewView) else self.interview
        return contact, interview

    def use_store(self, store: Store) -> None:
        """Take over from the first look: read the same rows as the store's own, then save."""
        self._store = self.reads = store
        if self.contact is not None and self.contact.id is not None:
            self.contact = store.contact(self.contact.id)
        if self.interview is not None:
            self.interview = store.interview(self.interview.id or 0)
        listed = self.query_one(ContactList)
        if listed.partial:
            listed.set_contacts(store.contact_index(), active_id=listed.active_id)
        self.refresh_bindings()
        self.save_now()  # what was typed meanwhile

    def still_opening(self) -> bool:
        """True (and says so) while the store is not open yet."""
        if self.writable:
            return False
        self.notify("Still opening the database: one moment.", timeout=3)
        return True

    def _unsaved(self) -> dict[int | None, str]:
        """What the editors hold that the database does not, by question id."""
        if self.interview is None:
            return {}
        pending: dict[int | None, str] = {}
        if self.bound is not None:
            text = self.answer_area.text
            if text != self.saved.get(self.bound.question_id, ""):
                pending[self.bound.question_id] = text
        notes = self.notes_area.text
        if notes != self.saved.get(None, ""):
            pending[None] = notes
        return pending

    def save_now(self) -> bool:
        """Write whatever is unsaved; True when nothing is left unsaved."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        if self.interview is not None and self.interview.id is not None:
            for question_id, text in self._unsaved().items():
                self.held[self.interview.id, question_id] = text
                self.saved[question_id] = text
        if not self.held:
            self.show_saved_state("saved")
            return True
        if not self.writable:  # written when use_store() hands over the store
            return False
        current = self.interview.id if self.interview is not None else None
        written: dict[int | None, str] = {}
        try:
            for (interview_id, question_id), text in list(self.held.items()):
                self.store.save_answer(interview_id, question_id, text)
                del self.held[interview_id, question_id]
                if interview_id == current:
                    written[question_id] = text
            marked = bool(written) and self._mark_answered_asked(written)
        except StoreError as error:
            self.show_saved_state("not saved")
            if not self._save_failing:
                self.notify(f"Not saved yet, retrying: {error}", severity="error", timeout=10)
            self._save_failing = True
            self._debounce = self.set_timer(2.0, self.save_now)
            return False
        if self._save_failing:
            self.notify("Saved.")
            self._save_failing = False
        self.show_saved_state("saved")
        if marked or any(q is not None for q in written):
            self.refresh_checklist()
        return True

    def unsaved_notes(self) -> str:
        """What could not be saved, as plain text a person can copy back."""
        if self.interview is not None and self.interview.id is not None:
            for question_id, text in self._unsaved().items():
                self.held[self.interview.id, question_id] = text
        if not self.held or self.contact is None:
            return ""
        wording = {e.question_id: e.text for e in self.plan}
        current = self.interview.id if self.interview is not None else None
        parts = []
        for (interview_id, question_id), text in self.held.items():
            if interview_id == current:
                where = f"Interview with {self.contact.name}"
            else:
                where = f"Interview {interview_id}"
            heading = wording.get(question_id, "General notes") if question_id else "General notes"
            parts.append(f"## {where}: {heading}\n\n{text}")
        return "\n\n".join(parts) + "\n"

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
                self.store.set_asked(entry.id, True)
                marked = True
        if marked:
            self.plan = self.store.plan(self.interview.id)
        return marked

    def show_saved_state(self, state: str) -> None:
        for pane in self.query("#editor-pane"):  # none yet while the screen is being built
            if pane.border_subtitle != state:
                pane.border_subtitle = state
