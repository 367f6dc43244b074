"""Recovery files: written whole or not at all, wherever there is room."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from infotui import recovery
from infotui.recovery import write_recovery
from tests.helpers import small_file_system

NOTES = "## Interview with Jim Park: general notes\n\n" + "Warm and generous. " * 60


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB file system, nearly full (needs root, as CI and this project's
    machines run; skipped elsewhere)."""
    with small_file_system(tmp_path / "tiny", "64k") as mount:
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"x" * 1024)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        finally:
            os.close(fd)
        yield mount


def test_written_whole_and_private(tmp_path: Path) -> None:
    path = write_recovery(NOTES, "t.db.unsaved.txt", [tmp_path])
    assert path == tmp_path / "t.db.unsaved.txt"
    assert path.read_text(encoding="utf-8") == NOTES
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again = write_recovery("more", "t.db.unsaved.txt", [tmp_path])
    assert again == tmp_path / "t.db.unsaved-2.txt" and path.read_text(encoding="utf-8") == NOTES


def test_a_full_disk_leaves_no_empty_file_and_the_next_folder_takes_it(
    tiny_disk: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    path = write_recovery(NOTES, "t.db.unsaved.txt", [tiny_disk, elsewhere])
    assert path == elsewhere / "t.db.unsaved.txt"
    assert path.read_text(encoding="utf-8") == NOTES
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler"]  # nothing half-written


def test_when_no_folder_takes_it_nothing_is_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(recovery.os, "fsync", full)  # the disk fills as the file is written
    folders = [tmp_path / "a", tmp_path / "b"]
    assert write_recovery(NOTES, "t.db.unsaved.txt", folders) is None
    assert [p for f in folders for p in f.iterdir()] == []


def test_folders_are_tried_beside_the_database_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folders = recovery.recovery_folders(tmp_path / "db" / "t.db")
    assert folders[:2] == [tmp_path / "db", tmp_path / "data" / "infotui"]
    assert len(folders) == 3  # and the temporary folder last
