"""The synthesis across interviews: the counting (pure), and what the store gathers for it."""

from __future__ import annotations

import pendulum
import pytest
from sqlalchemy import event

from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.store import Store
from infotui.synthesis import (
    NO_FIELD,
    Gathered,
    HeldInterview,
    SaidAnswer,
    WaitingReferral,
    in_context,
    stop_words,
    synthesize,
    terms,
    written_as,
)


def held(n: int, name: str, **fields: object) -> HeldInterview:
    return HeldInterview(interview_id=n, contact_id=100 + n, name=name, **fields)  # type: ignore[arg-type]


def test_words_and_phrases_are_folded_without_stop_words() -> None:
    found = terms("Strong SQL and Data Analysis. Café-culture, résumé writing!")
    assert "sql" in found and "data analysis" in found and "data" in found
    assert "cafe-culture" in found and "resume writing" in found
    assert not {"and", "strong sql and"} & set(found)  # a stop word ends a phrase
    assert "analysis cafe-culture" not in found  # so does punctuation
    assert "and" in stop_words() and "sql" not in stop_words()


def test_phrases_are_three_words_at_most_and_skip_numbers() -> None:
    found = terms("reading technical drawings quickly in 2 weeks")
    assert "reading technical drawings" in found and "technical drawings quickly" in found
    assert "reading technical drawings quickly" not in found
    assert "2" not in found and "weeks" in found


def test_a_phrase_counts_once_per_interview_with_who_said_it() -> None:
    gathered = Gathered(
        interviews=[held(1, "Ann Lee"), held(2, "Bo Diaz"), held(3, "Cy Ng")],
        answers=[
            SaidAnswer(1, 7, "key-skills", "SQL. More SQL. SQL every day; Python."),
            SaidAnswer(2, 7, "key-skills", "Communication, and sql."),
            SaidAnswer(3, 7, "key-skills", "Python and communication skills"),
            SaidAnswer(3, 8, "buzz-words", "Python"),
        ],
    )
    skills = synthesize(gathered).themes[0]
    assert skills.key == "key-skills" and skills.answered == 3
    counted = {p.text: (p.count, p.who) for p in skills.phrases}
    assert counted["sql"] == (2, ["Ann Lee", "Bo Diaz"])  # three times by Ann: once
    assert counted["python"] == (2, ["Ann Lee", "Cy Ng"])
    assert counted["communication"] == (2, ["Bo Diaz", "Cy Ng"])
    again = Gathered([held(1, "Ann Lee"), held(2, "Ann Lee")],
                     [SaidAnswer(n, 7, "key-skills", "SQL") for n in (1, 2)])  # fmt: skip
    [sql] = synthesize(again).themes[0].phrases
    assert (sql.count, sql.who) == (2, ["Ann Lee"])  # two interviews, one person
    # As often said: alphabetical. Then the ones said once.
    assert [p.text for p in skills.phrases][:3] == ["communication", "python", "sql"]
    assert {p.count for p in skills.phrases[3:]} == {1}


def test_a_word_a_longer_phrase_covers_is_left_out_and_hidden_ones_too() -> None:
    answers = [SaidAnswer(n, 7, "key-skills", "Project management.") for n in (1, 2)]
    interviews = [held(1, "Ann"), held(2, "Bo")]
    shown = synthesize(Gathered(interviews, answers)).themes[0].phrases
    assert [p.text for p in shown] == ["project management"]  # "project" adds nothing
    hidden = Gathered(interviews, answers, hidden=frozenset({"project management"}))
    shown = synthesize(hidden).themes[0].phrases
    assert [p.text for p in shown] == ["management", "project"]
    assert synthesize(hidden).hidden == ("project management",)


def test_fit_by_field_best_first_with_thin_evidence_marked() -> None:
    gathered = Gathered(
        interviews=[
            held(1, "Ann", field="Design", fit=4, skills=3, values=5),
            held(2, "Bo", field="design ", fit=2, skills=5, interests=4),
            held(3, "Cy", field="", role="Librarian", fit=5, fit_notes="Teaching,\nmostly"),
            held(4, "Di", company="Acme"),
            held(5, "Ed", skills=4, values=2),  # no overall: the parts' average
        ]
    )
    groups = synthesize(gathered).groups
    assert [(g.name, g.count) for g in groups] == [("Librarian", 1), (NO_FIELD, 2),
                                                   ("Design", 2)]  # fmt: skip
    librarian, unknown = groups[0], groups[1]
    assert librarian.thin and not unknown.thin
    assert librarian.reasons == [("Cy", "Teaching, mostly")]
    assert (unknown.overall.mean, unknown.overall.scored) == (3.0, 1)
    design = groups[2]
    assert (design.overall.mean, design.skills.mean, design.values.mean) == (3.0, 4.0, 5.0)
    assert (design.values.scored, design.interests.scored) == (1, 1)
    by_company = synthesize(gathered, by="company").groups
    assert by_company[-1].name == "Acme" and by_company[-1].overall.mean is None
    with pytest.raises(ValueError):
        synthesize(gathered, by="colour")


