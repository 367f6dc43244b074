"""The contact lists' filters on PostgreSQL: the same finds as on SQLite, and the trigram
index (pg_trgm, which this test server has) made with the schema."""

from sqlalchemy import text

from infotui.store import Store
from tests.postgres.reuse import reused

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
