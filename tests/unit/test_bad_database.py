"""A database infotui refuses is left exactly as it was; one line, exit status 2.

Run through the command line, the way a script or a person meets them.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from infotui.cli import main
from infotui.store import Store
from tests.helpers import FIXTURES, immutable, read_only_mount, small_file_system


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file in the folder: its sha256 and mode."""
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode)
        for p in sorted(folder.iterdir())
    }


def infotui_db(path: Path) -> Path:
    Store(path).close()
    return path


def no_version(path: Path) -> None:
    with sqlite3.connect(infotui_db(path)) as conn:
        conn.execute("DELETE FROM setting WHERE key = 'schema_version'")
    conn.close()
    _rollback_journal(path)


def future_version(path: Path) -> None:
    with sqlite3.connect(infotui_db(path)) as conn:
        conn.execute("UPDATE setting SET value = '999' WHERE key = 'schema_version'")
    conn.close()
    _rollback_journal(path)


def _rollback_journal(path: Path) -> None:
    """As an older tool would leave it: not in WAL mode (opening must not switch it)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


def other_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()


def not_sqlite(path: Path) -> None:
    path.write_text("name,company\nJim Park,Acme\n")


def truncated(path: Path) -> None:
    infotui_db(path)
    _rollback_journal(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def read_only(path: Path) -> None:
    infotui_db(path)
    path.chmod(0o400)


REFUSED: dict[str, tuple[Callable[[Path], None], str]] = {
    "no schema version": (no_version, "no infotui schema version"),
    "a newer schema": (future_version, "newer than this infotui knows"),
    "another program's database": (other_program, "another program"),
    "not a SQLite file": (not_sqlite, "not a SQLite file"),
    "truncated": (truncated, "truncated"),
    "read-only": (read_only, "is read-only (mode 0400)"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_refused_database_is_left_as_it_was(tmp_path: Path, case: str) -> None:
    make, says = REFUSED[case]
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "infotui.db"
    make(db)
    before = fingerprint(folder)
    commands = [["contacts", "add", "Bo Diaz"], ["contacts"]]
    for command in commands[:1] if case == "read-only" else commands:  # it can be read
        code, out, err = run("--db", str(db), *command)
        assert (code, out) == (2, "")
        assert err.count("\n") == 1 and says in err and "Traceback" not in err
        assert fingerprint(folder) == before  # not a byte, not a mode, no file more or less


@pytest.mark.parametrize(
    "command",
    [
        ["contacts"],
        ["contacts", "add", "Ann Lee"],
        ["questions"],
        ["export", "csv"],
        ["db", "upgrade"],
    ],
)
def test_a_folder_that_does_not_exist_is_not_made_for_db(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "no such folder" / "infotui.db"
    said = f"infotui: {db.parent} does not exist; create the folder first\n"
    assert run("--db", str(db), *command) == (2, "", said)
    assert run(*command, "--db", str(db)) == (2, "", said)
    result = CliRunner().invoke(main, command, env={"INFOTUI_DB": str(db)})
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", said)
    assert list(tmp_path.iterdir()) == []


def test_a_copy_into_a_folder_that_does_not_exist_makes_no_folder(tmp_path: Path) -> None:
    source = infotui_db(tmp_path / "t.db")
    target = tmp_path / "backup" / "t.db"
    assert run("db", "copy", str(source), str(target)) == (
        2,
        "",
        f"infotui: {target.parent} does not exist; create the folder first\n",
    )
    assert not target.parent.exists()


def test_the_default_database_is_made_with_its_folders(tmp_path: Path) -> None:
    data = tmp_path / "home" / "share"
    result = CliRunner().invoke(main, ["contacts"], env={"XDG_DATA_HOME": str(data)})
    assert result.exit_code == 0, result.stderr
    assert (data / "infotui" / "infotui.db").is_file()
    assert oct((data / "infotui").stat().st_mode & 0o777) == "0o700"


def test_a_database_another_program_keeps_locked_is_refused_on_opening(tmp_path: Path) -> None:
    db = infotui_db(tmp_path / "t.db")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(Exception, match="locked by another program"):
            Store(db, busy_timeout_ms=100)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_database_others_can_read_is_made_private_once(tmp_path: Path) -> None:
    db = infotui_db(tmp_path / "t.db")
    db.chmod(0o644)
    code, _, err = run("--db", str(db), "contacts")
    assert code == 0 and "now readable by you only" in err
    assert oct(db.stat().st_mode & 0o777) == "0o600"
    code, _, err = run("--db", str(db), "contacts")
    assert code == 0 and err == ""  # said once


def with_ann(path: Path) -> Path:
    """An infotui database holding one contact, whose vCards have had their UIDs made."""
    assert run("--db", str(path), "contacts", "add", "Ann Lee", "--company", "Acme")[0] == 0
    assert run("--db", str(path), "export", "vcard")[0] == 0
    return path


def lists_and_exports_ann(db: Path) -> None:
    """The commands that only read work on a file infotui cannot write, and say nothing."""
    code, out, err = run("--db", str(db), "contacts")
    assert (code, err) == (0, "") and "Ann Lee" in out
    code, out, err = run("--db", str(db), "contacts", "--json")
    assert (code, err) == (0, "") and [c["name"] for c in json.loads(out)] == ["Ann Lee"]
    code, out, err = run("--db", str(db), "export", "csv")
    assert (code, err) == (0, "") and "Ann Lee,Acme" in out
    code, out, err = run("--db", str(db), "export", "vcard")
    assert (code, err) == (0, "") and "FN:Ann Lee" in out


def test_a_database_on_a_read_only_file_system_is_read_but_not_written(tmp_path: Path) -> None:
    folder = tmp_path / "rw"
    folder.mkdir()
    with_ann(folder / "t.db")
    assert run("--db", str(folder / "no-uids.db"), "contacts", "add", "Cy Young")[0] == 0
    before = fingerprint(folder)
    with read_only_mount(folder, tmp_path / "ro") as mount:
        db = mount / "t.db"
        said = f"infotui: {db} is on a read-only file system: infotui needs to write to it; "
        for command in (["contacts", "add", "Bo Diaz"], ["export", "markdown"], ["questions"]):
            assert run("--db", str(db), *command) == (2, "", said + "open a copy\n")
        lists_and_exports_ann(db)
        code, out, err = run("--db", str(mount / "no-uids.db"), "export", "vcard")
        assert (code, out) == (2, "")
        assert err == (
            f"infotui: {mount}/no-uids.db is on a read-only file system: infotui needs to write "
            "to it; open a copy (a first vCard export keeps an id in it for the cards' UIDs)\n"
        )
    assert fingerprint(folder) == before


def test_a_database_made_read_only_is_read_and_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = with_ann(folder / "t.db")
    db.chmod(0o400)
    before = fingerprint(folder)
    said = (
        f"infotui: {db} is read-only (mode 0400): infotui needs to write to it; make it "
        "writable (chmod u+w) or open a copy\n"
    )
    assert run("--db", str(db), "contacts", "add", "Bo Diaz") == (2, "", said)
    lists_and_exports_ann(db)
    assert fingerprint(folder) == before  # no -wal or -shm made read-only beside it
    db.chmod(0o600)
    assert run("--db", str(db), "contacts", "add", "Bo Diaz")[0] == 0


def test_an_immutable_database_file_is_read_but_not_written(tmp_path: Path) -> None:
    db = with_ann(tmp_path / "t.db")
    with immutable(db):
        said = (
            f"infotui: {db} cannot be written (it may be marked immutable): infotui needs to "
            "write to it; open a copy\n"
        )
        assert run("--db", str(db), "contacts", "add", "Bo Diaz") == (2, "", said)
        lists_and_exports_ann(db)
    assert run("--db", str(db), "contacts", "add", "Bo Diaz")[0] == 0  # as it was


def test_a_database_in_an_immutable_folder_is_read_but_not_written(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = with_ann(folder / "t.db")
    before = fingerprint(folder)
    with immutable(folder):
        said = (
            f"infotui: {folder} cannot be written (it may be marked immutable): infotui needs "
            f"to write there, beside {db.name}; open a copy\n"
        )
        assert run("--db", str(db), "contacts", "add", "Bo Diaz") == (2, "", said)
        lists_and_exports_ann(db)
    assert fingerprint(folder) == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with small_file_system(tmp_path / "small", "256k") as mount:
        yield mount


def test_no_room_to_back_up_before_upgrading_changes_nothing(small_disk: Path) -> None:
    db = small_disk / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript((FIXTURES / "schema-1.sql").read_text(encoding="utf-8"))
    conn.commit()
    conn.close()
    # Fill the disk, leaving less room than the copy needs.
    fd = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize > 4096:
            os.write(fd, b"x" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    before = fingerprint(small_disk)
    code, _, err = run("--db", str(db), "contacts")
    assert code == 2 and err.count("\n") == 1
    assert "a copy of it could not be made first" in err and "left as it was" in err
    assert fingerprint(small_disk) == before  # no backup, no partial copy, still schema 1
