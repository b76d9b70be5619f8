"""EDTF dates for timeline events: levels 0 and 1 of the Library of Congress Extended
Date/Time Format (ISO 8601-2), parsed by a small pure parser (stdlib only, no I/O).

Accepted (the data format page lists each form with its displayed text):

* level 0: ``1985``, ``1985-04``, ``1985-04-12``; a day with a time of day, local or with a
  time-zone offset (``1985-04-12T23:20:30``, ``...Z``, ``...-04``, ``...+04:30``); intervals of
  dates ``1964/2008``;
* level 1: ``Y``-prefixed years beyond four digits (``Y170000002``, ``Y-170000002``); seasons
  ``2001-21`` to ``2001-24`` (spring, summer, autumn, winter); negative years (``-1985``, counted
  astronomically as ISO 8601 does: ``0000`` is 1 BCE, ``-1985`` is 1986 BCE); a qualifier at the
  end of a date (``~`` approximate, ``?`` uncertain, ``%`` both); unspecified digits from the
  right (``201X``, ``20XX``, ``2004-XX``, ``1985-04-XX``, ``1985-XX-XX``); interval ends that are
  open (``..``) or unknown (empty: ``/1985-04-12``, ``1985-04-12/``);
* beyond level 1, kept because the data uses them: any trailing ``X`` digits (``2024-1X``,
  ``2024-11-2X``, ``2XXX``) and unspecified or long years as interval ends.

Refused, each with a message that quotes the input and says what was expected: reversed
intervals, intervals with no known end, times inside intervals or with a qualifier, and the
level 2 forms (sets, exponents, significant digits, seasons 25-41, qualifiers inside a date).
``tests/test_dates_oracle.py`` compares all of this with the ``edtf`` package.

Every value has an earliest and latest possible day (``earliest``, ``latest``: a ``date``, or a
:class:`~timeline_core.reading.days.FarDay` for years outside 1-9999) and a ``sort_key`` of integers
that orders every value by its earliest then latest instant, times of day within their day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates_diagnose import diagnose, diagnose_time
from .dates_text import MONTH_NAMES, MONTHS, event_date_text, format_day, html_datetime
from .days import Day, days_in_month, make_day
from .problems import quoted

__all__ = ["MONTHS", "MONTH_NAMES", "Clock", "DateError", "DatePart", "EventDate",
           "format_day", "parse_edtf"]

_EXPECTED = "expected an EDTF date such as 2024-12-02 or 2024-11-29/2024-11-30"
# Messages quote the input shortened to this many characters: with the longest reason, a
# message stays under 400 characters whatever the input holds.
DATE_QUOTE = 40

# Sort keys: one integer per instant, `ordinal * _SPAN + offset within the day`. A day with no
# time runs from offset 0 to _SPAN - 1; a time of day sits at _MID + its seconds in UTC (an
# offset can move it up to 14 hours out of its day, still inside the span), so times sort
# within their day, after the events that only have the day.
_SPAN = 1 << 20
_MID = 1 << 19

_PLAIN_RE = re.compile(r"(-?[0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%]?)")
_UNSPEC_RE = re.compile(r"(-?[0-9X]{4})(?:-([0-9X]{2})(?:-([0-9X]{2}))?)?([~?%]?)")
_LONG_RE = re.compile(r"Y(-?[1-9][0-9]{4,})([~?%]?)")
_TIME_RE = re.compile(r"(-?[0-9]{4})-([0-9]{2})-([0-9]{2})"
                      r"T([0-9]{2}):([0-9]{2}):([0-9]{2})(Z|[+-][0-9]{2}(?::[0-9]{2})?)?")

# Seasons 21-24 (level 1), as meteorological seasons of the northern hemisphere; winter runs
# from December into the next year's February. (Month ranges; day bounds follow from them.)
SEASONS = {21: ("spring", 3, 5), 22: ("summer", 6, 8), 23: ("autumn", 9, 11),
           24: ("winter", 12, 14)}


class DateError(ValueError):
    """An EDTF string that this parser does not accept; ``str(e)`` explains why."""


@dataclass(frozen=True, slots=True)
class Clock:
    """A time of day as written, with its offset from UTC when one is given."""

    hour: int
    minute: int
    second: int
    offset: int | None  # minutes east of UTC; None = local time, zone not stated
    zone: str           # as written: "", "Z", "-04", "+04:30"

    @property
    def utc_seconds(self) -> int:
        """Seconds since the day's midnight, moved to UTC when the offset is known."""
        local = self.hour * 3600 + self.minute * 60 + self.second
        return local if self.offset is None else local - self.offset * 60


