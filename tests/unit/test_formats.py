"""Import and export in the formats people already have."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from infotui.cli import main
from infotui.clock import FakeClock
from infotui.errors import FormatError
from infotui.exporting import build_export
from infotui.formats import read_contacts
from infotui.formats.markdown import interview_markdown
from infotui.store import ImportRefused, Store
from tests.helpers import FIXTURES


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# -- reading ------------------------------------------------------------------------------


def test_linkedin_export_as_linkedin_writes_it() -> None:
    parsed = read_contacts(FIXTURES / "linkedin_connections.csv")
    assert parsed.format == "linkedin"
    by_name = {r.fields["name"]: r for r in parsed.records}
    assert list(by_name) == [
        "Priya Raman",
        "Jim Alvarez",
        "Dana Okafor",
        "José Núñez",
        "Marcus Feld",
    ]
    jim = by_name["Jim Alvarez"].fields
    assert jim["company"] == "Brightline Energy, Inc."  # a quoted comma
    assert jim["email"] == "jim.alvarez@example.com"
    assert jim["how_we_know"] == "LinkedIn connection since 3 Jan 2023"
    assert by_name["Dana Okafor"].fields["company"] == 'The "Open" Library'  # quoted quotes
    assert by_name["José Núñez"].fields["role"] == "Head of Operations, EMEA"
    assert "email" not in by_name["Priya Raman"].fields  # LinkedIn leaves most emails empty
    assert by_name["Priya Raman"].line == 5  # after the notes and the header
    assert by_name["Marcus Feld"].line == 11  # blank and all-comma rows are passed over


def _pendulums_date(text: str) -> str:
    """LinkedIn's date as pendulum reads and writes it (what the reader did before)."""
    for pattern in ("DD MMM YYYY", "D MMM YYYY"):
        try:
            return pendulum.from_format(text.strip(), pattern).format("D MMM YYYY")
        except ValueError:
            continue
    return text.strip()


_MONTH_WORDS = ["Jan", "Feb", "Mar", "May", "Sep", "Dec", "mar", "MAR", "March", "Sept", "Mär"]


@settings(max_examples=400, deadline=None)
@given(
    day=st.integers(0, 40) | st.from_regex(r"\A\d{1,3}\Z"),
    month=st.sampled_from(_MONTH_WORDS) | st.text(max_size=4),
    year=st.integers(0, 10_000) | st.from_regex(r"\A\d{1,5}\Z"),
    gaps=st.sampled_from([(" ", " "), ("  ", " "), (" ", ""), ("-", "-")]),
    edges=st.sampled_from(["", " ", "\t"]),
)
@example(day="02", month="Mar", year="2024", gaps=(" ", " "), edges="")
@example(day=29, month="Feb", year=2023, gaps=(" ", " "), edges="")
@example(day="\u0661", month="Mar", year="\u0662\u0660\u0662\u0664", gaps=(" ", " "), edges="")
def test_linkedins_dates_are_read_as_pendulum_reads_them(
    day: int | str, month: str, year: int | str, gaps: tuple[str, str], edges: str
) -> None:
    """The reader's own reading of "Connected On" (a tenth of an import's start went to
    loading pendulum for it) gives what pendulum's "D MMM YYYY" gives, for any day,
    month word, year and spacing: real dates written alike, the rest kept as written."""
    from infotui.formats.csv_file import _date

    text = f"{edges}{day}{gaps[0]}{month}{gaps[1]}{year}{edges}"
    assert _date(text) == _pendulums_date(text)


def test_older_linkedin_export_without_url() -> None:
    parsed = read_contacts(FIXTURES / "linkedin_connections_old.csv")
    assert [r.fields["name"] for r in parsed.records] == ["Lena Sorensen", "Amir Haddad"]
    assert parsed.records[1].fields["company"] == "Haddad, Sons & Co"


def test_csv_columns_are_mapped_by_their_names() -> None:
    parsed = read_contacts(FIXTURES / "contacts.csv")
    assert parsed.mapping == {
        "Full Name": "name", "Organisation": "company", "Job Title": "role", "E-mail": "email",
        "Mobile": "phone", "Notes": "notes", "Favourite colour": "",
    }  # fmt: skip
    assert parsed.records[0].fields["notes"] == "Met at PyCon, very kind"


