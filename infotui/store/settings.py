"""Small named values the database keeps: the user's name for scripts, its own id."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from infotui.dbfile import SCHEMA_VERSION
from infotui.questions import QuestionBank, bank_stamp

if TYPE_CHECKING:
    from infotui.store.database import Database

INSTALL_ID = "install_id"  # this database's own id: in calendar and vCard UIDs
SEEDED = "seeded"  # the bank and schema the shipped questions were last seeded from
MY_NAME = "my_name"  # the user's name, as the call script and the thank-you sign it


def seed_stamp(bank: QuestionBank | None) -> str:
    """What :data:`SEEDED` holds once a database of this schema is seeded from ``bank``
    (None: the shipped bank)."""
    return f"schema {SCHEMA_VERSION}, bank {bank_stamp(bank)}"


def new_install_id() -> str:
    """A new random id for a database (see :meth:`Settings.install_id`)."""
    return uuid.uuid4().hex[:16]


class Settings:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        from infotui.models import Setting

        with self.db.session() as s:
            row = s.get(Setting, key)
            return row.value if row else default

    def set(self, key: str, value: str) -> None:
        from infotui.models import Setting

        with self.db.session() as s:
            row = s.get(Setting, key) or Setting(key=key, value=value)
            row.value = value
            s.add(row)
            s.commit()

    def install_id(self) -> str:
        """A random id for this database, for stable calendar UIDs."""
        found = self.get(INSTALL_ID)
        if found:
            return found
        value = new_install_id()
        self.set(INSTALL_ID, value)
        return value

    def my_name(self) -> str:
        """The name the user gave for the call script and the thank-you ("" if none yet)."""
        return self.get(MY_NAME) or ""

    def set_my_name(self, name: str) -> None:
        self.set(MY_NAME, " ".join(name.split()))
