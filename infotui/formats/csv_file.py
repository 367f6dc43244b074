"""Spreadsheets saved as CSV, LinkedIn's Connections.csv, and the CSV files Google
Contacts and Outlook export."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Collection, Generator, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from infotui.errors import FormatError
from infotui.folding import fold as fold_accents
from infotui.formats.common import (
    CONTACT_FIELDS,
    EVERY,
    MAX_IMPORT_BYTES,
    ParsedFile,
    Progress,
    from_spreadsheet,
    join_name,
    plain_email,
    read_text,
    spreadsheet_safe,
)
from infotui.views import ContactRecord

# Header names people use, folded (see fold), and the contact field each one feeds.
COLUMN_NAMES: dict[str, str] = {
    "name": "name", "full name": "name", "fullname": "name", "contact": "name",
    "display name": "name",
    "first name": "first", "first": "first", "given name": "first", "firstname": "first",
    "middle name": "middle", "additional name": "middle",
    "last name": "last", "last": "last", "surname": "last", "family name": "last",
    "lastname": "last",
    "company": "company", "organisation": "company", "organization": "company",
    "employer": "company", "org": "company",
    "title": "role", "role": "role", "position": "role", "job title": "role",
    "email": "email", "e mail": "email", "email address": "email", "mail": "email",
    "e mail address": "email",
    "phone": "phone", "telephone": "phone", "mobile": "phone", "phone number": "phone",
    "cell": "phone",
    "notes": "notes", "note": "notes", "comments": "notes", "comment": "notes",
    "linkedin": "linkedin_url", "linkedin url": "linkedin_url", "url": "linkedin_url",
    "profile": "linkedin_url", "profile url": "linkedin_url",
    "website": "website", "web site": "website", "web page": "website", "homepage": "website",
    "personal web page": "website",
    "field": "field", "industry": "field", "sector": "field",
    "how we know": "how_we_know", "how we met": "how_we_know", "met": "how_we_know",
    "connected on": "connected_on",
    "department": "notes",
    # Spreadsheets and address books in German and French.
    "vorname": "first", "nachname": "last", "firma": "company", "e mail adresse": "email",
    "telefon": "phone", "mobiltelefon": "phone", "notizen": "notes", "position/titel": "role",
    "prenom": "first", "nom": "last", "societe": "company", "entreprise": "company",
    "fonction": "role", "poste": "role", "courriel": "email", "adresse e mail": "email",
    "telephone mobile": "phone", "portable": "phone",
}  # fmt: skip
# Numbered columns (Google: "E-mail 2 - Value"; Outlook: "E-mail 2 Address", "Mobile Phone").
COLUMN_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), target)
    for p, target in (
        (r"e ?mail \d+ value", "email"),
        (r"e ?mail( \d+)? address", "email"),
        (r"phone \d+ value", "phone"),
        (r"(mobile|cell|business|work|home|primary|other|car|company main) phone( \d+)?", "phone"),
        (r"organization( \d+)? name", "company"),
        (r"organization( \d+)? title", "role"),
        (r"organization( \d+)? department", "notes"),
        (r"website \d+ value", "website"),
    )
]
# Where a format names a column differently from everyone else.
FORMAT_NAMES: dict[str, dict[str, str]] = {
    # Outlook's "Title" is the honorific (Mr., Dr., Mme); the role is "Job Title".
    "outlook": {"title": "", "suffix": ""},
    "google": {"name prefix": "", "name suffix": ""},
}
# When several columns feed one field, the first in this order is the contact's.
PHONE_ORDER = ("mobile", "cell", "primary", "business", "work", "home", "phone", "other", "car")
NOTE_COLUMNS = {"notes", "note", "comments", "comment", "notizen"}
_FIELDS_BUT_NOTES = frozenset(CONTACT_FIELDS) - {"notes"}
SEPARATOR = " ::: "  # Google Contacts: several values in one cell
TARGETS = (*CONTACT_FIELDS, "first", "middle", "last", "website", "connected_on", "")
# The fields a cell's one value goes to as it is (the notes and a website are sorted out).
_ONE_VALUE = frozenset(TARGETS) - {"notes", "website", ""}
LINKEDIN_HEADER = ("first name", "last name")
LABELS = {
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "linkedin": "LinkedIn CSV",
    "csv": "CSV",
}
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
# Google numbers its columns with a dash before the part: "E-mail 1 - Value" (Outlook
# writes "E-mail 2 Type", without one). Matched on the header lower-cased, not folded.
GOOGLE_NUMBERED = re.compile(
    r"(e-?mail|phone|website|address|organization|relation|event|im|custom field) \d+ - "
    r"(value|label|type|name|title|formatted)"
)
GOOGLE_MARKS = {
    "organization name", "organization title", "labels", "name prefix", "file as",
    "phonetic first name", "group membership", "yomi name",
}  # fmt: skip
OUTLOOK_MARKS = {
    "e mail address", "e mail 2 address", "e mail display name", "mobile phone",
    "business phone", "home phone", "job title", "middle name", "suffix", "business street",
    "web page", "department", "company main phone", "business fax",
}  # fmt: skip


def fold(header: str) -> str:
    """A header as the tables above spell it: lower case, no accents, punctuation as spaces."""
    text = fold_accents(header).replace("-", " ").replace("_", " ").replace(".", " ")
    return " ".join(text.split())


def target_of(header: str, kind: str = "csv") -> str:
    folded = fold(header)
    special = FORMAT_NAMES.get(kind, {})
    if folded in special:
        return special[folded]
    if folded in COLUMN_NAMES:
        return COLUMN_NAMES[folded]
    return next((t for pattern, t in COLUMN_PATTERNS if pattern.fullmatch(folded)), "")


def recognise(headers: Sequence[str], *, linkedin: bool | None = None) -> str:
    """Which program wrote the file, by its header: google, outlook, linkedin or csv."""
    folded = {fold(h) for h in headers}
    if linkedin:
        return "linkedin"
    numbered = any(GOOGLE_NUMBERED.fullmatch(" ".join(h.lower().split())) for h in headers)
    if numbered or len(folded & GOOGLE_MARKS) >= 2:
        return "google"
    if len(folded & OUTLOOK_MARKS) >= 3:
        return "outlook"
    linkedin_columns = {"connected on", "position", "url"}
    if linkedin is None and set(LINKEDIN_HEADER) <= folded and folded & linkedin_columns:
        return "linkedin"
    return "csv"


def guess_mapping(headers: list[str], kind: str = "csv") -> dict[str, str]:
    """Each column's contact field, by its header; "" where none fits.

    Several columns may feed one field (Outlook has a dozen phone columns): the
    first non-empty one is the contact's, the others are kept in the notes.
    """
    return {header: target_of(header, kind) for header in headers}


def _rank(header: str, position: int, target: str) -> tuple[int, int]:
    if target == "phone":
        folded = fold(header)
        found = next((n for n, word in enumerate(PHONE_ORDER) if word in folded), len(PHONE_ORDER))
        return found, position
    return 0, position


def _rows(
    text: str, separator: str = ",", problems: list[tuple[int, str]] | None = None
) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the line each starts on (quoted fields may span lines), one at a
    time: a large file's rows are never all held at once.

    The csv module refuses a cell over 128 KiB and, with it, the whole file; a
    long cell is the row's problem (validation says which field is too long),
    so the caller reads under :func:`_file_sized_cells`.

    A row over several lines whose quotes do not pair up (see :func:`_runaway_quote`)
    is given with its problem added to ``problems`` first.
    """
    reader = csv.reader(_lines(text), delimiter=separator)
    starts: _LineStarts | None = None
    strict: Any = None  # the reader's dialect, but strict about quotes
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FormatError(f"line {reader.line_num}: {error}") from None
        if reader.line_num != line and problems is not None and not _is_blank(row):
            if starts is None:
                starts = _LineStarts(text)
                strict = csv.reader((), delimiter=separator, strict=True).dialect
            last = reader.line_num
            why = _runaway_quote(starts.text_of(line, last), strict, line, last)
            if why:
                problems.append((line, why))
        yield line, row