def test_next_steps_a_line_each_then_referrals_waiting() -> None:
    now = pendulum.datetime(2026, 3, 10, tz="UTC")
    gathered = Gathered(
        interviews=[
            held(
                1,
                "Ann",
                company="Acme",
                held_at=now.subtract(days=9),
                next_steps="- Read the report\n\n2. Email Tom",
            ),
            held(2, "Bo", held_at=now.subtract(days=1), next_steps="Take the SQL course"),
        ],
        referrals=[WaitingReferral(9, "Maria Lopez", "Globex", "Ann")],
    )
    steps = synthesize(gathered).next_steps
    assert [(s.text, s.source) for s in steps] == [
        ("Take the SQL course", "debrief: Bo"),
        ("Read the report", "debrief: Ann (Acme)"),
        ("Email Tom", "debrief: Ann (Acme)"),
        ("Contact Maria Lopez (Globex)", "referred by Ann"),
    ]


def test_sentences_in_context() -> None:
    text = "Mostly meetings. Data analysis matters! Then Data\nanalysis again."
    assert in_context(text, "data analysis") == ["Data analysis matters!"]
    assert in_context("Résumé writing counts.", "resume writing") == ["Résumé writing counts."]


def test_the_demo_shows_which_field_fits_best_and_why(store: Store) -> None:
    populate(store)
    synthesis = store.evaluation.synthesis()
    assert synthesis.interviews == 3  # Priya's, under way, is not counted yet
    best = synthesis.best
    assert best is not None and best.name == "Design" and best.thin
    assert best.reasons == [("Marcus Feld", "Research with people every day, and my "
                                            "survey work counts")]  # fmt: skip
    [skills] = [t for t in synthesis.themes if t.key == "key-skills"]
    top = skills.phrases[0]
    assert (top.text, top.count) == ("communication", 3)
    assert sorted(top.who) == ["Dana Okafor", "Jim Alvarez", "Marcus Feld"]
    assert any(s.text == "Write up the survey project as a portfolio case study"
               for s in synthesis.next_steps)  # fmt: skip


def test_hidden_phrases_are_kept_and_can_come_back(store: Store) -> None:
    populate(store)
    store.evaluation.hide_phrase("  Communication ")
    assert store.evaluation.hidden_phrases() == ["communication"]
    [skills] = [t for t in store.evaluation.synthesis().themes if t.key == "key-skills"]
    assert "communication" not in [p.text for p in skills.phrases]
    store.evaluation.show_phrase("communication")
    assert store.evaluation.hidden_phrases() == []


def test_no_interview_yet_is_an_empty_synthesis(store: Store) -> None:
    synthesis = store.evaluation.synthesis()
    assert synthesis.empty and synthesis.groups == () and synthesis.best is None
    assert all(not t.phrases for t in synthesis.themes)
    assert len(synthesis.questions) == 37  # every question: never asked


def test_questions_asked_rarely_go_into_the_next_interviews_plan(
    store: Store, clock: FakeClock
) -> None:
    populate(store)
    [question] = [q for q in store.evaluation.synthesis().questions
                  if q.text.startswith("Which degrees")]  # fmt: skip
    assert question.asked == 0
    assert store.evaluation.plan_for_next(question.question_id) == (None, False)  # none planned
    lena = next(c for c in store.contacts.all() if c.name == "Lena Sorensen")
    booked = store.interviews.schedule(lena.id, clock.now().add(days=2))
    coming, added = store.evaluation.plan_for_next(question.question_id)
    assert coming is not None and coming.interview_id == booked.id and added
    assert question.question_id in [e.question_id for e in store.plans.of(booked.id)]
    assert store.evaluation.plan_for_next(question.question_id)[1] is False  # once only
    [again] = [q for q in store.evaluation.synthesis().questions
               if q.question_id == question.question_id]  # fmt: skip
    assert again.planned


def test_an_answer_changed_since_the_last_look_is_counted_again(store: Store) -> None:
    populate(store)
    first = store.evaluation.synthesis()  # every answer's words are kept from here on
    [skills] = [t for t in first.themes if t.key == "key-skills"]
    assert "negotiation" not in [p.text for p in skills.phrases]
    question = skills.question_id
    for mention in skills.phrases[0].mentions[:2]:
        store.answers.save(mention.interview_id, question, "Negotiation, above all.")
    [skills] = [t for t in store.evaluation.synthesis().themes if t.key == "key-skills"]
    assert (skills.phrases[0].text, skills.phrases[0].count) == ("negotiation", 2)
    assert [p.count for p in skills.phrases if p.text == "communication"] == [1]