@dataclass(frozen=True, slots=True)
class DatePart:
    """One side of an EDTF value (a single date is one part)."""

    text: str          # this side as written, e.g. "2024-12-02~"
    earliest: Day      # first possible day
    latest: Day        # last possible day
    precision: str     # "second" | "day" | "month" | "season" | "year": the most precise
    #                    fully known component
    approximate: bool  # "~" or "%"
    uncertain: bool    # "?" or "%"
    time: Clock | None = None  # only for a day with a time of day (precision "second")

    @property
    def first(self) -> int:
        """Sort key of the earliest possible instant."""
        day = self.earliest.toordinal() * _SPAN
        return day if self.time is None else day + _MID + self.time.utc_seconds

    @property
    def last(self) -> int:
        """Sort key of the latest possible instant."""
        if self.time is not None:
            return self.first
        return self.latest.toordinal() * _SPAN + _SPAN - 1


@dataclass(frozen=True, slots=True)
class EventDate:
    """A parsed EDTF date or interval.

    A missing side is open (``..``: the interval runs on without limit) or, with
    ``unknown_start``/``unknown_end``, unknown (an empty side: it ends, but when is not known).
    """

    text: str                # the whole EDTF string as written
    start: DatePart | None   # None = open or unknown start
    end: DatePart | None     # None = open or unknown end; for a single date ``end is start``
    interval: bool
    unknown_start: bool = False
    unknown_end: bool = False

    @property
    def earliest(self) -> Day | None:
        return self.start.earliest if self.start is not None else None

    @property
    def latest(self) -> Day | None:
        return self.end.latest if self.end is not None else None

    @property
    def precision(self) -> str:
        part = self.start if self.start is not None else self.end
        return part.precision  # type: ignore[union-attr]  # never both missing

    @property
    def approximate(self) -> bool:
        return any(p is not None and p.approximate for p in (self.start, self.end))

    @property
    def uncertain(self) -> bool:
        return any(p is not None and p.uncertain for p in (self.start, self.end))

    @property
    def sort_day(self) -> Day:
        """Earliest possible day; for a missing start, the end's earliest day."""
        if self.start is not None:
            return self.start.earliest
        return self.end.earliest  # type: ignore[union-attr]

    @property
    def sort_key(self) -> tuple[int, int]:
        """Earliest then latest possible instant, as integers (a missing start sorts by the
        end's earliest instant, a missing end after everything that ends)."""
        first = self.start if self.start is not None else self.end
        last = self.end.last if self.end is not None else _OPEN_LAST
        return (first.first, last)  # type: ignore[union-attr]  # never both missing

    def iso_bounds(self) -> tuple[str | None, str | None]:
        """Earliest and latest possible day as ISO 8601 (expanded for years outside
        0001-9999: ``-1985-01-01``, ``+170000002-12-31``); None for a missing side."""
        lo, hi = self.earliest, self.latest
        return (lo.isoformat() if lo is not None else None,
                hi.isoformat() if hi is not None else None)

    def human(self) -> str:
        """English display form, e.g. "29 Nov – 2 Dec 2024", "c. 2 Dec 2024",
        "3 Dec 2024, 14:00 UTC+3", "winter 2001", "1986 BCE"."""
        return event_date_text(self)

    def html_datetime(self) -> str | None:
        """The value for an HTML ``<time datetime>``, or None where HTML has no form for it
        (years before 1)."""
        return html_datetime(self)


_OPEN_LAST = 1 << 200  # after the last instant of any representable year


# --------------------------------------------------------------------------
# parsing

def _error(whole: str, reason: str) -> DateError:
    return DateError(f"{_EXPECTED}, got {quoted(whole, DATE_QUOTE)}: {reason}")


class _Reject(Exception):
    """Internal: a side is invalid; carries the reason (no input quoted)."""


