"""Import with a preview, and export, from the app."""

from __future__ import annotations

import asyncio
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from textual.widgets import DataTable, Input

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.screens.dialogs import ChooseScreen, ConfirmScreen
from infotui.screens.transfer import ExportScreen, ImportScreen
from infotui.store import Store
from tests.helpers import FIXTURES, SIZE, screen_text, shows, wait_until

T = TypeVar("T")


async def open_dialog(pilot, key: str, kind: type[T]) -> T:  # type: ignore[no-untyped-def]
    """From the app's first screen: Contacts (F9), then ``key`` (I: import, E: export)."""
    await pilot.pause()
    await pilot.press("f9")
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


async def open_import(pilot, path: Path) -> ImportScreen:  # type: ignore[no-untyped-def]
    screen = await open_dialog(pilot, "I", ImportScreen)
    screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    await settled(pilot)
    return screen


async def settled(pilot) -> None:  # type: ignore[no-untyped-def]
    """The file read (or the import made) in its thread, and shown."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shows_words(app: InfoApp, text: str) -> bool:
    """Every word of ``text`` is on the screen, in order (a wrapped cell's lines are
    read with the other columns' text between them)."""
    shown = screen_text(app)
    at = 0
    for word in text.split():
        at = shown.find(word, at)
        if at < 0:
            return False
        at += len(word)
    return True


async def click_and_wait(pilot, button: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.click(button)
    await settled(pilot)


async def test_preview_then_all_or_nothing_then_skip(store: Store, clock: FakeClock) -> None:
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_import(pilot, FIXTURES / "contacts.csv")
        assert shows(app, "Read as CSV (UTF-8, cells separated by commas).")
        assert shows(app, "csv: would import 3, updated 0, unchanged 0, skipped 1.")
        assert shows(app, "Ignored columns: Favourite colour.")
        assert shows(app, "name: a name is required")
        # What a row keeps in the notes wraps in its column, whole.
        assert shows_words(app, "kept in the notes: email: 'not-an-email' is not an email address: "
                                "An email address must have an @-sign.")  # fmt: skip
        assert store.contacts.all() == []  # the preview writes nothing
        await click_and_wait(pilot, "#refuse")
        assert shows(app, "Nothing imported: 1 bad row(s)")
        assert store.contacts.all() == []
        await click_and_wait(pilot, "#skip")
        assert shows(app, "Contacts: imported 3, updated 0, unchanged 0, skipped 1.")
        assert shows(app, "Ann Lee")  # the contacts list reloaded
    assert sorted(c.name for c in store.contacts.all()) == ["Ann Lee", "Bo Diaz", "Cy Young"]


async def test_ctrl_s_imports_once_the_file_is_read(store: Store, clock: FakeClock) -> None:
    # From the keyboard, without going through every table to the button.
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_dialog(pilot, "I", ImportScreen)
        await pilot.press("ctrl+s")  # no file read yet: nothing to import
        await settled(pilot)
        assert app.screen is screen and store.contacts.all() == []
        screen.query_one("#path", Input).value = str(FIXTURES / "contacts.csv")
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert shows(app, "Contacts: imported 3, updated 0, unchanged 0, skipped 1.")
    assert sorted(c.name for c in store.contacts.all()) == ["Ann Lee", "Bo Diaz", "Cy Young"]


async def test_a_column_can_be_sent_elsewhere(store: Store, clock: FakeClock) -> None:
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot, FIXTURES / "contacts.csv")
        columns = screen.query_one("#columns")
        columns.focus()
        columns.move_cursor(row=6)  # Favourite colour
        await pilot.press("enter")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChooseScreen)
        chooser.query_one("OptionList").highlighted = [t for t, _ in chooser.choices].index("field")
        await pilot.press("enter")
        await settled(pilot)
        await click_and_wait(pilot, "#skip")
    assert {c.name: c.field for c in store.contacts.all()} == {
        "Ann Lee": "blue", "Bo Diaz": "", "Cy Young": "green",
    }  # fmt: skip


async def test_a_file_in_no_encoding_known_is_refused_clearly(
    tmp_path: Path, store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a short name: the message is on one line
    Path("c.csv").write_bytes(b"Name,Company\r\nAnn\x81 Lee,Acme\r\n")  # 0x81: in neither
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot, Path("c.csv"))
        assert shows(app, "is neither UTF-8 nor Windows-1252 text (line 2")
        assert app.screen.query_one("#skip").disabled


async def test_the_preview_says_what_was_recognised_and_what_goes_to_the_notes(
    store: Store, clock: FakeClock
) -> None:
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot, FIXTURES / "outlook_desktop.csv")
        assert shows(app, "Read as Outlook CSV (Windows-1252, cells separated by commas).")
        assert shows(app, "outlook: would import 3, updated 0, unchanged 0, skipped 0.")
        assert shows(app, "Ignored columns: Title, Business City, Anniversary")
        assert shows(app, "Françoise Lefèvre")
        assert shows_words(app, "kept in the notes: Business Phone")
        await click_and_wait(pilot, "#skip")
    roles = {c.name: c.role for c in store.contacts.all()}
    assert roles["Françoise Lefèvre"] == "Responsable des achats"  # the job title, not "Mme"
    weiss = next(c for c in store.contacts.all() if c.name == "Jürgen Weiß")
    assert (weiss.role, weiss.email) == ("Head of Engineering", "j.weiss@mueller-soehne.example")


