from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pendulum
import pytest
from sqlalchemy.exc import StatementError
from sqlmodel import select

from infotui.clock import FakeClock
from infotui.errors import StoreError, StoreLockedError
from infotui.models import Answer, Contact, Interview, OutreachStatus, Question, Section
from infotui.questions import QuestionBank, ShippedQuestion, load_bank
from infotui.store import Store
from infotui.validation import ValidationError

# -- opening, pragmas, permissions ---------------------------------------------


def test_file_database_pragmas(db_path: Path) -> None:
    with Store(db_path) as store:
        assert store.db.pragma("journal_mode") == "wal"
        assert store.db.pragma("synchronous") == 2  # FULL
        assert store.db.pragma("foreign_keys") == 1
        assert store.db.pragma("busy_timeout") == 5000


def test_new_database_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "new" / "nested"))
    path = tmp_path / "new" / "nested" / "infotui" / "infotui.db"  # the default database
    with Store() as store:
        assert store.path == path
        store.contacts.add("Ann Lee")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        for folder in (path.parent, path.parent.parent, path.parent.parent.parent):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600


def test_existing_folder_permissions_are_left_alone(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    Store(tmp_path / "t.db").close()
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_reopening_keeps_data(db_path: Path, clock: FakeClock) -> None:
    with Store(db_path, clock=clock) as store:
        store.contacts.add("Ann Lee", company="Acme")
    with Store(db_path, clock=clock) as store:
        assert [c.name for c in store.contacts.all()] == ["Ann Lee"]
        assert len(store.questions.all()) == 37


def test_timestamps_are_aware_utc(store: Store, clock: FakeClock) -> None:
    contact = store.contacts.add("Ann Lee")
    again = store.contacts.get(contact.id)
    assert again is not None
    assert again.created_at == clock.now()
    assert again.created_at.utcoffset() == dt.timedelta(0)


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(StatementError, match="naive"), store.db.session() as s:
        s.add(Contact(name="X", created_at=dt.datetime(2026, 1, 1)))
        s.commit()
    assert store.contacts.all() == []


def test_local_times_are_stored_as_utc(store: Store) -> None:
    contact = store.contacts.add("Ann Lee")
    local = pendulum.datetime(2026, 6, 1, 9, 30, tz="Europe/Berlin")
    with store.db.session() as s:
        s.add(Interview(contact_id=contact.id, scheduled_at=local))
        s.commit()
    with store.db.session() as s:
        interview = s.exec(select(Interview)).one()
    assert interview.scheduled_at == local
    assert interview.scheduled_at.hour == 7  # 09:30 CEST is 07:30 UTC


def test_deleting_a_contact_takes_its_interviews_and_answers(store: Store) -> None:
    contact = store.contacts.add("Ann Lee")
    referred = store.contacts.add("Bo Diaz")
    with store.db.session() as s:
        bo = s.get(Contact, referred.id)
        bo.referred_by_id = contact.id
        interview = Interview(contact_id=contact.id)
        s.add(interview)
        s.commit()
        s.add(Answer(interview_id=interview.id, text="notes"))
        s.commit()
        s.delete(s.get(Contact, contact.id))
        s.commit()
        s.expire_all()
        assert s.exec(select(Interview)).all() == []
        assert s.exec(select(Answer)).all() == []
        assert s.get(Contact, referred.id).referred_by_id is None


# -- bad databases ---------------------------------------------------------------


def _refused(path: Path, match: str, error: type[StoreError] = StoreError, **kw: object) -> None:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(error, match=match):
        Store(path, **kw)
    if before is not None:
        assert path.read_bytes() == before
        assert not path.with_name(path.name + "-wal").exists()


def test_not_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dear Jim, thank you for meeting me.\n" * 10)
    _refused(path, "not a SQLite file")


def test_truncated_database(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with Store(path) as store:
        for n in range(200):
            store.contacts.add(f"Person {n}", notes="x" * 500)
    cut = tmp_path / "cut.db"
    cut.write_bytes(path.read_bytes()[: 3 * 4096 + 100])
    _refused(cut, "damaged")


def test_damaged_first_page(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    Store(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    _refused(path, "damaged|not an infotui")


def test_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.close()
    _refused(path, "another program")


def test_a_folder(tmp_path: Path) -> None:
    _refused(tmp_path, "is a folder")


def test_path_below_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _refused(blocker / "infotui.db", "not a folder")
    _refused(blocker / "sub" / "infotui.db", "a part of that path is not a folder")


def test_a_folder_that_does_not_exist_is_not_made_for_a_file_given(tmp_path: Path) -> None:
    _refused(tmp_path / "typo" / "deeper" / "t.db", f"^{tmp_path}/typo/deeper does not exist; ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_unwritable_folder(tmp_path: Path) -> None:
    locked = tmp_path / "ro"
    locked.mkdir(mode=0o500)
    _refused(locked / "infotui.db", "permission denied")


def test_newer_schema_is_refused(db_path: Path) -> None:
    Store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE setting SET value = '999' WHERE key = 'schema_version'")
    conn.close()
    _refused(db_path, "newer than this infotui")


def test_locked_database_gives_a_clear_error(db_path: Path) -> None:
    Store(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO setting (key, value) VALUES ('held', 'yes')")
    try:
        # Refused on opening, before anything could be typed that it cannot save.
        with pytest.raises(StoreLockedError, match="locked by another program"):
            Store(db_path, busy_timeout_ms=100)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store(db_path) as store:
        assert store.contacts.all() == []


# -- question bank ---------------------------------------------------------------


def test_bank_is_seeded_once(store: Store) -> None:
    questions = store.questions.all()
    assert len(questions) == 37
    assert [q.section for q in questions[:26]] == [Section.MAIN] * 26
    assert store.questions.seed(load_bank()) == 0
    assert len(store.questions.all()) == 37


def test_a_database_is_seeded_once_per_bank_and_schema(db_path: Path) -> None:
    """Opening again does not seed again: a shipped question the user deleted stays
    deleted. A newer bank, or a database last seeded at another schema (an upgraded
    one), is seeded again: what it lacks is added."""

    def keys(store: Store) -> set[str | None]:
        return {q.key for q in store.questions.all(include_archived=True)}

    with Store(db_path) as store:
        assert len(keys(store)) == 37
        gone = next(q for q in store.questions.all() if q.key == "typical-day")
        store.questions.delete(gone.id or 0)
    with Store(db_path) as store:
        assert "typical-day" not in keys(store)
        assert len(keys(store)) == 36
        store.settings.set("seeded", "schema 1, bank 0")  # as an older infotui left it
    with Store(db_path) as store:
        assert "typical-day" in keys(store)  # seeded again: the missing key is back
        gone = next(q for q in store.questions.all() if q.key == "typical-day")
        store.questions.delete(gone.id or 0)
    shipped = load_bank()
    extra = ShippedQuestion(key="remote-work", section=Section.MAIN, text="Remote?")
    newer = QuestionBank(version=2, questions=(*shipped.questions, extra))
    with Store(db_path, bank=newer) as store:
        assert {"remote-work", "typical-day"} <= keys(store)
        assert len(keys(store)) == 38
        assert len(store.plans.templates()) == len(shipped.templates)


def test_seeding_keeps_the_users_edits(store: Store) -> None:
    with store.db.session() as s:
        first = s.exec(select(Question).where(Question.key == "typical-day")).one()
        first.text = "Walk me through yesterday?"
        archived = s.exec(select(Question).where(Question.key == "equal-treatment")).one()
        archived.archived = True
        s.add_all([first, archived])
        s.commit()
    store.questions.seed(load_bank())
    texts = [q.text for q in store.questions.all()]
    assert "Walk me through yesterday?" in texts
    assert len(texts) == 36
    assert len(store.questions.all(include_archived=True)) == 37


def test_a_newer_bank_adds_only_its_new_questions(store: Store) -> None:
    shipped = load_bank()
    extra = ShippedQuestion(key="remote-work", section=Section.MAIN, text="Remote?")
    newer = QuestionBank(version=2, questions=(*shipped.questions, extra))
    assert store.questions.seed(newer) == 1
    questions = store.questions.all()
    assert len(questions) == 38
    main = [q for q in questions if q.section == Section.MAIN]
    assert main[-1].text == "Remote?"


# -- contacts ------------------------------------------------------------------


def test_add_contact_cleans_fields(store: Store) -> None:
    contact = store.contacts.add(
        "  Ann   Lee ", company="Acme", email="ann@acme.com", linkedin_url="linkedin.com/in/annlee"
    )
    assert contact.name == "Ann Lee"
    assert contact.linkedin_url == "https://www.linkedin.com/in/annlee"
    assert contact.status == OutreachStatus.TO_CONTACT


def test_invalid_contact_is_not_saved(store: Store) -> None:
    with pytest.raises(ValidationError) as info:
        store.contacts.add(" ", email="not-an-email", phone="call me")
    assert set(info.value.errors) == {"name", "email", "phone"}
    assert store.contacts.all() == []


def test_find_duplicate(store: Store) -> None:
    ann = store.contacts.add("Ann Lee", company="Acme", email="Ann@Acme.com")
    assert store.contacts.find_duplicate("ann lee", company="ACME").id == ann.id
    assert store.contacts.find_duplicate("Someone", email="ann@acme.com").id == ann.id
    assert store.contacts.find_duplicate("Ann Lee", company="Globex") is None


def test_status_change_is_dated(store: Store, clock: FakeClock) -> None:
    ann = store.contacts.add("Ann Lee")
    clock.advance(minutes=5)
    changed = store.contacts.set_status(ann.id, OutreachStatus.REACHED_OUT)
    assert changed.status == OutreachStatus.REACHED_OUT
    assert changed.status_changed_at == clock.now()
