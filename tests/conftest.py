from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infotui.clock import FakeClock
from infotui.store import Store


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock("2026-03-10T14:00:00Z")


@pytest.fixture
def store(clock: FakeClock) -> Iterator[Store]:
    with Store("sqlite://", clock=clock) as store:
        yield store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "infotui.db"
