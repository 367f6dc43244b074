"""The quick read-only first look, and the live screen shown from it while the store opens."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input

from infotui import dbfile, migrations, startup
from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.errors import StoreError
from infotui.first_look import FirstLook
from infotui.keeper import SAVE_AT_MOST
from infotui.screens.interview import InterviewScreen
from infotui.store import Store
from infotui.timer import Countdown
from infotui.widgets.contact_list import SHOWN_AT_MOST, ContactList
from tests.helpers import FIXTURES, SIZE, shows, type_text, wait_until


@pytest.fixture
def demo_db(tmp_path: Path, clock: FakeClock) -> Path:
    path = tmp_path / "notes.db"
    with Store(path, clock=clock) as store:
        populate(store)
    return path


def answers_in_file(path: Path) -> list[str]:
    """What another program reading the file sees."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return [text for (text,) in conn.execute("SELECT text FROM answer")]


# -- the look itself -----------------------------------------------------------------


def test_it_reads_what_the_store_reads(demo_db: Path, clock: FakeClock) -> None:
    """The first look and the store answer the live screen's reads with the same records."""
    look = FirstLook.open(demo_db)
    assert look is not None
    with Store(demo_db, clock=clock) as store:
        reads = store.reads
        index = store.contacts.index()
        assert index == [(c.id, c.name, c.company, c.role, c.field) for c in store.contacts.all()]
        assert look.contact_page("", 0, 1000) == reads.contact_page("", 0, 1000) == index
        assert look.first_contacts(2) == reads.first_contacts(2) == (index[:2], len(index))
        for query in ("", "a", "an e", "zzz", index[-1].name):
            assert look.contact_first_page(query, 2) == reads.contact_first_page(query, 2)
            assert look.contact_count(query) == reads.contact_count(query)
        running = reads.open_interview()
        assert running is not None
        assert look.open_interview() == running
        assert Countdown.of(running) == Countdown.of(store.interviews.to_resume())
        for contact in index:
            assert look.contact(contact.id) == reads.contact(contact.id) == contact
            assert look.open_interview(contact.id) == reads.open_interview(contact.id)
            assert look.last_interview(contact.id) == reads.last_interview(contact.id)
        interviews = {i.id for c in index if (i := reads.last_interview(c.id))}
        assert len(interviews) >= 3
        for interview_id in interviews:
            assert look.interview(interview_id) == reads.interview(interview_id)
            assert look.plan(interview_id) == reads.plan(interview_id)
            assert look.answer_states(interview_id) == reads.answer_states(interview_id)
            for question_id in [None, *(e.question_id for e in reads.plan(interview_id))]:
                assert look.answer_state(interview_id, question_id) == reads.answer_state(
                    interview_id, question_id
                )
            assert look.highlighted_questions(interview_id) == reads.highlighted_questions(
                interview_id
            )
    look.close()


def test_what_was_read_ahead_is_handed_out_once(demo_db: Path, clock: FakeClock) -> None:
    look = FirstLook.open(demo_db)
    assert look is not None
    look.read_ahead(first_contacts=50)
    with Store(demo_db, clock=clock) as store:
        store.contacts.add("Aaron Abbott")
    first, total = look.first_contacts(50)
    assert "Aaron Abbott" not in [c.name for c in first]  # as read ahead
    again, total_again = look.first_contacts(50)
    assert again[0].name == "Aaron Abbott" and total_again == total + 1
    look.close()


