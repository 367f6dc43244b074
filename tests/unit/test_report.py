"""infotui report: the synthesis as Markdown (read back with a CommonMark parser) and JSON."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from click.testing import CliRunner
from markdown_it import MarkdownIt

from infotui.cli import main
from infotui.clock import FakeClock
from infotui.demo import populate
from infotui.store import Store


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def demo_db(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path, clock=FakeClock("2026-03-10T14:00:00Z")) as store:
        populate(store)
        store.evaluation.hide_phrase("people")
        jim = next(c for c in store.contacts.all() if c.name == "Jim Alvarez")
        store.follow_ups.add_referral(jim.id, "Ana *Costa*", company="Helio | Grid")
    return path


def rendered(markdown: str) -> tuple[list[str], str]:
    """The headings, and the whole document's text as HTML, as CommonMark reads it."""
    md = MarkdownIt("commonmark")
    tokens = md.parse(markdown)
    headings = [tokens[n + 1].content for n, t in enumerate(tokens) if t.type == "heading_open"]
    return headings, md.render(markdown)


def test_the_report_says_which_field_fits_best_what_was_said_and_what_next(
    tmp_path: Path,
) -> None:
    db = demo_db(tmp_path / "data" / "infotui.db")
    target = tmp_path / "report.md"
    code, _, err = run("--db", str(db), "report", "-o", str(target))
    assert code == 0 and f"Wrote {target}" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    headings, html = rendered(target.read_text(encoding="utf-8"))
    assert headings == [
        "What my informational interviews told me", "Fit by field", "What they said",
        "Skills employers want", "Experience wanted", "Buzz words for a resume",
        "How to break in", "Advancement", "Next steps",
        "Questions not asked yet, or asked once", "Left out as noise",
    ]  # fmt: skip
    assert (
        "<strong>Fits best: Design</strong>, 5.0 overall from 1 interview (thin evidence)" in html
    )
    assert (
        "<li><strong>Libraries</strong>: 4.0 overall (skills 4.0, values 5.0, interests 3.0)"
        in html
    )
    assert "Research with people every day, and my survey work counts (Marcus Feld)" in html
    assert "<li><strong>communication</strong>: 3 (Jim Alvarez, Marcus Feld, Dana Okafor)" in html
    assert "<strong>people</strong>" not in html  # hidden as noise, here as on the screen
    # Typed text stays text: the asterisks and the pipe are not markup.
    assert "<li>Contact Ana *Costa* (Helio | Grid) (referred by Jim Alvarez)</li>" in html
    assert "<em>" not in html.split("Next steps")[1]
    assert "Write up the survey project as a portfolio case study" in html


def test_no_overwrite_without_force_and_stdout_without_o(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "data" / "infotui.db")
    target = tmp_path / "report.md"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run("--db", str(db), "report", "-o", str(target))
    assert code == 2 and "exists already; use --force" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("--db", str(db), "report", "-o", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# What my informational")
    code, out, _ = run("--db", str(db), "report", "--by", "company")
    assert code == 0 and "## Fit by company" in out
    assert "<strong>Harbor &amp; Finch</strong>: 5.0 overall" in rendered(out)[1]


def test_json_for_scripts(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "data" / "infotui.db")
    code, out, _ = run("--db", str(db), "report", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["interviews"] == 3 and data["grouped_by"] == "field"
    assert data["fit"][0]["group"] == "Design" and data["fit"][0]["thin_evidence"]
    assert data["fit"][0]["overall"] == {"mean": 5.0, "scored": 1}
    skills = next(s for s in data["said"] if s["question_key"] == "key-skills")
    assert skills["phrases"][0]["phrase"] == "communication"
    assert len(skills["phrases"][0]["who"]) == 3
    assert data["hidden_phrases"] == ["people"]
    assert data["next_interview"] is None


def test_bad_input_is_one_clear_line(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "data" / "infotui.db")
    code, _, err = run("--db", str(db), "report", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err and "Traceback" not in err
    code, _, err = run("--db", str(db), "report", "-o", str(tmp_path / "no" / "such" / "r.md"))
    assert code == 2 and err.startswith("infotui: cannot write") and "Traceback" not in err
    code, _, err = run("--db", str(db), "report", "--by", "colour")
    assert code == 2 and "colour" in err


def test_an_empty_database_says_what_to_do_first(tmp_path: Path) -> None:
    code, out, _ = run("--db", str(tmp_path / "new.db"), "report")
    assert code == 0 and "No interview has finished yet. Hold one first" in out
    code, out, _ = run("--db", str(tmp_path / "new.db"), "report", "--json")
    assert code == 0 and json.loads(out)["interviews"] == 0
