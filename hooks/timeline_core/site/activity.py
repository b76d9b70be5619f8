"""Stage 5, pages: the activity chart above the timeline, drawn at build time (no script): a
list of bars, each a link holding a small SVG drawing of its stack. The links are HTML, not SVG
`<a>`: Material's instant navigation rewrites every `[href]` by assignment, which throws on an
SVG link.

Each bar is one day (or week, month or year when the data spans long), and counts the events
that may have happened in it, stacked by type: exactly the events its link shows
(`?from=<first day>&to=<last day>`, a date-range filter keeps every event whose possible span
overlaps the range). Long empty stretches are cut out and marked, so one early event does not
squeeze the rest into a sliver.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, ClassVar

from ..reading.dates import MONTHS, format_day
from ..reading.days import Day, day_from_ordinal, days_in_month, format_year, make_day, weekday
from ..reading.model import EVENT_TYPE_LABELS, EVENT_TYPES, Event

UNITS = ("day", "week", "month", "year")
MAX_BARS = 120  # the finest unit that needs at most this many bars is used
# Even counted in years, events may span more than a chart can draw (an interval from 1985 BCE
# to year 170,000,002 covers millions of bars): then there is no chart, and the timeline below
# still lists every event. Counting stops before such a span is walked.
MOST_BARS = 1_000
GAP = 7  # empty bars in a row beyond which the stretch is cut out
HEIGHT = 100  # drawing units for the tallest bar


def index_of(day: Day, unit: str) -> int:
    if unit == "day":
        return day.toordinal()
    if unit == "week":  # weeks start on Monday; ordinal 1 (1 Jan 0001) is a Monday
        return (day.toordinal() - weekday(day) - 1) // 7
    if unit == "month":
        return day.year * 12 + day.month - 1
    return day.year


def bounds_of(index: int, unit: str) -> tuple[Day, Day]:
    """The first and last day of a bar."""
    if unit == "day":
        day = day_from_ordinal(index)
        return day, day
    if unit == "week":
        return day_from_ordinal(index * 7 + 1), day_from_ordinal(index * 7 + 7)
    if unit == "month":
        year, month = divmod(index, 12)
        return make_day(year, month + 1, 1), make_day(year, month + 1, days_in_month(year, month + 1))
    return make_day(index, 1, 1), make_day(index, 12, 31)


def period_text(index: int, unit: str) -> str:
    start, _end = bounds_of(index, unit)
    if unit == "day":
        return format_day(start)
    if unit == "week":
        return f"week of {format_day(start)}"
    if unit == "month":
        return f"{MONTHS[start.month - 1]} {format_year(start.year)}"
    return format_year(start.year)


def spans(events: tuple[Event, ...]) -> list[tuple[Day, Day, str]]:
    """Each event's possible span, open ends cut at the furthest known day of any event."""
    known = [d for e in events for d in (e.date.earliest, e.date.latest) if d is not None]
    if not known:
        return []
    low, high = min(known), max(known)
    return [(e.date.earliest or low, e.date.latest or high, e.type) for e in events]


def runs(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Bars covered by some event, merged into runs; gaps of at most GAP empty bars kept."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(intervals):
        if merged and first - merged[-1][1] - 1 <= GAP:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def choose_unit(periods: list[tuple[Day, Day, str]]) -> tuple[str, list[tuple[int, int]]]:
    for unit in UNITS:
        found = runs([(index_of(a, unit), index_of(b, unit)) for a, b, _type in periods])
        if sum(last - first + 1 for first, last in found) <= MAX_BARS or unit == UNITS[-1]:
            return unit, found
    raise AssertionError("unreachable")


@dataclass(frozen=True, slots=True)
class Segment:
    type: str
    count: int
    y: float
    height: float


@dataclass(frozen=True, slots=True)
class Bar:
    kind: ClassVar[str] = "bar"
    period: str
    start: str  # first day, ISO
    end: str  # last day, ISO
    total: int
    segments: tuple[Segment, ...]
    label: str | None  # shown under the bar
    year: str | None  # shown under the label where a run starts or the year changes
    parts: str  # "4 battle, 3 statement"
    description: str  # "2 Dec 2024: 12 events may have happened (4 battle, …)"


@dataclass(frozen=True, slots=True)
class Gap:
    kind: ClassVar[str] = "gap"
    text: str  # "no events from Jun 2018 to Nov 2024"


def activity_view(events: tuple[Event, ...]) -> dict[str, Any] | None:
    periods = spans(events)
    if not periods:
        return None
    unit, found = choose_unit(periods)
    if sum(last - first + 1 for first, last in found) > MOST_BARS:
        return None
    counts: dict[int, Counter[str]] = {}
    for low, high, kind in periods:
        for index in range(index_of(low, unit), index_of(high, unit) + 1):
            counts.setdefault(index, Counter())[kind] += 1
    tallest = max(sum(c.values()) for c in counts.values())
    bar_count = sum(last - first + 1 for first, last in found)
    every = max(1, round(bar_count / 12))  # about a dozen dates under the bars
    items: list[Bar | Gap] = []
    for number, (first, last) in enumerate(found):
        if number:
            before = day_from_ordinal(bounds_of(found[number - 1][1], unit)[1].toordinal() + 1)
            after = day_from_ordinal(bounds_of(first, unit)[0].toordinal() - 1)
            items.append(Gap(f"no events from {format_day(before)} to {format_day(after)}"))
        for index in range(first, last + 1):
            items.append(_bar(index, unit, counts.get(index, Counter()), tallest,
                              first_of_run=index == first, labelled=(index - first) % every == 0))
    present = [t for t in EVENT_TYPES if any(c.get(t) for c in counts.values())]
    return {
        "unit": unit,
        "entries": items,
        "bars": [item for item in items if isinstance(item, Bar) and item.total],
        "height": HEIGHT,
        "tallest": tallest,
        "types": [(t, EVENT_TYPE_LABELS[t]) for t in present],
    }


def _bar(index: int, unit: str, counter: Counter[str], tallest: int,
         *, first_of_run: bool, labelled: bool) -> Bar:
    start, end = bounds_of(index, unit)
    segments = []
    top = float(HEIGHT)
    for kind in EVENT_TYPES:  # one stacking order everywhere: the legend's
        count = counter.get(kind, 0)
        if count:
            height = HEIGHT * count / tallest
            top -= height
            segments.append(Segment(kind, count, round(top, 2), round(height, 2)))
    total = sum(counter.values())
    # Each type by its one label, as chips, tables and the legend show it ("Battle: 2").
    parts = ", ".join(f"{EVENT_TYPE_LABELS[k]}: {counter[k]}" for k in EVENT_TYPES if counter.get(k))
    noun = "event" if total == 1 else "events"
    description = f"{period_text(index, unit)}: {total} {noun} may have happened" + (f" ({parts})" if parts else "")
    labelled = labelled or first_of_run
    short = {"day": f"{start.day} {MONTHS[start.month - 1]}", "week": f"{start.day} {MONTHS[start.month - 1]}",
             "month": MONTHS[start.month - 1], "year": format_year(start.year)}[unit]
    new_year = first_of_run or (start.month == 1 and (unit == "month" or start.day <= 7))
    return Bar(
        period_text(index, unit), start.isoformat(), end.isoformat(), total,
        tuple(segments), short if labelled else None,
        format_year(start.year) if labelled and new_year and unit != "year" else None, parts, description,
    )
