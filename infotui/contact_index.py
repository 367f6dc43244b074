"""The contact filters' index: each contact's searchable fields, folded, in the database.

The contact lists show a page of contacts at a time and ask the database for it,
filtered, ordered and counted there, so that a list of a hundred thousand contacts
is not read into memory to show fifty. The filters match folded text (see
:mod:`infotui.folding`: ``zoe`` finds Zoë), which SQL cannot fold, so a table of
its own, ``contactfold``, keeps for each contact:

- ``name_key``: the list's order, ``lower(name)``;
- ``folded``: name, company, role and field, lower-cased by SQL;
- ``exact``: whether ``folded`` is what :func:`infotui.folding.fold` makes of them.

Triggers keep a row for every contact, whoever writes (the store, a bulk import,
another program), on SQLite and PostgreSQL alike. For text in plain ASCII SQL's
lower-casing is the folding, and the row is exact at once; a contact with any other
letter (Zoë) is marked inexact until the store folds it (:func:`refold`). A reader
takes inexact rows as candidates and checks them itself, so a match is never missed.

On SQLite a second table, ``contactgram`` (FTS5, trigram tokenizer), indexes every
three letters of ``folded``, kept from ``contactfold`` by triggers: a filter whose
words (three letters or more) are found in few contacts reads those, not the whole
list. On PostgreSQL a trigram index (``pg_trgm``, where the server has it) serves the
same ``LIKE`` conditions by itself, and the filters take the same road through it: the
few contacts holding a rare word are looked up, not the whole list scored.

The SQL here runs through SQLite's ``sqlite3`` module and SQLAlchemy's ``text()``
alike: named parameters (``:w0``), ``LIKE`` with an escape character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from infotui.folding import fold
from infotui.views import ContactSummary, FoundPage

TABLE = "contactfold"
FIELDS = ("name", "company", "role", "field")
ESCAPE = "\\"
SUMMARY = "c.id, c.name, c.company, c.role, c.field"
BY_NAME = "f.name_key, f.contact_id"
FEW = 10_000  # a filter finding fewer is read, counted and ordered in one pass
GRAMS = "contactgram"  # SQLite: every three letters of contactfold.folded (FTS5 trigram)
# A filter whose long words the trigram index finds in at most SPARSE contacts is read
# through it: those rows looked up and sorted, not the list in order. A lookup costs about
# what reading 20 rows of the list in order does (at 100,000 contacts, with the page cache
# the store sets, 4 us against 0.2): past SPARSE, the list read in order finds the first
# page sooner. Matches of a filter with shorter words too are counted by lookups up to
# COUNTED_BY_LOOKUP (a pass over the list costs as much as about 5,000 of them).
SPARSE = 1_000
COUNTED_BY_LOOKUP = 5_000


class Executes(Protocol):
    """Runs SQL with named parameters and returns its rows (sqlite3 or SQLAlchemy)."""

    def __call__(self, sql: str, params: dict[str, Any] | None = None, /) -> Sequence[Any]: ...


def haystack(name: str, company: str, role: str, field: str) -> str:
    """What the filters look in, folded as every filter and search folds.

    The same as folding the four joined by spaces: folding takes each character on its
    own (a space between two parts keeps their marks apart), so each part is folded by
    itself, and the name word by word, where the folds of names, companies and roles
    that come again are remembered."""
    return " ".join((" ".join(map(fold, name.split(" "))), fold(company), fold(role), fold(field)))


_NOT_PLAIN = re.compile("[^ -~]")


def needs_folding(name: str, company: str, role: str, field: str) -> bool:
    """Whether a contact's row, lower-cased by the database, is not folded exactly: a
    character beyond printable ASCII in any of its fields (as the triggers' test)."""
    return any(_NOT_PLAIN.search(text) for text in (name, company, role, field))


def words_of(query: str) -> list[str]:
    return fold(query).split()


def matches(words: Sequence[str], hay: str) -> bool:
    """Every word appears somewhere in the folded fields."""
    return all(word in hay for word in words)


def _escaped(text: str) -> str:
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def _like(column: str, param: str) -> str:
    return f"{column} LIKE :{param} ESCAPE '{ESCAPE}'"


def substring_filter(
    words: Sequence[str], column: str = "f.folded", *, param: str = "w"
) -> tuple[str, dict[str, str]]:
    """SQL that keeps the rows whose ``column`` holds every word; its parameters (named
    ``param`` and a number)."""
    if not words:
        return "1 = 1", {}
    clauses, params = [], {}
    for n, word in enumerate(words):
        clauses.append(_like(column, f"{param}{n}"))
        params[f"{param}{n}"] = f"%{_escaped(word)}%"
    return " AND ".join(clauses), params


def loose_pattern(word: str) -> str:
    """A LIKE pattern for the letters of ``word`` in order, anything between them (the
    loose match of :func:`infotui.filtering.score`), for words longer than two letters."""
    if len(word) <= 2:
        return f"%{_escaped(word)}%"
    return "%" + "%".join(_escaped(ch) for ch in word) + "%"


def fuzzy_filter(words: Sequence[str], column: str = "f.folded") -> tuple[str, str, dict[str, str]]:
    """SQL for :func:`infotui.filtering.fuzzy_filter`'s rule: the rows where each word is
    found (exactly, or loosely when longer than two letters), and each row's score (3
    for a word at the start of a field, 2 anywhere, 1 loosely; summed).

    Returns the condition, the score expression and their parameters.
    """
    if not words:
        return "1 = 1", "0", {}
    where, scores, params = [], [], {}
    for n, word in enumerate(words):
        params[f"l{n}"] = loose_pattern(word)
        params[f"s{n}"] = f"%{_escaped(word)}%"
        params[f"a{n}"] = f"{_escaped(word)}%"
        params[f"b{n}"] = f"% {_escaped(word)}%"
        where.append(_like(column, f"l{n}"))
        scores.append(
            f"(CASE WHEN {_like(column, f'a{n}')} OR {_like(column, f'b{n}')} THEN 3"
            f" WHEN {_like(column, f's{n}')} THEN 2 ELSE 1 END)"
        )
    return " AND ".join(where), " + ".join(scores), params


# The contacts screen's order: what is due soonest first (a follow-up or a planned
# interview, whichever comes first), then by name.
PLANNED = (
    "SELECT contact_id, min(scheduled_at) AS next_at FROM interview"
    " WHERE status = :status AND scheduled_at IS NOT NULL GROUP BY contact_id"
)
DUE_IDS = (
    "SELECT id FROM contact WHERE follow_up_at IS NOT NULL UNION SELECT contact_id FROM"
    " interview WHERE status = :status AND scheduled_at IS NOT NULL AND contact_id IS NOT NULL"
)
# The contacts with something due, each with its next planned interview: looked up for
# each of them (few), not grouped over every interview (a read of the interview table
# through its contact index: 10,000 interviews took 13 ms).
DUE_NEXT = (
    "SELECT d.id, (SELECT min(i.scheduled_at) FROM interview i WHERE i.contact_id = d.id"
    " AND i.status = :status AND i.scheduled_at IS NOT NULL) AS next_at"
    f" FROM ({DUE_IDS}) d"
)
DUE = (
    "CASE WHEN c.follow_up_at IS NULL THEN p.next_at"
    " WHEN p.next_at IS NULL OR c.follow_up_at <= p.next_at THEN c.follow_up_at"
    " ELSE p.next_at END"
)


def word_starts(words: Sequence[str], column: str = "f.folded") -> tuple[str, dict[str, str]]:
    """SQL that keeps the rows where every word starts a word of ``column``: those
    :func:`fuzzy_filter` scores highest (3 a word)."""
    clauses, params = [], {}
    for n, word in enumerate(words):
        params[f"a{n}"] = f"{_escaped(word)}%"
        params[f"b{n}"] = f"% {_escaped(word)}%"
        clauses.append(f"({_like(column, f'a{n}')} OR {_like(column, f'b{n}')})")
    return " AND ".join(clauses) or "1 = 1", params


def gram_match(words: Sequence[str]) -> str | None:
    """The FTS5 query finding in :data:`GRAMS` the rows that hold every word of three
    letters or more (each a phrase of its trigrams: the word itself); None when no word
    is that long (shorter ones have no trigram to look up)."""
    long = [word for word in words if len(word) >= 3]
    if not long:
        return None
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in long)


