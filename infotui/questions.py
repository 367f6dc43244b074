"""The question bank shipped in ``data/questions.toml``.

Pure data loading: the store seeds these into the database, the live screen
reads the opener checklist, the contacts screen renders the phone script.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infotui.errors import BankError
from infotui.kinds import Section

BANK_FILE = "questions.toml"
DEFAULT_TEMPLATE = "default"


@dataclass(frozen=True)
class ShippedQuestion:
    key: str
    section: Section
    text: str
    hint: str = ""
    closing: bool = False


@dataclass(frozen=True)
class ShippedTemplate:
    key: str
    name: str
    questions: tuple[str, ...]
    starred: frozenset[str] = frozenset()


@dataclass(frozen=True)
class QuestionBank:
    version: int
    questions: tuple[ShippedQuestion, ...]
    opener: tuple[str, ...] = ()
    phone_script: str = ""
    templates: tuple[ShippedTemplate, ...] = ()
    source: Path | None = field(default=None, compare=False)

    def in_section(self, section: Section) -> list[ShippedQuestion]:
        return [q for q in self.questions if q.section == section]

    @property
    def closing(self) -> list[ShippedQuestion]:
        return [q for q in self.questions if q.closing]

    @property
    def default_template(self) -> ShippedTemplate | None:
        return next((t for t in self.templates if t.key == DEFAULT_TEMPLATE), None)


def data_dir() -> Path:
    """The folder of shipped data: inside the installed package, or the source tree."""
    packaged = Path(__file__).parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "data"


def bank_stamp(bank: QuestionBank | None = None) -> str:
    """A short digest of what seeding a database from ``bank`` adds (the shipped bank's
    file when None: its bytes, not parsed). A database stamped with it has been seeded
    from this bank; "" when the shipped file cannot be read (seeding then says why)."""
    if bank is None:
        try:
            data = (data_dir() / BANK_FILE).read_bytes()
        except OSError:
            return ""
    else:
        templates = [(t.key, t.name, t.questions, sorted(t.starred)) for t in bank.templates]
        data = repr((bank.version, bank.questions, bank.opener, templates)).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def load_bank(path: Path | None = None) -> QuestionBank:
    """Read and check a question bank file (the shipped one by default)."""
    path = path or data_dir() / BANK_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BankError(f"cannot read the question bank {path}: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BankError(f"the question bank {path} is not valid TOML: {exc}") from exc
    return parse_bank(raw, source=path)


def parse_bank(raw: dict[str, Any], *, source: Path | None = None) -> QuestionBank:
    where = source or "question bank"
    version = raw.get("version")
    if not isinstance(version, int) or version < 1:
        raise BankError(f"{where}: 'version' must be a positive whole number")
    questions: list[ShippedQuestion] = []
    seen: set[str] = set()
    for number, item in enumerate(raw.get("questions", []), start=1):
        key = item.get("key")
        text = str(item.get("text", "")).strip()
        if not key or not isinstance(key, str):
            raise BankError(f"{where}: question {number} has no key")
        if key in seen:
            raise BankError(f"{where}: the key {key!r} is used twice")
        if not text:
            raise BankError(f"{where}: question {key!r} has no text")
        try:
            section = Section(item.get("section", "main"))
        except ValueError:
            raise BankError(f"{where}: question {key!r} has an unknown section") from None
        seen.add(key)
        questions.append(
            ShippedQuestion(
                key=key,
                section=section,
                text=text,
                hint=str(item.get("hint", "")).strip(),
                closing=bool(item.get("closing", False)),
            )
        )
    opener = tuple(str(line).strip() for line in raw.get("opener", []) if str(line).strip())
    templates: list[ShippedTemplate] = []
    for item in raw.get("templates", []):
        key, name = str(item.get("key", "")), str(item.get("name", "")).strip()
        if not key or not name:
            raise BankError(f"{where}: every template needs a key and a name")
        keys = tuple(item.get("questions", []))
        starred = frozenset(item.get("starred", []))
        unknown = sorted((set(keys) | starred) - seen)
        if unknown:
            raise BankError(
                f"{where}: template {key!r} names unknown questions: {', '.join(unknown)}"
            )
        templates.append(ShippedTemplate(key, name, keys, starred))
    return QuestionBank(
        version=version,
        questions=tuple(questions),
        opener=opener,
        phone_script=str(raw.get("phone_script", "")).strip(),
        templates=tuple(templates),
        source=source,
    )


def render_phone_script(
    bank: QuestionBank, *, contact_name: str, my_name: str, minutes: int, days: list[str]
) -> str:
    """The call script for one contact, with two concrete days to propose.

    Its paragraphs are one line each (a blank line between them), as the bank file's
    lines are broken only to keep the file readable: the screen, or the editor it is
    pasted into, wraps them at its own width.
    """
    first_name = contact_name.split()[0] if contact_name.split() else contact_name
    first, second = [*days, "", ""][:2]
    paragraphs = [" ".join(p.split()) for p in bank.phone_script.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p).format(
        contact_first_name=first_name,
        my_name=my_name or "[your name]",
        minutes=minutes,
        first_day=first,
        second_day=second,
    )
