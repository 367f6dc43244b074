"""Importing contacts: one transaction, duplicates merged, bad rows reported by line."""

from __future__ import annotations

import datetime as dt
import functools
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Literal

from infotui import contact_index
from infotui.errors import StoreError
from infotui.kinds import EventKind, OutreachStatus
from infotui.store.bulk import Driver, Indexes, insert_sql
from infotui.store.settings import INSTALL_ID
from infotui.uids import uid_contact_id
from infotui.validation import ValidationError, clean_contact
from infotui.views import ContactRecord

OnError = Literal["skip", "refuse"]


class ImportRefused(StoreError):
    """Some rows are bad and the user asked for all or nothing: nothing was written."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        first = "; ".join(f"line {line}: {why}" for line, why in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"nothing imported: {len(problems)} bad row(s): {first}{more}")


class ImportStopped(StoreError):
    """The import was stopped before it ended (its screen closed): nothing was written."""

    def __init__(self, done: int) -> None:
        self.done = done
        super().__init__(f"import stopped after {done:,} rows: nothing was imported")


@dataclass
class ImportResult:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0  # already there, with nothing new to add
    skipped: list[tuple[int, str]] = field(default_factory=list)
    # Values that did not fit their field and went to the contact's notes, by line.
    kept: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        return (
            f"{verb} {self.imported}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {len(self.skipped)}"
        )


# Fields whose value, when it does not fit (an email that is not one, a company name of
# a thousand characters), goes to the notes instead of losing the contact.
MOVABLE = {
    "email": "Email", "phone": "Phone", "linkedin_url": "LinkedIn", "company": "Company",
    "role": "Role", "field": "Field", "how_we_know": "How we know",
}  # fmt: skip


def settle_record(fields: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """A read row's fields as a new contact takes them, and what went to its notes.

    A value that does not fit its field is kept in the notes, labelled, and said;
    ValidationError says what cannot be kept: every row must name someone (a row
    with no name field at all is asked for one, not passed over), and a name or
    notes too long are refused. No NUL reaches the database.
    """
    given = {"name": "", **fields}
    for key, value in fields.items():
        if value is None:
            del given[key]
        elif "\x00" in value:
            given[key] = value.replace("\x00", "")
    if "name" not in given:  # given as None: asked for, first, as a name left empty is
        given = {"name": "", **given}
    try:
        return clean_contact(given), []
    except ValidationError as error:
        movable = {k: why for k, why in error.errors.items() if k in MOVABLE and given.get(k)}
        if len(movable) < len(error.errors):
            raise
    lines = [f"{MOVABLE[k]}: {' '.join(given[k].split())}" for k in movable]
    settled = {k: v for k, v in given.items() if k not in movable}
    settled["notes"] = "\n".join(filter(None, [settled.get("notes", "").strip(), *lines]))
    said = [f"kept in the notes: {k.replace('_', ' ')}: {why}" for k, why in movable.items()]
    return clean_contact(settled), said


def clean_record(fields: dict[str, str]) -> dict[str, str]:
    """A read row's fields as a new contact takes them (see :func:`settle_record`)."""
    return settle_record(fields)[0]


def _key_name(name: str, company: str) -> str:
    """The same name and company, in one string (no white space but single spaces)."""
    return f"{' '.join(name.lower().split())}\n{_key_company(company)}"


@functools.lru_cache(maxsize=4096)  # one string for the many contacts of one company
def _key_company(company: str) -> str:
    return " ".join(company.lower().split())


# The fields a new row may fill in on a contact that has them empty, each a bit of the
# mask kept per contact (the name is never empty).
FILLABLE = (
    "company", "role", "field", "email", "phone", "linkedin_url", "how_we_know", "notes",
)  # fmt: skip
BIT = {name: 1 << n for n, name in enumerate(FILLABLE)}
ALL_EMPTY = (1 << len(FILLABLE)) - 1
CONTACT_FIELDS = ("name", *FILLABLE)
_PLACE = {name: n for n, name in enumerate(CONTACT_FIELDS)}
BATCH = 2000  # rows matched between writes, and between reports of progress
Progress = Callable[[int], None]


