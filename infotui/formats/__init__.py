"""Reading and writing the formats people already have. No Textual here.

Pure: importers turn a file into :class:`~infotui.views.ContactRecord` rows with
their line numbers (the store writes them in one transaction); exporters turn
records into bytes. What to export is gathered above the store, in
:mod:`infotui.exporting`.
"""

from collections.abc import Generator
from contextlib import closing
from pathlib import Path

from infotui.errors import FormatError
from infotui.formats.common import ParsedFile, Progress
from infotui.views import ContactRecord

FORMATS = ("auto", "linkedin", "csv", "vcard")


def format_of(path: Path, format: str = "auto") -> str:
    """The format a contact file is read as: vcard, linkedin, csv, or csv-or-linkedin
    (a CSV file whose header says which)."""
    if format not in FORMATS:
        raise FormatError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    if format != "auto":
        return format
    suffix = path.suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix in (".csv", ".tsv", ".tab", ".txt", ""):
        return "csv-or-linkedin"
    raise FormatError(f"{path}: say what it is with --format (linkedin, csv or vcard)")


def read_contacts(
    path: Path,
    format: str = "auto",
    mapping: dict[str, str] | None = None,
    *,
    progress: Progress | None = None,
) -> ParsedFile:
    """Read a contact file; "auto" goes by the file's ending and, for CSV, its header.
    ``progress`` is told the lines read and the lines in all as the reading goes."""
    parsed, records = stream_contacts(path, format, mapping, progress=progress)
    if records is not None:
        with closing(records):
            parsed.records.extend(records)
    return parsed


def stream_contacts(
    path: Path,
    format: str = "auto",
    mapping: dict[str, str] | None = None,
    *,
    progress: Progress | None = None,
) -> tuple[ParsedFile, Generator[ContactRecord, None, None] | None]:
    """As :func:`read_contacts`, with a CSV file's records given one at a time as they
    are read (see :func:`infotui.formats.csv_file.stream_csv`), so that they can be
    imported while the file is read; other files are read whole, their records in the
    ParsedFile, and None is given for the rest."""
    from infotui.formats.csv_file import stream_csv
    from infotui.formats.vcard import read_vcards

    format = format_of(path, format)
    if format == "vcard":
        return read_vcards(path, progress=progress), None
    linkedin = True if format == "linkedin" else (False if format == "csv" else None)
    return stream_csv(path, mapping=mapping, linkedin=linkedin, progress=progress)