def test_it_leaves_to_the_store_what_it_cannot_simply_read(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert FirstLook.open(missing) is None
    assert not missing.exists()

    empty = tmp_path / "empty.db"
    empty.touch()
    text = tmp_path / "text.db"
    text.write_text("not a database")
    foreign = tmp_path / "foreign.db"
    with contextlib.closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE recipe (name TEXT)")
    old = tmp_path / "old.db"
    with contextlib.closing(sqlite3.connect(old)) as conn:
        conn.executescript((FIXTURES / "schema-1.sql").read_text(encoding="utf-8"))
    for path in (empty, text, foreign, old):
        before = path.read_bytes()
        assert FirstLook.open(path) is None, path.name
        assert path.read_bytes() == before, path.name


def test_it_leaves_to_the_store_a_file_it_could_not_save_to(tmp_path: Path) -> None:
    """A database made read-only is not looked at, and nothing is made beside it: a -wal
    and -shm made by a read-only connection take the file's mode (0400), and would stop
    infotui writing to it once it is made writable again."""
    db = tmp_path / "t.db"
    Store(db).close()
    db.chmod(0o400)
    assert FirstLook.open(db) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db"]


def test_the_schema_it_expects_is_the_one_migrations_make() -> None:
    assert dbfile.SCHEMA_VERSION == migrations.LATEST


# -- the app opening with it ---------------------------------------------------------


@contextlib.contextmanager
def held_store(
    path: Path, clock: FakeClock, fails: str | None = None
) -> Iterator[tuple[threading.Event, Callable[[], Store]]]:
    """A store that opens only once the test lets it (or then fails with a message)."""
    gate = threading.Event()

    def open_store() -> Store:
        gate.wait(20)
        if fails:
            raise StoreError(fails)
        return Store(path, clock=clock)

    try:
        yield gate, open_store
    finally:
        gate.set()


async def live_screen(app: InfoApp, pilot) -> InterviewScreen:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: isinstance(app.screen, InterviewScreen), "the live screen")
    await pilot.pause()
    assert isinstance(app.screen, InterviewScreen)
    return app.screen