_LINE_END = re.compile(r"\r\n?|\n")  # where _lines() ends a line


class _LineStarts:
    """Where the text's lines start, found as far as asked, from where it was last asked:
    one pass through the text at most, made only for a file with rows over several lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line, self.offset = 1, 0  # a line, and where it starts
        # Unless a line ends in "\r" alone (a file from an old Mac), each ends in "\n".
        self.newline_ends = text.count("\r") == text.count("\r\n")

    def start_of(self, line: int) -> int:
        text, offset = self.text, self.offset
        if self.newline_ends:
            for _ in range(line - self.line):
                offset = text.find("\n", offset) + 1 or len(text)
        else:
            for _ in range(line - self.line):
                found = _LINE_END.search(text, offset)
                offset = found.end() if found else len(text)
        self.line, self.offset = line, offset
        return offset

    def text_of(self, first: int, last: int) -> str:
        """Lines ``first`` to ``last`` (not before the lines asked for last time)."""
        start = self.start_of(first)
        return self.text[start : self.start_of(last + 1)]


def _runaway_quote(text: str, strict: Any, line: int, last: int) -> str:
    """What is wrong with a row over several lines (its ``text``, lines ``line`` to
    ``last``) whose quotes do not pair up: a quoted cell that runs on to the end of the
    file, or one that closes inside a cell (a quote left open takes in the rows after it
    as text up to the next quote, which opened a cell of its own); "" when its quotes pair
    up, as when a note of several lines is quoted.

    The row was read as the csv module reads by default, forgiving such quotes; here it
    is read again by the ``strict`` dialect, made once (making one for each row took
    longer than reading the row)."""
    try:
        next(csv.reader((text,), strict), None)
    except csv.Error as error:
        if str(error) != "unexpected end of data" and _pairs_up_but_for_spaces(text, strict):
            return ""
        taken = f"line {line + 1} was" if last == line + 1 else f"lines {line + 1}-{last} were"
        if str(error) == "unexpected end of data":
            return (
                f"a quoted cell in this row never closes, so {taken} read into it as text; "
                "close its quote and import again"
            )
        return (
            f"a quoted cell in this row runs on to line {last} and closes inside a cell, so "
            f"{taken} read into it as text; check its quotes and import again"
        )
    return ""


def _pairs_up_but_for_spaces(text: str, strict: Any) -> bool:
    """Whether the row's quotes pair up once the spaces and tabs written after a closing
    quote, before the next separator or the line's end, are left out: hand-edited files
    and some programs write them (`"two lines" ,`), which the strict reader refuses and
    the forgiving one reads as part of the cell."""
    after_quote = rf'"[ \t]+(?=[{re.escape(strict.delimiter)}\r\n]|$)'
    try:
        next(csv.reader((re.sub(after_quote, '"', text),), strict), None)
    except csv.Error:
        return False
    return True


PIECE = 256 * 1024  # characters of the text split into lines at a time


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their ends, as a file opened with newline="" gives them (the
    csv module's way), one at a time: a piece of the text at a time, each cut after a
    "\n" (never inside a "\r\n"), so that the whole text is not copied at once (but for
    a file whose lines end in "\r" alone: one piece). The ``io`` module splits them twice
    as fast as a regular expression did."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start + PIECE)
        end = size if end < 0 else end + 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


@contextlib.contextmanager
def _file_sized_cells() -> Iterator[None]:
    """While reading, a cell may be as long as the file may be."""
    before = csv.field_size_limit(MAX_IMPORT_BYTES)
    try:
        yield
    finally:
        csv.field_size_limit(before)


SAMPLE = 32 * 1024  # enough for a header behind LinkedIn's notes, and a few rows
_SEP_LINE = re.compile(r'"?sep=(.)"?', re.IGNORECASE)


def find_separator(text: str, suffix: str = "") -> tuple[str, str]:
    """The character between cells, and the text without Excel's "sep=;" line if any.

    Excel in much of Europe separates cells with ";", and a .tsv with tabs. The
    standard library's sniffer makes the first guess; a guess stands when the
    file's header row, split by it, names known columns; otherwise the separator
    under which the header names the most known columns wins, and with none known,
    the one the first line holds most of.
    """
    first, newline, rest = text.partition("\n")
    declared = _SEP_LINE.fullmatch(first.strip())
    if declared and declared.group(1) in SEPARATORS:
        return declared.group(1), newline + rest  # the line kept blank: numbers stay right
    sample = text[:SAMPLE]
    candidates: list[str] = []
    with contextlib.suppress(csv.Error):
        candidates.append(csv.Sniffer().sniff(sample, delimiters="".join(SEPARATORS)).delimiter)
    if suffix in (".tsv", ".tab"):
        candidates.append("\t")
    header_line = next((line for line in sample.splitlines() if line.strip()), "")
    candidates += sorted(SEPARATORS, key=lambda sep: -header_line.count(sep))
    best, best_known = candidates[0], -1
    for separator in dict.fromkeys(candidates):
        known = _known_columns(sample, separator)
        if known > best_known:
            best, best_known = separator, known
    return best, text


def _known_columns(sample: str, separator: str) -> int:
    """The most known column names in one of the sample's first rows, split by ``separator``."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=separator)
    most = 0
    try:
        for number, row in enumerate(reader):
            if number > 30:
                break
            most = max(most, sum(1 for cell in row if target_of(cell)))
    except csv.Error:
        pass
    return most


