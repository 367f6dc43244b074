"""Keys that reach the app together (a fast typist, a busy machine, a key macro) are
applied in the order they were typed, bindings included.

Textual handles a printable key in the focused editor but runs a bound key (an arrow,
Backspace, Ctrl+N) after a detour through the app: keys read in one go could be applied
out of order, and an answer typed right after Ctrl+N went to the question before.
Here each burst is posted at once, as the terminal driver posts what it read in one go.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.screens.interview import InterviewScreen
from infotui.store import Store
from infotui.widgets.contact_list import ContactList
from tests.helpers import SIZE, open_contacts, shows, wait_until

NAMED = {"backspace": "\x7f", "enter": "\r", "space": " "}


@asynccontextmanager
async def answering(
    store: Store, clock: FakeClock
) -> AsyncIterator[tuple[InfoApp, Pilot[None], InterviewScreen]]:
    """The live screen on the demo interview, a question bound to the answer editor."""
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.live
        assert screen is not None and screen.bound is not None
        yield app, pilot, screen


def burst(app: InfoApp, *keys: str) -> None:
    """Keys as the driver posts what it read at once: no wait between them."""
    for key in keys:
        character = key if len(key) == 1 else NAMED.get(key)
        app.post_message(events.Key(key, character))


async def test_editing_keys_typed_fast_apply_where_they_were_typed(
    store: Store, clock: FakeClock
) -> None:
    interview_id = populate(store)
    async with answering(store, clock) as (app, pilot, screen):
        question_id = screen.bound.question_id
        screen.answer_area.load_text("")
        screen.answer_area.focus()
        await pilot.pause()
        burst(app, "a", "b", "c", "left", "X", "end", "d", "backspace", "e", "home", "<")
        await pilot.pause()
        assert screen.answer_area.text == "<abXce"
        await wait_until(
            pilot, lambda: store.answers.of(interview_id).get(question_id) == "<abXce", "saved"
        )


async def test_an_answer_typed_right_after_next_question_goes_to_that_question(
    store: Store, clock: FakeClock
) -> None:
    interview_id = populate(store)
    async with answering(store, clock) as (app, pilot, screen):
        first = screen.bound.question_id
        before = store.answers.of(interview_id).get(first, "")
        screen.answer_area.focus()
        await pilot.pause()
        burst(app, " ", "A", "A", "A", "ctrl+n", "B", "B", "B")
        await pilot.pause()
        assert screen.bound is not None and screen.bound.question_id != first
        second = screen.bound.question_id
        await wait_until(
            pilot,
            lambda: (
                store.answers.of(interview_id).get(first) == before + " AAA"
                and store.answers.of(interview_id).get(second, "").endswith("BBB")
            ),
            "each answer saved to its own question",
        )
        assert store.answers.of(interview_id)[second] == "BBB"


async def test_keys_typed_right_after_a_key_that_moves_the_focus_follow_it(
    store: Store, clock: FakeClock
) -> None:
    interview_id = populate(store)
    async with answering(store, clock) as (app, pilot, screen):
        question_id = screen.bound.question_id
        before = store.answers.of(interview_id).get(question_id, "")
        screen.answer_area.focus()
        await pilot.pause()
        burst(app, " ", "A", "ctrl+l", "z", "o", "e")  # Ctrl+L: the contacts' filter
        await pilot.pause()
        assert screen.query_one("#contact-filter", Input).value == "zoe"
        assert screen.answer_area.text == before + " A"


async def test_a_form_field_takes_keys_typed_fast_in_order(store: Store, clock: FakeClock) -> None:
    """Ctrl+U, then a name at once: the name is what stays (Textual ran the field's
    Ctrl+U after the keys that followed it, and erased them)."""
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await pilot.press("a")  # a new contact
        await pilot.pause()
        name = app.focused
        assert isinstance(name, Input) and name.id == "name"
        burst(app, "x", "y", "ctrl+u", "Z", "e", "left", "o", "end", "!", "backspace")
        await pilot.pause()
        assert name.value == "Zoe"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [c.name for c in store.contacts.all()] == ["Zoe"]


async def test_keys_typed_right_after_enter_go_to_the_next_field(
    store: Store, clock: FakeClock
) -> None:
    """Enter moves the contact form to its next field: what is typed straight after it
    belongs there (the field used to take it, before the form had moved on)."""
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_contacts(pilot)
        await pilot.press("a")  # a new contact
        await pilot.pause()
        burst(app, "Z", "o", "e", "enter", "A", "c", "m", "e", "enter", "P", "M", "enter", "x")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = store.contacts.all()
        assert [(c.name, c.company, c.role, c.field) for c in saved] == [("Zoe", "Acme", "PM", "x")]


async def test_the_live_contact_filter_takes_keys_typed_fast_in_order(
    store: Store, clock: FakeClock
) -> None:
    """Ctrl+U in the live screen's contact filter, then a name at once: the list shows
    whom the name finds (Textual ran Ctrl+U after the letters, and erased them)."""
    populate(store)
    async with answering(store, clock) as (app, pilot, screen):
        field = screen.query_one("#contact-filter", Input)
        field.focus()
        await pilot.pause()
        burst(app, "x", "y", "ctrl+u", "L", "e", "n", "left", "e", "end", "a", "backspace")
        await pilot.pause()
        assert field.value == "Leen"
        burst(app, "ctrl+u", "l", "e", "n", "a")
        await pilot.pause()
        assert field.value == "lena"
        options = screen.query_one("#contact-options", OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown[0].startswith("Lena Sorensen")
        assert not any(line.startswith(("Priya", "Marcus", "Dana", "Jim")) for line in shown)


async def test_the_contacts_screen_filter_takes_keys_typed_fast_in_order(
    store: Store, clock: FakeClock
) -> None:
    """The same on the contacts screen (F9): Ctrl+U, then a name at once."""
    populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(pilot)
        await pilot.press("slash")
        await pilot.pause()
        field = screen.query_one("#contacts-filter", Input)
        assert app.focused is field
        burst(app, "x", "y", "ctrl+u", "d", "a", "n", "a")
        await pilot.pause()
        assert field.value == "dana"
        assert screen.shown[0].contact.name == "Dana Okafor"  # the best match first
        assert shows(app, "Digital services librarian")  # her details beside the list


async def test_keys_typed_after_a_key_that_moves_the_focus_follow_it(
    store: Store, clock: FakeClock
) -> None:
    """On the contacts screen, "/" then "ann" in one burst: the letters go to the filter
    "/" moved to (they were taken as the table's keys, "a" opening Add contact)."""
    populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(pilot)
        assert app.focused is screen.table
        burst(app, "slash", "d", "a", "n", "a")
        await pilot.pause()
        assert app.screen is screen  # no form opened
        assert screen.query_one("#contacts-filter", Input).value == "dana"
        assert screen.shown[0].contact.name == "Dana Okafor"


async def test_keys_typed_right_after_enter_on_a_row_go_to_the_form_it_opens(
    store: Store, clock: FakeClock
) -> None:
    """On the contacts screen, Enter on a row then "d" and a word in one burst: the
    letters go to the name in the edit form Enter opened. They were taken as the table's
    keys: the letters lost, and "d" opening the delete confirmation under the form."""
    from infotui.screens.contact_form import ContactForm

    populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contacts(pilot)
        assert app.focused is screen.table
        name = screen.shown[0].contact.name
        burst(app, "enter", "end", "space", "d", "x")

        def name_typed() -> str | None:
            if not isinstance(app.screen, ContactForm) or not app.screen.query("#name"):
                return None
            value = app.screen.query_one("#name", Input).value
            return value if value != name else None

        await wait_until(pilot, name_typed, "the keys typed in the form")
        assert name_typed() == f"{name} dx"
        assert [type(s).__name__ for s in app.screen_stack] == ["ContactsScreen", "ContactForm"]


async def test_an_answer_typed_right_after_enter_on_a_question_goes_into_its_answer(
    store: Store, clock: FakeClock
) -> None:
    """In the question checklist, Enter then the answer in one burst: the answer goes to
    the editor Enter moved to. It was taken as the checklist's keys: the letters lost,
    space marking the question asked and "s" starring it."""
    interview_id = populate(store)
    async with answering(store, clock) as (app, pilot, screen):
        question_id = screen.bound.question_id
        before = store.answers.of(interview_id).get(question_id, "")
        starred = {e.question_id for e in screen.checklist.entries if e.starred}
        assert screen.checklist.entries
        screen.checklist.focus()
        await pilot.pause()
        burst(app, "enter", "end", "space", "s", "o", "m", "e")
        await wait_until(
            pilot,
            lambda: store.answers.of(interview_id).get(question_id) == before + " some",
            "the answer saved",
        )
        assert app.focused is screen.answer_area
        assert {e.question_id for e in screen.checklist.entries if e.starred} == starred


async def test_keys_typed_right_after_opening_a_search_hit_go_into_its_answer(
    store: Store, clock: FakeClock
) -> None:
    """Search, Down to the matches, Enter on one then a word in one burst: the word goes
    into the answer Enter opened (the search's lists, the bank's and the plan's take
    keys in order). It was taken as the list's keys, and lost."""
    populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f", *"library")
        await wait_until(pilot, lambda: getattr(app.screen, "hits", None), "a match")
        hit = app.screen.hits[0]  # type: ignore[attr-defined]
        assert hit.interview_id is not None and hit.question_id is not None
        await pilot.press("down")
        await pilot.pause()
        burst(app, "enter", "Z", "z", "z")
        await wait_until(
            pilot,
            lambda: "Zzz" in store.answers.of(hit.interview_id).get(hit.question_id, ""),
            "the word saved in the answer",
        )
        assert app.live is not None and app.focused is app.live.answer_area


async def test_keys_typed_right_after_picking_a_contact_go_to_its_questions(
    store: Store, clock: FakeClock
) -> None:
    """On the live screen's contact list, Enter on a contact then Down in one burst: Enter
    shows the contact and moves to the question checklist, and Down moves there. It was
    taken by the contact list, which moved on to the next contact."""
    populate(store)
    async with answering(store, clock) as (app, pilot, screen):
        options = screen.query_one("#contact-options", OptionList)
        picked = screen.query_one(ContactList)._shown[1].id
        starts = []
        for keys in (["enter"], ["enter", "down"]):  # where the checklist starts; then Down
            options.focus()
            options.highlighted = 1
            await pilot.pause()
            burst(app, *keys)
            await wait_until(pilot, lambda: app.focused is screen.checklist, "the checklist")
            await pilot.pause()
            assert screen.contact is not None and screen.contact.id == picked
            assert options.highlighted == 1  # the list did not take the Down
            starts.append(screen.checklist.highlighted)
        assert starts[0] is not None and starts[1] == starts[0] + 1  # the checklist did


async def test_letters_typed_right_after_down_on_the_questions_go_to_the_question_moved_to(
    store: Store, clock: FakeClock
) -> None:
    """On the question list, Down then a word in one burst: the word starts the answer of
    the question Down moved to. It went to the question left (its answer saved with it),
    and the editor showed the new one empty."""
    interview_id = populate(store)
    async with answering(store, clock) as (app, pilot, screen):
        entries = screen.checklist.entries
        screen.checklist.focus()
        screen.checklist.highlighted = len(entries) - 2
        await pilot.pause()
        left, moved_to = entries[-2].question_id, entries[-1].question_id
        before = store.answers.of(interview_id)
        burst(app, "down", "y", "e", "s")
        await wait_until(
            pilot,
            lambda: store.answers.of(interview_id).get(moved_to, "").endswith("yes"),
            "the word saved with the question moved to",
        )
        assert store.answers.of(interview_id).get(left) == before.get(left)
        assert screen.answer_area.text.endswith("yes")


async def test_typing_on_the_contact_list_goes_on_with_its_filter(
    store: Store, clock: FakeClock
) -> None:
    """The filter holds "Ji", Down into the list, then "m": the filter reads "Jim" (the
    letter replaced what the filter held, selected as it took the focus)."""
    populate(store)
    async with answering(store, clock) as (app, pilot, screen):
        field = screen.query_one("#contact-filter", Input)
        field.focus()
        await pilot.pause()
        burst(app, "J", "i", "down")
        await pilot.pause()
        assert app.focused is screen.query_one("#contact-options", OptionList)
        burst(app, "m")
        await wait_until(pilot, lambda: field.value == "Jim", "the filter gone on with")
        assert app.focused is field
