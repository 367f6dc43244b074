"""The base of every dialog: a box in the middle of the screen, over the screen underneath."""

from __future__ import annotations

import inspect
from pathlib import Path, PurePath
from typing import Any, ClassVar, TypeVar

from textual.screen import ModalScreen
from textual.types import CSSPathType
from textual.widgets import Label

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal screen with the look of ``dialog.tcss``, which the ``Dialog`` type selector
    gives every subclass: centred; a bordered box (the screen's ``Vertical`` or
    ``VerticalScroll``), 64 columns wide unless the dialog sets its own width; a bold
    ``.title``; ``.muted``, ``.field-label`` and ``.error`` text; a ``.buttons`` row at the
    bottom right. Its lines of text wrap; a box taller than the window scrolls, and in a
    short window (class ``-short``) it closes up.

    A subclass's ``CSS_PATH`` (relative to its module, as in Textual) is added to its bases'
    stylesheets instead of replacing them, the way ``DEFAULT_CSS`` adds up. They are read in
    that order: whichever dialog opens first brings the shared look, and a dialog's own
    rules win over shared ones of the same specificity.
    """

    CSS_PATH: ClassVar[CSSPathType | None] = [Path(__file__).resolve().with_name("dialog.tcss")]
    # Under 32 rows (an 80x24 terminal) the box closes up: less padding, fewer blank lines.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("CSS_PATH")
        if own is None:
            return
        inherited = super(cls, cls).CSS_PATH or []
        if not isinstance(inherited, list):
            inherited = [inherited]
        here = Path(inspect.getfile(cls)).resolve().parent
        paths: list[str | PurePath] = list(inherited)
        for path in own if isinstance(own, list) else [own]:
            absolute = here / path
            if absolute not in paths:
                paths.append(absolute)
        cls.CSS_PATH = paths

    @staticmethod
    def _error_label(key: str) -> Label:
        """The line under field ``key`` that says what is wrong with it (hidden until
        :meth:`set_error` has something to say)."""
        label = Label("", classes="error", id=f"{key}-error")
        label.display = False
        return label

    def set_error(self, key: str, message: str) -> None:
        """Say ``message`` under field ``key`` ("": nothing is wrong with it)."""
        label = self.query_one(f"#{key}-error", Label)
        label.update(message)
        label.display = bool(message)
