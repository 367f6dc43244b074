"""The interview's questions in plan order, with what has been asked and answered."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from infotui.views import PlanEntry
from infotui.widgets.keys_in_order import InOrderList

ASKED, NOT_ASKED = "✓", "·"
STAR = "★"
ANSWERED = "✎"
HIGHLIGHT = "✦"  # an answer worth quoting


def order_for_display(plan: Sequence[PlanEntry], *, wrap_up: bool) -> list[PlanEntry]:
    """Plan order; at wrap-up time the closing questions move to the top."""
    if not wrap_up:
        return list(plan)
    return [e for e in plan if e.closing] + [e for e in plan if not e.closing]


MARKS_WIDTH = 8  # "✓★✎ 12. "


def prompt_for(
    entry: PlanEntry,
    number: int,
    answered: bool,
    *,
    pinned: bool,
    width: int,
    highlighted: bool = False,
) -> Text:
    """Marks and number, then the question wrapped with a hanging indent to ``width``."""
    text = Text()
    text.append(ASKED if entry.asked else NOT_ASKED, "bold green" if entry.asked else "dim")
    text.append(STAR if entry.starred else " ", "bold yellow")
    if highlighted:
        text.append(HIGHLIGHT, "bold magenta")
    else:
        text.append(ANSWERED if answered else " ", "cyan")
    text.append(f"{number:>3}. ", "dim")
    wording = entry.text + ("  [wrap-up]" if pinned else "")
    lines = textwrap.wrap(wording, max(10, width - MARKS_WIDTH)) or [""]
    # (Always a style: unstyled leading spaces of a line would be dropped on display.)
    style = "dim" if entry.asked and not pinned else "not dim"
    text.append(lines[0], style)
    for line in lines[1:]:
        text.append("\n" + " " * MARKS_WIDTH)
        text.append(line, style)
    if pinned:
        text.highlight_words(["[wrap-up]"], "bold magenta")
    return text


class QuestionChecklist(InOrderList):
    """One option per planned question; the highlighted one is being answered.

    What is typed here goes to its answer (the screen takes it: :class:`InOrderList.Typed`),
    so no letter is a key of its own: F6 stars a question.
    """

    BINDINGS = [
        Binding("space", "screen.toggle_asked", "Asked", tooltip="Mark the question asked"),
        Binding("enter", "screen.edit_answer", "Answer", tooltip="Type the answer"),
    ]

    TYPING_HANDED_ON = True

    DEFAULT_CSS = """
    QuestionChecklist { height: 1fr; border: none; padding: 0; scrollbar-gutter: stable; }
    QuestionChecklist:focus { border: none; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries: list[PlanEntry] = []
        self._shown: tuple[list[PlanEntry], set[int], bool] = ([], set(), False)
        self._highlighted: set[int] = set()
        self._built_for = -1  # the width the prompts were wrapped to

    def show(
        self,
        plan: Iterable[PlanEntry],
        answered: set[int],
        *,
        wrap_up: bool,
        highlighted: set[int] | None = None,
    ) -> None:
        """Rebuild the options, keeping the highlight on the same question."""
        self._shown = (list(plan), set(answered), wrap_up)
        self._highlighted = set(highlighted or ())
        self._rebuild()

    def on_resize(self) -> None:
        # Only a new width wraps the prompts differently (a new height, as when the key bar
        # takes another row, leaves them as they are).
        if self.scrollable_content_region.width != self._built_for:
            self._rebuild()
        else:  # shorter, the question being answered stays in sight
            self.scroll_to_highlight()

    def _rebuild(self) -> None:
        plan, answered, wrap_up = self._shown
        keep = self.current.id if self.current else None
        numbers = {entry.id: n for n, entry in enumerate(plan, start=1)}
        self._built_for = self.scrollable_content_region.width
        width = self._built_for or 40
        self.entries = order_for_display(plan, wrap_up=wrap_up)
        self.set_options(
            Option(
                prompt_for(
                    e,
                    numbers[e.id],
                    e.question_id in answered,
                    pinned=wrap_up and e.closing,
                    width=width,
                    highlighted=e.question_id in self._highlighted,
                ),
                id=str(e.id),
            )
            for e in self.entries
        )
        if not self.entries:
            return
        index = next((i for i, e in enumerate(self.entries) if e.id == keep), None)
        with self.prevent(OptionList.OptionHighlighted):
            self.highlighted = index if index is not None else 0

    @property
    def current(self) -> PlanEntry | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]
