"""Migrations on PostgreSQL, from every earlier schema.

A database at schema 1 is made as infotui 0.1.0 made it (the tables of
``tests/fixtures/schema-1.sql``, created on the server by SQLAlchemy, with the same
rows); one at schema N is that, brought to N by the steps before N.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import (
    Column,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    create_engine,
    func,
    select,
    text,
)
from sqlalchemy.engine import Engine

from infotui import migrations
from infotui.migrations import UpgradeNeeded
from infotui.store import Store
from tests.postgres.reuse import module
from tests.postgres.server import Server

old = module("test_migrations")


def _copy_schema_1(sqlite_path: Path, target: Engine) -> None:
    source = create_engine(f"sqlite:///{sqlite_path}")
    found = MetaData()
    found.reflect(source)
    made = MetaData()
    for table in found.sorted_tables:
        columns = [
            Column(
                c.name, c.type.as_generic(), primary_key=c.primary_key, nullable=c.nullable,
                autoincrement=c.primary_key and c.name == "id",
            )
            for c in table.columns
        ]  # fmt: skip
        keys = [
            k._copy() for k in list(table.constraints) if not isinstance(k, PrimaryKeyConstraint)
        ]
        copy = Table(table.name, made, *columns, *keys)
        for index in list(table.indexes):
            Index(index.name, *[copy.c[c.name] for c in index.columns], unique=index.unique)
    made.create_all(target)
    with source.connect() as src, target.begin() as dst:
        for table in found.sorted_tables:
            rows = [dict(r._mapping) for r in src.execute(select(table))]
            if rows:
                dst.execute(made.tables[table.name].insert(), rows)
            if "id" in table.columns:
                dst.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    source.dispose()


def make_schema(version: int, server: Server, database: str, tmp_path: Path) -> str:
    url = server.url(database)
    engine = create_engine(url)
    _copy_schema_1(old.make_v1(tmp_path / "v1.db"), engine)
    with engine.begin() as conn:
        for step in range(2, version + 1):
            migrations.STEPS[step](conn)
        conn.execute(
            text("UPDATE setting SET value = :v WHERE key = 'schema_version'"), {"v": str(version)}
        )
    engine.dispose()
    return url


def stored_version(url: str) -> int | None:
    engine = create_engine(url)
    with engine.connect() as conn:
        version = migrations.stored_version(conn)
    engine.dispose()
    return version


EARLIER = range(1, migrations.LATEST)


@pytest.mark.parametrize("version", EARLIER)
def test_an_older_database_is_refused_with_how_to_back_it_up(
    version: int, pg_server: Server, empty_pg_database: str, tmp_path: Path
) -> None:
    url = make_schema(version, pg_server, empty_pg_database, tmp_path)
    with pytest.raises(UpgradeNeeded) as refused:
        Store(url)
    message = str(refused.value)
    assert "pg_dump --format=custom" in message and empty_pg_database in message
    assert "infotui --db URL db upgrade" in message and "\n" not in message
    assert stored_version(url) == version


@pytest.mark.parametrize("version", EARLIER)
def test_every_earlier_schema_upgrades_without_losing_rows(
    version: int, pg_server: Server, empty_pg_database: str, pg_url: str, tmp_path: Path
) -> None:
    url = make_schema(version, pg_server, empty_pg_database, tmp_path)
    with Store(url, upgrade=True) as store, Store(pg_url) as new:
        assert store.settings.get("schema_version") == str(migrations.LATEST)
        assert [(c.name, c.company) for c in store.contacts.all()] == [
            ("Ann Lee", "Acme"),
            ("Bo Diaz", "Globex"),
        ]
        answers = store.answers.of(1)
        assert answers == {1: "Mostly pipelines; standups at 9.", None: "Warm, generous with time."}
        assert old.schema(store) == old.schema(new)
        added = store.contacts.add("Cy Ng")  # the sequences go on after the rows kept
        assert added.id == 3
        assert store.search.find("generous")
    assert stored_version(url) == migrations.LATEST


def test_a_failed_step_leaves_the_database_as_it_was(
    pg_server: Server, empty_pg_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = make_schema(2, pg_server, empty_pg_database, tmp_path)

    def broken(conn: object) -> None:
        migrations._contact_history(conn)  # type: ignore[arg-type]
        raise RuntimeError("step failed")

    monkeypatch.setitem(migrations.STEPS, 3, broken)
    with pytest.raises(RuntimeError):
        Store(url, upgrade=True)
    engine = create_engine(url)
    with engine.connect() as conn:
        tables = conn.execute(
            select(func.count())
            .select_from(text("pg_tables"))
            .where(text("tablename = 'contactevent'"))
        ).scalar()
    engine.dispose()
    assert tables == 0
    assert stored_version(url) == 2


def test_a_new_database_needs_no_upgrade(pg_server: Server, empty_pg_database: str) -> None:
    with Store(pg_server.url(empty_pg_database)) as store:
        assert store.settings.get("schema_version") == str(migrations.LATEST)
        assert len(store.questions.all()) > 30
