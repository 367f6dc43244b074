"""The command line's import on an up-to-date file: through the sqlite3 module alone.

``infotui import`` on a SQLite file that is ready as it is opens it without the
ORM (:mod:`infotui.store.plain`) and writes through the same import as the app. These
tests check that what it stores is what the store's own import stores, field for field,
with the contact filters' table, the search index and their triggers as they were; that
it does not load the database layer; and that a file it cannot take as it is (new, older,
notes left to save, locked, open to others) goes the full store's way or is refused as
the store refuses it.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from infotui.cli import main
from infotui.clock import FakeClock
from infotui.contact_index import haystack
from infotui.formats import read_contacts
from infotui.journal import DraftJournal, JournalDraft
from infotui.store import Store
from infotui.store.plain import PlainFile
from tests.helpers import ROOT, dead_pid
from tests.unit.test_imports import ROWS, linkedin_file, person


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    rows = [person(n) for n in range(ROWS)]
    rows[7][0] = "Ærøskøbing"  # a letter the folding spells out (æ, ø)
    rows += [person(n) for n in range(0, ROWS, 5)]  # the same people again, in one file
    return linkedin_file(tmp_path / "Connections.csv", rows)


def made(path: Path, clock: FakeClock) -> Path:
    """An up-to-date database file, seeded, with a contact in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path, clock=clock) as store:
        store.contacts.add("Ann Lee", company="Initech", email="ann@example.com")
        store.contacts.add("Priya Raman 0", company="Northwind Health")  # row 0, no email
    return path


TABLES = {
    "contact": "SELECT * FROM contact ORDER BY id",
    "contactevent": "SELECT * FROM contactevent ORDER BY id",
    "contactfold": "SELECT * FROM contactfold ORDER BY contact_id",
    "contactgram": "SELECT rowid, folded FROM contactgram ORDER BY rowid",
    "search": "SELECT rowid, body FROM search_fts ORDER BY rowid",
    "triggers": "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
    "full-text settings": "SELECT 'search', k, v FROM search_fts_config"
    " UNION ALL SELECT 'grams', k, v FROM contactgram_config ORDER BY 1, 2",
}


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in TABLES.items()}


def test_the_plain_import_stores_what_the_stores_import_stores(
    tmp_path: Path, big_file: Path, clock: FakeClock
) -> None:
    plain_db, store_db = made(tmp_path / "plain.db", clock), made(tmp_path / "store.db", clock)
    parsed = read_contacts(big_file)
    plain = PlainFile.open(plain_db, clock=clock)
    assert plain is not None
    with plain:
        by_plain = plain.imports.contacts(parsed.records, problems=parsed.problems)
    with Store(store_db, clock=clock) as store:
        by_store = store.imports.contacts(parsed.records, problems=parsed.problems)
    assert by_plain == by_store
    assert (by_plain.imported, by_plain.updated) == (ROWS - 1, 1)  # row 0 filled in
    plain_rows, store_rows = dump(plain_db), dump(store_db)
    for table in TABLES:
        assert plain_rows[table] == store_rows[table], table
    assert len(plain_rows["contactfold"]) == ROWS + 1
    assert all(exact for *_, exact in plain_rows["contactfold"])  # Zoë, José folded
    with sqlite3.connect(plain_db) as conn:  # each row as the triggers and the store make it
        rows = conn.execute(
            "SELECT f.name_key = lower(c.name), f.folded, c.name, c.company, c.role, c.field"
            " FROM contactfold f JOIN contact c ON c.id = f.contact_id"
        ).fetchall()
    assert all(key and folded == haystack(*fields) for key, folded, *fields in rows)
    # The triggers are back: what is written later is indexed and listed.
    with Store(plain_db, clock=clock) as store:
        store.contacts.add("Zoë Later", company="Café Société")
        assert [hit.contact.name for hit in store.search.find("later")] == ["Zoë Later"]
        assert [c.name for c in store.contacts.page("zoe later", 0, 10)] == ["Zoë Later"]
        assert [c.name for c in store.contacts.page("aeroskobing", 0, 10)] == ["Ærøskøbing Sato 7"]


