"""Schema versions and the ordered steps between them.

Why a short list of functions rather than alembic: the schema is small, the
steps are a few portable statements each, and this runs on every start of a
terminal app where import time matters. Alembic would add a dependency, its
import cost and config files that must ship inside the wheel, for no gain.

A new database is created from the models and stamped with the latest
version. An older one is copied aside (SQLite files) and brought forward step
by step inside one transaction: a failed step leaves it as it was.
``tests/test_migrations.py`` checks that a migrated database ends up with the
same tables, columns and indexes as a new one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    inspect,
    text,
)
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from infotui import models, search  # noqa: F401  (models registers the tables)
from infotui.dbfile import VERSION_KEY, VERSION_TABLE
from infotui.errors import StoreError

Step = Callable[[Connection], None]


def _indexes_for_lists(conn: Connection) -> None:
    """Schema 2: indexes behind the contact list, duplicate checks and the agenda."""
    for name, table, column in (
        ("ix_contact_name", "contact", "name"),
        ("ix_contact_email", "contact", "email"),
        ("ix_contact_status", "contact", "status"),
        ("ix_interview_scheduled_at", "interview", "scheduled_at"),
    ):
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})"))


def _contact_history(conn: Connection) -> None:
    """Schema 3: dated contact history, follow-up dates, last contact."""
    frozen = MetaData()
    Table(
        "contactevent",
        frozen,
        Column("id", Integer, primary_key=True),
        Column("contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False),
        Column("at", DateTime, nullable=False),
        Column("kind", String, nullable=False),
        Column("status", String, nullable=True),
        Column("outcome", String, nullable=False),
        Column("note", String, nullable=False),
        Index("ix_contactevent_contact_id", "contact_id"),
    )
    Table("contact", frozen, Column("id", Integer, primary_key=True))
    frozen.tables["contactevent"].create(conn)
    conn.execute(text("ALTER TABLE contact ADD COLUMN follow_up_at DATETIME"))
    conn.execute(text("ALTER TABLE contact ADD COLUMN last_contacted_at DATETIME"))
    conn.execute(text("CREATE INDEX ix_contact_follow_up_at ON contact (follow_up_at)"))


def _templates_and_opener(conn: Connection) -> None:
    """Schema 4: question templates and an editable opener checklist."""
    frozen = MetaData()
    Table("question", frozen, Column("id", Integer, primary_key=True))
    Table(
        "template",
        frozen,
        Column("id", Integer, primary_key=True),
        Column("key", String, unique=True),
        Column("name", String, nullable=False, unique=True),
        Column("created_at", DateTime, nullable=False),
        Column("updated_at", DateTime, nullable=False),
    )
    Table(
        "templateitem",
        frozen,
        Column("id", Integer, primary_key=True),
        Column(
            "template_id", Integer, ForeignKey("template.id", ondelete="CASCADE"), nullable=False
        ),
        Column(
            "question_id", Integer, ForeignKey("question.id", ondelete="CASCADE"), nullable=False
        ),
        Column("position", Integer, nullable=False),
        Column("starred", Boolean, nullable=False),
        Column("minutes", Integer),
        Index("ix_templateitem_template_id", "template_id"),
    )
    Table(
        "openeritem",
        frozen,
        Column("id", Integer, primary_key=True),
        Column("position", Integer, nullable=False),
        Column("text", String, nullable=False),
    )
    for name in ("template", "templateitem", "openeritem"):
        frozen.tables[name].create(conn)


def _after_the_interview(conn: Connection) -> None:
    """Schema 5: highlights, thank-you dates, debriefs, and the search index."""
    frozen = MetaData()
    Table("interview", frozen, Column("id", Integer, primary_key=True))
    Table(
        "debrief",
        frozen,
        Column("id", Integer, primary_key=True),
        Column(
            "interview_id", Integer, ForeignKey("interview.id", ondelete="CASCADE"),
            nullable=False, unique=True,
        ),
        Column("learned", String, nullable=False),
        Column("fit_score", Integer),
        Column("fit_notes", String, nullable=False),
        Column("still_unknown", String, nullable=False),
        Column("next_steps", String, nullable=False),
        Column("updated_at", DateTime, nullable=False),
    )  # fmt: skip
    frozen.tables["debrief"].create(conn)
    conn.execute(text("ALTER TABLE answer ADD COLUMN highlight BOOLEAN NOT NULL DEFAULT 0"))
    conn.execute(text("ALTER TABLE interview ADD COLUMN thank_you_sent_at DATETIME"))
    search.create(conn)


def _answer_revisions(conn: Connection) -> None:
    """Schema 6: a revision per answer (saves from two windows) and earlier versions."""
    frozen = MetaData()
    Table(
        "answerversion",
        frozen,
        Column("id", Integer, primary_key=True),
        Column("answer_id", Integer, ForeignKey("answer.id", ondelete="CASCADE"), nullable=False),
        Column("text", String, nullable=False),
        Column("saved_at", DateTime, nullable=False),
        Column("reason", String, nullable=False),
        Index("ix_answerversion_answer_id", "answer_id"),
    )
    Table("answer", frozen, Column("id", Integer, primary_key=True))
    frozen.tables["answerversion"].create(conn)
    conn.execute(text("ALTER TABLE answer ADD COLUMN revision INTEGER NOT NULL DEFAULT 0"))


# STEPS[n] brings a database from version n - 1 to version n. A step spells out
# its tables rather than using the models, which keep changing after it.
STEPS: dict[int, Step] = {
    2: _indexes_for_lists,
    3: _contact_history,
    4: _templates_and_opener,
    5: _after_the_interview,
    6: _answer_revisions,
}

LATEST = 1 + len(STEPS)


def stored_version(conn: Connection) -> int | None:
    """The database's schema version; None for an empty database."""
    if VERSION_TABLE not in inspect(conn).get_table_names():
        return None
    value = conn.execute(
        text(f"SELECT value FROM {VERSION_TABLE} WHERE key = :key"), {"key": VERSION_KEY}
    ).scalar()
    if value is None or not str(value).isdigit():
        raise StoreError("the database has no schema version: it was not made by infotui")
    return int(value)


