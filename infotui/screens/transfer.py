"""Import a contact file with a preview first; export what infotui holds."""

from __future__ import annotations

import concurrent.futures
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, Select
from textual.worker import get_current_worker

from infotui.errors import FormatError, StoreError
from infotui.exporting import EXPORTS, export_parts, write_private
from infotui.formats import FORMATS, read_contacts
from infotui.formats.common import ParsedFile
from infotui.formats.csv_file import TARGETS
from infotui.importing import how_read, ignored_columns
from infotui.screens.dialogs import ChooseScreen, ConfirmScreen, DraftDialog
from infotui.store import ImportRefused, ImportResult, ImportStopped, Store
from infotui.store.imports import settle_record
from infotui.validation import ValidationError
from infotui.widgets.fitted_table import Column, FittedTable
from infotui.widgets.keys_in_order import Field

# Long values end in an ellipsis; why a row is refused wraps, to be read whole.
PREVIEW_COLUMNS = [
    Column("Line", min_width=4, max_share=0.1),
    Column("Name", min_width=8, max_share=0.25),
    Column("Company", min_width=8, max_share=0.2),
    Column("Role", min_width=6, max_share=0.2),
    Column("Email", min_width=8, max_share=0.25),
    Column("", min_width=12, max_share=0.4, wrap=True),
]


