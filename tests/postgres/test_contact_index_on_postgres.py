"""The contact lists' filters on PostgreSQL: the same finds as on SQLite, and the trigram
index (pg_trgm, which this test server has) made with the schema."""

import pytest
from sqlalchemy import text

from infotui import contact_index
from infotui.clock import FakeClock
from infotui.store import Store
from tests.postgres.reuse import reused
from tests.unit.test_contact_index import listing_is_every_contact_scored_and_sorted

globals().update(reused("test_contact_index", "store"))


def test_the_filters_table_has_a_trigram_index(store: Store) -> None:
    with store.db.engine.connect() as conn:
        made = conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_contactfold_grams'")
        ).scalar()
    assert made is not None and "gin_trgm_ops" in made
    ann = store.contacts.add("Ann Lee", company="Acme")
    store.contacts.add("Bo Diaz", company="Globex")
    assert [c.name for c in store.reads.contact_first_page("acme", 5).contacts] == [ann.name]


@pytest.mark.parametrize("sparse", [0, 30, 10_000])
def test_the_contacts_screen_listing_through_the_trigram_index(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, sparse: int
) -> None:
    """The contacts screen's listing on PostgreSQL, by each road, pg_trgm's among them
    (filters finding up to 30 exactly; always; never): every contact scored and sorted."""
    monkeypatch.setattr(contact_index, "FEW", 40)
    monkeypatch.setattr(contact_index, "SPARSE", sparse)
    assert store.contacts.grams == contact_index.PG_TRGM
    listing_is_every_contact_scored_and_sorted(store, clock)


def test_the_live_list_with_rows_another_program_wrote(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live list's first page and count on PostgreSQL (the list read in order, which
    the planner reads through pg_trgm for a rare word) are those of every contact checked
    here, rows another program wrote with letters beyond ASCII (folded by the store when
    it next reads) among them."""
    monkeypatch.setattr(contact_index, "FEW", 60)  # counted up to 60, "at least" past it
    first = ["Ann", "Anne", "Ben", "Bo", "Zoë", "Søren", "Joanna", "Dana"]
    last = ["Lee", "Banner", "Stone", "Anders", "Kim", "Ødegaard"]
    for n in range(90):
        store.contacts.add(
            f"{first[n % 8]} {last[n % 6]} {n}", company=["Acme", "Initech", ""][n % 3]
        )
    with store.db.engine.begin() as conn:  # another program: these are not folded yet
        for name in ("Zoë Annsdóttir", "ANNE BØ", "Łukasz Ann", "Øyvind Ånnesen"):
            conn.execute(
                text(
                    "INSERT INTO contact (name, company, role, field, email, phone,"
                    " linkedin_url, how_we_know, notes, status, created_at, updated_at) VALUES"
                    " (:name, 'Acme', '', '', '', '', '', '', '', 'to_contact', now(), now())"
                ),
                {"name": name},
            )
        unfolded = conn.execute(
            text(
                "SELECT count(*) FROM contactfold f JOIN contact c ON c.id = f.contact_id"
                " WHERE NOT f.exact AND c.company = 'Acme' AND c.name NOT LIKE '%% %% %%'"
            )
        )
        assert unfolded.scalar() == 4
    with store.db.engine.connect() as conn:
        everyone = conn.execute(
            text("SELECT id, name, company, role, field FROM contact ORDER BY lower(name), id")
        ).all()
    for query in ("ann", "anne", "zoe", "soren", "ann lee", "ann 1", "bo", "a", "an acme",
                  "banner 1", "nne", "zzz", "ann zoe", "acme ann", "lukasz", "oyvind",
                  "annes", "joanna kim"):  # fmt: skip
        words = contact_index.words_of(query)
        found = [
            row[1]
            for row in everyone
            if contact_index.matches(words, contact_index.haystack(*row[1:]))
        ]
        page, total, at_least = store.reads.contact_first_page(query, 7)
        assert [c.name for c in page] == found[:7], query
        expected = (60, True) if len(found) > 60 else (len(found), False)
        assert (total, at_least) == expected, query
        early = store.reads.contact_page_before_count(query, 7)
        if isinstance(early, list):  # the page alone: its count comes after
            assert early == page and len(found) >= 7, query
        else:
            assert early == (page, total, at_least), query
        assert store.contacts.count(query) == len(found), query
