"""Answers with revisions and earlier versions, as the store keeps them."""

from __future__ import annotations

from pathlib import Path

import pytest

from infotui.clock import FakeClock
from infotui.store import Store
from infotui.store.answers import BIG_REMOVAL, VERSIONS_KEPT
from infotui.views import AnswerState


@pytest.fixture
def key(store: Store) -> tuple[int, int]:
    jim = store.contacts.add("Jim Park")
    assert jim.id is not None
    made = store.interviews.create(jim.id)
    assert made.id is not None
    return made.id, store.plans.of(made.id)[0].question_id


def texts(store: Store, key: tuple[int, int]) -> list[str]:
    return [v.text for v in store.answers.versions(*key)]


def type_steadily(store: Store, clock: FakeClock, key: tuple[int, int], words: str) -> None:
    """Saves every half second, as the live screen makes them while keys keep coming."""
    text = store.answers.state(*key).text
    for word in words.split():
        clock.advance(0.5)
        text = f"{text} {word}".strip()
        store.answers.save(*key, text, base_revision=store.answers.state(*key).revision)


def test_every_change_moves_the_revision_on(store: Store, key: tuple[int, int]) -> None:
    first = store.answers.save(*key, "Standups", base_revision=0)
    second = store.answers.save(*key, "Standups daily", base_revision=first.revision)
    same = store.answers.save(*key, "Standups daily", base_revision=second.revision)
    assert (first.revision, second.revision, same.revision) == (1, 2, 2)
    assert store.answers.state(*key) == AnswerState("Standups daily", 2)


def test_a_save_on_a_stale_revision_replaces_nothing(store: Store, key: tuple[int, int]) -> None:
    store.answers.save(*key, "A wrote this", base_revision=0)  # window A
    saved = store.answers.save(*key, "B wrote this", base_revision=0)  # window B, stale
    assert saved.conflict == "A wrote this" and saved.revision == 1
    assert store.answers.state(*key) == AnswerState("A wrote this", 1)
    assert texts(store, key) == ["B wrote this"]


def test_steady_typing_is_coalesced(store: Store, clock: FakeClock, key: tuple[int, int]) -> None:
    type_steadily(store, clock, key, "one two three four five six seven eight nine ten")
    assert texts(store, key) == []  # one editing session, no pause, nothing removed


def test_a_pause_of_thirty_seconds_keeps_a_version(
    store: Store, clock: FakeClock, key: tuple[int, int]
) -> None:
    type_steadily(store, clock, key, "Standups then review")
    clock.advance(31)
    type_steadily(store, clock, key, "and lunch")
    assert texts(store, key) == ["Standups then review"]


def test_coming_back_to_an_answer_keeps_a_version(
    store: Store, clock: FakeClock, key: tuple[int, int]
) -> None:
    type_steadily(store, clock, key, "Standups")
    state = store.answers.state(*key)
    store.answers.save(*key, "Standups, then", base_revision=state.revision, new_session=True)
    assert texts(store, key) == ["Standups"]


def test_erasing_an_answer_can_be_undone(
    store: Store, clock: FakeClock, key: tuple[int, int]
) -> None:
    long = "A long answer about the duties of a typical day"
    assert len(long) > BIG_REMOVAL
    type_steadily(store, clock, key, long)
    clock.advance(0.5)
    store.answers.save(
        *key, "", base_revision=store.answers.state(*key).revision
    )  # select all, del
    assert store.answers.state(*key).text == ""
    (kept,) = store.answers.versions(*key)
    assert kept.text == long
    store.answers.replace(*key, kept.text, base_revision=store.answers.state(*key).revision)
    assert store.answers.state(*key).text == long


def test_a_restore_keeps_what_it_replaced(
    store: Store, clock: FakeClock, key: tuple[int, int]
) -> None:
    store.answers.save(*key, "first", base_revision=0)
    clock.advance(40)
    store.answers.save(*key, "second", base_revision=1)
    restored = store.answers.replace(*key, "first", base_revision=2)
    assert restored.conflict is None and store.answers.state(*key).text == "first"
    assert texts(store, key) == ["second", "first"]


def test_versions_are_bounded(store: Store, clock: FakeClock, key: tuple[int, int]) -> None:
    for n in range(VERSIONS_KEPT + 15):
        clock.advance(31)
        store.answers.save(*key, f"text {n}", base_revision=store.answers.state(*key).revision)
    kept = texts(store, key)
    assert len(kept) == VERSIONS_KEPT
    # Each save kept the text before it: "text 0" to "text 113"; the oldest 14 are gone.
    assert kept[0] == f"text {VERSIONS_KEPT + 13}" and kept[-1] == "text 14"


def test_versions_go_with_their_contact(
    store: Store, clock: FakeClock, key: tuple[int, int]
) -> None:
    store.answers.save(*key, "first", base_revision=0)
    clock.advance(40)
    store.answers.save(*key, "second", base_revision=1)
    interview = store.interviews.get(key[0])
    store.contacts.delete(interview.contact_id)
    with store.db.engine.connect() as conn:
        left = conn.exec_driver_sql("SELECT count(*) FROM answerversion").scalar()
    assert left == 0


def test_a_save_waits_for_a_lock_only_as_long_as_asked(tmp_path: Path) -> None:
    """The app's saves wait briefly for another program's lock, then try again later;
    the store's other work keeps its full busy timeout."""
    import sqlite3

    from infotui.errors import StoreLockedError

    with Store(tmp_path / "t.db", busy_timeout_ms=5000) as store:
        jim = store.contacts.add("Jim Park")
        made = store.interviews.create(jim.id)
        key = (made.id, store.plans.of(made.id)[0].question_id)
        store.answers.wait_ms = 50
        holder = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreLockedError):
                store.answers.save(*key, "typed while locked", base_revision=0)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert store.db.pragma("busy_timeout") == 5000  # put back for everything else
        store.answers.save(*key, "typed while locked", base_revision=0)
        assert store.answers.state(*key).text == "typed while locked"


def test_a_question_answered_is_ticked_asked_with_its_answer(
    store: Store, key: tuple[int, int]
) -> None:
    # In the same save: a note saved as the app closes (nothing after it to tick the
    # question) leaves the question asked, as the live screen shows it while it runs.
    interview_id, question_id = key

    def asked() -> bool:
        entry = next(e for e in store.plans.of(interview_id) if e.question_id == question_id)
        return entry.asked

    store.answers.save(*key, "   \n", base_revision=0)
    assert not asked()  # nothing written yet
    saved = store.answers.save(*key, "Standups", base_revision=1)
    assert asked()
    entry = next(e for e in store.plans.of(interview_id) if e.question_id == question_id)
    store.plans.set_asked(entry.id, False)  # unticked by hand: kept until written again
    assert not asked()
    store.answers.save(*key, "Standups daily", base_revision=saved.revision)
    assert asked()
    store.answers.save(interview_id, None, "General notes")  # not a question of the plan
    assert sum(e.asked for e in store.plans.of(interview_id)) == 1
