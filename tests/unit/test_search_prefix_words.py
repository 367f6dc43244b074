"""A prefix is looked for as the index's words that begin with it (infotui.search):
the same hits, in the same order, with the same snippets, as the prefix itself."""

from __future__ import annotations

import pytest

from infotui import search as fts
from infotui.store import Store

TEXTS = [
    "Pipelines and pipeline tooling: the PIPE fitter's view",
    "Piñata budgets, a pip install and the Pi 4 cluster",
    "Søren and Zoë talked about e-mail, C++ and résumés",
    "Nothing here but soup",
    "pipeline pipeline pipeline",
    *(f"word{n} pipe{n} filler" for n in range(80)),  # "pipe" begins 80 more words
]
QUERIES = [
    "pi", "pip", "pipe", "pipel", "pipeline", "PIPE", "pin", "pina", "soren", "søren",
    "zoe", "res", "e-mail", "c++", "pip pin", "pipeline budg", "word1", "wor pipe1",
    "nothing", "xyz", "pipelinez", "p", "pi 4", '"pi"', "pipe7",
]  # fmt: skip


def _hits(store: Store) -> dict[str, list[tuple[str, str, str]]]:
    return {
        q: [(h.kind, h.contact.name, h.snippet) for h in store.search.find(q, limit=200)]
        for q in QUERIES
    }


def test_words_of_a_prefix_find_what_the_prefix_finds(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n, words in enumerate(TEXTS):
        contact = store.contacts.add(f"Contact {n}")
        assert contact.id is not None
        interview = store.interviews.create(contact.id)
        assert interview.id is not None
        store.answers.save(interview.id, None, words)
    expanded = _hits(store)
    monkeypatch.setattr(fts, "WORDS_FOR_A_PREFIX", -1)  # every prefix stays a prefix
    assert _hits(store) == expanded
    assert len(expanded["pipe"]) == 82  # beyond WORDS_FOR_A_PREFIX: the prefix itself
    assert len(expanded["pipe7"]) == 11 and not expanded["xyz"]


def test_the_query_names_the_words(store: Store) -> None:
    words = {"pipe": ["pipe", "pipeline", "pipelines"], "xyz": []}
    assert fts.fts_query("pipe", words.get) == '("pipe" OR "pipeline" OR "pipelines")'
    assert fts.fts_query("pipe xyz", words.get) == ""  # no word begins "xyz"
    assert fts.fts_query("zoë", lambda _: ["zoe"]) == '("zoe" OR "zøe"* OR "zœ"*)'
    assert fts.fts_query("zoë", lambda _: None) == '("zoe"* OR "zøe"* OR "zœ"*)'
    assert fts.fts_query("e-mail", words.get) == '("e-mail"* OR "e-maił"*)'
