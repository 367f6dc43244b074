"""Run the store's own tests again, on PostgreSQL, without copying their bodies.

``reused("test_store", "store")`` finds ``test_store.py`` anywhere under tests/
(outside this folder), imports it, and returns its tests that take the ``store``
fixture, with the module's own fixtures. Put in a module of this folder, they are
collected there and get this folder's ``store``: a fresh PostgreSQL database.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent


def module(name: str) -> Any:
    """The test module ``name``.py, wherever it is under tests/."""
    found = [
        p
        for p in TESTS.rglob(f"{name}.py")
        if "postgres" not in p.relative_to(TESTS).parts and "__snapshots__" not in p.parts
    ]
    if len(found) != 1:
        raise LookupError(f"expected one {name}.py under {TESTS}, found {found}")
    dotted = ".".join(("tests", *found[0].relative_to(TESTS).with_suffix("").parts))
    return importlib.import_module(dotted)


def _is_fixture(obj: object) -> bool:
    return hasattr(obj, "_pytestfixturefunction") or type(obj).__name__ == (
        "FixtureFunctionDefinition"
    )


def reused(module_name: str, *fixtures: str, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The tests of ``module_name`` taking any of ``fixtures``, less ``leave_out``, with its
    fixtures."""
    source = module(module_name)
    chosen: dict[str, Any] = {}
    for name, obj in vars(source).items():
        if _is_fixture(obj) and name not in ("store", "clock"):
            chosen[name] = obj
        elif name.startswith("test_") and callable(obj) and name not in leave_out:
            params = inspect.signature(obj).parameters
            if any(f in params for f in fixtures):
                chosen[name] = obj
    if not any(n.startswith("test_") for n in chosen):
        raise LookupError(f"{module_name} has no test taking {fixtures}")
    return chosen
