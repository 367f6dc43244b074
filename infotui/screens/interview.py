"""The live screen: contacts, the question checklist, the notes and the countdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static, TextArea

from infotui.clock import Clock
from infotui.errors import StoreError
from infotui.keeper import NoteKeeper
from infotui.screens.interview_after import AfterInterviewActions
from infotui.screens.interview_saving import AnswerSaving
from infotui.timer import Countdown, Stage, State
from infotui.validation import ValidationError
from infotui.views import ContactSummary, InterviewView, LiveReads, PlanEntry
from infotui.widgets.checklist import QuestionChecklist
from infotui.widgets.contact_list import SHOWN_AT_MOST, ContactList
from infotui.widgets.footer import KeyFooter
from infotui.widgets.notes_area import NotesArea
from infotui.widgets.timer_display import TimerDisplay

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from infotui.screens.dialogs import NewContact, NewQuestion
    from infotui.screens.start_interview import StartChoice
    from infotui.store import Store

FOLLOW_EVERY = 2.0  # seconds between looks at what another window saved

WRAP_UP_REMINDER = "Wrap-up: ask who else they suggest you talk to, and thank them for their time."

# What works while the screen reads from the first look, before the store is open.
READ_ONLY_ACTIONS = frozenset(
    {"help", "next_question", "previous_question", "general_notes", "contacts", "to_checklist",
     "edit_answer"}
)  # fmt: skip


def _b(key: str, action: str, description: str, tooltip: str, *, show: bool = True) -> Binding:
    """A screen binding that works while typing; its tooltip names the command."""
    return Binding(key, action, description, show=show, tooltip=tooltip, priority=True)


class InterviewScreen(AnswerSaving, AfterInterviewActions, Screen[None]):
    """Everything needed during the conversation, in one window."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        _b("f1", "help", "Help", "Help: keys and what the marks mean"),
        _b("f2", "start", "Start", "Start interview: agree the time, then start the countdown"),
        _b("f3", "pause", "Pause", "Pause timer: stop or restart the countdown (a phone rings)"),
        _b("f4", "extend", "+5 min", "Extend 5 minutes: only when they have agreed to it"),
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
    ) -> None:
        super().__init__()
        # Until the store is open the screen reads from a first look, and writes
        # nothing: use_store() hands it the store.
        self.reads = reads
        self._store = store
        self.clock = clock
        self.bell = bell
        self.contact: ContactSummary | None = None
        self.interview: InterviewView | None = None
        self.plan: list[PlanEntry] = []
        # What is typed goes to the keeper (the app's, reached by every way out).
        self.keeper = keeper or NoteKeeper()
        self.saved: dict[int | None, str] = {}  # the editors' text as this window knows it
        self.bound: PlanEntry | None = None  # the question whose answer is in the editor
        self.wrap_up = False
        self.announced = Stage.NORMAL
        self._debounce: Timer | None = None
        self._save_at = 0.0  # when the save timer fires, on the keeper's clock
        self._save_failing = False
        self._away = False  # another screen was shown over this one
        self.highlighted: set[int] = set()  # question ids whose answer is highlighted

    # -- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            with Vertical(id="who"):
                yield Label("infotui", id="who-name")
                yield Label("Pick a contact on the left, then press F2 to start.", id="who-detail")
                yield Label("", id="pacing")
            yield TimerDisplay(self.clock, id="timer")
        with Horizontal(id="body"):
            with Vertical(id="contacts-pane", classes="pane") as pane:
                pane.border_title = "Contacts"
                yield ContactList(id="contacts")
            with Vertical(id="checklist-pane", classes="pane") as pane:
                pane.border_title = "Questions"
                yield QuestionChecklist(id="checklist")
            with Vertical(id="editor-pane", classes="pane") as pane:
                pane.border_title = "Answer"
                yield Static("", id="question")
                yield Label(WRAP_UP_REMINDER, id="wrap-up")
                yield NotesArea(id="answer")
                notes = NotesArea(id="notes")
                notes.border_title = "General notes"
                yield notes
        yield KeyFooter(compact=True)

    @property
    def answer_area(self) -> TextArea:
        return self.query_one("#answer", TextArea)

    @property
    def notes_area(self) -> TextArea:
        return self.query_one("#notes", TextArea)

    @property
    def checklist(self) -> QuestionChecklist:
        return self.query_one(QuestionChecklist)

    def on_mount(self) -> None:
        self.answer_area.disabled = self.notes_area.disabled = True
        self.set_interval(1.0, self.show_pacing)
        self.set_interval(FOLLOW_EVERY, self.follow_other_windows)
        # The app paints its opening screen before this one is built: fill it now, so
        # its first frame already shows the contacts and the interview.
        self.load()

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
        listed = list(contacts)
        if first is not None and all(c.id != first for c in listed):
            active = self.reads.contact(first)  # the interview's, beyond the first page
            if active is not None:
                listed.insert(0, active)
        self.query_one(ContactList).set_contacts(listed, active_id=first, total=total)
        if first is not None:
            self.show_contact(first, running)
        if running is not None:
            start: Widget = self.answer_area
        elif first is not None:
            start = self.checklist if self.interview else self.query_one("#contact-options")
        else:
            start = self.query_one("#contact-filter")
        # Focus now, not after the next message: keys typed while the app opened are
        # waiting, and must reach the editor rather than the first focusable widget.
        self.set_focus(start)
        self._announce_loaded(rounds=3)

    def type_ahead(self, text: str) -> None:
        """Text typed before the screen was up: into the editor or filter that has focus."""
        focused = self.focused
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
        elif self.query_one(ContactList).partial:
            self._read_all_contacts()  # then Loaded
        else:
            self.post_message(self.Loaded())

    @work(thread=True, exclusive=True, group="all-contacts")
    def _read_all_contacts(self) -> None:
        """The rest of a long contact list, read behind the first frame."""
        try:
            contacts = self.reads.contact_index()
        except StoreError:
            contacts = None  # the store reads them when it takes over
        self.app.call_from_thread(self._show_all_contacts, contacts)

    def _show_all_contacts(self, contacts: list[ContactSummary] | None) -> None:
        if contacts is not None:
            listed = self.query_one(ContactList)
            listed.set_contacts(contacts, active_id=listed.active_id)
        self.post_message(self.Loaded())

    # -- contacts -----------------------------------------------------------------

    def show_at(self, contact_id: int, interview_id: int | None, question_id: int | None) -> None:
        """Open one interview of a contact at one question (from a search hit)."""
        interview = self.reads.interview(interview_id) if interview_id is not None else None
        self.show_contact(contact_id, interview)
        self.query_one(ContactList).set_contacts(self.reads.contact_index(), active_id=contact_id)
        if question_id is None:
            if interview is not None:
                self.notes_area.focus()
            return
        index = next(
            (i for i, e in enumerate(self.checklist.entries) if e.question_id == question_id), None
        )
        if index is not None:
            self.checklist.highlighted = index
            self.bind_question(self.checklist.current)
            self.answer_area.focus()

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
        contacts.set_contacts(self.reads.contact_index(), active_id=event.contact_id)
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
            self.query_one(ContactList).set_contacts(
                self.store.contacts.index(), active_id=contact.id
            )
            self.show_contact(contact.id)

        from infotui.screens.dialogs import QuickAddContact

        self.app.push_screen(QuickAddContact(event.name), added)

    # -- the interview ------------------------------------------------------------

    def show_interview(self, interview: InterviewView | None) -> None:
        self.interview = interview
        self.bound = None
        timer = self.query_one(TimerDisplay)
        if interview is None or interview.id is None:
            self.plan, self.saved = [], {}
            timer.countdown = None
            self.checklist.show([], set(), wrap_up=False)
            self.answer_area.load_text("")
            self.notes_area.load_text("")
            self.answer_area.disabled = self.notes_area.disabled = True
            self.query_one("#question", Static).update(
                "No interview with this contact yet. Press F2 to start one."
            )
        else:
            countdown = Countdown.of(interview)
            now = self.clock.now()
            self.announced = countdown.stage(now)
            self.wrap_up = countdown.in_wrap_up(now)
            timer.countdown = countdown
            self.plan = self.reads.plan(interview.id)
            # Answers as stored, but what is typed here and not saved yet wins.
            self.saved = {q: s.text for q, s in self.reads.answer_states(interview.id).items()}
            self.saved.update(
                {q: self.keeper.text((i, q)) for i, q in self.keeper.pending_keys()
                 if i == interview.id}
            )  # fmt: skip
            self.highlighted = self.reads.highlighted_questions(interview.id)
            self.answer_area.disabled = self.notes_area.disabled = False
            self.notes_area.load_text(self.read_answer(None))
            self.refresh_checklist()
            upcoming = next((i for i, e in enumerate(self.checklist.entries) if not e.asked), 0)
            if self.checklist.entries:
                self.checklist.highlighted = upcoming
            self.bind_question(self.checklist.current)
        self.set_class(self.wrap_up, "-wrap-up")
        self.show_header()
        self.refresh_bindings()

    def refresh_checklist(self) -> None:
        answered = {qid for qid, text in self.saved.items() if qid is not None and text.strip()}
        self.checklist.show(self.plan, answered, wrap_up=self.wrap_up, highlighted=self.highlighted)

    def show_header(self) -> None:
        name = self.query_one("#who-name", Label)
        detail = self.query_one("#who-detail", Label)
        if self.contact is None:
            return
        at = ", ".join(part for part in (self.contact.role, self.contact.company) if part)
        name.update(f"{self.contact.name}" + (f"  ·  {at}" if at else ""))
        if self.interview is None:
            detail.update("No interview yet: press F2 to agree the time and start.")
        else:
            minutes = f"{self.interview.agreed_minutes} minutes agreed"
            if self.interview.extended_minutes:
                minutes += f", extended by {self.interview.extended_minutes}"
            place = f"  ·  {self.interview.place}" if self.interview.place else ""
            detail.update(minutes + place)
        self.show_pacing()

    def show_pacing(self) -> None:
        label = self.query_one("#pacing", Label)
        if self.interview is None:
            label.update("")
            return
        countdown = Countdown.of(self.interview)
        starred = [e for e in self.plan if e.starred and not e.asked]
        left = starred or [e for e in self.plan if not e.asked]
        label.update(countdown.pacing(self.clock.now(), len(left), starred=bool(starred)))

    def bind_question(self, entry: PlanEntry | None) -> None:
        """Put one question's answer in the editor (after saving the last one)."""
        self.save_now()
        self.bound = entry
        question = self.query_one("#question", Static)
        if entry is None:
            question.update("")
            self.answer_area.load_text("")
            return
        number = next(n for n, e in enumerate(self.plan, start=1) if e.id == entry.id)
        hint = f"\n[dim]{escape(entry.hint)}[/dim]" if entry.hint else ""
        question.update(f"[b]{number}. {escape(entry.text)}[/b]{hint}")
        self.answer_area.load_text(self.read_answer(entry.question_id))

    @on(OptionList.OptionHighlighted, "#checklist")
    def _question_highlighted(self) -> None:
        current = self.checklist.current
        if current is not None and (self.bound is None or current.id != self.bound.id):
            self.bind_question(current)

    @on(OptionList.OptionSelected, "#checklist")
    def _question_selected(self) -> None:
        self.action_edit_answer()

    @on(TimerDisplay.Changed)
    def _timer_changed(self, event: TimerDisplay.Changed) -> None:
        if event.stage > self.announced and event.stage.message:
            severity: SeverityLevel = "warning" if event.stage is Stage.FIVE_LEFT else "error"
            self.notify(event.stage.message, title="Time", severity=severity, timeout=8)
            if self.bell:
                self.app.bell()
        self.announced = event.stage
        if event.wrap_up != self.wrap_up:
            self.wrap_up = event.wrap_up
            self.set_class(self.wrap_up, "-wrap-up")
            self.refresh_checklist()

    # -- saving -------------------------------------------------------------------

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        # Runs on every keystroke: look only at the editor that changed (loading a question
        # into it changes it too, without anything to save).
        area = event.text_area
        if self.interview is None or (area is self.answer_area and self.bound is None):
            return
        question_id = (
            None if area is self.notes_area or self.bound is None else self.bound.question_id
        )
        self.note_edit(question_id, area.text)

    def on_descendant_blur(self, event: object) -> None:
        if getattr(event, "widget", None) in (self.answer_area, self.notes_area):
            self.save_now()

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
        contacts.set_contacts(self.reads.contact_index(), active_id=active)
        live = self.interview is not None and self.interview.started_at is not None
        if active is not None and not live:
            self.show_contact(active)

    # -- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.writable and action not in READ_ONLY_ACTIONS:
            return None  # shown dimmed for the moment the store takes to open
        state = Countdown.of(self.interview).state if self.interview else None
        live = state in (State.RUNNING, State.PAUSED)
        if action == "start":
            return self.contact is not None and not live
        if action == "plan":
            return self.contact is not None
        if action in ("pause", "extend", "end"):
            return live
        if action == "history":
            return self.interview is not None
        if action == "debrief":
            return self.interview is not None and self.interview.started_at is not None
        if action in ("toggle_asked", "toggle_star", "add_question", "next_question",
                      "previous_question", "general_notes"):  # fmt: skip
            return self.interview is not None
        return True

    def action_help(self) -> None:
        from infotui.screens.help import HelpScreen

        self.app.push_screen(
            HelpScreen(
                [
                    ("Anywhere on this screen", self.BINDINGS),
                    ("In the question list", QuestionChecklist.BINDINGS),
                    ("In the contact list", ContactList.BINDINGS),
                    ("Other screens", self.app.BINDINGS),
                ]
            )
        )

    def action_start(self) -> None:
        contact = self.contact
        if contact is None or contact.id is None:
            self.notify("Pick or add a contact first.", severity="warning")
            return
        planned = self.interview if self.interview and self.interview.started_at is None else None
        minutes = planned.agreed_minutes if planned else 30

        def chosen(choice: StartChoice | None) -> None:
            if choice is None or contact.id is None:
                return
            try:
                if planned is None or planned.id is None:
                    interview = self.store.interviews.create(
                        contact.id, agreed_minutes=choice.minutes
                    )
                else:
                    interview = self.store.interviews.set_agreed_minutes(planned.id, choice.minutes)
                assert interview.id is not None
                started = self.store.interviews.change_timer(
                    interview.id, lambda c: c.start(self.clock.now())
                )
            except (StoreError, ValidationError) as error:
                self.notify(str(error), severity="error")
                return
            self.show_interview(InterviewView.of(started))
            self.notify(f"Countdown started: {choice.minutes} minutes.")
            self.answer_area.focus()

        from infotui.screens.start_interview import StartInterview

        self.app.push_screen(
            StartInterview(contact.name, minutes, tuple(self.store.plans.opener())), chosen
        )

    def _change_timer(self, change: str) -> None:
        if self.interview is None or self.interview.id is None:
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
        self.query_one(TimerDisplay).countdown = Countdown.of(self.interview)
        self.show_header()
        self.refresh_bindings()

    def action_plan(self) -> None:
        from infotui.screens.plan import PlanScreen

        contact, interview = self.stored()
        if contact is None or contact.id is None:
            self.notify("Pick or add a contact first.", severity="warning")
            return
        if interview is None or interview.ended_at is not None:
            interview = self.store.interviews.create(contact.id)
        self.save_now()

        def saved(changed: bool | None) -> None:
            self.show_interview(self.store.reads.interview(interview.id or 0))

        title = f"Questions for the interview with {contact.name}"
        self.app.push_screen(PlanScreen(self.store, interview=interview, title=title), saved)

    def action_pause(self) -> None:
        self._change_timer("pause")
        if self.interview and Countdown.of(self.interview).state is State.PAUSED:
            self.notify("Countdown paused. Press F3 to carry on.")

    def action_extend(self) -> None:
        self._change_timer("extend")
        self.notify("5 more minutes, as agreed.")

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
        entry = self.checklist.current
        if entry is None or self.interview is None or self.interview.id is None:
            return
        try:
            if field == "asked":
                self.store.plans.set_asked(entry.id, not entry.asked)
            else:
                self.store.plans.set_starred(entry.id, not entry.starred)
            self.plan = self.store.plans.of(self.interview.id)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.refresh_checklist()
        self.bound = self.checklist.current
        self.show_pacing()

    def action_toggle_asked(self) -> None:
        self._toggle("asked")

    def action_toggle_star(self) -> None:
        self._toggle("starred")

    def action_add_question(self) -> None:
        interview = self.interview
        if interview is None or interview.id is None:
            return

        def added(new: NewQuestion | None) -> None:
            if new is None or interview.id is None:
                return
            try:
                entry = self.store.plans.add_question(interview.id, new.text, to_bank=new.to_bank)
            except (StoreError, ValidationError) as error:
                self.notify(str(error), severity="error")
                return
            self.plan = self.store.plans.of(interview.id)
            self.refresh_checklist()
            index = next(i for i, e in enumerate(self.checklist.entries) if e.id == entry.id)
            self.checklist.highlighted = index
            self.bind_question(self.checklist.current)
            self.answer_area.focus()

        from infotui.screens.dialogs import AddQuestion

        self.app.push_screen(AddQuestion(), added)

    def action_next_question(self) -> None:
        self.checklist.action_cursor_down()

    def action_previous_question(self) -> None:
        self.checklist.action_cursor_up()

    def action_edit_answer(self) -> None:
        if not self.answer_area.disabled:
            self.answer_area.focus()

    def action_to_checklist(self) -> None:
        self.checklist.focus()

    def action_general_notes(self) -> None:
        if not self.notes_area.disabled:
            self.notes_area.focus()

    def action_contacts(self) -> None:
        self.query_one("#contact-filter").focus()
