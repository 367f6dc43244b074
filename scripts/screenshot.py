"""Write the README's pictures of infotui from the demo data, with a frozen clock.

    python scripts/screenshot.py [OUTPUT_FOLDER]

Run by `make screenshots`; the tests run it too, so it cannot rot.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.store import Store

SHOTS = {
    "live-screen.svg": (120, 40),
    "live-screen-80x24.svg": (80, 24),
}


async def shoot(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, size in SHOTS.items():
        clock = FakeClock("2026-03-10T14:00:00Z")
        with Store("sqlite://", clock=clock) as store:
            populate(store)
            app = InfoApp(store, clock=clock)
            async with app.run_test(size=size) as pilot:
                await pilot.pause()
                path = folder / name
                app.save_screenshot(filename=name, path=str(folder))
                written.append(path)
    return written


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "docs"
    for path in asyncio.run(shoot(folder)):
        print(path)


if __name__ == "__main__":
    main()
