"""Start-up: the database layer is not loaded until the live screen is up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.store import Store

# Run in a fresh interpreter: the test process has the database layer loaded already.
PROBE = """
import asyncio, json, sys
from pathlib import Path

from infotui.app import InfoApp
from infotui.first_look import FirstLook
from infotui.startup import OpeningScreen

DATABASE_LAYER = ("sqlalchemy", "sqlmodel", "pydantic")
seen = {}

def note(moment):
    seen.setdefault(moment, sorted(m for m in DATABASE_LAYER if m in sys.modules))

def on_show(screen):
    note("opening screen")
    screen.app.call_after_refresh(note, "first frame")

def loaded(app):
    note("live screen up")
    app.startup.live_loaded()

OpeningScreen.on_show = on_show
InfoApp.on_interview_screen_loaded = loaded

def open_store():
    from infotui.store import Store
    return Store(sys.argv[1], header_checked=True)

async def main():
    app = InfoApp(open_store, first_look=lambda: FirstLook.open(Path(sys.argv[1])))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(600):
            await pilot.pause(0.05)
            if app.store is not None:
                break
        note("store open")
        app.store.close()
    print(json.dumps(seen))

asyncio.run(main())
"""


def test_the_database_layer_loads_only_behind_the_live_screen(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "notes.db"
    with Store(db, clock=clock) as store:
        populate(store)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(db)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["opening screen"] == seen["first frame"] == seen["live screen up"] == []
    assert seen["store open"] == ["pydantic", "sqlalchemy", "sqlmodel"]
