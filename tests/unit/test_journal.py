"""Drafts the database has not taken are journaled beside it, and saved by the next
infotui if this one is killed first."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from infotui.cli import main
from infotui.errors import StoreError
from infotui.journal import DraftJournal, JournalDraft, read_journal
from infotui.keeper import BOTH_SEPARATOR, NoteKeeper
from infotui.store import Store
from infotui.views import AnswerState
from tests.helpers import dead_pid
from tests.ptyapp import stored_answer


class Refusing:
    def save(self, *args: object, **kwargs: object) -> object:
        raise StoreError("database is locked")


def test_drafts_the_database_refuses_are_journaled_until_saved(
    running: tuple[Path, int, int],
) -> None:
    db, interview_id, question_id = running
    journal = DraftJournal(db)
    keeper = NoteKeeper(journal=journal)
    key = (interview_id, question_id)
    keeper.loaded(key, AnswerState("", 0))
    keeper.edited(key, "Standups at nine")
    keeper.flush(None)  # the store is still opening
    assert read_journal(journal.path) == [JournalDraft(key, "Standups at nine", 0)]
    assert oct(journal.path.stat().st_mode & 0o777) == "0o600"
    keeper.edited(key, "Standups at nine, then review")
    keeper.flush(Refusing())  # type: ignore[arg-type]
    assert read_journal(journal.path)[0].text == "Standups at nine, then review"
    with Store(db) as store:
        assert keeper.flush(store.answers).ok
        assert store.answers.of(interview_id)[question_id] == "Standups at nine, then review"
    assert not journal.path.exists()  # everything is in the database


def test_the_next_command_saves_what_a_killed_infotui_journaled(
    running: tuple[Path, int, int],
) -> None:
    db, interview_id, question_id = running
    orphan = DraftJournal(db, pid=dead_pid())
    orphan.write([JournalDraft((interview_id, question_id), "Typed just before the crash", 0)])
    result = CliRunner().invoke(main, ["--db", str(db), "contacts"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "saved 1 note(s) typed just before infotui last stopped" in result.stderr
    assert stored_answer(db, interview_id, question_id) == "Typed just before the crash"
    assert sorted(p.name for p in db.parent.iterdir() if ".drafts-" in p.name) == []


def test_a_recovered_draft_never_overwrites_a_text_changed_since(
    running: tuple[Path, int, int],
) -> None:
    db, interview_id, question_id = running
    with Store(db) as store:
        store.answers.save(interview_id, question_id, "Written later elsewhere", base_revision=0)
    orphan = DraftJournal(db, pid=dead_pid())
    orphan.write([JournalDraft((interview_id, question_id), "Typed before the crash", 0)])
    CliRunner().invoke(main, ["--db", str(db), "contacts"], catch_exceptions=False)
    assert stored_answer(db, interview_id, question_id) == (
        "Written later elsewhere" + BOTH_SEPARATOR + "Typed before the crash"
    )


def test_a_running_infotui_keeps_its_own_journal(running: tuple[Path, int, int]) -> None:
    db, interview_id, question_id = running
    alive = DraftJournal(db, pid=os.getppid())  # a process that is running
    alive.write([JournalDraft((interview_id, question_id), "Not yours", 0)])
    keeper = NoteKeeper(journal=DraftJournal(db))
    assert keeper.recover_orphans() == 0
    assert alive.path.exists()
