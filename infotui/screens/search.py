"""Search everything said and written; compare one question across interviews."""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList

from infotui.clock import Clock
from infotui.dates import relative
from infotui.errors import FormatError, StoreError
from infotui.exporting import write_private
from infotui.formats.csv_file import write_csv
from infotui.messages import OpenSearchHit
from infotui.screens.dialogs import ChooseScreen, TextPrompt
from infotui.store import Comparison, SearchHit, Store
from infotui.views import MARK_END, MARK_START, plural
from infotui.widgets.fitted_table import Column, FittedTable
from infotui.widgets.footer import KeyFooter
from infotui.widgets.indented_list import Entry, IndentedList
from infotui.widgets.keys_in_order import Field


def snippet_text(snippet: str) -> Text:
    """The snippet with its matched words in bold."""
    text = Text()
    for n, part in enumerate(snippet.replace(MARK_END, MARK_START).split(MARK_START)):
        text.append(" ".join(part.split("\n")), "bold reverse" if n % 2 else "")
    return text


HITS_SHOWN = 50  # the matches a search shows (SQLite's newest, PostgreSQL's best)
# A search that took longer than SLOW_S (a word held by most answers, in a large file)
# makes the next keys wait for a pause of PAUSE_S in the typing before searching again:
# the box takes every key at once, and the search runs once, for the words typed.
SLOW_S = 0.1
PAUSE_S = 0.25


class SearchScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the interview screen"),
        Binding("ctrl+k", "compare", "Compare", priority=True,
                tooltip="Compare answers: one question across every interview (the "
                "highlighted answer's, or one you choose)"),
    ]  # fmt: skip
    CSS_PATH = "search.tcss"
    AUTO_FOCUS = "#query"

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.hits: list[SearchHit] = []
        self._searched: str | None = None  # the text the hits are for
        self._slow = False  # the last search took longer than SLOW_S
        self._waiting: Timer | None = None  # a search waiting for a pause in the typing

    def compose(self) -> ComposeResult:
        yield Label("Search answers, notes, debriefs and contacts", id="heading")
        yield Field(placeholder="Words to find (each word, any order; 'pipe' finds pipelines)",
                    id="query")  # fmt: skip
        yield Label("", id="count")
        yield IndentedList(id="hits")
        yield KeyFooter()

    @on(Input.Changed, "#query")
    def _typed(self) -> None:
        # Keys typed while a search ran come as several changes at once, each read here
        # when the field already holds them all: the field's text is searched once.
        if self.query_one("#query", Input).value == self._searched:
            return
        if self._slow:
            if self._waiting is not None:
                self._waiting.stop()
            self._waiting = self.set_timer(PAUSE_S, self._search_if_typed)
        else:
            self.run_search()

    def _search_if_typed(self) -> None:
        """Search the box's text unless its hits are shown already (the Enter or Down
        that needed them may have searched it meanwhile)."""
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        if self.query_one("#query", Input).value != self._searched:
            self.run_search()

    def run_search(self) -> None:
        query = self.query_one("#query", Input).value
        self._searched = query
        began = time.perf_counter()
        found = self.store.search.find(query, limit=HITS_SHOWN + 1)
        self._slow = time.perf_counter() - began > SLOW_S
        more = len(found) > HITS_SHOWN
        self.hits = found[:HITS_SHOWN]
        entries = []
        for hit in self.hits:
            head = Text(hit.contact.name, "bold")
            if hit.kind == "contact":
                head.append("  contact", "dim")
            else:
                head.append(f"  {hit.question}", "italic")
            # The question and the snippet wrap two columns in, under the name.
            body = Text.assemble(head, "\n", snippet_text(hit.snippet))
            entries.append(Entry(Text(), body, indent=2))
        hits = self.query_one("#hits", IndentedList)
        hits.show(entries, highlight=0 if entries else None)
        count = len(self.hits)
        label = f"{count} match{'es' if count != 1 else ''}" if query.strip() else ""
        if more:
            label = f"the first {count} matches shown (more: add a word)"
        self.query_one("#count", Label).update(label + (" · Enter opens it" if count else ""))

    @on(Input.Submitted, "#query")
    def _open_first(self) -> None:
        """Enter in the search box opens the highlighted match (the first, unless moved)."""
        self._search_if_typed()  # the matches of what is typed, not of a moment ago
        hits = self.query_one("#hits", OptionList)
        if self.hits and hits.highlighted is not None:
            self._open_hit(hits.highlighted)

    @on(OptionList.OptionSelected, "#hits")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self._open_hit(event.option_index)

    def on_key(self, event: events.Key) -> None:
        # Down from the search box moves into the matches (of what is typed).
        if event.key == "down" and self.focused is self.query_one("#query"):
            self._search_if_typed()
        if event.key == "down" and self.focused is self.query_one("#query") and self.hits:
            self.query_one("#hits").focus()
            event.stop()

    def _open_hit(self, index: int) -> None:
        hit = self.hits[index]
        assert hit.contact.id is not None
        self.post_message(OpenSearchHit(hit))

    def action_back(self) -> None:
        self.app.switch_mode("interview")

    def action_compare(self) -> None:
        """The answers to the highlighted match's question (as Enter opens that match),
        or to a question chosen from those answered."""
        questions = self.store.search.compared_questions()
        if not questions:
            self.notify("No question has answers yet.", severity="warning")
            return
        named = {qid: (text, n) for qid, text, n in questions}

        def chosen(question_id: int | None) -> None:
            if question_id is not None:
                text, answered = named[question_id]
                self.app.push_screen(
                    CompareScreen(self.store, self.clock, question_id, text, answered)
                )

        index = self.query_one("#hits", OptionList).highlighted
        hit = self.hits[index] if index is not None and index < len(self.hits) else None
        if hit is not None and hit.kind == "answer" and hit.question_id in named:
            chosen(hit.question_id)
            return
        choices = [(f"{text}  ({plural(n, 'interview')})", qid) for qid, text, n in questions]
        self.app.push_screen(ChooseScreen("Compare the answers to", choices), chosen)


