"""Exports written a piece at a time: the same file as made whole, and nothing half written."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import vobject
from click.testing import CliRunner

from infotui import exporting
from infotui.cli import main
from infotui.errors import FormatError, StoreError
from infotui.exporting import write_private
from infotui.store import Store


def cli(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture
def ten(db_path: Path) -> Path:
    """A database of ten contacts, two of them interviewed."""
    with Store(db_path) as store:
        notes = "Line one\nline two"
        ids = [
            store.contacts.add(f"Zoë {n:02}", company="Acme; Widgets", notes=notes).id
            for n in range(10)
        ]
        for contact_id in ids[:2]:
            met = store.interviews.create(contact_id)
            assert met.id is not None
            store.interviews.change_timer(met.id, lambda c: c.start(store.now()))
            store.answers.save(met.id, store.plans.of(met.id)[0].question_id, "# not a heading")
    return db_path


@pytest.mark.parametrize("what", ["csv", "vcard", "markdown"])
def test_an_export_in_pieces_is_the_export_made_whole(
    ten: Path, tmp_path: Path, what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tmp_path / f"whole.{what}"
    assert cli("--db", str(ten), "export", what, "-o", str(whole))[0] == 0
    monkeypatch.setattr(exporting, "PIECE_ROWS", 3)
    monkeypatch.setattr(exporting, "MARKDOWN_BATCH", 1)
    pieces = tmp_path / f"pieces.{what}"
    code, _, err = cli("--db", str(ten), "export", what, "-o", str(pieces))
    assert code == 0 and f"Wrote {pieces}" in err
    assert pieces.read_bytes() == whole.read_bytes()
    assert cli("--db", str(ten), "export", what)[1] == whole.read_bytes()  # standard output
    assert oct(pieces.stat().st_mode & 0o777) == "0o600"
    text = pieces.read_text(encoding="utf-8")
    if what == "csv":  # read back by a second reader: every contact, each cell as typed
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert [r["name"] for r in rows] == [f"Zoë {n:02}" for n in range(10)]
        assert {r["notes"] for r in rows} == {"Line one\nline two"}
    elif what == "vcard":
        cards = list(vobject.readComponents(text))
        assert sorted(c.fn.value for c in cards) == [f"Zoë {n:02}" for n in range(10)]
        assert {c.org.value[0] for c in cards} == {"Acme; Widgets"}
    else:
        assert text.count("# Informational interview: Zoë") == 2
        assert text.count("\n---\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def failing(pieces: int, error: BaseException) -> Iterator[bytes]:
    for n in range(pieces):
        yield f"piece {n}\n".encode()
    raise error


@pytest.mark.parametrize("error", [StoreError("the database went away"), OSError(28, "full")])
def test_an_export_that_fails_on_the_way_leaves_the_file_as_it_was(
    tmp_path: Path, error: BaseException
) -> None:
    target = tmp_path / "contacts.csv"
    target.write_text("yesterday's export\n")
    with pytest.raises((StoreError, FormatError)):
        write_private(target, failing(2, error), force=True)
    assert target.read_text() == "yesterday's export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["contacts.csv"]  # no piece left behind


def test_a_piece_by_piece_export_never_goes_over_a_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "contacts.csv"
    target.write_text("kept\n")
    with pytest.raises(FileExistsError):
        write_private(target, failing(1, AssertionError("never read")))
    assert target.read_text() == "kept\n"
    write_private(target, iter([b"a\n", b"b\n"]), force=True)
    assert target.read_bytes() == b"a\nb\n"


def test_a_link_is_written_through_and_a_device_as_it_is(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_private(link, iter([b"new\n"]), force=True)
    assert link.is_symlink() and real.read_text() == "new\n"
    null = Path(os.devnull)
    write_private(null, iter([b"nothing\n"]), force=True)
    assert null.is_char_device()


def test_a_link_to_a_pipe_is_written_through_and_a_loop_of_links_is_said(tmp_path: Path) -> None:
    """`-o /dev/stdout` is a link to a pipe: the pipe gets the export. A loop of links is
    one clear message, with the name the user gave."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "stdout"
    link.symlink_to(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_private(link, iter([b"a\n", b"b\n"]), force=True)
    reader.join(10)
    assert got == [b"a\nb\n"]
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(loop)
    with pytest.raises(FormatError, match=f"cannot write {loop}: Too many levels"):
        write_private(loop, iter([b"x"]), force=True)


def test_export_to_a_folder_says_so_before_any_work(ten: Path, tmp_path: Path) -> None:
    code, _, err = cli("--db", str(ten), "export", "csv", "-o", str(tmp_path))
    assert code == 2
    assert err.strip() == f"infotui: {tmp_path} is a folder; give a file name"
