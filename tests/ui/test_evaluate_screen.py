"""The Evaluate screen, as a user who held the three demo interviews uses it."""

from __future__ import annotations

from sqlalchemy import event
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Select, Static

from infotui.app import InfoApp
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.screens.after import DebriefScreen
from infotui.screens.dialogs import ChooseScreen
from infotui.screens.evaluate import EvaluateScreen, SaidScreen
from infotui.screens.interview import InterviewScreen
from infotui.store import Store
from tests.helpers import SIZE, run_palette_command, shows, wait_until


def make_app(store: Store, clock: FakeClock) -> InfoApp:
    return InfoApp(store, clock=clock, tz="UTC")


async def open_evaluate(pilot) -> EvaluateScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("ctrl+b")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, EvaluateScreen)
    await wait_until(pilot, lambda: screen.synthesis is not None and screen.synthesis.counted,
                     "what they said, counted")  # fmt: skip
    return screen


async def highlight(pilot, screen: EvaluateScreen, option_id: str) -> None:  # type: ignore[no-untyped-def]
    items = screen.query_one("#items", OptionList)
    items.highlighted = items.get_option_index(option_id)
    await pilot.pause()


def option_id(screen: EvaluateScreen, text: str) -> str:
    """The id of the phrase or question shown with this text."""
    for key, phrase in screen.phrases.items():
        if phrase.text == text:
            return key
    assert screen.synthesis is not None
    [question] = [q for q in screen.synthesis.questions if q.text.startswith(text)]
    return f"question:{question.question_id}"


