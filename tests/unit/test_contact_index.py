"""The contact lists read a page at a time: filtered, ordered and counted by the database."""

from __future__ import annotations

import contextlib
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infotui import contact_index, filtering, folding
from infotui.clock import FakeClock
from infotui.contact_index import FEW
from infotui.first_look import FirstLook
from infotui.folding import fold
from infotui.store import Store
from infotui.views import ContactRecord


def names(rows: list[tuple[object, ...]]) -> list[object]:
    return [row[1] for row in rows]


def test_the_filter_folds_case_and_accents(store: Store) -> None:
    for name, company in (("Zoë Ødegaard", "Søren & Co"), ("Ann Lee", "Acme"),
                          ("Bo Straße", "Initech"), ("joanna kim", "ACME 100%")):  # fmt: skip
        store.contacts.add(name, company=company)
    reads = store.reads
    assert names(reads.contact_page("zoe", 0, 10)) == ["Zoë Ødegaard"]
    assert names(reads.contact_page("SOREN", 0, 10)) == ["Zoë Ødegaard"]
    assert names(reads.contact_page("strasse", 0, 10)) == ["Bo Straße"]
    assert names(reads.contact_page("acme ann", 0, 10)) == ["Ann Lee", "joanna kim"]
    assert names(reads.contact_page("100%", 0, 10)) == ["joanna kim"]  # no wildcard
    assert names(reads.contact_page("_", 0, 10)) == []
    assert reads.contact_count("acme") == 2 and reads.contact_count("") == 4
    assert reads.contact_first_page("a", 2) == (reads.contact_page("a", 0, 2), 4, False)


def test_pages_follow_the_name_order(store: Store) -> None:
    for n in reversed(range(30)):
        store.contacts.add(f"Person {n:02d}")
    reads = store.reads
    assert names(reads.contact_page("", 0, 3)) == ["Person 00", "Person 01", "Person 02"]
    assert names(reads.contact_page("person", 28, 5)) == ["Person 28", "Person 29"]
    page, total, _ = reads.contact_first_page("person 1", 4)
    assert names(page) == ["Person 01", "Person 10", "Person 11", "Person 12"] and total == 12


def test_the_index_follows_every_change(store: Store) -> None:
    ann = store.contacts.add("Ann Lee", company="Acme")
    assert ann.id is not None
    store.contacts.update(ann.id, name="Zoë Lee", company="Globex")
    reads = store.reads
    assert names(reads.contact_page("acme", 0, 10)) == []
    assert names(reads.contact_page("zoe globex", 0, 10)) == ["Zoë Lee"]
    store.contacts.delete(ann.id)
    assert reads.contact_page("zoe", 0, 10) == [] and reads.contact_count("") == 0


def test_rows_written_by_another_program_are_found(tmp_path: Path, clock: FakeClock) -> None:
    """Written with plain SQL (a bulk import, another program): the triggers index them;
    a name beyond ASCII is found before the store folds it, and after."""
    path = tmp_path / "notes.db"
    with Store(path, clock=clock) as store:
        store.contacts.add("Ann Lee")
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for name in ("Zoë Ødegaard", "Bo Diaz"):
            conn.execute(
                "INSERT INTO contact (name, company, role, field, email, phone, linkedin_url,"
                " how_we_know, notes, status, created_at, updated_at) VALUES"
                " (?, '', '', '', '', '', '', '', '', 'to_contact', '2026-01-01', '2026-01-01')",
                (name,),
            )
        conn.execute("UPDATE contact SET company = 'Søren & Co' WHERE name = 'Ann Lee'")
    look = FirstLook.open(path)
    assert look is not None
    assert names(look.contact_page("zoe odegaard", 0, 10)) == ["Zoë Ødegaard"]
    assert names(look.contact_page("soren", 0, 10)) == ["Ann Lee"]
    assert look.contact_count("o") == 3 and look.contact_count("diaz") == 1
    assert look.contact_first_page("soren", 10) == (look.contact_page("soren", 0, 10), 1, False)
    look.close()
    with Store(path, clock=clock) as store:
        assert names(store.reads.contact_page("zoe", 0, 10)) == ["Zoë Ødegaard"]
        assert store.contacts.refold() == 0  # folded by the read above
        assert store.reads.contact_count("soren") == 1


