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
import shlex
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from sqlalchemy.types import TypeEngine
from sqlmodel import SQLModel

from infotui import contact_index, models, search  # noqa: F401  (models registers the tables)
from infotui.dbfile import VERSION_KEY, VERSION_TABLE
from infotui.errors import StoreError

Step = Callable[[Connection], None]
UPGRADE_LOCK = 7_338_201  # PostgreSQL advisory lock: one client upgrades at a time


def _type_name(conn: Connection, type_: TypeEngine[Any]) -> str:
    """A column type as this database spells it (DATETIME in SQLite, TIMESTAMP elsewhere)."""
    return type_.compile(dialect=conn.dialect)


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
    instant = _type_name(conn, DateTime())
    conn.execute(text(f"ALTER TABLE contact ADD COLUMN follow_up_at {instant}"))
    conn.execute(text(f"ALTER TABLE contact ADD COLUMN last_contacted_at {instant}"))
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
    false = "0" if conn.dialect.name == "sqlite" else "false"
    conn.execute(text(f"ALTER TABLE answer ADD COLUMN highlight BOOLEAN NOT NULL DEFAULT {false}"))
    instant = _type_name(conn, DateTime())
    conn.execute(text(f"ALTER TABLE interview ADD COLUMN thank_you_sent_at {instant}"))
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


def _opener_ticks(conn: Connection) -> None:
    """Schema 7: the opener's lines ticked, kept with each interview."""
    text_type = _type_name(conn, String())
    conn.execute(
        text(f"ALTER TABLE interview ADD COLUMN opener_ticked {text_type} NOT NULL DEFAULT ''")
    )


def _booking_sequence(conn: Connection) -> None:
    """Schema 8: how many times each booking was moved (the calendar's SEQUENCE)."""
    conn.execute(text("ALTER TABLE interview ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0"))


def _fit_by_part(conn: Connection) -> None:
    """Schema 9: the debrief's fit scored for skills, values and interests, each optional."""
    for column in ("skills_score", "values_score", "interests_score"):
        conn.execute(text(f"ALTER TABLE debrief ADD COLUMN {column} INTEGER"))


def _answer_changes_index(conn: Connection) -> None:
    """Schema 10: an index of the answers by question with what each is (revision, when
    saved), so that the Evaluate screen sees what changed without reading any text."""
    conn.execute(
        text(
            "CREATE INDEX IF NOT EXISTS ix_answer_question_changes"
            " ON answer (question_id, interview_id, revision, updated_at)"
        )
    )


def _contact_fold(conn: Connection) -> None:
    """Schema 11: each contact's fields folded, for the contact lists' filters; an index
    of referrers."""
    frozen = MetaData()
    Table(
        "contactfold",
        frozen,
        Column("contact_id", Integer, primary_key=True, autoincrement=False),
        Column("name_key", String, nullable=False),
        Column("folded", String, nullable=False),
        Column("exact", Boolean, nullable=False),
        Index("ix_contactfold_order", "name_key", "contact_id", "exact", "folded"),
    )
    frozen.tables["contactfold"].create(conn)
    # Who a contact referred, read as each one is shown: a scan of every contact without.
    conn.execute(text("CREATE INDEX ix_contact_referred_by_id ON contact (referred_by_id)"))
    contact_index.create(conn)
    contact_index.refold(conn)


def _said_counts(conn: Connection) -> None:
    """Schema 12: the Evaluate screen's counting of each main question's answers, kept
    from one start to the next."""
    frozen = MetaData()
    Table(
        "saidcount",
        frozen,
        Column("theme", String, primary_key=True),
        Column("mark", String, nullable=False),
        Column("counted", String, nullable=False),
    )
    frozen.tables["saidcount"].create(conn)


def _contact_grams(conn: Connection) -> None:
    """Schema 13: a trigram index of the contact filters' table (SQLite's FTS5; on
    PostgreSQL ``pg_trgm``'s, where the server has it), so that a filter finding few
    contacts does not read every one; an index of the interviews by status, for the
    planned ones the contacts screen reads at each key."""
    contact_index.create_grams(conn)
    conn.execute(
        text(
            "CREATE INDEX ix_interview_status_scheduled"
            " ON interview (status, scheduled_at, contact_id)"
        )
    )


# STEPS[n] brings a database from version n - 1 to version n. A step spells out
# its tables rather than using the models, which keep changing after it.
STEPS: dict[int, Step] = {
    2: _indexes_for_lists,
    3: _contact_history,
    4: _templates_and_opener,
    5: _after_the_interview,
    6: _answer_revisions,
    7: _opener_ticks,
    8: _booking_sequence,
    9: _fit_by_part,
    10: _answer_changes_index,
    11: _contact_fold,
    12: _said_counts,
    13: _contact_grams,
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


class UpgradeNeeded(StoreError):
    """A database on a server uses an older schema, and was not to be upgraded unasked."""


def upgrade(engine: Engine, *, allowed: bool = True, where: str = "this database") -> None:
    """Create or bring the schema up to date.

    A file is backed up first (:func:`backup`). A server's database cannot be copied
    aside from here: unless ``allowed``, an older one is refused with
    :class:`UpgradeNeeded`, whose message says how to back it up (``pg_dump``) and
    then upgrade it (``infotui db upgrade``). Every step runs in one transaction
    (PostgreSQL's DDL is transactional too), so a failed step leaves the database as it
    was; on PostgreSQL an advisory lock keeps two clients from upgrading at once.
    """
    with engine.connect() as conn:
        version = stored_version(conn)
        unindexed = conn.dialect.name == "postgresql" and version == LATEST and search.missing(conn)
    if version == LATEST:
        if unindexed:  # made on a server before infotui indexed servers for search
            with engine.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
                if search.missing(conn):
                    search.create(conn)
        return None
    _refuse_newer(version)
    if version is not None and not allowed:
        raise UpgradeNeeded(upgrade_advice(engine, version, where))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
            version = stored_version(conn)  # another client may have upgraded meanwhile
            if version == LATEST:
                return None
            _refuse_newer(version)
        if version is None:
            SQLModel.metadata.create_all(conn)
            search.create(conn)
            contact_index.create(conn)
        else:
            for target in range(version + 1, LATEST + 1):
                STEPS[target](conn)
        _stamp(conn, LATEST)


def _refuse_newer(version: int | None) -> None:
    if version is not None and version > LATEST:
        raise StoreError(
            f"this database uses schema {version}, newer than this infotui knows ({LATEST}); "
            "upgrade infotui to open it"
        )


def upgrade_advice(engine: Engine, version: int, where: str) -> str:
    """One line: the database needs upgrading; back it up with pg_dump first, then how."""
    url = engine.url
    dump = ["pg_dump", "--format=custom", f"--file=infotui-schema-{version}.dump"]
    host = url.host or url.query.get("host")
    for flag, value in (("-h", host), ("-p", url.port or url.query.get("port")),
                        ("-U", url.username)):  # fmt: skip
        if value:
            dump += [flag, shlex.quote(str(value if isinstance(value, str | int) else value[0]))]
    dump.append(shlex.quote(url.database or ""))
    return (
        f"{where} uses schema {version} and this infotui needs schema {LATEST}: back it up "
        f"first ({' '.join(dump)}), then upgrade it with: infotui --db URL db upgrade"
    )


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
