"""The key bar at the bottom of every screen."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import HorizontalGroup
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

MAX_ROWS = 3  # a screen with more keys than three rows hold shows the rest in the palette


@dataclass
class _Item:
    """One entry of the key bar: a key and its description, or a group of keys."""

    keys: list[tuple[Binding, bool, str]]
    label: str = ""  # a group's description
    palette: bool = False
    widths: dict[bool, int] = field(default_factory=dict)  # columns taken, by compact

    def width(self, compact: bool) -> int:
        return self.widths[compact]


class KeyFooter(Footer):
    """Textual's Footer, on as many rows as its keys need, and rebuilt only when the keys
    it shows have changed.

    Where every key fits on one row it looks as Textual's does. Narrower, the keys close
    up (the compact look), then go on to a second row (and a third), as nano's key bar
    does: every key the screen shows stays in sight, and the palette key (Ctrl+P, every
    command by name) always ends the bar.

    Footer waits for the screen's first binding update before it shows any key, and
    rebuilds all its keys on every update after that, changed or not. Opening the live
    screen sends several updates in one go (focus moves into the editor, the interview
    enables its keys), each a rebuild of a dozen widgets and a new layout, for the same
    keys. Here the keys are there from the first frame, and an update that leaves them as
    they are rebuilds nothing.
    """

    DEFAULT_CSS = """
    KeyFooter {
        layout: vertical;
        height: auto;
        max-height: 3;
    }
    KeyFooter > .footer-row {
        width: 1fr;
        height: 1;
    }
    KeyFooter > .footer-row > FooterKey.-command-palette {
        dock: right;
    }
    """

    def __init__(self, *, compact: bool = False, keys_later: bool = False) -> None:
        """``keys_later``: show no key until :meth:`keys_now` (for a screen that sets up
        what its keys depend on as it mounts)."""
        super().__init__(compact=compact)
        self._keys_later = keys_later
        self._always_compact = compact
        self._bindings_ready = True
        self._shown: tuple[object, ...] | None = None
        self._rebuild_due = False
        self._laid_out_for = 0  # the screen's width the rows were laid out for
        self.rows: list[list[str]] = []  # the key of each key shown, row by row

    def on_resize(self) -> None:
        if self._shown is not None and self._laid_out_for != self.app.size.width:
            self._shown = None  # laid out for another width
            self.bindings_changed(self.screen)

    def _keys(self) -> tuple[object, ...]:
        """What the footer would show now: each shown key, its label and whether it works."""
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    def _items(self) -> list[_Item]:
        """The entries to show, in the screen's order (as Textual's Footer orders them)."""
        active = self.screen.active_bindings
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _node, binding, enabled, tooltip in sorted(active.values(), key=self._placer()):
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        items: list[_Item] = []
        for group, same in groupby(by_action.values(), lambda keys: keys[0][0].group):
            runs = list(same)
            if group is not None and len(runs) > 1:
                items.append(_Item([run[0] for run in runs], label=group.description))
            else:
                items.extend(_Item([run[0]]) for run in runs)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            items.append(_Item([(palette.binding, palette.enabled, palette.tooltip)], palette=True))
        for item in items:
            shown = [cell_len(self.app.get_key_display(b)) for b, _e, _t in item.keys]
            if item.label or len(item.keys) > 1:  # a group: its keys side by side, then its label
                item.widths[True] = 1 + sum(shown) + len(shown) + cell_len(item.label) + 1
                item.widths[False] = 2 + sum(w + 2 for w in shown) + cell_len(item.label) + 1
                continue
            description = cell_len(item.keys[0][0].description)
            text = shown[0] + (1 + description if description else 0)
            # compact: a space after each; otherwise a space each side of the key and after
            item.widths[True] = text + 1
            item.widths[False] = text + 2 + (0 if description else -1)
            if item.palette:  # a bar on its left
                item.widths[True] += 1
                item.widths[False] += 2
        return items

    def _placer(self) -> Callable[[ActiveBinding], tuple[int, int]]:
        """Where a key comes in the bar: its owner's keys after those of the focused widget
        and its parents, in the order the owner lists them. (A screen's key that takes the
        place of the editor's would otherwise come where the editor's came.)"""
        chain = [node for node, _bindings in self.screen._modal_binding_chain]
        owners = {node: n for n, node in enumerate(chain)}
        listed: dict[DOMNode, list[str]] = {}

        def place(active: ActiveBinding) -> tuple[int, int]:
            keys = listed.get(active.node)
            if keys is None:
                keys = listed[active.node] = list(active.node._bindings.key_to_bindings)
            first = active.binding.key.split(",")[0].strip()
            return owners.get(active.node, len(chain)), keys.index(first) if first in keys else len(
                keys
            )

        return place

    def _layout(self, items: list[_Item], width: int) -> tuple[bool, list[list[_Item]]]:
        """Whether the keys close up, and the entries on each row."""
        if sum(item.width(False) for item in items) <= width and not self._always_compact:
            return False, [items]
        rows: list[list[_Item]] = [[]]
        used = 0
        for item in items:
            taken = item.width(True)
            if rows[-1] and used + taken > width:
                if len(rows) == MAX_ROWS:
                    # Out of room: the palette, which lists every command, takes the last place.
                    if items[-1].palette and not item.palette:
                        continue
                    break
                rows.append([])
                used = 0
            rows[-1].append(item)
            used += taken
        if items and items[-1].palette and items[-1] not in rows[-1]:
            while rows[-1] and used + items[-1].width(True) > width:
                used -= rows[-1].pop().width(True)
            rows[-1].append(items[-1])
        return True, rows

    def compose(self) -> ComposeResult:
        if self._keys_later:
            self._keys_later = False
            return
        self._shown = self._keys()
        self._laid_out_for = self.app.size.width
        compact, rows = self._layout(self._items(), self._laid_out_for)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact")
        self.rows = [[b.key for item in row for b, _e, _t in item.keys] for row in rows]
        for row in rows:
            with HorizontalGroup(classes="footer-row"):
                for item in row:
                    yield from self._widgets(item)

    def _widgets(self, item: _Item) -> Iterator[Widget]:
        if item.label or len(item.keys) > 1:
            with KeyGroup(classes="-compact" if self.compact else ""):
                for binding, enabled, tooltip in item.keys:
                    yield self._styled(
                        FooterKey(
                            binding.key,
                            self.app.get_key_display(binding),
                            "",
                            binding.action,
                            disabled=not enabled,
                            tooltip=tooltip or binding.description,
                            classes="-grouped",
                        )
                    )
            yield FooterLabel(item.label)
            return
        binding, enabled, tooltip = item.keys[0]
        yield self._styled(
            FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=(binding.tooltip or binding.description) if item.palette else tooltip,
                classes="-command-palette" if item.palette else "",
            )
        )

    def _styled(self, key: FooterKey) -> FooterKey:
        """A key in the bar's look. Set, not bound as Textual's Footer binds it: the look is
        decided as the bar is built, and only then (``data_bind`` would also tie the
        building to the bar's own handlers, and :meth:`keys_now` builds from the screen's)."""
        key.set_reactive(FooterKey.compact, self.compact)
        key.set_class(self.compact, "-compact", update=False)  # styled as it mounts
        return key

    async def keys_now(self) -> None:
        """Show the screen's keys as they stand now, before the next frame.

        A screen that sets up what its keys depend on as it mounts (the live screen: the
        interview its keys act on) sends Textual's binding update only once mounted: the
        key bar would be built for its first frame, then built again, and the screen laid
        out again, just as the first keys are typed.
        """
        if self._shown is None or self._keys() != self._shown:
            await self.recompose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._rebuild_due or not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_due = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_due = False
        if not self.is_attached:  # its screen was closed meanwhile
            return
        if self._shown is None or self._keys() != self._shown:
            await self.recompose()