# The trigram index a database has for the filters (see the module's docstring), by
# kind: SQLite's FTS5 table, or PostgreSQL's pg_trgm index of ``contactfold.folded``
# (which its planner uses for ``LIKE '%word%'`` by itself). Each finds the rows holding
# every word of three letters or more, as ``LIKE '%word%'`` would.
FTS5 = "fts5"
PG_TRGM = "pg_trgm"
Grams = str  # FTS5 or PG_TRGM
PG_GRAMS_INDEX = "ix_contactfold_grams"


def gram_rows(words: Sequence[str], grams: Grams) -> tuple[str, dict[str, str]] | None:
    """SQL giving the ids (``id``) of the contacts the trigram index finds holding every
    word of three letters or more, and its parameters; None when no word is that long.
    Rows not folded exactly yet are found as SQL lower-cased them."""
    match = gram_match(words)
    if match is None:
        return None
    if grams == FTS5:
        return f"SELECT rowid AS id FROM {GRAMS} WHERE {GRAMS} MATCH :grams", {"grams": match}
    long = [word for word in words if len(word) >= 3]
    where, params = substring_filter(long, "g.folded", param="g")
    return f"SELECT g.contact_id AS id FROM {TABLE} g WHERE {where}", params


def gram_count(execute: Executes, words: Sequence[str], at_most: int, grams: Grams) -> int | None:
    """How many contacts the trigram index finds holding every word of three letters or
    more, counted up to one more than ``at_most``; None when no word is that long.
    Rows not folded exactly yet are counted as SQL lower-cased them."""
    found = gram_rows(words, grams)
    if found is None:
        return None
    sql, params = found
    counted = execute(
        f"SELECT count(*) FROM ({sql} LIMIT :most) x", {**params, "most": at_most + 1}
    )
    return int(counted[0][0])


