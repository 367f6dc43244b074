"""Drafts the database has not taken yet, kept on disk so that a crash loses none.

While the database cannot take what is typed (in the moment it opens, or while
another program keeps it locked), the keeper writes its drafts here each time a save
is due: a small private file beside the database, one per running infotui
(``infotui.db.drafts-<pid>``), replaced whole (temporary name, fsync, rename). It is
removed as soon as everything in it is in the database.

If infotui is killed meanwhile, the next infotui to open that database finds the
file of a process that no longer runs, and saves its drafts (on top of the revision
each was typed on, so a text changed since is kept beside them, not overwritten).
No Textual and no database layer here.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

Key = tuple[int, int | None]  # (interview id, question id); question None: general notes
PREFIX = ".drafts-"


@dataclass(frozen=True)
class JournalDraft:
    key: Key
    text: str
    base_revision: int


class DraftJournal:
    def __init__(self, database: Path, pid: int | None = None) -> None:
        self.database = database
        self.path = database.with_name(f"{database.name}{PREFIX}{pid or os.getpid()}")

    def write(self, drafts: Iterable[JournalDraft]) -> bool:
        """Keep these drafts (and only these) on disk; False if the disk would not."""
        rows = [
            {"interview": d.key[0], "question": d.key[1], "text": d.text, "base": d.base_revision}
            for d in drafts
        ]
        if not rows:
            self.clear()
            return True
        data = json.dumps({"database": str(self.database), "drafts": rows}).encode("utf-8")
        partial = self.path.with_name(self.path.name + ".partial")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(partial, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink()
            return False
        return True

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def orphans(self) -> list[Path]:
        """Journals of this database left by infotui processes that no longer run."""
        found = []
        for path in self.database.parent.glob(f"{self.database.name}{PREFIX}*"):
            pid_text = path.name.rsplit("-", 1)[-1]
            if path == self.path or not pid_text.isdigit() or _running(int(pid_text)):
                continue
            found.append(path)
        return sorted(found)


def read_journal(path: Path) -> list[JournalDraft]:
    """The drafts in a journal; none if it cannot be read (it is then left in place)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            JournalDraft(
                (int(row["interview"]), row["question"]), str(row["text"]), int(row["base"])
            )
            for row in data["drafts"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
