"""PostgreSQL fixtures: one server per test session (per worker), a fresh database per test.

Each test's database is made from a template that has the schema and the shipped
questions already, so a test starts in a few milliseconds. The ``store`` fixture here
replaces the SQLite one for the tests collected in this folder, so the store's tests
re-run on PostgreSQL (see ``reuse.py``).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from infotui.clock import FakeClock
from infotui.store import Store
from tests.postgres.server import Server, start_server, wanted

TEMPLATE = "infotui_template"
_names = itertools.count(1)


def _admin(server: Server, sql: str) -> None:
    import psycopg

    with psycopg.connect(
        host=str(server.socket_dir), port=server.port, user="infotui", dbname="postgres",
        autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    if not wanted():
        pytest.skip("INFOTUI_TEST_POSTGRES=0: the PostgreSQL tests are not wanted")
    server = start_server()
    try:
        _admin(server, f"CREATE DATABASE {TEMPLATE}")
        with Store(server.url(TEMPLATE), clock=FakeClock("2026-03-10T14:00:00Z")):
            pass  # the schema and the shipped questions, templates and opener
        yield server
    finally:
        server.stop()


def new_database(server: Server, *, empty: bool = False) -> str:
    """A new database's name: a copy of the template, or an empty one."""
    name = f"t{os.getpid()}_{next(_names)}"
    template = "template0" if empty else TEMPLATE
    _admin(server, f"CREATE DATABASE {name} TEMPLATE {template}")
    return name


@pytest.fixture
def pg_database(pg_server: Server) -> Iterator[str]:
    """The name of a fresh database with infotui's schema and seeds."""
    name = new_database(pg_server)
    yield name
    _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def empty_pg_database(pg_server: Server) -> Iterator[str]:
    """The name of a fresh, empty database."""
    name = new_database(pg_server, empty=True)
    yield name
    _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_url(pg_server: Server, pg_database: str) -> str:
    return pg_server.url(pg_database)


@pytest.fixture
def store(pg_url: str, clock: FakeClock) -> Iterator[Store]:
    with Store(pg_url, clock=clock) as store:
        yield store


@pytest.fixture
def unused_port() -> int:
    """A port nothing listens on, on 127.0.0.1 (a server that is down)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port
