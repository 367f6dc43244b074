"""The networking list: who is where in the pipeline, and what to do next."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Input, Label, Static

from infotui.clock import Clock
from infotui.dates import humanize, relative
from infotui.errors import StoreError
from infotui.messages import OpenInterview
from infotui.models import CallOutcome, Contact, EventKind, OutreachStatus
from infotui.screens.call import CallLogged, CallScreen
from infotui.screens.contact_form import ContactForm
from infotui.screens.dialogs import ConfirmScreen
from infotui.screens.plan import PlanScreen
from infotui.screens.reloading import ReloadOnShow
from infotui.screens.schedule import ScheduleScreen
from infotui.store import Store
from infotui.store.contacts import ContactRow
from infotui.views import NAMED, plural
from infotui.widgets.fitted_table import Column, FittedTable
from infotui.widgets.footer import KeyFooter
from infotui.widgets.keys_in_order import Field

FILTER_HINT = "/ Filter by name, company, role or field"
SHOWN_AT_MOST = 100  # the list is sorted by what is due; a longer one is narrowed by typing
# A filter's matches are counted this far, at most: the count only says "type to narrow".
COUNTED_AT_MOST = 10_000

COLUMNS = [
    Column("Name", min_width=10, max_share=0.35),
    Column("Company", min_width=8, max_share=0.3),
    Column("Status", min_width=9, max_share=0.25),
    Column("Last contact", min_width=8, max_share=0.2),
    Column("Next", min_width=8, max_share=0.2),
]

STATUS_STYLE = {
    OutreachStatus.TO_CONTACT: "",
    OutreachStatus.REACHED_OUT: "cyan",
    OutreachStatus.SCHEDULED: "bold green",
    OutreachStatus.INTERVIEWED: "green",
    OutreachStatus.THANK_YOU_SENT: "green",
    OutreachStatus.FOLLOWING_UP: "yellow",
    OutreachStatus.NO_RESPONSE: "dim",
    OutreachStatus.DECLINED: "dim",
}


def count_lines(found: int, shown: int, *, filtered: bool, counted: bool = True) -> tuple[str, str]:
    """How many contacts the list holds, or its filter finds, and how many are shown,
    beside the title ("150 found, first 100 shown"; "more than 100 found" while the
    count is on its way); and the empty filter's placeholder saying how many more than
    shown there are."""
    if not counted:
        return f"more than {shown:,} found", "/ Filter: more than shown; type to narrow"
    if filtered and found > COUNTED_AT_MOST:  # counted so far, no further
        return (
            f"over {COUNTED_AT_MOST:,} found, first {shown:,} shown",
            f"/ Filter: over {COUNTED_AT_MOST - shown:,} more than shown; type to narrow",
        )
    if filtered:
        total = f"{found:,} found" if found else "none found"
    else:
        total = f"{found:,} contact{'' if found == 1 else 's'}"
    if found > shown:
        more = f"/ Filter: {found - shown:,} more than shown; type to narrow"
        return f"{total}, first {shown:,} shown", more
    return total, FILTER_HINT


class ContactsScreen(ReloadOnShow):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add contact: a new person on your networking list"),
        Binding("e", "edit", "Edit", tooltip="Edit contact: change the highlighted contact"),
        Binding("c", "call", "Call", tooltip="Call script: the script, then log the outcome"),
        Binding("s", "schedule", "Schedule", tooltip="Schedule interview: book a day and time"),
        Binding(
            "p", "plan", "Plan", tooltip="Plan questions: prepare the next interview's questions"
        ),
        Binding("i", "interview", "Interview", tooltip="Open interview: go to the live screen"),
        Binding("d", "delete", "Delete", tooltip="Delete contact: with their interviews and notes"),
        Binding("slash", "filter", "Filter", tooltip="Filter contacts: fuzzy, by name or company"),
        Binding("I", "app.import", "Import", tooltip="Import file: LinkedIn, CSV or vCard"),
        Binding("E", "app.export", "Export", tooltip="Export: interviews, contacts, schedule"),
        Binding("escape", "back", "Back", tooltip="Back to the interview screen"),
    ]

    CSS_PATH = "contacts.tcss"

    def __init__(self, store: Store, clock: Clock, *, tz: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.tz = tz
        self.shown: list[ContactRow] = []  # the page shown: the database filters and counts
        self.found = 0  # how many the filter finds (every contact, without one)
        self._detailed: ContactRow | None = None  # the row the details pane shows

    def compose(self) -> ComposeResult:
        with Horizontal(id="heading"):
            yield Label("Contacts", id="heading-title")
            yield Label("", id="found")
            yield Label("", id="agenda")
        yield Field(placeholder=FILTER_HINT, id="contacts-filter")
        with Horizontal(id="contacts-body"):
            yield FittedTable(COLUMNS, zebra_stripes=True)
            with VerticalScroll(id="details-pane"):
                yield Static("", id="details")
        yield KeyFooter()

    @property
    def table(self) -> FittedTable:
        return self.query_one(FittedTable)

    def on_mount(self) -> None:
        self.table.focus()

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_id()
        self.query_one("#agenda", Label).update(
            self.store.interviews.agenda(tz=self.tz, named=NAMED).summary()
        )
        self.refilter(keep)

    def refilter(self, keep: int | None = None) -> None:
        query = self.query_one("#contacts-filter", Input).value
        self.shown, found = self.store.contacts.first_listed(query, SHOWN_AT_MOST)
        # A full page whose filter was not counted on the way: shown now, counted once
        # it is on the screen (a pass over the filters' index); a newer key drops it.
        self.found = found if found is not None else len(self.shown)
        self._show_count(query, counted=found is not None)
        if found is None:
            self.call_after_refresh(self._count, query)
        table = self.table
        now = self.clock.now()
        rows = []
        for row in self.shown:
            c = row.contact
            status = OutreachStatus(c.status)
            next_at = row.next_action_at
            overdue = next_at is not None and next_at < now
            values: list[str | Text] = [
                c.name,
                c.company,
                Text(status.label, STATUS_STYLE[status]),
                relative(c.last_contacted_at, now) if c.last_contacted_at else "",
                Text(relative(next_at, now), "bold red" if overdue else "") if next_at else "",
            ]
            rows.append((values, str(c.id)))
        table.fill(rows)
        index = next((n for n, r in enumerate(self.shown) if r.contact.id == keep), 0)
        if self.shown:
            table.move_cursor(row=index)
        self.show_details()

    def _show_count(self, query: str, *, counted: bool = True) -> None:
        """Say beside the title how many the filter finds (or the list holds), and in the
        empty filter how many more than are shown."""
        found, hint = count_lines(
            self.found, len(self.shown), filtered=bool(query.strip()), counted=counted
        )
        self.query_one("#found", Label).update(found)
        self.query_one("#contacts-filter", Input).placeholder = hint

    def _count(self, query: str) -> None:
        """After the page is on the screen: how many ``query`` finds, for the line that
        says so. Dropped when a newer key has come meanwhile (the filter is no longer
        ``query``), and if the count cannot be read (the line then says "more than
        shown", without a number)."""
        if not self.is_attached:
            return
        if query != self.query_one("#contacts-filter", Input).value:
            return
        try:
            found = self.store.contacts.count_found(query, COUNTED_AT_MOST)
        except StoreError:
            return
        self.found = found
        self._show_count(query)

    def current(self) -> ContactRow | None:
        row = self.table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def current_id(self) -> int | None:
        current = self.current() if self.shown else None
        return current.contact.id if current else None

    @on(DataTable.RowHighlighted)
    def show_details(self) -> None:
        details = self.query_one("#details", Static)
        row = self.current()
        if row is not None and row is self._detailed:
            return  # shown already: the list refilled, then its highlight told again
        self._detailed = row
        if row is None:
            empty = not self.query_one("#contacts-filter", Input).value.strip()
            details.update("No contacts yet: press a." if empty else "No contacts match.")
            return
        c = row.contact
        now = self.clock.now()
        text = Text()
        text.append(f"{c.name}\n", "bold")
        for value in (", ".join(p for p in (c.role, c.company) if p), c.field, c.email, c.phone,
                      c.linkedin_url, c.how_we_know):  # fmt: skip
            if value:
                text.append(f"{value}\n")
        if row.referred_by:
            text.append(f"Referred by {row.referred_by}\n", "italic")
        assert c.id is not None
        referred = self.store.contacts.referrals(c.id)
        if referred:
            text.append("Referred you to " + ", ".join(r.name for r in referred) + "\n", "italic")
        if row.next_interview_at:
            text.append(
                f"\nInterview {humanize(row.next_interview_at, now, tz=self.tz)}\n", "green"
            )
        if c.follow_up_at:
            text.append(f"Follow up {humanize(c.follow_up_at, now, tz=self.tz)}\n", "yellow")
        if c.notes:
            text.append(f"\n{c.notes}\n", "dim")
        history = self.store.contacts.history(c.id)[:6]
        parts: list[Text | Table] = [text]
        if history:
            text.append("\nHistory", "bold")
            # When on the left, what happened beside it, wrapped under itself.
            table = Table.grid(padding=(0, 1))
            table.add_column(justify="right", style="dim", no_wrap=True)
            table.add_column(style="dim", ratio=1)
            for event in history:
                what = Text(EventKind(event.kind).label)
                if event.outcome:
                    what.append(f": {CallOutcome(event.outcome).label.lower()}")
                if event.status:
                    what.append(f" → {OutreachStatus(event.status).label}")
                if event.note:
                    what.append(f"\n{event.note}", "italic")
                table.add_row(relative(event.at, now), what)
            parts.append(table)
        details.update(Group(*parts))

    @on(Input.Changed, "#contacts-filter")
    def _filter(self) -> None:
        self.refilter(self.current_id())

    @on(Input.Submitted, "#contacts-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def action_filter(self) -> None:
        self.query_one("#contacts-filter", Input).focus()

    def action_back(self) -> None:
        if (
            self.focused is self.query_one("#contacts-filter")
            and self.query_one("#contacts-filter", Input).value
        ):
            self.query_one("#contacts-filter", Input).value = ""
            return
        self.app.switch_mode("interview")

    def action_add(self) -> None:
        self.app.push_screen(ContactForm(self.store), self._saved)

    def opened(self) -> Contact | None:
        """The highlighted contact itself, to change it (the list holds what it shows)."""
        row = self.current()
        return self.store.contacts.get(row.contact.id) if row is not None else None

    def action_edit(self) -> None:
        contact = self.opened()
        if contact is not None:
            self.app.push_screen(ContactForm(self.store, contact), self._saved)

    def _saved(self, contact: object) -> None:
        if contact is not None:
            self.reload(select_id=getattr(contact, "id", None))
            self.notify(f"Saved {getattr(contact, 'name', '')}.")

    def action_delete(self) -> None:
        row = self.current()
        if row is None or row.contact.id is None:
            return
        contact_id, name = row.contact.id, row.contact.name
        footprint = self.store.contacts.footprint(contact_id)
        detail = ""
        if footprint.interviews:
            written = plural(footprint.answers, "answer or note", "answers and notes")
            with_answers = f" ({written})" if footprint.answers else ""
            detail = (
                f" Their {plural(footprint.interviews, 'interview')}{with_answers}"
                " will be deleted too."
            )
        if footprint.referred:
            detail += f" The {plural(footprint.referred, 'contact')} they referred will stay."

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.store.contacts.delete(contact_id)
                self.reload()
                self.notify(f"Deleted {name}.")

        self.app.push_screen(ConfirmScreen(f"Delete {name}?{detail}", yes="Delete"), confirmed)

    def action_call(self) -> None:
        contact = self.opened()
        if contact is None or contact.id is None:
            return
        contact_id = contact.id

        def logged(result: CallLogged | None) -> None:
            if result is None or contact_id is None:
                return
            self.store.contacts.log_call(
                contact_id, result.outcome, note=result.note, call_back_at=result.call_back_at
            )
            self.reload(select_id=contact_id)
            self.notify(f"Logged: {result.outcome.label}.")
            if result.outcome.value == "agreed":
                self.action_schedule()

        self.app.push_screen(CallScreen(self.store, contact, tz=self.tz), logged)

    def action_schedule(self) -> None:
        contact = self.opened()
        if contact is None:
            return

        def booked(interview: object) -> None:
            if interview is not None:
                self.reload(select_id=contact.id)
                self.notify(f"Interview with {contact.name} scheduled.")

        self.app.push_screen(ScheduleScreen(self.store, contact, tz=self.tz), booked)

    def action_plan(self) -> None:
        row = self.current()
        if row is None or row.contact.id is None:
            return
        contact = row.contact
        assert contact.id is not None
        interview = self.store.interviews.to_resume(contact.id) or self.store.interviews.create(
            contact.id
        )
        title = f"Questions for the interview with {contact.name}"
        self.app.push_screen(PlanScreen(self.store, interview=interview, title=title))

    def action_interview(self) -> None:
        row = self.current()
        if row is not None and row.contact.id is not None:
            self.post_message(OpenInterview(row.contact.id))
