from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from infotui import __version__
from infotui.cli import main


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out
    code, out, _ = run("--help")
    assert code == 0
    for command in ("questions", "contacts"):
        assert command in out


def test_questions_json_lists_the_bank_by_section(db_path: Path) -> None:
    code, out, _ = run("--db", str(db_path), "questions", "--json")
    assert code == 0
    questions = json.loads(out)
    assert len(questions) == 37
    assert [q["section"] for q in questions].count("main") == 26
    assert [q["section"] for q in questions].count("functional") == 11
    assert [q["number"] for q in questions if q["section"] == "functional"] == list(range(1, 12))


def test_questions_text_is_numbered(db_path: Path) -> None:
    code, out, _ = run("questions", "--db", str(db_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Main questions"
    assert lines[1].strip().startswith("1. What does a typical day")
    assert "About their own work" in lines
    assert any(line.strip().startswith("26. ") for line in lines)


def test_contacts_on_a_new_database_is_an_empty_list(db_path: Path) -> None:
    code, out, _ = run("--db", str(db_path), "contacts", "--json")
    assert code == 0
    assert json.loads(out) == []


def test_add_then_list_contacts(db_path: Path) -> None:
    code, out, _ = run(
        "--db", str(db_path), "contacts", "add", "Jim Park",
        "--company", 'Acme, "The" Inc', "--role", "Engineer", "--email", "jim@acme.com",
    )  # fmt: skip
    assert code == 0, out
    assert "Jim Park" in out
    code, out, _ = run("--db", str(db_path), "contacts", "--json")
    [jim] = json.loads(out)
    assert jim["company"] == 'Acme, "The" Inc'
    assert jim["email"] == "jim@acme.com"
    assert jim["status"] == "to_contact"
    code, out, _ = run("--db", str(db_path), "contacts")
    assert "Jim Park" in out and "Engineer, Acme" in out


def test_set_a_status_by_hand(db_path: Path) -> None:
    db = ("--db", str(db_path))
    run(*db, "contacts", "add", "Jim Park")
    code, out, _ = run(*db, "contacts", "status", "1", "declined")
    assert (code, out) == (0, "Jim Park: to contact → declined.\n")
    code, out, _ = run(*db, "contacts", "status", "1", "REACHED_OUT", "--note", "wrong button")
    assert (code, out) == (0, "Jim Park: declined → reached out.\n")
    [jim] = json.loads(run(*db, "contacts", "--json")[1])
    assert jim["status"] == "reached_out"
    code, out, _ = run(*db, "contacts", "status", "1", "reached_out")
    assert (code, out) == (0, "Jim Park is already reached out.\n")

    from infotui.store import Store

    with Store(db_path) as store:
        notes = [(e.kind, e.status, e.note) for e in store.contacts.history(1)]
    assert notes[:2] == [
        ("status", "reached_out", "wrong button"),
        ("status", "declined", "set by hand"),
    ]


def test_a_status_for_no_contact_or_no_status_is_one_line(db_path: Path) -> None:
    db = ("--db", str(db_path))
    run(*db, "contacts", "add", "Jim Park")
    code, _, err = run(*db, "contacts", "status", "7", "declined")
    assert code == 2 and err == "infotui: there is no contact 7 (infotui contacts lists them)\n"
    code, _, err = run(*db, "contacts", "status", "1", "maybe")
    assert code == 2 and "'maybe' is not one of" in err and "Traceback" not in err
    [jim] = json.loads(run(*db, "contacts", "--json")[1])
    assert jim["status"] == "to_contact"


def test_log_a_call_made_earlier(db_path: Path) -> None:
    import pendulum

    db = ("--db", str(db_path))
    run(*db, "contacts", "add", "Jim Park")
    code, out, _ = run(*db, "contacts", "call", "1", "declined", "--at", "yesterday 4pm")
    assert (code, out) == (0, "Jim Park: declined, declined.\n")
    code, out, _ = run(*db, "contacts", "call", "1", "agreed", "--note", "changed his mind")
    assert (code, out) == (0, "Jim Park: agreed to meet, reached out.\n")  # on from declined

    from infotui.store import Store

    with Store(db_path) as store:
        [agreed, declined] = [e for e in store.contacts.history(1) if e.kind == "call"]
    local = pendulum.tz.get_local_timezone()
    assert declined.at.in_timezone(local).format("HH:mm") == "16:00"
    assert declined.at.in_timezone(local).date() == pendulum.now(local).subtract(days=1).date()
    assert (agreed.outcome, agreed.note) == ("agreed", "changed his mind")


def test_a_call_that_cannot_be_logged_is_one_line(db_path: Path) -> None:
    db = ("--db", str(db_path))
    run(*db, "contacts", "add", "Jim Park")
    for args, message in [
        (("1", "no_answer", "--at", "tomorrow 9am"), "is still to come"),
        (("1", "no_answer", "--at", "01/02 9am"), "--at '01/02 9am': is it 1 Feb or 2 Jan?"),
        (("1", "call_back"), "call_back needs --call-back WHEN"),
        (("1", "call_back", "--call-back", "feb 30"), "February has no day 30"),
        (("1", "call_back", "--call-back", "yesterday"), "is in the past"),
        (("7", "agreed"), "there is no contact 7"),
        (("1", "maybe"), "'maybe' is not one of"),
    ]:
        code, _, err = run(*db, "contacts", "call", *args)
        assert code == 2 and message in err and "Traceback" not in err, (args, err)
    assert len(run(*db, "contacts", "call", "7", "agreed")[2].splitlines()) == 1
    [jim] = json.loads(run(*db, "contacts", "--json")[1])
    assert (jim["status"], jim["last_contacted_at"]) == ("to_contact", None)


def test_add_contact_refuses_bad_input_with_one_line(db_path: Path) -> None:
    code, out, err = run("--db", str(db_path), "contacts", "add", "  ", "--email", "jim@")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "name is required" in err and "email" in err
    _, out, _ = run("--db", str(db_path), "contacts", "--json")
    assert json.loads(out) == []


def test_add_contact_refuses_a_duplicate(db_path: Path) -> None:
    run("--db", str(db_path), "contacts", "add", "Jim Park", "--company", "Acme")
    code, _, err = run("--db", str(db_path), "contacts", "add", "jim park", "--company", "ACME")
    assert code == 2 and "already contact 1" in err
    code, _, _ = run(
        "--db",
        str(db_path),
        "contacts",
        "add",
        "jim park",
        "--company",
        "ACME",
        "--allow-duplicate",
    )
    assert code == 0


def test_database_from_the_environment(db_path: Path) -> None:
    code, _, _ = run("contacts", "add", "Ann Lee", env={"INFOTUI_DB": str(db_path)})
    assert code == 0
    code, out, _ = run("--db", str(db_path), "contacts", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Ann Lee"]


def test_not_a_database_gives_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "resume.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    before = path.read_bytes()
    code, _out, err = run("--db", str(path), "contacts")
    assert code == 2
    assert err.strip().splitlines() == [
        f"infotui: {path} is not an infotui database (it is not a SQLite file)"
    ]
    assert path.read_bytes() == before


def test_locked_database_from_the_cli(db_path: Path) -> None:
    import sqlite3

    run("--db", str(db_path), "contacts")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO setting (key, value) VALUES ('held', 'yes')")
    try:
        code, _, err = run("--db", str(db_path), "contacts", "add", "Ann Lee")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2
    assert "locked by another program" in err
    assert len(err.strip().splitlines()) == 1


def test_upcoming_lists_the_week(db_path: Path) -> None:
    import pendulum

    from infotui.store import Store

    with Store(db_path) as store:
        ann = store.contacts.add("Ann Lee", company="Acme")
        at = pendulum.now("UTC").add(days=2).set(microsecond=0)
        store.interviews.schedule(ann.id, at, agreed_minutes=20)
    code, out, _ = run("--db", str(db_path), "upcoming", "--json")
    assert code == 0
    [item] = json.loads(out)["interviews"]
    assert (item["name"], item["agreed_minutes"], item["overlaps"]) == ("Ann Lee", 20, False)
    assert pendulum.parse(item["starts_at"]) == at
    code, out, _ = run("--db", str(db_path), "upcoming")
    assert "Ann Lee, Acme  20 min" in out
    code, out, _ = run("--db", str(db_path), "upcoming", "--days", "1")
    assert "No interviews in the next 1 day." in out


def test_upcoming_lists_the_follow_ups_of_the_days_asked_and_the_referrals_waiting(
    db_path: Path,
) -> None:
    """What the app's Upcoming screen (F10) shows: a follow-up due later in the week, and
    the people suggested who have not been contacted yet, with who suggested them."""
    import pendulum

    from infotui.kinds import CallOutcome
    from infotui.store import Store

    with Store(db_path) as store:
        ann = store.contacts.add("Ann Lee")
        later = pendulum.now("UTC").add(days=3)
        store.contacts.log_call(ann.id, CallOutcome.LEFT_MESSAGE, call_back_at=later)
        far = store.contacts.add("Far Off")
        store.contacts.log_call(far.id, CallOutcome.CALL_BACK, call_back_at=later.add(days=20))
        store.follow_ups.add_referral(ann.id, "Maria Lopez", company="Acme")
    code, out, _ = run("--db", str(db_path), "upcoming")
    assert code == 0
    assert "Follow-ups due in the next 7 days (1)" in out and "  Ann Lee  " in out
    assert "Far Off" not in out
    assert "Referrals not yet contacted (1)\n  Maria Lopez  from Ann Lee" in out
    code, out, _ = run("--db", str(db_path), "upcoming", "--days", "30", "--json")
    listed = json.loads(out)
    assert [c["name"] for c in listed["follow_ups_due"]] == ["Ann Lee", "Far Off"]
    [maria] = listed["referrals_to_contact"]
    assert (maria["name"], maria["company"], maria["referred_by"]) == (
        "Maria Lopez",
        "Acme",
        "Ann Lee",
    )


def test_upcoming_lists_the_first_thank_yous_and_follow_ups_and_counts_the_rest(
    db_path: Path,
) -> None:
    """Thousands of thank-yous owed are a count and a screenful, not thousands of lines;
    --all lists every one, and --json gives them all to scripts."""
    import pendulum

    from infotui.cli import LISTED_AT_MOST
    from infotui.kinds import CallOutcome
    from infotui.store import Store

    owed, due = LISTED_AT_MOST + 3, LISTED_AT_MOST + 2
    with Store(db_path) as store:
        for n in range(owed):
            met = store.interviews.create(store.contacts.add(f"Met {n:02}").id)
            store.interviews.change_timer(met.id, lambda c: c.start(pendulum.now("UTC")))
            store.interviews.change_timer(met.id, lambda c: c.end(pendulum.now("UTC")))
        for n in range(due):  # each due now: by the end of today, wherever the test runs
            contact = store.contacts.add(f"Call {n:02}")
            store.contacts.log_call(
                contact.id, CallOutcome.CALL_BACK, call_back_at=pendulum.now("UTC")
            )
    code, out, _ = run("--db", str(db_path), "upcoming")
    assert code == 0
    assert f"Thank-yous owed ({owed})" in out
    assert sum(line.startswith("  Met ") for line in out.splitlines()) == LISTED_AT_MOST
    assert "… and 3 more (infotui upcoming --all lists them all)" in out
    assert f"Follow-ups due in the next 7 days ({due})" in out
    assert sum(line.startswith("  Call ") for line in out.splitlines()) == LISTED_AT_MOST
    assert "… and 2 more" in out
    code, out, _ = run("--db", str(db_path), "upcoming", "--all")
    assert code == 0 and "more" not in out
    assert sum(line.startswith("  Met ") for line in out.splitlines()) == owed
    assert sum(line.startswith("  Call ") for line in out.splitlines()) == due
    code, out, _ = run("--db", str(db_path), "upcoming", "--json")
    listed = json.loads(out)
    assert (len(listed["thank_yous_due"]), len(listed["follow_ups_due"])) == (owed, due)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.dictionaries(
                st.text(max_size=5),
                st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
                max_size=4,
            ),
            st.dictionaries(st.text(max_size=3), st.lists(st.integers(), max_size=2), max_size=2),
        ),
        max_size=4,
    )
)
def test_a_json_list_is_written_as_json_writes_it_with_an_indent(items: list[object]) -> None:
    """Contacts are written by json's C encoder, a line an item: the same text as
    json.dumps(indent=2) gives, nested values and empty objects included."""
    from contextlib import redirect_stdout

    from infotui.cli import emit_json_list

    out = io.StringIO()
    with redirect_stdout(out):
        emit_json_list(items)
    assert out.getvalue() == json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def test_openssl_is_left_out_of_hashlib_only_where_python_has_its_own_hashes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Some Pythons are built without their own SHA-2 (they use OpenSSL's): there the
    app keeps hashlib's OpenSSL path, without which random and tempfile cannot load."""
    import importlib.util

    from infotui.cli import _builtin_hashes

    assert _builtin_hashes()  # this Python (CPython's usual build) has them all
    find = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec",
        lambda name, *a: None if name in ("_sha512", "_sha2") else find(name, *a),
    )  # fmt: skip
    assert not _builtin_hashes()