def _is_blank(row: list[str]) -> bool:
    return not "".join(row).strip()


def read_csv(
    path: Path,
    *,
    mapping: Mapping[str, str] | None = None,
    linkedin: bool | None = None,
    progress: Progress | None = None,
) -> ParsedFile:
    """Read contacts from a CSV file with a header row.

    LinkedIn's export has lines of notes before its header: the header is
    found by its "First Name" and "Last Name" columns, not by skipping lines.
    ``progress`` is told the lines read and the lines in all, every few thousand rows.
    """
    parsed, records = stream_csv(path, mapping=mapping, linkedin=linkedin, progress=progress)
    with contextlib.closing(records):
        parsed.records.extend(records)
    return parsed


def stream_csv(
    path: Path,
    *,
    mapping: Mapping[str, str] | None = None,
    linkedin: bool | None = None,
    progress: Progress | None = None,
) -> tuple[ParsedFile, Generator[ContactRecord, None, None]]:
    """As :func:`read_csv`, with the records given one at a time as they are read: the
    file's header is read (and FormatError raised) here, the rows as the records are
    taken. The ParsedFile's records stay empty; its problems and notices are filled in
    as the rows are read (a row's problem before its record comes), its unread columns
    at the end. A row the csv module cannot read raises FormatError when it comes. The
    caller closes the records when it stops early.
    """
    text, encoding = read_text(path)
    separator, text = find_separator(text, path.suffix.lower())
    lines = text.count("\n") + 1
    problems: list[tuple[int, str]] = []
    rows = _rows(text, separator, problems)
    del text  # the reader holds it; nothing else needs it
    with _file_sized_cells():
        header = _header(rows, linkedin)
    if problems and (header is None or problems[-1][0] == header[0]):
        line, why = problems[-1]  # the header itself, or what swallowed it
        raise FormatError(f"{path}: line {line}: {why}")
    problems.clear()  # rows above the header (LinkedIn's notes) hold no contacts
    if header is None:
        if linkedin:
            raise FormatError(f"{path}: no header row with LinkedIn's First Name and Last Name")
        raise FormatError(
            f"{path}: no header row found; the first row should name the columns, "
            "like Name,Company,Email"
        )
    headers = [cell.strip() for cell in header[1]]
    kind = recognise(headers, linkedin=linkedin)
    guessed = guess_mapping(headers, kind)
    if mapping is not None:
        unknown = sorted(set(mapping.values()) - set(TARGETS))
        missing = sorted(set(mapping) - set(headers))
        if unknown:
            raise FormatError(f"unknown contact field(s) in the mapping: {', '.join(unknown)}")
        if missing:
            raise FormatError(f"{path} has no column(s) named {', '.join(missing)}")
        columns = {**guessed, **mapping}  # the user's choice wins
    else:
        columns = guessed
    if not any(t in ("name", "first", "last") for t in columns.values()):
        raise FormatError(f"{path}: no column holds names (map one with --map COLUMN=name)")
    parsed = ParsedFile(kind, [], mapping=columns, problems=problems, label=LABELS[kind],
                        encoding=encoding, separator=separator)  # fmt: skip
    address_book = kind in ("google", "outlook")
    told = _told(rows, lines, progress) if progress is not None else rows
    return parsed, _read_rows(parsed, told, headers, columns, address_book=address_book)


