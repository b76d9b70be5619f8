"""EDTF date parsing and display for timeline events.

A small, pure (stdlib only, no I/O) parser for the subset of the Library of
Congress Extended Date/Time Format (EDTF) that timeline events use:

* ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` with years 0001-9999 as 4 digits;
* unspecified trailing digits with ``X``: ``202X``, ``2024-XX``, ``2024-1X``,
  ``2024-11-2X``, ``2024-11-XX``, ``2024-XX-XX`` (once a component holds an
  ``X``, every later component must be ``XX``);
* a qualifier at the end of a date: ``~`` approximate, ``?`` uncertain,
  ``%`` both;
* intervals ``A/B`` where either side may be ``..`` (open), but not both.

Strictly, month/day values with a single ``X`` (``2024-1X``, ``2024-11-2X``)
are EDTF level 2 ("partially unspecified"); everything else is level 0/1.

Everything else (seasons, times, ``Y``-prefixed years, sets, negative years,
empty interval ends, ...) is rejected with a :class:`DateError` whose message
quotes the input and says what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["DateError", "DatePart", "EventDate", "format_day", "parse_edtf"]

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December")
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_EXPECTED = "expected an EDTF date such as 2024-12-02 or 2024-11-29/2024-11-30"
_FORMS = ("use YYYY, YYYY-MM or YYYY-MM-DD (X for unknown trailing digits, "
          "e.g. 2024-11-2X), optionally followed by ~, ? or %")
_DASH = "\u2013"  # EN DASH

# One compiled regex per form; all used with fullmatch().
_PLAIN_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%]?)")
_UNSPEC_RE = re.compile(r"([0-9X]{4})(?:-([0-9X]{2})(?:-([0-9X]{2}))?)?([~?%]?)")
# Diagnostics only (error path).
_SPACE_RE = re.compile(r"\s")
_SHAPE_RE = re.compile(r"([0-9A-Za-z]*)((?:-[0-9A-Za-z]*)*)(.*)", re.S)


class DateError(ValueError):
    """An EDTF string that this parser does not accept; ``str(e)`` explains why."""


@dataclass(frozen=True, slots=True)
class DatePart:
    """One side of an EDTF value (a single date is one part)."""

    text: str          # this side as written, e.g. "2024-12-02~"
    earliest: date     # first possible day
    latest: date       # last possible day
    precision: str     # "day" | "month" | "year": the most precise fully known component
    approximate: bool  # "~" or "%"
    uncertain: bool    # "?" or "%"


@dataclass(frozen=True, slots=True)
class EventDate:
    """A parsed EDTF date or interval."""

    text: str                # the whole EDTF string as written
    start: DatePart | None   # None = open start ("..")
    end: DatePart | None     # None = open end; for a single date ``end is start``
    interval: bool

    @property
    def earliest(self) -> date | None:
        return self.start.earliest if self.start is not None else None

    @property
    def latest(self) -> date | None:
        return self.end.latest if self.end is not None else None

    @property
    def precision(self) -> str:
        part = self.start if self.start is not None else self.end
        return part.precision  # type: ignore[union-attr]  # never both open

    @property
    def approximate(self) -> bool:
        return any(p is not None and p.approximate for p in (self.start, self.end))

    @property
    def uncertain(self) -> bool:
        return any(p is not None and p.uncertain for p in (self.start, self.end))

    @property
    def sort_day(self) -> date:
        """Earliest possible day; for an open start, the end's earliest day."""
        if self.start is not None:
            return self.start.earliest
        return self.end.earliest  # type: ignore[union-attr]

    def iso_bounds(self) -> tuple[str | None, str | None]:
        lo, hi = self.earliest, self.latest
        return (lo.isoformat() if lo is not None else None,
                hi.isoformat() if hi is not None else None)

    def human(self) -> str:
        """English display form, e.g. "29 Nov – 2 Dec 2024" or "c. 2 Dec 2024".

        Intervals whose two sides are plain (no qualifier, no X) and of the
        same precision are compressed ("29–30 Nov 2024", "Nov–Dec 2024");
        otherwise each side is printed in full with its own qualifier
        ("c. 29 Nov 2024 – 30 Nov 2024").
        """
        start, end = self.start, self.end
        if start is None:
            return "until " + _part_human(end)  # type: ignore[arg-type]
        if end is None:
            return "from " + _part_human(start)
        if start is end:
            return _part_human(start)
        if _is_plain(start) and _is_plain(end) and start.precision == end.precision:
            return _range_text(start.earliest, end.latest, start.precision)
        return f"{_part_human(start)} {_DASH} {_part_human(end)}"


# --------------------------------------------------------------------------
# display helpers

