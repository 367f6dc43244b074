"""The week ahead: interviews in time order, clashes flagged, and follow-ups due."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from infotui.clock import Clock
from infotui.dates import humanize, relative
from infotui.messages import OpenInterview
from infotui.models import Medium
from infotui.screens.reloading import ReloadOnShow
from infotui.store import Store
from infotui.views import Upcoming
from infotui.widgets.fitted_table import Column, FittedTable
from infotui.widgets.footer import KeyFooter

DAYS_AHEAD = 7
LISTED_AT_MOST = 20  # of each list below the week's interviews; the rest are counted


def more(text: Text, count: int) -> None:
    """Say how many a list left out."""
    if count > LISTED_AT_MOST:
        text.append(f"  … and {count - LISTED_AT_MOST:,} more\n", "dim italic")


# A long value wraps: a week holds a few interviews, each worth reading whole.
COLUMNS = [
    Column("When", min_width=12, max_share=0.35, wrap=True),
    Column("Who", min_width=10, max_share=0.4, wrap=True),
    Column("Minutes", min_width=7),
    Column("How", min_width=6, max_share=0.2, wrap=True),
    Column("Where", min_width=6, max_share=0.3, wrap=True),
    Column("", min_width=8),
]


class UpcomingScreen(ReloadOnShow):
    BINDINGS = [
        Binding("enter", "start", "Start", tooltip="Start interview: open it on the live screen"),
        Binding("escape", "back", "Back", tooltip="Back to the interview screen"),
    ]

    CSS_PATH = "upcoming.tcss"

    def __init__(self, store: Store, clock: Clock, *, tz: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.tz = tz
        self.items: list[Upcoming] = []

    def compose(self) -> ComposeResult:
        yield Label(f"Today and the next {DAYS_AHEAD} days", id="heading")
        yield FittedTable(COLUMNS)
        yield Static("", id="empty")
        yield Static("", id="follow-ups")
        yield KeyFooter()

    def reload(self) -> None:
        now = self.clock.now()
        self.items = self.store.interviews.upcoming(now.start_of("day"), now.add(days=DAYS_AHEAD))
        table = self.query_one(FittedTable)
        rows: list[tuple[list[str | Text], str | None]] = []
        for item in self.items:
            c = item.contact
            values: list[str | Text] = [
                humanize(item.starts_at, now, tz=self.tz),
                c.name + (f", {c.company}" if c.company else ""),
                str(item.interview.agreed_minutes),
                Medium(item.interview.medium).label,
                item.interview.place,
                Text("overlaps", "bold red") if item.overlaps else "",
            ]
            rows.append((values, str(item.interview.id)))
        table.fill(rows)
        table.display = bool(self.items)
        self.query_one("#empty", Static).update(
            "" if self.items else "Nothing booked this week. Schedule one from Contacts (F9)."
        )
        text = Text()
        # The first of them read, the rest counted: thousands read whole took seconds.
        thanks = self.store.follow_ups.thank_yous_due(limit=LISTED_AT_MOST)
        if thanks:
            text.append("Thank-yous to send (within a day of the interview)\n", "bold")
            for interview, contact in thanks:
                assert interview.ended_at is not None
                late = interview.ended_at.add(days=1) < now  # type: ignore[attr-defined]
                text.append(f"  {contact.name}", "bold red" if late else "")
                text.append(f"  interviewed {relative(interview.ended_at, now)}\n", "dim")
            owed = len(thanks)
            if owed == LISTED_AT_MOST:
                owed = self.store.follow_ups.thank_yous_due_count()
            more(text, owed)
            text.append("\n")
        week = self.store.contacts.follow_ups_until(now.add(days=DAYS_AHEAD))
        if week:
            text.append("Follow-ups this week\n", "bold")
            for contact in week[:LISTED_AT_MOST]:
                assert contact.follow_up_at is not None
                late = contact.follow_up_at < now
                text.append(f"  {contact.name}", "bold red" if late else "")
                text.append(f"  {humanize(contact.follow_up_at, now, tz=self.tz)}\n", "dim")
            more(text, len(week))
            text.append("\n")
        referred = self.store.follow_ups.referrals_to_contact()
        if referred:
            text.append("Referrals not yet contacted\n", "bold")
            for contact in referred[:LISTED_AT_MOST]:
                referrer = self.store.reads.contact(contact.referred_by_id or 0)
                via = referrer.name if referrer is not None else ""
                text.append(f"  {contact.name}", "")
                text.append(f"  from {via}\n" if via else "\n", "dim")
            more(text, len(referred))
        self.query_one("#follow-ups", Static).update(text)
        if self.items:
            table.focus()

    @on(DataTable.RowSelected)
    def action_start(self) -> None:
        table = self.query_one(FittedTable)
        if not self.items or not 0 <= table.cursor_row < len(self.items):
            return
        item = self.items[table.cursor_row]
        assert item.contact.id is not None
        self.post_message(OpenInterview(item.contact.id, start=True))

    def action_back(self) -> None:
        self.app.switch_mode("interview")