def _told(
    rows: Iterator[tuple[int, list[str]]], lines: int, progress: Progress
) -> Iterator[tuple[int, list[str]]]:
    """``rows`` as they are, telling ``progress`` how far through the file they are."""
    for n, (line, row) in enumerate(rows):
        if n % EVERY == 0:
            progress(line, lines)
        yield line, row
    progress(lines, lines)


def _header(
    rows: Iterator[tuple[int, list[str]]], linkedin: bool | None
) -> tuple[int, list[str]] | None:
    """The header row and its line, read from ``rows`` (which then go on with the first
    row under it)."""
    for line, row in rows:
        if _is_blank(row):
            continue
        folded = [fold(cell) for cell in row]
        if all(name in folded for name in LINKEDIN_HEADER):
            return line, row
        if linkedin:
            continue
        if any(target_of(cell) for cell in row):
            return line, row
    return None


def _read_rows(
    parsed: ParsedFile,
    rows: Iterator[tuple[int, list[str]]],
    headers: list[str],
    columns: Mapping[str, str],
    *,
    address_book: bool,
) -> Generator[ContactRecord, None, None]:
    """Each row under the header as a record, with what it says of it in ``parsed``."""
    order = sorted(
        (n for n, header in enumerate(headers) if columns.get(header)),
        key=lambda n: _rank(headers[n], n, columns[headers[n]]),
    )
    # Each read column once: its place, name, field and name as the notes give it.
    read = [(n, headers[n], columns[headers[n]], _label(headers[n])) for n in order]
    ignored = [n for n, header in enumerate(headers) if not columns.get(header)]
    # With more than one column for the notes, each but the notes column itself says
    # which it is ("Department: Sales").
    notes = [header for header in headers if columns.get(header) == "notes"]
    labelled = {h for h in notes if fold(h) not in NOTE_COLUMNS} if len(notes) > 1 else set()
    width = len(headers)
    unread: set[int] = set()
    notices, problems = parsed.notices, parsed.problems
    # Columns each the only one for a field that takes one value as it is (LinkedIn's
    # export, most CSV files): a row is read the short way unless a cell holds several.
    targets = [target for _, _, target, _ in read]
    plain = None
    if len(set(targets)) == len(targets) and all(t in _ONE_VALUE for t in targets):
        plain = [(n, target) for n, _, target, _ in read]
    with _file_sized_cells():
        for line, row in rows:
            if _is_blank(row):
                continue
            length = len(row)
            fields = _plain_fields(row, plain, address_book) if plain is not None else None
            if fields is not None:
                kept: list[str] = []
            else:
                cells = [
                    (
                        header,
                        target,
                        label,
                        _cell(value) if "\r" in value or value[0] == "'" else value,
                    )
                    for n, header, target, label in read
                    if n < length and (value := row[n].strip())
                ]
                fields, kept = _contact_fields(cells, address_book=address_book, labelled=labelled)
            extra = length > width and any(c.strip() for c in row[width:])
            if extra and not (problems and problems[-1][0] == line):  # not its quotes
                problems.append((line, f"{length} cells for {width} columns"))
            if kept:
                notices.append((line, f"kept in the notes: {', '.join(kept)}"))
            if ignored:
                unread.update(n for n in ignored if n < length and row[n].strip())
            yield ContactRecord(line, fields)
        parsed.unread_columns = [headers[n] for n in sorted(unread)]


