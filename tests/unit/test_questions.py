from __future__ import annotations

import re
from pathlib import Path

import pytest

from infotui.errors import BankError
from infotui.models import Section
from infotui.questions import data_dir, load_bank, parse_bank


def test_shipped_bank_has_the_seed_questions() -> None:
    bank = load_bank()
    assert len(bank.in_section(Section.MAIN)) == 26
    assert len(bank.in_section(Section.FUNCTIONAL)) == 11
    keys = [q.key for q in bank.questions]
    assert len(keys) == len(set(keys))
    assert all(q.text.endswith("?") for q in bank.questions)


def test_closing_questions_are_marked() -> None:
    closing = load_bank().closing
    assert {q.key for q in closing} == {"suggest-others", "anything-left-out"}
    assert any("talk to" in q.text for q in closing)


def test_opener_checklist_and_phone_script() -> None:
    bank = load_bank()
    assert len(bank.opener) == 5
    assert any("thank" in line.lower() for line in bank.opener)
    assert any("time" in line.lower() for line in bank.opener)
    placeholders = set(re.findall(r"{(\w+)}", bank.phone_script))
    assert placeholders == {"contact_first_name", "my_name", "minutes", "first_day", "second_day"}


def test_data_folder_is_found() -> None:
    assert (data_dir() / "questions.toml").is_file()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"questions": []}, "version"),
        ({"version": 1, "questions": [{"text": "Why?"}]}, "no key"),
        ({"version": 1, "questions": [{"key": "a", "text": " "}]}, "no text"),
        ({"version": 1, "questions": [{"key": "a", "text": "A?", "section": "misc"}]}, "section"),
        (
            {"version": 1, "questions": [{"key": "a", "text": "A?"}, {"key": "a", "text": "B?"}]},
            "twice",
        ),
    ],
)
def test_malformed_bank_is_refused(raw: dict, message: str) -> None:
    with pytest.raises(BankError, match=message):
        parse_bank(raw)


def test_bank_file_that_is_not_toml(tmp_path: Path) -> None:
    bad = tmp_path / "q.toml"
    bad.write_text("version = [\n", encoding="utf-8")
    with pytest.raises(BankError, match="not valid TOML"):
        load_bank(bad)


def test_default_template_fits_a_half_hour() -> None:
    default = load_bank().default_template
    assert default is not None
    assert 6 <= len(default.questions) <= 12
    assert "suggest-others" in default.questions
    assert default.starred <= set(default.questions)


def test_template_with_an_unknown_key_is_refused() -> None:
    raw = {
        "version": 1,
        "questions": [{"key": "a", "text": "A?"}],
        "templates": [{"key": "t", "name": "T", "questions": ["a", "zzz"]}],
    }
    with pytest.raises(BankError, match="zzz"):
        parse_bank(raw)


def test_phone_script_for_one_contact() -> None:
    from infotui.questions import render_phone_script

    script = render_phone_script(
        load_bank(), contact_name="Jim Alvarez", my_name="Dana Kim", minutes=30,
        days=["Tuesday", "Wednesday"],
    )  # fmt: skip
    assert script.startswith("Hi Jim, this is Dana Kim.")
    assert "30 minutes" in script
    assert "Could we meet on Tuesday? Or would Wednesday suit you better?" in script
    assert "{" not in script


def test_phone_script_paragraphs_are_one_line_each() -> None:
    """The screen wraps the script at its own width: no line broken mid-sentence."""
    from infotui.questions import render_phone_script

    script = render_phone_script(
        load_bank(), contact_name="Jim Alvarez", my_name="Dana Kim", minutes=30,
        days=["Tuesday", "Wednesday"],
    )  # fmt: skip
    assert "whether you'd be willing to spend 30 minutes with me" in script
    assert [p.count("\n") for p in script.split("\n\n")] == [0, 0, 0]
