"""The one keeper of what is typed and not yet in the database.

Every editor of answers hands each change to the keeper at once; the keeper says
when a save is due and writes to the store. The app owns it, so whatever ends the
app (Ctrl+Q, a closed terminal, a signal, a database that refuses writes) reaches
all unsaved text in one place, whichever screen is showing.

When to save: :data:`SAVE_IDLE` seconds after typing pauses, and never more than
:data:`SAVE_AT_MOST` seconds after the first change not yet written, however
steadily keys keep coming (a save takes a few milliseconds).

Each answer is saved on top of the revision it was read at. A save that finds the
answer changed elsewhere (another window, another laptop) replaces nothing: the
store keeps the text typed here as a version, and the keeper reports a
:class:`Conflict` for the user to settle.

No Textual here: a monotonic clock is passed in, and the tests drive it by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from infotui.errors import StoreError
from infotui.journal import DraftJournal, JournalDraft, read_journal
from infotui.views import AnswerState

SAVE_IDLE = 0.3  # seconds after the last change
BOTH_SEPARATOR = "\n\n--- typed in this window ---\n"
SAVE_AT_MOST = 0.5  # seconds after the first change not yet saved

Key = tuple[int, int | None]  # (interview id, question id); question None: general notes


class SaveResult(Protocol):
    @property
    def revision(self) -> int: ...
    @property
    def conflict(self) -> str | None: ...


class AnswerWriter(Protocol):
    """What the keeper needs of the store: its answers (:class:`infotui.store.Answers`)."""

    def save(
        self,
        interview_id: int,
        question_id: int | None,
        text: str,
        *,
        base_revision: int | None = None,
        new_session: bool = False,
    ) -> SaveResult: ...

    def replace(
        self, interview_id: int, question_id: int | None, text: str, *, base_revision: int
    ) -> SaveResult: ...


@dataclass
class Draft:
    text: str
    base_revision: int
    first_change: float  # monotonic time of the first change not yet saved
    last_change: float
    new_session: bool


@dataclass(frozen=True)
class Conflict:
    """An answer typed here on top of a text that changed elsewhere."""

    key: Key
    mine: str  # kept by the store as a version; the answer still holds theirs
    theirs: str
    revision: int  # the revision of theirs, to replace it knowingly


@dataclass
class Flushed:
    """What one save round did."""

    written: dict[Key, str] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    error: StoreError | None = None  # the database refused: the drafts are still held

    @property
    def ok(self) -> bool:
        return self.error is None


class NoteKeeper:
    def __init__(
        self,
        monotonic: Callable[[], float] = time.monotonic,
        *,
        journal: DraftJournal | None = None,
    ) -> None:
        self._now = monotonic
        # Drafts the database did not take are kept on disk here, against a crash.
        self.journal = journal
        self.journaled = False
        self._known: dict[Key, AnswerState] = {}  # as last read from or written to the store
        self._drafts: dict[Key, Draft] = {}
        self._fresh: set[Key] = set()  # shown anew: the next save starts an editing session
        self.labels: dict[Key, str] = {}  # how to name an answer in a recovery file

    def now(self) -> float:
        """The keeper's monotonic clock, for scheduling its saves."""
        return self._now()

    # -- what the editors tell the keeper --------------------------------------------

    def loaded(self, key: Key, state: AnswerState) -> str:
        """The answer was read to be shown; returns the text to show (a draft wins)."""
        self._known[key] = state
        self._fresh.add(key)
        draft = self._drafts.get(key)
        return draft.text if draft is not None else state.text

    def edited(self, key: Key, text: str) -> None:
        """The user changed an answer; ``text`` is all of it."""
        now = self._now()
        known = self._known.get(key, AnswerState("", 0))
        draft = self._drafts.get(key)
        if draft is None:
            if text == known.text:
                return
            self._drafts[key] = Draft(text, known.revision, now, now, key in self._fresh)
            self._fresh.discard(key)
        else:
            draft.text = text
            draft.last_change = now

    def text(self, key: Key) -> str:
        """The answer as this window knows it: the draft, else what was read or written."""
        draft = self._drafts.get(key)
        if draft is not None:
            return draft.text
        known = self._known.get(key)
        return known.text if known is not None else ""

    def revision(self, key: Key) -> int:
        known = self._known.get(key)
        return known.revision if known is not None else 0

    # -- when to save ------------------------------------------------------------------

    def due_in(self) -> float | None:
        """Seconds until a save is due (0: now); None when nothing is waiting."""
        if not self._drafts:
            return None
        now = self._now()
        due = min(
            min(d.last_change + SAVE_IDLE, d.first_change + SAVE_AT_MOST)
            for d in self._drafts.values()
        )
        return max(0.0, due - now)

    @property
    def pending(self) -> bool:
        return bool(self._drafts)

    @property
    def on_disk(self) -> bool:
        """Every draft is in the database or, failing that, in the journal."""
        return not self._drafts or self.journaled

    def pending_keys(self) -> Iterable[Key]:
        return tuple(self._drafts)

    # -- saving --------------------------------------------------------------------------

    def flush(self, answers: AnswerWriter | None) -> Flushed:
        """Write every draft; a draft the database refuses is kept for the next try
        (and in the journal, if there is one)."""
        result = self._flush(answers)
        self._keep_journal()
        return result

    def _keep_journal(self) -> None:
        if self.journal is None:
            return
        if self._drafts:
            self.journaled = self.journal.write(
                JournalDraft(key, d.text, d.base_revision) for key, d in self._drafts.items()
            )
        elif self.journaled:
            self.journal.clear()
            self.journaled = False

    def adopt(self, drafts: Iterable[JournalDraft]) -> int:
        """Take over drafts a crashed infotui left in its journal; returns how many.

        They are saved with the next flush, on top of the revision each was typed on.
        """
        now = self._now()
        taken = 0
        for draft in drafts:
            if draft.key in self._drafts:
                continue
            self._drafts[draft.key] = Draft(draft.text, draft.base_revision, now, now, True)
            taken += 1
        if taken:
            self._keep_journal()
        return taken

    def recover_orphans(self) -> int:
        """Take over the drafts of infotui processes that were killed before saving them
        (their journals, beside the database); returns how many. Those journals go once
        this keeper's own holds the drafts."""
        if self.journal is None:
            return 0
        adopted = 0
        for orphan in self.journal.orphans():
            drafts = read_journal(orphan)
            adopted += self.adopt(drafts)
            if drafts:
                orphan.unlink(missing_ok=True)
        return adopted

    def _flush(self, answers: AnswerWriter | None) -> Flushed:
        result = Flushed()
        if answers is None:
            if self._drafts:
                result.error = StoreError("the database is still opening")
            return result
        for key, draft in list(self._drafts.items()):
            interview_id, question_id = key
            try:
                saved = answers.save(
                    interview_id,
                    question_id,
                    draft.text,
                    base_revision=draft.base_revision,
                    new_session=draft.new_session,
                )
            except StoreError as error:
                result.error = error
                break
            current = self._drafts.get(key)
            if current is not draft:  # pragma: no cover - the UI thread is the only writer
                continue
            del self._drafts[key]
            if saved.conflict is not None:
                self._known[key] = AnswerState(saved.conflict, saved.revision)
                result.conflicts.append(Conflict(key, draft.text, saved.conflict, saved.revision))
            else:
                self._known[key] = AnswerState(draft.text, saved.revision)
                result.written[key] = draft.text
        return result

    def settled(self, key: Key, state: AnswerState) -> None:
        """A conflict was settled, or an answer replaced, outside :meth:`flush`."""
        self._known[key] = state
        self._drafts.pop(key, None)

    def forget(self, keys: Iterable[Key]) -> None:
        """Drop what is known of these answers (their interview was deleted)."""
        for key in keys:
            self._known.pop(key, None)
            self._drafts.pop(key, None)

    # -- when the database cannot take it ------------------------------------------

    def unsaved_text(self) -> str:
        """Every draft not yet in the database, as plain text a person can copy back."""
        parts = []
        for key, draft in self._drafts.items():
            if not draft.text.strip():
                continue
            where = self.labels.get(key) or _default_label(key)
            parts.append(f"## {where}\n\n{draft.text}")
        return "\n\n".join(parts) + "\n" if parts else ""


def _default_label(key: Key) -> str:
    interview_id, question_id = key
    what = "general notes" if question_id is None else f"question {question_id}"
    return f"Interview {interview_id}: {what}"


def both_texts(conflict: Conflict) -> str:
    """What an answer keeps when two windows typed into it: the other window's text, then
    this one's (only this one's when the other's is empty)."""
    if not conflict.theirs.strip():
        return conflict.mine
    return conflict.theirs.rstrip() + BOTH_SEPARATOR + conflict.mine


def settle_both(answers: AnswerWriter, result: Flushed) -> None:
    """Where no one is there to see it (a command line), an answer typed on top of a text
    changed elsewhere keeps both texts, as the live screen does."""
    for conflict in result.conflicts:
        interview_id, question_id = conflict.key
        answers.replace(
            interview_id, question_id, both_texts(conflict), base_revision=conflict.revision
        )
