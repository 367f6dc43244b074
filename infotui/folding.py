"""One rule for matching typed text against stored text: case and accents folded.

Every filter and search compares folded text with folded text, so ``zoe`` finds
Zoë, ``muller`` Müller, ``soren`` Søren and ``strasse`` Straße. Accents that are
combining marks come off by Unicode decomposition (NFKD); letters that are
letters of their own, not a letter and a mark (ø, æ, ß, ł, đ, þ...), are spelt
the way an English keyboard writes them, by a small table.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters with no decomposition, and how they are typed without them (U+0131 is the
# dotless i, U+017F the long s).
LETTERS = {
    "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ẞ": "ss", "ł": "l", "đ": "d", "ð": "d",
    "þ": "th", "ħ": "h", "\u0131": "i", "ĸ": "k", "ŀ": "l", "ŧ": "t", "ŋ": "n",
    "\u017f": "s", "ĳ": "ij", "ɨ": "i", "ƀ": "b", "ƶ": "z",
}  # fmt: skip
_TABLE = str.maketrans(LETTERS)


def fold(text: str) -> str:
    """``text`` lower-cased, without accents: what filters and searches compare."""
    if text.isascii():
        return text.lower()
    return _fold(text)


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    lowered = text.casefold().translate(_TABLE)
    decomposed = unicodedata.normalize("NFKD", lowered)
    # The marks of Latin letters (é is e and U+0301) come off in one pass; what is left
    # beyond ASCII is looked at a character at a time.
    decomposed = _LATIN_MARKS.sub("", decomposed)
    if decomposed.isascii():
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")  # U+034F is not a mark


# The other way: what a folded letter (or pair) may have been before folding, for a
# search index that takes accents off but leaves these letters be (SQLite's FTS5).
UNFOLDED = {
    "o": ("ø",), "ae": ("æ",), "oe": ("œ",), "ss": ("ß",), "l": ("ł",), "d": ("đ", "ð"),
    "th": ("þ",),
}  # fmt: skip
MAX_SPELLINGS = 16
MAX_SPELT = 40  # a longer word is looked for as typed


def spellings(word: str) -> list[str]:
    """The ways ``word``, folded, may be written with the letters of :data:`LETTERS`:
    ``soren`` is soren or søren; the word as folded comes first."""
    folded = fold(word)
    if len(folded) > MAX_SPELT:
        return [folded]
    found: list[str] = []

    def walk(at: int, spelt: str) -> None:
        if len(found) >= MAX_SPELLINGS:
            return
        if at == len(folded):
            found.append(spelt)
            return
        walk(at + 1, spelt + folded[at])
        for plain, letters in UNFOLDED.items():
            if folded.startswith(plain, at):
                for letter in letters:
                    walk(at + len(plain), spelt + letter)

    walk(0, "")
    return found
