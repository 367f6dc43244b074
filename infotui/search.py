"""Full-text search over answers, general notes, debriefs and contacts.

On SQLite an FTS5 table is kept in step by triggers, so every write the
store makes (or any other program makes) is searchable at once. Its rowid
encodes what a hit points at: ``id * 4 + kind``.

PostgreSQL gets the same from its own full-text search: a table ``search_doc``
(the same ids, the text and its ``tsvector``, under a GIN index) kept in step by
triggers, and a text search configuration ``infotui_search`` that lowercases
and, where the ``unaccent`` extension can be had, folds accents (so ``cafe``
finds "Café"), as SQLite's ``remove_diacritics`` does. Other databases fall back
to a plain LIKE search in the store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from infotui.folding import spellings

if TYPE_CHECKING:
    from sqlalchemy import Connection, TextClause

KINDS = {"answer": 0, "contact": 1, "debrief": 2}
CONTACT_BODY = (
    "{p}.name || ' ' || {p}.company || ' ' || {p}.role || ' ' || {p}.field || ' ' || "
    "{p}.email || ' ' || {p}.how_we_know || ' ' || {p}.notes"
)
DEBRIEF_BODY = (
    "{p}.learned || ' ' || {p}.fit_notes || ' ' || {p}.still_unknown || ' ' || {p}.next_steps"
)
SOURCES = {
    # kind: (table, body expression)
    "answer": ("answer", "{p}.text"),
    "contact": ("contact", CONTACT_BODY),
    "debrief": ("debrief", DEBRIEF_BODY),
}


def text(sql: str) -> TextClause:
    """SQLAlchemy's ``text``, imported when first used: the query building and the
    triggers' SQL here serve the command line's plain-driver import too."""
    from sqlalchemy import text as sql_text

    return sql_text(sql)


PG_CONFIG = "infotui_search"
PG_TABLE = "search_doc"


def create(conn: Connection) -> None:
    """The index and its triggers, filled from what is there (SQLite, PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        _create_pg(conn)
        return
    if conn.dialect.name != "sqlite":
        return
    conn.execute(
        text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
            "body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    )
    for kind, (table, body) in SOURCES.items():
        for sql in sqlite_triggers(table).values():
            conn.execute(text(sql))
        conn.execute(
            text(
                f"INSERT INTO search_fts(rowid, body) "
                f"SELECT id * 4 + {KINDS[kind]}, {body.format(p=table)} FROM {table}"
            )
        )


def sqlite_triggers(table: str) -> dict[str, str]:
    """SQLite: the triggers that keep ``table``'s rows in the index, by name."""
    kind = next(k for k, (source, _) in SOURCES.items() if source == table)
    code, new = KINDS[kind], SOURCES[kind][1].format(p="new")
    return {
        f"search_{table}_insert": (
            f"CREATE TRIGGER IF NOT EXISTS search_{table}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO search_fts(rowid, body) VALUES (new.id * 4 + {code}, {new}); END"
        ),
        f"search_{table}_update": (
            f"CREATE TRIGGER IF NOT EXISTS search_{table}_update AFTER UPDATE ON {table} "
            f"BEGIN DELETE FROM search_fts WHERE rowid = old.id * 4 + {code}; "
            f"INSERT INTO search_fts(rowid, body) VALUES (new.id * 4 + {code}, {new}); END"
        ),
        f"search_{table}_delete": (
            f"CREATE TRIGGER IF NOT EXISTS search_{table}_delete AFTER DELETE ON {table} "
            f"BEGIN DELETE FROM search_fts WHERE rowid = old.id * 4 + {code}; END"
        ),
    }


# A word of one letter is looked for as a word, not as the start of every word that
# begins with it: that would be most of the database (1.6 s and 12 MB for "p" among
# 300,000 answers), as the first letter typed into the search box.
ONE_LETTER = 1

# A prefix ("pipe"*) makes FTS5 gather the rows of every word it begins into one list in
# memory before the first row comes out: 4 MB for each of "pi"*, "pip"* ... "pipeline"*
# among 300,000 answers (the rows of "pipeline" itself), however few are shown. The
# same words looked for whole ("pipeline" OR "pipelines") are read a page at a time:
# the same rows, the same snippets, a few pages of memory. So a prefix of ASCII letters
# and digits (which the index keeps as they are, lower-cased) becomes the words the
# index holds that begin with it (its vocabulary: see VOCABULARY), when there are at
# most this many; else, or in another alphabet, it stays a prefix.
WORDS_FOR_A_PREFIX = 64
# The index's vocabulary, one row a word: a table of each SQLite connection's own
# (temporary) schema, made as the connection opens (infotui.store.database).
VOCABULARY = "temp.search_words"
CREATE_VOCABULARY = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY} USING fts5vocab(main, search_fts, row)"
)


