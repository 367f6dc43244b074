"""What every importer shares: decoding, records, and the duplicate key."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from infotui.errors import FormatError
from infotui.views import ContactRecord

Progress = Callable[[int, int], None]  # lines read, lines in all
EVERY = 2000  # records read between reports of progress

CONTACT_FIELDS = (
    "name", "company", "role", "field", "email", "phone", "linkedin_url", "how_we_know", "notes",
)  # fmt: skip
MAX_IMPORT_BYTES = 50 * 1024 * 1024
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ParsedFile:
    format: str  # a short key: linkedin, google, outlook, csv, vcard
    records: list[ContactRecord]
    # For CSV: the file's columns and the contact field each one feeds ("" = ignored).
    mapping: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)
    label: str = ""  # the format as people name it: "Google Contacts CSV", "vCard 3.0"
    encoding: str = "UTF-8"
    separator: str = ""  # CSV: the character between cells
    # What the user should know of a row or card that was read (a second email kept
    # in the notes, a property that could not be read), with its line.
    notices: list[tuple[int, str]] = field(default_factory=list)

    # CSV: the columns no contact field takes that hold a value in some row.
    unread_columns: list[str] = field(default_factory=list)
    # vCard: the properties no contact field takes (ADR, BDAY, PHOTO...).
    unread_properties: list[str] = field(default_factory=list)

    @property
    def ignored(self) -> list[str]:
        """The columns no contact field takes."""
        return [column for column, target in self.mapping.items() if not target]


# Tried in this order: a byte-order mark settles it; UTF-8 is strict enough that text
# which decodes as UTF-8 is UTF-8; what is left is most often Windows' own code page
# (Outlook on Windows and Excel's "CSV" write it).
ENCODINGS = (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"))


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read with."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return _decoded(raw[3:], "utf-8", "UTF-8", path), "UTF-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decoded(raw, "utf-16", "UTF-16", path), "UTF-16"
    line = 0
    for codec, name in ENCODINGS:
        try:
            return raw.decode(codec), name
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
    raise FormatError(
        f"{path} is neither UTF-8 nor Windows-1252 text (line {line} has bytes that are "
        "neither); save it as UTF-8 and import it again"
    )


def _decoded(raw: bytes, codec: str, name: str, path: Path) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FormatError(
            f"{path} starts as {name} text but line {line} is not; "
            "save it as UTF-8 and import it again"
        ) from None


def read_text(path: Path) -> tuple[str, str]:
    """The file as text, and the encoding it was in (see :func:`decode`); no NULs."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise FormatError(
                f"{path} is {size // (1024 * 1024)} MiB: too large to be a contact list"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FormatError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise FormatError(f"{path} is a folder, not a file") from None
    except PermissionError:
        raise FormatError(f"{path} cannot be read: permission denied") from None
    text, encoding = decode(raw, path)
    # NUL is never meant: it would pass into names, the database and every export.
    return text.replace("\x00", ""), encoding


_NAMED_ADDRESS = re.compile(r"[^<>]*<\s*([^<>\s]+@[^<>\s]+)\s*>")


def plain_email(value: str) -> str:
    """An address as mail programs write it with its name ("Ann Lee <ann@x.example>",
    "<ann@x.example>") is the address; anything else is left as it is."""
    if "<" not in value:
        return value
    match = _NAMED_ADDRESS.fullmatch(value.strip())
    return match.group(1) if match else value


def join_name(first: str, last: str) -> str:
    first, last = first.strip(), last.strip()
    return f"{first} {last}" if first and last else first or last


def spreadsheet_safe(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text instead of running it.

    Every CSV writer passes every cell through here. As OWASP recommends, a cell
    starting like a formula gets a single quote in front; the rest is kept as
    it is. A plain negative number in a text field ("-5") is quoted as well.
    """
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def from_spreadsheet(cell: str) -> str:
    """Undo :func:`spreadsheet_safe` on import, so an exported file reads back as it was."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell
