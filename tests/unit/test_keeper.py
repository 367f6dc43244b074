"""The keeper of unsaved text: when it saves, what it keeps, and conflicts. No terminal."""

from __future__ import annotations

import pytest

from infotui.errors import StoreError
from infotui.keeper import SAVE_AT_MOST, SAVE_IDLE, NoteKeeper
from infotui.store import Store
from infotui.views import AnswerState


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Refusing:
    """A store whose disk is full."""

    def save(self, *args: object, **kwargs: object) -> object:
        raise StoreError("database or disk is full")


@pytest.fixture
def interview(store: Store) -> tuple[int, int]:
    jim = store.contacts.add("Jim Park")
    assert jim.id is not None
    made = store.interviews.create(jim.id)
    assert made.id is not None
    return made.id, store.plans.of(made.id)[0].question_id


def test_steady_typing_is_saved_at_least_every_half_second() -> None:
    ticks = Ticks()
    keeper = NoteKeeper(ticks)
    key = (1, 2)
    keeper.loaded(key, AnswerState("", 0))
    keeper.edited(key, "S")
    for n in range(2, 6):  # a key every 0.1 s: never idle for SAVE_IDLE
        ticks.now += 0.1
        keeper.edited(key, "Standups"[:n])
    assert keeper.due_in() == pytest.approx(SAVE_AT_MOST - 0.4)  # not SAVE_IDLE after the last
    ticks.now += 0.1
    keeper.edited(key, "Standups"[:6])
    assert keeper.due_in() == pytest.approx(0.0, abs=1e-9)  # due now


def test_a_pause_saves_sooner_than_the_upper_bound() -> None:
    ticks = Ticks()
    keeper = NoteKeeper(ticks)
    keeper.edited((1, None), "Warm")
    assert keeper.due_in() == pytest.approx(SAVE_IDLE)
    assert NoteKeeper(ticks).due_in() is None  # nothing typed, nothing due


def test_flush_writes_and_remembers_the_revision(store: Store, interview: tuple[int, int]) -> None:
    keeper = NoteKeeper(Ticks())
    key = interview
    keeper.loaded(key, store.answers.state(*key))
    keeper.edited(key, "Standups")
    result = keeper.flush(store.answers)
    assert result.ok and result.written == {key: "Standups"}
    assert store.answers.state(*key) == AnswerState("Standups", keeper.revision(key))
    assert not keeper.pending and keeper.unsaved_text() == ""


def test_a_refused_save_keeps_the_text_for_the_recovery_file() -> None:
    keeper = NoteKeeper(Ticks())
    keeper.labels[(7, None)] = "Interview with Jim Park: general notes"
    keeper.edited((7, None), "Mentioned a junior opening")
    result = keeper.flush(Refusing())  # type: ignore[arg-type]
    assert not result.ok and "disk is full" in str(result.error)
    assert keeper.pending
    assert keeper.unsaved_text() == (
        "## Interview with Jim Park: general notes\n\nMentioned a junior opening\n"
    )


def test_nothing_is_written_before_the_store_opens() -> None:
    keeper = NoteKeeper(Ticks())
    keeper.edited((1, 2), "typed early")
    assert not keeper.flush(None).ok
    assert keeper.text((1, 2)) == "typed early" and keeper.pending


def test_typing_on_a_text_changed_elsewhere_is_a_conflict(
    store: Store, interview: tuple[int, int]
) -> None:
    here = NoteKeeper(Ticks())
    key = interview
    here.loaded(key, store.answers.state(*key))
    store.answers.save(*key, "From the other window", base_revision=0)  # another window
    here.edited(key, "From this window")
    result = here.flush(store.answers)
    assert [(c.mine, c.theirs) for c in result.conflicts] == [
        ("From this window", "From the other window")
    ]
    assert store.answers.of(key[0])[key[1]] == "From the other window"  # not overwritten
    versions = [v.text for v in store.answers.versions(*key)]
    assert "From this window" in versions  # and what was typed here is kept
    assert not here.pending


def test_a_draft_wins_over_a_reread(store: Store, interview: tuple[int, int]) -> None:
    keeper = NoteKeeper(Ticks())
    keeper.edited(interview, "not saved yet")
    assert keeper.loaded(interview, AnswerState("older", 3)) == "not saved yet"
