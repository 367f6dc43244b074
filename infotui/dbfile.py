"""Opening a SQLite file safely: check before writing, create it private.

Used by the store before it creates its engine, and by the first look. No
SQLAlchemy here: only the sqlite3 module, reading the file read-only.

One rule above all: once a process has a SQLite connection to a file, it must
never open and close that file by other means. POSIX locks belong to the
process, and closing *any* descriptor of a file drops all of them; SQLite then
believes it still holds its locks while other processes see none, and the next
``infotui`` command to close its connection removes the write-ahead log under
the app's feet. So the raw header is read (:func:`read_header`) only before the
process's first connection to the file: the first look reads it, and tells the
store it need not read it again.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from infotui.errors import StoreError, StoreLockedError

SQLITE_HEADER = b"SQLite format 3\x00"
VERSION_TABLE = "setting"
VERSION_KEY = "schema_version"
DEFAULT_BUSY_TIMEOUT_MS = 5000  # how long a write waits for another program's lock
SCHEMA_VERSION = 13  # what migrations.py brings every database to (checked by a test)


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("infotui", appauthor=False) / "infotui.db"


def store_error(error: BaseException | None, where: object, busy_timeout_ms: int) -> StoreError:
    message = str(error) if error is not None else "unknown error"
    if "locked" in message or "busy" in message:
        return StoreLockedError(
            f"{where} is locked by another program (is infotui already open on it?); "
            f"gave up after {busy_timeout_ms / 1000:g} s"
        )
    if "not a database" in message or "malformed" in message:
        return StoreError(f"{where} is damaged or not an infotui database ({message})")
    if "readonly" in message or "read-only" in message:
        return StoreError(f"{where} is read-only: infotui needs to write to it")
    if "unable to open" in message:
        return StoreError(f"{where} cannot be opened (check the folder exists and is writable)")
    return StoreError(f"{where} could not be used: {message}")


def read_header(path: Path) -> tuple[bytes, int]:
    """The file's first 100 bytes and its size.

    Only before this process has a SQLite connection to the file (see the module's
    docstring): closing the descriptor read here would drop that connection's locks.
    """
    with path.open("rb") as handle:
        header = handle.read(100)
        size = os.fstat(handle.fileno()).st_size
    return header, size


@dataclass
class Prepared:
    """What opening found: the file's schema version (None: new or empty)."""

    version: int | None = None


def prepare_file(
    path: Path,
    busy_timeout_ms: int,
    *,
    is_default: bool,
    header_checked: bool = False,
    writing: bool = True,
) -> Prepared:
    """Check an existing file without writing to it, or create a private new one.

    A new file's folder is made (private) only for the default database
    (``is_default``): a folder that is missing from a path the user gave is more
    likely a typing mistake than a wish for a new folder, so it is refused.
    ``header_checked``: this process already read the header and holds a connection
    to the file (the first look), so the raw file must not be opened again.
    ``writing``: refuse a file infotui cannot write to (see :func:`unwritable`); a caller
    that only reads an existing file says False.
    """
    if path.exists():
        return _check_existing(
            path, busy_timeout_ms, header_checked=header_checked, writing=writing
        )
    folder = path.parent
    try:
        if not folder.exists():
            if not is_default:
                raise StoreError(missing_folder(path) or f"cannot create {path}")
            _make_private_folders(folder)
        elif is_default:
            folder.chmod(0o700)
        if not folder.is_dir():
            raise StoreError(f"cannot create {path}: {folder} is not a folder")
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        return _check_existing(
            path, busy_timeout_ms, header_checked=header_checked, writing=writing
        )
    except (NotADirectoryError, FileNotFoundError):
        raise StoreError(f"cannot create {path}: a part of that path is not a folder") from None
    except PermissionError:
        raise StoreError(f"cannot create {path}: permission denied") from None
    except OSError as error:
        raise StoreError(f"cannot create {path}: {error.strerror}") from None
    return Prepared()


def missing_folder(path: Path) -> str:
    """Why a database file cannot be made at ``path`` when its folder does not exist (""
    when it does, or cannot be looked at: opening the file will say why)."""
    above = path.parent
    try:
        if above.exists():
            return ""
        while not above.exists():
            above = above.parent
        if not above.is_dir():
            return f"cannot create {path}: a part of that path is not a folder"
    except OSError:
        return ""
    return f"{path.parent} does not exist; create the folder first"


def _make_private_folders(folder: Path) -> None:
    """Create folder and any missing parents, each readable by the user only."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(mode=0o700)
        new.chmod(0o700)  # mkdir's mode is masked by the umask


def header_problem(path: Path, header: bytes, size: int) -> str | None:
    """What is wrong with a non-empty file, judged by its first 100 bytes and its size."""
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return f"{path} is not an infotui database (it is not a SQLite file)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    header_count_valid = header[92:96] == header[24:28]
    if header_count_valid and page_count and size < page_size * page_count:
        return (
            f"{path} is damaged: the file is shorter than its header says "
            f"({size:,} of {page_size * page_count:,} bytes); it may have been truncated"
        )
    return None


def _check_existing(
    path: Path, busy_timeout_ms: int, *, header_checked: bool, writing: bool
) -> Prepared:
    """Refuse a file that is not a healthy infotui database (or, ``writing``, one infotui
    cannot write to), without changing it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not header_checked:
        try:
            header, size = read_header(path)
        except PermissionError:
            raise StoreError(f"{path} cannot be read: permission denied") from None
        except OSError as error:
            raise StoreError(f"{path} cannot be read: {error.strerror}") from None
        if size == 0:
            if writing:
                _refuse_read_only(path)
            return Prepared()  # a new, empty database
        problem = header_problem(path, header, size)
        if problem:
            raise StoreError(problem)
    if writing:
        _refuse_read_only(path)  # before the probe, which may create the -wal and -shm files
    return Prepared(_stored_version(path, busy_timeout_ms, writable=writing))


