"""After the interview, on screen: debrief, highlights, thank-you, referrals, search, compare."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Label, OptionList, Select, SelectionList, TextArea

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.models import OutreachStatus
from infotui.screens import search as search_screen
from infotui.screens.after import DebriefScreen, ReferralsScreen, ReferralTreeScreen, ThankYouScreen
from infotui.screens.dialogs import ChooseScreen, TextPrompt
from infotui.screens.help import HelpScreen
from infotui.screens.interview import InterviewScreen
from infotui.screens.search import CompareScreen, SearchScreen
from infotui.store import SearchHit, Store
from tests.helpers import (
    SIZE,
    run_palette_command,
    search_for,
    searched,
    shows,
    type_text,
    wait_until,
)


async def press_button(pilot, selector: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_end_debrief_thank_you_and_referrals(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    plan = store.plans.of(interview_id)
    suggest = next(e for e in plan if "talk to" in e.text)
    store.answers.save(interview_id, suggest.question_id, "Maria Lopez at Acme (runs ops); Tom Ng")
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        # Two highlights: the first two answers.
        await pilot.press("escape", "home")
        await pilot.press("ctrl+t", "down", "ctrl+t")
        await pilot.pause()
        assert shows(app, "✦")
        # End, then the debrief.
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await type_text(pilot, "Analysts need SQL first")
        app.screen.query_one("#fit-score", Select).value = 4
        app.screen.query_one("#next-steps", TextArea).text = "Take the SQL course"
        await press_button(pilot, "#thank")
        # The thank-you names the highlights.
        assert isinstance(app.screen, ThankYouScreen)
        draft = app.screen.query_one("#draft", TextArea).text
        assert draft.startswith("Dear Priya,")
        assert "Mornings are standups" in draft and "SQL above all" in draft
        await press_button(pilot, "#sent")
        assert isinstance(app.screen, InterviewScreen)
        # Referrals from the suggest-others answer, in one step.
        await run_palette_command(pilot, "Add referrals")
        assert isinstance(app.screen, ReferralsScreen)
        assert shows(app, "Maria Lopez at Acme (runs ops)")
        await press_button(pilot, "#add")
        await run_palette_command(pilot, "Referral tree")
        assert isinstance(app.screen, ReferralTreeScreen)
        assert shows(app, "Priya Raman") and shows(app, "Maria Lopez") and shows(app, "Tom Ng")
        await pilot.press("escape")
        await pilot.press("f10")  # today: the referrals wait to be contacted
        await pilot.pause()
        assert shows(app, "Referrals not yet contacted")
        assert shows(app, "Tom Ng from Priya Raman")
    debrief = store.follow_ups.debrief(interview_id)
    assert (debrief.learned, debrief.fit_score, debrief.next_steps) == (
        "Analysts need SQL first", 4, "Take the SQL course",
    )  # fmt: skip
    assert len(store.answers.highlights(interview_id)) == 2
    priya = store.contacts.get(store.interviews.get(interview_id).contact_id)
    assert priya.status == OutreachStatus.THANK_YOU_SENT
    assert {c.name for c in store.contacts.referrals(priya.id)} == {"Maria Lopez", "Tom Ng"}


async def test_down_from_the_search_box_goes_through_the_matches(
    store: Store, clock: FakeClock
) -> None:
    populate(store)
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "a")
        await pilot.press("down")
        hits = app.screen.query_one("#hits")
        assert app.focused is hits
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)


async def test_a_search_finding_more_than_it_shows_says_so(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More matches than a search shows: it says these are the first, not that they are all
    (a common word in a large file was "50 matches" of hundreds of thousands)."""
    monkeypatch.setattr(search_screen, "HITS_SHOWN", 2)
    populate(store)
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "an")
        assert len(app.screen.query_one("#hits", OptionList).options) == 2
        assert shows(app, "the first 2 matches shown (more: add a word) · Enter opens it")
        await type_text(pilot, " insurer")  # fewer hold both: all of them shown
        await searched(pilot)
        shown = len(app.screen.query_one("#hits", OptionList).options)
        assert 1 <= shown <= 2
        label = str(app.screen.query_one("#count", Label).render())
        assert label == f"{shown} match{'es' if shown > 1 else ''} · Enter opens it"


