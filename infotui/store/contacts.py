"""Contacts and their outreach."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from infotui.errors import StoreError
from infotui.models import (
    Contact,
    OutreachStatus,
)
from infotui.store.base import StoreBase
from infotui.validation import clean_contact


class ContactsMixin(StoreBase):
    def add_contact(self, name: str, **fields: str) -> Contact:
        cleaned = clean_contact({"name": name, **fields})
        now = self.now()
        contact = Contact(**cleaned, created_at=now, updated_at=now)
        with self.session() as s:
            s.add(contact)
            s.commit()
        return contact

    def find_duplicate(self, name: str, *, company: str = "", email: str = "") -> Contact | None:
        """A contact that is the same person: same email, or same name and company."""
        name = " ".join(name.split()).lower()
        with self.session() as s:
            if email.strip():
                query = select(Contact).where(func.lower(Contact.email) == email.strip().lower())
                found = s.exec(query).first()
                if found:
                    return found
            query = select(Contact).where(
                func.lower(Contact.name) == name,
                func.lower(Contact.company) == company.strip().lower(),
            )
            return s.exec(query).first()

    def contacts(self) -> list[Contact]:
        with self.session() as s:
            return list(
                s.exec(select(Contact).order_by(func.lower(Contact.name), Contact.id)).all()
            )

    def contact(self, contact_id: int) -> Contact | None:
        with self.session() as s:
            return s.get(Contact, contact_id)

    def update_contact(self, contact_id: int, **fields: str) -> Contact:
        cleaned = clean_contact(fields)
        with self.session() as s:
            contact = s.get(Contact, contact_id)
            if contact is None:
                raise StoreError(f"there is no contact {contact_id}")
            for key, value in cleaned.items():
                setattr(contact, key, value)
            contact.updated_at = self.now()
            s.add(contact)
            s.commit()
            return contact

    def set_contact_status(self, contact_id: int, status: OutreachStatus) -> Contact:
        with self.session() as s:
            contact = s.get(Contact, contact_id)
            if contact is None:
                raise StoreError(f"there is no contact {contact_id}")
            if contact.status != status.value:
                contact.status = status.value
                contact.status_changed_at = contact.updated_at = self.now()
                s.add(contact)
                s.commit()
            return contact
