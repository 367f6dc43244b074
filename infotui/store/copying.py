"""Everything in one database copied into another: a SQLite file to a PostgreSQL server
and back (``infotui db copy``).

The target is written in one transaction: a copy that fails half-way, or whose row
counts do not match the source's, leaves the target as it was. A target that holds
anything of the user's is refused unless ``replace`` is given; one made new holds only
the shipped questions, templates and opener, which the source's replace.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, select, text, update
from sqlmodel import SQLModel

from infotui import contact_index, models  # noqa: F401  (registers the tables)
from infotui.errors import StoreError
from infotui.store.database import Database

BATCH = 1000
# Rows that are the user's own: a target holding any of them is not empty.
USERS_OWN = {
    "contact": None,
    "contactevent": None,
    "interview": None,
    "planitem": None,
    "answer": None,
    "answerversion": None,
    "debrief": None,
    "question": "key IS NULL",  # the user's own questions (shipped ones have a key)
    "template": "key IS NULL",
}


@dataclass(frozen=True)
class Copied:
    table: str
    source: int
    target: int

    @property
    def matches(self) -> bool:
        return self.source == self.target


def tables() -> list[Table]:
    """The tables to copy: not the contact filters' index, which the target's triggers
    fill as the contacts arrive (see :mod:`infotui.contact_index`)."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name != contact_index.TABLE]


def users_rows(conn: Connection) -> int:
    """How many rows of the user's own the database holds (0: new, or only seeded)."""
    total = 0
    for table, where in USERS_OWN.items():
        sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
        total += conn.execute(text(sql)).scalar() or 0
    return total


Progress = Callable[[int, int], None]  # rows copied so far, rows in all


def copy_database(
    source: Database,
    target: Database,
    *,
    replace: bool = False,
    progress: Progress | None = None,
    analyse: bool = True,
) -> list[Copied]:
    """Copy every row of ``source`` into ``target`` in one transaction; the row count of
    each table, which must match (else nothing is kept). ``progress`` is told the rows
    copied as they go. A PostgreSQL target is then vacuumed and analysed (see
    :func:`analyse_for_queries`), unless ``analyse`` is False (the caller does it)."""
    if source.url == target.url:
        raise StoreError("the source and the target are the same database")
    with source.translate_errors(), source.engine.connect() as src:
        if src.dialect.name == "postgresql":
            src = src.execution_options(isolation_level="REPEATABLE READ")
        # One consistent view of the source, one transaction on the target.
        with src.begin(), target.translate_errors(), target.engine.begin() as dst:
            if not replace and users_rows(dst):
                raise StoreError(
                    f"{target.path or target.shown_url} already holds contacts or "
                    "interviews; use --replace to replace everything in it"
                )
            for table in reversed(tables()):
                dst.execute(table.delete())
            total = sum(_count(src, table) for table in tables()) if progress else 0
            done = 0

            def copied(rows: int) -> None:
                nonlocal done
                done += rows
                if progress is not None:
                    progress(done, total)

            counts = [_copy_table(table, src, dst, copied) for table in tables()]
            if dst.dialect.name == "postgresql":
                _restart_sequences(dst)
            wrong = [c for c in counts if not c.matches]
            if wrong:
                what = ", ".join(f"{c.table} {c.target} of {c.source}" for c in wrong)
                raise StoreError(f"the copy did not match the source ({what}); nothing copied")
    if analyse:
        analyse_for_queries(target)
    return counts


def _count(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar() or 0


def analyse_for_queries(target: Database) -> None:
    """PostgreSQL, after a copy: the planner's statistics and the tables' visibility maps
    made at once, not when autovacuum next comes by. Until then the contact filters chose
    their plans blind and read the table behind every index entry: 36-93 ms a key at
    100,000 contacts, against 12-45 ms after (about ten seconds of vacuum). The rows are
    in already; a server that refuses the vacuum leaves the copy as it is. Nothing to do
    on SQLite."""
    from sqlalchemy.exc import DBAPIError

    if target.engine.dialect.name != "postgresql":
        return

    with contextlib.suppress(DBAPIError), target.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM (ANALYZE)"))


def _copy_table(
    table: Table, src: Connection, dst: Connection, copied: Callable[[int], None]
) -> Copied:
    # A column pointing into its own table (a contact's referrer) is filled in after
    # every row is there, so that the order of the rows does not matter.
    own = [
        column.name
        for column in table.columns
        if any(fk.column.table is table for fk in column.foreign_keys)
    ]
    later: list[dict[str, Any]] = []
    result = src.execute(select(table).order_by(*table.primary_key.columns))
    while batch := result.fetchmany(BATCH):
        rows = [dict(row._mapping) for row in batch]
        for row in rows:
            pointers = {name: row[name] for name in own if row[name] is not None}
            if pointers:
                later.append({"id": row["id"], **pointers})
                row.update(dict.fromkeys(pointers))
        dst.execute(table.insert(), rows)
        copied(len(rows))
    for row in later:
        key = row.pop("id")
        dst.execute(update(table).where(table.c.id == key).values(**row))
    return Copied(table.name, _count(src, table), _count(dst, table))


def _restart_sequences(dst: Connection) -> None:
    """Rows came with their ids: each id sequence goes on after the highest."""
    for table in tables():
        if "id" in table.columns and table.c.id.primary_key:
            dst.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
            )
