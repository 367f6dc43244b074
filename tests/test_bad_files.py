"""Hostile and broken files: every one gets a clear answer and changes nothing it should not.

Imports go through the command line (the same reader and store call the app's
preview uses), so what is checked is what the user gets: the exit status, the
one-line messages and the contacts stored.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from infotui.cli import main


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
    assert (code, out.strip(), err) == (0, "vcard: imported 1, updated 0, skipped 0", "")
    [contact] = stored(db_path)
    assert (contact["name"], contact["company"]) == ("Acme Plumbing", "Acme Plumbing")
    assert contact["phone"] == "+1 555 010 0100"


def test_a_vcard_with_no_name_at_all_is_skipped_by_its_line(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "cards.vcf"
    path.write_text(card("TEL:+1 555 010 0100") + card("FN:Ann Lee"), encoding="utf-8")
    code, out, err = import_file(db_path, path)
    assert (code, out.strip()) == (0, "vcard: imported 1, updated 0, skipped 1")
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
    assert (code, out.strip()) == (0, "vcard: imported 1, updated 0, skipped 1")
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
    assert (code, out.strip()) == (0, "vcard: imported 1, updated 0, skipped 1")
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
    assert (code, out.strip()) == (0, "csv: imported 2, updated 0, skipped 1")
    assert "line 2: notes: too long (143,360 characters; the limit is 100,000)" in err
    one_line_each(err)
    assert sorted(str(c["name"]) for c in stored(db_path)) == ["Bo Diaz", "Cy Young"]


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