def gram_ids(words: Sequence[str], grams: Grams) -> tuple[str, dict[str, str]]:
    """SQL giving the ids (``id``) of the contacts that may hold every word (one of three
    letters or more at least): those the trigram index finds, and the rows not folded
    exactly yet (the index holds SQL's lower-casing of them); and its parameters."""
    found = gram_rows(words, grams)
    assert found is not None, "no word the trigram index can look up"
    sql, params = found
    return f"{sql} UNION SELECT contact_id FROM {TABLE} WHERE NOT exact", params


def gram_join(grams: Grams) -> str:
    """How a query joins the trigram index's finds to the filters' table: SQLite's CROSS
    JOIN keeps the finds as the outer loop (its planner would read the table first);
    PostgreSQL's planner chooses well by itself (and has no CROSS JOIN ... ON)."""
    return "CROSS JOIN" if grams == FTS5 else "JOIN"


def gram_candidates(
    execute: Executes, words: Sequence[str], grams: Grams
) -> tuple[str, dict[str, str]] | None:
    """:func:`gram_ids` when the trigram index finds at most :data:`SPARSE` contacts
    for ``words``; None when it finds more, or no word is long enough (the caller reads
    the list in order instead)."""
    found = gram_count(execute, words, SPARSE, grams)
    return gram_ids(words, grams) if found is not None and found <= SPARSE else None


def _sparse_rest(
    execute: Executes,
    words: Sequence[str],
    limit: int,
    status: dict[str, str],
    due_found: int | None,
    grams: Grams,
) -> tuple[Sequence[Any], int | None] | None:
    """The contacts screen's page of contacts with nothing due, through the trigram
    index, when it finds few and they decide the page; their rows as
    :func:`ranked_listing` reads them, and how many the filter finds when that is known
    on the way. None otherwise (the caller reads the list in order).

    A contact holding every word (all exactly: what the index finds) scores at least 2 a
    word; one holding some word only loosely at most ``3 * (n - 1) + 1`` for ``n``
    words. Those of the first kind scoring above that come before every other contact:
    when they fill the page, nobody else is read. With one word, every contact of the
    first kind (2 or 3) comes before the loose ones (1), which then come by name: the
    first of them are read in the index's order, up to what the page still needs.
    """
    if not words:
        return None
    looked_up = gram_candidates(execute, words, grams)
    if looked_up is None:
        return None
    candidates, gram_params = looked_up
    where, score, params = fuzzy_filter(words)
    exact, exact_params = substring_filter(words)
    others = f"f.contact_id NOT IN ({DUE_IDS})"
    bound = {**params, **exact_params, **status, **gram_params}
    found = execute(
        f"SELECT f.contact_id, {score} AS score, f.name_key FROM ({candidates}) g"
        f" {gram_join(grams)} {TABLE} f ON f.contact_id = g.id WHERE {exact} AND {others}"
        f" ORDER BY score DESC, {BY_NAME}",
        bound,
    )
    above_loose = 3 * (len(words) - 1) + 1
    best = [row for row in found if int(row[1]) > above_loose]
    if len(best) >= limit:
        return best[:limit], None
    if len(words) > 1:
        return None
    need = limit - len(found)
    loose: Sequence[Any] = []
    if need > 0:
        loose = execute(
            f"SELECT f.contact_id, 1, f.name_key FROM {TABLE} f WHERE {where} AND NOT ({exact})"
            f" AND {others} ORDER BY {BY_NAME} LIMIT :need",
            {**bound, "need": need},
        )
    rows = [*found, *loose][:limit]
    if need > 0 and len(loose) < need and due_found is not None:  # every match read
        return rows, len(found) + len(loose) + due_found
    return rows, None


