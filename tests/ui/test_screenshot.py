from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.helpers import ROOT

SCRIPT = ROOT / "scripts" / "screenshot.py"


async def test_readme_pictures_can_be_made(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("screenshot", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = await module.shoot(tmp_path)
    assert [p.name for p in written] == ["live-screen.svg", "live-screen-80x24.svg"]
    for path in written:
        svg = path.read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "Priya" in svg
