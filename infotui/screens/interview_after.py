"""The live screen's actions for after the interview: highlights, debrief, thank-you, referrals.

A mixin of :class:`~infotui.screens.interview.InterviewScreen`, kept apart to keep
that module to the conversation itself. It uses the screen's state (store,
contact, interview, plan, saved answers, checklist).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from infotui.errors import StoreError
from infotui.screens.live_state import LiveScreenState

if TYPE_CHECKING:
    from infotui.models import Contact

# The screens these actions open need the database layer; they are imported when
# first used, so the live screen can be shown before that layer has loaded.


class AfterInterviewActions(LiveScreenState):
    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Commands for the palette that have no key of their own."""
        if self.contact is None or not self.writable:
            return []
        commands: list[tuple[str, str, Callable[[], object]]] = [
            (
                "Add referrals",
                "People they suggested: from the answer, or typed",
                self.add_referrals,
            ),
            ("Referral tree", "Who led to whom, from this contact", self.show_referral_tree),
        ]
        if self.interview is not None and self.interview.ended_at is not None:
            commands.append(("Thank-you", "Draft, copy, mark sent", self.thank_you))
        return commands

    def action_highlight(self) -> None:
        entry = self.checklist.current
        if entry is None or self.interview is None or self.interview.id is None:
            return
        self.save_now()
        on = entry.question_id not in self.highlighted
        try:
            self.store.answers.set_highlight(self.interview.id, entry.question_id, on)
        except StoreError as error:
            self.notify(str(error).capitalize() + ".", severity="warning")
            return
        self.highlighted ^= {entry.question_id}
        self.refresh_checklist()
        self.notify("Highlighted." if on else "Highlight removed.")

    def action_debrief(self) -> None:
        from infotui.screens.after import DebriefScreen

        contact, interview = self.stored()
        if interview is None or contact is None or interview.started_at is None:
            self.notify("Start an interview first.", severity="warning")
            return

        def done(then: str | None) -> None:
            if then == "thank-you":
                self.thank_you()

        self.app.push_screen(DebriefScreen(self.store, interview, contact), done)

    def thank_you(self) -> None:
        from infotui.screens.after import ThankYouScreen

        contact, interview = self.stored()
        if interview is None or contact is None or interview.id is None:
            return

        def done(sent: bool | None) -> None:
            if sent:
                self.notify(f"Thank-you to {contact.name} marked sent.")
                self.interview = self.store.reads.interview(interview.id or 0)

        self.app.push_screen(ThankYouScreen(self.store, interview, contact), done)

    def add_referrals(self) -> None:
        from infotui.screens.after import ReferralsScreen

        contact, _ = self.stored()
        if contact is None:
            return
        answer = ""
        if self.interview is not None and self.interview.id is not None:
            self.save_now()
            closing = [e for e in self.plan if e.closing and "talk to" in e.text.lower()]
            answer = "\n".join(self.saved.get(e.question_id, "") for e in closing)

        def added(people: list[Contact] | None) -> None:
            if people:
                names = ", ".join(p.name for p in people)
                self.notify(f"Added to contact: {names}.")
                self.on_screen_resume()

        self.app.push_screen(ReferralsScreen(self.store, contact, answer), added)

    def show_referral_tree(self) -> None:
        from infotui.screens.after import ReferralTreeScreen

        if self.contact is not None and self.contact.id is not None:
            tree = self.store.follow_ups.referral_tree(self.contact.id)
            self.app.push_screen(ReferralTreeScreen(tree, self.contact.id))
