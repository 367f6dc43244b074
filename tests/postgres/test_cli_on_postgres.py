"""The command line on PostgreSQL: opening, upgrading, and what it says when it cannot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from infotui import migrations
from infotui.cli import main
from tests.postgres.server import PASSWORD, Server
from tests.postgres.test_migrations_on_postgres import make_schema, stored_version


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_contacts_add_and_list(pg_url: str) -> None:
    assert run("--db", pg_url, "contacts", "add", "Ann Lee", "--company", "Acme")[0] == 0
    code, out, _ = run("--db", pg_url, "contacts")
    assert code == 0 and "Ann Lee" in out


def test_db_upgrade_after_the_refusal(
    pg_server: Server, empty_pg_database: str, tmp_path: Path
) -> None:
    url = make_schema(3, pg_server, empty_pg_database, tmp_path)
    code, _, err = run("--db", url, "contacts")
    assert code == 2 and "pg_dump" in err and len(err.strip().splitlines()) == 1
    assert stored_version(url) == 3
    code, out, _ = run("--db", url, "db", "upgrade")
    assert code == 0 and f"schema {migrations.LATEST}" in out
    code, out, _ = run("--db", url, "contacts")
    assert code == 0 and "Ann Lee" in out


def test_a_wrong_password_is_one_line_without_the_password(
    pg_server: Server, pg_database: str
) -> None:
    url = pg_server.tcp_url(pg_database, password="not-the-Pa55word")
    code, out, err = run("--db", url, "contacts")
    assert code == 2 and out == ""
    assert "not-the-Pa55word" not in err and PASSWORD not in err
    assert "password authentication failed" in err and "***" in err
    assert len(err.strip().splitlines()) == 1


def test_the_right_password_over_tcp(pg_server: Server, pg_database: str) -> None:
    code, _, err = run("--db", pg_server.tcp_url(pg_database), "contacts")
    assert code == 0, err


@pytest.mark.parametrize("problem", ["no such database", "server down"])
def test_a_server_that_cannot_be_reached_is_one_line(
    pg_server: Server, problem: str, unused_port: int
) -> None:
    if problem == "no such database":
        url = pg_server.tcp_url("nowhere")
        expected = 'database "nowhere" does not exist'
    else:
        url = f"postgresql+psycopg://infotui:s3cret-x@127.0.0.1:{unused_port}/infotui"
        expected = "Connection refused"
    code, out, err = run("--db", url, "contacts")
    assert code == 2 and out == ""
    assert expected in err and "s3cret-x" not in err and PASSWORD not in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_driver_is_one_line_naming_the_extra(tmp_path: Path) -> None:
    """Run as its own process, with psycopg made impossible to import."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "psycopg.py").write_text("raise ImportError('No module named psycopg')\n")
    url = "postgresql+psycopg://eco:hunter2@127.0.0.1:9/infotui"
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    done = subprocess.run(
        [sys.executable, "-m", "infotui", "--db", url, "contacts"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "infotui: postgresql databases need a driver that is not installed: "
        "pip install 'infotui[postgres]'"
    ]
    assert "hunter2" not in done.stderr + done.stdout


def test_the_password_from_a_pgpass_file_and_the_rest_from_pg_variables(
    pg_server: Server, pg_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the README advises: no password on the command line."""
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:*:infotui:{PASSWORD}\n")
    pgpass.chmod(0o600)
    for name, value in (("PGPASSFILE", str(pgpass)), ("PGHOST", "127.0.0.1"),
                        ("PGPORT", str(pg_server.port)), ("PGUSER", "infotui"),
                        ("PGDATABASE", pg_database)):  # fmt: skip
        monkeypatch.setenv(name, value)
    assert run("--db", "postgresql+psycopg://", "contacts", "add", "Ann Lee")[0] == 0
    code, out, err = run("--db", "postgresql+psycopg://", "contacts")
    assert code == 0 and "Ann Lee" in out, err


def test_a_plain_postgresql_url_uses_infotuis_driver(pg_server: Server, pg_database: str) -> None:
    url = pg_server.url(pg_database).replace("postgresql+psycopg://", "postgresql://")
    assert run("--db", url, "contacts", "add", "Ann Lee")[0] == 0
    code, out, err = run("--db", url, "contacts")
    assert code == 0 and "Ann Lee" in out, err
