"""Full-text search over answers, general notes, debriefs and contacts.

On SQLite an FTS5 table is kept in step by triggers, so every write the
store makes (or any other program makes) is searchable at once. Its rowid
encodes what a hit points at: ``id * 4 + kind``. Other databases fall back to
a plain LIKE search in the store.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

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


def create(conn: Connection) -> None:
    """The index and its triggers, filled from what is there. SQLite only."""
    if conn.dialect.name != "sqlite":
        return
    conn.execute(
        text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
            "body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    )
    for kind, (table, body) in SOURCES.items():
        code = KINDS[kind]
        new = body.format(p="new")
        conn.execute(
            text(
                f"CREATE TRIGGER IF NOT EXISTS search_{table}_insert AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO search_fts(rowid, body) VALUES (new.id * 4 + {code}, {new}); END"
            )
        )
        conn.execute(
            text(
                f"CREATE TRIGGER IF NOT EXISTS search_{table}_update AFTER UPDATE ON {table} "
                f"BEGIN DELETE FROM search_fts WHERE rowid = old.id * 4 + {code}; "
                f"INSERT INTO search_fts(rowid, body) VALUES (new.id * 4 + {code}, {new}); END"
            )
        )
        conn.execute(
            text(
                f"CREATE TRIGGER IF NOT EXISTS search_{table}_delete AFTER DELETE ON {table} "
                f"BEGIN DELETE FROM search_fts WHERE rowid = old.id * 4 + {code}; END"
            )
        )
        conn.execute(
            text(
                f"INSERT INTO search_fts(rowid, body) "
                f"SELECT id * 4 + {code}, {body.format(p=table)} FROM {table}"
            )
        )


def fts_query(user_text: str) -> str:
    """Each word a prefix match, all required: 'pipe sql' -> '"pipe"* AND "sql"*'."""
    words = [w.replace('"', "") for w in user_text.split()]
    return " AND ".join(f'"{w}"*' for w in words if w)
