"""The vCard export is written by infotui itself: the same text vobject writes for the
same cards, and readable by vobject and by infotui's own reader."""

from __future__ import annotations

from pathlib import Path

import pendulum
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from infotui import __version__
from infotui.formats import read_contacts
from infotui.formats.vcard import write_vcards
from infotui.models import Contact
from infotui.uids import contact_uid


def vobject_vcards(contacts: list[Contact], *, install_id: str) -> str:
    """The export as infotui wrote it with vobject: the reference."""
    cards = []
    for contact in contacts:
        card = vobject.vCard()
        card.add("prodid").value = f"-//infotui//infotui {__version__}//EN"
        card.add("uid").value = contact_uid(contact.id or 0, install_id)
        card.add("fn").value = contact.name
        parts = contact.name.split()
        card.add("n").value = vobject.vcard.Name(
            family=parts[-1] if len(parts) > 1 else "", given=" ".join(parts[:-1]) or contact.name
        )
        if contact.company:
            card.add("org").value = [_lines(contact.company)]
        if contact.role:
            card.add("title").value = _lines(contact.role)
        if contact.email:
            card.add("email").value = contact.email
        if contact.phone:
            card.add("tel").value = contact.phone
        if contact.linkedin_url:
            card.add("url").value = contact.linkedin_url
        if contact.notes:
            card.add("note").value = _lines(contact.notes)
        card.add("rev").value = contact.updated_at.strftime("%Y%m%dT%H%M%SZ")
        cards.append(card.serialize())
    return "".join(cards)


def _lines(text: str) -> str:
    import re

    return re.sub("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]", "\n", text)


# Text with what a vCard escapes or folds: separators, backslashes, line breaks of every
# kind, letters of two and three octets in UTF-8 (a fold must not split one), emoji.
TEXT = st.text(
    alphabet=st.sampled_from(list("ab Z9.@:;,\\\n\r\t\"'éñ中😀\u2028\x85-")), max_size=200
)
NAMES = st.text(alphabet=st.sampled_from(list("ab Zé中;,\\-")), min_size=1, max_size=90).filter(
    lambda name: name.strip() != ""
)
WHEN = pendulum.datetime(2026, 3, 10, 14, 5, 9)


@st.composite
def contacts(draw: st.DrawFn) -> list[Contact]:
    count = draw(st.integers(1, 3))
    return [
        Contact(
            id=draw(st.integers(1, 10**6)),
            name=draw(NAMES),
            company=draw(TEXT),
            role=draw(TEXT),
            email=draw(TEXT),
            phone=draw(TEXT),
            linkedin_url=draw(TEXT),
            notes=draw(TEXT),
            updated_at=WHEN,
        )
        for _ in range(count)
    ]


@settings(max_examples=400, deadline=None)
@given(contacts())
def test_the_export_is_what_vobject_writes(people: list[Contact]) -> None:
    assert write_vcards(people, install_id="abc") == vobject_vcards(people, install_id="abc")


def test_an_export_reads_back_in_vobject_and_in_infotui(tmp_path: Path) -> None:
    long_note = "Met at the meetup; très sympathique, knows everyone.\n" * 5 + "中" * 80
    people = [
        Contact(id=1, name="Zoë Núñez", company="Café Société, Inc.", role="Head of Ops; EMEA",
                email="zoe@example.com", phone="+1 555 010 2030",
                linkedin_url="https://www.linkedin.com/in/zoe", notes=long_note, updated_at=WHEN),
        Contact(id=2, name="Prince", updated_at=WHEN),
    ]  # fmt: skip
    text = write_vcards(people, install_id="abc")
    cards = list(vobject.readComponents(text))
    assert [c.fn.value for c in cards] == ["Zoë Núñez", "Prince"]
    assert cards[0].note.value == long_note
    assert cards[0].org.value == ["Café Société, Inc."]
    assert cards[0].title.value == "Head of Ops; EMEA"
    assert cards[0].uid.value == contact_uid(1, "abc")
    path = tmp_path / "out.vcf"
    path.write_text(text, encoding="utf-8")
    records = read_contacts(path).records
    assert [r.fields.get("name") for r in records] == ["Zoë Núñez", "Prince"]
    assert records[0].fields["notes"] == long_note.strip()
    assert records[0].fields["company"] == "Café Société, Inc."
