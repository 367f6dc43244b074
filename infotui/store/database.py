"""The database every repository of the store shares: engine, pragmas, sessions, errors."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self, TypeVar

import pendulum
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from infotui import migrations
from infotui import search as fts
from infotui.clock import Clock, SystemClock
from infotui.dbfile import (
    DEFAULT_BUSY_TIMEOUT_MS,
    default_db_path,
    make_private,
    prepare_file,
    store_error,
)
from infotui.errors import StoreError, StoreLockedError
from infotui.questions import QuestionBank, load_bank
from infotui.store.bulk import Driver

IN_CHUNK = 500  # ids read in one statement (well within every database's limits)
CACHE_KIB = 512  # SQLite's page cache, a connection (see _make_engine)
ROW_NAMES = {"PlanItem": "planned question"}
Row = TypeVar("Row", bound=SQLModel)


def hide_password(url: str) -> str:
    """The URL as it may be shown, logged or reported: its password as ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (exc.ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _password(url: str) -> str | None:
    try:
        return make_url(url).password or None
    except (exc.ArgumentError, ValueError):
        return None


LOCK_STATES = {"55P03", "40P01"}  # PostgreSQL: lock not available, deadlock


def server_error(error: BaseException | None, where: str, password: str | None) -> StoreError:
    """A database server's error as one line, never with the password."""
    message = " ".join(str(error).split()) if error is not None else "unknown error"
    message = message.removeprefix("connection failed: ")
    if password:
        message = message.replace(password, "***")
    if getattr(error, "sqlstate", None) in LOCK_STATES:
        return StoreLockedError(f"{where} is busy: another client holds what this change needs")
    return StoreError(f"{where} could not be used: {message}")


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
            raise StoreError(
                f"{hide_password(text)!r} is neither a file path nor a database URL"
            ) from error
        on_disk = url.database not in (None, "", ":memory:") and not url.query
        if url.drivername == "postgresql":  # SQLAlchemy's default driver is not infotui's
            return url.set(drivername=POSTGRES_DRIVER).render_as_string(False), None
        if url.get_backend_name() != "sqlite" or not on_disk:
            return text, None
        text = url.database or ""
    path = Path(text).expanduser().resolve()
    return f"sqlite:///{path}", path


DRIVER_EXTRAS = {"postgresql": "postgres"}
POSTGRES_DRIVER = "postgresql+psycopg"  # psycopg 3: the postgres extra


def _missing_driver(backend: str, error: BaseException) -> str:
    extra = DRIVER_EXTRAS.get(backend)
    if extra is not None:
        return (
            f"{backend} databases need a driver that is not installed: "
            f"pip install 'infotui[{extra}]'"
        )
    return f"no driver for {backend} databases is installed ({error})"


class Database:
    """The one owner of the engine.

    ``target`` is a file path, a SQLAlchemy URL (``sqlite://`` is an in-memory
    database), or None for the default file in the user's data folder.
    Opening checks the file, creates it private to the user and applies pending
    migrations; :class:`infotui.store.Store` then seeds the question bank.
    ``header_checked``: this process has read the file's header already and holds
    a connection to it (the first look); see :mod:`infotui.dbfile` for why it must
    then not be read again. ``upgrade``: bring a server's database of an older schema
    up to date (a file is copied aside and upgraded without asking; a server's
    database is refused until the user has backed it up: see :mod:`infotui.migrations`).
    """

    def __init__(
        self,
        target: str | os.PathLike[str] | None = None,
        *,
        clock: Clock | None = None,
        bank: QuestionBank | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        header_checked: bool = False,
        upgrade: bool = False,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.url, self.path = resolve_target(target)
        self.shown_url = hide_password(self.url)  # for messages: never the password
        self.engine_name = make_url(self.url).get_backend_name()  # sqlite, postgresql, ...
        self.busy_timeout_ms = busy_timeout_ms
        self._bank = bank
        self.backup_path: Path | None = None
        self.notices: list[str] = []  # what opening did to the file, to tell the user once
        if self.path is not None:
            prepared = prepare_file(
                self.path,
                busy_timeout_ms,
                is_default=target in (None, ""),
                header_checked=header_checked,
            )
            if prepared.version is not None and prepared.version < migrations.LATEST:
                self.backup_path = migrations.backup(self.path, prepared.version)
            self.notices = make_private(self.path)
        self.engine = self._make_engine()
        try:
            with self.translate_errors():
                migrations.upgrade(
                    self.engine,
                    allowed=upgrade or self.engine.dialect.name == "sqlite",
                    where=self.shown_url,
                )
        except BaseException:
            self.engine.dispose()
            raise

    # -- engine -------------------------------------------------------------

    def _make_engine(self) -> Engine:
        url = make_url(self.url)
        if url.get_backend_name() != "sqlite":
            # A server that went away is noticed when a connection is taken from the pool
            # (pre-ping), and one that does not answer is given up after a few seconds
            # rather than the minutes of a TCP timeout: saves wait on the UI thread.
            server_args: dict[str, Any] = {}
            if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
                server_args["connect_timeout"] = 5
            try:
                return create_engine(self.url, pool_pre_ping=True, connect_args=server_args)
            except (ImportError, exc.NoSuchModuleError) as error:
                raise StoreError(_missing_driver(url.get_backend_name(), error)) from None
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
            # A page cache of 512 KiB (SQLite's default is 2 MB a connection): the reads
            # that scan (the contact filters, counts) go through indexes larger than
            # either, read again from the system's cache each time anyway.
            cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            # The search index's vocabulary, for prefixes (see infotui.search): a table of
            # this connection's own, made here (outside a transaction, which would take
            # it away again as it ends); it may be made before the index is.
            cursor.execute(fts.CREATE_VOCABULARY)
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN")

        return engine

    def check_writable(self) -> None:
        """Refuse now a database another program keeps locked for writing (after the
        busy timeout), rather than let the user type into a screen that cannot save."""
        raw = self.engine.raw_connection()
        try:
            raw.execute("BEGIN IMMEDIATE")  # waits for the lock up to the busy timeout
            raw.execute("ROLLBACK")
        except sqlite3.Error as error:
            raise store_error(error, self.path, self.busy_timeout_ms) from None
        finally:
            raw.close()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
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
    def translate_errors(self) -> Iterator[None]:
        if self.engine_name != "sqlite":
            try:
                yield
            except exc.DBAPIError as error:
                raise server_error(error.orig, self.shown_url, _password(self.url)) from None
            return
        where = self.path or self.url
        try:
            yield
        except exc.OperationalError as error:
            raise store_error(error.orig, where, self.busy_timeout_ms) from error
        except exc.DatabaseError as error:
            raise store_error(error.orig, where, self.busy_timeout_ms) from error

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose objects stay readable after commit."""
        with self.translate_errors(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def driver(self) -> Iterator[Driver]:
        """One transaction used through the database driver's own connection, for
        bulk writes (:mod:`infotui.store.bulk`): committed by ``Driver.commit``, rolled
        back if the block leaves without it."""
        with self.session() as s:
            conn = s.connection()
            dialect = conn.dialect
            if self.engine_name == "sqlite":
                where = self.path or self.url

                def to_store_error(error: BaseException) -> StoreError:
                    return store_error(error, where, self.busy_timeout_ms)
            else:
                password = _password(self.url)

                def to_store_error(error: BaseException) -> StoreError:
                    return server_error(error, self.shown_url, password)

            driver = Driver(
                conn.connection.driver_connection,
                engine=self.engine_name,
                paramstyle=dialect.paramstyle,
                errors=dialect.loaded_dbapi.Error,
                to_store_error=to_store_error,
                commit=s.commit,
            )
            try:
                yield driver
            finally:
                driver.close()

    def require(self, s: Session, model: type[Row], ident: int) -> Row:
        """The row with this id, or a StoreError naming what is missing."""
        row = s.get(model, ident)
        if row is None:
            what = ROW_NAMES.get(model.__name__, model.__name__.lower())
            raise StoreError(f"there is no {what} {ident}")
        return row

    def now(self) -> pendulum.DateTime:
        return self.clock.now()
