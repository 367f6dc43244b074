"""The Evaluate screen's counting kept in the database from one start to the next: the
same phrases without counting again, and never stale ones (``infotui.store.evaluation``
and ``infotui.synthesis.Counted``).

A new :class:`Evaluation` on the same database is what a restart gives: it holds
nothing in memory. The tests take the ``store`` fixture, so they run on PostgreSQL too
(``tests/postgres/test_evaluation_kept_on_postgres.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from infotui import synthesis
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.store import Store
from infotui.store import evaluation as evaluation_module
from infotui.store.evaluation import Evaluation
from infotui.synthesis import Counted, SaidAnswer, Synthesis, terms


def restarted(store: Store) -> Evaluation:
    """The store's evaluation as a new start of infotui makes it: nothing in memory."""
    return Evaluation(store.db, store.plans, store.settings)


def seen(synthesis: Synthesis) -> list[tuple[Any, ...]]:
    """What the screen shows of what was said: each question's phrases as written, how
    often, who said them and where."""
    return [
        (t.key, t.answered,
         [(str(p), p.count, p.who, [(m.interview_id, m.question_id, m.contact_id, m.answer_id)
                                    for m in p.mentions]) for p in t.phrases])
        for t in synthesis.themes
    ]  # fmt: skip


class Reads:
    """The statements run on the store's engine that read answers' texts."""

    def __init__(self, store: Store) -> None:
        self.statements: list[tuple[str, Any]] = []
        event.listen(store.db.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, parameters, *_: object) -> None:  # type: ignore[no-untyped-def]
        self.statements.append((statement, parameters))

    def answer_texts(self) -> list[Any]:
        """The parameters of each statement that read answers' texts."""
        found = []
        for statement, parameters in self.statements:
            columns, _, tables = statement.partition(" FROM ")
            if "a.text" in columns or ("text" in columns and tables.startswith("answer ")):
                found.append(parameters)
        return found


def test_after_a_restart_the_same_phrases_without_reading_any_answer(store: Store) -> None:
    populate(store)
    first = store.evaluation.synthesis()  # counted, and kept in the database
    reads = Reads(store)
    evaluation = restarted(store)
    at_once = evaluation.at_once()[1]
    assert at_once is not None  # nothing to count: shown whole at the first opening
    assert seen(at_once) == seen(first)
    assert reads.answer_texts() == []
    assert seen(evaluation.synthesis()) == seen(first)
    assert reads.answer_texts() == []
    # Enter on a phrase shows the sentences that say it: their answers are read then.
    [skills] = [t for t in at_once.themes if t.key == "key-skills"]
    phrase = evaluation.with_texts(skills.phrases[0])
    [before] = [t for t in first.themes if t.key == "key-skills"]
    assert [m.answer for m in phrase.mentions] == [m.answer for m in before.phrases[0].mentions]
    assert all(m.sentences(phrase.text) for m in phrase.mentions)


def test_after_a_restart_every_change_since_is_shown(store: Store, clock: FakeClock) -> None:
    populate(store)
    first = store.evaluation.synthesis()
    [skills] = [t for t in first.themes if t.key == "key-skills"]
    # Changes made by another start meanwhile (or before this one): an interview ends
    # with an answer, a phrase is hidden, a contact renamed, an answer erased.
    priya = next(c for c in store.contacts.all() if c.name == "Priya Raman")
    under_way = store.interviews.to_resume(priya.id)
    assert under_way is not None and skills.question_id is not None
    store.answers.save(under_way.id, skills.question_id, "Negotiation. Negotiation skills.")
    store.interviews.change_timer(under_way.id, lambda c: c.end(clock.now()))
    store.evaluation.hide_phrase("people")
    jim = next(c for c in store.contacts.all() if c.name == "Jim Alvarez")
    store.contacts.update(jim.id, name="James Alvarez")
    dana = next(m for m in skills.phrases[0].mentions if m.name == "Dana Okafor")
    store.answers.save(dana.interview_id, dana.question_id, "")
    reads = Reads(store)
    later = restarted(store).synthesis()
    [skills] = [t for t in later.themes if t.key == "key-skills"]
    said = {p.text: p.who for p in skills.phrases}
    assert said["negotiation skills"] == ["Priya Raman"]
    assert sorted(said["communication"]) == ["James Alvarez", "Marcus Feld"]
    assert all("people" not in [p.text for p in t.phrases] for t in later.themes)
    assert reads.answer_texts()  # the texts of the question that changed, read again
    # The same as counting everything afresh, with nothing kept.
    with store.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM saidcount"))
    assert seen(restarted(store).synthesis()) == seen(later)
    # And kept again: the next start reads no text.
    reads.statements.clear()
    assert seen(restarted(store).synthesis()) == seen(later)
    assert reads.answer_texts() == []


