"""Hostile and broken files: every one gets a clear answer and changes nothing it should not.

Imports go through the command line (the same reader and store call the app's
preview uses), so what is checked is what the user gets: the exit status, the
one-line messages and the contacts stored.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from infotui.cli import main
from infotui.formats.csv_file import write_csv
from infotui.store import Store
from tests.helpers import ROOT


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def stored(db_path: Path) -> list[dict[str, object]]:
    code, out, _ = cli("--db", str(db_path), "contacts", "--json")
    assert code == 0
    data: list[dict[str, object]] = json.loads(out)
    return data


def import_file(db_path: Path, path: Path, *options: str) -> tuple[int, str, str]:
    return cli("--db", str(db_path), "import", str(path), *options)


def card(*lines: str) -> str:
    return "".join(f"{line}\r\n" for line in ("BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"))


def one_line_each(err: str) -> None:
    assert "Traceback" not in err
    assert all(line.strip() for line in err.splitlines())


# -- importers ---------------------------------------------------------------------------


def test_a_company_only_vcard_takes_its_name_from_org(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "phone.vcf"
    path.write_text(card("ORG:Acme Plumbing;Dispatch", "TEL:+1 555 010 0100"), encoding="utf-8")
    code, out, err = import_file(db_path, path)
    assert (code, out.strip(), err) == (
        0,
        "vcard: imported 1, updated 0, unchanged 0, skipped 0",
        "Read as vCard 3.0 (UTF-8)\n",
    )
    [contact] = stored(db_path)
    assert (contact["name"], contact["company"]) == ("Acme Plumbing", "Acme Plumbing")
    assert contact["phone"] == "+1 555 010 0100"


def test_a_vcard_with_no_name_at_all_is_skipped_by_its_line(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "cards.vcf"
    path.write_text(card("TEL:+1 555 010 0100") + card("FN:Ann Lee"), encoding="utf-8")
    code, out, err = import_file(db_path, path)
    assert (code, out.strip()) == (1, "vcard: imported 1, updated 0, unchanged 0, skipped 1")
    assert "line 1: name: a name is required" in err
    one_line_each(err)
    assert [c["name"] for c in stored(db_path)] == ["Ann Lee"]


def test_an_unknown_character_set_is_reported_by_its_line(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "cards.vcf"
    path.write_text(
        card("FN:Ann Lee") + card("FN;CHARSET=NOPE;ENCODING=QUOTED-PRINTABLE:A=41"),
        encoding="utf-8",
    )
    code, out, err = import_file(db_path, path)
    assert (code, out.strip()) == (1, "vcard: imported 1, updated 0, unchanged 0, skipped 1")
    assert "line 5: not a readable vCard: unknown character set 'NOPE'" in err
    one_line_each(err)
    code, _, err = import_file(db_path, path, "--on-error", "refuse")
    assert code == 2 and err.startswith("infotui: nothing imported: 1 bad row(s): line 5:")
    assert [c["name"] for c in stored(db_path)] == ["Ann Lee"]


def test_deeply_nested_components_are_refused_not_recursed(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "deep.vcf"
    nested = ["BEGIN:X"] * 1000 + ["END:X"] * 1000
    path.write_text(card("FN:Deep", *nested) + card("FN:Ann Lee"), encoding="utf-8")
    code, out, err = import_file(db_path, path)
    assert (code, out.strip()) == (1, "vcard: imported 1, updated 0, unchanged 0, skipped 1")
    assert "line 1: not a readable vCard: components nested more than" in err
    one_line_each(err)
    assert [c["name"] for c in stored(db_path)] == ["Ann Lee"]


def test_a_huge_csv_cell_skips_its_row_not_the_import(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    huge = "x" * (140 * 1024)
    path.write_text(
        f"Name,Notes,Favourite colour\nAnn Lee,{huge},\nBo Diaz,ok,\nCy Young,,{huge}\n",
        encoding="utf-8",
    )
    code, out, err = import_file(db_path, path, "--on-error", "skip")
    assert (code, out.strip()) == (1, "csv: imported 2, updated 0, unchanged 0, skipped 1")
    assert "line 2: notes: too long (143,360 characters; the limit is 100,000)" in err
    one_line_each(err)
    assert sorted(str(c["name"]) for c in stored(db_path)) == ["Bo Diaz", "Cy Young"]


def test_a_quote_that_never_closes_skips_its_row_and_says_which_lines_it_took(
    db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "unclosed.csv"
    path.write_text('Name,Company\nAnn Lee,Acme\n"Unclosed quote,Acme\nBob,Foo\nCy,Bar\n')
    code, out, err = import_file(db_path, path)
    assert (code, out.strip()) == (1, "csv: imported 1, updated 0, unchanged 0, skipped 1")
    assert (
        "  line 3: a quoted cell in this row never closes, so lines 4-5 were read into it "
        "as text; close its quote and import again\n"
    ) in err
    one_line_each(err)
    assert [c["name"] for c in stored(db_path)] == ["Ann Lee"]  # nothing merged into one
    code, out, err = import_file(db_path, path, "--on-error", "refuse")
    assert (code, out) == (2, "")
    assert err.startswith("infotui: nothing imported: 1 bad row(s): line 3: a quoted cell")
    one_line_each(err)


def test_a_quote_left_open_mid_file_skips_the_row_that_took_in_the_next(
    db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "open.csv"
    path.write_text(
        'Name,Company,Notes\nAnn Lee,"Acme,met in May\nBob,Foo,x\nCy,"Bar, Inc",y\nDi,Baz,\n'
    )
    code, out, err = import_file(db_path, path)
    assert (code, out.strip()) == (1, "csv: imported 1, updated 0, unchanged 0, skipped 1")
    assert (
        "  line 2: a quoted cell in this row runs on to line 4 and closes inside a cell, so "
        "lines 3-4 were read into it as text; check its quotes and import again\n"
    ) in err
    one_line_each(err)
    assert [c["name"] for c in stored(db_path)] == ["Di"]


def test_a_header_whose_quote_never_closes_is_refused_by_its_line(
    db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "header.csv"
    path.write_text('Name,"Company\nAnn Lee,Acme\nBob,Foo\n')
    code, out, err = import_file(db_path, path)
    assert (code, out) == (2, "")
    assert err == (
        f"infotui: {path}: line 1: a quoted cell in this row never closes, so lines 2-3 were "
        "read into it as text; close its quote and import again\n"
    )
    assert stored(db_path) == []


def test_quoted_cells_over_several_lines_import_as_they_are(db_path: Path, tmp_path: Path) -> None:
    """Notes of several lines, as address books write them: a line of a note that looks
    like a row, and the last row of the file in quotes over several lines."""
    path = tmp_path / "notes.csv"
    path.write_bytes(
        b'Name,Company,Notes\r\nAnn Lee,Acme,"Met at PyCon.\r\nBo Diaz,Globex,x\r\n"\r\n'
        b'Cy Young,"Initech,\r\nInc.",""""\r\nDi Lu,Baz,"last\nrow ""quoted"""'  # no line end
    )
    code, out, err = import_file(db_path, path)
    assert (code, out.strip()) == (0, "csv: imported 3, updated 0, unchanged 0, skipped 0")
    assert "line" not in err
    assert {(c["name"], c["company"], c["notes"]) for c in stored(db_path)} == {
        ("Ann Lee", "Acme", "Met at PyCon.\nBo Diaz,Globex,x"),
        ("Cy Young", "Initech,\nInc.", '"'),
        ("Di Lu", "Baz", 'last\nrow "quoted"'),
    }


def test_spaces_after_a_closing_quote_of_several_lines_are_forgiven(
    db_path: Path, tmp_path: Path
) -> None:
    """A cell over several lines whose closing quote is followed by spaces or a tab (as
    hand-edited files have it) imports as a cell on one line does; a word after the
    quote is still a quote closed inside a cell."""
    path = tmp_path / "spaces.csv"
    path.write_bytes(
        b'Name,Company,Notes\nAnn Lee,Acme,"line one\nline two" \nBo Diaz,"Globex\nLtd"\t,x\n'
        b'Cy Young,C,"q1\nq2" x\n'
    )
    code, out, err = import_file(db_path, path)
    assert (code, out.strip()) == (1, "csv: imported 2, updated 0, unchanged 0, skipped 1")
    assert "line 6: a quoted cell in this row runs on to line 7 and closes inside a cell" in err
    assert {(c["name"], c["notes"]) for c in stored(db_path)} == {
        ("Ann Lee", "line one\nline two"),
        ("Bo Diaz", "x"),
    }


def test_nul_bytes_never_reach_names_or_exports(db_path: Path, tmp_path: Path) -> None:
    csv_path, vcf_path = tmp_path / "nul.csv", tmp_path / "nul.vcf"
    csv_path.write_bytes(b"Name,Company\nAnn\x00 Lee,Ac\x00me\n")
    vcf_path.write_bytes(card("FN:Bo\x00 Diaz", "ORG:Glo\x00bex").encode("utf-8"))
    assert import_file(db_path, csv_path)[0] == 0
    assert import_file(db_path, vcf_path)[0] == 0
    assert {(c["name"], c["company"]) for c in stored(db_path)} == {
        ("Ann Lee", "Acme"),
        ("Bo Diaz", "Globex"),
    }
    for what in ("csv", "vcard", "markdown"):
        _, out, _ = cli("--db", str(db_path), "export", what)
        assert "\x00" not in out


# -- CSV exports ---------------------------------------------------------------------------

HOSTILE = {
    "name": '=HYPERLINK("http://x","y")',
    "company": "+cmd|' /C calc'!A0",
    "notes": "@SUM(1+1)",
    "role": "-2+3",
    "how_we_know": "-5",  # a plain negative number in free text is prefixed too (OWASP)
}


def read_back(text: str) -> list[dict[str, str]]:
    """The file as a spreadsheet program would read it: with the csv module, not by hand."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def assert_neutral(cell: str, original: str) -> None:
    assert cell.startswith("'"), cell
    assert cell[1:] == original


