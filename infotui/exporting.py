"""What the CLI and the app export: gathered from the store, made by the pure
formats, and written privately. Sits above both the store and :mod:`infotui.formats`."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from infotui.errors import FormatError, NothingToExport

if TYPE_CHECKING:
    from infotui.models import Contact, Interview
    from infotui.store import Store
    from infotui.views import ContactExport

T = TypeVar("T")
EXPORTS = {
    "markdown": ("Interviews as Markdown", "md"),
    "csv": ("Contacts as CSV", "csv"),
    "vcard": ("Contacts as vCard", "vcf"),
    "ics": ("Scheduled interviews as iCalendar", "ics"),
}
CONTACT_COLUMNS = [
    "id", "name", "company", "role", "field", "email", "phone", "linkedin_url", "how_we_know",
    "notes", "status", "status_changed_at", "follow_up_at", "last_contacted_at", "referred_by_id",
    "created_at", "updated_at",
]  # fmt: skip


Progress = Callable[[int, int], None]  # rows done, rows in all


CONTACT_EXPORTS = ("csv", "vcard")


def export_contacts(
    what: str,
    contacts: Sequence[ContactExport],
    install_id: Callable[[], str],
    *,
    progress: Progress | None = None,
) -> bytes:
    """The contacts as CSV or vCards (``what``); ``install_id`` gives the database's id,
    which the cards' UIDs carry."""
    return b"".join(contact_parts(what, contacts, install_id, progress=progress))


PIECE_ROWS = 1000  # contacts (or cards) in each piece of an export written


def contact_parts(
    what: str,
    contacts: Sequence[ContactExport],
    install_id: Callable[[], str],
    *,
    progress: Progress | None = None,
) -> Iterator[bytes]:
    """As :func:`export_contacts`, a piece at a time (see :func:`write_private`)."""
    if what == "csv":
        from infotui.formats.csv_file import csv_pieces

        rows = (
            {k: (v.isoformat() if hasattr(v, "isoformat") else v)
             for k in CONTACT_COLUMNS for v in [getattr(c, k)]}
            for c in _told(contacts, progress)
        )  # fmt: skip
        pieces = csv_pieces(rows, CONTACT_COLUMNS, every=PIECE_ROWS)
        return (piece.encode("utf-8") for piece in pieces)
    from infotui.formats.vcard import vcards

    cards = vcards(_told(contacts, progress), install_id=install_id())
    return ("".join(group).encode("utf-8") for group in _groups(cards, PIECE_ROWS))


def _groups(items: Iterator[str], size: int) -> Iterator[list[str]]:
    """``items`` ``size`` at a time (the last group may be shorter)."""
    while group := list(islice(items, size)):
        yield group


MARKDOWN_BATCH = 500  # interviews whose plans and answers are read together
MARKDOWN_BETWEEN = "\n---\n\n"  # a rule between two interviews


