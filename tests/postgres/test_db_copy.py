"""infotui db copy: a SQLite file to PostgreSQL and back, in one transaction."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from infotui.cli import main
from infotui.clock import FakeClock
from infotui.store import Store
from infotui.store.copying import _count, copy_database, tables
from infotui.views import ContactRecord
from tests.postgres.server import PASSWORD, Server


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def fill(store: Store, clock: FakeClock) -> int:
    """A little of everything: contacts (one referred by a later one), an interview with
    answers, versions, a debrief, a custom question, a template and a setting."""
    ann = store.contacts.add("Ann Lee", company="Café Müller")
    bo = store.contacts.add("Bo Diaz", company="Globex")
    assert ann.id is not None and bo.id is not None
    store.contacts.update(ann.id, referred_by_id=bo.id)  # points at a later row
    interview = store.interviews.create(ann.id)
    assert interview.id is not None
    question = store.plans.of(interview.id)[0].question_id
    store.answers.save(interview.id, question, "Pipelines.", base_revision=0)
    clock.advance(120)
    store.answers.save(interview.id, question, "Pipelines, then standups.", base_revision=1)
    store.answers.save(interview.id, None, "Warm and generous")
    store.follow_ups.save_debrief(interview.id, learned="Mentoring matters")
    store.plans.add_question(interview.id, "What would you do in my place?")
    store.settings.set_my_name("Eco Tan")
    store.interviews.schedule(bo.id, pendulum.datetime(2026, 3, 12, 9, tz="UTC"))
    return interview.id


def snapshot(store: Store, interview_id: int) -> object:
    return (
        [(c.name, c.company, c.referred_by_id) for c in store.contacts.all()],
        store.answers.of(interview_id),
        [(v.text, v.reason) for q in store.answers.of(interview_id) for v in
         store.answers.versions(interview_id, q)],
        [p.text for p in store.plans.of(interview_id)],
        len(store.questions.all(include_archived=True)),
        store.settings.my_name(),
        store.settings.install_id(),
        sorted(h.kind for h in store.search.find("mentoring")),
    )  # fmt: skip


def test_a_file_to_postgresql_and_back(
    tmp_path: Path, pg_server: Server, empty_pg_database: str, clock: FakeClock
) -> None:
    local = tmp_path / "infotui.db"
    with Store(local, clock=clock) as store:
        interview = fill(store, clock)
        before = snapshot(store, interview)
    url = pg_server.url(empty_pg_database)
    code, out, err = run("db", "copy", str(local), url)
    assert code == 0, err
    counts = {line.split()[0]: line.split()[1:] for line in out.splitlines()[:-1]}
    assert counts["contact"] == ["2", "2"] and counts["answer"] == ["2", "2"]
    assert counts["answerversion"] == ["1", "1"] and counts["debrief"] == ["1", "1"]
    with Store(url, clock=clock) as server:
        assert snapshot(server, interview) == before
        assert server.contacts.add("Cy Ng").id == 3  # ids go on after the copied ones
    back = tmp_path / "back.db"
    code, _, err = run("db", "copy", url, str(back))
    assert code == 0, err
    with Store(back, clock=clock) as store:
        assert [c.name for c in store.contacts.all()] == ["Ann Lee", "Bo Diaz", "Cy Ng"]
        assert snapshot(store, interview)[1:] == before[1:]  # type: ignore[index]


def test_a_target_with_the_users_rows_is_refused_unless_replace(
    tmp_path: Path, pg_url: str, clock: FakeClock
) -> None:
    local = tmp_path / "infotui.db"
    with Store(local, clock=clock) as store:
        store.contacts.add("Ann Lee")
    with Store(pg_url, clock=clock) as server:
        server.contacts.add("Somebody Else")
    code, out, err = run("db", "copy", str(local), pg_url)
    assert code == 2 and "--replace" in err and out == ""
    with Store(pg_url, clock=clock) as server:
        assert [c.name for c in server.contacts.all()] == ["Somebody Else"]
    code, _, err = run("db", "copy", str(local), pg_url, "--replace")
    assert code == 0, err
    with Store(pg_url, clock=clock) as server:
        assert [c.name for c in server.contacts.all()] == ["Ann Lee"]


def test_a_copy_that_fails_leaves_the_target_as_it_was(
    tmp_path: Path, pg_url: str, clock: FakeClock, monkeypatch: object
) -> None:
    import pytest

    from infotui.store import copying

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    with Store(tmp_path / "infotui.db", clock=clock) as local, Store(pg_url, clock=clock) as server:
        fill(local, clock)
        server.contacts.add("Somebody Else")
        real = copying._copy_table

        def short(table, src, dst, told):  # type: ignore[no-untyped-def]
            copied = real(table, src, dst, told)
            return copying.Copied(copied.table, copied.source + (table.name == "answer"),
                                  copied.target)  # fmt: skip

        monkeypatch.setattr(copying, "_copy_table", short)
        with pytest.raises(copying.StoreError, match="did not match"):
            copy_database(local.db, server.db, replace=True)
        assert [c.name for c in server.contacts.all()] == ["Somebody Else"]


def test_the_password_is_not_shown(tmp_path: Path, pg_server: Server, pg_database: str) -> None:
    local = tmp_path / "infotui.db"
    Store(local).close()
    code, out, err = run("db", "copy", str(local), pg_server.tcp_url(pg_database))
    assert code == 0, err
    assert PASSWORD not in out + err and "***" in out


def test_a_missing_source_file_is_refused(tmp_path: Path, pg_url: str) -> None:
    code, _, err = run("db", "copy", str(tmp_path / "nothing.db"), pg_url)
    assert code == 2 and "does not exist" in err
    assert not (tmp_path / "nothing.db").exists()


def test_a_copy_into_postgresql_leaves_its_tables_vacuumed_and_analysed(
    tmp_path: Path, pg_server: Server, empty_pg_database: str, clock: FakeClock
) -> None:
    """The contact filters' plans need the planner's statistics and the visibility map
    (index-only scans): both are made by the copy, not left to autovacuum."""
    import psycopg

    local = tmp_path / "infotui.db"
    with Store(local, clock=clock) as store:
        fill(store, clock)
    code, _, err = run("db", "copy", str(local), pg_server.url(empty_pg_database))
    assert code == 0, err
    with psycopg.connect(
        host=str(pg_server.socket_dir), port=pg_server.port, user="infotui",
        dbname=empty_pg_database,
    ) as conn:  # fmt: skip
        done = conn.execute(
            "SELECT relname, last_vacuum IS NOT NULL, last_analyze IS NOT NULL"
            " FROM pg_stat_user_tables WHERE relname IN ('contact', 'contactfold', 'answer')"
            " ORDER BY relname"
        ).fetchall()
    assert done == [(name, True, True) for name in ("answer", "contact", "contactfold")]


def test_a_long_copy_shows_its_progress_then_the_analysing_to_someone_watching(
    tmp_path: Path,
    pg_server: Server,
    empty_pg_database: str,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A copy of thousands of rows shows a bar as the rows go, then says that the server
    is analysing the copy (seconds, on a large one) before the counts."""
    from infotui import cli

    local = tmp_path / "infotui.db"
    with Store(local, clock=clock) as store:
        store.imports.contacts(
            [ContactRecord(n, {"name": f"Person {n}", "company": "Acme"}) for n in range(2500)]
        )
    told: list[tuple[int, int]] = []
    with Store(local, clock=clock) as origin, Store(pg_server.url(empty_pg_database)) as target:
        copy_database(origin.db, target.db, progress=lambda done, total: told.append((done, total)))
    with Store(local, clock=clock) as store, store.db.engine.connect() as conn:
        rows = sum(_count(conn, table) for table in tables())  # every row of the file
    assert (
        rows > 2500
        and told[-1] == (rows, rows)
        and [d for d, _ in told] == sorted(d for d, _ in told)
    )
    monkeypatch.setattr(cli, "_watched", lambda: True)
    code, out, err = run("db", "copy", str(local), pg_server.url(empty_pg_database), "--replace")
    assert code == 0, err
    assert "Copying" in err and "Analysing the copy" in err
    assert err.index("Copying") < err.index("Analysing the copy")
    assert out.splitlines()[-1].startswith(f"Copied {rows} rows")
