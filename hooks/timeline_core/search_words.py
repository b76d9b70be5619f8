"""Words for search: one definition, here and in the browser (docs/assets/js/search-core.js).

A text's words are: the text lower-cased, decomposed (NFKD), stripped of combining marks, then
split on every character that is neither a letter nor a digit. So "Ḥamāh" is "hamah", the
hamza of "أ" goes, "Алеппо" stays Cyrillic ("алеппо") and "هيئة تحرير الشام" is three Arabic
words. lunr, behind Material's search, trims every character outside \\w (ASCII) from the
ends of a word, so words in Arabic, Persian or Cyrillic came out empty and could not be found.

The browser does the same steps with `toLowerCase`, `normalize("NFKD")`, `\\p{M}` and
`[^\\p{L}\\p{N}]`; Python's `[\\W_]` is the same class (`str.isalnum`: the letter and number
categories), and the marks class is built from `unicodedata` once per process, when a
non-ASCII text first needs it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

_ASCII_SEPARATORS = re.compile(r"[^a-z0-9]+")
_SEPARATORS = re.compile(r"[\W_]+")


@cache
def _marks() -> re.Pattern[str]:
    """Every combining mark (Unicode categories Mn, Mc, Me), as one character class."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]+")


def words(text: str) -> list[str]:
    """The words of a text, in order, as search compares them."""
    lowered = text.lower()
    if lowered.isascii():
        return [word for word in _ASCII_SEPARATORS.split(lowered) if word]
    plain = _marks().sub("", unicodedata.normalize("NFKD", lowered))
    return [word for word in _SEPARATORS.split(plain) if word]
