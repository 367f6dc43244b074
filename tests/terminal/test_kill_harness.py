"""Nothing typed is lost when infotui is killed, closed or quit: a few kill-harness trials.

The full run, with figures, is ``python bench/kill_harness.py`` (bench/RESULTS.md). Here
each kind runs a handful of trials, so only the hard limits are asserted: the database
intact, the saved answer a prefix of what was typed, at most 1.5 s of typing lost to
``kill -9``, and nothing lost (and the process gone within 5 s) when it is asked to leave.

Nothing here depends on the machine's speed: typing starts once the app has saved a first
word (its database layer is open), waits on start-up are long, and the typing lost is
measured back from the moment of the kill.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import asdict
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal"),
    pytest.mark.xdist_group("kill-harness"),  # one worker runs the kill -9 trials, once
]

HARNESS = ROOT / "bench" / "kill_harness.py"


def load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kill_harness", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kill_harness"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


kh = load_harness()


def trials(kind: str, indexes: range | list[int], seed: int) -> list[Any]:
    """Trials of one kind; the index picks the variant (kill9: 4 types for 5-10 s)."""
    done = [kh.run_trial(kind, i, seed + i, warm=True) for i in indexes]
    for trial in done:
        assert trial.error is None, asdict(trial)
    return done


@pytest.fixture(scope="module")
def killed() -> list[Any]:
    """kill -9 at 0-3 s into steady typing, three times, and once after 5-10 s of it."""
    return trials("kill9", [0, 1, 2, 4], seed=9000)


def test_kill9_leaves_the_database_intact_with_a_prefix_of_the_typing(killed: list[Any]) -> None:
    for trial in killed:
        assert trial.integrity == "ok", asdict(trial)
        assert trial.prefix, asdict(trial)  # anything else is corruption


def test_kill9_loses_at_most_one_and_a_half_seconds_of_typing(killed: list[Any]) -> None:
    lost = [trial.lost_s for trial in killed]
    assert max(lost) <= kh.LOST_MAX, [asdict(t) for t in killed]


@pytest.mark.parametrize("kind", kh.CLOSING)
def test_asked_to_leave_it_keeps_every_character_and_goes(kind: str) -> None:
    for trial in trials(kind, range(1), seed=100 * kh.KINDS.index(kind)):
        assert trial.integrity == "ok", asdict(trial)
        assert trial.chars_lost == 0, asdict(trial)
        assert trial.gone_s is not None and trial.gone_s <= kh.GONE_WITHIN, asdict(trial)


def test_closing_the_terminal_during_start_up_leaves_no_process() -> None:
    # 0: closed 0-1 s after launch; 1: 0-1 s after the live screen shows, store opening.
    for trial in trials("startup-close", [0, 1], seed=7000):
        assert not trial.alive_after_5s, asdict(trial)


def test_without_a_terminal_sigterm_ends_it() -> None:
    for trial in trials("nottty", range(2), seed=8000):
        assert not trial.alive_after_5s, asdict(trial)