async def test_the_live_screen_shows_before_the_store_and_keeps_what_is_typed(
    demo_db: Path, clock: FakeClock
) -> None:
    with held_store(demo_db, clock) as (gate, open_store):
        app = InfoApp(open_store, clock=clock, first_look=lambda: FirstLook.open(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            screen = await live_screen(app, pilot)
            assert app.store is None
            assert shows(app, "Priya Raman") and shows(app, "left of 30 min")
            assert shows(app, "Warm and generous")  # her general notes
            assert app.focused is screen.answer_area
            await type_text(pilot, "Early words")
            await pilot.pause(SAVE_AT_MOST + 0.3)
            assert not any("Early words" in text for text in answers_in_file(demo_db))
            bound = screen.bound
            assert bound is not None and not bound.asked

            def asked() -> bool:
                return next(e for e in screen.plan if e.id == bound.id).asked

            await pilot.press("f5")  # ticked on the screen now, in the store once open
            await pilot.pause()
            assert asked()
            gate.set()
            await wait_until(pilot, lambda: app.store is not None, "the store open")
            await pilot.pause()
            assert any(text == "Early words" for text in answers_in_file(demo_db))
            assert asked()  # ticked, and answered: asked
            await pilot.press("escape", "f5")  # and the key works now
            await pilot.pause()
            assert not asked()
            await pilot.press("ctrl+q")
    assert app.store is not None
    app.store.close()


async def test_ticks_and_stars_while_the_store_opens_are_kept(
    demo_db: Path, clock: FakeClock
) -> None:
    """Space and F6 on the checklist before the store is open (a large file takes a
    moment): each shows at once, and the store has them all, in the order pressed, once
    it opens. Ticked twice is unticked; ticked once is ticked."""
    with held_store(demo_db, clock) as (gate, open_store):
        app = InfoApp(open_store, clock=clock, first_look=lambda: FirstLook.open(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            screen = await live_screen(app, pilot)
            await pilot.press("escape")  # to the questions
            await pilot.pause()
            first, second = screen.plan[3], screen.plan[4]
            assert not first.asked and not second.asked and not second.starred
            screen.questions.select(first.id)
            await pilot.press("space", "space")  # ticked, then unticked
            screen.questions.select(second.id)
            await pilot.press("space", "f6")  # ticked, and starred
            await pilot.pause()
            assert app.store is None
            marks = {e.id: (e.asked, e.starred) for e in screen.plan}
            assert marks[first.id] == (False, first.starred)
            assert marks[second.id] == (True, True)
            gate.set()
            await wait_until(pilot, lambda: app.store is not None, "the store open")
            await wait_until(
                pilot,
                lambda: (
                    app.store is not None
                    and {
                        e.id: (e.asked, e.starred) for e in app.store.plans.of(screen.interview.id)
                    }
                    == marks
                ),
                "the marks stored",
            )
            await pilot.press("ctrl+q")
    assert app.store is not None
    app.store.close()


async def test_the_store_opens_once_typing_pauses(
    demo_db: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading the database layer would slow the keys typed as the screen comes up: it
    waits for a pause in the typing. What is typed before is saved when it opens."""
    monkeypatch.setattr(startup, "QUIET_BEFORE_OPENING_S", 2.0)
    monkeypatch.setattr(startup, "OPEN_AT_THE_LATEST_S", 60.0)
    asked: list[float] = []

    def open_store() -> Store:
        asked.append(time.monotonic())
        return Store(demo_db, clock=clock)

    app = InfoApp(open_store, clock=clock, first_look=lambda: FirstLook.open(demo_db))
    async with app.run_test(size=SIZE) as pilot:
        await live_screen(app, pilot)
        for word in ("Typed ", "as it ", "opened"):
            await type_text(pilot, word)
            await pilot.pause(0.5)
            assert not asked  # still typing
        typed_at = time.monotonic()
        await wait_until(pilot, lambda: app.store is not None, "the store open")
        assert asked[0] - typed_at >= 1.0  # after the pause, not before
        await pilot.pause()
        assert "Typed as it opened" in answers_in_file(demo_db)
    assert app.store is not None
    app.store.close()


async def test_what_needs_the_store_opens_it_without_waiting_for_a_pause(
    demo_db: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup, "QUIET_BEFORE_OPENING_S", 60.0)
    monkeypatch.setattr(startup, "OPEN_AT_THE_LATEST_S", 60.0)
    app = InfoApp(
        lambda: Store(demo_db, clock=clock), clock=clock,
        first_look=lambda: FirstLook.open(demo_db),
    )  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        await live_screen(app, pilot)
        await type_text(pilot, "Then")
        await pilot.pause(0.3)
        assert app.store is None
        await pilot.press("f9")
        await wait_until(pilot, lambda: app.store is not None, "the store open", within=20)
        await wait_until(pilot, lambda: shows(app, "Last contact"), "the contacts screen")
        assert any("Then" in text for text in answers_in_file(demo_db))
    assert app.store is not None
    app.store.close()


async def test_quitting_while_the_store_opens_saves_first(demo_db: Path, clock: FakeClock) -> None:
    with held_store(demo_db, clock) as (gate, open_store):
        app = InfoApp(open_store, clock=clock, first_look=lambda: FirstLook.open(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            await live_screen(app, pilot)
            await type_text(pilot, "Said on the way out")
            await pilot.press("ctrl+q")
            await pilot.pause(0.2)
            assert app.is_running  # waiting for the store, to save
            gate.set()
            await wait_until(pilot, lambda: not app.is_running, "the app gone")
    assert "Said on the way out" in answers_in_file(demo_db)
    assert app.store is not None
    app.store.close()


async def test_a_store_that_never_opens_leaves_the_notes_in_a_file(
    demo_db: Path, clock: FakeClock
) -> None:
    with held_store(demo_db, clock, fails="the database is locked") as (gate, open_store):
        app = InfoApp(open_store, clock=clock, first_look=lambda: FirstLook.open(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            await live_screen(app, pilot)
            await type_text(pilot, "Kept somewhere")
            await pilot.pause()
            gate.set()
            await wait_until(pilot, lambda: not app.is_running, "the app gone")
    assert app.return_code == 2
    [recovery] = demo_db.parent.glob("notes.db.unsaved-*.txt")
    assert app.open_error == (
        f"the database is locked; notes typed meanwhile were written to {recovery}"
    )
    assert "Kept somewhere" in recovery.read_text(encoding="utf-8")
    assert oct(recovery.stat().st_mode & 0o777) == "0o600"


async def test_a_long_contact_list_is_filtered_from_the_first_look(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "many.db"
    with Store(path, clock=clock) as store:
        for n in range(SHOWN_AT_MOST + 30):
            store.contacts.add(f"Person {n:03d}", company=f"Firm {n:03d}")
    with held_store(path, clock) as (_gate, open_store):
        app = InfoApp(open_store, clock=clock, first_look=lambda: FirstLook.open(path))
        async with app.run_test(size=SIZE) as pilot:
            await live_screen(app, pilot)
            listed = app.screen.query_one(ContactList)
            assert "… 30 more: type to narrow" in listed_lines(listed)
            assert not shows(app, "Firm 079")
            await pilot.press("ctrl+l")
            await type_text(pilot, "Person 079")
            await pilot.pause()
            assert app.store is None  # all from the first look
            assert shows(app, "Firm 079")
            assert not any("more" in line for line in listed_lines(listed))


def listed_lines(listed: ContactList) -> list[str]:
    """Every line of the list, shown or scrolled out of view."""
    options = listed.options
    return [
        line
        for n in range(options.option_count)
        for line in str(options.get_option_at_index(n).prompt).splitlines()
    ]


class OneList(App[None]):
    def compose(self) -> ComposeResult:
        yield ContactList()


async def test_a_long_list_shows_a_page_and_counts_the_rest(
    tmp_path: Path, clock: FakeClock
) -> None:
    with Store(tmp_path / "notes.db", clock=clock) as store:
        for n in range(SHOWN_AT_MOST + 25):
            store.contacts.add(f"Person {n:03d}", company=f"Firm {n:03d}")
        store.contacts.add("Zoë Ødegaard", company="Søren & Co")
        app = OneList()
        async with app.run_test(size=(60, 30)) as pilot:
            listed = app.query_one(ContactList)
            last = store.contacts.index()[-1].id
            listed.show_contacts(store.reads, active_id=last)  # beyond the first page
            await pilot.pause()
            assert listed_lines(listed)[0] == "Zoë Ødegaard"  # the active one, first
            assert "… 25 more: type to narrow" in listed_lines(listed)  # 76: 50 + 1 shown
            listed.query_one("#contact-filter").focus()
            await type_text(pilot, "person 06")
            await pilot.pause()
            assert shows(app, "Firm 069") and "Zoë Ødegaard" not in listed_lines(listed)
            assert not any("more" in line for line in listed_lines(listed))
            await pilot.press(*["backspace"] * 9)
            await type_text(pilot, "zoe odeg")
            await pilot.pause()
            assert shows(app, "Zoë Ødegaard") and not shows(app, "Person 0")


def damage_contacts(path: Path) -> None:
    """Overwrite the contact table's first page: the header and the schema still read."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'contact'"
        ).fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


async def test_a_database_damaged_inside_ends_with_one_line(
    demo_db: Path, clock: FakeClock
) -> None:
    damage_contacts(demo_db)
    look = FirstLook.open(demo_db)
    assert look is not None  # nothing to see from outside
    look.close()
    app = InfoApp(
        lambda: Store(demo_db, clock=clock),
        clock=clock,
        first_look=lambda: FirstLook.open(demo_db),
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: not app.is_running, "the app gone")
    assert app.return_code == 2
    assert app.open_error == (
        f"{demo_db} is damaged or not an infotui database (database disk image is malformed)"
    )


def test_a_truncated_file_gets_no_first_look(demo_db: Path) -> None:
    data = demo_db.read_bytes()
    demo_db.write_bytes(data[: len(data) // 2])
    assert FirstLook.open(demo_db) is None
    assert len(demo_db.read_bytes()) == len(data) // 2


def opening_slowly(demo_db: Path, clock: FakeClock) -> tuple[InfoApp, threading.Event]:
    """The app on ``demo_db``, its first look held until the event is set: the opening
    screen stays up meanwhile."""
    looked = threading.Event()

    def slow_look() -> FirstLook | None:
        looked.wait(20)
        return FirstLook.open(demo_db)

    app = InfoApp(lambda: Store(demo_db, clock=clock), clock=clock, first_look=slow_look)
    return app, looked


async def test_text_typed_while_opening_lands_in_the_editor(
    demo_db: Path, clock: FakeClock
) -> None:
    app, looked = opening_slowly(demo_db, clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert shows(app, "opening your notes")
            await type_text(pilot, "Said first")
            await pilot.press("f5")  # not text: dropped, not done later
            looked.set()
            screen = await live_screen(app, pilot)
            await pilot.pause()
            assert screen.answer_area.text.startswith("Said first")
            await wait_until(pilot, lambda: app.store is not None, "the store open")
            await pilot.press("ctrl+q")
    finally:
        looked.set()
    assert any(text.startswith("Said first") for text in answers_in_file(demo_db))
    assert app.store is not None
    app.store.close()


async def test_text_typed_while_opening_with_no_interview_lands_in_the_filter(
    tmp_path: Path, clock: FakeClock
) -> None:
    """With no interview to show, the live screen opens on the contact list: what was
    typed meanwhile goes to its filter (it was dropped)."""
    path = tmp_path / "notes.db"
    with Store(path, clock=clock) as store:
        store.contacts.add("Jim Park", company="Acme")
    app, looked = opening_slowly(path, clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert shows(app, "opening your notes")
            await type_text(pilot, "Ann Lee")
            looked.set()
            screen = await live_screen(app, pilot)
            await pilot.pause()
            field = screen.query_one("#contact-filter", Input)
            assert field.value == "Ann Lee" and app.focused is field
            await type_text(pilot, " Acme")  # goes on after it, replacing nothing
            assert field.value == "Ann Lee Acme"
            assert shows(app, "+ Add “Ann Lee Acme”")
            await wait_until(pilot, lambda: app.store is not None, "the store open")
            await pilot.press("ctrl+q")
    finally:
        looked.set()
    assert app.store is not None
    app.store.close()


async def test_the_app_starts_on_the_opening_screen_and_never_shows_it_again(
    demo_db: Path, clock: FakeClock
) -> None:
    """The opening screen is the app's first screen (no blank screen is built under it
    first); the live screen comes over it, and leaving other screens goes back to the
    live screen, never to the opening one."""
    app, looked = opening_slowly(demo_db, clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, startup.OpeningScreen)
            assert app.screen_stack == [app.screen]
            assert shows(app, "opening your notes")
            looked.set()
            screen = await live_screen(app, pilot)
            await wait_until(pilot, lambda: app.store is not None, "the store open")
            await pilot.press("f9")
            await wait_until(pilot, lambda: shows(app, "Last contact"), "the contacts screen")
            app.switch_mode("interview")
            await pilot.pause()
            assert app.screen is screen
            assert shows(app, "left of 30 min") and not shows(app, "opening your notes")
            await pilot.press("ctrl+q")
    finally:
        looked.set()
    assert app.store is not None
    app.store.close()


async def test_a_screen_asked_for_while_the_store_opens_comes_once_it_is_open(
    demo_db: Path, clock: FakeClock
) -> None:
    from infotui.screens.contacts import ContactsScreen

    with held_store(demo_db, clock) as (gate, open_store):
        app = InfoApp(open_store, clock=clock, first_look=lambda: FirstLook.open(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            await live_screen(app, pilot)
            await pilot.press("f9")
            await pilot.pause(0.1)
            assert isinstance(app.screen, InterviewScreen)  # nothing to show it with yet
            gate.set()
            await wait_until(pilot, lambda: isinstance(app.screen, ContactsScreen), "contacts")
            assert isinstance(app.screen, ContactsScreen)
            await pilot.pause()
            assert shows(app, "Priya Raman")
    assert app.store is not None
    app.store.close()


async def test_closing_before_the_store_opens_keeps_what_is_typed_in_the_journal(
    demo_db: Path, clock: FakeClock
) -> None:
    """A closing signal does not wait long for a slow store: the typing goes to the
    drafts journal, and the next infotui saves it."""
    from infotui.journal import DraftJournal, read_journal
    from infotui.keeper import NoteKeeper

    journal = DraftJournal(demo_db)
    with held_store(demo_db, clock) as (_gate, open_store):  # never opens in time
        app = InfoApp(
            open_store,
            clock=clock,
            first_look=lambda: FirstLook.open(demo_db),
            keeper=NoteKeeper(journal=journal),
        )
        async with app.run_test(size=SIZE) as pilot:
            await live_screen(app, pilot)
            await type_text(pilot, "Said as the lid closed")
            app.close_on_signal()
            await wait_until(pilot, lambda: not app.is_running, "the app gone", within=10)
    assert app.return_code == 0  # nothing lost: it is on disk
    assert [d.text for d in read_journal(journal.path)] == ["Said as the lid closed"]
    assert not list(demo_db.parent.glob("*.unsaved-*"))


async def test_a_filter_needing_a_pass_over_the_list_shows_its_page_then_its_count(
    tmp_path: Path, clock: FakeClock
) -> None:
    """A short word found in more than a page: the page comes with the key, the count
    (a pass over the list) once the page is on the screen; a count overtaken by a newer
    key is dropped."""
    with Store(tmp_path / "notes.db", clock=clock) as store:
        for n in range(SHOWN_AT_MOST + 25):
            store.contacts.add(f"Person {n:03d}", company="Globex" if n % 5 else "Initech")
        app = OneList()
        async with app.run_test(size=(60, 30)) as pilot:
            listed = app.query_one(ContactList)
            listed.show_contacts(store.reads)
            await pilot.pause()
            field = listed.query_one("#contact-filter", Input)
            field.value = "ex"  # "ex" is too short for the trigram index
            listed._refilter()  # as the key is handled: the page, not yet the count
            assert listed_lines(listed)[:2] == ["Person 001", "Globex"]
            assert "… more: type to narrow" in listed_lines(listed)
            counted = "… 10 more: type to narrow"  # 60 with Globex
            await wait_until(pilot, lambda: counted in listed_lines(listed), "the count")

            field.value = "p"
            listed._refilter()
            field.value = "in"  # before the count of "p" was made: "p" is not counted
            listed._refilter()
            await pilot.pause()
            await pilot.pause()
            assert not any("more" in line for line in listed_lines(listed))  # 15 Initech
            assert listed_lines(listed)[:2] == ["Person 000", "Initech"]


async def test_a_page_that_was_every_match_loses_its_more_line_once_counted(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Exactly a page of matches for a short word: "… more" until counted, then no line."""
    with Store(tmp_path / "notes.db", clock=clock) as store:
        for n in range(SHOWN_AT_MOST + 10):
            store.contacts.add(f"Person {n:03d}", company="Globex" if n < SHOWN_AT_MOST else "")
        app = OneList()
        async with app.run_test(size=(60, 30)) as pilot:
            listed = app.query_one(ContactList)
            listed.show_contacts(store.reads)
            await pilot.pause()
            listed.query_one("#contact-filter", Input).value = "ex"
            listed._refilter()
            assert "… more: type to narrow" in listed_lines(listed)
            await wait_until(
                pilot, lambda: not any("more" in line for line in listed_lines(listed)), "counted"
            )
            assert listed_lines(listed)[-1] == "+ Add “ex” as a contact"
            assert len(listed_lines(listed)) == 2 * SHOWN_AT_MOST + 1
