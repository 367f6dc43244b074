"""After the interview, in the store: debrief, thank-you, referrals, search, compare."""

from __future__ import annotations

import pytest

from infotui.clock import FakeClock
from infotui.errors import StoreError
from infotui.followup import ReferralCandidate, referral_candidates, thank_you_draft
from infotui.models import OutreachStatus
from infotui.store import Store
from infotui.validation import ValidationError
from infotui.views import MARK_END, MARK_START, place_of
from tests.helpers import at_nine


def finished(store: Store, clock: FakeClock, name: str, answers: dict[int, str]) -> int:
    """An interview with `name`, its first questions answered (by plan index), ended."""
    contact = store.contacts.add(name, company=f"{name.split()[0]} Co")
    interview = store.interviews.create(contact.id)
    store.interviews.change_timer(interview.id, lambda c: c.start(clock.now()))
    plan = store.plans.of(interview.id)
    for index, text in answers.items():
        store.answers.save(interview.id, plan[index].question_id, text)
    clock.advance(minutes=30)
    store.interviews.change_timer(interview.id, lambda c: c.end(clock.now()))
    return interview.id


def test_highlights_and_the_thank_you(store: Store, clock: FakeClock) -> None:
    interview_id = finished(store, clock, "Ann Lee", {0: "Standups, then pipelines", 1: "SQL"})
    plan = store.plans.of(interview_id)
    with pytest.raises(StoreError):
        store.answers.set_highlight(interview_id, plan[5].question_id, True)  # no answer there
    store.answers.set_highlight(interview_id, plan[0].question_id, True)
    assert store.answers.highlights(interview_id) == [(plan[0].text, "Standups, then pipelines")]
    contact = store.contacts.get(store.interviews.get(interview_id).contact_id)
    draft = thank_you_draft(contact, [a for _, a in store.answers.highlights(interview_id)],
                            my_name="Dana Kim", minutes=30)  # fmt: skip
    assert draft.startswith("Dear Ann,\n\nThank you for the 30 minutes")
    assert "at Ann Co" in draft and "- Standups, then pipelines" in draft
    assert draft.rstrip().endswith("Dana Kim")
    assert [i.id for i, _ in store.follow_ups.thank_yous_due()] == [interview_id]
    store.follow_ups.mark_thank_you_sent(interview_id)
    assert store.follow_ups.thank_yous_due() == []
    after = store.contacts.get(contact.id)
    assert after.status == OutreachStatus.THANK_YOU_SENT
    assert after.follow_up_at == at_nine(clock.now(), days=14)


def test_debrief_is_saved_and_editable(store: Store, clock: FakeClock) -> None:
    interview_id = finished(store, clock, "Ann Lee", {})
    store.follow_ups.save_debrief(interview_id, learned="Data teams hire from ops", fit_score=4)
    store.follow_ups.save_debrief(interview_id, learned="Data teams hire from ops", fit_score=5,
                       next_steps="Email Tom")  # fmt: skip
    debrief = store.follow_ups.debrief(interview_id)
    assert (debrief.fit_score, debrief.next_steps) == (5, "Email Tom")
    with pytest.raises(ValidationError):
        store.follow_ups.save_debrief(interview_id, fit_score=6)


def test_a_debrief_too_long_is_refused_as_a_field(store: Store, clock: FakeClock) -> None:
    """The debrief screen shows a ValidationError and keeps the text; a FieldError
    reached the app as a crash."""
    from infotui.validation import MAX_TEXT

    interview_id = finished(store, clock, "Ann Lee", {})
    with pytest.raises(ValidationError) as refused:
        store.follow_ups.save_debrief(interview_id, learned="L" * (MAX_TEXT + 1), fit_score=4)
    assert list(refused.value.errors) == ["learned"]
    assert store.follow_ups.debrief(interview_id) is None  # the refusal wrote nothing