def ranked_listing(
    execute: Executes,
    words: Sequence[str],
    limit: int,
    status: dict[str, str],
    *,
    grams: Grams | None = None,
) -> tuple[list[tuple[int, tuple[Any, ...]]], int | None]:
    """The contacts screen's first ``limit`` contacts for a filter of ``words``: their
    ids and sort keys, best first (see :meth:`infotui.store.contacts.Contacts.listing`);
    and how many the filter finds, when that was counted on the way (more than
    :data:`FEW` is counted as ``FEW + 1``), else None.

    Read in two parts: the contacts with something due, few, scored and ordered whole;
    the others in this table's index order (by name), a page of them. Among those, the
    best-scored (every word starting a word) are looked for first, in that order, among
    the first :data:`FEW` or so: when they fill the page, no other contact is scored.
    Else every match is scored, and counted in the same pass when there are at most
    :data:`FEW` (which the first FEW by name tell: a tenth of them matching, there
    are likely more). ``status`` binds ``:status`` (planned).

    With ``grams`` (the database's trigram index, :data:`FTS5` or :data:`PG_TRGM`), a
    filter whose words are found exactly in few contacts reads those first
    (:func:`_sparse_rest`).
    """
    where, score, params = fuzzy_filter(words)
    bound: dict[str, Any] = {**params, **status, "limit": limit}
    due_rows = execute(
        f"SELECT f.contact_id, {score} AS score, {DUE} AS due, f.name_key"
        f" FROM ({DUE_NEXT}) p JOIN {TABLE} f ON f.contact_id = p.id"
        f" JOIN contact c ON c.id = p.id WHERE {where}"
        f" ORDER BY score DESC, due, f.name_key, f.contact_id LIMIT :limit",
        bound,
    )
    others = f"f.contact_id NOT IN ({DUE_IDS})"
    counted: int | None = None
    sparse = None
    if grams and words:
        due_found = len(due_rows) if len(due_rows) < limit else None
        sparse = _sparse_rest(execute, words, limit, status, due_found, grams)
    if sparse is not None:
        rest, counted = sparse
    elif not words:
        rest = execute(
            f"SELECT f.contact_id, 0, f.name_key FROM {TABLE} f WHERE {others}"
            f" ORDER BY {BY_NAME} LIMIT :limit",
            bound,
        )
    else:
        # The best among the first FEW or so by name: if they fill the page, they are
        # the first best of all (any other comes later by name); a rare word is not
        # looked for through every contact twice.
        best, best_params = word_starts(words)
        last = execute(
            f"SELECT f.name_key FROM {TABLE} f ORDER BY {BY_NAME} LIMIT 1 OFFSET :few",
            {"few": FEW},
        )
        within = "f.name_key <= :last" if last else "1 = 1"
        rest = execute(
            f"SELECT f.contact_id, {3 * len(words)}, f.name_key FROM {TABLE} f"
            f" WHERE {within} AND {best} AND {others} ORDER BY {BY_NAME} LIMIT :limit",
            {**best_params, **status, "limit": limit, "last": last[0][0] if last else None},
        )
        if len(rest) < limit:  # fewer than a page of the best: score every match
            dense = bool(last) and (
                execute(
                    f"SELECT count(*) FROM {TABLE} f WHERE f.name_key <= :last AND {where}",
                    {**params, "last": last[0][0]},
                )[0][0]
                > FEW // 10
            )
            if dense:  # more than FEW in all, most likely: counted apart, and only so far
                rest = execute(
                    f"SELECT f.contact_id, {score} AS score, f.name_key FROM {TABLE} f"
                    f" WHERE {where} AND {others} ORDER BY score DESC, {BY_NAME} LIMIT :limit",
                    bound,
                )
            else:
                rest, counted = _scored_and_counted(execute, where, score, others, bound)
    ranked = [(int(row[0]), (-int(row[1]), False, row[2], row[3], int(row[0]))) for row in due_rows]
    ranked += [(int(row[0]), (-int(row[1]), True, "", row[2], int(row[0]))) for row in rest]
    ranked.sort(key=lambda entry: entry[1])
    return ranked[:limit], counted


def _scored_and_counted(
    execute: Executes, where: str, score: str, others: str, bound: dict[str, Any]
) -> tuple[Sequence[Any], int]:
    """The best-scored page of the contacts with nothing due, and how many contacts the
    filter finds (due or not; ``FEW + 1`` for more than :data:`FEW`): in one pass when
    it finds at most FEW, else the page is scored again over every match."""
    rows = execute(
        f"SELECT s.contact_id, s.score, s.name_key, s.n FROM (SELECT f.contact_id, f.name_key,"
        f" {score} AS score, count(*) OVER () AS n FROM (SELECT f.contact_id, f.name_key,"
        f" f.folded FROM {TABLE} f WHERE {where} LIMIT :few) f) s"
        f" WHERE {others.replace('f.contact_id', 's.contact_id')}"
        f" ORDER BY s.score DESC, s.name_key, s.contact_id LIMIT :limit",
        {**bound, "few": FEW + 1},
    )
    if rows and rows[0][3] > FEW:
        rows = execute(
            f"SELECT f.contact_id, {score} AS score, f.name_key FROM {TABLE} f"
            f" WHERE {where} AND {others} ORDER BY score DESC, {BY_NAME} LIMIT :limit",
            bound,
        )
        return rows, FEW + 1
    if rows:
        return rows, int(rows[0][3])
    # None found beyond the contacts with something due: count those.
    due = f"f.contact_id IN ({DUE_IDS})"
    found = execute(f"SELECT count(*) FROM {TABLE} f WHERE {where} AND {due}", bound)
    return rows, int(found[0][0])


