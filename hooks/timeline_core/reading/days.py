"""Calendar days for any year: Python's `date` for years 1-9999, `FarDay` for the rest.

EDTF counts years astronomically, as ISO 8601 does: year 0000 is 1 BCE, -0001 is 2 BCE, and
`Y170000002` is a year far in the future. Python's `date` holds only years 1 to 9999, so the
date model hands out a plain `date` whenever it can (templates and other code keep working
unchanged for ordinary dates) and a `FarDay` with the same reading interface (`year`, `month`,
`day`, `isoformat()`, `toordinal()`, comparisons with either kind) for the others. Ordinals
continue `date.toordinal()` in both directions (proleptic Gregorian calendar), so one integer
orders every day of every year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Day", "FarDay", "day_from_ordinal", "days_in_month", "format_year", "make_day", "ordinal"]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DAYS_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def ordinal(year: int, month: int, day: int) -> int:
    """`date(y, m, d).toordinal()`, extended to every year (floor division keeps the
    Gregorian leap rules right below year 1: year 0 is a leap year, as 400 is)."""
    y = year - 1
    leap_shift = 1 if month > 2 and is_leap(year) else 0
    return y * 365 + y // 4 - y // 100 + y // 400 + _DAYS_BEFORE_MONTH[month - 1] + leap_shift + day


@dataclass(frozen=True, slots=True)
class FarDay:
    """A day in a year that `date` cannot hold (year <= 0 or year > 9999)."""

    year: int
    month: int
    day: int

    def toordinal(self) -> int:
        return ordinal(self.year, self.month, self.day)

    def isoformat(self) -> str:
        """ISO 8601 expanded form: `-1985-04-12`, `+170000002-01-01`; year 0 is `0000`."""
        if self.year == 0:
            sign = ""
        else:
            sign = "-" if self.year < 0 else "+"
        return f"{sign}{abs(self.year):04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    # Comparisons by ordinal, with FarDay and date alike (a `date` defers to these when it
    # meets a FarDay, so mixed lists sort).
    def __lt__(self, other: object) -> bool:
        return self.toordinal() < _ordinal_of(other)

    def __le__(self, other: object) -> bool:
        return self.toordinal() <= _ordinal_of(other)

    def __gt__(self, other: object) -> bool:
        return self.toordinal() > _ordinal_of(other)

    def __ge__(self, other: object) -> bool:
        return self.toordinal() >= _ordinal_of(other)


def _ordinal_of(other: object) -> int:
    if isinstance(other, (date, FarDay)):
        return other.toordinal()
    raise TypeError(f"cannot compare a day with {type(other).__name__}")


Day = date | FarDay


def make_day(year: int, month: int, day: int) -> Day:
    if 1 <= year <= 9999:
        return date(year, month, day)
    return FarDay(year, month, day)


def format_year(year: int) -> str:
    """A reader's year: `2024`, `170,000,002`, `1 BCE` (year 0000), `1986 BCE` (year -1985)."""
    if year >= 1:
        return str(year) if year <= 9999 else f"{year:,}"
    bce = 1 - year
    return (str(bce) if bce <= 9999 else f"{bce:,}") + " BCE"


_CYCLE_DAYS, _CYCLE_YEARS = 146_097, 400  # the Gregorian calendar repeats every 400 years


def day_from_ordinal(number: int) -> Day:
    """The inverse of `ordinal`, for any year: whole 400-year cycles move the day into the
    range `date.fromordinal` takes, and back."""
    if 1 <= number <= date.max.toordinal():
        return date.fromordinal(number)
    cycles = (number - 1) // _CYCLE_DAYS
    inside = date.fromordinal(number - cycles * _CYCLE_DAYS)
    return make_day(inside.year + cycles * _CYCLE_YEARS, inside.month, inside.day)


def weekday(day: Day) -> int:
    """Monday is 0, as `date.weekday()`; ordinal 1 (1 Jan 0001) was a Monday."""
    return (day.toordinal() - 1) % 7
