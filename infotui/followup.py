"""After the interview: the thank-you draft and names read from "who else should I talk to?"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from infotui.models import Contact


def thank_you_draft(
    contact: Contact, highlights: Sequence[str], *, my_name: str, minutes: int | None = None
) -> str:
    """A plain-text thank-you the user edits before sending. Nothing leaves the laptop."""
    first = contact.name.split()[0] if contact.name.split() else contact.name
    at = f" at {contact.company}" if contact.company else ""
    time = f"the {minutes} minutes" if minutes else "the time"
    lines = [
        f"Dear {first},",
        "",
        f"Thank you for {time} you gave me to talk about your work{at}. It helped me a great deal.",
    ]
    if highlights:
        lines += ["", "I especially valued what you said about:"]
        lines += [f"- {_short(h)}" for h in highlights]
    lines += [
        "",
        "I will follow up on your suggestions and let you know how I get on.",
        "",
        "With thanks,",
        my_name or "[your name]",
    ]
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class ReferralCandidate:
    name: str
    company: str = ""
    note: str = ""


_SPLIT = re.compile(r"[\n;]+|,(?![^()]*\))|\band\b(?=\s+[A-Z])")
_COMPANY = re.compile(r"\s+(?:at|from|@)\s+", re.IGNORECASE)
_NOTE = re.compile(r"\s*(?:\((?P<paren>[^)]*)\)|\s[-\u2013\u2014:]\s(?P<dash>.*))\s*$")


# Lower-case words inside a name ("Ana de la Cruz", "Jan van der Berg", "Omar bin Said").
_PARTICLES = frozenset({
    "al", "bin", "bint", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du",
    "el", "ibn", "la", "le", "van", "von", "y", "zu",
})  # fmt: skip


def referral_candidates(text: str, *, typed: bool = False) -> list[ReferralCandidate]:
    """People in a text like 'Maria Lopez at Acme (runs ops); Tom Ng - data team'.

    From an answer (the default), a piece counts as a name when it looks like one: one to
    four words, each beginning with a capital or written in a script without capitals
    (王芳, محمد), particles such as "de" or "van" allowed inside; the rest is taken for
    sentences. ``typed``: the user listed people, so every piece is one of them.
    """
    found: list[ReferralCandidate] = []
    for piece in _SPLIT.split(text):
        piece = (piece or "").strip(" .-•*\t")
        if not piece:
            continue
        note = ""
        match = _NOTE.search(piece)
        if match:
            note = (match.group("paren") or match.group("dash") or "").strip()
            piece = piece[: match.start()].strip()
        name, company = _name_company(piece)
        if not name or not (typed or _looks_like_a_name(name)):
            continue  # not a name: a sentence, or lower-case words
        found.append(ReferralCandidate(name, company, note))
    return found


def _looks_like_a_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 4:
        return False
    return _capital(words[0]) and all(_capital(w) or w in _PARTICLES for w in words[1:])


def _capital(word: str) -> bool:
    """Whether a word begins as a name does: with a capital, or with a letter of a script
    that has no capitals."""
    first = word[:1]
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())


def _name_company(piece: str) -> tuple[str, str]:
    parts = _COMPANY.split(piece, maxsplit=1)
    return parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""
