"""The Textual application: screens, global bindings, command palette."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.screen import Screen

from infotui.clock import Clock, SystemClock
from infotui.screens.interview import InterviewScreen
from infotui.store import Store

CLOSE_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class InfoApp(App[None]):
    """infotui. Built with the store and the clock it uses, never a global."""

    TITLE = "infotui"
    CSS_PATH = "app.tcss"

    def __init__(self, store: Store, *, clock: Clock | None = None, bell: bool = False) -> None:
        super().__init__()
        self.store = store
        self.clock = clock or SystemClock()
        self.bell_enabled = bell

    def on_mount(self) -> None:
        self.push_screen(InterviewScreen(self.store, self.clock, bell=self.bell_enabled))
        loop = asyncio.get_running_loop()
        for sig in CLOSE_SIGNALS:
            # A closed terminal (SIGHUP) or a shutdown (SIGTERM): save, then leave.
            loop.add_signal_handler(sig, self.close_on_signal)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in CLOSE_SIGNALS:
            loop.remove_signal_handler(sig)

    def save_all(self) -> bool:
        """Save what every open screen holds; True when nothing is left unsaved."""
        ok = True
        for screen in self.screen_stack:
            saver = getattr(screen, "save_now", None)
            if callable(saver):
                ok = saver() and ok
        return ok

    def close_on_signal(self) -> None:
        self.save_all()
        self.exit()

    async def action_quit(self) -> None:
        self.save_all()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every binding of the screen is a command, named by its tooltip."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.tooltip or binding.action in seen:
                continue
            seen.add(binding.action)
            title, _, help_text = binding.tooltip.partition(": ")
            yield SystemCommand(
                title, help_text or title, partial(screen.run_action, binding.action)
            )
        yield from super().get_system_commands(screen)
