"""After the interview: the debrief, the thank-you, referrals and the referral tree."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, TextArea, Tree

from infotui.errors import StoreError
from infotui.followup import ReferralCandidate, referral_candidates, thank_you_draft
from infotui.models import Contact, Interview, OutreachStatus
from infotui.screens.dialog import Dialog
from infotui.screens.dialogs import DraftDialog
from infotui.store import ReferralNode, Store
from infotui.timer import Countdown
from infotui.validation import ValidationError
from infotui.widgets.keys_in_order import Editor, Field

PARTS = ("skills", "values", "interests")  # the fit scored part by part, besides overall


class DebriefScreen(DraftDialog[str | None]):
    """Right after the meeting: what I learned, how it fits, what next. Skippable."""

    CSS_PATH = "after.tcss"
    AUTO_FOCUS = "#learned"
    BINDINGS = [
        Binding("escape", "cancel", "Skip"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]
    draft_name = "the debrief"

    def __init__(self, store: Store, interview: Interview, contact: Contact) -> None:
        super().__init__()
        self.store = store
        self.interview = interview
        self.contact = contact

    def compose(self) -> ComposeResult:
        assert self.interview.id is not None
        saved = self.store.follow_ups.debrief(self.interview.id)
        with Vertical():
            yield Label(f"Debrief: {self.contact.name}", classes="title")
            yield Label("While it is fresh. Esc skips; you can come back to it.", classes="muted")
            with VerticalScroll():
                yield Label("What I learned (key takeaways)", classes="field-label")
                yield Editor(saved.learned if saved else "", id="learned", soft_wrap=True)
                yield Label("How it fits me, overall (1 to 5)", classes="field-label")
                with Horizontal(id="fit-row"):
                    yield self._score(saved.fit_score if saved else None, "Score", "fit-score")
                    yield Field(saved.fit_notes if saved else "", placeholder="In words: why",
                                id="fit-notes")  # fmt: skip
                yield Label("And for my skills, my values, my interests (each if you can say)",
                            classes="field-label")  # fmt: skip
                with Horizontal(id="parts-row"):
                    for part in PARTS:
                        score = getattr(saved, f"{part}_score") if saved else None
                        yield self._score(score, part.capitalize(), f"{part}-score")
                yield Label("What else I need to know", classes="field-label")
                yield Editor(saved.still_unknown if saved else "", id="still-unknown",
                               soft_wrap=True)  # fmt: skip
                yield Label("Next steps", classes="field-label")
                yield Editor(saved.next_steps if saved else "", id="next-steps", soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield Button("Skip", id="skip")
                yield Button("Save  ^s", id="save", variant="primary")
                yield Button("Save, then the thank-you", id="thank", variant="success")

    @staticmethod
    def _score(value: int | None, prompt: str, id_: str) -> Select[int]:
        return Select(
            [(f"{n} of 5", n) for n in range(1, 6)],
            value=value if value else Select.NULL, prompt=prompt, id=id_,
        )  # fmt: skip

    def _chosen(self, id_: str) -> int | None:
        value = self.query_one(f"#{id_}", Select).value
        return value if isinstance(value, int) else None

    def action_save(self, then: str = "saved") -> None:
        assert self.interview.id is not None
        try:
            self.store.follow_ups.save_debrief(
                self.interview.id,
                fit_score=self._chosen("fit-score"),
                skills_score=self._chosen("skills-score"),
                values_score=self._chosen("values-score"),
                interests_score=self._chosen("interests-score"),
                learned=self.query_one("#learned", TextArea).text,
                fit_notes=self.query_one("#fit-notes", Input).value,
                still_unknown=self.query_one("#still-unknown", TextArea).text,
                next_steps=self.query_one("#next-steps", TextArea).text,
            )
        except (ValidationError, StoreError) as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss(then)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "skip":
            self.action_cancel()
        else:
            self.action_save("thank-you" if event.button.id == "thank" else "saved")


class ThankYouScreen(DraftDialog[bool]):
    """A draft naming the person and the highlights; edit, copy, mark sent."""

    CSS_PATH = "after.tcss"
    AUTO_FOCUS = "#draft"
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+y", "copy", "Copy", priority=True),
    ]
    draft_name = "the thank-you"

    def __init__(self, store: Store, interview: Interview, contact: Contact) -> None:
        super().__init__()
        self.store = store
        self.interview = interview
        self.contact = contact

    def compose(self) -> ComposeResult:
        assert self.interview.id is not None
        highlights = [answer for _, answer in self.store.answers.highlights(self.interview.id)]
        draft = thank_you_draft(
            self.contact, highlights, my_name=self.store.settings.my_name(),
            minutes=Countdown.of(self.interview).meeting_minutes(),
        )  # fmt: skip
        sent = self.interview.thank_you_sent_at
        with Vertical():
            yield Label(f"Thank-you to {self.contact.name}", classes="title")
            note = "Already marked sent." if sent else "Due within a day of the interview."
            yield Label(f"{note} Edit it, copy it into your email, then mark it sent.",
                        classes="muted")  # fmt: skip
            yield Editor(draft, id="draft", soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close")
                yield Button("Copy  ^y", id="copy")
                yield Button("Mark sent", id="sent", variant="success")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.query_one("#draft", TextArea).text)
        self.notify("Copied. Nothing was sent: paste it into your email.")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copy":
            self.action_copy()
        elif event.button.id == "sent":
            assert self.interview.id is not None
            self.store.follow_ups.mark_thank_you_sent(self.interview.id)
            self.dismiss(True)
        else:
            self.action_cancel()

    def abandon(self) -> None:
        self.dismiss(False)


class ReferralsScreen(DraftDialog[list[Contact]]):
    """People the contact suggested: from their answer, or typed in."""

    CSS_PATH = "after.tcss"
    AUTO_FOCUS = "#typed"
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+s", "save", "Add as contacts", priority=True),
    ]
    draft_name = "the referrals"

    def __init__(self, store: Store, contact: Contact, answer: str = "") -> None:
        super().__init__()
        self.store = store
        self.contact = contact
        self.candidates = referral_candidates(answer)
        self.added: list[Contact] = []  # added as contacts (before a refusal, if one came)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Who {self.contact.name} suggested you talk to", classes="title")
            hint = (
                "From their answer to “who else should I talk to?”; untick any that are wrong."
                if self.candidates
                else "Type each person, like: Maria Lopez at Acme (runs ops)"
            )
            yield Label(hint, classes="muted")
            yield SelectionList[int](
                *((self._describe(c), n, True) for n, c in enumerate(self.candidates))
            )
            yield Field(placeholder="Maria Lopez at Acme (runs ops) — Enter adds", id="typed")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close")
                yield Button("Add as contacts  ^s", id="add", variant="primary")

    @staticmethod
    def _describe(c: ReferralCandidate) -> str:
        return (
            c.name + (f" at {c.company}" if c.company else "") + (f" ({c.note})" if c.note else "")
        )

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        if not self._take_typed():
            self.notify("Type a name, like: Maria Lopez at Acme (runs ops)", severity="warning")

    def _take_typed(self) -> bool:
        """The people typed in the field, put in the list, ticked; False if none."""
        field = self.query_one("#typed", Input)
        found = referral_candidates(field.value, typed=True)
        if not found:
            return False
        options = self.query_one(SelectionList)
        for candidate in found:
            self.candidates.append(candidate)
            options.add_option((self._describe(candidate), len(self.candidates) - 1, True))
        field.value = ""
        return True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "add":
            self.action_cancel()
            return
        self.action_save()

    def action_save(self) -> None:
        """Add the people ticked as contacts, referred by this one, with those typed in
        the field and not yet put in the list. One the store refuses stays ticked, and
        the dialog open, to correct or untick; those added are unticked."""
        assert self.contact.id is not None
        self._take_typed()
        options = self.query_one(SelectionList)
        refused = False
        for index in list(options.selected):
            c = self.candidates[index]
            try:
                self.added.append(
                    self.store.follow_ups.add_referral(
                        self.contact.id, c.name, company=c.company, note=c.note
                    )
                )
            except (ValidationError, StoreError) as error:
                self.notify(f"{c.name}: {error}", severity="error")
                refused = True
                continue
            options.deselect(index)
        if not refused:
            self.dismiss(self.added)

    def abandon(self) -> None:
        self.dismiss(self.added)  # those added before a refusal are in


class ReferralTreeScreen(Dialog[None]):
    CSS_PATH = "after.tcss"
    AUTO_FOCUS = "Tree"
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, tree: ReferralNode, focus_id: int | None) -> None:
        super().__init__()
        self.root_node = tree
        self.focus_id = focus_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Who led to whom", classes="title")
            tree: Tree[int] = Tree(self._label(self.root_node.contact))
            tree.root.data = self.root_node.contact.id
            self._grow(tree.root, self.root_node)
            tree.root.expand_all()
            yield tree

    def _label(self, contact: Contact) -> str:
        status = OutreachStatus(contact.status).label
        mark = " ◀" if contact.id == self.focus_id else ""
        where = f", {contact.company}" if contact.company else ""
        return f"{contact.name}{where}  ({status}){mark}"

    def _grow(self, node: object, branch: ReferralNode) -> None:
        for child in branch.children:
            leaf = node.add(self._label(child.contact), data=child.contact.id)  # type: ignore[attr-defined]
            self._grow(leaf, child)