def test_an_answer_changed_after_the_count_is_counted_again_at_the_next_start(
    store: Store,
) -> None:
    populate(store)
    [skills] = [t for t in store.evaluation.synthesis().themes if t.key == "key-skills"]
    mention = skills.phrases[0].mentions[0]
    store.answers.save(mention.interview_id, mention.question_id, "Negotiation, above all.")
    reads = Reads(store)
    [skills] = [t for t in restarted(store).synthesis().themes if t.key == "key-skills"]
    [communication] = [p for p in skills.phrases if p.text == "communication"]
    assert communication.count == 2 and mention.name not in communication.who  # of 3
    [ids] = reads.answer_texts()  # only the key skills' answers: another question's not
    assert len(ids) == 3  # type: ignore[arg-type]  # the three interviews' answers to it


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE saidcount SET counted = 'not JSON'",
        'UPDATE saidcount SET counted = \'{"answers": [999999], "complete": true, "terms": []}\'',
        'UPDATE saidcount SET counted = \'{"answers": [], "complete": true, "terms": '
        '[["sql", 1, "ff", "SQL"]]}\'',
        "UPDATE saidcount SET mark = 'another'",
        "DELETE FROM saidcount",
    ],
)
def test_a_kept_counting_that_does_not_fit_is_counted_again(
    store: Store, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evaluation_module, "FEW_AT_ONCE", 0)  # none counted at once
    populate(store)
    first = store.evaluation.synthesis()
    with store.db.engine.begin() as conn:
        marks = {k: m for k, m in conn.execute(text("SELECT theme, mark FROM saidcount"))}
        conn.execute(text(damage))
        if "mark" not in damage:  # kept as if for these very answers
            for key, mark in marks.items():
                conn.execute(text("UPDATE saidcount SET mark = :m WHERE theme = :k"),
                             {"m": mark, "k": key})  # fmt: skip
    evaluation = restarted(store)
    assert evaluation.at_once()[1] is None  # counted again, not shown from what was kept
    assert seen(evaluation.synthesis()) == seen(first)


def test_phrases_hidden_past_what_was_kept_are_counted_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(store)
    monkeypatch.setattr(evaluation_module, "FEW_AT_ONCE", 0)  # none counted at once
    monkeypatch.setattr(synthesis, "KEPT_TERMS", 2)  # the two most said terms and ties
    first = store.evaluation.synthesis()
    for theme in first.themes:  # every phrase shown, hidden
        for phrase in theme.phrases:
            store.evaluation.hide_phrase(phrase.text)
    evaluation = restarted(store)
    assert evaluation.at_once()[1] is None  # what was kept is not enough: counted again
    later = evaluation.synthesis()
    assert seen(later) == seen(store.evaluation.synthesis())
    [skills] = [t for t in later.themes if t.key == "key-skills"]
    assert skills.phrases and "communication" not in [p.text for p in skills.phrases]


def test_a_counting_kept_and_restored_ranks_as_counted() -> None:
    texts = ["SQL and Python. Data analysis.", "Python, data analysis", "sql; SQL; Excel",
             "Data analysis in Python", "Excel"]  # fmt: skip
    answers = [SaidAnswer(n, 7, "key-skills", t, 100 + n) for n, t in enumerate(texts)]
    counted = Counted.of(answers, [terms(t) for t in texts])
    kept = json.loads(json.dumps(counted.kept(least=2)))
    # Said three times: data, analysis, data analysis, python. That count is kept whole;
    # sql and excel, said twice, are not.
    assert not kept["complete"] and len(kept["terms"]) == 4
    restored = Counted.restored({a.answer_id: a for a in answers if a.answer_id}, kept)
    none: frozenset[str] = frozenset()
    assert restored.ranked(none, 2) == counted.ranked(none, 2) == ["data analysis", "python"]
    for term in restored.counts:
        assert restored.saying(term) == counted.saying(term)
        assert restored.written(term) == counted.written(term)
    assert restored.written("python") == "Python" and restored.saying("python") == [0, 1, 3]
    assert counted.ranked(none, 3) == ["data analysis", "python", "excel"]
    assert restored.ranked(none, 3) is None  # not known: to be counted again
    assert restored.ranked(frozenset({"python"}), 2) is None
    whole = Counted.of(answers, [terms(t) for t in texts]).kept(least=5)
    assert whole["complete"] and len(whole["terms"]) == 6


def test_a_restart_on_a_file_counts_nothing_again(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "infotui.db"
    with Store(path, clock=clock) as store:
        populate(store)
        first = store.evaluation.synthesis()
    with Store(path, clock=clock) as store:
        reads = Reads(store)
        at_once = store.evaluation.at_once()[1]
        assert at_once is not None and seen(at_once) == seen(first)
        assert reads.answer_texts() == []
