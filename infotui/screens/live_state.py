"""What the live screen's parts share: its state, declared once for type checkers.

The live screen is :class:`~infotui.screens.interview.InterviewScreen` with two
mixins (saving, and the after-interview actions) kept in their own modules. They
use the screen's state; this base declares it, so a type checker can follow them.
At run time it is an empty class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.widgets import TextArea

    from infotui.keeper import NoteKeeper
    from infotui.models import Contact, Interview
    from infotui.store import Store
    from infotui.views import ContactSummary, InterviewView, LiveReads, PlanEntry
    from infotui.widgets.checklist import QuestionChecklist

    class LiveScreenState(Screen[None]):
        reads: LiveReads
        _store: Store | None
        contact: ContactSummary | None
        interview: InterviewView | None
        plan: list[PlanEntry]
        saved: dict[int | None, str]  # answer text by question id; None: general notes
        bound: PlanEntry | None
        highlighted: set[int]
        keeper: NoteKeeper
        _debounce: Timer | None
        _save_at: float
        _save_failing: bool

        @property
        def answer_area(self) -> TextArea: ...
        @property
        def notes_area(self) -> TextArea: ...
        @property
        def checklist(self) -> QuestionChecklist: ...
        @property
        def writable(self) -> bool: ...
        @property
        def store(self) -> Store: ...
        def refresh_checklist(self) -> None: ...
        def save_now(self) -> bool: ...
        def stored(self) -> tuple[Contact | None, Interview | None]: ...
        def on_screen_resume(self) -> None: ...

else:

    class LiveScreenState:
        """At run time the mixins are plain classes; the screen is the Screen."""