class ImportScreen(DraftDialog[ImportResult | None]):
    """Read the file, show what would come in and what is wrong, then import."""

    CSS_PATH = "transfer.tcss"
    AUTO_FOCUS = "#path"
    BINDINGS = [
        Binding("ctrl+s", "import_skipping", "Import", priority=True,
                tooltip="Import, skipping bad rows (once the file is read)"),
    ]  # fmt: skip
    draft_name = "the import"

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.parsed: ParsedFile | None = None
        self.mapping: dict[str, str] | None = None
        self.owner: App[Any] | None = None  # the app, for the workers once the screen is gone

    def on_mount(self) -> None:
        self.owner = self.app

    def draft(self) -> dict[object, object]:
        """The file, its format and where its columns go (the previews are not a draft)."""
        return {
            "path": self.query_one("#path", Input).value,
            "format": self.query_one("#format", Select).value,
            "mapping": self.mapping,
        }

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Import contacts", classes="title")
            yield Label("A LinkedIn, Google Contacts or Outlook export, a CSV or TSV file with "
                        "a header row, or a .vcf file.", classes="muted")  # fmt: skip
            with Horizontal(classes="row"):
                yield Field(placeholder="~/Downloads/Connections.csv", id="path")
                yield Select([(f, f) for f in FORMATS], value="auto", allow_blank=False,
                             id="format")  # fmt: skip
            columns: DataTable[str] = DataTable(id="columns", cursor_type="row")
            columns.add_columns("Column in the file", "Goes to")
            columns.display = False
            yield columns
            preview = FittedTable(PREVIEW_COLUMNS, id="preview")
            preview.display = False
            yield preview
            yield Label("", id="message")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Import all or nothing", id="refuse", disabled=True)
                yield Button("Import, skipping bad rows  ^s", id="skip", variant="primary",
                             disabled=True)  # fmt: skip

    def show_message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#message", Label)
        message.update(text)
        message.set_class(error, "-error")

    @on(Input.Submitted, "#path")
    @on(Select.Changed, "#format")
    def preview(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            return
        fmt = str(self.query_one("#format", Select).value)
        self._enable(False)
        self.show_message(f"Reading {raw}…")
        self._read(Path(raw).expanduser(), fmt, self.mapping)

    @work(thread=True, exclusive=True, group="import")
    def _read(self, path: Path, fmt: str, mapping: dict[str, str] | None) -> None:
        """Read the file and go through it as the import will, in a thread: a file of
        thousands of rows takes seconds, which the screen keeps answering through. A
        newer read, or the screen closed, stops it."""
        worker = get_current_worker()
        try:
            parsed = read_contacts(
                path, fmt, mapping,
                progress=lambda done, lines: self._tell_lines(path.name, done, lines),
            )  # fmt: skip
            rows, shown = _preview_rows(parsed)
            total = len(parsed.records)
            dry = self.store.imports.contacts(
                parsed.records, dry_run=True, problems=parsed.problems,
                progress=lambda done: self._tell(f"Going through {path.name}", done, total),
                stop=lambda: worker.is_cancelled,
            )  # fmt: skip
        except ImportStopped:
            return  # nothing to show: the screen is closed, or reads the file again
        except (FormatError, StoreError) as error:
            self._from_thread(self._unreadable, str(error))
            return
        self._from_thread(self._show, parsed, rows, shown, dry)

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        """From the worker: ``callback`` on the app's thread, if the screen is still
        there to take it (and the app still running: it may be closing)."""

        def on_screen() -> None:
            if self.owner is not None and self in self.owner.screen_stack:
                callback(*args)

        self._on_app(on_screen)

    def _on_app(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """From the worker: ``callback`` on the app's thread, unless the app has stopped
        (or is stopping, and drops it): then there is no one to tell."""
        if self.owner is None:
            return
        with contextlib.suppress(RuntimeError, concurrent.futures.CancelledError):
            self.owner.call_from_thread(callback, *args, **kwargs)

    def _tell(self, doing: str, done: int, total: int) -> None:
        """From the worker: how far it has gone."""
        self._from_thread(self.show_message, f"{doing}… {done:,} of {total:,} rows")

    def _tell_lines(self, name: str, done: int, lines: int) -> None:
        """From the worker: how far through the file the reading has gone."""
        if lines > 1:
            self._from_thread(self.show_message, f"Reading {name}… {done * 100 // lines}%")

    def _unreadable(self, why: str) -> None:
        self.parsed = None
        self.show_message(why, error=True)
        self._enable(False)

    def _show(
        self, parsed: ParsedFile, rows: list[tuple[str | Text, ...]], shown: str, dry: ImportResult
    ) -> None:
        self.parsed = parsed
        columns = self.query_one("#columns", DataTable)
        columns.clear()
        for column, target in parsed.mapping.items():
            columns.add_row(column, target or "(ignored)", key=column)
        columns.display = bool(parsed.mapping)
        preview = self.query_one("#preview", FittedTable)
        preview.fill((list(row), None) for row in rows)
        preview.display = True
        lines = [f"{how_read(parsed)}.", f"{parsed.format}: {dry.summary()}."]
        if shown:
            lines.append(shown)
        if ignored := ignored_columns(parsed):
            lines.append(f"{ignored}.")
        if parsed.mapping:
            lines.append("Enter on a column changes where it goes.")
        self.show_message("\n".join(lines), error=False)
        self._enable(bool(parsed.records))

    def _enable(self, on: bool) -> None:
        self.query_one("#skip", Button).disabled = not on
        self.query_one("#refuse", Button).disabled = not on

    @on(DataTable.RowSelected, "#columns")
    def _remap(self, event: DataTable.RowSelected) -> None:
        if self.parsed is None:
            return
        column = str(event.row_key.value)
        choices = [(t or "(ignored)", n) for n, t in enumerate(TARGETS)]

        def chosen(index: int | None) -> None:
            if index is None or self.parsed is None:
                return
            self.mapping = {**self.parsed.mapping, column: TARGETS[index]}
            self.preview()

        self.app.push_screen(ChooseScreen(f"Column “{column}” goes to", choices), chosen)

    def action_import_skipping(self) -> None:
        """Ctrl+S: as the primary button, once it may be pressed (a file read)."""
        button = self.query_one("#skip", Button)
        if not button.disabled:
            button.press()

    @on(Button.Pressed, "#skip")
    @on(Button.Pressed, "#refuse")
    def _import(self, event: Button.Pressed) -> None:
        if self.parsed is None:
            return
        on_error: Literal["skip", "refuse"] = "skip" if event.button.id == "skip" else "refuse"
        self._enable(False)
        self.show_message("Importing…")
        self._write(self.parsed, on_error)

    @work(thread=True, exclusive=True, group="import")
    def _write(self, parsed: ParsedFile, on_error: Literal["skip", "refuse"]) -> None:
        """Import, in a thread (its own connection to the database: see Database.session).

        Closing the screen (or the app) stops it within a few thousand rows: nothing of
        it is written, and the app says so."""
        worker = get_current_worker()
        total = len(parsed.records)
        try:
            result = self.store.imports.contacts(
                parsed.records, on_error=on_error, problems=parsed.problems,
                progress=lambda done: self._tell("Importing", done, total),
                stop=lambda: worker.is_cancelled,
            )  # fmt: skip
        except ImportStopped as stopped:
            self._tell_app(f"{str(stopped).capitalize()}.", severity="warning")
            return
        except ImportRefused as error:
            self._from_thread(self._refused, str(error).capitalize())
            return
        except StoreError as error:
            self._from_thread(self._refused, str(error))
            return
        if self.owner is not None and self in self.owner.screen_stack:
            self._from_thread(self._imported, result)
        else:  # closed as the import was being committed: it is in, and the app says so
            self._tell_app(f"Contacts: {result.summary()}.")

    def _tell_app(
        self, message: str, *, severity: Literal["information", "warning"] = "information"
    ) -> None:
        """From the worker: a notification by the app, this screen open or not."""
        if self.owner is not None:
            self._on_app(self.owner.notify, message, severity=severity)

    def _refused(self, why: str) -> None:
        self.show_message(why, error=True)
        self._enable(True)

    def _imported(self, result: ImportResult) -> None:
        if self.app.screen is self:
            self.dismiss(result)
        else:  # a question asked over it meanwhile
            self.show_message(f"Contacts: {result.summary()}.")


# Rows shown in the preview, those with something to say first. Each row is as tall as its
# last column needs, which the table learns by drawing every cell: 2,000 rows held the
# screen still for seconds; 200 take a fraction of one, and are more than anyone reads.
PREVIEW_ROWS = 200


def _preview_rows(parsed: ParsedFile) -> tuple[list[tuple[str | Text, ...]], str]:
    """The preview's rows (each row as the import will take it), and, when not all are
    shown, which are. Rows with a problem or a notice come before the others."""
    problems = dict(parsed.problems)
    notices: dict[int, list[str]] = {}
    for line, what in parsed.notices:
        notices.setdefault(line, []).append(what)
    flagged: list[tuple[str | Text, ...]] = []
    plain: list[tuple[str | Text, ...]] = []
    for record in parsed.records:
        reason = problems.get(record.line, "")
        said = notices.get(record.line, [])
        if not reason:
            try:
                moved = settle_record(record.fields)[1]  # as the import will check it
                said = [*said, *moved]
            except ValidationError as error:
                reason = str(error)
        f = record.fields
        # Why a row is refused, or what it keeps in the notes, comes last and wraps whole.
        status = (
            Text(reason, "red") if reason
            else Text("; ".join(said), "yellow") if said
            else Text("ok", "green")
        )  # fmt: skip
        row = (str(record.line), f.get("name", ""), f.get("company", ""), f.get("role", ""),
               f.get("email", ""), status)  # fmt: skip
        if reason or said:
            flagged.append(row)
        elif len(plain) + len(flagged) < PREVIEW_ROWS:
            plain.append(row)
    total = len(flagged) + len(plain)
    if total <= PREVIEW_ROWS and total == len(parsed.records):
        return sorted([*flagged, *plain], key=lambda r: int(str(r[0]))), ""
    rows = sorted([*flagged[:PREVIEW_ROWS], *plain][:PREVIEW_ROWS], key=lambda r: int(str(r[0])))
    return rows, (
        f"Shown: {len(rows):,} of {len(parsed.records):,} rows, those with something to say first."
    )


class ExportScreen(DraftDialog[Path | None]):
    CSS_PATH = "transfer.tcss"
    AUTO_FOCUS = "#what"
    draft_name = "the export"

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.owner: App[Any] | None = None  # the app, for the worker once the screen is gone
        self.exporting = False

    def on_mount(self) -> None:
        self.owner = self.app

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Export", classes="title")
            yield Label("The file is readable by you alone.", classes="muted")
            with Horizontal(classes="row"):
                yield Select([(label, key) for key, (label, _) in EXPORTS.items()],
                             value="markdown", allow_blank=False, id="what")  # fmt: skip
                yield Field(str(Path("~/infotui-interviews.md")), id="path")
            yield Label("", id="message")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export", id="export", variant="primary")

    @on(Select.Changed, "#what")
    def _suggest(self, event: Select.Changed) -> None:
        names = {
            "markdown": "interviews",
            "csv": "contacts",
            "vcard": "contacts",
            "ics": "schedule",
        }
        key = str(event.value)
        self.query_one("#path", Input).value = f"~/infotui-{names[key]}.{EXPORTS[key][1]}"

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self.export()

    def export(self, *, force: bool = False) -> None:
        if self.exporting:  # Enter in the path while the export runs
            return
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        what = str(self.query_one("#what", Select).value)
        if path.is_dir():
            self._say(f"{path} is a folder; give a file name", error=True)
            return
        if path.exists() and not force:  # asked before any of the work, not after it
            self._ask_to_replace(path)
            return
        self.exporting = True
        self.query_one("#export", Button).disabled = True
        self._say("Exporting…")
        if self.store.one_connection:  # an in-memory database: small, and not shared
            self._export(path, what, force, lambda: False, _at_once)
        else:
            self._write(path, what, force)

    def _ask_to_replace(self, path: Path) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.export(force=True)

        self.app.push_screen(ConfirmScreen(f"{path} exists. Replace it?", yes="Replace"),
                             confirmed)  # fmt: skip

    def _say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#message", Label)
        message.update(text)
        message.set_class(error, "-error")

    @work(thread=True, exclusive=True, group="export")
    def _write(self, path: Path, what: str, force: bool) -> None:
        """Export, in a thread, telling how far it has gone: 100,000 contacts take
        seconds, which the screen keeps answering through. Closing it stops the export,
        and the file is left as it was (see :func:`write_private`)."""
        worker = get_current_worker()
        self._export(path, what, force, lambda: worker.is_cancelled, self._from_thread)

    def _export(
        self,
        path: Path,
        what: str,
        force: bool,
        stopped: Callable[[], bool],
        tell: Callable[..., None],
    ) -> None:
        """Write the export; ``stopped`` says the screen was closed; ``tell`` calls back
        on the app's thread."""

        def told(done: int, total: int) -> None:
            if stopped():
                raise _Stopped
            tell(self._say, f"Exporting… {done:,} of {total:,}")

        try:
            write_private(path, export_parts(self.store, what, progress=told), force=force)
        except _Stopped:
            return
        except FileExistsError:  # made meanwhile, by another program
            tell(self._not_written, path, None)
            return
        except (FormatError, StoreError) as error:
            tell(self._not_written, path, str(error))
            return
        tell(self._written, path)

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        """From the worker: ``callback`` on the app's thread, if this screen is still
        there to take it (and the app still running)."""
        owner = self.owner
        if owner is None:
            return

        def on_screen() -> None:
            if self in owner.screen_stack:
                callback(*args)

        with contextlib.suppress(RuntimeError, concurrent.futures.CancelledError):
            owner.call_from_thread(on_screen)

    def _written(self, path: Path) -> None:
        self.exporting = False
        if self.app.screen is self:
            self.dismiss(path)
            return
        # A question asked over it meanwhile ("Discard your changes?"): that stays, and
        # there is nothing left to discard.
        self.app.notify(f"Wrote {path}")
        self._say(f"Wrote {path}")
        self.query_one("#export", Button).disabled = False
        self._opened_with = self.draft()

    def _not_written(self, path: Path, why: str | None) -> None:
        self.exporting = False
        self.query_one("#export", Button).disabled = False
        if why is None:
            self._say("")
            self._ask_to_replace(path)
        else:
            self._say(f"Not written: {why}", error=True)


def _at_once(callback: Callable[..., Any], *args: Any) -> None:
    callback(*args)


class _Stopped(Exception):
    """The export's screen was closed: the export stops, and writes nothing."""