def test_a_plain_import_stopped_or_refused_writes_nothing(
    tmp_path: Path, big_file: Path, clock: FakeClock
) -> None:
    db = made(tmp_path / "t.db", clock)
    before = dump(db)
    records = read_contacts(big_file).records
    plain = PlainFile.open(db, clock=clock)
    assert plain is not None
    with plain:
        with pytest.raises(Exception, match="nothing was imported"):
            plain.imports.contacts(records, stop=lambda: True)
        with pytest.raises(Exception, match="nothing imported: 1 bad row"):
            plain.imports.contacts(records, on_error="refuse", problems=[(9, "too many cells")])
        dry = plain.imports.contacts(records, dry_run=True)
    assert dry.imported == ROWS - 1
    assert dump(db) == before  # triggers included: dropped inside the rolled-back transaction


PROBE = """
import sys
from infotui.cli import main
try:
    main(sys.argv[1:], prog_name="infotui")
finally:
    print("loaded:", sorted({"sqlalchemy", "sqlmodel", "pydantic", "pendulum"} & set(sys.modules)),
          file=sys.stderr)
"""


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_the_command_line_imports_into_an_up_to_date_file_without_the_orm(
    tmp_path: Path, big_file: Path, clock: FakeClock
) -> None:
    db = made(tmp_path / "t.db", clock)
    done = run_cli("--db", str(db), "import", str(big_file))
    assert done.returncode == 0, done.stderr
    again = ROWS // 5  # the rows given twice: the second time, nothing new
    assert (
        done.stdout == f"linkedin: imported {ROWS - 1}, updated 1, unchanged {again}, skipped 0\n"
    )
    assert "loaded: []" in done.stderr  # nor pendulum: its own time and dates
    with Store(db) as store:
        assert store.contacts.count() == ROWS + 1


def test_a_new_file_is_made_and_seeded_by_the_store_then_imported(
    tmp_path: Path, big_file: Path
) -> None:
    db = tmp_path / "infotui.db"
    done = run_cli("--db", str(db), "import", str(big_file))
    assert done.returncode == 0, done.stderr
    assert "loaded: ['pendulum', 'pydantic', 'sqlalchemy', 'sqlmodel']" in done.stderr
    assert PlainFile.open(db) is not None  # seeded: the next import needs no ORM
    with Store(db) as store:
        assert store.contacts.count() == ROWS
        assert store.questions.all()  # the bank is there


def test_notes_left_by_a_killed_infotui_are_saved_by_the_import_too(
    running: tuple[Path, int, int], big_file: Path
) -> None:
    db, interview_id, question_id = running
    orphan = DraftJournal(db, pid=dead_pid())
    orphan.write([JournalDraft((interview_id, question_id), "typed before the crash", 0)])
    assert PlainFile.open(db) is None  # the notes need the store
    code, _out, err = cli("--db", str(db), "import", str(big_file))
    assert code == 0, err
    assert "saved 1 note(s) typed just before infotui last stopped" in err
    with Store(db) as store:
        assert store.answers.of(interview_id)[question_id] == "typed before the crash"
        assert store.contacts.count() >= ROWS


def test_a_file_open_to_others_is_made_private_by_the_plain_import(
    tmp_path: Path, big_file: Path, clock: FakeClock
) -> None:
    db = made(tmp_path / "t.db", clock)
    db.chmod(0o644)
    code, _, err = cli("--db", str(db), "import", str(big_file))
    assert code == 0 and "now readable by you only" in err
    assert oct(db.stat().st_mode & 0o777) == "0o600"


