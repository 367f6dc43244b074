"""Many rows written at once, through the database driver itself.

An import of tens of thousands of contacts spends its time in the writing, not in
deciding what to write: SQLAlchemy's statements and conversions per row cost more
than the database, and so do the triggers that index each row as it comes. Here a
transaction is used through the driver's own connection (:class:`Driver`: the
``sqlite3`` module's, or psycopg's), rows go in with the driver's ``executemany``,
and on SQLite the two indexes kept by triggers, the search index and the contact
filters' table, are filled once at the end (:class:`Indexes`).

Contacts are read for an export the same way (:func:`contacts_for_export`).

Nothing here imports SQLAlchemy: the command line opens an up-to-date SQLite file
with the ``sqlite3`` module alone (:mod:`infotui.store.plain`) and imports through
the same code as the app, which hands its own connection in
(:meth:`infotui.store.database.Database.driver`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from infotui import contact_index, search
from infotui.errors import StoreError
from infotui.views import ContactExport, stored_instant

ToStoreError = Callable[[BaseException], StoreError]
# A statement's parameters: by place (``?``), or by name (``:name``, SQLite's driver only).
Params = Sequence[Any] | Mapping[str, Any]


class Driver:
    """One transaction, through a DB-API connection.

    Statements are written with ``?`` for their parameters, as SQLite takes them; for
    a driver of the ``format`` style (psycopg) they are rewritten. The driver's errors
    come out as :class:`StoreError`, made by ``to_store_error``. Nothing is committed
    but by :meth:`commit`; the opener rolls back what is left.
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

    def _sql(self, statement: str) -> str:
        return statement.replace("%", "%%").replace("?", "%s") if self._percent else statement

    def rows(self, statement: str, params: Params | None = None, /) -> list[tuple[Any, ...]]:
        """Run ``statement``; the rows it gives, if any."""
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
        try:
            cursor = self._cursor
            cursor.execute(self._sql(statement), params)
            while rows := cursor.fetchmany(batch):
                yield from rows
        except self._errors as error:
            raise self._to_store_error(error) from None

    def many(self, statement: str, rows: Iterable[Params]) -> None:
        """Run ``statement`` once for each of ``rows``."""
        try:
            self._cursor.executemany(self._sql(statement), rows)
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
        try:
            self._commit()
        except self._errors as error:
            raise self._to_store_error(error) from None


def insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


class Indexes:
    """The contacts written in one transaction, indexed once when the writing is done.

    SQLite's search index takes a row a trigger gives it about ten times slower than
    rows given in one statement, and the contact filters' table (kept by a trigger too)
    about three times: on SQLite the insert triggers of both, and the search index's
    update trigger, are dropped here, within the transaction, and :meth:`finish` indexes
    the rows and makes the triggers again before the commit. A transaction rolled back
    puts the triggers back by itself. Contacts must only be inserted and updated in
    between, not deleted; ``updated`` names the stored contacts that were updated.
    Elsewhere (PostgreSQL) the triggers index each row as it is written.
    """

    SEARCH = ("search_contact_insert", "search_contact_update")
    FOLD = ("contactfold_insert", "contactgram_insert")

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        self.deferred = driver.sqlite
        self.after = driver.rows("SELECT coalesce(max(id), 0) FROM contact")[0][0]
        self.updated: set[int] = set()
        if self.deferred:
            for name in (*self.SEARCH, *self.FOLD):
                driver.rows(f"DROP TRIGGER IF EXISTS {name}")

    def finish(self) -> None:
        """Index what was written, and put the triggers back."""
        if not self.deferred:
            return
        driver, after = self.driver, self.after
        code, body = search.KINDS["contact"], search.CONTACT_BODY.format(p="contact")
        select = f"SELECT id * 4 + {code}, {body} FROM contact"
        updated = sorted(n for n in self.updated if n <= after)  # the rest: inserted
        if updated:
            driver.many(
                "DELETE FROM search_fts WHERE rowid = ?", [(n * 4 + code,) for n in updated]
            )
            driver.many(
                f"INSERT INTO search_fts(rowid, body) {select} WHERE id = ?",
                [(n,) for n in updated],
            )
        driver.rows(f"INSERT INTO search_fts(rowid, body) {select} WHERE id > ?", (after,))
        # A contact of this import filled in later has its row from the update trigger.
        kept = f"SELECT 1 FROM {contact_index.TABLE} f WHERE f.contact_id = c.id"
        driver.rows(contact_index.fill(f"c.id > ? AND NOT EXISTS ({kept})"), (after,))
        # Names with letters beyond ASCII are folded here, as the store folds them
        # (SQLite's driver takes the named parameters contact_index writes); the trigram
        # index's update trigger is away meanwhile (a row at a time, it took seconds).
        driver.rows("DROP TRIGGER IF EXISTS contactgram_update")
        inexact = contact_index.inexact(driver.rows)
        driver.many(contact_index.REFOLD, contact_index.refold_params(inexact))
        # The trigram index of the rows written, and of the stored contacts updated (their
        # rows were replaced while its insert trigger was away) or folded just now.
        grams = contact_index.GRAMS
        driver.rows(f"DELETE FROM {grams} WHERE rowid > ?", (after,))
        driver.rows(contact_index.fill_grams("f.contact_id > ?"), (after,))
        again = sorted({*updated, *(n for n, _ in inexact if n <= after)})
        if again:
            driver.many(f"DELETE FROM {grams} WHERE rowid = ?", [(n,) for n in again])
            driver.many(contact_index.fill_grams("f.contact_id = ?"), [(n,) for n in again])
        triggers = {
            **search.sqlite_triggers("contact"),
            **contact_index.sqlite_triggers(),
            **contact_index.gram_triggers(),
        }
        for name in (*self.SEARCH, *self.FOLD, "contactgram_update"):
            driver.rows(triggers[name])
        self.deferred = False


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
