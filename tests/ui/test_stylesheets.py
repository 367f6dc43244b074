"""Screens keep their look in .tcss files beside them; every dialog shares the Dialog look."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from textual.app import App
from textual.containers import Vertical
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

import infotui.screens
from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.screens.contact_form import ContactForm
from infotui.screens.dialog import Dialog
from infotui.startup import OpeningScreen
from infotui.store import Store
from tests.helpers import build_wheel

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "infotui"
DIALOG_TCSS = PACKAGE / "screens" / "dialog.tcss"


def screen_classes() -> list[type[Screen]]:
    for module in pkgutil.iter_modules(infotui.screens.__path__, "infotui.screens."):
        importlib.import_module(module.name)
    found: list[type[Screen]] = [OpeningScreen]
    todo: list[type] = [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("infotui."):
                found.append(sub)
    return found


def css_paths(cls: type[Screen] | type[App]) -> list[Path]:
    paths = cls.CSS_PATH or []
    here = Path(inspect.getfile(cls)).parent
    return [(here / p).resolve() for p in (paths if isinstance(paths, list) else [paths])]


def test_no_screen_keeps_css_in_python() -> None:
    """Stylesheets in files; DEFAULT_CSS is for the reusable widgets only."""
    for cls in [*screen_classes(), InfoApp]:
        assert not cls.__dict__.get("DEFAULT_CSS"), cls
        assert not cls.__dict__.get("CSS"), cls


def test_every_stylesheet_is_there_and_parses() -> None:
    sheets = {path for cls in [*screen_classes(), InfoApp] for path in css_paths(cls)}
    assert sheets == set(PACKAGE.rglob("*.tcss"))  # none missing, none left unused
    variables = App().get_css_variables()
    for path in sheets:
        stylesheet = Stylesheet(variables=variables)
        stylesheet.read(path)
        stylesheet.parse()


def test_a_dialogs_own_stylesheet_adds_to_the_dialog_look() -> None:
    dialogs = [cls for cls in screen_classes() if issubclass(cls, Dialog)]
    assert len(dialogs) >= 15
    for cls in dialogs:
        paths = css_paths(cls)
        assert paths[0] == DIALOG_TCSS, cls
        assert len(paths) == len(set(paths)), cls


async def test_the_first_dialog_opened_has_the_dialog_look(store: Store) -> None:
    """Whichever dialog comes first, the shared look is read with it."""
    app: App[None] = App()
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(ContactForm(store))
        await pilot.pause()
        screen = app.screen
        styles = screen.styles
        assert (styles.align_horizontal, styles.align_vertical) == ("center", "middle")
        box = screen.query_one(Vertical)
        assert box.styles.border_top[0] == "thick"
        assert box.outer_size.width == 80  # its own stylesheet's width, not the default 64


async def test_the_stylesheets_are_read_once_the_store_is_open(
    store: Store, clock: FakeClock
) -> None:
    """So that no screen's first opening parses all the CSS again; the Dialog look first."""
    app = InfoApp(store, clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        read = [Path(path) for path, _ in app.stylesheet.source if path.endswith(".tcss")]
        assert set(read) == set(PACKAGE.resolve().rglob("*.tcss"))
        for cls in screen_classes():
            for path in css_paths(cls):
                assert app.stylesheet.has_source(str(path)), (cls, path)
        assert read.index(DIALOG_TCSS.resolve()) < read.index(css_paths(ContactForm)[1])


@pytest.mark.slow
def test_an_installed_infotui_finds_its_stylesheets(tmp_path: Path) -> None:
    """The wheel carries the .tcss files and a non-editable install opens a dialog with them."""
    wheel = build_wheel(tmp_path)
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(site)
    sheets = {path.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("*.tcss")}
    assert "infotui/screens/dialog.tcss" in sheets
    assert sheets <= names
    probe = """
import asyncio
from textual.app import App
from infotui.screens.dialogs import ConfirmScreen

async def main():
    app = App()
    async with app.run_test() as pilot:
        await app.push_screen(ConfirmScreen("Sure?"))
        await pilot.pause()
        print(ConfirmScreen.CSS_PATH[0], app.screen.styles.align_horizontal)

asyncio.run(main())
"""
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(site / "infotui" / "screens" / "dialog.tcss"), "center"]
