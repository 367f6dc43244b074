"""Every database read and write: engine, pragmas, migrations, queries.

The app and the CLI are handed a :class:`Store`; nothing opens a database at
import time. The store knows nothing of Textual.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pendulum
from sqlalchemy import event, exc, func
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, col, create_engine, select

from infotui import migrations
from infotui.clock import Clock, SystemClock
from infotui.errors import StoreError, StoreLockedError
from infotui.models import Contact, OutreachStatus, Question, Section, Setting
from infotui.questions import QuestionBank, load_bank
from infotui.validation import ValidationError, clean_contact

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT_MS = 5000
SECTION_ORDER = {section.value: n for n, section in enumerate(Section)}


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("infotui", appauthor=False) / "infotui.db"


def resolve_target(target: str | os.PathLike[str] | None) -> tuple[str, Path | None]:
    """Turn a --db value into (SQLAlchemy URL, database file or None)."""
    if target is None or str(target) == "":
        path = default_db_path()
        return f"sqlite:///{path}", path
    text = os.fspath(target)
    if "://" in text:
        try:
            url = make_url(text)
        except exc.ArgumentError as error:
            raise StoreError(f"{text!r} is neither a file path nor a database URL") from error
        on_disk = url.database not in (None, "", ":memory:") and not url.query
        if url.get_backend_name() != "sqlite" or not on_disk:
            return text, None
        text = url.database or ""
    path = Path(text).expanduser().resolve()
    return f"sqlite:///{path}", path


class Store:
    """The one owner of the database.

    ``target`` is a file path, a SQLAlchemy URL (``sqlite://`` is an in-memory
    database), or None for the default file in the user's data folder.
    Opening checks the file, creates it private to the user, applies pending
    migrations and seeds the question bank.
    """

    def __init__(
        self,
        target: str | os.PathLike[str] | None = None,
        *,
        clock: Clock | None = None,
        bank: QuestionBank | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.url, self.path = resolve_target(target)
        self.busy_timeout_ms = busy_timeout_ms
        self._bank = bank
        if self.path is not None:
            _prepare_file(self.path, busy_timeout_ms, is_default=target in (None, ""))
        self.engine = self._make_engine()
        try:
            with self._translate_errors():
                self.backup_path = migrations.upgrade(self.engine, self.path)
                self.seed_questions(self.bank)
        except BaseException:
            self.engine.dispose()
            raise

    # -- engine -------------------------------------------------------------

    def _make_engine(self) -> Engine:
        url = make_url(self.url)
        if url.get_backend_name() != "sqlite":
            return create_engine(self.url)
        connect_args: dict[str, Any] = {
            "check_same_thread": False,
            "timeout": self.busy_timeout_ms / 1000,
        }
        in_memory = self.path is None
        engine = create_engine(
            self.url,
            connect_args=connect_args,
            poolclass=StaticPool if in_memory else None,
        )
        busy = int(self.busy_timeout_ms)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            # Let SQLAlchemy, not the sqlite3 module, decide when transactions
            # begin (SQLAlchemy's documented pysqlite recipe), so BEGIN, DDL and
            # pragmas behave as written.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={busy}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN")

        return engine

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def bank(self) -> QuestionBank:
        if self._bank is None:
            self._bank = load_bank()
        return self._bank

    def pragma(self, name: str) -> Any:
        """Read one SQLite pragma on a fresh pooled connection (for checks and tests)."""
        if not name.isidentifier():
            raise ValueError(name)
        with self.engine.connect() as conn:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        where = self.path or self.url
        try:
            yield
        except exc.OperationalError as error:
            raise _store_error(error.orig, where, self.busy_timeout_ms) from error
        except exc.DatabaseError as error:
            raise StoreError(f"{where} could not be used: {error.orig}") from error

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose objects stay readable after commit."""
        with self._translate_errors(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    def now(self) -> pendulum.DateTime:
        return self.clock.now()

    # -- settings -----------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.session() as s:
            row = s.get(Setting, key)
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.session() as s:
            row = s.get(Setting, key) or Setting(key=key, value=value)
            row.value = value
            s.add(row)
            s.commit()

    # -- question bank ------------------------------------------------------

    def seed_questions(self, bank: QuestionBank) -> int:
        """Add the shipped questions the database does not have yet.

        Never touches a question that is already there, edited or archived:
        only unknown keys are added, at the end of their section.
        """
        with self.session() as s:
            known = set(s.exec(select(Question.key).where(col(Question.key).is_not(None))).all())
            missing = [q for q in bank.questions if q.key not in known]
            if not missing:
                return 0
            now = self.now()
            last = dict(
                s.exec(
                    select(Question.section, func.max(Question.position)).group_by(Question.section)
                ).all()
            )
            for shipped in missing:
                position = last.get(shipped.section.value, -1) + 1
                last[shipped.section.value] = position
                s.add(
                    Question(
                        key=shipped.key,
                        text=shipped.text,
                        hint=shipped.hint,
                        section=shipped.section.value,
                        position=position,
                        closing=shipped.closing,
                        created_at=now,
                        updated_at=now,
                    )
                )
            s.commit()
            return len(missing)

    def questions(self, *, include_archived: bool = False) -> list[Question]:
        """The bank in display order: by section, then position."""
        with self.session() as s:
            query = select(Question)
            if not include_archived:
                query = query.where(col(Question.archived).is_(False))
            rows = list(s.exec(query).all())
        rows.sort(key=lambda q: (SECTION_ORDER.get(q.section, 99), q.position, q.id or 0))
        return rows

    # -- contacts -----------------------------------------------------------

    def add_contact(self, name: str, **fields: str) -> Contact:
        cleaned = clean_contact({"name": name, **fields})
        now = self.now()
        contact = Contact(**cleaned, created_at=now, updated_at=now)
        with self.session() as s:
            s.add(contact)
            s.commit()
        return contact

    def find_duplicate(self, name: str, *, company: str = "", email: str = "") -> Contact | None:
        """A contact that is the same person: same email, or same name and company."""
        name = " ".join(name.split()).lower()
        with self.session() as s:
            if email.strip():
                query = select(Contact).where(func.lower(Contact.email) == email.strip().lower())
                found = s.exec(query).first()
                if found:
                    return found
            query = select(Contact).where(
                func.lower(Contact.name) == name,
                func.lower(Contact.company) == company.strip().lower(),
            )
            return s.exec(query).first()

    def contacts(self) -> list[Contact]:
        with self.session() as s:
            return list(
                s.exec(select(Contact).order_by(func.lower(Contact.name), Contact.id)).all()
            )

    def contact(self, contact_id: int) -> Contact | None:
        with self.session() as s:
            return s.get(Contact, contact_id)

    def update_contact(self, contact_id: int, **fields: str) -> Contact:
        cleaned = clean_contact(fields)
        with self.session() as s:
            contact = s.get(Contact, contact_id)
            if contact is None:
                raise StoreError(f"there is no contact {contact_id}")
            for key, value in cleaned.items():
                setattr(contact, key, value)
            contact.updated_at = self.now()
            s.add(contact)
            s.commit()
            return contact

    def set_contact_status(self, contact_id: int, status: OutreachStatus) -> Contact:
        with self.session() as s:
            contact = s.get(Contact, contact_id)
            if contact is None:
                raise StoreError(f"there is no contact {contact_id}")
            if contact.status != status.value:
                contact.status = status.value
                contact.status_changed_at = contact.updated_at = self.now()
                s.add(contact)
                s.commit()
            return contact


__all__ = [
    "Store",
    "StoreError",
    "StoreLockedError",
    "ValidationError",
    "default_db_path",
    "resolve_target",
]


# -- opening a database file safely -------------------------------------------


def _store_error(error: BaseException | None, where: object, busy_timeout_ms: int) -> StoreError:
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


def _prepare_file(path: Path, busy_timeout_ms: int, *, is_default: bool) -> None:
    """Check an existing file without writing to it, or create a private new one."""
    if path.exists():
        _check_existing(path, busy_timeout_ms)
        return
    folder = path.parent
    try:
        if not folder.exists():
            _make_private_folders(folder)
        elif is_default:
            folder.chmod(0o700)
        if not folder.is_dir():
            raise StoreError(f"cannot create {path}: {folder} is not a folder")
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        _check_existing(path, busy_timeout_ms)
    except (NotADirectoryError, FileNotFoundError):
        raise StoreError(f"cannot create {path}: a part of that path is not a folder") from None
    except PermissionError:
        raise StoreError(f"cannot create {path}: permission denied") from None
    except OSError as error:
        raise StoreError(f"cannot create {path}: {error.strerror}") from None


def _make_private_folders(folder: Path) -> None:
    """Create folder and any missing parents, each readable by the user only."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(mode=0o700)
        new.chmod(0o700)  # mkdir's mode is masked by the umask


def _check_existing(path: Path, busy_timeout_ms: int) -> None:
    """Refuse a file that is not a healthy infotui database, without changing it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except PermissionError:
        raise StoreError(f"{path} cannot be read: permission denied") from None
    except OSError as error:
        raise StoreError(f"{path} cannot be read: {error.strerror}") from None
    if size == 0:
        return  # a new, empty database
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise StoreError(f"{path} is not an infotui database (it is not a SQLite file)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    header_count_valid = header[92:96] == header[24:28]
    if header_count_valid and page_count and size < page_size * page_count:
        raise StoreError(
            f"{path} is damaged: the file is shorter than its header says "
            f"({size:,} of {page_size * page_count:,} bytes); it may have been truncated"
        )
    # Look inside read-only: a damaged file or another program's database must
    # be refused before anything (even the switch to WAL) writes to it.
    # A read-only connection to a WAL database still creates its -wal and -shm
    # files; remove the ones it made if the file turns out to be unusable.
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    absent = [p for p in companions if not p.exists()]
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_timeout_ms / 1000)
        try:
            query = "SELECT name FROM sqlite_master WHERE type='table'"
            tables = {row[0] for row in probe.execute(query)}
            if tables and migrations.VERSION_TABLE not in tables:
                raise StoreError(f"{path} is a SQLite database of another program, not infotui's")
            if tables:
                probe.execute(f"SELECT count(*) FROM {migrations.VERSION_TABLE}").fetchone()
        finally:
            probe.close()
    except (sqlite3.Error, StoreError) as error:
        for made in absent:
            if made.exists() and made.stat().st_size in (0, 32768):
                made.unlink()
        if isinstance(error, StoreError):
            raise
        raise _store_error(error, path, busy_timeout_ms) from None
