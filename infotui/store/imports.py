"""Importing contacts: one transaction, duplicates merged, bad rows reported by line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlmodel import Session, select

from infotui.errors import StoreError
from infotui.models import Contact, EventKind, Setting
from infotui.store.contacts import record
from infotui.store.database import Database
from infotui.store.settings import INSTALL_ID
from infotui.uids import uid_contact_id
from infotui.validation import ValidationError, clean_contact
from infotui.views import ContactRecord

OnError = Literal["skip", "refuse"]


class ImportRefused(StoreError):
    """Some rows are bad and the user asked for all or nothing: nothing was written."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        first = "; ".join(f"line {line}: {why}" for line, why in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"nothing imported: {len(problems)} bad row(s): {first}{more}")


@dataclass
class ImportResult:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0  # already there, with nothing new to add
    skipped: list[tuple[int, str]] = field(default_factory=list)
    # Values that did not fit their field and went to the contact's notes, by line.
    kept: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        return (
            f"{verb} {self.imported}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {len(self.skipped)}"
        )


# Fields whose value, when it does not fit (an email that is not one, a company name of
# a thousand characters), goes to the notes instead of losing the contact.
MOVABLE = {
    "email": "Email", "phone": "Phone", "linkedin_url": "LinkedIn", "company": "Company",
    "role": "Role", "field": "Field", "how_we_know": "How we know",
}  # fmt: skip


def settle_record(fields: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """A read row's fields as a new contact takes them, and what went to its notes.

    A value that does not fit its field is kept in the notes, labelled, and said;
    ValidationError says what cannot be kept: every row must name someone (a row
    with no name field at all is asked for one, not passed over), and a name or
    notes too long are refused. No NUL reaches the database.
    """
    given = {"name": "", **{k: v.replace("\x00", "") for k, v in fields.items() if v is not None}}
    try:
        return clean_contact(given), []
    except ValidationError as error:
        movable = {k: why for k, why in error.errors.items() if k in MOVABLE and given.get(k)}
        if len(movable) < len(error.errors):
            raise
    lines = [f"{MOVABLE[k]}: {' '.join(given[k].split())}" for k in movable]
    settled = {k: v for k, v in given.items() if k not in movable}
    settled["notes"] = "\n".join(filter(None, [settled.get("notes", "").strip(), *lines]))
    said = [f"kept in the notes: {k.replace('_', ' ')}: {why}" for k, why in movable.items()]
    return clean_contact(settled), said


def clean_record(fields: dict[str, str]) -> dict[str, str]:
    """A read row's fields as a new contact takes them (see :func:`settle_record`)."""
    return settle_record(fields)[0]


def _key_name(name: str, company: str) -> tuple[str, str]:
    return " ".join(name.lower().split()), " ".join(company.lower().split())


class Imports:
    """Contacts read from files, written in one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def contacts(
        self,
        records: Sequence[ContactRecord],
        *,
        on_error: OnError = "skip",
        dry_run: bool = False,
        problems: Sequence[tuple[int, str]] = (),
    ) -> ImportResult:
        """Add new contacts; fill in what existing ones lack; never make a second copy.

        The same person is the same email, or the same name and company. With
        on_error="refuse", any bad row (or a problem the reader found) means
        nothing is written. A dry run reports and writes nothing.
        """
        result = ImportResult(dry_run=dry_run)
        bad: dict[int, str] = dict(problems)
        install_id = self._install_id()
        with self.db.session() as s:
            contacts = list(s.exec(select(Contact)))
            by_id = {c.id: c for c in contacts}
            by_email = {c.email.lower(): c for c in contacts if c.email}
            by_name = {_key_name(c.name, c.company): c for c in contacts}
            for rec in records:
                if rec.line in bad:
                    continue
                try:
                    fields, said = settle_record(rec.fields)
                except ValidationError as error:
                    bad[rec.line] = str(error)
                    continue
                result.kept += [(rec.line, what) for what in said]
                email = fields.get("email", "").lower()
                # A card this database exported names its contact by its UID.
                twin = by_id.get(uid_contact_id(rec.uid, install_id)) if rec.uid else None
                twin = twin or (by_email.get(email) if email else None)
                twin = twin or by_name.get(_key_name(fields["name"], fields.get("company", "")))
                if twin is None:
                    contact = self._new(s, fields)
                    result.imported += 1
                    by_name[_key_name(contact.name, contact.company)] = contact
                    if contact.email:
                        by_email[contact.email.lower()] = contact
                    continue
                filled = [k for k, v in fields.items() if v and not getattr(twin, k)]
                if not filled:
                    result.unchanged += 1
                    continue
                for key in filled:
                    setattr(twin, key, fields[key])
                twin.updated_at = self.db.now()
                s.add(twin)
                result.updated += 1
            problems_found = sorted(bad.items())
            if problems_found and on_error == "refuse":
                s.rollback()
                raise ImportRefused(problems_found)
            result.skipped = sorted(result.skipped + problems_found)
            if dry_run:
                s.rollback()
            else:
                s.commit()
        return result

    def _install_id(self) -> str:
        with self.db.session() as s:
            row = s.get(Setting, INSTALL_ID)
            return row.value if row else ""

    def _new(self, s: Session, fields: dict[str, str]) -> Contact:
        now = self.db.now()
        contact = Contact(**fields, created_at=now, updated_at=now)  # type: ignore[arg-type]
        s.add(contact)
        s.flush()
        record(s, contact, EventKind.ADDED, now, note="imported")
        return contact