def test_contact_export_neutralises_formulas(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as store:
        store.contacts.add(**HOSTILE)  # type: ignore[arg-type]
        store.contacts.add("Ann Lee", company="Acme, 'The' Co", notes="2+2 = 4; -- ok")
    target = tmp_path / "contacts.csv"
    assert cli("--db", str(db_path), "export", "csv", "-o", str(target))[0] == 0
    hostile, plain = read_back(target.read_text(encoding="utf-8"))
    for field, original in HOSTILE.items():
        assert_neutral(hostile[field], original)
    assert (plain["name"], plain["company"], plain["notes"]) == (
        "Ann Lee", "Acme, 'The' Co", "2+2 = 4; -- ok",
    )  # fmt: skip
    assert plain["created_at"][:4].isdigit() and plain["id"] == "2"


def test_every_csv_cell_that_starts_a_formula_is_neutralised() -> None:
    starts = ["=1+1", "+1", "-1", "@A1", "\tTab", "\rReturn", "=\n=two lines"]
    text = write_csv([{"a": s, "b": "fine"} for s in starts], ["a", "b"])
    rows = read_back(text)
    assert [r["b"] for r in rows] == ["fine"] * len(starts)
    for row, original in zip(rows, starts, strict=True):
        assert_neutral(row["a"], original)


def test_a_neutralised_export_imports_as_it_was(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as store:
        store.contacts.add(**HOSTILE)  # type: ignore[arg-type]
    target = tmp_path / "contacts.csv"
    assert cli("--db", str(db_path), "export", "csv", "-o", str(target))[0] == 0
    again = tmp_path / "again.db"
    code, out, _ = import_file(again, target)
    assert (code, out.strip()) == (0, "csv: imported 1, updated 0, unchanged 0, skipped 0")
    [contact] = stored(again)
    assert {k: contact[k] for k in HOSTILE} == HOSTILE


def test_every_csv_writer_goes_through_write_csv() -> None:
    """A new CSV writer must use write_csv (and so spreadsheet_safe), not the csv module."""
    package = ROOT / "infotui"
    writers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "csv.writer(" in (text := path.read_text(encoding="utf-8")) or "DictWriter" in text
    )
    assert writers == ["formats/csv_file.py"]


# -- Markdown export -----------------------------------------------------------------------

ANSWERS = [
    "# I said a heading\nand then more",
    "Some text\n---\nunder a rule that would make it a heading",
    "<div>raw html</div>\n<b>bold</b> &amp; <!-- a comment --> <http://x.example>",
    "line one\nline two\nline three\n\na new paragraph",
    "1. not a list\n- nor this\n> nor a quote\n```\nnor code\n    nor indented code\n===",
    "ends with a backslash \\\n| a | table? |\n|---|---|\n[a link](http://x) ![img](x.png)",
]
NOTES = "Setext?\n===\n## notes heading\n<script>alert(1)</script>"


def rendered_lines(tokens: list[Token]) -> list[str]:
    """Each paragraph's lines as a reader sees them: hard breaks split, soft ones join."""
    lines: list[str] = []
    for token in tokens:
        if token.type != "inline" or token.children is None:
            continue
        line = ""
        for child in token.children:
            if child.type == "hardbreak":
                lines.append(line)
                line = ""
            elif child.type == "softbreak":
                line += " "
            else:
                line += child.content
        lines.append(line)
    return lines


def test_markdown_export_keeps_answers_as_answers(db_path: Path) -> None:
    with Store(db_path) as store:
        ann = store.contacts.add(
            "Ann <b>Lee</b>", company="Acme\nWidgets", role="# Boss", notes="-"
        )
        interview = store.interviews.create(ann.id, place="<i>cafe</i>\n# Nero")
        assert interview.id is not None
        store.interviews.change_timer(interview.id, lambda c: c.start(store.now()))
        store.plans.add_question(interview.id, "What about <b>C#</b> # and *this*?")
        plan = store.plans.of(interview.id)
        answered = [plan[-1], *plan[: len(ANSWERS) - 1]]  # the new question, then the first
        for entry, answer in zip(answered, ANSWERS, strict=True):
            store.answers.save(interview.id, entry.question_id, answer)
        store.answers.save(interview.id, None, NOTES)
        asked = [e.text for e in plan if e in answered]
    code, out, _ = cli("--db", str(db_path), "export", "markdown")
    assert code == 0
    tokens = MarkdownIt("commonmark").parse(out)
    headings = [
        (token.tag, rendered_lines([tokens[n + 1]])[0])
        for n, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    assert headings == [
        ("h1", "Informational interview: Ann <b>Lee</b>"),
        ("h2", "Questions and answers"),
        *[("h3", text) for text in asked],
        ("h2", "Not asked"),
        ("h2", "General notes"),
    ]
    everything = [*tokens, *(c for t in tokens for c in t.children or [])]
    assert not [t for t in everything if t.type in ("html_block", "html_inline")]
    lines = rendered_lines(tokens)
    for text in [*ANSWERS, NOTES]:
        for line in filter(str.strip, text.splitlines()):
            assert line.strip() in lines, line
    assert "Who: # Boss, Acme Widgets" in lines  # one line, as typed
    assert any(line.startswith("How: in person, <i>cafe</i> # Nero") for line in lines)


def test_markdown_export_with_nothing_to_export_says_so(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as store:
        store.contacts.add("Ann Lee")  # a contact, but no interview has started
    code, out, err = cli("--db", str(db_path), "export", "markdown")
    assert (code, out, err) == (1, "", "infotui: nothing to export: no interview has started\n")
    target = tmp_path / "notes.md"
    code, _, err = cli("--db", str(db_path), "export", "markdown", "-o", str(target))
    assert code == 1 and "Wrote" not in err and not target.exists()
    code, out, _ = cli("export", "--help")
    assert "Exit status 1: nothing to export" in " ".join(out.split())


def test_ics_export_with_nothing_to_export_says_so(db_path: Path, tmp_path: Path) -> None:
    code, out, err = cli("--db", str(db_path), "export", "ics")
    assert (code, out, err) == (
        1,
        "",
        ("infotui: nothing to export: no interview is booked from today on\n"),
    )
    with Store(db_path) as store:
        ann = store.contacts.add("Ann Lee")
        store.interviews.schedule(ann.id, store.now().add(days=10), agreed_minutes=20)
    code, out, err = cli("--db", str(db_path), "export", "ics", "--days", "7")
    assert (code, out, err) == (
        1,
        "",
        "infotui: nothing to export: no interview is booked in the next 7 days\n",
    )
    target = tmp_path / "week.ics"
    code, _, err = cli("--db", str(db_path), "export", "ics", "--days", "7", "-o", str(target))
    assert code == 1 and "Wrote" not in err and not target.exists()
    code, out, _ = cli("--db", str(db_path), "export", "ics")  # the one in 10 days
    assert code == 0 and out.count("BEGIN:VEVENT") == 1
    code, out, _ = cli("export", "--help")
    assert "ics with no interview booked in those days" in " ".join(out.split())


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"\\`*_[]<>&~|#-+=!().:;'\"/ ", "1.", "2)", "&amp;", "a", "Zoë", "http://x"]
        ),
        min_size=1,
        max_size=12,
    ).map("".join)
)
def test_a_line_of_typed_text_reads_back_as_typed(text: str) -> None:
    """Whatever markup a line holds, a Markdown reader shows the escaped line as it was
    typed (one paragraph of plain text, nothing else)."""
    from infotui.formats.markdown import escape_line

    line = " ".join(text.split())
    if not line:
        return
    tokens = MarkdownIt("commonmark").parse(escape_line(line))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert rendered_lines(tokens) == [line]
