"""Screens that show fresh data each time they come back into view."""

from __future__ import annotations

from textual.screen import Screen


class ReloadOnShow(Screen[None]):
    """Calls ``reload()`` when the screen is shown, once, however many events ask for it.

    A screen is resumed on its first showing and again when a mode switches back
    to it; several resume events can arrive together, and each reload reads the
    database, so they are folded into one.
    """

    _reload_pending = False

    def reload(self) -> None:
        raise NotImplementedError

    def on_screen_resume(self) -> None:
        if not self._reload_pending:
            self._reload_pending = True
            self.call_after_refresh(self._reload_now)

    def _reload_now(self) -> None:
        self._reload_pending = False
        self.reload()