def test_a_later_look_shows_every_change_since(store: Store, clock: FakeClock) -> None:
    populate(store)
    evaluation = store.evaluation
    first = evaluation.synthesis()  # counted: later looks count only what changed
    assert first.interviews == 3
    [skills] = [t for t in first.themes if t.key == "key-skills"]
    # Priya's interview, under way, ends: an answer and a debrief of hers come in.
    priya = next(c for c in store.contacts.all() if c.name == "Priya Raman")
    under_way = store.interviews.to_resume(priya.id)
    assert under_way is not None and skills.question_id is not None
    store.answers.save(under_way.id, skills.question_id, "Negotiation. Negotiation skills.")
    store.interviews.change_timer(under_way.id, lambda c: c.end(clock.now()))
    store.follow_ups.save_debrief(under_way.id, fit_score=5, next_steps="Call the union rep")
    # A phrase hidden; someone who said "communication" renamed; an answer erased.
    evaluation.hide_phrase("people")
    jim = next(c for c in store.contacts.all() if c.name == "Jim Alvarez")
    store.contacts.update(jim.id, name="James Alvarez")
    dana = next(m for m in skills.phrases[0].mentions if m.name == "Dana Okafor")
    store.answers.save(dana.interview_id, dana.question_id, "")
    later = evaluation.synthesis()
    assert later.interviews == 4
    assert any(s.text == "Call the union rep" for s in later.next_steps)
    [skills] = [t for t in later.themes if t.key == "key-skills"]
    said = {p.text: p.who for p in skills.phrases}
    assert said["negotiation skills"] == ["Priya Raman"]
    assert sorted(said["communication"]) == ["James Alvarez", "Marcus Feld"]
    assert all("people" not in [p.text for p in t.phrases] for t in later.themes)
    assert "people" in [p.text for t in first.themes for p in t.phrases]


def test_a_later_look_reads_again_only_the_answers_changed(store: Store) -> None:
    populate(store)
    store.evaluation.synthesis()
    read: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, *_: object) -> None:  # type: ignore[no-untyped-def]
        read.append((statement, parameters))

    def answer_texts() -> list[object]:
        """The parameters of each statement that read answers' texts."""
        found = []
        for statement, parameters in read:
            columns, _, tables = statement.partition(" FROM ")
            if "a.text" in columns or ("text" in columns and tables.startswith("answer ")):
                found.append(parameters)
        return found

    event.listen(store.db.engine, "before_cursor_execute", seen)
    store.evaluation.synthesis()
    assert answer_texts() == []  # nothing changed: no text read again
    [skills] = [t for t in store.evaluation.synthesis().themes if t.key == "key-skills"]
    mention = skills.phrases[0].mentions[0]
    store.answers.save(mention.interview_id, mention.question_id, "Negotiation, above all.")
    read.clear()
    [skills] = [t for t in store.evaluation.synthesis().themes if t.key == "key-skills"]
    [one] = answer_texts()
    assert len(one) == 1  # type: ignore[arg-type]  # one answer's text
    assert [p.count for p in skills.phrases if p.text == "communication"] == [2]  # of 3


def test_a_question_is_asked_once_per_interview_ticked_or_answered(
    store: Store, clock: FakeClock
) -> None:
    populate(store)
    lena = next(c for c in store.contacts.all() if c.name == "Lena Sorensen")
    booked = store.interviews.schedule(lena.id, clock.now().add(days=1))
    [question] = [q for q in store.evaluation.synthesis().questions
                  if q.text.startswith("Which degrees")]  # fmt: skip
    assert question.asked == 0
    store.evaluation.plan_for_next(question.question_id)
    [item] = [e for e in store.plans.of(booked.id) if e.question_id == question.question_id]

    def asked() -> int:
        bank = store.evaluation.gather(answers=False).questions
        return next(q.asked for q in bank if q.question_id == question.question_id)

    store.plans.set_asked(item.id, True)  # ticked, not answered: asked once
    assert asked() == 1
    store.answers.save(booked.id, question.question_id, "A library degree, mostly.")
    assert asked() == 1  # ticked and answered: still once
    store.plans.set_asked(item.id, False)
    assert asked() == 1  # answered only


def test_a_phrase_is_shown_as_written() -> None:
    assert written_as(["We use SQL daily.", "sql"], "sql") == "SQL"
    assert written_as(["Communication. And communication skills"], "communication") == (
        "communication"
    )
    assert written_as(["Communication matters."], "communication") == "communication"
    assert written_as(["MLIS first."], "mlis") == "MLIS"
    assert written_as(["A Résumé that shows impact"], "resume") == "Résumé"
    assert written_as(["Nothing here"], "sql") == ""
    gathered = Gathered([held(1, "Ann")], [SaidAnswer(1, 7, "key-skills", "Lots of SQL.")])
    assert str(synthesize(gathered).themes[0].phrases[0]) == "SQL"


def test_hidden_phrases_not_written_by_infotui_read_as_none(store: Store) -> None:
    store.settings.set("hidden_phrases", "not JSON")
    assert store.evaluation.hidden_phrases() == []
    store.evaluation.hide_phrase("SQL")
    assert store.evaluation.hidden_phrases() == ["sql"]