def _plain_fields(
    row: list[str], plain: list[tuple[int, str]], address_book: bool
) -> dict[str, str] | None:
    """The row's fields when each of its columns gives one value to a field of its own,
    as :func:`_contact_fields` makes them; None when a cell holds several values.

    :func:`_fields_of` written out for such a row: this is once per row of every
    LinkedIn export, 30,000 of them in a large one."""
    fields: dict[str, str] = {}
    parts: dict[str, str] = {}  # first, middle, last, connected_on
    length = len(row)
    for n, target in plain:
        if n < length and (value := row[n].strip()):
            if "\r" in value or value[0] == "'":
                value = _cell(value)
                if SEPARATOR in value:
                    return None
                if not (value := value.strip()):
                    continue
            elif SEPARATOR in value:
                return None
            if target in _FIELDS_BUT_NOTES:
                fields[target] = plain_email(value) if target == "email" else value
            else:
                parts[target] = value
    if "name" not in fields:
        first = join_name(parts.get("first", ""), parts.get("middle", ""))
        fields["name"] = join_name(first, parts.get("last", ""))
        if not fields["name"] and address_book:
            fields["name"] = fields.get("company") or fields.get("email", "")
    if (connected := parts.get("connected_on")) and not fields.get("how_we_know"):
        fields["how_we_know"] = _connected_since(connected)
    return fields


def _cell(cell: str) -> str:
    """A cell's value (stripped): Windows' line ends as new lines, a spreadsheet's quote
    undone."""
    if "\r" in cell:
        cell = cell.replace("\r\n", "\n")
    return from_spreadsheet(cell) if cell[:1] == "'" else cell