async def test_which_field_fits_best_the_skills_named_most_and_what_next(
    store: Store, clock: FakeClock
) -> None:
    populate(store)
    key_skills = next(q for q in store.questions.all() if q.key == "key-skills")
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluate(pilot)
        assert shows(app, "what 3 finished interviews told you · by field")
        assert shows(app, "Fits best: Design, 5.0 overall from 1 interview (thin evidence)")
        assert shows(app, "Libraries 4.0 overall 1 interview (thin evidence)")
        assert shows(app, "skills 4.0 · values 5.0 · interests 3.0")
        assert shows(app, "why: Teaching people technology is what I enjoy most (Dana Okafor)")
        assert shows(app, "communication 3x Jim Alvarez, Marcus Feld, Dana Okafor")
        # Enter on the phrase: who said it, in their sentences; Enter on one opens it.
        await highlight(pilot, screen, option_id(screen, "communication"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaidScreen)
        assert shows(app, "“communication”: said in 3 interviews")
        assert shows(app, "Communication with the site crews matters too.")
        assert shows(app, "Interviewing people, and communication: explaining findings")
        await pilot.press("enter")  # the first: Jim Alvarez's
        await pilot.pause()
        live = app.screen
        assert isinstance(live, InterviewScreen)
        assert live.contact is not None and live.contact.name == "Jim Alvarez"
        assert live.bound is not None and live.bound.question_id == key_skills.id
        assert live.answer_area.text.startswith("Project management, and reading drawings")
        # Back on the screen, further down: the next steps and the questions to ask.
        screen = await open_evaluate(pilot)
        await highlight(pilot, screen, f"step:{len(screen.steps) - 1}")  # all steps in sight
        assert shows(app, "• Volunteer at the library's digital help desk debrief: Dana Okafor")
        assert shows(app, "Write up the survey project as a portfolio case study")
        items = screen.query_one("#items", OptionList)
        items.highlighted = items.option_count - 1
        await pilot.pause()
        assert shows(app, "never asked Who else would you suggest I talk to?")
        # Enter on a next step opens the interview it came from.
        await highlight(pilot, screen, "step:0")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.contact is not None and app.screen.contact.name == "Dana Okafor"
        assert shows(app, "ended · 30 min")


async def test_a_noisy_phrase_is_hidden_and_kept_hidden(store: Store, clock: FakeClock) -> None:
    populate(store)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_evaluate(pilot)
        await highlight(pilot, screen, option_id(screen, "people"))
        await pilot.press("h")
        await pilot.pause()
        assert "people" not in [p.text for p in screen.phrases.values()]
        assert not shows(app, "people 2x Marcus Feld, Dana Okafor")
        assert shows(app, "“people” is left out from now on")
    assert store.evaluation.hidden_phrases() == ["people"]
    app = make_app(store, clock)  # another day: still hidden, until brought back
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluate(pilot)
        assert "people" not in [p.text for p in screen.phrases.values()]
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "people" in [p.text for p in screen.phrases.values()]
    assert store.evaluation.hidden_phrases() == []


async def test_grouped_by_company_on_request(store: Store, clock: FakeClock) -> None:
    populate(store)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_evaluate(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert shows(app, "by company (g: by field)")
        assert shows(app, "Fits best: Harbor & Finch, 5.0 overall")
        await pilot.press("g")
        await pilot.pause()
        assert shows(app, "Fits best: Design")


async def test_a_question_never_asked_goes_into_the_next_plan(
    store: Store, clock: FakeClock
) -> None:
    populate(store)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_evaluate(pilot)
        degrees = option_id(screen, "Which degrees or certificates")
        await highlight(pilot, screen, degrees)
        await pilot.press("a")
        await pilot.pause()
        assert shows(app, "No interview is planned yet: schedule one")
        lena = next(c for c in store.contacts.all() if c.name == "Lena Sorensen")
        booked = store.interviews.schedule(lena.id, clock.now().add(days=1))
        screen.reload()
        await pilot.pause()
        await highlight(pilot, screen, degrees)
        await pilot.press("a")
        await pilot.pause()
        assert shows(app, "Added to the plan for Lena Sorensen.")
        prompt = screen.query_one("#items", OptionList).get_option(degrees).prompt
        assert str(prompt).endswith(
            "Which degrees or certificates do employers look for?  (in the plan)"
        )
    planned = [e.text for e in store.plans.of(booked.id)]
    assert planned[-1] == "Which degrees or certificates do employers look for?"


async def test_with_no_interview_yet_it_says_what_to_do_first(
    store: Store, clock: FakeClock
) -> None:
    app = make_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_palette_command(pilot, "Evaluate")
        assert isinstance(app.screen, EvaluateScreen)
        assert shows(app, "No interview has finished yet. Hold one first")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("f1")  # the help names its key, among the other screens'
        await pilot.pause()
        statics = list(app.screen.query(Static))
        [title] = [n for n, w in enumerate(statics) if str(w.render()) == "Other screens"]
        app.screen.query_one(VerticalScroll).scroll_to_widget(statics[title], top=True,
                                                              animate=False)  # fmt: skip
        await pilot.pause()
        assert shows(app, "^b, alt+e Evaluate: the fit by field, what was said most")


async def test_the_debrief_scores_skills_values_and_interests(
    store: Store, clock: FakeClock
) -> None:
    populate(store)
    interview = store.interviews.get(2)
    contact = store.contacts.get(interview.contact_id)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(DebriefScreen(store, interview, contact))
        await pilot.pause()
        dialog = app.screen
        assert shows(app, "And for my skills, my values, my interests")
        assert dialog.query_one("#values-score", Select).value == 3  # as saved
        dialog.query_one("#skills-score", Select).value = 5
        dialog.query_one("#interests-score", Select).clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, DebriefScreen)
    debrief = store.follow_ups.debrief(2)
    assert (debrief.fit_score, debrief.skills_score, debrief.values_score,
            debrief.interests_score) == (2, 5, 3, None)  # fmt: skip


async def test_a_later_opening_shows_what_was_said_at_once_with_what_changed(
    store: Store, clock: FakeClock
) -> None:
    populate(store)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_evaluate(pilot)  # the first opening counts every answer
        assert shows(app, "communication 3x Jim Alvarez, Marcus Feld, Dana Okafor")
        await pilot.press("escape")
        await pilot.pause()
        [skills] = [t for t in screen.synthesis.themes if t.key == "key-skills"]  # type: ignore[union-attr]
        for mention in skills.phrases[0].mentions[:2]:  # said elsewhere meanwhile
            store.answers.save(mention.interview_id, mention.question_id, "Negotiation, above all.")
        store.evaluation.hide_phrase("people")
        shown = []
        screen.show = lambda synthesis, show=screen.show: (shown.append(synthesis), show(synthesis))  # type: ignore[method-assign]
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.screen is screen
        await wait_until(pilot, lambda: bool(shown), "the screen shown again")
        assert shown[0].counted  # nothing left to count in a thread: shown whole
        assert not shows(app, "Counting the words")
        assert shows(app, "negotiation 2x Jim Alvarez, Marcus Feld")
        assert shows(app, "communication 1x Dana Okafor")
        assert "people" not in [p.text for p in screen.phrases.values()]


async def test_alt_e_opens_it_inside_tmux_too(store: Store, clock: FakeClock) -> None:
    """Ctrl+B is tmux's prefix: tmux keeps it. Alt+E reaches the app, even from the
    live screen's editor."""
    populate(store)
    app = make_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        live = app.screen
        assert isinstance(live, InterviewScreen) and app.focused is live.answer_area
        typed = live.answer_area.text
        await pilot.press("alt+e")
        await pilot.pause()
        assert isinstance(app.screen, EvaluateScreen)
        assert live.answer_area.text == typed


async def test_after_a_restart_the_first_opening_shows_what_was_said_at_once(
    tmp_path, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "infotui.db"
    with Store(path, clock=clock) as store:
        populate(store)
        store.evaluation.synthesis()  # counted in an earlier run, and kept in the file
    shown = []
    monkeypatch.setattr(EvaluateScreen, "show",
                        lambda self, synthesis, show=EvaluateScreen.show: (
                            shown.append(synthesis), show(self, synthesis)))  # fmt: skip
    with Store(path, clock=clock) as store:
        texts_read = []
        event.listen(store.db.engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_: texts_read.append(statement)
                     if statement.startswith("SELECT id, text FROM answer") else None)  # fmt: skip
        app = make_app(store, clock)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_evaluate(pilot)
            assert [s.counted for s in shown] == [True]  # whole at once, nothing counted
            assert texts_read == []
            assert not shows(app, "Counting the words")
            assert shows(app, "communication 3x Jim Alvarez, Marcus Feld, Dana Okafor")
            # Who said it, in their sentences: the answers are read now.
            await highlight(pilot, screen, option_id(screen, "communication"))
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SaidScreen)
            assert shows(app, "Communication with the site crews matters too.")
