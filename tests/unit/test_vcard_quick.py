"""The quick vCard reader reads a card exactly as vobject does, or leaves it to vobject.

Plainly written cards (most of a large address book) are read without vobject, about
fifty times quicker; anything else (quoted-printable, base64, a character set, quoted
parameters, nesting, other versions) goes to vobject. What the quick reader gives must be
what vobject gives: the fields, what went to the notes, the ignored properties, the UID.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infotui.formats import vcard
from infotui.formats.vcard import _card_fields, _first, _quick, read_vcards
from tests.helpers import FIXTURES


def by_vobject(path: Path, monkeypatch: pytest.MonkeyPatch) -> vcard.ParsedFile:
    with monkeypatch.context() as patched:
        patched.setattr(vcard, "_quick", lambda chunk: None)
        return read_vcards(path)


def card(*lines: str) -> str:
    return "".join(f"{line}\r\n" for line in ("BEGIN:VCARD", *lines, "END:VCARD"))


@pytest.mark.parametrize("name", ["contacts.vcf", "broken.vcf", "contacts_v4_apple.vcf"])
def test_the_fixtures_read_the_same_either_way(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    quick, slow = read_vcards(FIXTURES / name), by_vobject(FIXTURES / name, monkeypatch)
    assert quick.records == slow.records
    assert (quick.notices, quick.problems) == (slow.notices, slow.problems)
    assert (quick.unread_properties, quick.label) == (slow.unread_properties, slow.label)


def test_a_plain_card_is_read_quickly_with_escapes_folds_and_groups(tmp_path: Path) -> None:
    text = card(
        "VERSION:3.0", "N:Lund;Søren;Aabye;;", "FN:Søren Aabye Lund",
        "ORG:Brightline Energy\\, Inc.;Data\\; Platform;Ops",
        "TITLE:Head of Operations\\, EMEA", "EMAIL;TYPE=INTERNET,WORK:soren@example.com",
        "EMAIL;TYPE=HOME:s@home.example", "TEL;TYPE=CELL:+45 20 00 00 00",
        "item1.URL:https://www.linkedin.com/in/soren", "item1.X-ABLabel:LinkedIn",
        "NOTE:Met in Malmö\\; très sympathique\\, knows everyone.\\nAsk about the uni",
        " on's training fund.", "BDAY:1980-01-01", "UID:abc-1@example.com",
    )  # fmt: skip
    quick = _quick(text)
    assert quick is not None
    fields, kept, ignored = _card_fields(quick)
    assert (fields, kept, ignored) == _card_fields(vobject.readOne(text, allowQP=True))
    assert fields["company"] == "Brightline Energy, Inc."
    assert fields["notes"].startswith(
        "Met in Malmö; très sympathique, knows everyone.\nAsk about the union's training fund."
    )
    assert fields["notes"].endswith("Department: Data; Platform; Ops")
    assert ignored == ["BDAY"]
    assert _first(quick, "uid") == "abc-1@example.com"


@pytest.mark.parametrize(
    "line",
    [
        "FN;CHARSET=ISO-8859-1:Ann",
        "NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9",
        "PHOTO;ENCODING=b;TYPE=JPEG:AAAA",
        'EMAIL;TYPE="work,pref":a@b.example',
        "BEGIN:VCARD",
        "NOTE:ends in a backslash\\",
        "NOTE:a\rb",
    ],
)
def test_anything_unusual_is_left_to_vobject(line: str) -> None:
    assert _quick(card("VERSION:3.0", "FN:Ann Lee", line)) is None


def test_other_versions_are_left_to_vobject() -> None:
    assert _quick(card("VERSION:4.0", "FN:Ann Lee")) is None
    assert _quick(card("VERSION:2.1", "FN:Ann Lee")) is None
    assert _quick(card("FN:Ann Lee")) is None


NAMES = ["FN", "N", "ORG", "TITLE", "ROLE", "EMAIL", "TEL", "URL", "NOTE", "UID", "ADR",
         "BDAY", "X-ABLabel", "item1.URL", "item2.EMAIL", "REV", "PRODID", "CATEGORIES",
         "x_custom"]  # fmt: skip
# Values made of pieces: letters, accents, separators, quotes and escapes (some odd).
VALUE = st.lists(
    st.sampled_from([*"ab éø,;:\\nN\"'.@-=\t", "\\,", "\\;", "\\n", "\\\\", "\\x"]),
    max_size=20,
).map("".join)
PARAMS = st.sampled_from(["", ";TYPE=WORK", ";TYPE=INTERNET,HOME", ";PREF=1", ";type=cell"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(st.tuples(st.sampled_from(NAMES), PARAMS, VALUE), min_size=1, max_size=8),
    fold=st.integers(min_value=0, max_value=40),
)
def test_whatever_the_quick_reader_takes_it_reads_as_vobject_does(
    lines: list[tuple[str, str, str]], fold: int
) -> None:
    content = [f"{name}{params}:{value}" for name, params, value in lines]
    if fold and content and len(content[-1]) > fold:  # fold the last line once
        content[-1] = content[-1][:fold] + "\r\n " + content[-1][fold:]
    text = card("VERSION:3.0", *content)
    quick = _quick(text)
    if quick is None:
        return
    try:
        slow = vobject.readOne(text, allowQP=True)
        expected = _card_fields(slow)
    except Exception:  # vobject refuses it: the quick reader must not have taken it
        pytest.fail(f"the quick reader took a card vobject cannot read: {text!r}")
    assert _card_fields(quick) == expected
    assert _first(quick, "uid") == _first(slow, "uid")


PIECES = ["BEGIN:VCARD", "END:VCARD", " begin:vcard ", "End:VCard\t", "FN:Ann", "\r\n", "\n",
          "\r", "x", "  ", "\x0b", "\u2028", "BEGIN:VCARD\r", "NOTE:a\rb", "\x1c"]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_cards_are_found_in_the_text_as_line_by_line(text: str) -> None:
    """The cards found in the text in place are those found splitting it into lines."""
    assert list(vcard._chunks(text)) == vcard._chunks_of_lines(text)