def test_csv_mapping_can_be_changed() -> None:
    mapping = {"Favourite colour": "notes", "Notes": "", "Mobile": ""}
    parsed = read_contacts(FIXTURES / "contacts.csv", "csv", mapping)
    assert parsed.records[0].fields == {
        "name": "Ann Lee", "company": "Acme", "role": "Data engineer",
        "email": "ann@acme.example", "notes": "blue",
    }  # fmt: skip
    with pytest.raises(FormatError, match="no column"):
        read_contacts(FIXTURES / "contacts.csv", "csv", {"Nope": "name"})


def test_vcards_3_and_4() -> None:
    parsed = read_contacts(FIXTURES / "contacts.vcf")
    priya, zoe, dana = (r.fields for r in parsed.records)
    assert priya["company"] == "Northwind Health"
    assert priya["email"] == "priya@northwind.example" and priya["phone"] == "+1 555 010 2222"
    assert "keep it to 20 minutes" in priya["notes"]  # a folded line
    assert "priya.r@example.net" in priya["notes"] and "+1 555 010 2233" in priya["notes"]
    assert priya["linkedin_url"].endswith("/priya-raman-0a1b2c")
    assert (zoe["name"], zoe["phone"]) == ("Zoë Åström", "+46-8-555-0100")
    assert dana["name"] == "Dana Okafor"  # no FN: built from N
    assert [r.line for r in parsed.records] == [1, 15, 24]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cp1252.csv", b"Name\r\nAnn\x81\x8d\r\n", "neither UTF-8 nor Windows-1252"),
        ("utf16.csv", b"\xff\xfeN\x00a\x00m", "starts as UTF-16 text but line 1 is not"),
        ("empty.csv", b"", "no header row found"),
        ("numbers.csv", b"1,2,3\n4,5,6\n", "no header row"),
        ("linkedin.csv", b"Notes:\nnothing here\n", "no header row"),
        ("cards.vcf", b"Name: Ann\n", "no vCard"),
        ("photo.jpg", b"\xff\xd8\xff", "--format"),
    ],
)
def test_malformed_files_say_why(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = FIXTURES / name if content is None else tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(FormatError, match=message):
        read_contacts(path)


# -- importing ----------------------------------------------------------------------------


def test_import_twice_never_doubles(store: Store) -> None:
    parsed = read_contacts(FIXTURES / "linkedin_connections.csv")
    first = store.imports.contacts(parsed.records)
    again = store.imports.contacts(parsed.records)
    assert (first.imported, again.imported, again.unchanged, again.skipped) == (5, 0, 5, [])
    assert again.summary() == "imported 0, updated 0, unchanged 5, skipped 0"
    assert len(store.contacts.all()) == 5


def test_import_merges_into_the_same_person(store: Store) -> None:
    store.imports.contacts(read_contacts(FIXTURES / "linkedin_connections.csv").records)
    result = store.imports.contacts(read_contacts(FIXTURES / "contacts.vcf").records)
    assert (result.imported, result.updated) == (2, 1)
    priya = next(c for c in store.contacts.all() if c.name == "Priya Raman")
    assert priya.email == "priya@northwind.example"  # filled in
    assert priya.role == "Clinical Data Analyst"  # kept


def test_bad_rows_skipped_or_the_whole_import_refused(store: Store) -> None:
    parsed = read_contacts(FIXTURES / "contacts.csv")
    with pytest.raises(ImportRefused, match="line 5: name") as refused:
        store.imports.contacts(parsed.records, on_error="refuse")
    assert [line for line, _ in refused.value.problems] == [5]
    assert store.contacts.all() == []
    result = store.imports.contacts(parsed.records, on_error="skip")
    assert result.summary() == "imported 3, updated 0, unchanged 0, skipped 1"
    assert [line for line, _ in result.skipped] == [5]
    # An email that is not one loses the email field, not the contact.
    assert result.kept == [
        (4, "kept in the notes: email: 'not-an-email' is not an email address: "
            "An email address must have an @-sign."),
    ]  # fmt: skip
    cy = next(c for c in store.contacts.all() if c.name == "Cy Young")
    assert (cy.email, cy.role) == ("", "Recruiter")
    assert cy.notes == "Email looks wrong\nEmail: not-an-email"


def test_broken_vcard_is_reported_with_its_line(store: Store) -> None:
    parsed = read_contacts(FIXTURES / "broken.vcf")
    with pytest.raises(ImportRefused, match="line 5"):
        store.imports.contacts(parsed.records, on_error="refuse", problems=parsed.problems)
    assert store.contacts.all() == []
    result = store.imports.contacts(parsed.records, problems=parsed.problems)
    assert result.imported == 1 and result.skipped[0][0] == 5


def test_dry_run_writes_nothing(store: Store) -> None:
    result = store.imports.contacts(read_contacts(FIXTURES / "contacts.vcf").records, dry_run=True)
    assert result.summary() == "would import 3, updated 0, unchanged 0, skipped 0"
    assert store.contacts.all() == []


def test_import_from_the_command_line(db_path: Path) -> None:
    code, out, err = cli("--db", str(db_path), "import", str(FIXTURES / "contacts.csv"),
                         "--map", "Favourite colour=field")  # fmt: skip
    assert code == 1  # done, but a row was left out
    assert out.strip() == "csv: imported 3, updated 0, unchanged 0, skipped 1"
    assert err.splitlines() == [
        "Read as CSV (UTF-8, cells separated by commas)",
        "Columns: Full Name → name, Organisation → company, Job Title → role, E-mail → email, "
        "Mobile → phone, Notes → notes, Favourite colour → field",
        "  line 4: kept in the notes: email: 'not-an-email' is not an email address: "
        "An email address must have an @-sign.",
        "  line 5: name: a name is required",
    ]
    _, out, _ = cli("--db", str(db_path), "contacts", "--json")
    assert {c["name"]: c["field"] for c in json.loads(out)} == {
        "Ann Lee": "blue", "Bo Diaz": "", "Cy Young": "green",
    }  # fmt: skip
    code, out, err = cli("--db", str(db_path), "import", str(FIXTURES / "latin1.csv"))
    assert code == 0 and out.strip() == "csv: imported 1, updated 0, unchanged 0, skipped 0"
    assert err.startswith("Read as CSV (Windows-1252, cells separated by commas)\n")
    _, out, _ = cli("--db", str(db_path), "contacts", "--json")
    assert {c["name"]: c["company"] for c in json.loads(out)}["Jérôme"] == "Société"


# -- exporting ----------------------------------------------------------------------------


def test_vcard_round_trip(tmp_path: Path, store: Store) -> None:
    store.imports.contacts(read_contacts(FIXTURES / "contacts.vcf").records)
    store.contacts.add(
        "Jim Alvarez", company="Brightline", role="Engineer", phone="+1 555 010 4477",
        linkedin_url="linkedin.com/in/jim", notes="Line one\nLine two, with comma",
    )  # fmt: skip
    out = tmp_path / "out.vcf"
    from infotui.formats.vcard import write_vcards

    out.write_text(write_vcards(store.contacts.all(), install_id="abc"), encoding="utf-8")
    fields = ("name", "company", "role", "email", "phone", "linkedin_url", "notes")
    with Store("sqlite://") as empty:
        empty.imports.contacts(read_contacts(out).records)
        again = {c.name: tuple(getattr(c, f) for f in fields) for c in empty.contacts.all()}
    before = {c.name: tuple(getattr(c, f) for f in fields) for c in store.contacts.all()}
    assert again == before


def test_ics_has_stable_uids_and_clear_events(db_path: Path) -> None:
    with Store(db_path) as store:
        ann = store.contacts.add("Ann Lee", company="Acme", phone="+1 555 010 1111")
        at = pendulum.now("UTC").add(days=1).set(hour=10, minute=0, second=0, microsecond=0)
        store.interviews.schedule(ann.id, at, agreed_minutes=20, place="Cafe Nero")
    first = cli("--db", str(db_path), "export", "ics", "--days", "7")[1]
    second = cli("--db", str(db_path), "export", "ics")[1]
    [event] = Calendar.from_ical(first).walk("VEVENT")
    [again] = Calendar.from_ical(second).walk("VEVENT")
    assert str(event["UID"]) == str(again["UID"])
    assert str(event["SUMMARY"]) == "Informational interview: Ann Lee, Acme"
    assert event.decoded("DTSTART") == at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == pendulum.duration(minutes=20)
    assert event.decoded("DTSTART").tzinfo is not None
    assert str(event["LOCATION"]) == "Cafe Nero"
    assert "+1 555 010 1111" in str(event["DESCRIPTION"])


def test_a_moved_booking_is_exported_as_an_update_of_the_same_event(clock: FakeClock) -> None:
    with Store("sqlite://", clock=clock) as store:

        def exported() -> tuple[str, int, pendulum.DateTime]:
            [event] = Calendar.from_ical(build_export(store, "ics")).walk("VEVENT")
            return str(event["UID"]), int(event["SEQUENCE"]), event.decoded("LAST-MODIFIED")

        ann = store.contacts.add("Ann Lee", company="Acme")
        at = clock.now().add(days=1).set(hour=10, minute=0)
        interview = store.interviews.schedule(ann.id, at, agreed_minutes=20)
        uid, first, booked_at = exported()
        assert first == 0 and booked_at == clock.now()
        clock.advance(minutes=60)
        store.interviews.schedule(ann.id, at, agreed_minutes=20)  # booked again, unchanged
        assert exported()[1] == 0
        store.interviews.schedule(ann.id, at.add(hours=2), agreed_minutes=20)  # moved
        assert exported()[:2] == (uid, 1)
        store.interviews.set_agreed_minutes(interview.id, 45)  # now ends later
        clock.advance(minutes=5)
        store.interviews.schedule(ann.id, at.add(hours=2), agreed_minutes=45, place="Cafe Nero")
        assert exported() == (uid, 3, clock.now())


def test_csv_export_and_private_files(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as store:
        store.contacts.add("Ann Lee", company='Acme, "The" Co')
    target = tmp_path / "contacts.csv"
    code, _, _ = cli("--db", str(db_path), "export", "csv", "-o", str(target))
    assert code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    [row] = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert (row["name"], row["company"]) == ("Ann Lee", 'Acme, "The" Co')
    code, _, err = cli("--db", str(db_path), "export", "csv", "-o", str(target))
    assert code == 2 and "--force" in err
    assert cli("--db", str(db_path), "export", "csv", "-o", str(target), "--force")[0] == 0


def test_markdown_reads_as_a_document(store: Store, clock) -> None:  # type: ignore[no-untyped-def]
    from infotui.demo import populate

    interview_id = populate(store)
    clock.advance(minutes=20)
    store.interviews.change_timer(interview_id, lambda c: c.end(clock.now()))
    interview = store.interviews.get(interview_id)
    contact = store.contacts.get(interview.contact_id)
    text = interview_markdown(contact, interview, store.plans.of(interview_id),
                              store.answers.of(interview_id), tz="UTC")  # fmt: skip
    assert text.startswith("# Informational interview: Priya Raman\n")
    assert "- **Date:** Tuesday 10 March 2026, 13:46" in text
    assert "- **Agreed:** 30 minutes" in text and "- **Actual:** 34 minutes" in text
    assert "### What does a typical day look like" in text
    assert "## Not asked" in text
    assert "## General notes\n\nWarm and generous." in text


def test_the_markdown_export_of_many_interviews_reads_them_in_batches(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every interview's plan and answers, read a batch of interviews at a time, make the
    same document as each read alone; the progress is told batch by batch."""
    import infotui.exporting as exporting

    monkeypatch.setattr(exporting, "MARKDOWN_BATCH", 2)
    ids = []
    for n, name in enumerate(["Ann Lee", "Bo Diaz", "Cy Young"]):
        contact = store.contacts.add(name)
        interview = store.interviews.create(contact.id or 0)
        ids.append(interview.id or 0)
        store.interviews.change_timer(interview.id or 0, lambda c: c.start(clock.now()))
        plan = store.plans.of(interview.id or 0)
        store.answers.save(interview.id or 0, plan[n].question_id, f"Answer of {name}")
        store.plans.set_asked(plan[0].id, True)
        clock.advance(minutes=60)
    told: list[tuple[int, int]] = []
    text = build_export(store, "markdown", progress=lambda done, total: told.append((done, total)))
    assert told == [(2, 3), (3, 3)]
    one_by_one = [
        interview_markdown(store.contacts.get(i.contact_id), i, store.plans.of(i.id or 0),
                           store.answers.of(i.id or 0))
        for i, _ in store.interviews.for_export(None)
    ]  # fmt: skip
    assert text.decode("utf-8") == "\n---\n\n".join(one_by_one)
    assert all(f"Answer of {name}" in text.decode() for name in ("Ann Lee", "Bo Diaz", "Cy Young"))
    # Read a batch at a time, each plan is its rows in their order, as the database has them.
    from sqlmodel import col, select

    from infotui.models import PlanItem

    with store.db.session() as s:
        items = s.exec(select(PlanItem).order_by(col(PlanItem.position), col(PlanItem.id))).all()
    for interview_id, plan in store.plans.of_each(ids).items():
        stored = [i for i in items if i.interview_id == interview_id]
        assert [(e.id, e.text, e.asked_at, e.starred) for e in plan] == [
            (i.id, i.text, i.asked_at, i.starred) for i in stored
        ]


def test_exports_read_every_field_of_every_contact(store: Store, clock: FakeClock) -> None:
    """The exports read contacts as plain values: the same values, in the same order, as
    the contacts themselves."""
    from infotui.exporting import CONTACT_COLUMNS
    from infotui.models import OutreachStatus

    ann = store.contacts.add("ann Lee", company="Acme", email="ann@acme.example")
    jim = store.contacts.add("Jim Alvarez", referred_by_id=ann.id, notes="Line one\nLine two")
    store.contacts.add("Bea Costa", phone="+1 555 010 2030")
    store.contacts.set_status(jim.id or 0, OutreachStatus.REACHED_OUT)
    store.contacts.set_follow_up(jim.id or 0, clock.now().add(days=3))
    exported = store.contacts.for_export()
    assert [c.name for c in exported] == ["ann Lee", "Bea Costa", "Jim Alvarez"]
    for plain, contact in zip(exported, store.contacts.all(), strict=True):
        assert [getattr(plain, k) for k in CONTACT_COLUMNS] == [
            getattr(contact, k) for k in CONTACT_COLUMNS
        ]
    assert exported[2].follow_up_at == clock.now().add(days=3)
    assert exported[2].status_changed_at == clock.now()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from([*"ab ,'=\r\n\t<>@.", " ::: ", "x@y.example", "1 Mar 2024"]),
            max_size=6,
        ).map("".join),
        max_size=8,
    ),
    st.booleans(),
)
@example(["'\tAnn", "'=Lee", "", "<ann@x.example>", "a ::: b"], False)  # several: the long way
@example(["'\tAnn", "'=Lee", "", "Ann <ann@x.example>", "'\tAcme", "'\r\n"], True)
def test_a_row_of_one_value_columns_reads_the_same_the_short_way(
    cells: list[str], address_book: bool
) -> None:
    """LinkedIn's columns each feed a field of their own: such a row is read the short
    way, and gives what the general reading gives (or is left to it: several values)."""
    from infotui.formats import csv_file

    columns = ["first", "last", "linkedin_url", "email", "company", "role", "connected_on"]
    read = [(n, f"C{n}", target, f"C{n}") for n, target in enumerate(columns)]
    general = [
        (header, target, label, csv_file._cell(v) if "\r" in v or v[0] == "'" else v)
        for n, header, target, label in read
        if n < len(cells) and (v := cells[n].strip())
    ]
    try:
        expected = csv_file._contact_fields(general, address_book=address_book)
    except Exception as error:  # a date the general way cannot read: so must the short way
        with pytest.raises(type(error)):
            csv_file._plain_fields(cells, [(n, t) for n, _, t, _ in read], address_book)
        return
    short = csv_file._plain_fields(cells, [(n, t) for n, _, t, _ in read], address_book)
    if short is not None:
        assert (short, []) == expected
    else:
        assert any(csv_file.SEPARATOR in c for c in cells)


LINE_PARTS = ["a", "b,c", '"', "\r", "\n", "\r\n", " ", "é", "\u2028", "\x0c"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(LINE_PARTS), max_size=40).map("".join),
    st.integers(min_value=1, max_value=8),
)
def test_the_text_is_split_into_lines_as_a_file_read_for_csv_would_be(
    text: str, piece: int
) -> None:
    """Rows are read a piece of the text at a time: the lines are those of the whole text
    read with newline="" (as the csv module asks), whatever the pieces' size, a "\\r\\n"
    never parted."""
    from infotui.formats import csv_file

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_file, "PIECE", piece)
        assert list(csv_file._lines(text)) == list(io.StringIO(text, newline=""))
