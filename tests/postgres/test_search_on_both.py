"""Search behaves alike on SQLite (FTS5) and PostgreSQL (full-text search): accents
folded, each word a prefix, the words shown in their context, the best match first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from infotui.clock import FakeClock
from infotui.store import Store
from infotui.views import MARK_END, MARK_START


@pytest.fixture(params=["sqlite", "postgresql"])
def either(request: pytest.FixtureRequest, clock: FakeClock) -> Iterator[Store]:
    if request.param == "sqlite":
        with Store("sqlite://", clock=clock) as store:
            yield store
    else:
        yield request.getfixturevalue("store")  # this folder's: a fresh PostgreSQL database


def notes(store: Store, name: str, words: str) -> int:
    contact = store.contacts.add(name)
    assert contact.id is not None
    interview = store.interviews.create(contact.id)
    assert interview.id is not None
    store.answers.save(interview.id, None, words)
    return interview.id


def test_accents_are_folded_both_ways(either: Store) -> None:
    notes(either, "Zoë Brandt", "We met at the Café Müller near the station")
    [hit] = [h for h in either.search.find("cafe muller") if h.kind == "answer"]
    assert f"{MARK_START}Café{MARK_END}" in hit.snippet
    assert f"{MARK_START}Müller{MARK_END}" in hit.snippet
    assert [h.contact.name for h in either.search.find("zoe")] == ["Zoë Brandt"]
    notes(either, "Bo Diaz", "The resume needs work")
    assert [h.contact.name for h in either.search.find("résumé")] == ["Bo Diaz"]


def test_each_word_is_a_prefix_and_all_are_needed(either: Store) -> None:
    notes(either, "Ann Lee", "Mostly Kubernetes upgrades and data pipelines")
    assert len(either.search.find("kube pipe")) == 1
    assert either.search.find("kube spreadsheets") == []
    assert either.search.find("ubernetes") == []  # a prefix, not any part of a word


def test_words_are_shown_in_their_context(either: Store) -> None:
    long = (
        " ".join(f"filler{n}" for n in range(40))
        + " the mentoring programme "
        + " ".join(f"more{n}" for n in range(40))
    )
    notes(either, "Ann Lee", long)
    [hit] = either.search.find("mentoring")
    assert f"{MARK_START}mentoring{MARK_END}" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < 200


def test_what_the_user_types_is_never_read_as_an_operator(either: Store) -> None:
    notes(either, "Ann Lee", "Salary & benefits: it's negotiable (sometimes)")
    for query in ["it's", "salary &", "negotiable)", "! | :*", '"', "\\", "it's negot"]:
        either.search.find(query)  # no error
    assert len(either.search.find("it's negot")) == 1


def test_the_best_match_comes_first_on_postgresql(store: Store) -> None:
    notes(store, "Ann Lee", "Mentoring came up once, among many other things we covered")
    notes(store, "Bo Diaz", "Mentoring, mentoring and more mentoring: their mentoring scheme")
    notes(store, "Cy Ng", "Nothing about it")
    assert [h.contact.name for h in store.search.find("mentoring")] == ["Bo Diaz", "Ann Lee"]


def test_a_server_database_made_before_the_index_gets_it_when_opened(
    pg_url: str, clock: FakeClock
) -> None:
    with Store(pg_url, clock=clock) as store:
        notes(store, "Ann Lee", "Cafés and croissants")
        with store.db.engine.begin() as conn:
            for table in ("answer", "contact", "debrief"):
                conn.execute(text(f"DROP TRIGGER search_{table} ON {table}"))
            conn.execute(text("DROP TABLE search_doc"))
    with Store(pg_url, clock=clock) as store:
        assert [h.contact.name for h in store.search.find("cafe")] == ["Ann Lee"]
