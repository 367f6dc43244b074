"""The domain's named kinds: a contact's outreach status, a call's outcome, a line of
history, a section of the question bank, how a meeting is held.

Plain enumerations, stored by value. They live apart from the tables so that what
reads or writes them without the ORM (the question bank's loader, the command line's
bulk import) does not load the database layer.
"""

from __future__ import annotations

from enum import StrEnum


class OutreachStatus(StrEnum):
    """Where a contact is in the pursuit of an informational interview."""

    TO_CONTACT = "to_contact"
    REACHED_OUT = "reached_out"
    SCHEDULED = "scheduled"
    INTERVIEWED = "interviewed"
    THANK_YOU_SENT = "thank_you_sent"
    FOLLOWING_UP = "following_up"
    NO_RESPONSE = "no_response"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").replace("thank you", "thank-you")


class CallOutcome(StrEnum):
    """What came of a call (or a message) asking for an interview."""

    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"
    AGREED = "agreed"
    DECLINED = "declined"
    CALL_BACK = "call_back"

    @property
    def label(self) -> str:
        return {
            "no_answer": "No answer",
            "left_message": "Left a message",
            "agreed": "Agreed to meet",
            "declined": "Declined",
            "call_back": "Call back on…",
        }[self.value]


class EventKind(StrEnum):
    """What a dated line in a contact's history records."""

    ADDED = "added"
    STATUS = "status"
    CALL = "call"
    SCHEDULED = "scheduled"
    INTERVIEWED = "interviewed"
    FOLLOW_UP = "follow_up"
    EXTENDED = "extended"

    @property
    def label(self) -> str:
        return {
            "added": "added",
            "status": "status",
            "call": "call",
            "scheduled": "interview booked",
            "interviewed": "interviewed",
            "follow_up": "follow-up set",
            "extended": "time extended",
        }[self.value]


class Section(StrEnum):
    """Sections of the question bank, in display order."""

    MAIN = "main"
    FUNCTIONAL = "functional"
    CUSTOM = "custom"

    @property
    def title(self) -> str:  # type: ignore[override]
        return {
            "main": "Main questions",
            "functional": "About their own work",
            "custom": "My own questions",
        }[self.value]


class Medium(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in_person"

    @property
    def label(self) -> str:
        return {"phone": "phone", "video": "video call", "in_person": "in person"}[self.value]
