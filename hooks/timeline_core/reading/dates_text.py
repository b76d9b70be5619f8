"""How a reader sees a date: "29 Nov – 2 Dec 2024", "c. 2 Dec 2024", "3 Dec 2024, 14:00 UTC+3",
"winter 2001", "1986 BCE", "from an unknown start to 12 Apr 1985"; and the machine form for
HTML's <time datetime>."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .days import Day, days_in_month, format_year

if TYPE_CHECKING:
    from .dates import Clock, DatePart, EventDate

__all__ = ["MONTHS", "MONTH_NAMES", "event_date_text", "format_day", "html_datetime"]

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")
SEASON_NAMES = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}  # by first month
_DASH = "\u2013"  # EN DASH


def format_day(d: Day) -> str:
    """``date(2024, 12, 2)`` -> ``"2 Dec 2024"``; ``FarDay(-1985, 4, 12)`` -> ``"12 Apr 1986 BCE"``."""
    return f"{d.day} {MONTHS[d.month - 1]} {format_year(d.year)}"


def event_date_text(ev: EventDate) -> str:
    """Intervals whose two sides are plain (no qualifier, no X, no time) and of the same
    precision are compressed ("29–30 Nov 2024", "Nov–Dec 2024"); otherwise each side is
    printed in full with its own qualifier ("c. 29 Nov 2024 – 30 Nov 2024")."""
    start, end = ev.start, ev.end
    if start is None:
        end_text = part_text(end)  # type: ignore[arg-type]  # never both missing
        if ev.unknown_start:
            return f"from an unknown start to {end_text}"
        return "until " + end_text
    if end is None:
        if ev.unknown_end:
            return f"from {part_text(start)} to an unknown end"
        return "from " + part_text(start)
    if start is end:
        return part_text(start)
    if (_is_plain(start) and _is_plain(end) and start.precision == end.precision
            and start.precision in ("day", "month", "year")):
        return _range_text(start.earliest, end.latest, start.precision)
    return f"{part_text(start)} {_DASH} {part_text(end)}"


def _is_plain(p: DatePart) -> bool:
    return not (p.approximate or p.uncertain) and "X" not in p.text and "Y" not in p.text


def part_text(p: DatePart) -> str:
    a, b = p.earliest, p.latest
    if p.time is not None:
        text = f"{format_day(a)}, {clock_text(p.time)}"
    elif p.precision == "season":
        text = f"{SEASON_NAMES[a.month]} {format_year(a.year)}"
    else:
        if a.day == 1 and b.day == days_in_month(b.year, b.month):
            gran = "year" if a.month == 1 and b.month == 12 else "month"
        else:
            gran = "day"
        text = _range_text(a, b, gran)
    if p.approximate:
        text = "c. " + text
    if p.uncertain:
        text += "?"
    return text


def clock_text(clock: Clock) -> str:
    """``14:00``, ``23:20:30 UTC-4``, ``09:30 UTC+4:30``, ``10:10:10 UTC`` (seconds only
    when not zero)."""
    text = f"{clock.hour:02d}:{clock.minute:02d}"
    if clock.second:
        text += f":{clock.second:02d}"
    if clock.offset is None:
        return text
    if clock.offset == 0:
        return text + " UTC"
    sign = "-" if clock.offset < 0 else "+"
    hours, minutes = divmod(abs(clock.offset), 60)
    return f"{text} UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def _range_text(a: Day, b: Day, gran: str) -> str:
    ya, yb = format_year(a.year), format_year(b.year)
    if gran == "year":
        if a.year == b.year:
            return ya
        if b.year < 1:  # "2020–2011 BCE", not "2020 BCE–2011 BCE"
            return f"{ya.removesuffix(' BCE')}{_DASH}{yb}"
        return f"{ya}{_DASH}{yb}"
    if gran == "month":
        if a.year == b.year:
            if a.month == b.month:
                return f"{MONTHS[a.month - 1]} {ya}"
            return f"{MONTHS[a.month - 1]}{_DASH}{MONTHS[b.month - 1]} {ya}"
        return f"{MONTHS[a.month - 1]} {ya} {_DASH} {MONTHS[b.month - 1]} {yb}"
    if a == b:
        return format_day(a)
    if a.year == b.year:
        if a.month == b.month:
            return f"{a.day}{_DASH}{b.day} {MONTHS[a.month - 1]} {ya}"
        return f"{a.day} {MONTHS[a.month - 1]} {_DASH} {format_day(b)}"
    return f"{format_day(a)} {_DASH} {format_day(b)}"


def html_datetime(ev: EventDate) -> str | None:
    """A valid HTML date string for the first known side, cut to its precision
    ("2024", "2024-12", "2024-12-03", "2024-12-03T14:00:00+03:00"); None for years before 1,
    which HTML cannot express."""
    part = ev.start if ev.start is not None else ev.end
    assert part is not None  # never both missing
    day = part.earliest
    if day.year < 1:
        return None
    year = f"{day.year:04d}"
    if part.precision in ("year", "season"):
        return year
    if part.precision == "month":
        return f"{year}-{day.month:02d}"
    text = f"{year}-{day.month:02d}-{day.day:02d}"
    clock = part.time
    if clock is None or clock.hour == 24:  # 24:00:00 has no HTML form; the day is right
        return text
    text += f"T{clock.hour:02d}:{clock.minute:02d}:{clock.second:02d}"
    if clock.offset is None:
        return text
    if clock.offset == 0:
        return text + "Z"
    sign = "-" if clock.offset < 0 else "+"
    hours, minutes = divmod(abs(clock.offset), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"