def build_export(
    store: Store,
    what: str,
    *,
    interview_id: int | None = None,
    days: int | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The export's bytes. ``progress`` is told of the contacts (or interviews) written."""
    return b"".join(
        export_parts(store, what, interview_id=interview_id, days=days, progress=progress)
    )


def export_parts(
    store: Store,
    what: str,
    *,
    interview_id: int | None = None,
    days: int | None = None,
    progress: Progress | None = None,
) -> Iterator[bytes]:
    """As :func:`build_export`, a piece at a time, to be written as they come (see
    :func:`write_private`): what cannot be exported (nothing to export, an interview that
    does not exist, an unknown kind) is raised here, before any piece is made."""
    if what == "markdown":
        interviews = store.interviews.for_export(interview_id)
        if interview_id is not None and not interviews:
            raise FormatError(f"there is no interview {interview_id}")
        if not interviews:
            raise NothingToExport("nothing to export: no interview has started")
        return _markdown_parts(store, interviews, progress)
    if what in CONTACT_EXPORTS:
        contacts = store.contacts.for_export()
        return contact_parts(what, contacts, store.settings.install_id, progress=progress)
    if what == "ics":
        from infotui.formats.ics import interviews_ics

        now = store.clock.now()
        end = now.add(days=days) if days else now.add(years=10)
        items = store.interviews.upcoming(now.start_of("day"), end)
        if not items:
            within = (
                f"in the next {days} day{'s' if days != 1 else ''}" if days else "from today on"
            )
            raise NothingToExport(f"nothing to export: no interview is booked {within}")
        return iter([interviews_ics(items, install_id=store.settings.install_id(), now=now)])
    raise FormatError(f"unknown export {what!r}: use one of {', '.join(EXPORTS)}")


def _markdown_parts(
    store: Store, interviews: Sequence[tuple[Interview, Contact]], progress: Progress | None
) -> Iterator[bytes]:
    """The interviews as Markdown, a rule between two, a batch of them at a time."""
    from infotui.formats.markdown import interview_markdown

    for start in range(0, len(interviews), MARKDOWN_BATCH):
        batch = interviews[start : start + MARKDOWN_BATCH]
        ids = [interview.id or 0 for interview, _ in batch]
        plans, answers = store.plans.of_each(ids), store.answers.of_each(ids)
        parts = [
            interview_markdown(contact, interview, plans.get(ident, []), answers.get(ident, {}))
            for interview, contact in batch
            for ident in [interview.id or 0]
        ]
        text = MARKDOWN_BETWEEN.join(parts)
        yield (MARKDOWN_BETWEEN + text if start else text).encode("utf-8")
        if progress is not None:
            progress(start + len(batch), len(interviews))


def _told(items: Sequence[T], progress: Progress | None, every: int = 1000) -> Iterator[T]:
    """``items`` one by one, telling ``progress`` how far they have gone."""
    total = len(items)
    for done, item in enumerate(items):
        if progress is not None and done % every == 0:
            progress(done, total)
        yield item
    if progress is not None:
        progress(total, total)


def write_private(path: Path, data: bytes | Iterable[bytes], *, force: bool = False) -> None:
    """Write a file readable by the user only; never over an existing one unless forced.

    ``data`` may come a piece at a time (see :func:`export_parts`): the pieces go to a
    file of their own beside ``path`` (beside the file it names, for a link), which takes
    its place once all are written; an error on the way (a full disk, the store's) leaves
    ``path`` as it was. What is not a regular file (a device, a pipe, ``/dev/stdout``) is
    written as it is, and so is a file in a folder where no other file may be made.
    """
    try:
        found = path.stat()  # through a link
    except FileNotFoundError:
        found = None
    except OSError as error:  # a loop of links, a folder that cannot be read
        raise FormatError(f"cannot write {path}: {error.strerror}") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise FormatError(f"{path} is a folder; give a file name")
    if found is not None and not force:
        raise FileExistsError(f"{path} exists already")
    pieces = [data] if isinstance(data, bytes) else data
    if found is not None and not stat.S_ISREG(found.st_mode):
        _write_in_place(path, pieces)
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except PermissionError:
        if found is None:
            raise FormatError(f"cannot write {path}: permission denied") from None
        _write_in_place(path, pieces)  # the file may be written, its folder not
        return
    except OSError as error:
        raise FormatError(f"cannot write {path}: {error.strerror}") from None
    written = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:  # made readable by the user only
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if not force and target.exists():  # made meanwhile, by another program
            raise FileExistsError(f"{path} exists already")
        os.replace(written, target)
    except OSError as error:
        written.unlink(missing_ok=True)
        if isinstance(error, FileExistsError):
            raise
        raise FormatError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _write_in_place(path: Path, pieces: Iterable[bytes]) -> None:
    """Write ``path`` itself, emptied first (a device, a pipe, a file in a folder that
    takes no new file), made readable by the user only when it is a file."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            if stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                os.fchmod(handle.fileno(), 0o600)
            for piece in pieces:
                handle.write(piece)
    except OSError as error:
        raise FormatError(f"cannot write {path}: {error.strerror}") from None


def _sync_folder(folder: Path) -> None:
    """The rename made lasting: the folder's entry written to disk (where it can be)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
