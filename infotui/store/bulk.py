"""Many rows written at once, through the database driver itself.

An import of tens of thousands of contacts spends its time in the writing, not in
deciding what to write: SQLAlchemy's statements and conversions per row cost more
than the database, and so do the triggers that index each row as it comes. Here a
transaction is used through the driver's own connection (:class:`Driver`: the
``sqlite3`` module's, or psycopg's), rows go in with the driver's ``executemany``,
and on SQLite the two indexes kept by triggers, the search index and the contact
filters' table, are filled once at the end (:class:`Indexes`).

Where the connection may be used from another thread (a plain SQLite file's), the
statements of a batch run on a thread of their own (:meth:`Driver.in_background`)
while the next batch is read and matched: SQLite lets go of the interpreter while it
works, so the two share the machine's cores. Each batch's rows go in as one statement
(:meth:`Driver.insert_rows`) for that reason: ``executemany`` takes the interpreter
back after every row, and would wait for the reading at each.

Contacts are read for an export the same way (:func:`contacts_for_export`).

Nothing here imports SQLAlchemy: the command line opens an up-to-date SQLite file
with the ``sqlite3`` module alone (:mod:`infotui.store.plain`) and imports through
the same code as the app, which hands its own connection in
(:meth:`infotui.store.database.Database.driver`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from infotui import contact_index, search
from infotui.errors import StoreError
from infotui.views import ContactExport, stored_instant

ToStoreError = Callable[[BaseException], StoreError]
# The interpreter's switch interval while a batch is written in the background (s).
WRITER_SWITCH_INTERVAL = 0.001
# A statement's parameters: by place (``?``), or by name (``:name``, SQLite's driver only).
Params = Sequence[Any] | Mapping[str, Any]


class Driver:
    """One transaction, through a DB-API connection.

    Statements are written with ``?`` for their parameters, as SQLite takes them; for
    a driver of the ``format`` style (psycopg) they are rewritten. The driver's errors
    come out as :class:`StoreError`, made by ``to_store_error``. Nothing is committed
    but by :meth:`commit`; the opener calls :meth:`close`, then rolls back what is left.

    ``threads`` says the connection may be used from a thread other than the one that
    made it, one thread at a time: then :meth:`in_background` runs its work on a thread
    of its own. Every other method first waits for that work to end (and raises its
    error), so the connection is never used by two threads at once.
    """

    def __init__(
        self,
        connection: Any,
        *,
        engine: str,
        paramstyle: str,
        errors: type[BaseException] | tuple[type[BaseException], ...],
        to_store_error: ToStoreError,
        commit: Callable[[], None],
        threads: bool = False,
    ) -> None:
        if paramstyle not in ("qmark", "format", "pyformat"):
            raise StoreError(f"bulk writes are not supported on {engine} databases")
        self.engine = engine  # "sqlite", "postgresql", ...
        self.sqlite = engine == "sqlite"
        self._percent = paramstyle != "qmark"
        self._cursor = connection.cursor()
        self._errors = errors
        self._to_store_error = to_store_error
        self._commit = commit
        self._threads = threads
        self._pending: threading.Thread | None = None
        self._interval: float | None = None  # the switch interval before the writer's
        self._failed: BaseException | None = None
        # Parameters one statement takes at most (SQLite's limit; 999 before 3.32).
        self.max_params = (
            connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            if self.sqlite and hasattr(connection, "getlimit")
            else 999
        )

    def in_background(self, work: Callable[[], None]) -> None:
        """Run ``work`` (which uses this driver) on a thread of its own, once the work
        given before has ended; without ``threads``, run it now. Its error is raised by
        the next use of the driver."""
        self.settle()
        if not self._threads:
            work()
            return

        def run() -> None:
            try:
                work()
            except BaseException as error:  # raised again in the caller's thread
                self._failed = error

        self._pending = threading.Thread(target=run, name="infotui-bulk-writer")
        if self._interval is None:
            # The writer takes the interpreter back after each of its statements; the
            # reading thread holds it meanwhile, and lets go when asked after the switch
            # interval (5 ms by default): a few of those a batch were a fifth of an
            # import's time. Shorter while the writer runs; put back by settle().
            self._interval = sys.getswitchinterval()
            sys.setswitchinterval(min(self._interval, WRITER_SWITCH_INTERVAL))
        self._pending.start()

    def settle(self) -> None:
        """Wait for the work given to :meth:`in_background`; raise its error if it failed."""
        pending = self._pending
        if pending is None or pending is threading.current_thread():
            return
        pending.join()
        self._pending = None
        self._restore_interval()
        failed, self._failed = self._failed, None
        if failed is not None:
            raise failed

    def close(self) -> None:
        """Wait for any work still running, its error aside: the opener is leaving, and
        rolls back what was not committed."""
        pending = self._pending
        if pending is not None and pending is not threading.current_thread():
            pending.join()
        self._pending = self._failed = None
        self._restore_interval()

    def _restore_interval(self) -> None:
        if self._interval is not None:
            sys.setswitchinterval(self._interval)
            self._interval = None

    def _sql(self, statement: str) -> str:
        return statement.replace("%", "%%").replace("?", "%s") if self._percent else statement

    def rows(self, statement: str, params: Params | None = None, /) -> list[tuple[Any, ...]]:
        """Run ``statement``; the rows it gives, if any."""
        self.settle()
        try:
            self._cursor.execute(self._sql(statement), params or ())
            return self._cursor.fetchall() if self._cursor.description else []
        except self._errors as error:
            raise self._to_store_error(error) from None

    def each(
        self, statement: str, params: Sequence[Any] = (), *, batch: int = 2000
    ) -> Iterator[tuple[Any, ...]]:
        """The rows ``statement`` gives, a batch at a time (not all held at once). The
        driver is used for nothing else until they are all read."""
        self.settle()
        try:
            cursor = self._cursor
            cursor.execute(self._sql(statement), params)
            while rows := cursor.fetchmany(batch):
                yield from rows
        except self._errors as error:
            raise self._to_store_error(error) from None

    def many(self, statement: str, rows: Iterable[Params]) -> None:
        """Run ``statement`` once for each of ``rows``."""
        self.settle()
        try:
            self._cursor.executemany(self._sql(statement), rows)
        except self._errors as error:
            raise self._to_store_error(error) from None

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert ``rows`` (each of ``columns``): on SQLite as few statements as its limit
        on parameters allows, each handled by SQLite in one go; elsewhere through
        ``executemany``."""
        if not self.sqlite:
            self.many(insert_sql(table, columns), rows)
            return
        self.settle()
        width = len(columns)
        per = max(1, self.max_params // width)
        one = f"({', '.join('?' * width)})"
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        try:
            for start in range(0, len(rows), per):
                chunk = rows[start : start + per]
                values = [value for row in chunk for value in row]
                self._cursor.execute(head + ", ".join([one] * len(chunk)), values)
        except self._errors as error:
            raise self._to_store_error(error) from None

    def time(self, value: dt.datetime) -> object:
        """An aware time as a time column stores it: naive UTC, as text on SQLite (in the
        form SQLAlchemy writes and reads, see :class:`infotui.models.UTCDateTime`)."""
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: infotui stores aware instants only")
        naive = value.astimezone(dt.UTC).replace(tzinfo=None)
        return naive.strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else naive

    def commit(self) -> None:
        self.settle()
        try:
            self._commit()
        except self._errors as error:
            raise self._to_store_error(error) from None


def insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


# SQLite's full-text indexes an import fills (search, and the filters' trigrams), and
# FTS5's "automerge": its own default, and the import's.
FULL_TEXT = ("search_fts", contact_index.GRAMS)
FTS5_AUTOMERGE = 4
IMPORT_AUTOMERGE = 16


class Indexes:
    """The contacts written in one transaction, indexed a batch at a time.

    SQLite's search index takes a row a trigger gives it about ten times slower than
    rows given in one statement, and the contact filters' table (kept by a trigger too)
    about three times, its trigram index more: on SQLite the insert triggers of the three,
    and the update triggers of the search index and the trigram index, are dropped here,
    within the transaction; :meth:`added` indexes each
    batch of new contacts in one statement each, and :meth:`finish` indexes the contacts
    updated, folds the names beyond ASCII and makes the triggers again before the
    commit. A transaction rolled back puts the triggers back by itself. Contacts must
    only be inserted and updated in between, not deleted; ``updated`` names the
    contacts that were updated after they were indexed. Elsewhere (PostgreSQL) the
    triggers index each row as it is written.
    """

    SEARCH = ("search_contact_insert", "search_contact_update")
    # The filters' table's insert trigger, and its trigram index's (kept by triggers on
    # that table, row by row, which took seconds for an import's thousands).
    FOLD = ("contactfold_insert", "contactgram_insert", "contactgram_update")

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        self.deferred = driver.sqlite
        self.updated: set[int] = set()
        self._merging: dict[str, object] = {}  # each full-text index's own setting
        if self.deferred:
            for name in (*self.SEARCH, *self.FOLD):
                driver.rows(f"DROP TRIGGER IF EXISTS {name}")
            # Each batch makes a segment of its own in the two full-text indexes, and
            # FTS5 merges every four of them as they come (its "automerge"): during the
            # import, not until sixteen (about a tenth of the writing saved); the
            # setting is put back by finish(), and later writes merge the rest a little
            # at a time.
            for table in FULL_TEXT:
                found = driver.rows(f"SELECT v FROM {table}_config WHERE k = 'automerge'")
                self._merging[table] = found[0][0] if found else FTS5_AUTOMERGE
                self._automerge(table, IMPORT_AUTOMERGE)

    def _select(self) -> str:
        code, body = search.KINDS["contact"], search.CONTACT_BODY.format(p="contact")
        return f"SELECT id * 4 + {code}, {body} FROM contact"

    def added(self, first: int, last: int, folded: Sequence[tuple[int, str]] = ()) -> None:
        """Index the contacts of ids ``first`` to ``last``, all of them new; ``folded``
        gives the filters' text of those whose names SQL cannot fold (see
        :func:`infotui.contact_index.needs_folding`), by id."""
        if not self.deferred:
            return
        driver = self.driver
        span = (first, last)
        driver.rows(
            f"INSERT INTO search_fts(rowid, body) {self._select()} WHERE id BETWEEN ? AND ?", span
        )
        if folded and 2 * len(folded) <= driver.max_params:
            plain, given = contact_index.fill_folded("c.id BETWEEN ? AND ?", len(folded))
            driver.rows(plain, span)
            driver.rows(given, [value for pair in folded for value in pair])
        else:
            driver.rows(contact_index.fill("c.id BETWEEN ? AND ?"), span)
            if folded:
                driver.many(contact_index.REFOLD, contact_index.refold_params(folded))
        driver.rows(contact_index.fill_grams("f.contact_id BETWEEN ? AND ?"), span)

    def finish(self) -> None:
        """Index what was updated, fold what needs it, and put the triggers back."""
        if not self.deferred:
            return
        driver = self.driver
        updated = sorted(self.updated)
        if updated:
            code = search.KINDS["contact"]
            driver.many(
                "DELETE FROM search_fts WHERE rowid = ?", [(n * 4 + code,) for n in updated]
            )
            driver.many(
                f"INSERT INTO search_fts(rowid, body) {self._select()} WHERE id = ?",
                [(n,) for n in updated],
            )
        # Names with letters beyond ASCII in what was filled in are folded here, as the
        # store folds them (SQLite's driver takes the named parameters contact_index
        # writes).
        inexact = contact_index.inexact(driver.rows)
        driver.many(contact_index.REFOLD, contact_index.refold_params(inexact))
        # The trigram index of the contacts updated (their filters' rows were replaced
        # while its triggers were away) or folded just now.
        again = sorted({*updated, *(n for n, _ in inexact)})
        if again:
            grams = contact_index.GRAMS
            driver.many(f"DELETE FROM {grams} WHERE rowid = ?", [(n,) for n in again])
            driver.many(contact_index.fill_grams("f.contact_id = ?"), [(n,) for n in again])
        triggers = {
            **search.sqlite_triggers("contact"),
            **contact_index.sqlite_triggers(),
            **contact_index.gram_triggers(),
        }
        for name in (*self.SEARCH, *self.FOLD):
            driver.rows(triggers[name])
        for table, setting in self._merging.items():
            self._automerge(table, setting)
        self.deferred = False

    def _automerge(self, table: str, setting: object) -> None:
        self.driver.rows(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', ?)", (setting,))


_EXPORT_TIMES = [n for n, name in enumerate(ContactExport._fields) if name.endswith("_at")]


def contacts_for_export(driver: Driver) -> list[ContactExport]:
    """Every contact, by name (as the lists order them) then id, as plain values."""
    rows = driver.rows(
        f"SELECT {', '.join(ContactExport._fields)} FROM contact ORDER BY lower(name), id"
    )
    read = []
    for row in rows:
        values = list(row)
        for n in _EXPORT_TIMES:
            values[n] = stored_instant(values[n])
        read.append(ContactExport._make(values))
    return read
