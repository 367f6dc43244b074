from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from infotui import migrations
from infotui.models import Answer, Interview, PlanItem
from infotui.store import Store
from tests.helpers import FIXTURES


def make_v1(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.executescript((FIXTURES / "schema-1.sql").read_text(encoding="utf-8"))
    conn.close()
    return path


def schema(store: Store) -> dict[str, tuple[list, list]]:
    inspector = inspect(store.db.engine)
    return {
        table: (
            sorted(
                (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
            ),
            sorted((i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table)),
        )
        for table in inspector.get_table_names()
    }


def test_schema_1_database_opens_without_losing_rows(tmp_path: Path) -> None:
    path = make_v1(tmp_path / "old.db")
    with Store(path) as store:
        assert store.settings.get("schema_version") == str(migrations.LATEST)
        assert [(c.name, c.company) for c in store.contacts.all()] == [
            ("Ann Lee", "Acme"),
            ("Bo Diaz", "Globex"),
        ]
        assert len(store.questions.all()) == 37
        with store.db.session() as s:
            answers = {a.question_id: a.text for a in s.exec(select(Answer))}
            [interview] = s.exec(select(Interview)).all()
            [item] = s.exec(select(PlanItem)).all()
        assert answers == {1: "Mostly pipelines; standups at 9.", None: "Warm, generous with time."}
        assert interview.ended_at.diff(interview.started_at).in_minutes() == 31
        assert item.starred
        assert store.backup_path == tmp_path / "old.db.schema-1.bak"


def test_migrated_schema_matches_a_new_one(tmp_path: Path) -> None:
    with Store(make_v1(tmp_path / "old.db")) as old, Store(tmp_path / "new.db") as new:
        assert schema(old) == schema(new)


def test_backup_before_migrating_is_private_and_complete(tmp_path: Path) -> None:
    with Store(make_v1(tmp_path / "old.db")) as store:
        backup = store.backup_path
    assert backup is not None
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as conn:
        version = conn.execute("SELECT value FROM setting WHERE key='schema_version'").fetchone()
        contacts = conn.execute("SELECT count(*) FROM contact").fetchone()
    conn.close()
    assert version == ("1",) and contacts == (2,)


def test_a_new_database_is_stamped_with_the_latest_version(tmp_path: Path) -> None:
    with Store(tmp_path / "new.db") as store:
        assert store.settings.get("schema_version") == str(migrations.LATEST)
        assert store.backup_path is None


def test_a_failed_step_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_v1(tmp_path / "old.db")

    def broken(conn: object) -> None:
        migrations._indexes_for_lists(conn)  # type: ignore[arg-type]
        raise RuntimeError("step failed")

    monkeypatch.setitem(migrations.STEPS, 2, broken)
    with pytest.raises(RuntimeError):
        Store(path)
    with sqlite3.connect(path) as conn:
        version = conn.execute("SELECT value FROM setting WHERE key='schema_version'").fetchone()
        indexes = conn.execute(
            "SELECT name FROM sqlite_master WHERE name='ix_contact_name'"
        ).fetchall()
    conn.close()
    assert version == ("1",)
    assert indexes == []