async def test_cards_that_crashed_the_preview_are_shown_with_reasons(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    path = tmp_path / "phone.vcf"
    cards = [
        ["ORG:Acme Plumbing", "TEL:+1 555 010 0100"],  # a business: no FN, no N
        ["FN;CHARSET=NOPE;ENCODING=QUOTED-PRINTABLE:A=41"],
        ["FN:Deep", *["BEGIN:X"] * 1000, *["END:X"] * 1000],
        ["TEL:+1 555 010 0101"],  # nobody at all
    ]
    path.write_text(
        "".join(
            "".join(f"{line}\r\n" for line in ["BEGIN:VCARD", "VERSION:3.0", *c, "END:VCARD"])
            for c in cards
        ),
        encoding="utf-8",
    )
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot, path)
        assert shows(app, "vcard: would import 1, updated 0, unchanged 0, skipped 3.")
        assert shows(app, "unknown character set 'NOPE'")
        assert shows(app, "not a readable vCard: components nested more than 8")
        assert shows(app, "name: a name is required")
        await click_and_wait(pilot, "#skip")
    assert [(c.name, c.company) for c in store.contacts.all()] == [
        ("Acme Plumbing", "Acme Plumbing")
    ]


async def test_export_asks_before_replacing(tmp_path: Path, store: Store, clock: FakeClock) -> None:
    store.contacts.add("Ann Lee", company="Acme")
    target = tmp_path / "contacts.vcf"
    target.write_text("old")
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#what").value = "vcard"
        await pilot.pause()
        screen.query_one("#path", Input).value = str(target)
        await pilot.click("#export")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.question == f"{target} exists. Replace it?"
        assert target.read_text() == "old"
        await pilot.press("y")
        await pilot.pause()
    assert "FN:Ann Lee" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_a_long_file_is_read_and_imported_in_a_thread(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    from tests.unit.test_imports import ROWS, linkedin_file, person

    rows = [person(n) for n in range(ROWS)]
    rows[ROWS - 1][:2] = ["", ""]  # the last row names nobody
    path = linkedin_file(tmp_path / "Connections.csv", rows)
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_import(pilot, path)
        assert shows(app, f"linkedin: would import {ROWS - 1}, updated 0, unchanged 0, skipped 1.")
        assert shows(app, f"Shown: 200 of {ROWS:,} rows, those with something to say first.")
        preview = screen.query_one("#preview", DataTable)
        assert preview.row_count == 200
        lines = [int(str(preview.get_row_at(n)[0])) for n in range(preview.row_count)]
        assert lines == sorted(lines) and lines[-1] == ROWS + 4  # the bad row, at its line
        await click_and_wait(pilot, "#skip")
        assert shows(app, f"Contacts: imported {ROWS - 1}, updated 0,")  # the rest wraps
    assert len(store.contacts.all()) == ROWS - 1


async def test_closing_the_screen_stops_an_import_and_nothing_of_it_is_written(
    tmp_path: Path, db_path: Path, clock: FakeClock
) -> None:
    """Esc, then Discard, while the rows are being written: the import stops, nothing of
    it is in the database, and the app says so (no hang, no traceback). A database file:
    the list behind the screen reads it while the import holds its transaction."""
    from tests.unit.test_imports import ROWS, linkedin_file, person

    path = linkedin_file(tmp_path / "Connections.csv", [person(n) for n in range(ROWS)])
    store = Store(db_path, clock=clock)
    app = InfoApp(store, clock=clock, tz="UTC")

    async def until(done: Callable[[], bool]) -> None:
        """Waits on the worker thread: on a busy machine the preview of thousands of rows
        may take longer than the app's usual settling."""
        for _ in range(2400):
            if done():
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the worker did not get there in two minutes")

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#path", Input).value = str(path)
        screen.preview()  # as Enter in the path does
        await until(lambda: screen.parsed is not None)
        writing, closed = threading.Event(), threading.Event()
        told = screen._tell

        def held(doing: str, done: int, total: int) -> None:
            """The import's first batch written: it waits here until the screen is closed."""
            if doing == "Importing" and done:
                writing.set()
                closed.wait(60)
            told(doing, done, total)

        screen._tell = held  # type: ignore[method-assign]
        await pilot.pause()
        await pilot.click("#skip")
        await until(writing.is_set)
        await pilot.press("escape")  # "Discard your changes to the import?"
        await pilot.pause()
        await pilot.press("tab", "enter")  # from "Keep editing" to "Discard"
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
        closed.set()
        await until(lambda: any("nothing was imported" in n.message for n in app._notifications))
        await pilot.pause()
        assert shows(app, "Import stopped after")
        assert shows(app, "rows: nothing was imported.")
    with Store(db_path) as again:
        assert again.contacts.all() == []
    store.close()


async def open_export(pilot, what: str, target: Path) -> ExportScreen:  # type: ignore[no-untyped-def]
    screen = await open_dialog(pilot, "E", ExportScreen)
    screen.query_one("#what").value = what
    await pilot.pause()
    screen.query_one("#path", Input).value = str(target)
    return screen


class Gate:
    """The export's pieces, the first one told, then waiting until the test opens the
    gate: the export is under way, its file not written yet. ``done`` is set once the
    export has finished writing (or stopped) and cleaned up after itself."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from infotui.exporting import export_parts, write_private
        from infotui.screens import transfer

        self.open, self.told, self.done = threading.Event(), threading.Event(), threading.Event()
        self.started = 0  # exports begun

        def parts(store: Store, what: str, *, progress, **_: object):  # type: ignore[no-untyped-def]
            self.started += 1
            real = export_parts(store, what)

            def pieces():  # type: ignore[no-untyped-def]
                yield next(real)
                progress(1, 2)
                self.told.set()
                self.open.wait(60)
                progress(2, 2)  # the screen closed meanwhile: the export stops here
                yield from real

            return pieces()

        def writes(*args, **kwargs):  # type: ignore[no-untyped-def]
            try:
                write_private(*args, **kwargs)
            finally:
                self.done.set()

        monkeypatch.setattr(transfer, "export_parts", parts)
        monkeypatch.setattr(transfer, "write_private", writes)


def gated_app(
    db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, names: list[str]
) -> tuple[Store, InfoApp, Gate]:
    """A database file of these contacts (Acme's), the app on it, and its exports gated."""
    with Store(db_path, clock=clock) as store:
        for name in names:
            store.contacts.add(name, company="Acme")
    gate = Gate(monkeypatch)
    store = Store(db_path, clock=clock)
    return store, InfoApp(store, clock=clock, tz="UTC"), gate


async def test_an_export_runs_in_a_thread_and_says_how_far_it_has_gone(
    tmp_path: Path, db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, app, gate = gated_app(db_path, clock, monkeypatch, [f"Ann Lee {n}" for n in range(3)])
    target = tmp_path / "contacts.csv"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_export(pilot, "csv", target)
        await pilot.click("#export")
        await wait_until(pilot, gate.told.is_set, "the first piece told")
        await pilot.pause()
        assert shows(app, "Exporting… 1 of 2")  # the screen answers meanwhile
        assert screen.query_one("#export").disabled and not target.exists()
        screen.query_one("#path", Input).focus()
        await pilot.press("enter")  # in the path: no second export while this one runs
        await pilot.pause()
        assert gate.started == 1
        gate.open.set()
        await wait_until(pilot, gate.done.is_set, "the export written or stopped")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        assert [n.message for n in app._notifications] == [f"Wrote {target}"]
        assert gate.started == 1
    store.close()
    assert [row.split(",")[1] for row in target.read_text().splitlines()[1:]] == [
        f"Ann Lee {n}" for n in range(3)
    ]


async def test_closing_the_screen_stops_an_export_and_leaves_the_file_as_it_was(
    tmp_path: Path, db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, app, gate = gated_app(db_path, clock, monkeypatch, ["Ann Lee"])
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "contacts.vcf"
    target.write_text("yesterday's cards")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_export(pilot, "vcard", target)
        await pilot.click("#export")
        await pilot.pause()
        await pilot.press("y")  # replace it
        await wait_until(pilot, gate.told.is_set, "the first piece told")
        await pilot.press("escape")  # "Discard your changes to the export?"
        await pilot.pause()
        await pilot.press("tab", "enter")  # from "Keep editing" to "Discard"
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        gate.open.set()
        await wait_until(pilot, gate.done.is_set, "the export written or stopped")
        await pilot.pause()
        assert not [n.message for n in app._notifications if "Wrote" in n.message]
    store.close()
    assert target.read_text() == "yesterday's cards"
    assert [p.name for p in folder.iterdir()] == ["contacts.vcf"]  # no piece left behind


async def test_an_export_done_under_a_question_leaves_the_question_asked(
    tmp_path: Path, db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Esc while the export runs asks "Discard your changes?"; the export ending then
    says so and leaves the question (and the dialog under it) as they are."""
    store, app, gate = gated_app(db_path, clock, monkeypatch, ["Ann Lee"])
    target = tmp_path / "contacts.csv"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_export(pilot, "csv", target)
        await pilot.click("#export")
        await wait_until(pilot, gate.told.is_set, "the first piece told")
        await pilot.press("escape")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        gate.open.set()
        await wait_until(pilot, gate.done.is_set, "the export written or stopped")
        await pilot.pause()
        assert app.screen is question and app.screen_stack[-2] is screen
        assert [n.message for n in app._notifications] == [f"Wrote {target}"]
        await pilot.press("enter")  # "Keep editing"
        await pilot.pause()
        assert app.screen is screen and not screen.query_one("#export").disabled
        await pilot.press("escape")  # nothing left to discard: it closes at once
        await pilot.pause()
        assert not isinstance(app.screen, (ExportScreen, ConfirmScreen))
    store.close()
    assert "Ann Lee" in target.read_text()