def _stored_version(path: Path, busy_timeout_ms: int, *, writable: bool) -> int | None:
    """The schema version, read read-only; refuses what infotui cannot open as it is.

    A damaged file, another program's database, one without a schema version or from
    a newer infotui is refused before anything (even the switch to WAL) writes to it.
    A read-only connection to a WAL database still creates its -wal and -shm files;
    the ones it made are removed if the file turns out to be unusable.
    """
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    absent = [p for p in companions if not p.exists()]
    try:
        uri = read_only_uri(path, writable=writable)
        probe = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000)
        try:
            query = "SELECT name FROM sqlite_master WHERE type='table'"
            tables = {row[0] for row in probe.execute(query)}
            if not tables:
                return None
            if VERSION_TABLE not in tables:
                raise StoreError(f"{path} is a SQLite database of another program, not infotui's")
            row = probe.execute(
                f"SELECT value FROM {VERSION_TABLE} WHERE key = ?", (VERSION_KEY,)
            ).fetchone()
        finally:
            probe.close()
        return _known_version(path, row)
    except (sqlite3.Error, StoreError) as error:
        for made in absent:
            if made.exists() and made.stat().st_size in (0, 32768):
                made.unlink()
        if isinstance(error, StoreError):
            raise
        raise store_error(error, path, busy_timeout_ms) from None


def _known_version(path: Path, row: tuple[object, ...] | None) -> int:
    if row is None or not str(row[0]).isdigit():
        raise StoreError(f"{path} has no infotui schema version: it was not made by infotui")
    version = int(str(row[0]))
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} uses schema {version}, newer than this infotui knows ({SCHEMA_VERSION}); "
            "upgrade infotui to open it"
        )
    return version


def _refuse_read_only(path: Path) -> None:
    """A file infotui could not save to is refused now, not once the user has typed."""
    why = unwritable(path)
    if why:
        raise StoreError(why)


def unwritable(path: Path) -> str:
    """Why infotui cannot write to the database file at ``path``, or beside it (its
    -wal and -shm files, the journal of what is typed), as the user is told it; "" when
    it can. The cause is told as it is: a read-only file system, a file made read-only
    (whose mode is what to change), one marked immutable, another user's.

    A file is judged by its mode as well as by access(): root may write to a 0444 file,
    but a file made read-only was made so on purpose. Its folder by access() alone."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if not (os.access(path, os.W_OK) and mode & stat.S_IWUSR):
        advice = "open a copy"
        if not mode & stat.S_IWUSR and not _read_only_system(path):
            advice = "make it writable (chmod u+w) or open a copy"
        return f"{path} {_cannot_write(path, mode)}: infotui needs to write to it; {advice}"
    folder = path.parent
    if not os.access(folder, os.W_OK):
        mode = stat.S_IMODE(folder.stat().st_mode)
        return (
            f"{folder} {_cannot_write(folder, mode)}: infotui needs to write there, beside "
            f"{path.name}; open a copy"
        )
    return ""


def _cannot_write(path: Path, mode: int) -> str:
    """Why this process may not write to ``path`` (a file or a folder), which it may not."""
    if _read_only_system(path):
        return "is on a read-only file system"
    if not mode & stat.S_IWUSR:
        return f"is read-only (mode {mode:04o})"
    if os.geteuid() not in (0, path.stat().st_uid):
        return f"belongs to another user and is not writable by you (mode {mode:04o})"
    # Its owner may write by its mode, on a file system that can be written: a flag
    # (chattr +i, or +a) or a security module says no.
    return "cannot be written (it may be marked immutable)"


def _read_only_system(path: Path) -> bool:
    return bool(os.statvfs(path).f_flag & os.ST_RDONLY)


def read_only_uri(path: Path, *, writable: bool = True) -> str:
    """The URI that opens the database at ``path`` read-only with the sqlite3 module.

    A read-only connection to a database in WAL mode makes its -wal and -shm files when
    they are not there, with the database's mode: beside a file made read-only (0400)
    they would be read-only too, and the next infotui to open the file, made writable
    again, could not write through them. So a file infotui cannot write to (not
    ``writable``), or whose companions cannot be made beside it, is opened as immutable
    when it has no -wal: read without locks and without making a file. Nothing is
    writing to it then (a program writing to it has its -wal open), and none can start
    to but one that may write where infotui may not (through another, writable mount of
    the same folder; as root past a 0400 mode): the one case read without the
    protection of SQLite's locks. A file with a -wal is opened read-only with its locks."""
    uri = f"{path.as_uri()}?mode=ro"
    if writable and os.access(path.parent, os.W_OK):
        return uri
    if path.with_name(path.name + "-wal").exists():
        return uri
    return f"{uri}&immutable=1"


def make_private(path: Path) -> list[str]:
    """Notes about real people are the user's alone: an existing database (and its
    companions) readable by others is made private, and the user is told once.

    Called once the file is accepted (and backed up, if it needs upgrading): a file
    refused is left exactly as it was, mode included."""
    loose = [
        p
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
        if p.exists() and stat.S_IMODE(p.stat().st_mode) & 0o077
    ]
    if not loose:
        return []
    try:
        for p in loose:
            p.chmod(stat.S_IMODE(p.stat().st_mode) & 0o700)
    except OSError as error:
        return [f"{path} can be read by other users and could not be made private: {error}"]
    return [f"{path} could be read by other users; it is now readable by you only (0600)"]
