"""The key bar at the bottom of the live screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows have changed.

    Footer waits for the screen's first binding update before it shows any key,
    and rebuilds all its keys on every update after that, changed or not. Opening
    the live screen sends several updates in one go (focus moves into the editor,
    the interview enables its keys), each a rebuild of a dozen widgets and a new
    layout, for the same keys. Here the keys are there from the first frame, and
    an update that leaves them as they are rebuilds nothing.
    """

    # Narrower than this, the palette key (docked right) is left out: it would sit on top
    # of the keys that do not fit. Ctrl+P still opens the palette; help lists it.
    PALETTE_KEY_FROM_WIDTH = 100

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._bindings_ready = True
        self._shown: tuple[object, ...] | None = None
        self._rebuild_due = False

    def on_resize(self) -> None:
        wide = self.size.width >= self.PALETTE_KEY_FROM_WIDTH
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self._shown = None  # what it shows has changed
            self.bindings_changed(self.screen)

    def _keys(self) -> tuple[object, ...]:
        """What the footer would show now: each shown key, its label and whether it works."""
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._rebuild_due or not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_due = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_due = False
        if self._shown is None or self._keys() != self._shown:
            await self.recompose()