def count_matching(execute: Executes, words: Sequence[str], at_most: int | None = None) -> int:
    """How many contacts :func:`fuzzy_filter` keeps for ``words``; with ``at_most``,
    counted no further than one more than that."""
    where, _, params = fuzzy_filter(words)
    if at_most is None:
        return int(execute(f"SELECT count(*) FROM {TABLE} f WHERE {where}", params)[0][0])
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} f WHERE {where} LIMIT :most) x"
    return int(execute(sql, {**params, "most": at_most + 1})[0][0])


# -- keeping the table ------------------------------------------------------------------


def _values(p: str, *, postgres: bool) -> tuple[str, str, str]:
    """SQL for a contact's row (the contact's columns prefixed ``p``): its key, its
    lower-cased fields, whether that is folded exactly (plain ASCII)."""
    body = f"{p}.name || ' ' || {p}.company || ' ' || {p}.role || ' ' || {p}.field"
    exact = f"NOT (({body}) ~ '[^ -~]')" if postgres else f"(({body}) NOT GLOB '*[^ -~]*')"
    return f"lower({p}.name)", f"lower({body})", exact


def _upsert(*, postgres: bool) -> str:
    """SQL making or replacing the row of the contact a trigger fires for."""
    new = "NEW" if postgres else "new"
    key, folded, exact = _values(new, postgres=postgres)
    columns = (
        f"{TABLE} (contact_id, name_key, folded, exact) VALUES ({new}.id, {key}, {folded}, {exact})"
    )
    if postgres:
        return (
            f"INSERT INTO {columns} ON CONFLICT (contact_id) DO UPDATE SET"
            " name_key = excluded.name_key, folded = excluded.folded, exact = excluded.exact"
        )
    return f"INSERT OR REPLACE INTO {columns}"


def sqlite_triggers() -> dict[str, str]:
    """SQLite: the triggers that keep the table, by name."""
    upsert, fields = _upsert(postgres=False), ", ".join(FIELDS)
    made = {
        f"contactfold_{name}": (
            f"CREATE TRIGGER IF NOT EXISTS contactfold_{name} AFTER {when} ON contact "
            f"BEGIN {upsert}; END"
        )
        for name, when in (("insert", "INSERT"), ("update", f"UPDATE OF {fields}"))
    }
    made["contactfold_delete"] = (
        "CREATE TRIGGER IF NOT EXISTS contactfold_delete AFTER DELETE ON contact "
        f"BEGIN DELETE FROM {TABLE} WHERE contact_id = old.id; END"
    )
    return made


def gram_triggers() -> dict[str, str]:
    """SQLite: the triggers that keep :data:`GRAMS` from the filters' table, by name. A
    row replaced (``INSERT OR REPLACE``, as the contact triggers write) fires the insert
    trigger only: it takes the old row out first."""
    keep = (
        f"DELETE FROM {GRAMS} WHERE rowid = new.contact_id;"
        f" INSERT INTO {GRAMS} (rowid, folded) VALUES (new.contact_id, new.folded);"
    )
    return {
        "contactgram_insert": (
            f"CREATE TRIGGER IF NOT EXISTS contactgram_insert AFTER INSERT ON {TABLE}"
            f" BEGIN {keep} END"
        ),
        "contactgram_update": (
            f"CREATE TRIGGER IF NOT EXISTS contactgram_update AFTER UPDATE OF folded ON {TABLE}"
            f" BEGIN {keep} END"
        ),
        "contactgram_delete": (
            f"CREATE TRIGGER IF NOT EXISTS contactgram_delete AFTER DELETE ON {TABLE}"
            f" BEGIN DELETE FROM {GRAMS} WHERE rowid = old.contact_id; END"
        ),
    }


def fill_grams(condition: str = "1 = 1") -> str:
    """SQLite: SQL indexing the filters' rows that ``condition`` (on ``f``) picks, in one
    statement (rows given one at a time by a trigger take several times longer)."""
    return (
        f"INSERT INTO {GRAMS} (rowid, folded) SELECT f.contact_id, f.folded FROM {TABLE} f"
        f" WHERE {condition}"
    )


