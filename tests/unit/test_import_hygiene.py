"""What importing a module loads: the rules the layout keeps, checked in a fresh interpreter.

- The domain core loads no Textual: it is used and tested without a terminal.
- The live screen's module, the first look, the file checks, the drafts journal, the
  synthesis's counting and the plain file the command line imports into load no database
  layer (SQLAlchemy, SQLModel, pydantic): the live screen is shown from the first look
  before the store has opened, the counting is handed plain records, and an import on an
  up-to-date file goes through the sqlite3 module alone.
- Nothing on the way to the first frame (the command line, the app, its terminal driver,
  the keeper and its journal) loads the database layer, nor pendulum.

The test process has all of these loaded already, so the modules are imported in a child
of a fresh interpreter. That interpreter first loads the third-party libraries the rule
allows, then forks a child that imports all the rule's modules (a package with all its
submodules); only if that loads something forbidden does each module get a child of
its own, to tell which break the rule. The failure names the import chain: the module
that started it, each module that imported the next, and the forbidden one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="forks"),
    pytest.mark.xdist_group("import-hygiene"),  # one fresh interpreter per rule, not per worker
]

DATABASE_LAYER = ("sqlalchemy", "sqlmodel", "pydantic")

DOMAIN_CORE = (
    "infotui.models",
    "infotui.store",
    "infotui.timer",
    "infotui.questions",
    "infotui.formats",
    "infotui.keeper",
    "infotui.journal",
    "infotui.recovery",
    "infotui.dates",
    "infotui.validation",
    "infotui.views",
    "infotui.clock",
    "infotui.dbfile",
    "infotui.migrations",
    "infotui.search",
    "infotui.followup",
    "infotui.filtering",
    "infotui.folding",
    "infotui.uids",
    "infotui.importing",
    "infotui.synthesis",
)

# Shown, or read, before the store is open.
NO_DATABASE_LAYER = (
    "infotui.screens.interview",
    "infotui.first_look",
    "infotui.dbfile",
    "infotui.journal",
    "infotui.synthesis",  # the counting: handed records, it reads no database
    "infotui.store.plain",  # the command line's import on an up-to-date file
    "infotui.kinds",
)

# What `infotui` imports before app.run() paints the opening screen (infotui.cli.main:
# the journal and keeper for _keeper(), dbfile for the default path, the app and its
# clock, and the terminal driver the app runs on). The first look, the live screen and
# the store are imported in threads once that frame is up.
FIRST_FRAME = (
    "infotui.cli",
    "infotui.journal",
    "infotui.keeper",
    "infotui.dbfile",
    "infotui.app",
    "infotui.clock",
    "infotui.terminal_driver",
)

PROBE = r"""
import importlib, json, os, pkgutil, sys

rule = json.loads(sys.argv[1])
forbidden = set(rule["forbidden"])


def loaded():
    return sorted({n.split(".")[0] for n in sys.modules} & forbidden)


for name in rule["preload"]:
    importlib.import_module(name)
assert not loaded(), f"the preload itself loads {loaded()}"


def probe(names):
    chain = []

    def first_forbidden_import(event, args):
        if event != "import" or chain or args[0].split(".")[0] not in forbidden:
            return
        found, frame = [args[0]], sys._getframe(1)
        while frame is not None:  # the modules being imported, innermost first
            name = frame.f_globals.get("__name__")
            if frame.f_code.co_name == "<module>" and name not in (None, "__main__"):
                found.append(name)
            frame = frame.f_back
        chain.extend(reversed(found))

    sys.addaudithook(first_forbidden_import)
    for name in names:
        module = importlib.import_module(name)
        for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
            importlib.import_module(info.name)
    return {"loaded": loaded(), "chain": chain}


def in_a_child(names):  # probe(names) in a forked child: this process stays as it was
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            result = probe(names)
        except BaseException as error:
            result = {"error": repr(error)}
        with os.fdopen(write, "w") as out:
            json.dump(result, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        result = json.load(answer)
    os.waitpid(pid, 0)
    return result


# All of them in one child first: if that loads nothing forbidden, neither does any one
# of them. Only otherwise does each get a child of its own, to say which.
everything = [name for names in rule["cases"].values() for name in names]
together = in_a_child(everything)
if together.get("loaded") == []:
    results = {case: together for case in rule["cases"]}
else:
    results = {case: in_a_child(names) for case, names in rule["cases"].items()}
print(json.dumps(results))
"""


@dataclass(frozen=True)
class Rule:
    forbidden: tuple[str, ...]
    preload: tuple[str, ...]  # third-party libraries the rule allows, loaded once
    cases: dict[str, tuple[str, ...]]  # a name for each import: the modules it imports

    def start(self) -> subprocess.Popen[str]:
        spec = {"forbidden": self.forbidden, "preload": self.preload, "cases": self.cases}
        return subprocess.Popen(
            [sys.executable, "-c", PROBE, json.dumps(spec)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


RULES = {
    "no-textual": Rule(
        ("textual",),
        ("sqlalchemy", "sqlmodel", "pydantic", "pendulum", "click", "platformdirs"),
        {name: (name,) for name in DOMAIN_CORE},
    ),
    "no-database-layer": Rule(
        DATABASE_LAYER,
        ("textual.app", "textual.widgets", "textual.screen", "rich", "pendulum"),
        {name: (name,) for name in NO_DATABASE_LAYER},
    ),
    # The probe must see a database layer where there is one.
    "control": Rule(
        DATABASE_LAYER, ("pendulum",), {"infotui.store.store": ("infotui.store.store",)}
    ),
    "first-frame": Rule((*DATABASE_LAYER, "pendulum"), (), {"first-frame": FIRST_FRAME}),
}


@pytest.fixture(scope="module")
def probed() -> dict[str, dict[str, dict[str, list[str]]]]:
    """Each rule's results, per case: what it loaded and the first import chain to it."""
    running = {name: rule.start() for name, rule in RULES.items()}  # side by side
    results = {}
    for name, process in running.items():
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        results[name] = json.loads(out)
        for case, result in results[name].items():
            assert "error" not in result, (name, case, result)
    return results


def broken(result: dict[str, list[str]]) -> str:
    return f"loads {', '.join(result['loaded'])} through {' -> '.join(result['chain'])}"


@pytest.mark.parametrize("module", DOMAIN_CORE)
def test_the_domain_core_loads_no_textual(probed, module: str) -> None:  # type: ignore[no-untyped-def]
    result = probed["no-textual"][module]
    assert result["loaded"] == [], broken(result)


@pytest.mark.parametrize("module", NO_DATABASE_LAYER)
def test_what_is_shown_before_the_store_opens_loads_no_database_layer(probed, module: str) -> None:  # type: ignore[no-untyped-def]
    result = probed["no-database-layer"][module]
    assert result["loaded"] == [], broken(result)


def test_nothing_before_the_first_frame_loads_the_database_layer_or_pendulum(probed) -> None:  # type: ignore[no-untyped-def]
    result = probed["first-frame"]["first-frame"]
    assert result["loaded"] == [], broken(result)


def test_the_probe_sees_a_database_layer_where_there_is_one(probed) -> None:  # type: ignore[no-untyped-def]
    result = probed["control"]["infotui.store.store"]
    assert "sqlalchemy" in result["loaded"] and "sqlmodel" in result["loaded"]
    chain = result["chain"]
    assert chain[0] == "infotui.store.store" and chain[-1].split(".")[0] in DATABASE_LAYER, chain
