"""Spreadsheets saved as CSV, and LinkedIn's Connections.csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import pendulum

from infotui.errors import FormatError
from infotui.formats.common import (
    CONTACT_FIELDS,
    MAX_IMPORT_BYTES,
    ParsedFile,
    from_spreadsheet,
    join_name,
    read_text,
    spreadsheet_safe,
)
from infotui.views import ContactRecord

# Header names people use, lower-cased with spaces and punctuation folded, and
# the contact field each one feeds.
COLUMN_NAMES: dict[str, str] = {
    "name": "name", "full name": "name", "fullname": "name", "contact": "name",
    "display name": "name",
    "first name": "first", "first": "first", "given name": "first", "firstname": "first",
    "last name": "last", "last": "last", "surname": "last", "family name": "last",
    "lastname": "last",
    "company": "company", "organisation": "company", "organization": "company",
    "employer": "company", "org": "company",
    "title": "role", "role": "role", "position": "role", "job title": "role",
    "email": "email", "e mail": "email", "email address": "email", "mail": "email",
    "phone": "phone", "telephone": "phone", "mobile": "phone", "phone number": "phone",
    "cell": "phone",
    "notes": "notes", "note": "notes", "comments": "notes", "comment": "notes",
    "linkedin": "linkedin_url", "linkedin url": "linkedin_url", "url": "linkedin_url",
    "profile": "linkedin_url", "profile url": "linkedin_url",
    "field": "field", "industry": "field", "sector": "field",
    "how we know": "how_we_know", "how we met": "how_we_know", "met": "how_we_know",
    "connected on": "connected_on",
}  # fmt: skip
TARGETS = (*CONTACT_FIELDS, "first", "last", "connected_on", "")
LINKEDIN_HEADER = ("first name", "last name")


def fold(header: str) -> str:
    return " ".join(header.lower().replace("-", " ").replace("_", " ").replace(".", " ").split())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Each column's contact field, by its header; "" where none fits."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        target = COLUMN_NAMES.get(fold(header), "")
        if target in taken:
            target = ""
        taken.add(target)
        mapping[header] = target
    return mapping


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """CSV rows with the line each starts on (quoted fields may span lines).

    The csv module refuses a cell over 128 KiB and, with it, the whole file; a
    long cell is the row's problem (validation says which field is too long),
    so while reading, the limit is the file's own limit.
    """
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    before = csv.field_size_limit(MAX_IMPORT_BYTES)
    try:
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return rows
            except csv.Error as error:
                raise FormatError(f"line {reader.line_num}: {error}") from None
            rows.append((line, row))
    finally:
        csv.field_size_limit(before)


def _is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def read_csv(
    path: Path, *, mapping: Mapping[str, str] | None = None, linkedin: bool | None = None
) -> ParsedFile:
    """Read contacts from a CSV file with a header row.

    LinkedIn's export has lines of notes before its header: the header is
    found by its "First Name" and "Last Name" columns, not by skipping lines.
    """
    text = read_text(path)
    rows = _rows(text)
    header_at = None
    for index, (_, row) in enumerate(rows):
        if _is_blank(row):
            continue
        folded = [fold(cell) for cell in row]
        if all(name in folded for name in LINKEDIN_HEADER):
            header_at, linkedin = index, True if linkedin is None else linkedin
            break
        if linkedin:
            continue
        if header_at is None and any(fold(cell) in COLUMN_NAMES for cell in row):
            header_at = index
            break
    if header_at is None:
        if linkedin:
            raise FormatError(f"{path}: no header row with LinkedIn's First Name and Last Name")
        raise FormatError(
            f"{path}: no header row found; the first row should name the columns, "
            "like Name,Company,Email"
        )
    headers = [cell.strip() for cell in rows[header_at][1]]
    if mapping is not None:
        unknown = sorted(set(mapping.values()) - set(TARGETS))
        missing = sorted(set(mapping) - set(headers))
        if unknown:
            raise FormatError(f"unknown contact field(s) in the mapping: {', '.join(unknown)}")
        if missing:
            raise FormatError(f"{path} has no column(s) named {', '.join(missing)}")
        columns = {**guess_mapping(headers), **mapping}  # the user's choice wins
    else:
        columns = guess_mapping(headers)
    if not any(t in ("name", "first", "last") for t in columns.values()):
        raise FormatError(f"{path}: no column holds names (map one with --map COLUMN=name)")
    parsed = ParsedFile("linkedin" if linkedin else "csv", [], mapping=columns)
    for line, row in rows[header_at + 1 :]:
        if _is_blank(row):
            continue
        values: dict[str, str] = {}
        for header, cell in zip(headers, row, strict=False):
            target = columns.get(header, "")
            if target and cell.strip():
                values[target] = from_spreadsheet(cell.strip())
        if len(row) > len(headers) and any(c.strip() for c in row[len(headers) :]):
            parsed.problems.append((line, f"{len(row)} cells for {len(headers)} columns"))
        parsed.records.append(ContactRecord(line, _contact_fields(values)))
    return parsed


def _contact_fields(values: dict[str, str]) -> dict[str, str]:
    fields = {k: v for k, v in values.items() if k in CONTACT_FIELDS}
    if "name" not in fields:
        fields["name"] = join_name(values.get("first", ""), values.get("last", ""))
    connected = values.get("connected_on")
    if connected:
        fields["how_we_know"] = fields.get("how_we_know") or (
            f"LinkedIn connection since {_date(connected)}"
        )
    return fields


def _date(text: str) -> str:
    """LinkedIn writes '12 Mar 2024'; keep anything else as it is."""
    for pattern in ("DD MMM YYYY", "D MMM YYYY"):
        try:
            return pendulum.from_format(text.strip(), pattern).format("D MMM YYYY")
        except ValueError:
            continue
    return text.strip()


def write_csv(rows: Sequence[Mapping[str, object]], columns: list[str]) -> str:
    """CSV with a header row; every cell made safe to open in a spreadsheet."""
    out = io.StringIO()
    # RFC 4180 line ends: with "\n" alone, a cell holding a bare "\r" went out
    # unquoted and split its row when read back.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(column) for column in columns])
    for row in rows:
        writer.writerow([spreadsheet_safe(row.get(column)) for column in columns])
    return out.getvalue()
