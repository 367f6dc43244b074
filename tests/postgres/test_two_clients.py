"""Two clients on one PostgreSQL database, each with its own connections: the same
protection as two windows on one SQLite file (revisions, no silent overwrite, history)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest

from infotui.clock import FakeClock
from infotui.errors import StoreLockedError
from infotui.store import SavedAnswer, Store
from infotui.store.answers import VersionReason
from tests.postgres.server import Server


@pytest.fixture
def two(pg_url: str, clock: FakeClock) -> Iterator[tuple[Store, Store, int, int]]:
    with Store(pg_url, clock=clock) as one, Store(pg_url, clock=clock) as other:
        contact = one.contacts.add("Ann Lee", company="Acme")
        assert contact.id is not None
        interview = one.interviews.create(contact.id)
        assert interview.id is not None
        question = one.plans.of(interview.id)[0].question_id
        yield one, other, interview.id, question


def test_a_save_typed_on_an_older_revision_replaces_nothing(
    two: tuple[Store, Store, int, int],
) -> None:
    one, other, interview, question = two
    assert one.answers.save(interview, question, "Pipelines.", base_revision=0).revision == 1
    # The other client typed on revision 0, before it saw the first client's text.
    saved = other.answers.save(interview, question, "Standups at nine.", base_revision=0)
    assert saved == SavedAnswer(1, conflict="Pipelines.")
    assert one.answers.state(interview, question).text == "Pipelines."
    [kept] = one.answers.versions(interview, question)
    assert (kept.text, kept.reason) == ("Standups at nine.", VersionReason.OTHER_WINDOW)


def test_saves_on_the_latest_revision_go_on_and_leave_a_history(
    two: tuple[Store, Store, int, int], clock: FakeClock
) -> None:
    one, other, interview, question = two
    one.answers.save(interview, question, "Pipelines.", base_revision=0)
    clock.advance(60)
    state = other.answers.state(interview, question)
    saved = other.answers.save(
        interview, question, "Pipelines, then standups.", base_revision=state.revision
    )
    assert saved == SavedAnswer(2)
    assert [v.text for v in one.answers.versions(interview, question)] == ["Pipelines."]


@pytest.mark.parametrize("question_kind", ["a question", "the general notes"])
def test_two_clients_saving_a_new_answer_at_once_take_turns(
    two: tuple[Store, Store, int, int], question_kind: str
) -> None:
    one, other, interview, question = two
    key: int | None = question if question_kind == "a question" else None
    start = threading.Barrier(2)
    results: dict[str, SavedAnswer | BaseException] = {}

    def save(name: str, store: Store) -> None:
        start.wait()
        try:
            results[name] = store.answers.save(interview, key, f"typed by {name}", base_revision=0)
        except BaseException as error:  # reported by the assertions below
            results[name] = error

    threads = [
        threading.Thread(target=save, args=("one", one)),
        threading.Thread(target=save, args=("other", other)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(isinstance(r, SavedAnswer) for r in results.values()), results
    saved = sorted(results.items(), key=lambda kv: kv[1].conflict is not None)  # type: ignore[union-attr]
    (winner, won), (loser, lost) = saved
    assert won == SavedAnswer(1) and lost == SavedAnswer(1, conflict=f"typed by {winner}")
    assert one.answers.state(interview, key).text == f"typed by {winner}"
    assert [v.text for v in one.answers.versions(interview, key)] == [f"typed by {loser}"]


def test_a_save_waits_no_longer_than_it_is_told_for_another_clients_lock(
    two: tuple[Store, Store, int, int], pg_server: Server, pg_database: str
) -> None:
    """The app saves from its UI thread with a short wait: a client holding the answer
    (here, a bare connection in the middle of a transaction) must not freeze typing."""
    one, other, interview, question = two
    one.answers.save(interview, question, "Pipelines.", base_revision=0)
    with psycopg.connect(
        host=str(pg_server.socket_dir), port=pg_server.port, user="infotui", dbname=pg_database
    ) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s, %s)", (interview, question))
        other.answers.wait_ms = 200
        with pytest.raises(StoreLockedError, match="another client"):
            other.answers.save(interview, question, "Standups.", base_revision=1)
        holder.rollback()
    assert other.answers.save(interview, question, "Standups.", base_revision=1).revision == 2