def parse_edtf(text: str) -> EventDate:
    """Parse an EDTF date or interval; raise :class:`DateError` if unsupported."""
    if type(text) is not str:
        raise DateError(f"{_EXPECTED}, got {quoted(text, DATE_QUOTE) if isinstance(text, str) else repr(text)[:DATE_QUOTE]}: {_not_text(text)}")
    start_text, slash, end_text = text.partition("/")
    if not slash:
        if text == "..":
            raise _error(text, "'..' (open end) is only allowed as one side of "
                               "an interval, e.g. '../2024-12-01'")
        part = _single(text)
        return EventDate(text, part, part, False)
    if "/" in end_text:
        raise _error(text, "an interval has exactly one '/', e.g. 2024-11-29/2024-11-30")
    if start_text in ("..", "") and end_text in ("..", ""):
        raise _error(text, "an interval needs at least one known end, e.g. "
                           "'../2024-12-01' (open start) or '/2024-12-01' (unknown start)")
    start = None if start_text in ("..", "") else _side(start_text, text, "start")
    end = None if end_text in ("..", "") else _side(end_text, text, "end")
    if start is not None and end is not None and end.latest < start.earliest:
        raise _error(text, f"the interval is reversed: it ends ({end.latest.isoformat()}) "
                           f"before it starts ({start.earliest.isoformat()})")
    return EventDate(text, start, end, True, start_text == "", end_text == "")


def _not_text(value: object) -> str:
    reason = f"got a {type(value).__name__}, not a string"
    if isinstance(value, (int, float)) or hasattr(value, "isoformat"):
        example = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)
        reason += f"; quote the value in YAML so it stays text, e.g. '{example}'"
    return reason


def _single(s: str) -> DatePart:
    if "T" in s:
        try:
            return _date_time(s)
        except _Reject as exc:
            raise _error(s, str(exc)) from None
    return _side(s, s, "")


def _side(s: str, whole: str, label: str) -> DatePart:
    try:
        m = _PLAIN_RE.fullmatch(s)
        if m is not None:
            return _plain(s, *m.groups())
        m = _UNSPEC_RE.fullmatch(s)
        if m is not None:
            return _unspecified(s, *m.groups())
        m = _LONG_RE.fullmatch(s)
        if m is not None:
            y = int(m.group(1))
            approx, unc = _qualifiers(m.group(2))
            return DatePart(s, make_day(y, 1, 1), make_day(y, 12, 31), "year", approx, unc)
        raise _Reject(diagnose(s, whole, label))
    except _Reject as exc:
        reason = str(exc)
        if label:
            reason = f"in the interval {label} {quoted(s, DATE_QUOTE)}: {reason}"
        raise _error(whole, reason) from None


def _qualifiers(q: str) -> tuple[bool, bool]:
    if not q:
        return False, False
    return q != "?", q != "~"  # "~" approx, "?" uncertain, "%" both


def _year(ys: str) -> int:
    if ys == "-0000":
        raise _Reject("-0000 is not a year; year zero (1 BCE) is written 0000")
    return int(ys)


def _check_month(ms: str) -> int:
    m = int(ms)
    if 1 <= m <= 12:
        return m
    if 25 <= m <= 41:
        raise _Reject(f"month {ms} does not exist (seasons are 21-24: spring, summer, "
                      f"autumn, winter; EDTF level 2 seasons 25-41 are not supported)")
    raise _Reject(f"month {ms} does not exist (months are 01-12)")


def _check_day(ds: str, y: int, m: int) -> int:
    d = int(ds)
    dim = days_in_month(y, m)
    if not 1 <= d <= dim:
        raise _Reject(f"day {ds} does not exist in {MONTH_NAMES[m - 1]} {y:04d} "
                      f"(it has {dim} days)")
    return d


def _plain(s: str, ys: str, ms: str | None, ds: str | None, q: str) -> DatePart:
    y = _year(ys)
    approx, unc = _qualifiers(q)
    if ms is None:
        return DatePart(s, make_day(y, 1, 1), make_day(y, 12, 31), "year", approx, unc)
    if ms in ("21", "22", "23", "24"):
        if ds is not None:
            raise _Reject(f"a season ({ms}) has no days; write {ys}-{ms} alone")
        return _season(s, y, int(ms), approx, unc)
    m = _check_month(ms)
    if ds is None:
        return DatePart(s, make_day(y, m, 1), make_day(y, m, days_in_month(y, m)),
                        "month", approx, unc)
    d = make_day(y, m, _check_day(ds, y, m))
    return DatePart(s, d, d, "day", approx, unc)


def _season(s: str, y: int, number: int, approx: bool, unc: bool) -> DatePart:
    _, first, last = SEASONS[number]
    last_year, last_month = y + (last - 1) // 12, (last - 1) % 12 + 1
    return DatePart(s, make_day(y, first, 1),
                    make_day(last_year, last_month, days_in_month(last_year, last_month)),
                    "season", approx, unc)


