"""What the CLI and the app export: gathered from the store, made by the pure
formats, and written privately. Sits above both the store and :mod:`infotui.formats`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from infotui.errors import FormatError, NothingToExport

if TYPE_CHECKING:
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
    if what == "csv":
        from infotui.formats.csv_file import write_csv

        rows = [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v)
             for k in CONTACT_COLUMNS for v in [getattr(c, k)]}
            for c in _told(contacts, progress)
        ]  # fmt: skip
        return write_csv(rows, CONTACT_COLUMNS).encode("utf-8")
    from infotui.formats.vcard import write_vcards

    return write_vcards(_told(contacts, progress), install_id=install_id()).encode("utf-8")


MARKDOWN_BATCH = 500  # interviews whose plans and answers are read together


def build_export(
    store: Store,
    what: str,
    *,
    interview_id: int | None = None,
    days: int | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The export's bytes. ``progress`` is told of the contacts (or interviews) written."""
    if what == "markdown":
        from infotui.formats.markdown import interview_markdown

        interviews = store.interviews.for_export(interview_id)
        if interview_id is not None and not interviews:
            raise FormatError(f"there is no interview {interview_id}")
        if not interviews:
            raise NothingToExport("nothing to export: no interview has started")
        parts = []
        for start in range(0, len(interviews), MARKDOWN_BATCH):
            batch = interviews[start : start + MARKDOWN_BATCH]
            ids = [interview.id or 0 for interview, _ in batch]
            plans, answers = store.plans.of_each(ids), store.answers.of_each(ids)
            for interview, contact in batch:
                ident = interview.id or 0
                parts.append(
                    interview_markdown(contact, interview, plans.get(ident, []),
                                       answers.get(ident, {}))
                )  # fmt: skip
            if progress is not None:
                progress(start + len(batch), len(interviews))
        return "\n---\n\n".join(parts).encode("utf-8")
    if what in CONTACT_EXPORTS:
        contacts = store.contacts.for_export()
        return export_contacts(what, contacts, store.settings.install_id, progress=progress)
    if what == "ics":
        from infotui.formats.ics import interviews_ics

        now = store.clock.now()
        end = now.add(days=days) if days else now.add(years=10)
        items = store.interviews.upcoming(now.start_of("day"), end)
        return interviews_ics(items, install_id=store.settings.install_id(), now=now)
    raise FormatError(f"unknown export {what!r}: use one of {', '.join(EXPORTS)}")


def _told(items: Sequence[T], progress: Progress | None, every: int = 1000) -> Iterator[T]:
    """``items`` one by one, telling ``progress`` how far they have gone."""
    total = len(items)
    for done, item in enumerate(items):
        if progress is not None and done % every == 0:
            progress(done, total)
        yield item
    if progress is not None:
        progress(total, total)


def write_private(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write a file readable by the user only; never over an existing one unless forced."""
    if path.is_dir():
        raise FormatError(f"{path} is a folder; give a file name")
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists already")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        path.chmod(0o600)
    except OSError as error:
        raise FormatError(f"cannot write {path}: {error.strerror}") from None