def fts_query(
    user_text: str, words_beginning: Callable[[str], list[str] | None] | None = None
) -> str:
    """Each word a prefix match, all required: 'pipe sql' -> '"pipe"* AND "sql"*'; a
    one-letter word whole ('a' -> '"a"').

    FTS5 takes accents off (``zoe`` finds Zoë) but leaves ø, æ, ß and the like: a
    word that may have been written with them is looked for in each spelling
    (:func:`infotui.folding.spellings`), so ``soren`` finds Søren as the filters do.

    With ``words_beginning`` (the index's words that begin with a prefix, or None when
    too many), a prefix of ASCII letters and digits is looked for as those words, whole
    (see WORDS_FOR_A_PREFIX): '"pipeline" OR "pipelines"'. '' when a word begins none:
    nothing can be found.
    """
    words = [w.replace('"', "") for w in user_text.split()]
    terms = []
    for word in filter(None, words):
        spelt = [s for s in spellings(word) if s] or [word]
        if len(word) > ONE_LETTER:
            either: list[str] = []
            for s in spelt:
                found = (
                    words_beginning(s.lower())
                    if words_beginning is not None and s.isascii() and s.isalnum()
                    else None
                )
                either += [f'"{s}"*'] if found is None else [_quoted(w) for w in found]
            if not either:  # no word in the index begins so
                return ""
        else:
            either = [f'"{s}"' for s in spelt]
        either = list(dict.fromkeys(either))
        terms.append(f"({' OR '.join(either)})" if len(either) > 1 else either[0])
    return " AND ".join(terms)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def words_beginning_sql() -> str:
    """The vocabulary's words from a prefix (inclusive) to the next (exclusive), one over
    :data:`WORDS_FOR_A_PREFIX` at most."""
    return f"SELECT term FROM {VOCABULARY} WHERE term >= ? AND term < ? LIMIT ?"


def prefix_bounds(prefix: str) -> tuple[str, str, int]:
    """The parameters of :func:`words_beginning_sql` for an ASCII prefix."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1), WORDS_FOR_A_PREFIX + 1


def missing(conn: Connection) -> bool:
    """PostgreSQL: the index is not there (a database made before it existed)."""
    found = conn.execute(text("SELECT to_regclass(:name)"), {"name": PG_TABLE}).scalar()
    return found is None


def _unaccent(conn: Connection) -> bool:
    """Whether the unaccent extension is there or could be created (in a savepoint: a
    refusal, for want of the contrib package or of the right, leaves the rest)."""
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
    except Exception:  # any refusal: search then folds case only
        return False
    return True


def _create_pg(conn: Connection) -> None:
    exists = conn.execute(
        text("SELECT 1 FROM pg_ts_config WHERE cfgname = :name"), {"name": PG_CONFIG}
    ).scalar()
    if not exists:
        conn.execute(text(f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = simple)"))
        if _unaccent(conn):
            conn.execute(
                text(
                    f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} ALTER MAPPING FOR "
                    "asciiword, asciihword, hword_asciipart, word, hword, hword_part "
                    "WITH unaccent, simple"
                )
            )
    conn.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {PG_TABLE} ("
            "id BIGINT PRIMARY KEY, body TEXT NOT NULL, words TSVECTOR NOT NULL)"
        )
    )
    conn.execute(
        text(f"CREATE INDEX IF NOT EXISTS ix_{PG_TABLE}_words ON {PG_TABLE} USING GIN (words)")
    )
    for kind, (table, body) in SOURCES.items():
        code = KINDS[kind]
        new = body.format(p="NEW")
        conn.execute(
            text(
                f"CREATE OR REPLACE FUNCTION search_{table}_changed() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP <> 'INSERT' THEN DELETE FROM {PG_TABLE} WHERE id = OLD.id * 4 + {code}; "
                "END IF; "
                "IF TG_OP <> 'DELETE' THEN "
                f"INSERT INTO {PG_TABLE} (id, body, words) VALUES (NEW.id * 4 + {code}, {new}, "
                f"to_tsvector('{PG_CONFIG}', {new})); END IF; "
                "RETURN NULL; END $$"
            )
        )
        conn.execute(text(f"DROP TRIGGER IF EXISTS search_{table} ON {table}"))
        conn.execute(
            text(
                f"CREATE TRIGGER search_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION search_{table}_changed()"
            )
        )
        filled = body.format(p=table)
        conn.execute(
            text(
                f"INSERT INTO {PG_TABLE} (id, body, words) "
                f"SELECT id * 4 + {code}, {filled}, to_tsvector('{PG_CONFIG}', {filled}) "
                f"FROM {table} ON CONFLICT (id) DO NOTHING"
            )
        )


def pg_query(user_text: str) -> str:
    """Each word a prefix match, all required, for to_tsquery: 'pipe sql' -> 'pipe:* & sql:*'
    (a one-letter word whole).

    Each word is quoted as a lexeme (quotes and backslashes doubled), so nothing the
    user types is read as an operator."""
    words = []
    for word in user_text.split():
        quoted = word.replace("\\", "\\\\").replace("'", "''")
        words.append(f"'{quoted}':*" if len(word) > ONE_LETTER else f"'{quoted}'")
    return " & ".join(words)
