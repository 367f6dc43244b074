from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from infotui.clock import FakeClock
from infotui.store import Store

# Fuzz tests explore new inputs on a developer's machine; CI runs the same ones
# every time, so a red build is always a reproducible one.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is loaded once the tests are collected (Textual, SQLAlchemy, every test
    module) stays loaded until the run ends: move it out of the garbage collector's
    sight, so that its passes, and pytest's five at the end, go through only what the
    tests themselves make rather than every object of every library."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def own_user_data_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """infotui's user data folder (the default database; where notes go when no folder
    beside the database takes them) is a new empty one for each test, and for the
    processes it starts: never the real one, nor one that tests running at the same
    time share."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("user-data")))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock("2026-03-10T14:00:00Z")


@pytest.fixture
def store(clock: FakeClock) -> Iterator[Store]:
    with Store("sqlite://", clock=clock) as store:
        yield store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database file not made yet, in a folder that exists (infotui makes a folder only
    for its default database)."""
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    return folder / "infotui.db"


@pytest.fixture
def running(tmp_path: Path) -> tuple[Path, int, int]:
    """A database file with an interview under way: (path, interview id, question id)."""
    from tests.helpers import running_interview

    db = tmp_path / "t.db"
    return (db, *running_interview(db))
