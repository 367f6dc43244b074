"""Contact files as other programs write them, and exports other programs read.

The fixtures are written to the shape each program's export has (its header, its
encoding, its separator, its way of holding several values), with accents, multi-line
notes, several emails and phones, and an entry for a business alone. Each is imported
through the command line, as a user does, and what is checked is what the user gets:
the contacts stored, the exit status and what the import says.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from infotui.cli import main
from infotui.filtering import fuzzy_filter
from infotui.folding import fold
from infotui.formats import read_contacts
from infotui.store import Store
from infotui.widgets.contact_list import haystack, matches
from tests.helpers import FIXTURES


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def import_file(db_path: Path, path: Path, *options: str) -> tuple[int, str, list[str]]:
    code, out, err = cli("--db", str(db_path), "import", str(path), *options)
    assert "Traceback" not in err
    return code, out.strip(), err.splitlines()


def stored(db_path: Path) -> dict[str, dict[str, str]]:
    code, out, _ = cli("--db", str(db_path), "contacts", "--json")
    assert code == 0
    return {c["name"]: c for c in json.loads(out)}


# -- Google Contacts -----------------------------------------------------------------------


def test_google_contacts_csv_brings_every_field(db_path: Path) -> None:
    code, out, err = import_file(db_path, FIXTURES / "google_contacts.csv")
    assert (code, out) == (0, "google: imported 4, updated 0, unchanged 0, skipped 0")
    assert err[0] == "Read as Google Contacts CSV (UTF-8, cells separated by commas)"
    assert err[2].startswith("Ignored columns: Name Prefix, Birthday, Labels, E-mail 1 - Label")
    assert "  line 2: kept in the notes: E-mail 1 (another value), Phone 2" in err
    contacts = stored(db_path)
    assert set(contacts) == {"Zoë Müller", "Søren Aabye Lund", "Amélie Dupont", "Acme Plumbing"}
    zoe = contacts["Zoë Müller"]
    assert (zoe["company"], zoe["role"]) == ("Brightline Energy", "Data Engineer")
    # Two addresses in one cell (" ::: "): the first is the email, the second is kept.
    assert zoe["email"] == "zoe.mueller@brightline.example"
    assert zoe["phone"] == "+49 30 5550 1234"
    assert zoe["linkedin_url"] == "https://www.linkedin.com/in/zoe-mueller"
    assert zoe["notes"] == (
        "Met at PyData Berlin.\nAsked me to write again in the spring.\n"
        "Organization Department: Analytics\nE-mail 1: zoe@mueller.example\n"
        "Phone 2: +49 30 5550 9876"
    )
    soren = contacts["Søren Aabye Lund"]
    assert soren["phone"] == "+47 555 01 234"
    assert "Website 1: https://nordlys.example" in soren["notes"]  # not LinkedIn: a note
    assert "Phone 1: +47 555 01 999" in soren["notes"]
    amelie = contacts["Amélie Dupont"]
    assert amelie["role"] == "Head of Research"  # not "Dr.", the name's prefix
    assert amelie["notes"] == "E-mail 2: amelie@dupont.example"
    acme = contacts["Acme Plumbing"]  # a business: no person's name
    assert (acme["company"], acme["phone"]) == ("Acme Plumbing", "+1 555 010 0100")


def test_the_older_google_export_in_utf16(db_path: Path) -> None:
    code, out, err = import_file(db_path, FIXTURES / "google_contacts_old.csv")
    assert (code, out) == (0, "google: imported 4, updated 0, unchanged 0, skipped 0")
    assert err[0] == "Read as Google Contacts CSV (UTF-16, cells separated by commas)"
    contacts = stored(db_path)
    priya = contacts["Priya Raman"]
    assert (priya["email"], priya["phone"]) == ("priya@northwind.example", "+1 555 010 2222")
    assert (priya["company"], priya["role"]) == ("Northwind Health", "Clinical Data Analyst")
    assert priya["linkedin_url"] == "https://www.linkedin.com/in/priya-raman-0a1b2c"
    assert priya["notes"] == "Prefers mornings.\nE-mail 2: priya.r@example.net"
    jose = contacts["José Núñez"]
    assert jose["email"] == "jose@cafe-societe.example"  # the row is no longer skipped
    assert jose["notes"] == "E-mail 1: jnunez@example.org"
    assert jose["role"] == "Head of Operations, EMEA"
    assert contacts["Dana Okafor"]["notes"] == "Librarian.\nAsk about the digital archive."


# -- Outlook ---------------------------------------------------------------------------------


def test_outlook_com_export_takes_the_job_title_not_the_honorific(db_path: Path) -> None:
    code, out, err = import_file(db_path, FIXTURES / "outlook_com.csv")
    assert (code, out) == (0, "outlook: imported 3, updated 0, unchanged 0, skipped 0")
    assert err[0] == "Read as Outlook CSV (UTF-8, cells separated by commas)"
    assert "Ignored columns: Title, Business City (and 38 empty)" in err
    contacts = stored(db_path)
    marcus = contacts["Marcus Feld"]
    assert (marcus["role"], marcus["company"]) == ("UX Research Lead", "Harbor & Finch")
    assert marcus["email"] == "marcus@harborfinch.example"
    assert marcus["phone"] == "+1 555 010 3001"  # the mobile, before the business phone
    assert marcus["notes"] == (
        "Introduced by Priya.\nDepartment: Design\nBusiness Phone: +1 555 010 3000"
    )
    assert marcus["linkedin_url"] == "https://www.linkedin.com/in/marcusfeld"
    assert contacts["Hélène Martin"]["role"] == "Directrice artistique"
    assert contacts["Ann Lee"]["email"] == "ann@acme.example"  # written "<ann@acme.example>"
    assert contacts["Ann Lee"]["role"] == "Data engineer"


def test_outlook_for_windows_export_in_windows_1252(db_path: Path) -> None:
    raw = (FIXTURES / "outlook_desktop.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture is what Outlook writes, not UTF-8
    code, out, err = import_file(db_path, FIXTURES / "outlook_desktop.csv")
    assert (code, out) == (0, "outlook: imported 3, updated 0, unchanged 0, skipped 0")
    assert err[0] == "Read as Outlook CSV (Windows-1252, cells separated by commas)"
    contacts = stored(db_path)
    assert set(contacts) == {"Françoise Lefèvre", "Jürgen Weiß", "Tomás Ó Briain"}
    francoise = contacts["Françoise Lefèvre"]
    assert francoise["role"] == "Responsable des achats"  # not "Mme"
    assert francoise["company"] == "Société Générale des Eaux"
    assert francoise["email"] == "francoise.lefevre@sge.example"
    assert francoise["phone"] == "+33 6 55 50 10 01"
    # U+2013, an en dash: a character Windows-1252 has and Latin-1 does not.
    assert francoise["notes"].startswith("Rencontrée au salon \u2013 très aimable.\nRappeler")
    assert contacts["Jürgen Weiß"]["role"] == "Head of Engineering"
    assert contacts["Tomás Ó Briain"]["phone"] == "+353 1 555 0123"


# -- separators ------------------------------------------------------------------------------


def test_semicolons_as_excel_writes_them_in_europe(db_path: Path) -> None:
    code, out, err = import_file(db_path, FIXTURES / "excel_semicolon.csv")
    assert (code, out) == (0, "csv: imported 3, updated 0, unchanged 0, skipped 0")
    assert err[0] == "Read as CSV (Windows-1252, cells separated by semicolons)"
    contacts = stored(db_path)
    anais = contacts["Anaïs Bérenger"]
    assert (anais["company"], anais["role"]) == ("Dupont, Fils & Cie", "Chargée de mission")
    assert anais["email"] == "anais@dupont-fils.example"
    assert contacts["Loïc Le Gall"]["notes"] == "Connaît le milieu associatif;\nà relancer"
    assert contacts["Élodie Moreau"]["phone"] == "+33 2 55 50 30 00"


def test_tabs_in_a_tsv_file(db_path: Path) -> None:
    code, out, err = import_file(db_path, FIXTURES / "contacts.tsv")
    assert (code, out) == (0, "csv: imported 2, updated 0, unchanged 0, skipped 0")
    assert err[0] == "Read as CSV (UTF-8, cells separated by tabs)"
    kenji = stored(db_path)["Kenji Watanabe"]
    assert (kenji["company"], kenji["role"]) == ("Sakura Robotics, Ltd.", "Firmware Lead")
    assert kenji["notes"] == "Speaks at RoboCon; ask about the internship"


@pytest.mark.parametrize(
    ("content", "separator"),
    [
        ("sep=;\r\nName;Company\r\nAnn Lee;Acme, Inc.\r\n", ";"),  # Excel's own hint
        ("Name;Company\r\nAnn Lee;Acme, Inc.\r\n", ";"),
        ("Name\tCompany\r\nAnn Lee\tAcme, Inc.\r\n", "\t"),
        ('Name,Company\r\nAnn Lee,"Acme, Inc."\r\n', ","),
        ("Name;Company\r\n", ";"),  # a header alone: counted in the header line
    ],
)
def test_the_separator_is_found(tmp_path: Path, content: str, separator: str) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(content, encoding="utf-8", newline="")
    parsed = read_contacts(path)
    assert parsed.separator == separator
    assert parsed.mapping == {"Name": "name", "Company": "company"}
    if parsed.records:
        [ann] = parsed.records
        assert ann.fields == {"name": "Ann Lee", "company": "Acme, Inc."}


# -- one bad field ---------------------------------------------------------------------------


def test_vcard_4_from_a_phone_keeps_every_card(db_path: Path) -> None:
    code, out, err = import_file(db_path, FIXTURES / "contacts_v4_apple.vcf")
    assert (code, out) == (0, "vcard: imported 4, updated 0, unchanged 0, skipped 0")
    assert err == [
        "Read as vCard 3.0 and 4.0 (UTF-8)",
        "Ignored properties: ADR, BDAY",
        "  line 1: kept in the notes: another email, another phone, a website",
        "  line 39: kept in the notes: X-SOCIAL (not readable as vCard)",
    ]
    contacts = stored(db_path)
    zoe = contacts["Zoë Åström"]
    assert zoe["phone"] == "+1-555-555-5555 ext. 5555"  # tel:+1-555-555-5555;ext=5555
    # U+2028 between the note's lines: read as new lines, and the card read whole.
    assert zoe["notes"] == (
        "Met at the library conference.\nWants to hear about the archive project.\n"
        "Fika on Thursday.\nAlso: zoe.astrom@example.se, +46-70-555-0100\n"
        "Website: https://bibliotek.example/zoe\nDepartment: Digitala tjänster"
    )
    assert zoe["linkedin_url"] == "https://www.linkedin.com/in/zoe-astrom"
    soren = contacts["Søren Lund"]
    assert soren["phone"] == "+1-555-555-5556 ext. 5556"
    assert soren["email"] == "soren@nordlys.example"  # written "<soren@nordlys.example>"
    acme = contacts["Acme Plumbing"]  # Apple's grouped properties, a business's card
    assert (acme["phone"], acme["email"]) == ("+1 555 010 0100", "office@acme-plumbing.example")
    amelie = contacts["Amélie Dupont"]  # one property vobject cannot read: the rest is there
    assert amelie["company"] == "Institut Pasteur"
    assert amelie["email"] == "amelie.dupont@pasteur.example"
    assert amelie["notes"] == (
        "Multi-line note:\nfirst line\nsecond line\n"
        "Unread: X-SOCIAL;CHARSET=NOPE;ENCODING=QUOTED-PRINTABLE:@amelie=41"
    )


def test_a_line_separator_in_a_note_does_not_split_the_card(tmp_path: Path) -> None:
    path = tmp_path / "note.vcf"
    note = "Agenda:\u2028END:VCARD is how a card ends\u2029BEGIN:VCARD too\x85and that is all"
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nNOTE:{note}\r\nEND:VCARD\r\n",
        encoding="utf-8",
        newline="",
    )
    parsed = read_contacts(path)
    assert parsed.problems == []
    [ann] = parsed.records
    assert ann.fields == {
        "name": "Ann Lee",
        "notes": "Agenda:\nEND:VCARD is how a card ends\nBEGIN:VCARD too\nand that is all",
    }


def test_values_that_do_not_fit_go_to_the_notes_and_are_said(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(
        "Name,Email,Phone,LinkedIn,Notes\r\n"
        "Ann Lee,ann at acme,+1 555 010 1111,,Met at PyCon\r\n"
        "Bo Diaz,bo@globex.example,call the front desk,linkedin.com/company/globex,\r\n"
        ",nobody@initech.example,,,No name\r\n",
        encoding="utf-8",
    )
    code, out, err = import_file(db_path, path)
    assert (code, out) == (1, "csv: imported 2, updated 0, unchanged 0, skipped 1")
    assert err[1:] == [
        "Columns: Name → name, Email → email, Phone → phone, LinkedIn → linkedin_url, "
        "Notes → notes",
        "  line 2: kept in the notes: email: 'ann at acme' is not an email address: "
        "An email address must have an @-sign.",
        "  line 3: kept in the notes: linkedin url: 'linkedin.com/company/globex' is not a "
        "LinkedIn profile (like linkedin.com/in/name)",
        "  line 3: kept in the notes: phone: 'call the front desk' is not a phone number "
        "(like +1 555 010 2030)",
        "  line 4: name: a name is required",
    ]
    contacts = stored(db_path)
    assert (contacts["Ann Lee"]["email"], contacts["Ann Lee"]["phone"]) == ("", "+1 555 010 1111")
    assert contacts["Ann Lee"]["notes"] == "Met at PyCon\nEmail: ann at acme"
    assert contacts["Bo Diaz"]["notes"] == (
        "LinkedIn: linkedin.com/company/globex\nPhone: call the front desk"
    )
    assert contacts["Bo Diaz"]["email"] == "bo@globex.example"


# -- vCard export ----------------------------------------------------------------------------


def export_vcards(db_path: Path, target: Path) -> str:
    code, _, _ = cli("--db", str(db_path), "export", "vcard", "-o", str(target), "--force")
    assert code == 0
    return target.read_text(encoding="utf-8")


def second_reader(path: Path) -> list[dict[str, list[str]]]:
    """The file as the `vcard` package (a strict RFC 2426 validator, not vobject) reads
    it: every card valid, and each card's properties with their values, as written
    (escapes kept). It takes RFC 2426's non-ASCII octets for characters, so it knows
    the letters up to U+00FF: the names the tests export stay within them."""
    from vcard.vcard_validator import VCard, validate_file

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # its warnings (long or short folded lines) fail too
        assert validate_file(str(path), verbose=False) == ""
        text = path.read_bytes().decode("utf-8")
        cards = [f"BEGIN:VCARD{chunk}" for chunk in text.split("BEGIN:VCARD")[1:]]
        read = []
        for chunk in cards:
            properties: dict[str, list[str]] = {}
            for prop in VCard(chunk).properties:
                values = [",".join(part) for part in prop.values]
                properties.setdefault(prop.name, []).append(";".join(values))
            read.append(properties)
    return read


def test_vcard_export_has_stable_uids_and_revs_another_reader_accepts(
    db_path: Path, tmp_path: Path
) -> None:
    with Store(db_path) as store:
        ann = store.contacts.add(
            "Ann Lee", company="Acme; Widgets", role="Data engineer", email="ann@acme.example",
            phone="+1 555 010 1111", linkedin_url="linkedin.com/in/annlee",
            notes="Line one\nLine two, with a comma; and a semicolon\u2028and more " + "x" * 90,
        )  # fmt: skip
        store.contacts.add("Zoë Åström")
        install_id = store.settings.install_id()
        ann_updated = store.contacts.get(ann.id).updated_at
    first = export_vcards(db_path, tmp_path / "first.vcf")
    second = export_vcards(db_path, tmp_path / "second.vcf")
    cards = second_reader(tmp_path / "first.vcf")
    assert [card["UID"] for card in cards] == [
        [f"contact-{ann.id}-{install_id}@infotui"],
        [f"contact-{ann.id + 1}-{install_id}@infotui"],
    ]
    assert first == second  # a second export names the same cards the same way
    ann_card, zoe_card = cards
    when = pendulum.instance(ann_updated, tz="UTC") if ann_updated.tzinfo is None else ann_updated
    assert ann_card["REV"] == [when.in_timezone("UTC").format("YYYYMMDD[T]HHmmss[Z]")]
    assert ann_card["FN"] == ["Ann Lee"] and ann_card["ORG"] == ["Acme\\; Widgets"]
    assert ann_card["EMAIL"] == ["ann@acme.example"]
    assert ann_card["NOTE"] == [
        "Line one\\nLine two\\, with a comma\\; and a semicolon\\nand more " + "x" * 90
    ]
    assert zoe_card["FN"] == ["Zoë Åström"]


def strict_cards(data: bytes) -> list[dict[str, str]]:
    """The export read by the rules of RFC 6350 (3.2, 3.3, 3.4), by hand: lines end in
    CRLF and hold at most 75 octets; a line starting with a space continues the one
    before; escapes are \\n, \\, \\; and \\\\. Each card's properties, by name."""
    lines = data.split(b"\r\n")
    assert lines.pop() == b""  # the last line ends in CRLF too
    assert all(len(line) <= 75 for line in lines), "a line longer than 75 octets"
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    unfolded: list[str] = []
    for line in lines:
        text = line.decode("utf-8")  # a fold never splits a character
        assert not set(text) & set("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), "a line break"
        if text.startswith(" "):
            unfolded[-1] += text[1:]
        else:
            unfolded.append(text)
    cards: list[dict[str, str]] = []
    for line in unfolded:
        name, _, value = line.partition(":")
        if line == "BEGIN:VCARD":
            cards.append({})
            continue
        if line == "END:VCARD":
            assert {"VERSION", "FN", "N", "UID", "REV"} <= cards[-1].keys()
            continue
        value = re.sub(r"\\([nN,;\\])", lambda m: "\n" if m[1] in "nN" else m[1], value)
        cards[-1][name.split(";")[0].upper()] = value
    return cards


def test_vcard_export_keeps_any_text_by_the_rfc(db_path: Path, tmp_path: Path) -> None:
    note = "Łódź, 日本語; a back\\slash\n" + "ść" * 60
    with Store(db_path) as store:
        store.contacts.add(
            "Łukasz Żółć", company="Øresund; ApS", role="Chef\u2028de projet",
            notes=note + "\u2028last line",
        )  # fmt: skip
    export_vcards(db_path, tmp_path / "contacts.vcf")
    [card] = strict_cards((tmp_path / "contacts.vcf").read_bytes())
    assert card["FN"] == "Łukasz Żółć" and card["NOTE"] == note + "\nlast line"
    assert (card["ORG"], card["TITLE"]) == ("Øresund; ApS", "Chef\nde projet")
    assert re.fullmatch(r"\d{8}T\d{6}Z", card["REV"])
    assert re.fullmatch(r"contact-1-[0-9a-f]{16}@infotui", card["UID"])


def test_an_exported_card_read_back_finds_its_contact_by_uid(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as store:
        ann = store.contacts.add("Ann Lee", company="Acme", phone="+1 555 010 1111")
    export_vcards(db_path, tmp_path / "contacts.vcf")
    with Store(db_path) as store:  # renamed and moved on since the export
        store.contacts.update(ann.id, name="Ann Lee-Okafor", company="Globex", phone="")
    code, out, _ = import_file(db_path, tmp_path / "contacts.vcf")
    assert (code, out) == (0, "vcard: imported 0, updated 1, unchanged 0, skipped 0")
    [again] = stored(db_path).values()
    assert (again["name"], again["company"], again["phone"]) == (
        "Ann Lee-Okafor", "Globex", "+1 555 010 1111",
    )  # fmt: skip
    other = tmp_path / "other.db"  # another database's UIDs name nothing here
    assert import_file(other, tmp_path / "contacts.vcf")[:2] == (
        0, "vcard: imported 1, updated 0, unchanged 0, skipped 0",
    )  # fmt: skip


# -- one folding rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name"),
    [("zoe", "Zoë Åström"), ("muller", "Jürgen Müller"), ("soren", "Søren Lund"),
     ("amelie", "Amélie Dupont"), ("strasse", "Anna Straße"), ("lodz", "Łódź Office"),
     ("aeron", "Æron Hall"), ("ZOË", "Zoë Åström")],
)  # fmt: skip
def test_accents_and_letters_like_o_slash_fold_the_same_everywhere(typed: str, name: str) -> None:
    assert fold(typed) in fold(name)
    summary = type("C", (), {"name": name, "company": "", "role": "", "field": ""})()
    assert matches(typed, haystack(summary))  # the live screen's contact list
    assert fuzzy_filter(typed, [name, "Bo Diaz"], fold) == [name]  # F9 and the plan's bank


def test_full_text_search_folds_as_the_filters_do(store: Store) -> None:
    for name in ("Søren Lund", "Zoë Müller", "Anna Straße", "Bo Diaz"):
        store.contacts.add(name)
    for typed, name in [("soren", "Søren Lund"), ("zoe muller", "Zoë Müller"),
                        ("strasse", "Anna Straße"), ("Søren", "Søren Lund")]:  # fmt: skip
        assert [hit.contact.name for hit in store.search.find(typed)] == [name], typed