async def test_after_a_slow_search_the_next_waits_for_a_pause_in_the_typing(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search that took long (a common word in a large file; here every search counts
    as slow) makes the next keys wait for a pause: the words typed are searched once, not
    at each key, and Enter opens a match of what was typed, pause or no pause."""
    monkeypatch.setattr(search_screen, "SLOW_S", -1.0)
    populate(store)
    searched: list[str] = []
    find = store.search.find

    def counted(query: str, *, limit: int = 50) -> list[SearchHit]:
        searched.append(query)
        return find(query, limit=limit)

    monkeypatch.setattr(store.search, "find", counted)
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "i")  # searched at once: no search was slow yet
        assert searched == ["i"]
        await type_text(pilot, "nsure")  # each key waits for a pause
        await pilot.pause()
        assert searched == ["i"]
        await wait_until(pilot, lambda: searched[-1] == "insure", "the search after a pause")
        assert searched == ["i", "insure"]
        assert shows(app, "1 match")
        await type_text(pilot, "r")
        await pilot.press("enter")  # no pause: searched for Enter, the match opened
        await pilot.pause()
        assert searched == ["i", "insure", "insurer"]
        assert isinstance(app.screen, InterviewScreen)


async def test_search_jumps_to_the_answer(store: Store, clock: FakeClock) -> None:
    interview_id = populate(store)
    question_id = store.plans.of(interview_id)[2].question_id  # the internship answer
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "insurer")
        await searched(pilot)
        assert shows(app, "1 match")
        assert shows(app, "Priya Raman")
        await pilot.press("enter")  # as the count line says: Enter opens it
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.bound is not None and screen.bound.question_id == question_id
        assert "insurer" in screen.answer_area.text


async def test_a_search_hit_opens_its_answer_at_the_word_found(
    store: Store, clock: FakeClock
) -> None:
    """A long answer opens with the cursor on the word the search found, scrolled into
    sight, past the same word earlier in the answer."""
    interview_id = populate(store)
    question_id = store.plans.of(interview_id)[2].question_id
    lines = [f"Line {n}: nothing to see." for n in range(60)]
    lines[3] = "An early mention of the quarterly budget."
    lines[45] = "Then the quarterly budget cycle decides hiring."
    store.answers.save(interview_id, question_id, "\n".join(lines))
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        await type_text(pilot, "budget cycle")
        await wait_until(pilot, lambda: getattr(app.screen, "hits", None), "a match")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        area = screen.answer_area
        assert app.focused is area
        assert area.cursor_location == (45, len("Then the quarterly "))
        top = area.scroll_offset.y
        assert top <= 45 < top + area.scrollable_content_region.height  # in sight


async def open_compare_chooser(pilot) -> ChooseScreen:  # type: ignore[no-untyped-def]
    """Search (Ctrl+F), then Compare (Ctrl+K): the list of questions to compare."""
    await pilot.pause()
    await pilot.press("ctrl+f")
    await pilot.pause()
    await pilot.press("ctrl+k")
    await pilot.pause()
    chooser = pilot.app.screen
    assert isinstance(chooser, ChooseScreen)
    return chooser


async def compare_first_question(pilot) -> None:  # type: ignore[no-untyped-def]
    """On the chooser, the first question picked: its comparison shown."""
    pilot.app.screen.query_one("OptionList").highlighted = 0
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CompareScreen)


async def export_compared(pilot, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The comparison shown exported (x) as CSV to ``path``."""
    await pilot.press("x")
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_compare_one_question_across_four_interviews(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    populate(store)  # the demo: Priya now; Jim, Marcus and Dana before; all asked about a day
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        chooser = await open_compare_chooser(pilot)
        assert chooser.choices[0][0].endswith("(4 interviews)")
        await compare_first_question(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4
        assert shows(app, "Site visits on Mondays") and shows(app, "running workshops")
        assert shows(app, "Research sessions with users")
        await export_compared(pilot, tmp_path / "compare.csv")
    text = (tmp_path / "compare.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "name,company,date,question_asked,answer"
    assert "running workshops" in text and "Priya Raman" in text


async def test_a_question_answered_often_shows_its_latest_answers_and_exports_all(
    tmp_path: Path, store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compared across thousands of interviews, a question shows the latest answers (each
    row as tall as its answer: thousands took seconds to lay out), says so under the
    question as the bank words it, and exports every answer."""
    monkeypatch.setattr(search_screen, "COMPARED_AT_MOST", 2)
    populate(store)  # four interviews asked about a day, Priya's the latest
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        chooser = await open_compare_chooser(pilot)
        wording = chooser.choices[0][0].rsplit("  (", 1)[0]
        await compare_first_question(pilot)
        heading = str(app.screen.query_one("#heading", Label).render())
        assert heading == f"{wording}  (4 interviews) · the latest 2 shown; x exports all"
        assert app.screen.query_one(DataTable).row_count == 2
        assert shows(app, "Priya Raman") and not shows(app, "Jim Alvarez")
        await export_compared(pilot, tmp_path / "compare.csv")
    exported = list(csv.DictReader(io.StringIO((tmp_path / "compare.csv").read_text("utf-8"))))
    assert len(exported) == 4 and "Jim Alvarez" in [row["name"] for row in exported]


async def test_the_compare_export_neutralises_formulas(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    hostile = {"name": '=HYPERLINK("http://x","y")', "company": "+cmd|' /C calc'!A0"}
    answers = ["@SUM(1+1)", "-2+3"]
    for n, answer in enumerate(answers):
        contact = store.contacts.add(**{k: f"{v}{n}" for k, v in hostile.items()})
        interview = store.interviews.create(contact.id)
        store.interviews.change_timer(interview.id, lambda c: c.start(clock.now()))
        store.answers.save(interview.id, store.plans.of(interview.id)[0].question_id, answer)
        clock.advance(minutes=30)
        store.interviews.change_timer(interview.id, lambda c: c.end(clock.now()))
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_compare_chooser(pilot)
        await compare_first_question(pilot)
        await export_compared(pilot, tmp_path / "compare.csv")
    text = (tmp_path / "compare.csv").read_text(encoding="utf-8")
    rows = sorted(csv.DictReader(io.StringIO(text, newline="")), key=lambda r: r["answer"])
    assert len(rows) == 2
    for row in rows:
        assert all(row[k].startswith("'") for k in ("name", "company", "answer")), row
    assert [r["answer"] for r in rows] == ["'-2+3", "'@SUM(1+1)"]
    assert sorted(r["name"][1:] for r in rows) == [hostile["name"] + "0", hostile["name"] + "1"]
    assert rows[0]["company"][1:].startswith(hostile["company"])


async def test_the_first_notice_names_the_thank_you_owed(store: Store, clock: FakeClock) -> None:
    from infotui.models import CallOutcome

    zoe = store.contacts.add("Zoë Park")
    ben = store.contacts.add("Ben Ode")
    met = store.interviews.create(zoe.id)
    store.interviews.change_timer(met.id, lambda c: c.start(clock.now()))
    clock.advance(minutes=30)
    store.interviews.change_timer(met.id, lambda c: c.end(clock.now()))
    store.contacts.log_call(ben.id, CallOutcome.CALL_BACK, call_back_at=clock.now().add(hours=1))
    clock.advance(minutes=24 * 60)  # the next day
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert shows(app, "Thank-you owed to Zoë Park (interviewed yesterday).")
        assert shows(app, "Overdue follow-ups: Ben Ode.")


async def test_the_thank_you_names_the_length_of_the_meeting(
    store: Store, clock: FakeClock
) -> None:
    zoe = store.contacts.add("Zoë Park")
    met = store.interviews.create(zoe.id, agreed_minutes=5)
    store.interviews.change_timer(met.id, lambda c: c.start(clock.now()))
    clock.advance(minutes=4)
    store.interviews.change_timer(met.id, lambda c: c.extend(5))  # they agreed to 5 more
    clock.advance(minutes=6)
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await press_button(pilot, "#thank")
        assert isinstance(app.screen, ThankYouScreen)
        draft = app.screen.query_one("#draft", TextArea).text
    assert "Thank you for the 10 minutes you gave me" in draft  # not "the 5 minutes"


@pytest.mark.parametrize(
    ("key", "shown", "not_shown"),
    [
        ("f9", "Call script: the script, then log the outcome", "what the marks mean"),
        ("f12", "Back to the interview screen", "In the checklist"),
        ("f10", "Back to the interview screen", "In the checklist"),
    ],
)
async def test_f1_lists_the_keys_of_every_screen(
    store: Store, clock: FakeClock, key: str, shown: str, not_shown: str
) -> None:
    populate(store)
    app = InfoApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        under = app.screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert shows(app, shown)
        assert shows(app, "Question bank: your questions, templates and the opener")
        assert not shows(app, not_shown)  # the live screen's legend is its own
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is under


async def test_referrals_typed_in_any_script_are_all_added(store: Store, clock: FakeClock) -> None:
    # Names typed are people the user lists: none is dropped for want of a capital.
    populate(store)
    ann = store.contacts.add("Ann Lee")
    app = InfoApp(store, clock=clock, tz="UTC")
    added: list[list[str]] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(
            ReferralsScreen(store, ann), lambda found: added.append([c.name for c in found or []])
        )
        await pilot.pause()
        typed = "Maria Lopez at Acme (runs ops); 王芳 at Fabrikam; bell hooks"
        app.screen.query_one("#typed", Input).insert_text_at_cursor(typed)
        await pilot.press("enter")
        await pilot.pause()
        assert shows(app, "王芳 at Fabrikam") and shows(app, "bell hooks")
        await press_button(pilot, "#add")
    assert added == [["Maria Lopez", "王芳", "bell hooks"]]
    assert {c.name for c in store.contacts.referrals(ann.id)} == set(added[0])


async def test_compare_from_a_match_compares_its_question(store: Store, clock: FakeClock) -> None:
    # Ctrl+K on a highlighted answer (as Enter would open it) compares that answer's
    # question; on a contact, it asks which question.
    populate(store)
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "licence")
        search = app.screen
        assert isinstance(search, SearchScreen)
        hit = search.hits[0]
        assert hit.kind == "answer" and hit.question_id is not None
        await pilot.press("ctrl+k")
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.question_id == hit.question_id
        await pilot.press("escape")
        await pilot.pause()
        search.query_one("#query", Input).value = "Priya"  # her contact card first
        await searched(pilot)
        assert search.hits[0].kind == "contact"
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)


async def test_a_comparison_exported_over_a_file_there_asks_for_another_name(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    populate(store)
    there = tmp_path / "compare.csv"
    there.write_text("mine\n", encoding="utf-8")
    app = InfoApp(store, clock=clock, tz="UTC")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_compare_chooser(pilot)
        await compare_first_question(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.focused, Input), "the prompt's field")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        prompt.query_one(Input).value = str(there)
        await pilot.press("enter")
        assert app.screen is prompt  # still open, the name typed still in it
        assert prompt.query_one(Input).value == str(there)
        error = prompt.query_one("#error", Label)  # under the field (a long path wraps)

        def refused() -> bool:
            return error.display and "exists already; give another name" in str(error.render())

        await wait_until(pilot, refused, "the refusal said")
        prompt.query_one(Input).value = str(tmp_path / "compare-2.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        await wait_until(pilot, lambda: shows(app, "Wrote"), "the file written said")
    assert there.read_text(encoding="utf-8") == "mine\n"
    assert "Priya Raman" in (tmp_path / "compare-2.csv").read_text(encoding="utf-8")


async def test_referrals_typed_and_saved_with_ctrl_s_are_added_and_a_refused_one_kept(
    store: Store, clock: FakeClock
) -> None:
    # Ctrl+S with a name still in the field (not added to the list with Enter): it is
    # added too. A name the store refuses keeps the dialog open, the name still ticked.
    populate(store)
    ann = store.contacts.add("Ann Lee")
    app = InfoApp(store, clock=clock, tz="UTC")
    closed: list[list[str]] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        dialog = ReferralsScreen(store, ann)
        app.push_screen(dialog, lambda found: closed.append([c.name for c in found or []]))
        await pilot.pause()
        field = dialog.query_one("#typed", Input)
        field.insert_text_at_cursor("Maria Lopez at Acme; " + "X" * 250)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and closed == []  # the long name refused: still open
        assert [c.name for c in store.contacts.referrals(ann.id)] == ["Maria Lopez"]
        assert dialog.candidates[dialog.query_one(SelectionList).selected[0]].name == "X" * 250
        field.insert_text_at_cursor("Tom Ng")
        dialog.query_one(SelectionList).deselect_all()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert closed == [["Maria Lopez", "Tom Ng"]]
    assert {c.name for c in store.contacts.referrals(ann.id)} == {"Maria Lopez", "Tom Ng"}