def test_the_fit_is_scored_for_skills_values_and_interests(store: Store, clock: FakeClock) -> None:
    interview_id = finished(store, clock, "Ann Lee", {})
    store.follow_ups.save_debrief(
        interview_id, fit_score=4, skills_score=3, values_score=5, interests_score=None
    )
    debrief = store.follow_ups.debrief(interview_id)
    assert (debrief.fit_score, debrief.skills_score, debrief.values_score,
            debrief.interests_score) == (4, 3, 5, None)  # fmt: skip
    with pytest.raises(ValidationError, match="values score"):
        store.follow_ups.save_debrief(interview_id, values_score=0)
    assert store.follow_ups.debrief(interview_id).values_score == 5  # the refusal wrote nothing


def test_referrals_from_the_suggest_others_answer(store: Store, clock: FakeClock) -> None:
    answer = "Maria Lopez at Acme (runs ops); Tom Ng - data team\nand someone in finance"
    assert referral_candidates(answer) == [
        ReferralCandidate("Maria Lopez", "Acme", "runs ops"),
        ReferralCandidate("Tom Ng", "", "data team"),
    ]
    ann = store.contacts.add("Ann Lee")
    maria = store.follow_ups.add_referral(ann.id, "Maria Lopez", company="Acme", note="runs ops")
    assert maria.referred_by_id == ann.id and maria.status == OutreachStatus.TO_CONTACT
    assert "Ann Lee suggested them: runs ops" in maria.notes
    assert (
        store.follow_ups.add_referral(ann.id, "maria lopez", company="ACME").id == maria.id
    )  # no double
    tom = store.follow_ups.add_referral(maria.id, "Tom Ng")
    tree = store.follow_ups.referral_tree(tom.id)  # from anyone in the chain: the whole tree
    assert tree.contact.name == "Ann Lee"
    assert tree.children[0].contact.name == "Maria Lopez"
    assert tree.children[0].children[0].contact.name == "Tom Ng"
    assert {c.name for c in store.follow_ups.referrals_to_contact()} == {"Maria Lopez", "Tom Ng"}


def test_a_search_hit_is_placed_at_its_word_in_the_text(store: Store, clock: FakeClock) -> None:
    """The place a hit opens at: its first matched word, told from the same word earlier
    in the text by what the snippet shows before it; in another case if need be; None
    when the text no longer holds it."""
    text = "Pipelines, mostly.\nThen budget talks.\nThe budget cycle drives hiring."
    finished(store, clock, "Ann Lee", {0: text})
    (hit,) = store.search.find("cycle")
    assert place_of(hit.snippet, text) == (2, 11)  # "cycle" on the third line
    (hit,) = store.search.find("budget cycle")  # the snippet marks the first budget too
    assert place_of(hit.snippet, text) == (1, 5)
    lines = [f"Line {n}: nothing to see." for n in range(60)]
    lines[3] = "An early mention of the quarterly budget."
    lines[45] = "Then the quarterly budget cycle decides hiring."
    long = "\n".join(lines)
    finished(store, clock, "Bo Diaz", {0: long})
    (hit,) = [h for h in store.search.find("budget cycle") if h.contact.name == "Bo Diaz"]
    assert place_of(hit.snippet, long) == (45, 19)  # past the budget of line 3
    assert place_of(f"…the {MARK_START}Budget{MARK_END} talks", text) == (1, 5)  # any case
    assert place_of(f"{MARK_START}gone{MARK_END}", text) is None
    assert place_of("no marks at all", text) is None


def test_search_finds_answers_notes_debriefs_and_contacts(store: Store, clock: FakeClock) -> None:
    interview_id = finished(
        store, clock, "Ann Lee", {0: "Mostly Kubernetes upgrades and pipelines"}
    )
    store.answers.save(interview_id, None, "Mentioned a pipeline guild")
    store.follow_ups.save_debrief(interview_id, learned="Pipelines matter more than models")
    store.contacts.add("Piper Jones", notes="pipeline expert")
    hits = store.search.find("pipeline")
    kinds = sorted(h.kind for h in hits)
    assert kinds == ["answer", "answer", "contact", "debrief"]
    answer = next(h for h in hits if h.kind == "answer" and h.question_id is not None)
    assert answer.contact.name == "Ann Lee"
    assert answer.question == store.plans.of(interview_id)[0].text
    assert f"{MARK_START}pipelines{MARK_END}" in answer.snippet
    notes = next(h for h in hits if h.kind == "answer" and h.question_id is None)
    assert notes.question == "General notes"
    assert store.search.find("kubernetes upgrades")[0].interview_id == interview_id
    assert store.search.find("nothing-like-this") == []


