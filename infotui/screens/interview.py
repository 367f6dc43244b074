"""The live screen: contacts, the question checklist, the notes and the countdown."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, TextArea

from infotui.clock import Clock
from infotui.errors import StoreError
from infotui.keeper import NoteKeeper
from infotui.screens.interview_after import AfterInterview, Command
from infotui.screens.live_checklist import ChecklistPane
from infotui.screens.live_countdown import CountdownPane
from infotui.screens.live_notes import NotesPane
from infotui.timer import EXTENSION_MINUTES, Countdown, State
from infotui.validation import ValidationError
from infotui.views import ContactSummary, InterviewView, LiveReads, PlanEntry, place_of
from infotui.widgets.checklist import QuestionChecklist
from infotui.widgets.contact_list import SHOWN_AT_MOST, ContactList
from infotui.widgets.footer import KeyFooter
from infotui.widgets.keys_in_order import InOrderList

if TYPE_CHECKING:
    from infotui.screens.dialogs import NewContact, NewQuestion
    from infotui.screens.start_interview import StartChoice
    from infotui.store import Store

__all__ = ["InterviewScreen"]

# What works while the screen reads from the first look, before the store is open.
READ_ONLY_ACTIONS = frozenset(
    {"help", "next_question", "previous_question", "general_notes", "contacts", "to_checklist",
     "edit_answer"}
)  # fmt: skip
# Writes taken while the store opens behind the first look, and done once it is open.
PUT_OFF_ACTIONS = frozenset({"toggle_asked", "toggle_star"})
HINT_SECONDS = 5.0  # how long "nowhere to type" shows; it is not said again meanwhile


class PutOff(Protocol):
    def __call__(self, then: Callable[[], object], *, group: str) -> bool: ...


def _b(key: str, action: str, description: str, tooltip: str, *, show: bool = True) -> Binding:
    """A screen binding that works while typing; its tooltip names the command."""
    return Binding(key, action, description, show=show, tooltip=tooltip, priority=True)


class InterviewScreen(Screen[None]):
    """Everything needed during the conversation, in one window.

    The screen holds which contact and interview are shown and passes them to its
    parts, each of which owns its own state: the countdown (:class:`CountdownPane`),
    the checklist (:class:`ChecklistPane`), the notes and their saving
    (:class:`NotesPane`), and the after-interview screens (:class:`AfterInterview`).
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        _b("f1", "help", "Help", "Help: keys and what the marks mean"),
        _b("f2", "start", "Start", "Start interview: agree the time, then start the countdown"),
        # F2 once the countdown runs. Not on the key bar, which has no room left for it:
        # the start's notice names it, and help lists it.
        _b(
            "f2",
            "opener",
            "Opener",
            "Opener: what to do as it starts, with what was ticked",
            show=False,
        ),
        _b("f3", "pause", "Pause", "Pause timer: stop or restart the countdown (a phone rings)"),
        _b("f4", "extend", "+5 min", "Extend 5 minutes: asks first whether they agreed"),
        _b("f5", "toggle_asked", "Asked", "Mark asked: tick or untick the question"),
        _b("f6", "toggle_star", "Star", "Star question: a must-ask, counted by the pacing hint"),
        _b("f7", "add_question", "Add", "Add question: one that came up just now"),
        _b("f8", "end", "End", "End interview: stop the countdown and keep the notes"),
        _b(
            "f11",
            "plan",
            "Plan",
            "Plan questions: choose, star and order this interview's questions",
        ),
        _b("ctrl+n", "next_question", "Next", "Next question", show=False),
        _b("ctrl+up", "previous_question", "Previous", "Previous question", show=False),
        _b("ctrl+g", "general_notes", "Notes", "General notes: not tied to a question", show=False),
        _b("ctrl+l", "contacts", "Contacts", "Contacts: filter and pick a contact", show=False),
        _b(
            "ctrl+t",
            "highlight",
            "Highlight",
            "Highlight answer: worth quoting in the thank-you",
            show=False,
        ),
        _b(
            "ctrl+r",
            "debrief",
            "Debrief",
            "Debrief: what I learned, how it fits, next steps",
            show=False,
        ),
        _b(
            "ctrl+o",
            "history",
            "History",
            "Earlier versions: bring back an answer as it was before",
            show=False,
        ),
        Binding("escape", "to_checklist", "Questions", show=False),
        Binding("question_mark", "help", "Help", show=False),
    ]

    class Loaded(Message):
        """The screen has shown its first contacts and interview."""

    class StoreWanted(Message):
        """Something needs the store (to write): open it now, typing or not."""

    class LoadFailed(Message):
        """The database could not be read to fill the screen."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self,
        reads: LiveReads,
        clock: Clock,
        *,
        store: Store | None = None,
        keeper: NoteKeeper | None = None,
        bell: bool = False,
        put_off: PutOff | None = None,
    ) -> None:
        """``put_off(then, group)`` runs ``then`` once the store is open (start-up's
        :meth:`~infotui.startup.StartUp.once_the_store_opens`), for keys that write
        while the screen reads from a first look."""
        super().__init__()
        self._put_off_until_open = put_off
        # Until the store is open the screen reads from a first look, and writes
        # nothing: use_store() hands it the store.
        self.reads = reads
        self._store = store
        # Ticks and stars taken while the store opens, by (mark, plan entry), as they stand.
        self._put_off: dict[tuple[str, int], bool] = {}
        self.clock = clock
        self.bell = bell
        # What is typed goes to the keeper (the app's, reached by every way out).
        self.keeper = keeper or NoteKeeper()
        self.contact: ContactSummary | None = None
        self.interview: InterviewView | None = None
        self._away = False  # another screen was shown over this one
        self._hinted_until = 0.0  # (monotonic) the "nowhere to type" notice shows until then

    # -- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield CountdownPane(self.clock, bell=self.bell, id="top")
        with Horizontal(id="body"):
            with Vertical(id="contacts-pane", classes="pane") as pane:
                pane.border_title = "Contacts"
                yield ContactList(id="contacts")
            questions = ChecklistPane(id="checklist-pane", classes="pane")
            questions.border_title = "Questions"
            yield questions
            notes = NotesPane(
                self.keeper, self.reads, store=self._store, id="editor-pane", classes="pane"
            )
            notes.border_title = "Answer"
            yield notes
        yield AfterInterview()
        yield KeyFooter(compact=True, keys_later=True)  # its keys once the screen is filled

    @property
    def countdown(self) -> CountdownPane:
        return self.query_one(CountdownPane)

    @property
    def questions(self) -> ChecklistPane:
        return self.query_one(ChecklistPane)

    @property
    def notes(self) -> NotesPane:
        return self.query_one(NotesPane)

    @property
    def after(self) -> AfterInterview:
        return self.query_one(AfterInterview)

    @property
    def checklist(self) -> QuestionChecklist:
        return self.query_one(QuestionChecklist)

    @property
    def answer_area(self) -> TextArea:
        return self.notes.answer_area

    @property
    def notes_area(self) -> TextArea:
        return self.notes.notes_area

    @property
    def plan(self) -> list[PlanEntry]:
        return self.questions.plan

    @property
    def bound(self) -> PlanEntry | None:
        """The question whose answer is in the editor."""
        return self.notes.bound

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

    async def on_mount(self) -> None:
        # The app paints its opening screen before this one is built: fill it now, so
        # its first frame already shows the contacts and the interview, and the keys
        # that act on them.
        if self._store is not None:
            self.after.use_store(self._store)
        self.load()
        await self.query_one(KeyFooter).keys_now()

    def load(self) -> None:
        try:
            self._load()
        except StoreError as error:  # damaged past what opening the file could see
            self.post_message(self.LoadFailed(str(error)))

    def _load(self) -> None:
        running = self.reads.open_interview()
        # The first of a long list is enough to show; the rest follows when shown.
        contacts, total = self.reads.first_contacts(SHOWN_AT_MOST)
        first = running.contact_id if running else (contacts[0].id if contacts else None)
        self.query_one(ContactList).show_contacts(
            self.reads, active_id=first, first=(contacts, total)
        )
        if first is not None:
            self.show_contact(first, running)
        if running is not None:
            start: Widget = self.answer_area
        elif first is not None:
            start = self.checklist if self.interview else self.query_one("#contact-options")
        else:  # no contact yet
            start = self.query_one("#contact-filter")
            self.countdown.show_welcome()
            self.notes.show_no_contact()
        # Focus now, not after the next message: keys typed while the app opened are
        # waiting, and must reach the editor rather than the first focusable widget.
        self.set_focus(start)
        self._announce_loaded(rounds=3)

    def type_ahead(self, text: str) -> None:
        """Text typed before the screen was up: where it would have gone typed now (into
        the editor or filter that has focus; from the contact list, into its filter; from
        the question list, into the answer)."""
        focused = self.focused
        if focused is self.query_one("#contact-options"):
            field = self.query_one("#contact-filter", Input)
            self.set_focus(field)
            # After its focus, which selects what it holds (for a new key to replace).
            field.call_later(field.insert_text_at_cursor, text)
            return
        if focused is None or focused is self.checklist:
            focused = self._editor_for_typing()
            if focused is None:
                self._nowhere_to_type()
                return
            self.set_focus(focused)
            focused.move_cursor(focused.document.end)
        if isinstance(focused, TextArea) and not focused.read_only:
            focused.insert(text)
        elif isinstance(focused, Input):
            focused.insert_text_at_cursor(text)

    def _announce_loaded(self, rounds: int) -> None:
        """Say the screen is up once it has painted: after a few repaints, not mid-layout.

        Whatever the app does next (load the database layer) then does not slow the
        first frame down.
        """
        if rounds:
            self.call_after_refresh(self._announce_loaded, rounds - 1)
        else:
            self.post_message(self.Loaded())

    def use_store(self, store: Store) -> None:
        """Take over from the first look: read through the store, then save what was typed."""
        self._store = store
        self.reads = store.reads
        self.after.use_store(store)
        self.query_one(ContactList).use_reads(store.reads)
        self.refresh_bindings()
        self.notes.use_store(store)

    def still_opening(self) -> bool:
        """True (and says so) while the store is not open yet."""
        if self.writable:
            return False
        self.post_message(self.StoreWanted())
        self.notify("Still opening the database: one moment.", timeout=3)
        return True

    # -- what the app asks of the screen ---------------------------------------------

    def save_now(self) -> bool:
        """Write whatever is unsaved; True when nothing is left unsaved."""
        return self.notes.save_now()

    def capture_edits(self) -> None:
        """Hand the keeper what the editors show now."""
        for notes in self.query(NotesPane):  # none yet while the screen is being built
            notes.capture_edits()

    def show_saved_state(self, state: str) -> None:
        for notes in self.query(NotesPane):
            notes.show_saved_state(state)

    def palette_commands(self) -> list[Command]:
        """Commands for the palette that have no key of their own."""
        return self.after.commands(self._closing_answers)

    def _closing_answers(self) -> str:
        """What the "who else should I talk to?" questions' answers say, saved first."""
        if self.interview is None:
            return ""
        self.save_now()
        closing = [e for e in self.plan if e.closing and "talk to" in e.text.lower()]
        return "\n".join(self.notes.text_of(e.question_id) for e in closing)

    # -- contacts -----------------------------------------------------------------

    def show_at(
        self,
        contact_id: int,
        interview_id: int | None,
        question_id: int | None,
        snippet: str = "",
    ) -> None:
        """Open one interview of a contact at one question (from a search hit), with the
        cursor on the word the search found (``snippet``'s first match) and it in sight."""
        interview = self.reads.interview(interview_id) if interview_id is not None else None
        self.show_contact(contact_id, interview)
        self.query_one(ContactList).show_contacts(self.reads, active_id=contact_id)
        if question_id is None:
            if interview is not None:
                self._focus_at(self.notes_area, snippet)
            return
        entry = self.questions.select_question(question_id)
        if entry is not None:
            self.notes.bind(entry)
            self._focus_at(self.answer_area, snippet)

    def _focus_at(self, area: TextArea, snippet: str) -> None:
        area.focus()
        place = place_of(snippet, area.text) if snippet else None
        if place is not None:
            area.move_cursor(place, center=True)

    def show_contact(self, contact_id: int, interview: InterviewView | None = None) -> None:
        self.save_now()
        self.contact = self.reads.contact(contact_id)
        self.query_one(ContactList).active_id = contact_id
        self.show_interview(
            interview
            or self.reads.open_interview(contact_id)
            or self.reads.last_interview(contact_id)  # a finished one, as it was asked
        )

    @on(ContactList.Picked)
    def _picked(self, event: ContactList.Picked) -> None:
        contacts = self.query_one(ContactList)
        self.show_contact(event.contact_id)
        contacts.show_contacts(self.reads, active_id=event.contact_id)
        self.checklist.focus()

    @on(ContactList.AddRequested)
    def _add_contact(self, event: ContactList.AddRequested) -> None:
        if self.still_opening():
            return

        def added(new: NewContact | None) -> None:
            if new is None:
                return
            try:
                contact = self.store.contacts.add(new.name, company=new.company)
            except (ValidationError, StoreError) as error:
                self.notify(str(error), severity="error")
                return
            self.notify(f"Added {contact.name}. Press F2 to start an interview.")
            self.query_one("#contact-filter", Input).value = ""
            assert contact.id is not None
            self.query_one(ContactList).show_contacts(self.reads, active_id=contact.id)
            self.show_contact(contact.id)

        from infotui.screens.dialogs import QuickAddContact

        self.app.push_screen(QuickAddContact(event.name), added)

    # -- the interview ------------------------------------------------------------

    def show_interview(self, interview: InterviewView | None) -> None:
        """Show an interview (or none) in every part, with its first open question in hand."""
        self.save_now()
        self.interview = interview
        interview_id = interview.id if interview is not None else None
        plan = self.reads.plan(interview_id) if interview_id is not None else []
        highlighted = (
            self.reads.highlighted_questions(interview_id) if interview_id is not None else set()
        )
        name = self.contact.name if self.contact is not None else "?"
        self.countdown.show(self.contact, interview, plan)
        self.notes.show_interview(interview_id, name, plan)
        wrap_up = self.countdown.wrap_up
        self.questions.show(interview_id, plan, highlighted, self.notes.answered(), wrap_up=wrap_up)
        self.after.show(self.contact, interview)
        if interview_id is not None:
            self.notes.bind(self.questions.current)
        self.set_class(wrap_up, "-wrap-up")
        self.refresh_bindings()

    def _plan_changed(self) -> None:
        """The plan was changed here: every part shows it."""
        plan = self.questions.plan
        self.notes.plan = plan
        self.countdown.show_plan(plan)

    @on(OptionList.OptionHighlighted, "#checklist")
    def _question_highlighted(self) -> None:
        current = self.checklist.current
        bound = self.notes.bound
        if current is not None and (bound is None or current.id != bound.id):
            self.notes.bind(current)

    @on(OptionList.OptionSelected, "#checklist")
    def _question_selected(self) -> None:
        self.action_edit_answer()

    @on(CountdownPane.WrapUp)
    def _wrap_up(self, event: CountdownPane.WrapUp) -> None:
        self.set_class(event.on, "-wrap-up")
        self.questions.refresh_marks(wrap_up=event.on)

    @on(NotesPane.Saved)
    def _saved(self, event: NotesPane.Saved) -> None:
        """Answers were written: a question with an answer has been asked."""
        if self._store is None:
            return
        try:
            if self.questions.mark_answered_asked(self._store, event.written):
                self._plan_changed()
        except StoreError:
            pass  # the answers are saved; the ticks come with the next save
        self.questions.refresh_marks(answered=self.notes.answered())

    @on(NotesPane.AnswersShown)
    def _answers_shown(self) -> None:
        self.questions.refresh_marks(answered=self.notes.answered())

    @on(AfterInterview.Changed)
    def _after_changed(self, event: AfterInterview.Changed) -> None:
        if event.what == "interview" and self.interview is not None:
            self.interview = self.reads.interview(self.interview.id)
            self.after.show(self.contact, self.interview)
        elif event.what == "contacts":
            self._away = True
            self.on_screen_resume()

    def on_screen_suspend(self) -> None:
        self._away = True
        self.save_now()

    def on_screen_resume(self) -> None:
        """Back from another screen: contacts or bookings may have changed."""
        if not self._away:
            return  # the first showing: load() has just read everything
        self._away = False
        contacts = self.query_one(ContactList)
        active = self.contact.id if self.contact else None
        contacts.show_contacts(self.reads, active_id=active)
        live = self.interview is not None and self.interview.started_at is not None
        if active is not None and not live:
            self.show_contact(active)

    # -- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.writable and action not in READ_ONLY_ACTIONS | PUT_OFF_ACTIONS:
            return None  # shown dimmed for the moment the store takes to open
        state = Countdown.of(self.interview).state if self.interview else None
        live = state in (State.RUNNING, State.PAUSED)
        if action == "start":
            return self.contact is not None and not live
        if action == "opener":  # F2 once the countdown runs
            return live
        if action == "plan":
            return self.contact is not None
        if action in ("pause", "extend", "end"):
            return live
        if action == "history":
            return self.interview is not None
        if action == "debrief":
            return self.interview is not None and self.interview.started_at is not None
        if action in ("toggle_asked", "toggle_star", "add_question", "next_question",
                      "previous_question"):  # fmt: skip
            return self.interview is not None
        return True

    def action_help(self) -> None:
        from infotui.screens.help import HelpScreen, screen_keys

        self.app.push_screen(
            HelpScreen(
                [
                    ("Anywhere on this screen", self.BINDINGS),
                    ("In the question list", QuestionChecklist.BINDINGS),
                    ("Other screens", screen_keys(self.app)),
                ]
            )
        )

    def action_start(self) -> None:
        contact = self.contact
        if contact is None:
            self.notify("Pick or add a contact first.", severity="warning")
            return
        planned = self.interview if self.interview and self.interview.started_at is None else None
        minutes = planned.agreed_minutes if planned else 30

        def chosen(choice: StartChoice | None) -> None:
            if choice is None:
                return
            interviews = self.store.interviews
            try:
                if planned is None:
                    interview = interviews.create(contact.id, agreed_minutes=choice.minutes)
                else:
                    interview = interviews.set_agreed_minutes(planned.id, choice.minutes)
                assert interview.id is not None
                interviews.set_opener_ticked(interview.id, choice.ticked)
                started = interviews.change_timer(interview.id, lambda c: c.start(self.clock.now()))
            except (StoreError, ValidationError) as error:
                self.notify(str(error), severity="error")
                return
            self.show_interview(InterviewView.of(started))
            self.notify(f"Countdown started: {choice.minutes} minutes. F2: the opener again.")
            self.answer_area.focus()

        from infotui.screens.start_interview import StartInterview

        ticked = self.store.interviews.opener_ticked(planned.id) if planned else []
        opener = tuple(self.store.plans.opener())
        self.app.push_screen(StartInterview(contact.name, minutes, opener, ticked), chosen)

    def action_opener(self) -> None:
        """The opener again, once the countdown runs: what was ticked, to tick the rest."""
        if self.interview is None or self.contact is None:
            return
        interview_id = self.interview.id
        ticked = self.store.interviews.opener_ticked(interview_id)
        # The lines as the bank has them now, and any ticked under an older wording.
        opener = tuple(dict.fromkeys([*self.store.plans.opener(), *ticked]))

        def closed(lines: tuple[str, ...] | None) -> None:
            if lines is None:
                return
            try:
                self.store.interviews.set_opener_ticked(interview_id, lines)
            except StoreError as error:
                self.notify(str(error), severity="error")

        from infotui.screens.start_interview import OpenerChecklist

        self.app.push_screen(OpenerChecklist(self.contact.name, opener, ticked), closed)

    def _change_timer(self, change: str) -> None:
        if self.interview is None:
            return
        now = self.clock.now()
        changes = {
            "pause": lambda c: c.resume(now) if c.state is State.PAUSED else c.pause(now),
            "extend": lambda c: c.extend(),
            "end": lambda c: c.end(now),
        }
        try:
            changed = self.store.interviews.change_timer(self.interview.id, changes[change])
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.interview = InterviewView.of(changed)
        self.countdown.changed(self.interview)
        self.after.show(self.contact, self.interview)
        self.refresh_bindings()

    def action_plan(self) -> None:
        from infotui.screens.plan import PlanScreen

        contact, interview = self.after.rows()
        if contact is None or contact.id is None:
            self.notify("Pick or add a contact first.", severity="warning")
            return
        if interview is None or interview.ended_at is not None:
            interview = self.store.interviews.create(contact.id)
        self.save_now()
        planned_id = interview.id or 0

        def saved(changed: bool | None) -> None:
            self.show_interview(self.store.reads.interview(planned_id))

        title = f"Questions for the interview with {contact.name}"
        self.app.push_screen(PlanScreen(self.store, interview=interview, title=title), saved)

    def action_pause(self) -> None:
        self._change_timer("pause")
        if self.interview and Countdown.of(self.interview).state is State.PAUSED:
            self.notify("Countdown paused. Press F3 to carry on.")

    def action_extend(self) -> None:
        """Five more minutes, once the user says the other person agreed to them."""
        if self.interview is None or self.contact is None:
            return
        given = Countdown.of(self.interview).given_minutes + EXTENSION_MINUTES
        first = self.contact.name.split()[0] if self.contact.name.split() else "they"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._change_timer("extend")
                self.notify(f"Extended to {given} minutes, as agreed.")

        from infotui.screens.dialogs import ExtendScreen

        self.app.push_screen(ExtendScreen(first, EXTENSION_MINUTES, given), confirmed)

    def action_end(self) -> None:
        if self.interview is None or self.contact is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.save_now()
                self._change_timer("end")
                self.notify("Interview ended. Your notes are saved.")
                self.action_debrief()

        from infotui.screens.dialogs import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(f"End the interview with {self.contact.name} now?", yes="End"),
            confirmed,
        )

    def _toggle(self, field: str) -> None:
        if self._store is None:
            self._toggle_once_open(field)
            return
        self._settle_put_off()  # marks taken before the store opened come first
        try:
            self.questions.toggle(self.store, field)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self._plan_changed()
        self.notes.bound = self.questions.current

    def _toggle_once_open(self, field: str) -> None:
        """Space, F5 or F6 while the store opens (behind the first look): the question in
        hand is marked on the screen at once, and in the store once it is open. The
        marks are kept as they stand (ticked, unticked), so keys pressed meanwhile, and a
        tick the handover makes for an answered question, add up as they would have."""
        intended = self.questions.intend(field, self.clock.now())
        if intended is None:
            return
        entry_id, value = intended
        first = not self._put_off
        self._put_off[(field, entry_id)] = value
        if first and self._put_off_until_open is not None:
            self._put_off_until_open(self._settle_put_off, group="put-off-marks")

    def _settle_put_off(self) -> None:
        """Store the marks taken while the store opened (once it is open; at most once)."""
        if self._store is None or not self._put_off:
            return  # nothing waiting, or never opened (the app leaves, saying why)
        marks, self._put_off = self._put_off, {}
        try:
            self.questions.settle(self._store, marks)
        except StoreError as error:
            self.notify(f"Questions not marked: {error}", severity="error")
            return
        self._plan_changed()
        self.notes.bound = self.questions.current

    def action_toggle_asked(self) -> None:
        self._toggle("asked")

    def action_toggle_star(self) -> None:
        self._toggle("starred")

    def action_add_question(self) -> None:
        if self.interview is None:
            return

        def added(new: NewQuestion | None) -> None:
            if new is None:
                return
            try:
                entry = self.questions.add(self.store, new.text, to_bank=new.to_bank)
            except (StoreError, ValidationError) as error:
                self.notify(str(error), severity="error")
                return
            self._plan_changed()
            self.notes.bind(entry)
            self.answer_area.focus()

        from infotui.screens.dialogs import AddQuestion

        self.app.push_screen(AddQuestion(), added)

    def action_highlight(self) -> None:
        entry = self.questions.current
        if entry is None or self.interview is None:
            return
        self.save_now()
        on = entry.question_id not in self.questions.highlighted
        try:
            self.questions.set_highlight(self.store, entry, on)
        except StoreError as error:
            self.notify(str(error).capitalize() + ".", severity="warning")
            return
        self.notify("Highlighted." if on else "Highlight removed.")

    def action_debrief(self) -> None:
        self.after.debrief()

    def action_history(self) -> None:
        """Earlier versions of the answer in the editor (or of the general notes)."""
        from infotui.screens.history import HistoryScreen

        key = self.notes.focused_key()
        if key is None:
            return
        self.save_now()
        versions = self.store.answers.versions(*key)

        def chosen(text: str | None) -> None:
            if text is not None:
                self.save_now()
                self.notes.replace(key, text, self.keeper.revision(key))
                self.notify("Restored. The text it replaced is kept in the history too.")

        self.app.push_screen(HistoryScreen(self.notes.label(key), versions), chosen)

    def action_next_question(self) -> None:
        self.checklist.action_cursor_down()
        self._question_highlighted()  # now: the next key typed is for that question

    def action_previous_question(self) -> None:
        self.checklist.action_cursor_up()
        self._question_highlighted()

    def action_edit_answer(self) -> None:
        if self.answer_area.disabled:
            self._nowhere_to_type()
        else:
            self.answer_area.focus()

    def action_to_checklist(self) -> None:
        self.checklist.focus()

    def action_general_notes(self) -> None:
        if self.notes_area.disabled:
            self._nowhere_to_type()
        else:
            self.notes_area.focus()

    # -- what is typed with no text field in focus ------------------------------------

    @on(InOrderList.Typed, "#checklist")
    def _typed_on_the_checklist(self, event: InOrderList.Typed) -> None:
        """A letter typed on the question list: it starts (or goes on with) the answer of
        the question highlighted, which a key just before it (Down) may have moved to with
        its message still on the way: the editor is bound to it first."""
        event.stop()
        self._question_highlighted()
        self._type_into_notes(event.key, event.character)

    def on_key(self, event: events.Key) -> None:
        # With nothing in focus (the editor that had it was turned off), the key comes here.
        if self.focused is None and event.is_printable:
            event.stop()
            self._type_into_notes(event.key, event.character or "")

    def _editor_for_typing(self) -> TextArea | None:
        """Where text typed with no editor in focus goes: the answer in hand (the general
        notes when the plan has no question); None with no interview."""
        if not self.answer_area.disabled and self.notes.bound is not None:
            return self.answer_area
        if not self.notes_area.disabled:
            return self.notes_area
        return None

    def _type_into_notes(self, key: str, character: str) -> None:
        """Put what was typed at the end of the answer in hand (or the general notes),
        and the focus there; with no interview, say so."""
        area = self._editor_for_typing()
        if area is None:
            self._nowhere_to_type()
            return
        self.set_focus(area)
        area.move_cursor(area.document.end)
        area._forward_event(events.Key(key, character))  # taken as the keys after it are

    def _nowhere_to_type(self) -> None:
        """Say why nothing takes the notes, and how to have somewhere to take them: once
        while the notice shows, however many keys come."""
        now = time.monotonic()
        if now < self._hinted_until:
            return
        self._hinted_until = now + HINT_SECONDS
        if self.contact is None:
            message = "No contact picked: Ctrl+L, then type a name to find or add one."
        else:
            message = (
                f"No interview with {self.contact.name} yet, so no notes to type into: "
                "F2 starts one, F11 plans one (its general notes take your preparation)."
            )
        self.notify(message, severity="warning", timeout=HINT_SECONDS)

    def action_contacts(self) -> None:
        self.query_one("#contact-filter").focus()
