"""Importing contacts: one transaction, duplicates merged, bad rows reported by line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlmodel import Session, select

from infotui.errors import StoreError
from infotui.models import Contact, EventKind
from infotui.store.contacts import record
from infotui.store.database import Database
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
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        return (
            f"{verb} {self.imported}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {len(self.skipped)}"
        )


def clean_record(fields: dict[str, str]) -> dict[str, str]:
    """A read row's fields as a new contact takes them; ValidationError says what is wrong.

    Every row must name someone (a row with no name field at all is asked for
    one, not passed over), and no NUL reaches the database.
    """
    given = {k: v.replace("\x00", "") for k, v in fields.items() if v is not None}
    return clean_contact({"name": "", **given})


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
        with self.db.session() as s:
            contacts = list(s.exec(select(Contact)))
            by_email = {c.email.lower(): c for c in contacts if c.email}
            by_name = {_key_name(c.name, c.company): c for c in contacts}
            for rec in records:
                if rec.line in bad:
                    continue
                try:
                    fields = clean_record(rec.fields)
                except ValidationError as error:
                    bad[rec.line] = str(error)
                    continue
                email = fields.get("email", "").lower()
                twin = by_email.get(email) if email else None
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

    def _new(self, s: Session, fields: dict[str, str]) -> Contact:
        now = self.db.now()
        contact = Contact(**fields, created_at=now, updated_at=now)  # type: ignore[arg-type]
        s.add(contact)
        s.flush()
        record(s, contact, EventKind.ADDED, now, note="imported")
        return contact
