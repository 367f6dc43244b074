"""What the screens ask of the app: small messages, handled in the app with ``@on``.

A screen posts one of these and it bubbles to the app (a screen's parent), which
shows what was asked for. They live here rather than nested in the screens that
post them because the app names them in its ``@on`` handlers, and those screens
load the database layer when imported, which the app must not do before its
first frame. This module needs nothing but Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from infotui.store import SearchHit


@dataclass
class OpenInterview(Message):
    """Show a contact on the live screen (Contacts, Upcoming, Evaluate)."""

    contact_id: int
    start: bool = False
    """Go straight on to starting the interview: agreeing the time, then the countdown."""
    interview_id: int | None = None
    """One interview of theirs (a finished one, as it was asked), rather than the one to
    resume; with question_id, at that question's answer (the Evaluate screen)."""
    question_id: int | None = None


@dataclass
class OpenSearchHit(Message):
    """Show a search hit where it lives: its interview at its question, or the contact."""

    hit: SearchHit