def create_grams(conn: Any) -> None:
    """The trigram index of the filters' table: on SQLite :data:`GRAMS`, filled and kept
    by triggers; on PostgreSQL a GIN index of ``pg_trgm`` where the server lets this
    database have the extension (it is trusted: a database's owner may), else nothing
    (the filters read the whole list, as they did before)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    if conn.dialect.name == "postgresql":
        try:
            with conn.begin_nested():
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                conn.execute(
                    text(
                        f"CREATE INDEX IF NOT EXISTS {PG_GRAMS_INDEX} ON {TABLE}"
                        " USING gin (folded gin_trgm_ops)"
                    )
                )
        except DBAPIError:
            pass  # no pg_trgm on this server, or not allowed: the filters scan instead
        return
    if conn.dialect.name != "sqlite":
        return
    conn.execute(
        text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {GRAMS} USING fts5(folded,"
            " tokenize='trigram', detail='full', columnsize=0)"
        )
    )
    missing = f"NOT EXISTS (SELECT 1 FROM {GRAMS} g WHERE g.rowid = f.contact_id)"
    conn.execute(text(fill_grams(missing)))
    for sql in gram_triggers().values():
        conn.execute(text(sql))


def fill(condition: str, *, postgres: bool = False) -> str:
    """SQL adding the rows of the contacts ``condition`` (on ``c``) picks, in the list's
    order (so its index is written in order)."""
    key, folded, exact = _values("c", postgres=postgres)
    return (
        f"INSERT INTO {TABLE} (contact_id, name_key, folded, exact)"
        f" SELECT c.id, {key}, {folded}, {exact} FROM contact c WHERE {condition}"
        f" ORDER BY {key}, c.id"
    )


def fill_folded(condition: str, count: int) -> tuple[str, str]:
    """SQLite: as :func:`fill`, in two statements, with the text of ``count`` contacts
    folded already by :func:`haystack`: those SQL cannot fold (:func:`needs_folding`),
    whose rows are written exact at once. The first adds the others' rows (``condition``
    on ``c``), the second takes those ``count`` as parameters, id and text each."""
    key, _, exact = _values("c", postgres=False)
    given = ", ".join(["(?, ?)"] * count)
    return (
        fill(f"{condition} AND {exact}"),
        f"INSERT INTO {TABLE} (contact_id, name_key, folded, exact)"
        f" SELECT c.id, {key}, v.column2, 1"
        f" FROM (VALUES {given}) AS v JOIN contact c ON c.id = v.column1"
        f" ORDER BY {key}, c.id",
    )


def create(conn: Any) -> None:
    """The triggers that keep a row per contact, and a row for each contact there now.

    ``conn`` is a SQLAlchemy connection (from :mod:`infotui.migrations`); the table and
    its index in the list's order are made from the models, or by the migration step;
    the partial index of the rows not folded exactly yet is made here, in SQL both
    databases read.
    """
    from sqlalchemy import text

    postgres = conn.dialect.name == "postgresql"
    if not postgres and conn.dialect.name != "sqlite":
        return
    conn.execute(
        text(
            f"CREATE INDEX IF NOT EXISTS ix_contactfold_inexact ON {TABLE} (contact_id)"
            " WHERE NOT exact"
        )
    )
    if postgres:
        conn.execute(
            text(
                "CREATE OR REPLACE FUNCTION contactfold_kept() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP = 'DELETE' THEN DELETE FROM {TABLE} WHERE contact_id = OLD.id; "
                f"ELSE {_upsert(postgres=True)}; END IF; RETURN NULL; END $$"
            )
        )
        conn.execute(text("DROP TRIGGER IF EXISTS contactfold_kept ON contact"))
        conn.execute(
            text(
                f"CREATE TRIGGER contactfold_kept AFTER INSERT OR DELETE OR UPDATE OF"
                f" {', '.join(FIELDS)} ON contact FOR EACH ROW EXECUTE FUNCTION contactfold_kept()"
            )
        )
    else:
        for sql in sqlite_triggers().values():
            conn.execute(text(sql))
    condition = f"NOT EXISTS (SELECT 1 FROM {TABLE} f WHERE f.contact_id = c.id)"
    conn.execute(text(fill(condition, postgres=postgres)))
    create_grams(conn)


def inexact(execute: Executes, limit: int | None = None) -> list[tuple[int, str]]:
    """Contacts whose row is not folded yet: their ids and what their row should hold."""
    rows = execute(
        f"SELECT c.id, c.name, c.company, c.role, c.field FROM {TABLE} f"
        f" JOIN contact c ON c.id = f.contact_id WHERE NOT f.exact"
        + (" LIMIT :limit" if limit is not None else ""),
        {"limit": limit},
    )
    return [(row[0], haystack(*row[1:])) for row in rows]


def inexact_with_text(execute: Executes) -> list[tuple[int, str, str]]:
    """As :func:`inexact`, with what the row holds now."""
    rows = execute(
        f"SELECT c.id, c.name, c.company, c.role, c.field, f.folded FROM {TABLE} f"
        " JOIN contact c ON c.id = f.contact_id WHERE NOT f.exact"
    )
    return [(row[0], haystack(*row[1:5]), row[5]) for row in rows]


REFOLD = f"UPDATE {TABLE} SET folded = :folded, exact = :yes WHERE contact_id = :id"


def refold_params(rows: Sequence[tuple[int, str]]) -> list[dict[str, Any]]:
    """Parameters for :data:`REFOLD`: each row folded as the filters fold."""
    return [{"id": contact_id, "folded": hay, "yes": True} for contact_id, hay in rows]


# -- reading it ---------------------------------------------------------------------------


class ContactPages:
    """The live screen's contact list, a page at a time: filtered, counted and ordered
    by name in the database, with rows not folded yet checked here."""

    def __init__(self, execute: Executes, *, grams: Grams | None = None) -> None:
        self.execute = execute
        # The trigram index to look rare words up in, if any. SQLite's: the list read in
        # order would pass over every contact for a word found in few. PostgreSQL's
        # planner takes its pg_trgm index for such a read by itself, and counting its
        # finds first (the road here) only added a statement at each key.
        self.grams = grams

    def page(self, query: str, offset: int, limit: int) -> list[ContactSummary]:
        """The contacts matching ``query``, by name, from ``offset`` on, at most ``limit``
        (fewer when some were not folded yet and do not match after all)."""
        words = words_of(query)
        where, params = substring_filter(words)
        if words:  # rows not folded yet are candidates, checked below
            where = f"(({where}) OR NOT f.exact)"
        sql = (
            f"SELECT {SUMMARY}, f.exact FROM {TABLE} f JOIN contact c ON c.id = f.contact_id"
            f" WHERE {where} ORDER BY {BY_NAME} LIMIT :limit OFFSET :offset"
        )
        rows = self.execute(sql, {**params, "limit": limit, "offset": offset})
        return [
            ContactSummary(*row[:5])
            for row in rows
            if row[5] or not words or matches(words, haystack(*row[1:5]))
        ]

    def first_page(self, query: str, limit: int) -> FoundPage:
        """The first page ``query`` finds and how many it finds in all, counted up to
        :data:`FEW` and no further: past that, "more than FEW" (an exact count would be
        a pass over every contact at each key typed, for a number the list shows only
        to say "type to narrow"). The page comes in the index's order, so a filter that
        finds many stops reading at the page's end; the count stops at FEW."""
        found = self._first_page(query, limit, count=True)
        assert isinstance(found, FoundPage)
        return found

    def page_before_count(self, query: str, limit: int) -> FoundPage | list[ContactSummary]:
        """:meth:`first_page` when its count comes on the way (the page not full, or
        counted by the trigram index); else the page alone, to show before counting
        (:meth:`first_page` again: the count is a pass over the index, or a lookup of
        each contact the trigram index finds)."""
        return self._first_page(query, limit, count=False)

    def _first_page(
        self, query: str, limit: int, *, count: bool
    ) -> FoundPage | list[ContactSummary]:
        words = words_of(query)
        if not words:
            return FoundPage(self.page("", 0, limit), self.count(""))
        kind = self.grams
        grams = gram_count(self.execute, words, FEW, kind) if kind is not None else None
        if grams is not None and grams <= SPARSE:
            assert kind is not None
            return self._sparse_first_page(words, limit, kind)
        where, params = substring_filter(words)
        candidates = f"(({where}) OR NOT f.exact)"  # rows not folded yet: checked here
        rows = self.execute(
            f"SELECT {SUMMARY}, f.exact, f.name_key FROM {TABLE} f"
            f" JOIN contact c ON c.id = f.contact_id"
            f" WHERE {candidates} ORDER BY {BY_NAME} LIMIT :limit",
            {**params, "limit": limit},
        )
        page = [
            ContactSummary(*row[:5])
            for row in rows
            if row[5] or matches(words, haystack(*row[1:5]))
        ]
        if len(rows) < limit:  # every candidate read: counted already
            return FoundPage(page, len(page))
        if grams is not None and all(len(word) >= 3 for word in words):
            # Every word looked up whole in the trigram index: its count is the count.
            if grams > FEW:
                return FoundPage(page, FEW, at_least=True)
            assert kind is not None
            return FoundPage(page, grams + self._gram_correction(words, kind))
        if not count:
            return page
        if kind is not None and grams is not None and grams <= COUNTED_BY_LOOKUP:
            # The index's finds checked for the short words too, one by one.
            ids, gram_params = gram_ids(words, kind)
            found = int(
                self.execute(
                    f"SELECT count(*) FROM ({ids}) g {gram_join(kind)} {TABLE} f"
                    f" ON f.contact_id = g.id WHERE {candidates}",
                    {**params, **gram_params},
                )[0][0]
            )
            unmatched = sum(not matches(words, hay) for _, hay in inexact(self.execute))
            return FoundPage(page, found - unmatched)
        # Counted on from the page's last row: one pass over the index in all.
        after = f"({BY_NAME}) > (:after_key, :after_id)"
        found = len(rows) + int(
            self.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} f WHERE {after} AND {candidates}"
                " LIMIT :few) x",
                {
                    **params,
                    "few": FEW + 1 - len(rows),
                    "after_key": rows[-1][6],
                    "after_id": rows[-1][0],
                },
            )[0][0]
        )
        if found > FEW:
            return FoundPage(page, FEW, at_least=True)
        # Rows not folded yet were all candidates: take those that do not match off.
        unmatched = sum(not matches(words, hay) for _, hay in inexact(self.execute))
        return FoundPage(page, found - unmatched)

    def _gram_correction(self, words: Sequence[str], grams: Grams) -> int:
        """What to add to the trigram index's count for the rows not folded exactly yet:
        it looked in SQL's lower-casing of them, the filter looks in their folding."""
        rows = inexact(self.execute)
        if not rows:
            return 0
        found = gram_rows(words, grams)
        assert found is not None, "no word the trigram index can look up"
        sql, gram_params = found
        seen = self.execute(
            f"SELECT count(*) FROM ({sql}) x WHERE x.id IN"
            f" (SELECT contact_id FROM {TABLE} WHERE NOT exact)",
            gram_params,
        )
        return sum(matches(words, hay) for _, hay in rows) - int(seen[0][0])

    def _sparse_first_page(self, words: Sequence[str], limit: int, grams: Grams) -> FoundPage:
        """:meth:`first_page` through the trigram index, which finds few contacts: those
        looked up, ordered and counted in one statement."""
        where, params = substring_filter(words)
        ids, gram_params = gram_ids(words, grams)
        rows = self.execute(
            f"SELECT {SUMMARY}, s.exact, s.found FROM (SELECT f.contact_id, f.name_key,"
            f" f.exact, count(*) OVER () AS found FROM ({ids}) g"
            f" {gram_join(grams)} {TABLE} f ON f.contact_id = g.id WHERE (({where}) OR NOT f.exact)"
            f" ORDER BY {BY_NAME} LIMIT :limit) s JOIN contact c ON c.id = s.contact_id"
            " ORDER BY s.name_key, s.contact_id",
            {**params, **gram_params, "limit": limit},
        )
        page = [
            ContactSummary(*row[:5])
            for row in rows
            if row[5] or matches(words, haystack(*row[1:5]))
        ]
        if not rows:
            return FoundPage(page, 0)
        unmatched = 0
        if len(page) < len(rows) or len(rows) < int(rows[0][6]):
            unmatched = sum(not matches(words, hay) for _, hay in inexact(self.execute))
        found = int(rows[0][6]) - unmatched
        return FoundPage(page, FEW, at_least=True) if found > FEW else FoundPage(page, found)

    def mark(self) -> tuple[int, int]:
        """How many contacts there are and the newest one's id: it changes when another
        window or a command adds or deletes one (read from an index: cheap to ask often)."""
        # Each its own subquery: SQLite counts a table in a quick pass of its own (0.5 ms
        # at 100,000 contacts), not when the count shares a SELECT with max (4 ms).
        sql = "SELECT (SELECT count(*) FROM contact), (SELECT coalesce(max(id), 0) FROM contact)"
        found = self.execute(sql)[0]
        return int(found[0]), int(found[1])

    def count(self, query: str) -> int:
        """How many contacts match ``query`` (all of them for an empty one)."""
        words = words_of(query)
        if not words:
            return int(self.execute("SELECT count(*) FROM contact")[0][0])
        where, params = substring_filter(words)
        total = int(self.execute(f"SELECT count(*) FROM {TABLE} f WHERE {where}", params)[0][0])
        # Rows not folded yet were counted as SQL lower-cased them: count them as folded.
        for _, hay, lowered in inexact_with_text(self.execute):
            total += matches(words, hay) - matches(words, lowered)
        return total

    def has(self, contact_id: int, query: str) -> bool:
        """Whether this contact is among those ``query`` finds."""
        row = self.execute(f"SELECT {SUMMARY} FROM contact c WHERE c.id = :id", {"id": contact_id})
        return bool(row) and matches(words_of(query), haystack(*row[0][1:5]))


def sqlalchemy_rows(conn: Any) -> Executes:
    """:data:`Executes` over a SQLAlchemy connection."""
    from sqlalchemy import text

    def execute(sql: str, params: dict[str, Any] | None = None, /) -> Sequence[Any]:
        rows: Sequence[Any] = conn.execute(text(sql), params or {}).all()
        return rows

    return execute


def refold(conn: Any) -> int:
    """Fold the rows that are not folded exactly yet, on a SQLAlchemy connection in a
    transaction; how many there were."""
    from sqlalchemy import text

    rows = inexact(sqlalchemy_rows(conn))
    if rows:
        conn.execute(text(REFOLD), refold_params(rows))
    return len(rows)
