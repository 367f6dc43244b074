"""Reading and writing the formats people already have. No Textual here.

Pure: importers turn a file into :class:`~infotui.views.ContactRecord` rows with
their line numbers (the store writes them in one transaction); exporters turn
records into bytes. What to export is gathered above the store, in
:mod:`infotui.exporting`.
"""

from pathlib import Path

from infotui.errors import FormatError
from infotui.formats.common import ParsedFile, Progress

FORMATS = ("auto", "linkedin", "csv", "vcard")


def read_contacts(
    path: Path,
    format: str = "auto",
    mapping: dict[str, str] | None = None,
    *,
    progress: Progress | None = None,
) -> ParsedFile:
    """Read a contact file; "auto" goes by the file's ending and, for CSV, its header.
    ``progress`` is told the lines read and the lines in all as the reading goes."""
    from infotui.formats.csv_file import read_csv
    from infotui.formats.vcard import read_vcards

    if format not in FORMATS:
        raise FormatError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    if format == "auto":
        suffix = path.suffix.lower()
        if suffix in (".vcf", ".vcard"):
            format = "vcard"
        elif suffix in (".csv", ".tsv", ".tab", ".txt", ""):
            format = "csv-or-linkedin"
        else:
            raise FormatError(f"{path}: say what it is with --format (linkedin, csv or vcard)")
    if format == "vcard":
        return read_vcards(path, progress=progress)
    linkedin = True if format == "linkedin" else (False if format == "csv" else None)
    return read_csv(path, mapping=mapping, linkedin=linkedin, progress=progress)
