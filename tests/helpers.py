"""What the UI tests share: the window size, reading the screen, typing."""

from __future__ import annotations

import html
import re
from typing import Any

from textual.app import App

SIZE = (120, 40)


def screen_text(app: App[Any]) -> str:
    """Everything visible (dialogs and notifications included), without white space.

    Read from the app's SVG screenshot, which places words by coordinates and
    leaves the spaces out: compare with :func:`shows`.
    """
    svg = app.export_screenshot()
    text = html.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)))
    return re.sub(r"\s", "", text)


def shows(app: App[Any], phrase: str) -> bool:
    return re.sub(r"\s", "", phrase) in screen_text(app)


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])