def test_the_contacts_screen_listing_pages_and_counts(store: Store, clock: FakeClock) -> None:
    for n in range(12):
        store.contacts.add(f"Person {n:02d}", company="Acme" if n % 2 else "Globex")
    late = store.contacts.add("Zed Zane")
    assert late.id is not None
    store.interviews.schedule(late.id, clock.now().add(days=1))
    rows, total = store.contacts.listing("", 5)
    assert [r.contact.name for r in rows] == ["Zed Zane", *(f"Person {n:02d}" for n in range(4))]
    assert total == 13
    rows, total = store.contacts.listing("acme", 3)
    assert [r.contact.name for r in rows] == ["Person 01", "Person 03", "Person 05"]
    assert total == 6
    rows, total = store.contacts.listing("prsn 1", 20)  # loosely, exact words first
    assert [r.contact.name for r in rows] == ["Person 10", "Person 11", "Person 01"] and total == 3


def test_a_filter_finding_very_many_says_at_least_how_many(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Counted exactly at each key typed they would cost a second pass over every contact:
    the list says how many at least ("… 9,950+ more: type to narrow")."""
    path = tmp_path / "notes.db"
    with Store(path, clock=clock) as store:
        store.contacts.add("Ann Lee")
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany(
            "INSERT INTO contact (name, company, role, field, email, phone, linkedin_url,"
            " how_we_know, notes, status, created_at, updated_at) VALUES"
            " (?, '', '', '', '', '', '', '', '', 'to_contact', '2026-01-01', '2026-01-01')",
            [(f"Person {n:05d}",) for n in range(FEW + 5)],
        )
    with Store(path, clock=clock) as store:
        page, found, at_least = store.reads.contact_first_page("person", 3)
        assert names(page) == ["Person 00000", "Person 00001", "Person 00002"]
        assert (found, at_least) == (FEW, True)
        assert store.reads.contact_first_page("person 0999", 3)[1:] == (11, False)  # 00999 too
        assert store.reads.contact_first_page("", 3)[1:] == (FEW + 6, False)
        assert store.reads.contact_count("person") == FEW + 5


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_folding_takes_off_accents_as_its_one_rule_says(text: str) -> None:
    """Lower-cased, the letters of their own spelt out, decomposed, every combining mark
    off: the rule, written plainly, and the quicker way it is done agree on any text."""
    lowered = text.casefold().translate(folding._TABLE)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plainly = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert fold(text) == (text.lower() if text.isascii() else plainly)
    # The marks of Latin letters, U+034F (no mark) beside them, and a mark of another script.
    assert fold("Ze\u0301\u034fe\u0301 \u0915\u093c") == "ze\u034fe \u0915"


# No NUL: no contact field holds one (an import takes them out; SQLite's GLOB would stop
# at it).
PARTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PARTS, min_size=4, max_size=4), st.lists(PARTS, max_size=3))
def test_a_contacts_row_is_folded_part_by_part_as_it_would_be_whole(
    parts: list[str], words: list[str]
) -> None:
    """The filters' text is folded a part (and a word of the name) at a time: the same as
    folding the fields joined by spaces, on any text; and a row needs folding by the
    store exactly when SQLite's test (the triggers') says it is not plain."""
    name = " ".join([parts[0], *words])
    fields = (name, *parts[1:])
    assert contact_index.haystack(*fields) == fold(" ".join(fields))
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        (plain,) = conn.execute(
            "SELECT (? || ' ' || ? || ' ' || ? || ' ' || ?) NOT GLOB '*[^ -~]*'", fields
        ).fetchone()
    assert contact_index.needs_folding(*fields) == (not plain)


@pytest.mark.parametrize("sparse", [0, 30, 10_000])
def test_the_contacts_screen_listing_is_the_whole_list_scored_and_sorted(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, sparse: int
) -> None:
    """The listing reads a page, not every contact, by several roads (the best matches
    among the first by name; every match scored and counted in one pass; many matches
    counted apart; the few the trigram index finds, then the loose ones by name): each
    gives the first page of every contact scored and sorted as the screen promises, due
    ones (a follow-up, a planned interview) first at a score."""
    monkeypatch.setattr(contact_index, "FEW", 40)  # the roads for many, at a small size
    monkeypatch.setattr(contact_index, "SPARSE", sparse)  # the trigram index's road: never,
    # for filters finding up to 30, always
    with Store(tmp_path / "notes.db", clock=clock) as store:
        assert store.contacts.grams == contact_index.FTS5
        listing_is_every_contact_scored_and_sorted(store, clock)


def listing_is_every_contact_scored_and_sorted(store: Store, clock: FakeClock) -> None:
    """The body of the test above, for a store of any database (PostgreSQL's tests run
    it too)."""
    first = ["Ann", "Anne", "Ben", "Bo", "Zoë", "Søren", "Cy", "Dana"]
    last = ["Lee", "Banner", "Stone", "Anders", "Kim", "Ødegaard"]
    companies = ["Acme", "Globex", "Initech", "Benton & Co", ""]
    for n in range(150):
        contact = store.contacts.add(f"{first[n % 8]} {last[n % 6]} {n}", company=companies[n % 5])
        assert contact.id is not None
        if n % 17 == 0:
            store.contacts.set_follow_up(contact.id, clock.now().add(days=n % 5 + 1))
        if n % 23 == 0:
            store.interviews.schedule(contact.id, clock.now().add(days=n % 4 + 1, hours=1))
    for n in range(50):  # last by name, many, found only loosely: "zkpr"
        store.contacts.add(f"Zed Zookeeper {n}")
    everyone = store.contacts.rows()  # every contact, soonest next action first
    for query in ("", "a", "an", "ann", "ann l", "ben", "bnr", "zoe", "soren 1", "acme",
                  "co", "ann 14", "zzq", "b", "e", "zkpr", "zed", "zoo", "nne", "lee 1",
                  "ann lee", "kim ben", "stone benton"):  # fmt: skip
        words = contact_index.words_of(query)
        scored = [
            (filtering.score(words, contact_index.haystack(
                r.contact.name, r.contact.company, r.contact.role, r.contact.field)), r)
            for r in everyone
        ]  # fmt: skip
        expected = [r for s, r in scored if s or not words]
        expected.sort(key=lambda r: -filtering.score(words, contact_index.haystack(
            r.contact.name, r.contact.company, r.contact.role, r.contact.field)))  # fmt: skip
        rows, total = store.contacts.listing(query, 20, count_at_most=60)
        assert [r.contact.name for r in rows] == [r.contact.name for r in expected[:20]], query
        assert [r.next_action_at for r in rows] == [r.next_action_at for r in expected[:20]]
        # Every contact is counted (cheaply); a filter's matches up to 61 (over 60).
        assert total == (min(len(expected), 61) if words else 200), query
        assert store.contacts.listing(query, 20)[1] == len(expected), query


@pytest.mark.parametrize(("sparse", "by_lookup"), [(0, 0), (0, 10_000), (10_000, 0)])
def test_the_live_list_finds_what_every_contact_checked_finds(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, sparse: int, by_lookup: int
) -> None:
    """The live list's first page and count, by each road (the list read in order, the
    trigram index's finds looked up, counted by it or checked one by one), are those of
    every contact checked here: after updates, a deletion, rows written by another
    program with letters beyond ASCII (not folded yet), and a bulk import."""
    monkeypatch.setattr(contact_index, "FEW", 60)
    monkeypatch.setattr(contact_index, "SPARSE", sparse)
    monkeypatch.setattr(contact_index, "COUNTED_BY_LOOKUP", by_lookup)
    path = tmp_path / "notes.db"
    first = ["Ann", "Anne", "Ben", "Bo", "Zoë", "Søren", "Joanna", "Dana"]
    last = ["Lee", "Banner", "Stone", "Anders", "Kim", "Ødegaard"]
    with Store(path, clock=clock) as store:
        ids = [
            store.contacts.add(f"{first[n % 8]} {last[n % 6]} {n}",
                               company=["Acme", "Initech", ""][n % 3]).id
            for n in range(90)
        ]  # fmt: skip
        store.contacts.update(ids[3], name="Annabel Young", company="Benton")  # type: ignore[arg-type]
        store.contacts.delete(ids[4])  # type: ignore[arg-type]
        # Another program's contact, not folded yet: the import below folds it.
        with contextlib.closing(sqlite3.connect(path)) as conn, conn:
            conn.execute(
                "INSERT INTO contact (name, company, role, field, email, phone, linkedin_url,"
                " how_we_know, notes, status, created_at, updated_at) VALUES"
                " ('Øyvind Ånnesen', '', '', '', '', '', '', '', '', 'to_contact', ?, ?)",
                ("2026-01-01", "2026-01-01"),
            )
        # A bulk import: the insert triggers away, the indexes filled at once; it also
        # fills in a stored contact's role (their row replaced meanwhile), and brings
        # names beyond ASCII of its own.
        records = [ContactRecord(n, {"name": f"Anna Import {n}", "company": "Globex"})
                   for n in range(38)]  # fmt: skip
        records += [ContactRecord(38, {"name": "Ånna Ørsted"}),
                    ContactRecord(39, {"name": "Zoë Import", "company": "Annexe"})]  # fmt: skip
        records.append(ContactRecord(40, {"name": "Ann Lee 0", "company": "Acme",
                                          "role": "Annealer"}))  # fmt: skip
        result = store.imports.contacts(records)
        assert (result.imported, result.updated) == (40, 1)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for name in ("Zoë Annsdóttir", "ANNE BØ", "Łukasz Ann"):
            conn.execute(
                "INSERT INTO contact (name, company, role, field, email, phone, linkedin_url,"
                " how_we_know, notes, status, created_at, updated_at) VALUES"
                " (?, 'Acme', '', '', '', '', '', '', '', 'to_contact', ?, ?)",
                (name, "2026-01-01", "2026-01-01"),
            )
        conn.execute("UPDATE contact SET company = 'Søren Annex' WHERE name LIKE 'Dana%'")
    look = FirstLook.open(path)  # reads as the store would, and folds nothing
    assert look is not None
    with contextlib.closing(sqlite3.connect(path)) as conn:
        everyone = conn.execute(
            "SELECT id, name, company, role, field FROM contact ORDER BY lower(name), id"
        ).fetchall()
    for query in ("ann", "anne", "zoe", "soren", "ann lee", "ann 1", "bo", "a", "an acme",
                  "banner 1", "nne", "zzz", "ann zoe", "acme ann", "benton", "annealer",
                  "import 3", "globex", "lukasz", "oyvind", "annes", "anna ors", "zoe import",
                  "annex"):  # fmt: skip
        words = contact_index.words_of(query)
        found = [
            row[1]
            for row in everyone
            if contact_index.matches(words, contact_index.haystack(*row[1:]))
        ]
        for reads in (look, None):
            if reads is None:
                store = Store(path, clock=clock)
                page, total, at_least = store.reads.contact_first_page(query, 7)
                store.close()
            else:
                page, total, at_least = reads.contact_first_page(query, 7)
                # The page before its count: that page, and the count when it came with it.
                early = reads.contact_page_before_count(query, 7)
                if isinstance(early, list):
                    assert early == page and len(found) >= 7, query
                else:
                    assert early == (page, total, at_least), query
            assert names(page) == found[:7], query
            assert (total, at_least) == ((60, True) if len(found) > 60 else (len(found), False)), (
                query
            )
    look.close()