def test_a_locked_file_is_refused_in_one_line_and_left_as_it_was(
    tmp_path: Path, big_file: Path, clock: FakeClock
) -> None:
    db = made(tmp_path / "t.db", clock)
    before = dump(db)
    plain = PlainFile.open(db, clock=clock, busy_timeout_ms=100)
    assert plain is not None
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing
    try:
        with plain, pytest.raises(Exception, match="locked by another program"):
            plain.imports.contacts(read_contacts(big_file).records)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert dump(db) == before


def test_a_file_of_an_older_schema_or_bank_goes_to_the_store(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = made(tmp_path / "t.db", clock)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE setting SET value = 'schema 1, bank 0' WHERE key = 'seeded'")
    assert PlainFile.open(db) is None
    assert PlainFile.open(tmp_path / "absent.db") is None
    with Store(db):  # seeds again
        pass
    assert PlainFile.open(db) is not None


def test_a_damaged_file_is_refused_by_the_plain_import_as_by_the_store(
    tmp_path: Path, big_file: Path
) -> None:
    db = tmp_path / "t.db"
    db.write_bytes(b"not a database at all" * 10)
    code, out, err = cli("--db", str(db), "import", str(big_file))
    assert (code, out) == (2, "")
    assert "not an infotui database" in err and err.count("\n") == 1
    assert json.dumps(db.read_bytes().decode()) == json.dumps("not a database at all" * 10)


# -- exports of the contacts ----------------------------------------------------------------


def test_contacts_exported_from_the_plain_file_are_the_stores_export_byte_for_byte(
    tmp_path: Path, big_file: Path, clock: FakeClock
) -> None:
    from infotui.exporting import build_export, export_contacts
    from infotui.kinds import OutreachStatus

    db = made(tmp_path / "t.db", clock)
    with Store(db, clock=clock) as store:
        store.imports.contacts(read_contacts(big_file).records)
        ann = store.contacts.find_duplicate("Ann Lee", company="Initech")
        assert ann is not None and ann.id is not None
        store.contacts.set_status(ann.id, OutreachStatus.REACHED_OUT)  # times of their own
        store.contacts.set_follow_up(ann.id, clock.now().add(days=3))
        store.contacts.update(ann.id, notes="Met at the fair;\nsays: call Tuesdays")
    plain = PlainFile.open(db, clock=clock)
    assert plain is not None
    with plain:
        by_plain = {
            what: export_contacts(what, plain.contacts_for_export(), plain.install_id)
            for what in ("csv", "vcard")
        }
    with Store(db, clock=clock) as store:
        for what, data in by_plain.items():
            assert data == build_export(store, what), what
        install_id = store.settings.install_id()  # the one the plain file made, kept
    assert f"UID:contact-1-{install_id}@infotui\r\n" in by_plain["vcard"].decode()
    rows = list(csv.reader(io.StringIO(by_plain["csv"].decode(), newline="")))
    assert len(rows) == 1 + 1 + ROWS  # the header, Ann, Priya and the rows new to the file
    assert "Met at the fair;\nsays: call Tuesdays" in {row[9] for row in rows}
    assert "2026-03-13T14:00:00+00:00" in by_plain["csv"].decode()  # Ann's follow-up


def test_the_command_line_exports_an_up_to_date_file_without_the_orm(
    tmp_path: Path, big_file: Path, clock: FakeClock
) -> None:
    db = made(tmp_path / "t.db", clock)
    out = tmp_path / "contacts.vcf"
    done = run_cli("--db", str(db), "export", "vcard", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "loaded: ['pendulum']" in done.stderr  # the cards' times
    assert out.read_text().count("BEGIN:VCARD") == 2
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    done = run_cli("--db", str(db), "export", "markdown")  # interviews: the full store
    assert done.returncode == 1 and "no interview has started" in done.stderr
    assert "'sqlalchemy'" in done.stderr


def test_the_import_holds_the_write_lock_before_it_reads_anything(
    tmp_path: Path, big_file: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program writing just after the import's first read waits for the import:
    had the import read first and taken the lock later, SQLite would refuse the import's
    first write (its snapshot is stale) instead."""
    from infotui.store import imports

    db = made(tmp_path / "t.db", clock)
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    refused: list[str] = []
    read_install_id = imports._install_id

    def read_then_other_writes(driver: object) -> str:
        value = read_install_id(driver)  # type: ignore[arg-type]
        try:
            other.execute("INSERT INTO setting (key, value) VALUES ('other', 'program')")
        except sqlite3.OperationalError as error:
            refused.append(str(error))
        return value

    monkeypatch.setattr(imports, "_install_id", read_then_other_writes)
    plain = PlainFile.open(db, clock=clock)
    assert plain is not None
    with plain:
        result = plain.imports.contacts(read_contacts(big_file).records)
    other.close()
    assert refused == ["database is locked"]
    assert result.imported == ROWS - 1


def test_a_file_imported_again_is_checked_where_it_differs_from_what_is_stored(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Rows read again as they were stored are unchanged at once; a row that differs is
    checked and matched as ever: a value that does not fit goes to the notes, white
    space does not make someone new."""
    db = made(tmp_path / "t.db", clock)
    rows = [person(n, email=True) for n in range(1, 40)]
    first = linkedin_file(tmp_path / "first.csv", rows)
    plain = PlainFile.open(db, clock=clock)
    assert plain is not None
    with plain:
        assert plain.imports.contacts(read_contacts(first).records).imported == 39
        rows[3][3] = "not an email"  # does not fit: kept in the notes of the same person
        rows[4][5] = ""  # the role left out: says nothing
        rows[5][1], rows[5][3] = rows[5][1] + " x", "new@example.com"  # someone new
        rows[6][0] = " " + rows[6][0]  # white space around: the same person
        again = linkedin_file(tmp_path / "again.csv", rows)
        result = plain.imports.contacts(read_contacts(again).records)
    assert (result.imported, result.updated, result.unchanged) == (1, 1, 37)
    assert [why for _, why in result.kept] == ["kept in the notes: email: " + why_email()]
    with Store(db, clock=clock) as store:
        by_name = {c.name: c for c in store.contacts.all()}
    assert by_name[f"{rows[3][0]} {rows[3][1]}"].notes == "Email: not an email"
    assert by_name[f"{rows[4][0]} {rows[4][1]}"].role == person(5)[5]


def why_email() -> str:
    from infotui.validation import ValidationError, clean_contact

    try:
        clean_contact({"email": "not an email"})
    except ValidationError as error:
        return error.errors["email"]
    raise AssertionError("accepted")


def test_a_contact_filled_in_by_a_later_batch_is_found_by_what_it_was_given(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Each batch of new contacts is indexed as it is written; one of them filled in by
    a row of a later batch is indexed again with what it holds at the end, for search
    and for the contact filters (its new role needs folding: Ærø)."""
    db = made(tmp_path / "t.db", clock)
    rows = [person(n) for n in range(ROWS)]
    rows[10][5] = ""  # written in the first batch without a role
    later = person(10)
    later[5] = "Zythologist in Ærø"
    rows.append(later)  # the same person (name and company), in the last batch
    plain = PlainFile.open(db, clock=clock)
    assert plain is not None
    with plain:
        result = plain.imports.contacts(
            read_contacts(linkedin_file(tmp_path / "c.csv", rows)).records
        )
    assert (result.imported, result.updated) == (ROWS - 1, 2)  # row 0 and row 10 filled in
    name = f"{later[0]} {later[1]}"
    with Store(db, clock=clock) as store:
        assert [hit.contact.name for hit in store.search.find("zythologist")] == [name]
        assert [c.name for c in store.contacts.page("zythologist aero", 0, 10)] == [name]
        assert store.contacts.count() == ROWS + 1
    with sqlite3.connect(db) as conn:  # one row each in both indexes, none left inexact
        assert conn.execute("SELECT count(*) FROM search_fts WHERE rowid % 4 = 1").fetchone() == (
            ROWS + 1,
        )
        assert conn.execute("SELECT count(*), sum(exact) FROM contactfold").fetchone() == (
            ROWS + 1,
            ROWS + 1,
        )
        # The trigram index holds each row's text as the filters' table has it at the end.
        grams = "SELECT rowid, folded FROM contactgram ORDER BY rowid"
        fold_rows = "SELECT contact_id, folded FROM contactfold ORDER BY contact_id"
        assert conn.execute(grams).fetchall() == conn.execute(fold_rows).fetchall()


def test_an_error_while_a_batch_is_written_leaves_the_file_as_it_was(
    tmp_path: Path, big_file: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch is written while the next is read: its error stops the import, nothing is
    written, and the file takes the next import as ever."""
    from infotui.errors import StoreError
    from infotui.store.bulk import Indexes

    db = made(tmp_path / "t.db", clock)
    before = dump(db)
    records = read_contacts(big_file).records
    added = Indexes.added
    calls: list[int] = []

    def fails_second(self: Indexes, first: int, last: int, folded: object = ()) -> None:
        calls.append(first)
        if len(calls) == 2:
            raise StoreError("the disk is full")
        added(self, first, last, folded)  # type: ignore[arg-type]

    monkeypatch.setattr(Indexes, "added", fails_second)
    plain = PlainFile.open(db, clock=clock)
    assert plain is not None
    with plain:
        with pytest.raises(StoreError, match="the disk is full"):
            plain.imports.contacts(records)
        assert dump(db) == before
        monkeypatch.setattr(Indexes, "added", added)
        assert plain.imports.contacts(records).imported == ROWS - 1
    assert len(calls) == 2


def test_a_bad_row_late_in_a_long_file_is_told_and_refused_as_ever(
    tmp_path: Path, clock: FakeClock
) -> None:
    """A CSV file is imported as it is read: a row with too many cells past the first
    batch is skipped with its line (exit 1), or refuses the whole import (exit 2)."""
    db = made(tmp_path / "t.db", clock)
    rows = [person(n) for n in range(ROWS)]
    rows[2500] = [*rows[2500], "", "an extra cell"]
    path = linkedin_file(tmp_path / "Connections.csv", rows)
    line = 5 + 2500  # two lines of notes, a blank line and the header, then the rows
    before = dump(db)
    code, _out, err = cli("--db", str(db), "import", str(path), "--on-error", "refuse")
    assert code == 2 and f"line {line}: 9 cells for 7 columns" in err
    assert dump(db) == before
    code, out, err = cli("--db", str(db), "import", str(path))
    assert code == 1 and f"line {line}" in err
    assert out.strip() == f"linkedin: imported {ROWS - 2}, updated 1, unchanged 0, skipped 1"


def test_an_import_leaves_the_indexes_settings_and_the_interpreter_as_it_found_them(
    tmp_path: Path, big_file: Path, clock: FakeClock
) -> None:
    """An import merges the full-text indexes' segments less often while it writes,
    and lets the interpreter switch threads sooner while its writer runs: both are put
    back, a setting of the user's own included."""
    db = made(tmp_path / "t.db", clock)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 8)")
    settings = "SELECT v FROM {}_config WHERE k = 'automerge'"
    interval = sys.getswitchinterval()
    plain = PlainFile.open(db, clock=clock)
    assert plain is not None
    with plain:
        assert plain.imports.contacts(read_contacts(big_file).records).imported == ROWS - 1
    assert sys.getswitchinterval() == interval
    with sqlite3.connect(db) as conn:
        assert conn.execute(settings.format("search_fts")).fetchall() == [(8,)]
        assert conn.execute(settings.format("contactgram")).fetchall() == [(4,)]
