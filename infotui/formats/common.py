"""What every importer shares: decoding, records, and the duplicate key."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from infotui.errors import FormatError
from infotui.views import ContactRecord

CONTACT_FIELDS = (
    "name", "company", "role", "field", "email", "phone", "linkedin_url", "how_we_know", "notes",
)  # fmt: skip
MAX_IMPORT_BYTES = 50 * 1024 * 1024
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ParsedFile:
    format: str
    records: list[ContactRecord]
    # For CSV: the file's columns and the contact field each one feeds ("" = ignored).
    mapping: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)


def read_text(path: Path) -> str:
    """The file as text: UTF-8 with or without a byte-order mark, nothing else; no NULs."""
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
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FormatError(f"{path} is UTF-16 text; save it as UTF-8 and import it again")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FormatError(
            f"{path} is not UTF-8 text (line {line} has bytes that are not); "
            "save it as UTF-8 and import it again"
        ) from None
    # NUL is never meant: it would pass into names, the database and every export.
    return text.replace("\x00", "")


def join_name(first: str, last: str) -> str:
    return " ".join(part for part in (first.strip(), last.strip()) if part)


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