def _empty_mask(fields: Mapping[str, str]) -> int:
    """Which of FILLABLE a contact with these fields has empty."""
    mask = ALL_EMPTY
    for key, value in fields.items():
        if value and key in BIT:
            mask &= ~BIT[key]
    return mask


class _Known:
    """What matching needs of each contact, and nothing more: its keys and which of its
    fields are empty. Stored contacts are known by id; contacts this import adds by a
    negative number until they are written (then ``written`` maps it to the id).

    Each stored contact's fields are kept as their hashes too (:meth:`same`), a few bytes
    each, so that a row read again as it was stored (the same export imported twice) is
    known unchanged without being checked again.
    """

    def __init__(self, driver: Driver) -> None:
        # Each contact's empty fields as one number, worked out by the database.
        mask = " + ".join(
            f"(CASE WHEN {name} = '' THEN {BIT[name]} ELSE 0 END)" for name in FILLABLE
        )
        self.empty: dict[int, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.slot: dict[int, int] = {}  # a stored contact's place in ``hashes``
        self.hashes = array("q")  # each stored contact's CONTACT_FIELDS, hashed, in a row
        query = f"SELECT id, {mask}, {', '.join(CONTACT_FIELDS)} FROM contact ORDER BY id"
        # _key_name, written out: this is once per stored contact, every import.
        empties, by_email, by_name = self.empty, self.by_email, self.by_name
        slot, hashes, company_key = self.slot, self.hashes, _key_company
        for row in driver.each(query):
            ident = row[0]
            empties[ident] = row[1]
            if email := row[6]:
                by_email[email.lower()] = ident
            by_name[f"{' '.join(row[2].lower().split())}\n{company_key(row[3])}"] = ident
            slot[ident] = len(slot)
            hashes.extend(map(hash, row[2:]))
        self.stored = frozenset(self.empty)  # the contacts there before this import
        self.written: dict[int, int] = {}
        self._next = -1

    def same(self, fields: Mapping[str, str], uid: str, install_id: str) -> bool:
        """Whether ``fields``, as read, are word for word what a stored contact holds (the
        empty ones aside): then they are valid, as the stored ones are, and fill nothing
        in. A hash may match a different text once in 2^64 times; the row is then taken
        as the contact has it (nothing filled in), never written over it."""
        if not self.slot or not fields.get("name"):
            return False  # nothing stored (a first import): nothing to be the same as
        twin = self.twin(fields, uid, install_id)
        slot = self.slot.get(twin) if twin is not None else None
        if slot is None:
            return False
        base, hashes = slot * len(CONTACT_FIELDS), self.hashes
        for key, value in fields.items():
            n = _PLACE.get(key)
            if n is None or (value and hash(value) != hashes[base + n]):
                return False
        return True

    def add(self, fields: Mapping[str, str], keys: tuple[str, str] | None = None) -> int:
        """Know ``fields`` as a new contact; ``keys`` are their email's and name's, as
        :meth:`match` gave them."""
        key, self._next = self._next, self._next - 1
        self.empty[key] = _empty_mask(fields)
        email, name = keys or self._keys(fields)
        self.by_name[name] = key
        if email:
            self.by_email[email] = key
        return key

    def twin(self, fields: Mapping[str, str], uid: str, install_id: str) -> int | None:
        """The contact these fields are, if known: the same UID (a card this database
        exported), else the same email, else the same name and company."""
        return self.match(fields, uid, install_id)[0]

    def match(
        self, fields: Mapping[str, str], uid: str, install_id: str
    ) -> tuple[int | None, tuple[str, str] | None]:
        """As :meth:`twin`, with the keys it looked the fields up by (for :meth:`add`),
        if it did."""
        if uid and (named := uid_contact_id(uid, install_id)) in self.stored:
            return named, None
        keys = self._keys(fields)
        if keys[0] and (found := self.by_email.get(keys[0])) is not None:
            return found, keys
        return self.by_name.get(keys[1]), keys

    @staticmethod
    def _keys(fields: Mapping[str, str]) -> tuple[str, str]:
        """The fields' email, lower-cased, and their name and company as one key."""
        return fields.get("email", "").lower(), _key_name(fields["name"], fields.get("company", ""))


Transaction = Callable[[], AbstractContextManager[Driver]]


class Imports:
    """Contacts read from files, written in one transaction.

    ``transaction`` opens one (the store's :meth:`~infotui.store.database.Database.driver`,
    or a plain SQLite file's); ``now`` is the clock's.
    """

    def __init__(self, transaction: Transaction, now: Callable[[], dt.datetime]) -> None:
        self.transaction = transaction
        self.now = now

    def contacts(
        self,
        records: Iterable[ContactRecord],
        *,
        on_error: OnError = "skip",
        dry_run: bool = False,
        problems: Sequence[tuple[int, str]] = (),
        progress: Progress | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> ImportResult:
        """Add new contacts; fill in what existing ones lack; never make a second copy.

        The same person is the same email, or the same name and company. With
        on_error="refuse", any bad row (or a problem the reader found) means
        nothing is written. A dry run reports and writes nothing. ``progress``
        is called with the number of records gone through, every few thousand; ``stop``
        is asked as often, and before the import is committed: when it says True, nothing
        is written and ImportStopped is raised. ``records`` may come as a file is read,
        with ``problems`` growing as they come (a record's before the record).

        Matching is done in memory against the keys of every contact, read once; new
        contacts and what is filled in are written in batches, in one transaction,
        and the search index takes them in one go at the end.
        """
        result = ImportResult(dry_run=dry_run)
        bad: dict[int, str] = {}
        told = 0  # the reader's problems taken into ``bad`` (it may add more as it reads)
        now = self.now()
        with self.transaction() as driver:
            writer = None if dry_run else _Writer(driver, now)  # first: the write lock
            install_id = _install_id(driver)
            known = _Known(driver)
            done = 0
            for rec in records:
                if done and done % BATCH == 0:
                    if stop is not None and stop():
                        raise ImportStopped(done)
                    if writer is not None:
                        writer.flush(known)
                    if progress is not None:
                        progress(done)
                done += 1
                if len(problems) > told:
                    bad.update(problems[told:])
                    told = len(problems)
                if rec.line in bad:
                    continue
                if known.same(rec.fields, rec.uid, install_id):
                    result.unchanged += 1  # as stored: nothing to check or fill in
                    continue
                try:
                    fields, said = settle_record(rec.fields)
                except ValidationError as error:
                    bad[rec.line] = str(error)
                    continue
                if said:
                    result.kept += [(rec.line, what) for what in said]
                twin, keys = known.match(fields, rec.uid, install_id)
                if twin is None:
                    key = known.add(fields, keys)
                    if writer is not None:
                        writer.new[key] = fields
                    result.imported += 1
                    continue
                empty = known.empty[twin]
                filled = {k: v for k, v in fields.items() if v and empty & BIT.get(k, 0)}
                if not filled:
                    result.unchanged += 1
                    continue
                known.empty[twin] = empty & ~sum(BIT[k] for k in filled)
                if writer is not None:
                    writer.fill(known, twin, filled)
                result.updated += 1
            bad.update(problems[told:])
            problems_found = sorted(bad.items())
            if problems_found and on_error == "refuse":
                raise ImportRefused(problems_found)
            result.skipped = sorted(result.skipped + problems_found)
            if stop is not None and stop():
                raise ImportStopped(done)
            if writer is not None:  # a dry run leaves, and nothing is committed
                writer.flush(known)
                writer.indexes.finish()
                driver.commit()
            if progress is not None:
                progress(done)
        return result


def _install_id(driver: Driver) -> str:
    rows = driver.rows("SELECT value FROM setting WHERE key = ?", (INSTALL_ID,))
    return str(rows[0][0]) if rows else ""


class _Writer:
    """Writes an import's new contacts (each with its "imported" line of history) and
    what it fills in, in batches, within the caller's transaction."""

    def __init__(self, driver: Driver, now: dt.datetime) -> None:
        self.driver = driver
        if driver.sqlite:
            # Take the write lock before reading what matching needs (as answers do): a
            # transaction that reads first and writes later fails at once if another
            # program wrote in between, where this waits its turn.
            driver.rows("UPDATE contact SET name = '' WHERE id = -1")
        self.ids = _IdSource(driver)
        self.indexes = Indexes(driver)
        self.stamp = driver.time(now)
        self.new: dict[int, dict[str, str]] = {}  # by the key matching knows it by
        self.filled: dict[int, dict[str, str]] = {}  # by contact id

    def fill(self, known: _Known, twin: int, filled: dict[str, str]) -> None:
        """Fill in ``filled`` on a contact: a new one not written yet takes the values
        before it is; a stored one (or a new one written already) is updated."""
        if twin in self.new:
            self.new[twin].update(filled)
            return
        ident = known.written.get(twin, twin)
        self.filled.setdefault(ident, {}).update(filled)

    def flush(self, known: _Known) -> None:
        """Write what was matched since the last flush: on a thread of its own where the
        driver allows it (see :mod:`infotui.store.bulk`), while the next batch is read
        and matched."""
        rows: list[tuple[object, ...]] = []
        folded: list[tuple[int, str]] = []
        if self.new:
            ids = self.ids.take(len(self.new))
            known.written.update(zip(self.new, ids, strict=True))
            status, stamp = OutreachStatus.TO_CONTACT.value, self.stamp
            fold_here = self.indexes.deferred  # the filters' text SQL cannot fold
            for ident, fields in zip(ids, self.new.values(), strict=True):
                values = [fields.get(name, "") for name in CONTACT_FIELDS]
                rows.append((ident, *values, status, stamp, stamp))
                if fold_here:
                    parts = [fields.get(name, "") for name in contact_index.FIELDS]
                    if contact_index.needs_folding(*parts):
                        folded.append((ident, contact_index.haystack(*parts)))
            self.new = {}
        by_columns: dict[tuple[str, ...], list[tuple[object, ...]]] = {}
        for ident, filled in self.filled.items():
            columns = tuple(sorted(filled))
            by_columns.setdefault(columns, []).append(
                (*[filled[name] for name in columns], self.stamp, ident)
            )
            self.indexes.updated.add(ident)
        self.filled = {}
        if rows or by_columns:
            self.driver.in_background(functools.partial(self._write, rows, folded, by_columns))

    def _write(
        self,
        rows: list[tuple[object, ...]],
        folded: list[tuple[int, str]],
        by_columns: dict[tuple[str, ...], list[tuple[object, ...]]],
    ) -> None:
        driver = self.driver
        if rows:
            driver.insert_rows("contact", CONTACT_COLUMNS, rows)
            first, last = rows[0][0], rows[-1][0]
            added = EventKind.ADDED.value
            if driver.sqlite:  # the ids of a batch are first to last, all of them new
                driver.rows(EVENTS_FOR_SPAN, (self.stamp, added, first, last))
            else:
                driver.many(
                    EVENT_INSERT,
                    [(row[0], self.stamp, added, None, "", "imported") for row in rows],
                )
            self.indexes.added(first, last, folded)  # type: ignore[arg-type]
        for columns, updates in by_columns.items():
            assigned = ", ".join(f"{name} = ?" for name in (*columns, "updated_at"))
            driver.many(f"UPDATE contact SET {assigned} WHERE id = ?", updates)


CONTACT_COLUMNS = ("id", *CONTACT_FIELDS, "status", "created_at", "updated_at")
EVENT_COLUMNS = ("contact_id", "at", "kind", "status", "outcome", "note")
EVENT_INSERT = insert_sql("contactevent", EVENT_COLUMNS)
EVENTS_FOR_SPAN = (
    f"INSERT INTO contactevent ({', '.join(EVENT_COLUMNS)})"
    " SELECT id, ?, ?, NULL, '', 'imported' FROM contact WHERE id BETWEEN ? AND ? ORDER BY id"
)


class _IdSource:
    """Ids for new contacts, taken before they are written (their history names them).

    PostgreSQL gives them from the table's sequence; SQLite (holding the write lock)
    counts on from the largest id, as it would itself.
    """

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        self.sequence = driver.engine == "postgresql"
        self.last = (
            0 if self.sequence else driver.rows("SELECT coalesce(max(id), 0) FROM contact")[0][0]
        )

    def take(self, count: int) -> list[int]:
        if self.sequence:
            taken = self.driver.rows(
                "SELECT nextval(pg_get_serial_sequence('contact', 'id'))"
                " FROM generate_series(1, ?)",
                (count,),
            )
            return sorted(row[0] for row in taken)
        first, self.last = self.last + 1, self.last + count
        return list(range(first, self.last + 1))