def test_a_one_letter_word_is_searched_as_a_word(store: Store, clock: FakeClock) -> None:
    """Not as every word it starts (most of a large database, as the first letter typed)."""
    interview_id = finished(store, clock, "Ann Lee", {0: "Plan B is a pipeline"})
    assert [h.interview_id for h in store.search.find("b")] == [interview_id]
    assert store.search.find("p") == []
    assert len(store.search.find("pi")) == 1 and len(store.search.find("b pipe")) == 1


def test_search_follows_edits_and_deletes(store: Store, clock: FakeClock) -> None:
    interview_id = finished(store, clock, "Ann Lee", {0: "about zebras"})
    question_id = store.plans.of(interview_id)[0].question_id
    store.answers.save(interview_id, question_id, "about giraffes")
    assert store.search.find("zebras") == []
    assert len(store.search.find("giraffes")) == 1
    store.contacts.delete(store.interviews.get(interview_id).contact_id)
    assert store.search.find("giraffes") == []


def test_plain_search_for_other_databases(store: Store, clock: FakeClock) -> None:
    finished(store, clock, "Ann Lee", {0: "Mostly Kubernetes upgrades"})
    rows = store.search._search_like(["kubernetes"], 10)
    assert [(kind, f"{MARK_START}Kubernetes{MARK_END}" in snip) for kind, _, snip in rows] == [
        ("answer", True)
    ]


def test_compare_one_question_across_interviews(store: Store, clock: FakeClock) -> None:
    for name, answer in [("Ann Lee", "Cloud"), ("Bo Diaz", "Excel"), ("Cy Young", "Python")]:
        finished(store, clock, name, {0: answer})
    question_id = store.plans.of(1)[0].question_id
    rows = store.search.compare(question_id)
    assert [(r.contact.name, r.answer) for r in rows] == [
        ("Ann Lee", "Cloud"), ("Bo Diaz", "Excel"), ("Cy Young", "Python"),
    ]  # fmt: skip
    assert store.search.compared_questions()[0] == (question_id, rows[0].asked, 3)
    # The latest two, in the order the interviews began.
    latest = store.search.compare(question_id, latest=2)
    assert [r.contact.name for r in latest] == ["Bo Diaz", "Cy Young"]


def test_names_in_an_answer_in_scripts_without_capitals_and_with_particles() -> None:
    answer = "王芳 at Fabrikam; Ana de la Cruz (nursing); Jan van der Berg; محمد علي\nask around"
    assert [c.name for c in referral_candidates(answer)] == [
        "王芳", "Ana de la Cruz", "Jan van der Berg", "محمد علي",
    ]  # fmt: skip
    assert referral_candidates("someone in finance; de la Cruz") == []  # a sentence, a particle
    # Typed by the user as a list of people: each one kept as written.
    assert [c.name for c in referral_candidates("bell hooks; someone", typed=True)] == [
        "bell hooks", "someone",
    ]  # fmt: skip


def test_a_search_for_a_name_finds_that_contact_first(store: Store) -> None:
    # The people she suggested were added after her (newer: found first otherwise), and
    # their notes name her too.
    zoe = store.contacts.add("Zoë Ñúñez", company="Acme")
    assert zoe.id is not None
    for name in ("Maria Lopez", "Tom Ng"):
        store.follow_ups.add_referral(zoe.id, name)
    jim = store.contacts.add("Jim Park", notes="Met at Zoë's talk")
    for query in ("zoe", "Zoë", "nunez zo"):
        hits = store.search.find(query)
        assert hits[0].contact.name == "Zoë Ñúñez", query
    # The rest in the order they come otherwise (newest first; on a server, the best).
    assert {h.contact.name for h in store.search.find("zoe")[1:]} == {
        jim.name,
        "Tom Ng",
        "Maria Lopez",
    }