def _label(header: str) -> str:
    """A column's name as the notes give it: Google's "E-mail 2 - Value" is "E-mail 2"."""
    return re.sub(r"\s*-\s*value$", "", header, flags=re.IGNORECASE) or header


def _contact_fields(
    cells: Sequence[tuple[str, str, str, str]],
    *,
    address_book: bool = False,
    labelled: Collection[str] = (),
) -> tuple[dict[str, str], list[str]]:
    """A row's contact fields from its (column, field, column's label, value) cells, and
    what of them went to the notes for want of a place (a second email, a website that
    is not LinkedIn)."""
    values: dict[str, str] = {}
    notes: list[str] = []  # the notes column as written
    extra: list[str] = []  # "Column: value" lines after it
    kept: list[str] = []
    for header, target, label, value in cells:
        if target == "notes":
            if header in labelled:
                extra.append(f"{header}: {value}")
            else:
                notes.append(value)
            continue
        if SEPARATOR in value:
            parts = [p for p in (part.strip() for part in value.split(SEPARATOR)) if p]
        else:
            parts = [part] if (part := value.strip()) else []
        for n, part in enumerate(parts):
            if target == "website":
                if "linkedin.com" in part.lower() and "linkedin_url" not in values:
                    values["linkedin_url"] = part
                else:
                    extra.append(f"{label}: {part}")
                    kept.append(f"{label} (another value)" if n else label)
            elif target not in values:
                values[target] = plain_email(part) if target == "email" else part
            elif part != values[target]:
                extra.append(f"{label}: {part}")
                kept.append(f"{label} (another value)" if n else label)
    return _fields_of(values, notes, extra, address_book=address_book), kept


def _fields_of(
    values: Mapping[str, str], notes: list[str], extra: list[str], *, address_book: bool
) -> dict[str, str]:
    """A contact's fields from a row's values by field, its notes column as written and
    the lines for the notes after it."""
    fields = {k: v for k, v in values.items() if k in _FIELDS_BUT_NOTES}
    if notes or extra:
        fields["notes"] = "\n".join([*notes, *extra])
    if "name" not in fields:
        first = join_name(values.get("first", ""), values.get("middle", ""))
        fields["name"] = join_name(first, values.get("last", ""))
    if not fields["name"] and address_book:
        # An address book's entry for a business, or for an address alone.
        fields["name"] = values.get("company") or values.get("email", "")
    connected = values.get("connected_on")
    if connected:
        fields["how_we_know"] = fields.get("how_we_know") or _connected_since(connected)
    return fields


@functools.lru_cache(maxsize=4096)  # one string for the many rows of one day
def _connected_since(text: str) -> str:
    return f"LinkedIn connection since {_date(text)}"


# LinkedIn's "Connected On": a day, an English month's first three letters, a year.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LINKEDIN_DATE = re.compile(rf"(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{1,4}})")


def _date(text: str) -> str:
    """LinkedIn writes '12 Mar 2024' (or '02 Mar 2024'): a day that exists, written as
    '2 Mar 2024'; anything else is kept as it is. (What pendulum's "D MMM YYYY" reads
    and writes, a test checks; pendulum itself took a tenth of an import's start.)"""
    text = text.strip()
    found = _LINKEDIN_DATE.fullmatch(text)
    if found is None:
        return text
    day, month, year = int(found[1]), found[2], int(found[3])
    try:
        dt.date(year, MONTHS.index(month) + 1, day)
    except ValueError:
        return text
    return f"{day} {month} {year}"


def write_csv(rows: Iterable[Mapping[str, object]], columns: list[str]) -> str:
    """CSV with a header row; every cell made safe to open in a spreadsheet."""
    return "".join(csv_pieces(rows, columns))


ROWS_A_PIECE = 1000  # rows in each piece of CSV text csv_pieces() gives


def csv_pieces(
    rows: Iterable[Mapping[str, object]], columns: list[str], *, every: int = ROWS_A_PIECE
) -> Iterator[str]:
    """As :func:`write_csv`, a piece of text at a time: the header, then ``every`` rows at
    a time (so that a file of 100,000 rows is written without being held whole)."""
    out = io.StringIO()
    # RFC 4180 line ends: with "\n" alone, a cell holding a bare "\r" went out
    # unquoted and split its row when read back.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(column) for column in columns])
    for n, row in enumerate(rows, 1):
        writer.writerow([spreadsheet_safe(row.get(column)) for column in columns])
        if n % every == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
