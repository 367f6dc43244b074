"""Every picture in a __snapshots__ folder belongs to a test that compares with it.

syrupy (under pytest-textual-snapshot) fails a run that leaves a snapshot unused, but
not when the tests run in parallel workers, as ``make test`` runs them: this test keeps
that check. A snapshot is named after its test, with the parameter's id if any.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT


def parameter_ids(function: object) -> list[str] | None:
    """The ids pytest gives a test's parameters (one parametrize), or None if it has none."""
    marks = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
    if not marks:
        return None
    [mark] = marks  # more would need their ids combined
    names, values = mark.args[0], mark.args[1]
    ids = mark.kwargs.get("ids")
    if ids is not None:
        return [str(i) for i in ids]
    scalar = (str, int, float, bool)
    name = names if isinstance(names, str) and "," not in names else None
    return [
        str(value) if isinstance(value, scalar) else f"{name or 'arg'}{index}"
        for index, value in enumerate(values)
    ]


def snapshots() -> list[Path]:
    return sorted((ROOT / "tests").glob("*/__snapshots__/*/*"))


@pytest.mark.parametrize("path", snapshots(), ids=lambda p: str(p.relative_to(ROOT / "tests")))
def test_the_snapshot_belongs_to_a_test(path: Path) -> None:
    folder = path.parent.parent.parent  # tests/ui/__snapshots__/test_x/name.svg: tests/ui
    module = importlib.import_module(f"tests.{folder.name}.{path.parent.name}")
    found = re.fullmatch(r"(\w+)(?:\[(.+)\])?\.\w+", path.name)
    assert found is not None, f"not named after a test: {path.name}"
    name, parameter = found.groups()
    function = getattr(module, name, None)
    assert callable(function), f"{module.__name__} has no {name}"
    ids = parameter_ids(function)
    if parameter is None:
        assert ids is None, f"{name} is parametrized: {path.name} is left over"
    else:
        assert ids is not None and parameter in ids, f"{name} has no parameter {parameter}"


def test_there_are_snapshots() -> None:
    assert len(snapshots()) >= 2  # the live screen at two sizes: the glob finds them