def format_day(d: date) -> str:
    """``date(2024, 12, 2)`` -> ``"2 Dec 2024"``."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _is_plain(p: DatePart) -> bool:
    return not (p.approximate or p.uncertain) and "X" not in p.text


def _part_human(p: DatePart) -> str:
    a, b = p.earliest, p.latest
    if a.day == 1 and b.day == _days_in_month(b.year, b.month):
        gran = "year" if a.month == 1 and b.month == 12 else "month"
    else:
        gran = "day"
    text = _range_text(a, b, gran)
    if p.approximate:
        text = "c. " + text
    if p.uncertain:
        text += "?"
    return text


def _range_text(a: date, b: date, gran: str) -> str:
    if gran == "year":
        return str(a.year) if a.year == b.year else f"{a.year}{_DASH}{b.year}"
    if gran == "month":
        if a.year == b.year:
            if a.month == b.month:
                return f"{MONTHS[a.month - 1]} {a.year}"
            return f"{MONTHS[a.month - 1]}{_DASH}{MONTHS[b.month - 1]} {a.year}"
        return (f"{MONTHS[a.month - 1]} {a.year} {_DASH} "
                f"{MONTHS[b.month - 1]} {b.year}")
    if a == b:
        return format_day(a)
    if a.year == b.year:
        if a.month == b.month:
            return f"{a.day}{_DASH}{b.day} {MONTHS[a.month - 1]} {a.year}"
        return f"{a.day} {MONTHS[a.month - 1]} {_DASH} {format_day(b)}"
    return f"{format_day(a)} {_DASH} {format_day(b)}"


# --------------------------------------------------------------------------
# parsing

def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def _error(whole: str, reason: str) -> DateError:
    return DateError(f"{_EXPECTED}, got {whole!r}: {reason}")


class _Reject(Exception):
    """Internal: a side is invalid; carries the reason (no input quoted)."""


def parse_edtf(text: str) -> EventDate:
    """Parse an EDTF date or interval; raise :class:`DateError` if unsupported."""
    if type(text) is not str:
        reason = f"got a {type(text).__name__}, not a string"
        if isinstance(text, (date, int, float)):
            example = text.isoformat()[:10] if isinstance(text, date) else str(text)
            reason += f"; quote the value in YAML so it stays text, e.g. '{example}'"
        raise DateError(f"{_EXPECTED}, got {text!r}: {reason}")
    start_text, slash, end_text = text.partition("/")
    if not slash:
        if text == "..":
            raise _error(text, "'..' (open end) is only allowed as one side of "
                               "an interval, e.g. '../2024-12-01'")
        part = _side(text, text, "")
        return EventDate(text, part, part, False)

    if "/" in end_text:
        raise _error(text, "an interval has exactly one '/', e.g. 2024-11-29/2024-11-30")
    if start_text == ".." and end_text == "..":
        raise _error(text, "an interval needs at least one known end; "
                           "'../..' says nothing")
    if not start_text:
        hint = f"'../{end_text}'" if end_text else "'../2024-12-01'"
        raise _error(text, f"the interval start is empty; write an open start "
                           f"as '..', e.g. {hint}")
    if not end_text:
        raise _error(text, f"the interval end is empty; write an open end "
                           f"as '..', e.g. '{start_text}/..'")
    start = None if start_text == ".." else _side(start_text, text, "start")
    end = None if end_text == ".." else _side(end_text, text, "end")
    if start is not None and end is not None and end.latest < start.earliest:
        raise _error(text, f"the interval is reversed: it ends ({end.latest.isoformat()}) "
                           f"before it starts ({start.earliest.isoformat()})")
    return EventDate(text, start, end, True)


def _side(s: str, whole: str, label: str) -> DatePart:
    try:
        m = _PLAIN_RE.fullmatch(s)
        if m is not None:
            return _plain(s, *m.groups())
        m = _UNSPEC_RE.fullmatch(s)
        if m is not None:
            return _unspecified(s, *m.groups())
        raise _Reject(_diagnose(s, whole))
    except _Reject as exc:
        reason = str(exc)
        if label:
            reason = f"in the interval {label} {s!r}: {reason}"
        raise _error(whole, reason) from None


def _qualifiers(q: str) -> tuple[bool, bool]:
    if not q:
        return False, False
    return q != "?", q != "~"  # "~" approx, "?" uncertain, "%" both


def _check_year(y: int) -> None:
    if y == 0:
        raise _Reject("year 0000 is not supported; years run from 0001 to 9999")


def _check_month(ms: str) -> int:
    m = int(ms)
    if 1 <= m <= 12:
        return m
    if 21 <= m <= 41:
        raise _Reject(f"month {ms} does not exist (EDTF seasons such as "
                      f"2024-21 are not supported; use a month range like 2024-03/2024-05)")
    raise _Reject(f"month {ms} does not exist (months are 01-12)")


def _check_day(ds: str, y: int, m: int) -> int:
    d = int(ds)
    dim = _days_in_month(y, m)
    if not 1 <= d <= dim:
        raise _Reject(f"day {ds} does not exist in {MONTH_NAMES[m - 1]} {y:04d} "
                      f"(it has {dim} days)")
    return d


def _plain(s: str, ys: str, ms: str | None, ds: str | None, q: str) -> DatePart:
    y = int(ys)
    _check_year(y)
    approx, unc = _qualifiers(q)
    if ms is None:
        return DatePart(s, date(y, 1, 1), date(y, 12, 31), "year", approx, unc)
    m = _check_month(ms)
    if ds is None:
        return DatePart(s, date(y, m, 1), date(y, m, _days_in_month(y, m)),
                        "month", approx, unc)
    d = date(y, m, _check_day(ds, y, m))
    return DatePart(s, d, d, "day", approx, unc)


def _x_trailing(comp: str, what: str) -> None:
    head = comp.rstrip("X")
    if "X" in head:
        raise _Reject(f"the {what} {comp!r} has an X before a digit; X may only "
                      f"replace trailing digits (e.g. 202X, 2024-1X, 2024-11-2X)")


def _unspecified(s: str, ys: str, ms: str | None, ds: str | None, q: str) -> DatePart:
    # Only reached when some component contains an X.
    approx, unc = _qualifiers(q)
    _x_trailing(ys, "year")
    if ms is not None:
        _x_trailing(ms, "month")
    if ds is not None:
        _x_trailing(ds, "day")

    # Year.
    nx = ys.count("X")
    if nx == 4:
        raise _Reject("the year cannot be entirely unknown (XXXX); "
                      "give at least its first digit, e.g. 2XXX")
    if nx:
        scale = 10 ** nx
        y_lo = int(ys[: 4 - nx]) * scale
        y_hi = y_lo + scale - 1
        y_lo = max(y_lo, 1)
        if (ms is not None and ms != "XX") or (ds is not None and ds != "XX"):
            raise _Reject("once the year has an X, the month and day must be XX "
                          "(e.g. 202X-XX-XX)")
        return DatePart(s, date(y_lo, 1, 1), date(y_hi, 12, 31), "year", approx, unc)
    y = int(ys)
    _check_year(y)

    # Month (year is known here).
    assert ms is not None  # an X must be somewhere
    if "X" in ms:
        if ms == "XX":
            m_lo, m_hi = 1, 12
        elif ms == "0X":
            m_lo, m_hi = 1, 9
        elif ms == "1X":
            m_lo, m_hi = 10, 12
        else:
            raise _Reject(f"month {ms} does not exist (months are 01-12, so only "
                          f"0X, 1X or XX can be partly unknown)")
        if ds is not None and ds != "XX":
            raise _Reject("once the month has an X, the day must be XX "
                          f"(e.g. {ys}-{ms}-XX)")
        return DatePart(s, date(y, m_lo, 1), date(y, m_hi, _days_in_month(y, m_hi)),
                        "year", approx, unc)
    m = _check_month(ms)

    # Day (year and month are known here).
    assert ds is not None
    dim = _days_in_month(y, m)
    if ds == "XX":
        d_lo, d_hi = 1, dim
    else:
        tens = int(ds[0])
        d_lo, d_hi = max(tens * 10, 1), min(tens * 10 + 9, dim)
        if d_lo > dim:
            raise _Reject(f"day {ds} does not exist in {MONTH_NAMES[m - 1]} {y:04d} "
                          f"(it has {dim} days)")
    return DatePart(s, date(y, m, d_lo), date(y, m, d_hi), "month", approx, unc)


def _diagnose(s: str, whole: str) -> str:
    """Explain why side ``s`` (of ``whole``) matched no accepted form."""
    if not whole:
        return "the date is empty"
    if _SPACE_RE.search(whole):
        return "whitespace is not allowed anywhere in the date"
    if not s:
        return "this side is empty"
    if ":" in s or "T" in s or "Z" in s:
        return "times are not supported; give a date only, e.g. 2024-12-01"
    if s[0] == "Y":
        return ("Y-prefixed long years are not supported; years must be "
                "4 digits (0001-9999)")
    if s[0] == "-":
        return "negative years (BCE) are not supported"
    if s[0] in "[{" or s[-1] in "]}" or "," in s:
        return "sets and lists of dates ([...] / {...}) are not supported"
    if "x" in s:
        return "unknown digits are written with a capital X, e.g. 202X or 2024-11-2X"
    if "u" in s:
        return ("the old 'u' notation for unknown digits is not supported; "
                "use X, e.g. 202X")
    if s.rstrip("~?%") == "..":
        return "an open end '..' cannot carry a qualifier (~ ? %); qualify the known side instead"
    if s[0] in "~?%" or any(c in "~?%" for c in s[:-1]):
        return ("a qualifier (~ approximate, ? uncertain, % both) may only appear "
                "once, at the very end of a date, e.g. 2024-12-02~")
    if ".." in s:
        return "'..' (open end) must be a whole side of an interval, e.g. 2024-12-01/.."
    m = _SHAPE_RE.fullmatch(s)
    if m is not None and not m.group(3):
        year, rest = m.group(1), m.group(2)
        comps = rest.split("-")[1:]
        if year.isdigit() and len(year) != 4:
            return f"the year {year!r} must have exactly 4 digits (0001-9999)"
        if len(comps) > 2:
            return "too many components; a date is at most YYYY-MM-DD"
        for name, c in zip(("month", "day"), comps, strict=False):
            if not c:
                return f"the {name} is missing after '-'"
            if c.isdigit() and len(c) != 2:
                return f"the {name} {c!r} must have exactly 2 digits, e.g. 0{c[-1]}"
    return f"this is not a supported date form; {_FORMS}"
