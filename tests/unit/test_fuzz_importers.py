"""Each importer, fed mutations of the real sample files: it imports or says why, never crashes.

The mutations are the ways files go wrong: bytes lost, bytes doubled, lines
cut, quotes and separators where none belong, vCard properties and nesting a
phone or another program might write. Each input goes through what the CLI's
``infotui import`` calls (read the file, then import it, here as a dry run), and
the only failure allowed is the importer's own :class:`FormatError`, one line.
Bounded: a few seconds per importer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infotui.errors import FormatError
from infotui.formats import read_contacts
from infotui.store import Store
from tests.helpers import FIXTURES

TOKENS = [
    b"\r\n", b"\n", b"\r", b"\x00", b"\xff", b"\xef\xbb\xbf", b'"', b'""', b",", b";", b":",
    b"=", b"=\r\n", b"=41", b"=C3=A9", b"\\n", b"\\", b" ", b"\t", b"\xc3\xa9", b"\xe2\x80\xae",
    b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"BEGIN:X\r\n", b"END:X\r\n", b"VERSION:4.0\r\n",
    b"FN:", b"N:;;;;\r\n", b"ORG:;;\r\n", b"ORG:Acme\r\n", b"EMAIL:", b"TEL;VALUE=uri:tel:",
    b";CHARSET=NOPE", b";CHARSET=utf-8", b";ENCODING=QUOTED-PRINTABLE", b";ENCODING=b",
    b";ENCODING=BASE64", b"PHOTO;ENCODING=b:!!!\r\n", b"BDAY:not-a-date\r\n", b"item1.",
    b"First Name,Last Name\n", b"Connected On", b"12 Mar 2024", b"99 Zzz 9999",
    b"linkedin.com/in/x", b"=HYPERLINK(\"x\")", b"-5", b"x" * 300,
    b" ::: ", b"sep=;\r\n", b"\xe2\x80\xa8", b"\x81", b"\xff\xfe", b"tel:+1-555;ext=5",
    b"E-mail 1 - Value", b"Job Title",
]  # fmt: skip

CSV_SAMPLES = [
    "contacts.csv", "latin1.csv", "google_contacts.csv", "google_contacts_old.csv",
    "outlook_desktop.csv", "excel_semicolon.csv", "contacts.tsv",
]  # fmt: skip

mutation = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.sampled_from(TOKENS)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 40)),
    st.tuples(st.just("repeat"), st.integers(0, 10**6), st.integers(1, 60)),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.just(0)),
)


def mutate(data: bytes, steps: list[tuple[str, int, object]]) -> bytes:
    for kind, where, what in steps:
        at = where % (len(data) + 1)
        if kind == "insert":
            assert isinstance(what, bytes)
            data = data[:at] + what + data[at:]
        elif kind == "delete":
            assert isinstance(what, int)
            data = data[:at] + data[at + what :]
        elif kind == "repeat":
            assert isinstance(what, int)
            data = data[:at] + data[at : at + what] * 3 + data[at:]
        else:
            data = data[:at]
    return data


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with Store("sqlite://") as store:
        yield store


def check(store: Store, data: bytes, suffix: str, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"contacts{suffix}"
        path.write_bytes(data)
        try:
            parsed = read_contacts(path, fmt)
        except FormatError as error:
            message = str(error)
            assert message and "\n" not in message and "Traceback" not in message
            return
    result = store.imports.contacts(
        parsed.records, on_error="skip", dry_run=True, problems=parsed.problems
    )
    assert result.imported + result.updated + len(result.skipped) <= len(parsed.records)
    for line, reason in result.skipped:
        assert line >= 1 and reason and "\n" not in reason


FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    name=st.sampled_from(["contacts.vcf", "broken.vcf", "contacts_v4_apple.vcf"]),
    fmt=st.sampled_from(["auto", "vcard"]),
    steps=st.lists(mutation, min_size=1, max_size=6),
)
def test_vcard_importer_survives_mutations(
    store: Store, name: str, fmt: str, steps: list[tuple[str, int, object]]
) -> None:
    check(store, mutate((FIXTURES / name).read_bytes(), steps), ".vcf", fmt)


@FUZZ
@given(
    name=st.sampled_from(CSV_SAMPLES),
    fmt=st.sampled_from(["auto", "csv"]),
    steps=st.lists(mutation, min_size=1, max_size=6),
)
def test_csv_importer_survives_mutations(
    store: Store, name: str, fmt: str, steps: list[tuple[str, int, object]]
) -> None:
    check(store, mutate((FIXTURES / name).read_bytes(), steps), ".csv", fmt)


@FUZZ
@given(
    name=st.sampled_from(["linkedin_connections.csv", "linkedin_connections_old.csv"]),
    fmt=st.sampled_from(["auto", "linkedin"]),
    steps=st.lists(mutation, min_size=1, max_size=6),
)
def test_linkedin_importer_survives_mutations(
    store: Store, name: str, fmt: str, steps: list[tuple[str, int, object]]
) -> None:
    check(store, mutate((FIXTURES / name).read_bytes(), steps), ".csv", fmt)


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".vcf", ".csv", ".txt"]))
def test_any_bytes_at_all(store: Store, data: bytes, suffix: str) -> None:
    check(store, data, suffix, "auto")
