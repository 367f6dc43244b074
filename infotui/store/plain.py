"""An infotui SQLite file opened with the ``sqlite3`` module alone.

Loading SQLAlchemy, SQLModel and pydantic costs a command about a second of
processor time before it reads a row: more than importing 30,000 contacts takes.
A command that needs no more of the database than its driver (a bulk import, an
export of the contacts: :mod:`infotui.store.bulk`) opens the file here instead, when
the file is ready as it is: a SQLite file that exists, of this schema, seeded from
this question bank, with no notes left behind by an infotui that was killed. Anything else (a new
file, one to upgrade or seed, notes to save, a server) is for the full store,
which does all of that; :meth:`PlainFile.open` then says None.

The file is checked as the store checks it (:func:`infotui.dbfile.prepare_file`:
damaged, another program's, newer, read-only files are refused) and opened with
the same settings: write-ahead log, full sync, foreign keys, the same busy timeout.

A command that only reads (the contact list, a contact export) may open a file infotui
cannot write to (on a read-only file system, marked immutable, made read-only): it is
then opened read-only (:func:`infotui.dbfile.read_only_uri`), written to by nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from infotui.clock import Clock, SystemClock
from infotui.dbfile import (
    DEFAULT_BUSY_TIMEOUT_MS,
    SCHEMA_VERSION,
    make_private,
    prepare_file,
    read_only_uri,
    store_error,
    unwritable,
)
from infotui.errors import StoreError
from infotui.journal import DraftJournal
from infotui.store.bulk import Driver, contacts_for_export
from infotui.store.imports import Imports
from infotui.store.settings import INSTALL_ID, SEEDED, new_install_id, seed_stamp
from infotui.views import ContactExport


def _seeded(connection: sqlite3.Connection) -> bool:
    """Whether the file holds this version's question bank (else the store seeds it)."""
    row = connection.execute("SELECT value FROM setting WHERE key = ?", (SEEDED,)).fetchone()
    return row is not None and row[0] == seed_stamp(None)


class PlainFile:
    """An open infotui file, for bulk work through the ``sqlite3`` module."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        *,
        clock: Clock,
        busy_timeout_ms: int,
        notices: list[str],
        read_only: str = "",
    ) -> None:
        self.path = path
        self.connection = connection
        self.clock = clock
        self.busy_timeout_ms = busy_timeout_ms
        self.notices = notices  # what opening did to the file, to tell the user once
        self.read_only = read_only  # why it was opened read-only ("": it was not)
        self.imports = Imports(self.driver, clock.instant)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        clock: Clock | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        is_default: bool = False,
        only_reads: bool = False,
    ) -> Self | None:
        """The file, opened; None when the full store must open it (see the module).

        A file that cannot be used at all (damaged, another program's, locked) raises
        :class:`StoreError`, as the store would. ``only_reads``: the caller writes
        nothing, so a file infotui cannot write to is opened read-only, not refused.
        """
        if not path.is_file() or DraftJournal(path).orphans():
            return None
        why = unwritable(path) if only_reads else ""
        if why:
            return cls._open_read_only(path, why, clock=clock, busy_timeout_ms=busy_timeout_ms)
        prepared = prepare_file(path, busy_timeout_ms, is_default=is_default)
        if prepared.version != SCHEMA_VERSION:
            return None
        try:
            # A bulk write's statements may run on a thread of its own, one at a time
            # (:meth:`infotui.store.bulk.Driver.in_background`).
            connection = sqlite3.connect(
                path,
                timeout=busy_timeout_ms / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise store_error(error, path, busy_timeout_ms) from None
        try:
            for pragma in (
                f"busy_timeout={int(busy_timeout_ms)}",
                "foreign_keys=ON",
                "journal_mode=WAL",
                "synchronous=FULL",
            ):
                connection.execute(f"PRAGMA {pragma}")
            seeded = _seeded(connection)
        except sqlite3.Error as error:
            connection.close()
            raise store_error(error, path, busy_timeout_ms) from None
        if not seeded:
            connection.close()
            return None
        notices = make_private(path)
        return cls(
            path,
            connection,
            clock=clock or SystemClock(),
            busy_timeout_ms=busy_timeout_ms,
            notices=notices,
        )

    @classmethod
    def _open_read_only(
        cls, path: Path, why: str, *, clock: Clock | None, busy_timeout_ms: int
    ) -> Self | None:
        """A file infotui cannot write to (``why``), opened read-only; None when it is not
        ready as it is (the store, which must write to it first, then refuses it)."""
        prepared = prepare_file(path, busy_timeout_ms, is_default=False, writing=False)
        if prepared.version != SCHEMA_VERSION:
            return None
        try:
            connection = sqlite3.connect(
                read_only_uri(path, writable=False), uri=True, timeout=busy_timeout_ms / 1000
            )
        except sqlite3.Error:
            raise StoreError(why) from None
        try:
            connection.isolation_level = None
            connection.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            seeded = _seeded(connection)
        except sqlite3.Error as error:
            connection.close()
            if "unable to open" in str(error) or "readonly" in str(error):
                raise StoreError(why) from None
            raise store_error(error, path, busy_timeout_ms) from None
        if not seeded:
            connection.close()
            return None
        return cls(
            path,
            connection,
            clock=clock or SystemClock(),
            busy_timeout_ms=busy_timeout_ms,
            notices=[],
            read_only=why,
        )

    def _error(self, error: BaseException) -> StoreError:
        return store_error(error, self.path, self.busy_timeout_ms)

    @contextmanager
    def driver(self) -> Iterator[Driver]:
        """One transaction: committed by ``Driver.commit``, rolled back if the block
        leaves without it."""
        connection = self.connection

        def commit() -> None:
            connection.execute("COMMIT")

        try:
            connection.execute("BEGIN")
        except sqlite3.Error as error:
            raise self._error(error) from None
        driver = Driver(
            connection,
            engine="sqlite",
            paramstyle=sqlite3.paramstyle,
            errors=sqlite3.Error,
            to_store_error=self._error,
            commit=commit,
            threads=True,
        )
        try:
            yield driver
        finally:
            driver.close()
            if connection.in_transaction:
                connection.execute("ROLLBACK")

    def contacts_for_export(self) -> list[ContactExport]:
        """Every contact, as the store's ``contacts.for_export`` reads them."""
        with self.driver() as driver:
            return contacts_for_export(driver)

    def install_id(self) -> str:
        """This database's own id (made now if it has none yet), as the store's
        ``settings.install_id`` gives it."""
        with self.driver() as driver:
            found = driver.rows("SELECT value FROM setting WHERE key = ?", (INSTALL_ID,))
            if found and found[0][0]:
                return str(found[0][0])
            if self.read_only:  # one cannot be kept: UIDs made now would change each time
                raise StoreError(
                    f"{self.read_only} (a first vCard export keeps an id in it for the cards' UIDs)"
                )
            value = new_install_id()
            driver.rows(
                "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (INSTALL_ID, value)
            )
            driver.commit()
            return value

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