def _date_time(s: str) -> DatePart:
    m = _TIME_RE.fullmatch(s)
    if m is None:
        raise _Reject(diagnose_time(s))
    ys, ms, ds, hs, mins, secs, zone = m.groups()
    y = _year(ys)
    month = int(ms)
    if not 1 <= month <= 12:
        raise _Reject(f"month {ms} does not exist (months are 01-12)")
    day = make_day(y, month, _check_day(ds, y, month))
    hour, minute, second = int(hs), int(mins), int(secs)
    if (hour, minute, second) != (24, 0, 0) and (hour > 23 or minute > 59 or second > 59):
        raise _Reject(f"the time {hs}:{mins}:{secs} does not exist (hours 00-23, minutes "
                      f"and seconds 00-59; 24:00:00 is the end of the day)")
    clock = Clock(hour, minute, second, _offset(zone or ""), zone or "")
    return DatePart(s, day, day, "second", False, False, clock)


def _offset(zone: str) -> int | None:
    """Minutes east of UTC, within the offsets EDTF allows (Z, -13:59 to +13:59, +-14:00;
    an offset of zero hours needs minutes: UTC itself is Z)."""
    if not zone:
        return None
    if zone == "Z":
        return 0
    hours, minutes = int(zone[1:3]), int(zone[4:6] or 0)
    allowed = (1 <= hours <= 13 and minutes <= 59) or (hours, minutes) == (14, 0) and \
        len(zone) == 6 or (hours == 0 and 1 <= minutes <= 59)
    if not allowed:
        raise _Reject(f"the time-zone offset {zone!r} is not allowed (Z for UTC, or "
                      f"-13:59 to +13:59, or +14:00/-14:00; +00:00 is written Z)")
    sign = -1 if zone[0] == "-" else 1
    return sign * (hours * 60 + minutes)


def _x_trailing(comp: str, what: str) -> None:
    head = comp.lstrip("-").rstrip("X")
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
    if "X" in ys:
        return _unspecified_year(s, ys, ms, ds, approx, unc)
    y = _year(ys)
    assert ms is not None  # an X must be somewhere
    if "X" in ms:
        return _unspecified_month(s, y, ms, ds, approx, unc)
    m = _check_month(ms)
    assert ds is not None
    dim = days_in_month(y, m)
    if ds == "XX":
        d_lo, d_hi = 1, dim
    else:
        tens = int(ds[0])
        d_lo, d_hi = max(tens * 10, 1), min(tens * 10 + 9, dim)
        if d_lo > dim:
            raise _Reject(f"day {ds} does not exist in {MONTH_NAMES[m - 1]} {y:04d} "
                          f"(it has {dim} days)")
    return DatePart(s, make_day(y, m, d_lo), make_day(y, m, d_hi), "month", approx, unc)


def _unspecified_year(s: str, ys: str, ms: str | None, ds: str | None,
                      approx: bool, unc: bool) -> DatePart:
    digits = ys.lstrip("-")
    nx = digits.count("X")
    if nx == 4:
        raise _Reject("the year cannot be entirely unknown (XXXX); "
                      "give at least its first digit, e.g. 2XXX")
    if (ms is not None and ms != "XX") or (ds is not None and ds != "XX"):
        raise _Reject("once the year has an X, the month and day must be XX "
                      "(e.g. 202X-XX-XX)")
    scale = 10 ** nx
    low = int(digits[: 4 - nx]) * scale
    high = low + scale - 1
    if ys[0] == "-":
        low, high = -high, -low
    return DatePart(s, make_day(low, 1, 1), make_day(high, 12, 31), "year", approx, unc)


def _unspecified_month(s: str, y: int, ms: str, ds: str | None,
                       approx: bool, unc: bool) -> DatePart:
    ranges = {"XX": (1, 12), "0X": (1, 9), "1X": (10, 12)}
    if ms not in ranges:
        raise _Reject(f"month {ms} does not exist (months are 01-12, so only "
                      f"0X, 1X or XX can be partly unknown)")
    if ds is not None and ds != "XX":
        raise _Reject(f"once the month has an X, the day must be XX (e.g. {y:04d}-{ms}-XX)")
    m_lo, m_hi = ranges[ms]
    return DatePart(s, make_day(y, m_lo, 1), make_day(y, m_hi, days_in_month(y, m_hi)),
                    "year", approx, unc)
