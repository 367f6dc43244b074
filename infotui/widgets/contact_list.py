"""The networking list, filtered as you type."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from infotui.errors import StoreError
from infotui.folding import fold
from infotui.views import ContactSummary, FoundPage
from infotui.widgets.keys_in_order import Field, InOrderList

if TYPE_CHECKING:
    from infotui.models import Contact


class ContactReads(Protocol):
    """What the list reads: a page of the contacts a filter finds, and their count
    (from the quick first look, or the store: :class:`infotui.views.LiveReads`)."""

    def contact_first_page(self, query: str, limit: int) -> FoundPage: ...
    def contact_page_before_count(
        self, query: str, limit: int
    ) -> FoundPage | list[ContactSummary]: ...
    def contact_found(self, contact_id: int, query: str) -> bool: ...
    def contact(self, contact_id: int) -> ContactSummary | None: ...
    def contacts_mark(self) -> tuple[int, int]: ...


ADD_ID = "add-contact"
MORE_ID = "more"
SHOWN_AT_MOST = 50  # a longer list is narrowed by typing, not by scrolling: a page is read
FOLLOW_EVERY = 2.0  # seconds between looks for contacts another program added or deleted


def haystack(contact: Contact | ContactSummary) -> str:
    """What the filter looks in, folded as every filter and search folds (see
    :mod:`infotui.folding`)."""
    return fold(" ".join((contact.name, contact.company, contact.role, contact.field)))


def matches(query: str, hay: str) -> bool:
    """Every word of the query appears somewhere in the contact's fields, accents aside:
    ``zoe`` finds Zoë, ``soren`` Søren."""
    return all(word in hay for word in fold(query).split())


def contact_prompt(contact: Contact | ContactSummary, *, active: bool) -> Text:
    """The name, and the company (or role) under it: a line each, cut with an ellipsis
    where the list is narrower (the live screen's header shows them whole)."""
    text = Text(contact.name, "bold" if active else "")
    detail = contact.company or contact.role
    if detail:
        text.append(f"\n{detail}", "dim")
    return text


def _more_line(more: int, *, at_least: bool) -> Text:
    """The list's line saying how many more the filter finds than it shows."""
    return Text(f"… {more:,}{'+' if at_least else ''} more: type to narrow", "dim italic")


class ContactOptions(InOrderList):
    """The contacts the filter finds; what is typed here goes to the filter."""

    TYPING_HANDED_ON = True


class ContactList(Vertical):
    """A filter box over a list of contacts. Enter picks one. Typing filters, wherever in
    it the focus is: no letter is a key of its own here, so a name typed on the list is
    never taken as a command (the "+ Add" line adds what was typed)."""

    DEFAULT_CSS = """
    ContactList { height: 1fr; }
    ContactList > Input { border: none; height: 1; padding: 0 1; margin-bottom: 1; }
    ContactList > Input:focus { border: none; background: $boost; }
    ContactList > OptionList {
        height: 1fr; border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ContactList > OptionList:focus { border: none; }
    """

    @dataclass
    class Picked(Message):
        contact_id: int

    @dataclass
    class AddRequested(Message):
        name: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._reads: ContactReads | None = None
        self._shown: list[ContactSummary] = []  # the page shown: the list asks for no more
        self.active_id: int | None = None
        self._mark: tuple[int, int] | None = None  # the contacts' mark at the last look
        self._looks_skipped = 0  # looks left out while the database fails (see below)
        self._skip_after_failure = 0

    def on_mount(self) -> None:
        self.set_interval(FOLLOW_EVERY, self.follow_other_programs)

    def compose(self) -> ComposeResult:
        yield Field(placeholder="Find contacts", id="contact-filter")  # fits 80 columns
        yield ContactOptions(id="contact-options")

    @property
    def options(self) -> OptionList:
        return self.query_one("#contact-options", OptionList)

    @property
    def query_text(self) -> str:
        return self.query_one("#contact-filter", Input).value.strip()

    def use_reads(self, reads: ContactReads) -> None:
        """Read from here from now on (the store, once it has taken over)."""
        self._reads = reads

    def show_contacts(
        self,
        reads: ContactReads | None = None,
        *,
        active_id: int | None = None,
        first: tuple[Sequence[ContactSummary], int] | None = None,
    ) -> None:
        """Show the contacts the filter finds, read again (from ``reads`` if given), with
        ``active_id`` marked. ``first`` is the first page and the count, read already."""
        if reads is not None:
            self._reads = reads
        self.active_id = active_id
        self._refilter(first)

    def _read(
        self, query: str, first: tuple[Sequence[ContactSummary], int] | None
    ) -> tuple[list[ContactSummary], FoundPage | None]:
        """The page the filter finds (with the active contact, if found), and how many it
        finds in all (a count of at least: more than ``found``); None when that is to
        be counted after the page is shown (a pass over the list)."""
        reads = self._reads
        if reads is None:
            return [], FoundPage([], 0)
        found: FoundPage | None
        if first is not None and not query:
            page, found = list(first[0]), FoundPage([], first[1])
        else:
            read = reads.contact_page_before_count(query, SHOWN_AT_MOST)
            if isinstance(read, FoundPage):
                page, found = list(read.contacts), read
            else:
                page, found = list(read), None
        active = self.active_id
        if active is not None and all(c.id != active for c in page):
            contact = reads.contact(active)
            if contact is not None and (not query or reads.contact_found(active, query)):
                page.insert(0, contact)  # the interview's, beyond the first page
        return page, found

    def _refilter(self, first: tuple[Sequence[ContactSummary], int] | None = None) -> None:
        query = self.query_text
        shown, found = self._read(query, first)
        self._shown = shown
        self._show(query, found)
        index = next((i for i, c in enumerate(shown) if c.id == self.active_id), 0)
        self.options.highlighted = index
        if found is None:  # counted once the page is on the screen, unless a key comes
            self.call_after_refresh(self._count, query)

    def follow_other_programs(self) -> None:
        """Show the contacts another window or a command added or deleted (``infotui
        contacts add`` beside the app): the list is read again when their mark changes,
        the line the cursor is on kept."""
        reads = self._reads
        if reads is None or not self.is_attached:
            return
        if self._looks_skipped < self._skip_after_failure:
            self._looks_skipped += 1
            return
        try:
            mark = reads.contacts_mark()
        except StoreError:
            # A server out of reach can take seconds to say so, on the app's thread: look
            # less often while it fails (every 4 s, 8 s... to a minute), not every 2 s.
            self._skip_after_failure = min(2 * self._skip_after_failure + 1, 30)
            self._looks_skipped = 0
            return
        self._skip_after_failure = 0
        if self._mark is not None and mark != self._mark:
            option = self.options.highlighted_option
            try:
                self._refilter()
            except StoreError:
                return
            if option is not None and option.id is not None:
                with contextlib.suppress(OptionDoesNotExist):
                    self.options.highlighted = self.options.get_option_index(option.id)
        self._mark = mark

    def _show(self, query: str, found: FoundPage | None) -> None:
        """The page read, the line saying how many more (counted or not yet), and the
        line adding a contact."""
        shown = self._shown
        options: list[Option] = [
            Option(contact_prompt(c, active=c.id == self.active_id), id=str(c.id)) for c in shown
        ]
        total = max(found.found, len(shown)) if found is not None else None
        if total is None and len(shown) >= SHOWN_AT_MOST:
            options.append(
                Option(Text("… more: type to narrow", "dim italic"), id=MORE_ID, disabled=True)
            )
        elif found is not None and total is not None and total > len(shown):
            more = _more_line(total - len(shown), at_least=found.at_least)
            options.append(Option(more, id=MORE_ID, disabled=True))
        lines = len(options) + len(shown) + 1  # two a contact, one the "more" line, the add line
        options.append(Option(self._add_line(query, lines), id=ADD_ID))
        self.options.set_options(options)

    def _add_line(self, query: str, lines: int | None = None) -> Text:
        """The line adding the name typed: on two lines where one would cut it short ("as a
        c…"). ``lines``: how many the list will have (more than it shows: a scrollbar takes
        room); by default, as many as it has now."""
        label = f"+ Add “{query}” as a contact" if query else "+ Add a contact"
        options = self.options
        room = options.size.width
        if (options.virtual_size.height if lines is None else lines) > options.size.height:
            room -= options.styles.scrollbar_size_vertical
        if query and cell_len(label) > room > 0:
            label = f"+ Add “{query}”\n  as a contact"
        return Text(label, "italic")

    def on_resize(self) -> None:
        with contextlib.suppress(OptionDoesNotExist):  # the add line, fitted again
            self.options.replace_option_prompt(ADD_ID, self._add_line(self.query_text))

    def _count(self, query: str) -> None:
        """How many the filter ``query`` finds, for the line saying so, after its page is
        shown; dropped when the filter has changed since (a newer key)."""
        reads = self._reads
        if reads is None or not self.is_attached or query != self.query_text:
            return
        try:
            found = reads.contact_first_page(query, SHOWN_AT_MOST)
        except StoreError:
            return  # the line says "more", without a number
        total = max(found.found, len(self._shown))
        with contextlib.suppress(OptionDoesNotExist):  # the line alone, said again
            if total > len(self._shown):
                more = _more_line(total - len(self._shown), at_least=found.at_least)
                self.options.replace_option_prompt(MORE_ID, more)
            else:  # the page was all of them
                self.options.remove_option(MORE_ID)

    @on(Input.Changed, "#contact-filter")
    def _filter_changed(self) -> None:
        try:
            self._refilter()
        except StoreError as error:  # the list stays as it was
            self.notify(f"Could not filter the contacts: {error}", severity="error")

    @on(Input.Submitted, "#contact-filter")
    def _filter_submitted(self) -> None:
        option = self.options.highlighted_option
        if option is not None:
            self._pick(option.id)

    @on(OptionList.OptionSelected, "#contact-options")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id)

    def _pick(self, option_id: str | None) -> None:
        if option_id == ADD_ID:
            self.post_message(self.AddRequested(self.query_text))
        elif option_id is not None and option_id != MORE_ID:
            self.post_message(self.Picked(int(option_id)))

    @on(InOrderList.Typed, "#contact-options")
    def _typed_on_the_list(self, event: InOrderList.Typed) -> None:
        event.stop()
        field = self.query_one("#contact-filter", Input)
        self.screen.set_focus(field)
        # After the focus, which selects what the filter holds: End first, so that the key
        # goes on with the filter ("Ji", then "m" on the list: "Jim"), not over it.
        field._forward_event(events.Key("end", None))
        field._forward_event(events.Key(event.key, event.character))  # as typed there

    def on_key(self, event: events.Key) -> None:
        # Down from the filter box moves into the list.
        if event.key == "down" and self.screen.focused is self.query_one("#contact-filter"):
            self.options.focus()
            event.stop()
