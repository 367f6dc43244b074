"""What the live screen offers once a conversation is under way or over: the debrief,
the thank-you, the people the contact suggested, and the tree of referrals.

A widget with nothing to show, mounted in the live screen: the screen tells it which
contact and interview are shown, and it opens the screens for them. It posts
:class:`AfterInterview.Changed` when what the live screen shows may have changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget

from infotui.views import ContactSummary, InterviewView

if TYPE_CHECKING:
    from infotui.models import Contact, Interview
    from infotui.store import Store

# The screens these actions open need the database layer; they are imported when
# first used, so the live screen can be shown before that layer has loaded.

Command = tuple[str, str, Callable[[], object]]


class AfterInterview(Widget):
    """Opens the after-interview screens for the contact and interview shown."""

    DEFAULT_CSS = "AfterInterview { display: none; }"

    @dataclass
    class Changed(Message):
        """The interview (a thank-you marked sent) or the contacts (referrals added)
        changed: the live screen reads them again."""

        what: str  # "interview" or "contacts"

    def __init__(self) -> None:
        super().__init__()
        self.store: Store | None = None
        self.contact: ContactSummary | None = None
        self.interview: InterviewView | None = None

    def show(self, contact: ContactSummary | None, interview: InterviewView | None) -> None:
        self.contact, self.interview = contact, interview

    def use_store(self, store: Store) -> None:
        self.store = store

    def rows(self) -> tuple[Contact | None, Interview | None]:
        """The contact and interview shown, as the store's rows (None before it opens)."""
        if self.store is None:
            return None, None
        contact = self.store.contacts.get(self.contact.id) if self.contact else None
        interview = self.store.interviews.get(self.interview.id) if self.interview else None
        return contact, interview

    def commands(self, closing_answers: Callable[[], str]) -> list[Command]:
        """Commands for the palette that have no key of their own."""
        if self.contact is None or self.store is None:
            return []
        commands: list[Command] = [
            (
                "Add referrals",
                "People they suggested: from the answer, or typed",
                lambda: self.add_referrals(closing_answers()),
            ),
            ("Referral tree", "Who led to whom, from this contact", self.show_referral_tree),
        ]
        if self.interview is not None and self.interview.ended_at is not None:
            commands.append(("Thank-you", "Draft, copy, mark sent", self.thank_you))
        return commands

    def debrief(self) -> None:
        from infotui.screens.after import DebriefScreen

        store, (contact, interview) = self.store, self.rows()
        if store is None or interview is None or contact is None or interview.started_at is None:
            self.notify("Start an interview first.", severity="warning")
            return

        def done(then: str | None) -> None:
            if then == "thank-you":
                self.thank_you()

        self.app.push_screen(DebriefScreen(store, interview, contact), done)

    def thank_you(self) -> None:
        from infotui.screens.after import ThankYouScreen

        store, (contact, interview) = self.store, self.rows()
        if store is None or interview is None or contact is None:
            return

        def done(sent: bool | None) -> None:
            if sent:
                self.notify(f"Thank-you to {contact.name} marked sent.")
                self.post_message(self.Changed("interview"))

        self.app.push_screen(ThankYouScreen(store, interview, contact), done)

    def add_referrals(self, answer: str) -> None:
        """Add the people suggested, starting from what the closing answer says."""
        from infotui.screens.after import ReferralsScreen

        store, (contact, _) = self.store, self.rows()
        if store is None or contact is None:
            return

        def added(people: list[Contact] | None) -> None:
            if people:
                names = ", ".join(p.name for p in people)
                self.notify(f"Added as contacts to reach out to: {names}.")
                self.post_message(self.Changed("contacts"))

        self.app.push_screen(ReferralsScreen(store, contact, answer), added)

    def show_referral_tree(self) -> None:
        from infotui.screens.after import ReferralTreeScreen

        if self.store is not None and self.contact is not None:
            tree = self.store.follow_ups.referral_tree(self.contact.id)
            self.app.push_screen(ReferralTreeScreen(tree, self.contact.id))