def _stamp(conn: Connection, version: int) -> None:
    conn.execute(text(f"DELETE FROM {VERSION_TABLE} WHERE key = :key"), {"key": VERSION_KEY})
    conn.execute(
        text(f"INSERT INTO {VERSION_TABLE} (key, value) VALUES (:key, :value)"),
        {"key": VERSION_KEY, "value": str(version)},
    )


def upgrade(engine: Engine) -> None:
    """Create or bring the schema up to date (a file is backed up first: :func:`backup`)."""
    with engine.connect() as conn:
        version = stored_version(conn)
    if version == LATEST:
        return None
    if version is not None and version > LATEST:
        raise StoreError(
            f"this database uses schema {version}, newer than this infotui knows ({LATEST}); "
            "upgrade infotui to open it"
        )
    with engine.begin() as conn:
        if version is None:
            SQLModel.metadata.create_all(conn)
            search.create(conn)
        else:
            for target in range(version + 1, LATEST + 1):
                STEPS[target](conn)
        _stamp(conn, LATEST)


def backup(path: Path, version: int) -> Path:
    """Copy the database aside before changing its schema, private to the user.

    Done before anything writes to the database (even the switch to WAL), and written
    whole or not at all: without room for the copy, the database is left as it was
    and nothing half-written stays behind.
    """
    target = path.with_name(f"{path.name}.schema-{version}.bak")
    partial = path.with_name(f".{target.name}.partial")
    try:
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        reason = getattr(error, "strerror", None) or str(error)
        raise StoreError(
            f"{path} needs upgrading, and a copy of it could not be made first ({reason}); "
            "it was left as it was: free some space beside it and try again"
        ) from None
    return target
