"""Importing files of thousands of rows: every row once, matched, filled in and indexed.

The import matches in memory and writes in batches (of 2,000 rows), with the search
index filled in one go at the end; these tests cross batch boundaries and check what
is stored, what the import says, the history, and that search (and its triggers) work
afterwards. No timings here: those are in bench/imports.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from infotui.formats import read_contacts
from infotui.models import Contact, EventKind
from infotui.store import ImportRefused, Store
from infotui.store.imports import BATCH

ROWS = 3_000  # more than one batch
FIRST = ["Priya", "Jim", "Dana", "José", "Zoë", "Søren", "Amélie", "Kenji"]
LAST = ["Raman", "Alvarez", "Okafor", "Núñez", "Müller", "Lund", "Dupont", "Sato"]
COMPANIES = ["Northwind Health", "Brightline Energy, Inc.", 'The "Open" Library', "Café Société"]
ROLES = ["Clinical Data Analyst", "Project Engineer", "Head of Operations, EMEA"]
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]


def person(n: int, *, email: bool | None = None) -> list[str]:
    """Row ``n`` of a LinkedIn export: every third with an email."""
    first, last = FIRST[n % len(FIRST)], f"{LAST[n % len(LAST)]} {n}"
    with_email = n % 3 == 0 if email is None else email
    return [
        first, last, f"https://www.linkedin.com/in/p-{n:05d}",
        f"p{n}@example.com" if with_email else "", COMPANIES[n % len(COMPANIES)],
        ROLES[n % len(ROLES)], f"{1 + n % 28:02d} Mar 2024",
    ]  # fmt: skip


def linkedin_file(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        handle.write('Notes:\n"When exporting your connection data, you may notice..."\n\n')
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    return linkedin_file(tmp_path / "Connections.csv", [person(n) for n in range(ROWS)])


def by_name(store: Store) -> dict[str, Contact]:
    return {c.name: c for c in store.contacts.all()}


def test_thousands_of_rows_come_in_once_each_with_their_fields(
    store: Store, big_file: Path
) -> None:
    before = store.contacts.add("Already There", company="Acme")
    parsed = read_contacts(big_file)
    result = store.imports.contacts(parsed.records, problems=parsed.problems)
    assert result.summary() == f"imported {ROWS}, updated 0, unchanged 0, skipped 0"
    assert (result.kept, result.skipped) == ([], [])
    contacts = store.contacts.all()
    assert len(contacts) == ROWS + 1
    assert len({c.id for c in contacts}) == ROWS + 1
    named = {c.name: c for c in contacts}
    for n in (0, 1, BATCH - 1, BATCH, ROWS - 1):
        first, last, url, email, company, role, _ = person(n)
        contact = named[f"{first} {last}"]
        assert (contact.company, contact.role, contact.email) == (company, role, email)
        assert contact.linkedin_url == url
        assert contact.how_we_know == f"LinkedIn connection since {1 + n % 28} Mar 2024"
        assert contact.status == "to_contact"
        assert contact.created_at == contact.updated_at == store.clock.now()
        [added] = store.contacts.history(contact.id or 0)
        assert (added.kind, added.note) == (EventKind.ADDED, "imported")
    assert named["Already There"].id == before.id
    # The new contacts' ids follow the ones there were, in the file's order.
    assert named[" ".join(person(0)[:2])].id == (before.id or 0) + 1
    assert named[" ".join(person(ROWS - 1)[:2])].id == (before.id or 0) + ROWS


def test_search_finds_imported_contacts_and_what_is_added_after(
    store: Store, big_file: Path
) -> None:
    store.imports.contacts(read_contacts(big_file).records)
    for n in (BATCH - 3, BATCH + 7, ROWS - 7):  # no other name starts as theirs do
        name = " ".join(person(n)[:2])
        assert [h.contact.name for h in store.search.find(name)] == [name]
    # The index's own triggers are back: a contact added, or changed, later is found.
    later = store.contacts.add("Quentin Zapata", company="Zeugma")
    assert [h.contact.name for h in store.search.find("zeugma")] == ["Quentin Zapata"]
    store.contacts.update(later.id or 0, company="Yonder")
    assert store.search.find("zeugma") == []
    assert [h.contact.name for h in store.search.find("yonder")] == ["Quentin Zapata"]


def test_the_same_file_again_changes_nothing(store: Store, big_file: Path) -> None:
    parsed = read_contacts(big_file)
    store.imports.contacts(parsed.records)
    stamps = {c.id: c.updated_at for c in store.contacts.all()}
    again = store.imports.contacts(parsed.records)
    assert again.summary() == f"imported 0, updated 0, unchanged {ROWS}, skipped 0"
    assert {c.id: c.updated_at for c in store.contacts.all()} == stamps
    assert all(len(store.contacts.history(i or 0)) == 1 for i in list(stamps)[:: ROWS // 10])


def test_a_row_with_something_new_fills_in_only_what_was_empty(
    store: Store, tmp_path: Path, big_file: Path
) -> None:
    store.imports.contacts(read_contacts(big_file).records)
    rows = [person(n) for n in range(ROWS)]
    rows[BATCH + 2][3] = "new.address@example.org"  # had no email
    rows[BATCH + 3][4] = "Another Company Entirely"  # a company: a different person
    rows[3][4] = COMPANIES[3 % len(COMPANIES)]  # the same
    changed = linkedin_file(tmp_path / "again.csv", rows)
    result = store.imports.contacts(read_contacts(changed).records)
    assert result.summary() == f"imported 1, updated 1, unchanged {ROWS - 2}, skipped 0"
    named = by_name(store)
    filled = named[" ".join(person(BATCH + 2)[:2])]
    assert filled.email == "new.address@example.org"
    assert filled.role == person(BATCH + 2)[5]
    assert [h.contact.name for h in store.search.find("new.address")] == [filled.name]
    # Its entry in the index was replaced, not doubled.
    assert len(store.search.find(filled.name)) == 1
    assert len(store.contacts.all()) == ROWS + 1


def test_the_same_person_twice_in_one_file_is_one_contact(store: Store, tmp_path: Path) -> None:
    rows = [person(n, email=False) for n in range(ROWS)]
    # Once within the same batch, once in a later one (its first row written by then),
    # each time with an email the first row lacked; then the same again, unchanged.
    rows.append([*person(5, email=False)[:3], "five@example.com", *person(5)[4:]])
    rows.insert(10, [*person(8, email=False)[:3], "eight@example.com", *person(8)[4:]])
    rows.append(person(8, email=False))
    path = linkedin_file(tmp_path / "twice.csv", rows)
    result = store.imports.contacts(read_contacts(path).records)
    assert result.summary() == f"imported {ROWS}, updated 2, unchanged 1, skipped 0"
    named = by_name(store)
    assert len(named) == ROWS
    assert named[" ".join(person(5)[:2])].email == "five@example.com"
    assert named[" ".join(person(8)[:2])].email == "eight@example.com"
    assert [h.contact.name for h in store.search.find("five@example.com")] == [
        " ".join(person(5)[:2])
    ]


def test_a_bad_row_late_in_a_long_file_refuses_all_of_it_or_only_itself(
    store: Store, tmp_path: Path
) -> None:
    rows = [person(n) for n in range(ROWS)]
    rows[ROWS - 5][:2] = ["", ""]  # no name
    path = linkedin_file(tmp_path / "bad.csv", rows)
    parsed = read_contacts(path)
    bad_line = parsed.records[ROWS - 5].line
    with pytest.raises(ImportRefused, match=f"line {bad_line}: name"):
        store.imports.contacts(parsed.records, on_error="refuse")
    assert store.contacts.all() == []
    assert store.search.find(" ".join(person(3)[:2])) == []
    # The index's triggers came back with the rollback.
    store.contacts.add("Quentin Zapata", company="Zeugma")
    assert [h.contact.name for h in store.search.find("zeugma")] == ["Quentin Zapata"]
    result = store.imports.contacts(parsed.records, on_error="skip")
    assert result.summary() == f"imported {ROWS - 1}, updated 0, unchanged 0, skipped 1"
    assert [line for line, _ in result.skipped] == [bad_line]
    assert len(store.contacts.all()) == ROWS


def test_a_dry_run_of_a_long_file_counts_and_writes_nothing(store: Store, big_file: Path) -> None:
    result = store.imports.contacts(read_contacts(big_file).records, dry_run=True)
    assert result.summary() == f"would import {ROWS}, updated 0, unchanged 0, skipped 0"
    assert store.contacts.all() == []
    assert store.search.find(" ".join(person(3)[:2])) == []


def test_progress_is_told_as_the_rows_are_gone_through(store: Store, big_file: Path) -> None:
    seen: list[int] = []
    store.imports.contacts(read_contacts(big_file).records, progress=seen.append)
    assert seen == [*range(BATCH, ROWS, BATCH), ROWS]


def test_a_stopped_import_writes_nothing_and_says_how_far_it_went(
    store: Store, big_file: Path
) -> None:
    from infotui.store import ImportStopped

    store.contacts.add("Ann Lee", company="Acme")
    asked: list[int] = []
    records = read_contacts(big_file).records
    with pytest.raises(ImportStopped) as stopped:
        store.imports.contacts(
            records,
            progress=asked.append,
            stop=lambda: bool(asked),  # after the first batch
        )
    assert asked == [BATCH]  # the first batch was written, in the import's transaction
    assert stopped.value.done == ROWS  # asked again before the import was committed
    assert str(stopped.value) == f"import stopped after {ROWS:,} rows: nothing was imported"
    assert [c.name for c in store.contacts.all()] == ["Ann Lee"]
    result = store.imports.contacts(records, stop=lambda: False)
    assert result.imported == ROWS


def test_contacts_added_after_an_import_get_new_ids(store: Store, big_file: Path) -> None:
    store.imports.contacts(read_contacts(big_file).records)
    ids = {c.id for c in store.contacts.all()}
    later = store.contacts.add("After Import")
    assert later.id not in ids
    assert len(store.contacts.all()) == ROWS + 1


# -- the command line ---------------------------------------------------------------------


def test_the_command_line_imports_a_long_file_without_a_bar_when_not_watched(
    db_path: Path, big_file: Path
) -> None:
    from click.testing import CliRunner

    from infotui.cli import main

    result = CliRunner().invoke(main, ["--db", str(db_path), "import", str(big_file)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"linkedin: imported {ROWS}, updated 0, unchanged 0, skipped 0"
    assert "Importing" not in result.stderr  # stderr is no terminal here: no progress bar
    assert (
        result.stderr.splitlines()[0] == "Read as LinkedIn CSV (UTF-8, cells separated by commas)"
    )
    with Store(db_path) as store:
        assert len(store.contacts.all()) == ROWS


@pytest.mark.parametrize(("rows", "watched", "shown"), [
    (ROWS, True, True), (ROWS, False, False), (100, True, False),
])  # fmt: skip
def test_a_progress_bar_only_for_a_long_job_someone_watches(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    rows: int, watched: bool, shown: bool,
) -> None:  # fmt: skip
    from infotui import cli

    monkeypatch.setattr(cli, "_watched", lambda: watched)
    with cli.long_job("Importing") as step:
        for done in range(0, rows + 1, 500):
            step(done, rows)
    assert ("Importing" in capsys.readouterr().err) == shown


def test_reading_a_long_file_tells_how_far_it_has_gone(big_file: Path, tmp_path: Path) -> None:
    from infotui.formats.vcard import write_vcards
    from infotui.store import Store as Opened

    told: list[tuple[int, int]] = []
    parsed = read_contacts(big_file, progress=lambda done, lines: told.append((done, lines)))
    lines = big_file.read_text(encoding="utf-8-sig").count("\n") + 1
    assert len(parsed.records) == ROWS
    assert len(told) >= 2 and told[-1] == (lines, lines)
    assert [done for done, _ in told] == sorted(done for done, _ in told)  # onwards only
    with Opened("sqlite://") as store:  # a vCard file of the same people
        store.imports.contacts(parsed.records)
        cards = tmp_path / "all.vcf"
        cards.write_text(write_vcards(store.contacts.for_export(), install_id="x"))
    told.clear()
    assert len(read_contacts(cards, progress=lambda *seen: told.append(seen)).records) == ROWS
    assert len(told) >= 2 and told[-1][0] == told[-1][1] > told[0][0]


def test_the_command_line_shows_the_reading_of_a_long_file_to_someone_watching(
    db_path: Path, big_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV file is imported as it is read, under one bar; a vCard file is read whole
    (one bar), then imported (another)."""
    from click.testing import CliRunner

    from infotui import cli
    from infotui.formats.vcard import write_vcards

    monkeypatch.setattr(cli, "_watched", lambda: True)
    result = CliRunner().invoke(cli.main, ["--db", str(db_path), "import", str(big_file)])
    assert result.exit_code == 0, result.stderr
    assert "Importing Connections.csv" in result.stderr and "Reading" not in result.stderr
    assert result.stdout.strip() == f"linkedin: imported {ROWS}, updated 0, unchanged 0, skipped 0"
    with Store(db_path) as store:
        cards = tmp_path / "all.vcf"
        cards.write_text(write_vcards(store.contacts.for_export(), install_id="x"))
    result = CliRunner().invoke(cli.main, ["--db", str(db_path), "import", str(cards)])
    assert result.exit_code == 0, result.stderr
    assert "Reading all.vcf" in result.stderr and "Importing" in result.stderr
    assert result.stdout.strip() == f"vcard: imported 0, updated 0, unchanged {ROWS}, skipped 0"


def test_a_record_whose_name_is_none_is_asked_for_a_name() -> None:
    """A reader's None is no value: a record with its name None is refused for want of
    a name (never taken without one), its other None values left out."""
    from infotui.store.imports import settle_record
    from infotui.validation import ValidationError

    with pytest.raises(ValidationError, match="name: a name is required"):
        settle_record({"name": None, "company": "Acme"})  # type: ignore[dict-item]
    assert settle_record({"name": "Ann", "email": None})[0] == {"name": "Ann"}  # type: ignore[dict-item]
