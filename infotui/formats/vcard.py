"""vCard 3.0 and 4.0 (.vcf), read and written with vobject."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import vobject

from infotui.errors import FormatError
from infotui.formats.common import ParsedFile, join_name, read_text
from infotui.models import Contact
from infotui.views import ContactRecord

# Cards hold a few levels at most (an AGENT card inside a card); vobject reads
# nesting by recursion, so a file of nested BEGIN lines must stop before it does.
MAX_DEPTH = 8


def _values(card: Any, name: str) -> list[str]:
    return [str(item.value).strip() for item in card.contents.get(name, []) if item.value]


def _first(card: Any, name: str) -> str:
    found = _values(card, name)
    return found[0] if found else ""


def _name(card: Any) -> str:
    """FN, else N, else ORG: a phone's card for a business has only the company."""
    if _first(card, "fn"):
        return _first(card, "fn")
    for item in card.contents.get("n", []):
        n = item.value
        name = join_name(str(getattr(n, "given", "")), str(getattr(n, "family", "")))
        if name:
            return name
    return _org(card)


def _org(card: Any) -> str:
    for item in card.contents.get("org", []):
        value = item.value
        parts = value if isinstance(value, list) else [value]
        return str(parts[0]).strip() if parts else ""  # the organisation, not its unit
    return ""


def _chunks(text: str) -> list[tuple[int, str]]:
    """Each BEGIN:VCARD ... END:VCARD block with the line it starts on."""
    chunks: list[tuple[int, str]] = []
    start, lines = None, text.splitlines()
    for number, line in enumerate(lines, start=1):
        word = line.strip().upper()
        if word == "BEGIN:VCARD" and start is None:
            start = number
        elif word == "END:VCARD" and start is not None:
            chunks.append((start, "\r\n".join(lines[start - 1 : number]) + "\r\n"))
            start = None
    if start is not None:
        chunks.append((start, "\r\n".join(lines[start - 1 :]) + "\r\n"))
    return chunks


def _depth(chunk: str) -> int:
    """How deep BEGIN lines nest in one card (the card itself is 1)."""
    depth = deepest = 0
    for line in chunk.splitlines():
        word = line.strip().upper()
        if word.startswith("BEGIN:"):
            depth += 1
            deepest = max(deepest, depth)
        elif word.startswith("END:"):
            depth -= 1
    return deepest


def _why(error: BaseException) -> str:
    """One line saying why vobject could not read a card."""
    if isinstance(error, LookupError) and "unknown encoding" in str(error):
        charset = str(error).rpartition(":")[2].strip()
        return f"unknown character set {charset!r}"
    if isinstance(error, RecursionError):
        return "components nested too deep"
    reason = str(error.args[0]) if error.args else ""
    return " ".join(reason.split())[:200] or type(error).__name__


def _card_fields(chunk: str) -> dict[str, str]:
    card = vobject.readOne(chunk, allowQP=True)
    emails = _values(card, "email")
    phones = [p.removeprefix("tel:") for p in _values(card, "tel")]  # vCard 4 writes URIs
    urls = [u for u in _values(card, "url") if "linkedin.com" in u.lower()]
    others = emails[1:] + phones[1:]
    notes = [*_values(card, "note"), *([f"Also: {', '.join(others)}"] if others else [])]
    fields = {
        "name": _name(card),
        "company": _org(card),
        "role": _first(card, "title") or _first(card, "role"),
        "email": emails[0] if emails else "",
        "phone": phones[0] if phones else "",
        "linkedin_url": urls[0] if urls else "",
        "notes": "\n".join(notes),
    }
    return {k: v.replace("\x00", "") for k, v in fields.items() if v}


def read_vcards(path: Path) -> ParsedFile:
    """Every card in the file; a card vobject cannot read is reported with its line."""
    text = read_text(path)
    chunks = _chunks(text)
    if not chunks:
        raise FormatError(f"{path}: no vCard in it (no BEGIN:VCARD line)")
    parsed = ParsedFile("vcard", [])
    for line, chunk in chunks:
        if _depth(chunk) > MAX_DEPTH:
            parsed.problems.append(
                (line, f"not a readable vCard: components nested more than {MAX_DEPTH} deep")
            )
            parsed.records.append(ContactRecord(line, {}))
            continue
        try:
            fields = _card_fields(chunk)
        except Exception as error:
            # A card is data from outside: whatever vobject trips on (an unknown
            # character set, bad base64, a value of the wrong shape) is this
            # card's problem, reported by its line, never a crash of the import.
            parsed.problems.append((line, f"not a readable vCard: {_why(error)}"))
            parsed.records.append(ContactRecord(line, {}))
            continue
        parsed.records.append(ContactRecord(line, fields))
    return parsed


def write_vcards(contacts: Iterable[Contact]) -> str:
    """vCard 3.0, one card per contact."""
    cards = []
    for contact in contacts:
        card = vobject.vCard()
        card.add("fn").value = contact.name
        parts = contact.name.split()
        card.add("n").value = vobject.vcard.Name(
            family=parts[-1] if len(parts) > 1 else "", given=" ".join(parts[:-1]) or contact.name
        )
        if contact.company:
            card.add("org").value = [contact.company]
        if contact.role:
            card.add("title").value = contact.role
        if contact.email:
            card.add("email").value = contact.email
        if contact.phone:
            card.add("tel").value = contact.phone
        if contact.linkedin_url:
            card.add("url").value = contact.linkedin_url
        if contact.notes:
            card.add("note").value = contact.notes
        cards.append(card.serialize())
    return "".join(cards)