# The answers a question's comparison shows, its latest interviews' (each row as tall as
# its answer: thousands took seconds to lay out); its export has them all.
COMPARED_AT_MOST = 100
# Rows as tall as their answer: every answer can be read whole.
COMPARE_COLUMNS = [
    Column("Who", min_width=12, max_share=0.3, wrap=True),
    Column("When", min_width=8, max_share=0.2),
    Column("What they said", min_width=20, wrap=True),
]


class CompareScreen(Screen[None]):
    """One question, every interview's answer: who, when, what they said."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("x", "export", "Export CSV", tooltip="Export this table as CSV"),
    ]
    CSS_PATH = "search.tcss"

    def __init__(
        self, store: Store, clock: Clock, question_id: int, text: str, answered: int
    ) -> None:
        """``text``: the question as the bank words it; ``answered``: how many interviews
        answered it (the chooser counted them)."""
        super().__init__()
        self.store = store
        self.clock = clock
        self.question_id = question_id
        self.text = text
        self.rows: list[Comparison] = store.search.compare(question_id, latest=COMPARED_AT_MOST)
        self.answered = max(answered, len(self.rows))

    def compose(self) -> ComposeResult:
        heading = f"{self.text}  ({plural(self.answered, 'interview')})"
        if self.answered > len(self.rows):
            heading += f" · the latest {len(self.rows)} shown; x exports all"
        yield Label(heading, id="heading")
        yield FittedTable(COMPARE_COLUMNS, zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        now = self.clock.now()
        rows: list[tuple[list[str | Text], str | None]] = []
        for row in self.rows:
            when = row.interview.started_at
            who = row.contact.name + (f"\n{row.contact.company}" if row.contact.company else "")
            rows.append(([who, relative(when, now) if when else "", row.answer], None))
        self.query_one(FittedTable).fill(rows)

    def action_export(self) -> None:
        written: list[Path] = []

        def write(path: str) -> str | None:
            """The comparison written to ``path``, or why not (said in the prompt, which
            keeps the path typed)."""
            if not path.strip():
                return "Type the file to write, like ~/infotui-compare.csv"
            target = Path(path.strip()).expanduser()
            every = self.rows
            if self.answered > len(self.rows):
                try:
                    every = self.store.search.compare(self.question_id)
                except StoreError as error:
                    return f"Not written: {error}"
            rows = [
                {"name": r.contact.name, "company": r.contact.company,
                 "date": r.interview.started_at.isoformat() if r.interview.started_at else "",
                 "question_asked": r.asked, "answer": r.answer}
                for r in every
            ]  # fmt: skip
            data = write_csv(rows, ["name", "company", "date", "question_asked", "answer"])
            try:
                write_private(target, data.encode("utf-8"))
            except FileExistsError:
                return f"{target} exists already; give another name"
            except FormatError as error:
                return f"Not written: {error}"
            written.append(target)
            return None

        def chosen(path: str | None) -> None:
            if path is not None and written:
                self.notify(f"Wrote {written[-1]}")

        self.app.push_screen(
            TextPrompt(
                "Export the comparison to",
                "~/infotui-compare.csv",
                about="the file name",
                accept=write,
            ),
            chosen,
        )
