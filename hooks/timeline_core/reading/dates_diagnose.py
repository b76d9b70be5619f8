"""Why an EDTF string was refused: the reasons in `DateError` messages (error path only, so
the parser's fast path stays small)."""

from __future__ import annotations

import re

from .problems import quoted

__all__ = ["diagnose", "diagnose_time"]

FORMS = ("use YYYY, YYYY-MM or YYYY-MM-DD (X for unknown trailing digits: 2024-11-2X; -YYYY "
         "before year 0; YYYY-21 to YYYY-24 for seasons; Y12345 for long years), then ~, ? or % "
         "if needed; or a day and a time, 2024-12-03T14:00:00")

_SPACE_RE = re.compile(r"\s")
_SHAPE_RE = re.compile(r"(-?[0-9A-Za-z]*)((?:-[0-9A-Za-z]*)*)(.*)", re.S)
_HHMM_RE = re.compile(r"T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(.*)", re.S)
_DAY_RE = re.compile(r"-?[0-9]{4}-[0-9]{2}-[0-9]{2}")



def diagnose_time(s: str) -> str:
    if any(c in "~?%" for c in s):
        return "a date with a time of day cannot carry a qualifier (~ ? %)"
    day, _, rest = s.partition("T")
    if not _DAY_RE.fullmatch(day):
        return "a time of day needs a full date before the T, e.g. 2024-12-03T14:00:00"
    m = _HHMM_RE.fullmatch("T" + rest)
    if m is None:
        return "a time of day is written hh:mm:ss after the T, e.g. 2024-12-03T14:00:00"
    if m.group(3) is None:
        return (f"a time of day needs seconds: write {m.group(1)}:{m.group(2)}:00 "
                f"(EDTF times are hh:mm:ss)")
    return (f"the time-zone offset {m.group(4)!r} is not a valid form; write Z (UTC), "
            f"+hh or +hh:mm (e.g. +03 or +04:30)")


def diagnose(s: str, whole: str, label: str) -> str:
    """Explain why side ``s`` (of ``whole``) matched no accepted form."""
    if not whole:
        return "the date is empty"
    if _SPACE_RE.search(whole):
        return "whitespace is not allowed anywhere in the date"
    if "T" in s or ":" in s:
        if label:
            day = s.partition("T")[0] or "2024-12-01"
            return ("an interval's ends are dates without a time of day (EDTF levels 0-1); "
                    f"give the day alone, e.g. {day}")
        return "a time of day is written after a full date, e.g. 2024-12-03T14:00:00"
    if s[0] == "Y":
        if "E" in s or "S" in s:
            return ("exponents and significant digits in long years (Y17E7, S2) are EDTF "
                    "level 2, not supported; write the year out, e.g. Y170000000")
        return ("a Y-prefixed year has more than four digits, the first not 0, e.g. "
                "Y170000002 or Y-170000002 (years of up to four digits need no Y)")
    if s[0] in "[{" or s[-1] in "]}" or "," in s:
        return "sets and lists of dates ([...] / {...}) are not supported"
    if "x" in s:
        return "unknown digits are written with a capital X, e.g. 202X or 2024-11-2X"
    if "u" in s:
        return ("the old 'u' notation for unknown digits is not supported; "
                "use X, e.g. 202X")
    if "S" in s:
        return "significant digits (S) are EDTF level 2, not supported"
    if s.rstrip("~?%") == "..":
        return "an open end '..' cannot carry a qualifier (~ ? %); qualify the known side instead"
    if s[0] in "~?%" or any(c in "~?%" for c in s[:-1]):
        return ("a qualifier (~ approximate, ? uncertain, % both) may only appear "
                "once, at the very end of a date, e.g. 2024-12-02~")
    if ".." in s:
        return "'..' (open end) must be a whole side of an interval, e.g. 2024-12-01/.."
    return diagnose_shape(s)


def diagnose_shape(s: str) -> str:
    m = _SHAPE_RE.fullmatch(s)
    if m is not None and not m.group(3):
        year, rest = m.group(1).lstrip("-"), m.group(2)
        comps = rest.split("-")[1:]
        if year.isdigit() and len(year) > 4 and len(year.lstrip("0")) > 4 and not comps:
            return f"a year beyond four digits is written with a Y, e.g. Y{m.group(1)}"
        if year.isdigit() and len(year) != 4:
            return f"the year {quoted(year)} must have exactly 4 digits (0000-9999), or use Y"
        if len(comps) > 2:
            return "too many components; a date is at most YYYY-MM-DD"
        for name, c in zip(("month", "day"), comps, strict=False):
            if not c:
                return f"the {name} is missing after '-'"
            if c.isdigit() and len(c) != 2:
                return f"the {name} {quoted(c)} must have exactly 2 digits, e.g. 0{c[-1]}"
    return f"this is not a supported date form; {FORMS}"
