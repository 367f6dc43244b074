"""Where notes go when the database cannot take them.

A private text file (0600), written whole or not at all: it is written under a
temporary name, flushed to the disk, then renamed, so a full disk never leaves a
0-byte or half file behind. Tried beside the database first, then in the user's
data folder, then in the temporary folder; when no folder takes it, the caller
prints the notes once the terminal is back. No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def recovery_folders(database: Path | None) -> list[Path]:
    """Where to try, in order: beside the database, the user's data folder, temp."""
    from platformdirs import user_data_path

    folders = [database.parent] if database is not None else []
    folders += [user_data_path("infotui", appauthor=False), Path(tempfile.gettempdir())]
    unique: list[Path] = []
    for folder in folders:
        if folder not in unique:
            unique.append(folder)
    return unique


def write_recovery(text: str, name: str, folders: Iterable[Path]) -> Path | None:
    """Write ``text`` whole to the first folder that takes it; None if none did."""
    data = text.encode("utf-8")
    for folder in folders:
        written = _write_whole(data, folder, name)
        if written is not None:
            return written
    return None


def _write_whole(data: bytes, folder: Path, name: str) -> Path | None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = _free_name(folder, name)
        partial = folder / f".{target.name}.partial"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as handle:
            view = memoryview(data)
            while view:
                view = view[handle.write(view) :]
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        return None
    return target


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, dot, suffix = name.rpartition(".")
    count = 2
    while target.exists():
        target = folder / (f"{stem}-{count}.{suffix}" if dot else f"{name}-{count}")
        count += 1
    return target
