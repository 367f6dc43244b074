"""What an import tells the user, in the command line's summary and the app's preview:
how the file was read, what of it was not imported, and what went to the notes.

Sits above both the store and :mod:`infotui.formats` (as :mod:`infotui.exporting`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infotui.formats.common import ParsedFile
    from infotui.store.imports import ImportResult


def how_read(parsed: ParsedFile) -> str:
    """How the file was read: "Read as Outlook CSV (Windows-1252, cells separated by commas)"."""
    from infotui.formats.csv_file import SEPARATORS

    how = [parsed.encoding]
    if parsed.separator:
        how.append(f"cells separated by {SEPARATORS.get(parsed.separator, parsed.separator)}")
    return f"Read as {parsed.label or parsed.format} ({', '.join(how)})"


def ignored_columns(parsed: ParsedFile) -> str:
    """The columns (or vCard properties) nothing was imported from: those holding values
    by name, the empty ones counted."""
    if parsed.unread_properties:
        return f"Ignored properties: {', '.join(parsed.unread_properties)}"
    if not parsed.ignored:
        return ""
    empty = len(parsed.ignored) - len(parsed.unread_columns)
    if not parsed.unread_columns:
        return f"Ignored columns: {empty}, all empty"
    more = f" (and {empty} empty)" if empty else ""
    return f"Ignored columns: {', '.join(parsed.unread_columns)}{more}"


def line_notes(parsed: ParsedFile, result: ImportResult) -> list[tuple[int, str]]:
    """By line: rows skipped (and why), values kept in the notes, properties left out.
    What the reader says of a row that was then skipped is left out: the row is."""
    skipped = {line for line, _ in result.skipped}
    said = [(line, what) for line, what in parsed.notices if line not in skipped]
    return sorted([*result.skipped, *said, *result.kept], key=lambda item: item[0])


def report(parsed: ParsedFile, result: ImportResult) -> list[str]:
    """Every line the command line prints before the summary."""
    lines = [how_read(parsed)]
    if parsed.mapping:
        used = ", ".join(f"{col} → {target}" for col, target in parsed.mapping.items() if target)
        lines.append(f"Columns: {used}")
    if ignored := ignored_columns(parsed):
        lines.append(ignored)
    lines += [f"  line {line}: {what}" for line, what in line_notes(parsed, result)]
    return lines
