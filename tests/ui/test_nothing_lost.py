"""Whatever ends the app, what was typed is kept: in the database, in a recovery file,
or on the terminal. Driven with Pilot; real processes live in test_two_processes."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.keeper import BOTH_SEPARATOR
from infotui.screens import live_notes
from infotui.screens.history import HistoryScreen
from infotui.screens.interview import InterviewScreen
from infotui.screens.live_notes import FOLLOW_EVERY
from infotui.store import Store
from tests.helpers import SIZE, damaged_later, shows, type_text, wait_until
from tests.ptyapp import RunClock


@contextmanager
def refusing_writes(db: Path) -> Iterator[None]:
    """Another program holds the database locked."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO setting (key, value) VALUES ('held', 'yes')")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def live(app: InfoApp) -> InterviewScreen:
    assert app.live is not None
    return app.live


async def test_quitting_from_another_screen_keeps_what_was_typed(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    db = tmp_path / "t.db"
    with Store(db, clock=clock, busy_timeout_ms=50) as store:
        populate(store)
        app = InfoApp(store, clock=clock)
        with refusing_writes(db):
            async with app.run_test(size=SIZE, notifications=True) as pilot:
                await pilot.pause()
                await type_text(pilot, "Needs a licence")
                await pilot.press("f9")  # the contacts screen, the live one behind it
                await pilot.pause()
                await pilot.press("ctrl+q")
                await pilot.pause()
                assert app.is_running and shows(app, "could not be saved")
                await pilot.press("ctrl+q")
                await pilot.pause()
    assert app.return_code == 1  # never 0 when notes were not saved
    [recovery] = tmp_path.glob("t.db.unsaved-*.txt")
    assert "Needs a licence" in recovery.read_text(encoding="utf-8")


async def test_a_closing_signal_with_a_refusing_database_keeps_the_notes(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "t.db"
    with Store(db, clock=clock, busy_timeout_ms=50) as store:
        populate(store)
        app = InfoApp(store, clock=clock)
        with refusing_writes(db):
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                await type_text(pilot, "Wants a portfolio")
                app.close_on_signal()  # what SIGTERM and SIGHUP run
                await pilot.pause()
    assert app.return_code == 1
    [recovery] = tmp_path.glob("t.db.unsaved-*.txt")
    assert "Wants a portfolio" in recovery.read_text(encoding="utf-8")


async def test_steady_typing_is_saved_without_a_pause(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        question = live(app).bound
        assert question is not None
        before = store.answers.of(interview_id).get(question.question_id, "")
        typed = ""
        # A key every 0.1 s for 1.5 s: never a pause as long as SAVE_IDLE.
        for ch in "Keeps typing on":
            await type_text(pilot, ch)
            typed += ch
            await pilot.pause(0.1)
        now = store.answers.of(interview_id)[question.question_id]
        assert now.startswith(before) and len(now) > len(before)  # saved while typing
        assert (before + typed).startswith(now)
        await wait_until(
            pilot,
            lambda: store.answers.of(interview_id)[question.question_id] == before + typed,
            "the rest saved once the typing stops",
        )


def other_window(db: Path, interview_id: int, question_id: int, text: str) -> None:
    """Another infotui process saves an answer, on top of the latest revision it read."""
    script = (
        "import sys; from infotui.store import Store\n"
        "with Store(sys.argv[1]) as s:\n"
        "    i, q = int(sys.argv[2]), int(sys.argv[3])\n"
        "    s.answers.save(i, q, sys.argv[4], base_revision=s.answers.state(i, q).revision)\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(db), str(interview_id), str(question_id), text],
        check=True,
        timeout=60,
    )


def saved_elsewhere(db: Path, interview_id: int, question_id: int, text: str) -> None:
    """Another window's save, as it reaches the file: the text and a new revision."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute(
            "UPDATE answer SET text = ?, revision = revision + 1"
            " WHERE interview_id = ? AND question_id = ?",
            (text, interview_id, question_id),
        )
    finally:
        conn.close()


async def test_typing_on_an_answer_changed_elsewhere_keeps_both_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This window does not look for the other's changes meanwhile (as when both type
    # at once): its next save finds the answer changed under it.
    monkeypatch.setattr(live_notes, "FOLLOW_EVERY", 3600.0)
    db = tmp_path / "t.db"
    with Store(db) as store:
        interview_id = populate(store)
        app = InfoApp(store)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            screen = live(app)
            question = screen.bound
            assert question is not None
            await type_text(pilot, "Typed in window A")
            await wait_until(
                pilot,
                lambda: (
                    store.answers.of(interview_id).get(question.question_id) == "Typed in window A"
                ),
                "window A's text saved",
            )
            saved_elsewhere(db, interview_id, question.question_id, "Typed in window B")
            await type_text(pilot, ", and more")
            both = "Typed in window B" + BOTH_SEPARATOR + "Typed in window A, and more"
            await wait_until(
                pilot,
                lambda: store.answers.of(interview_id)[question.question_id] == both,
                "both texts saved",
            )
            # Both texts kept, the other window's first; the typing was never interrupted.
            kept = store.answers.of(interview_id)[question.question_id]
            assert kept == "Typed in window B" + BOTH_SEPARATOR + "Typed in window A, and more"
            assert screen.answer_area.text == kept
            # The notice is posted with the text kept, and shown at the app's next frame.
            await wait_until(pilot, lambda: shows(app, "Changed elsewhere"), "the notice shown")
            versions = [v.text for v in store.answers.versions(interview_id, question.question_id)]
            # Each as it was at the moment they met, whole in the history (how much of
            # ", and more" window A had typed by its next save depends on the machine).
            assert "Typed in window B" in versions
            assert any(v.startswith("Typed in window A,") for v in versions)


async def test_a_window_follows_what_another_process_saved(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with Store(db) as store:
        interview_id = populate(store)
        app = InfoApp(store)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            screen = live(app)
            question = screen.bound
            assert question is not None
            await type_text(pilot, "Typed in window A")
            await wait_until(
                pilot,
                lambda: (
                    store.answers.of(interview_id).get(question.question_id) == "Typed in window A"
                ),
                "window A's text saved",
            )

            # While this window is not typing, what the other saves shows here too.
            other_window(db, interview_id, question.question_id, "B rewrote it")
            await wait_until(
                pilot,
                lambda: screen.answer_area.text == "B rewrote it",
                "window B's text shown here",
                within=FOLLOW_EVERY + 0.5,
            )

            # A question shown again is read again: window B's latest text is what shows.
            other_window(db, interview_id, question.question_id, "B changed it again")
            await pilot.press("ctrl+n")
            await pilot.pause()
            await pilot.press("ctrl+up")
            await pilot.pause()
            assert screen.answer_area.text == "B changed it again"


async def test_an_erased_answer_comes_back_from_its_history(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = live(app)
        await pilot.press("ctrl+up")  # the question before: one the demo has answered
        await pilot.pause()
        question = screen.bound
        assert question is not None
        before = store.answers.of(interview_id)[question.question_id]
        assert len(before) > 20
        screen.answer_area.focus()
        screen.answer_area.select_all()
        await pilot.press("delete")
        await wait_until(
            pilot,
            lambda: store.answers.of(interview_id)[question.question_id] == "",
            "the erased answer saved",
        )
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert shows(app, before[:30])  # the version's text, previewed
        await pilot.press("enter")
        await pilot.pause()
        assert store.answers.of(interview_id)[question.question_id] == before
        assert screen.answer_area.text == before


async def test_quitting_with_a_half_written_debrief_keeps_it(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "t.db"
    with Store(db, clock=clock) as store:
        populate(store)
        app = InfoApp(store, clock=clock)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+r")  # the debrief
            await pilot.pause()
            await type_text(pilot, "Analysts need SQL first")
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert app.is_running and shows(app, "not saved yet")
            await pilot.press("ctrl+q")
            await pilot.pause()
    assert app.return_code == 1
    [recovery] = tmp_path.glob("t.db.unsaved-*.txt")
    text = recovery.read_text(encoding="utf-8")
    assert "the debrief" in text and "Analysts need SQL first" in text


async def test_a_closing_signal_keeps_a_half_written_contact(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "t.db"
    with Store(db, clock=clock) as store:
        populate(store)
        app = InfoApp(store, clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+l")  # the contact filter
            await type_text(pilot, "Zoe Quill")
            await pilot.press("enter")  # "+ Add Zoe Quill": the quick-add dialog
            await pilot.pause()
            assert shows(app, "Add a contact")
            await pilot.press("enter")  # the name is there: on to the company
            await type_text(pilot, "Quill Analytics")
            app.close_on_signal()  # SIGHUP: the terminal was closed
            await pilot.pause()
    assert app.return_code == 1
    [recovery] = tmp_path.glob("t.db.unsaved-*.txt")
    assert "Quill Analytics" in recovery.read_text(encoding="utf-8")


async def test_a_database_found_damaged_under_a_screen_ends_the_app_with_one_line(
    tmp_path: Path,
) -> None:
    # The file opens, and the app runs, until a read finds a damaged page: the screen
    # that read can go no further, so the app leaves with the notes saved and says why.
    db = tmp_path / "t.db"
    interview_id, question_id, name = damaged_later(db)
    with Store(db) as store:
        app = InfoApp(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await type_text(pilot, "Typed before the damage showed")
            await pilot.press("ctrl+l")  # the contact filter
            await type_text(pilot, name)
            # Her interview: its answers are read. Not by pilot.press, which waits for
            # every screen to take its messages, as the one that failed no longer does.
            app.simulate_key("enter")
            clock = RunClock()
            while app.return_code is None:
                assert clock.read() < 30, "the app did not leave"
                await asyncio.sleep(0.01)
        assert app.return_code == 2
        assert app.open_error is not None and "is damaged" in app.open_error
        assert store.answers.of(interview_id)[question_id] == "Typed before the damage showed"
