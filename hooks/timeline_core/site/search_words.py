"""Words for search: one definition, here and in the browser (docs/assets/js/search-core.js).

A text's words are: the text lower-cased, decomposed (NFKD), stripped of combining marks, then
split on every character that is neither a letter nor a digit. So "Ḥamāh" is "hamah", the
hamza of "أ" goes, "Алеппо" stays Cyrillic ("алеппо") and "هيئة تحرير الشام" is three Arabic
words. Material's lunr-based search found no alias in Arabic, Persian or Cyrillic script
(issue #10), whatever its index held.

The browser does the same steps with `toLowerCase`, `normalize("NFKD")`, `\\p{M}` and
`[\\p{L}\\p{N}]`; Python's `[^\\W_]` is the same class (`str.isalnum`: the letter and number
categories), and the marks class is built from `unicodedata` once per process, when a
non-ASCII text first needs it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# lunr's English stop words (lunr 2.3.9, MIT; the list in Material's search worker), which
# Material's search leaves out of its index by default (the plugin's `pipeline`). Here they are
# left out of texts only: in names and titles ("the Observatory") they still count.
STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been but by can "
    "cannot could dear did do does either else ever every for from get got had has have he her hers him "
    "his how however i if in into is it its just least let like likely may me might most must my neither "
    "no nor not of off often on only or other our own rather said say says she should since so some than "
    "that the their them then there these they this tis to too twas us wants was we were what when where "
    "which while who whom why will with would yet you your".split()
)
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: the complement of the separators


# Combining marks are assigned only in these planes (multilingual, supplementary, special
# purpose: variation selectors); scanning them, not all 1.1 million code points, takes 1/8
# of the time.
_MARK_PLANES = (range(0x20000), range(0xE0000, 0xF0000))


@cache
def _marks() -> re.Pattern[str]:
    """Every combining mark (Unicode categories Mn, Mc, Me), as one character class."""
    ranges: list[tuple[int, int]] = []
    for code in (code for plane in _MARK_PLANES for code in plane):
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
        return _ASCII_WORD.findall(lowered)
    return _WORD.findall(_marks().sub("", unicodedata.normalize("NFKD", lowered)))
