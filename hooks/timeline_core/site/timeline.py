"""Stage 5, pages: the timeline page's data. Months, then one heading per day (or per month or
year for events known only that far), each event under its earliest possible day whatever its
qualifiers; events that span days say so; each day names the events from earlier that may
still be under way on it.

Headings have stable anchors: `#2024-12-02` for a day, `#2024-12` for "Dec 2024, day not
known", `#2024` for "2024, month not known", inside sections `#month-2024-12` and `#month-2024`.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .activity import activity_view
from ..reading.dates import MONTH_NAMES, MONTHS, format_day
from ..reading.days import Day, format_year
from .index import Index
from ..reading.model import EVENT_TYPE_LABELS, STATUSES, Event

ONGOING_LISTED = 12  # a day lists this many events still under way, then links to the rest
# Precisions that name one day (or a moment in it): listed under that day. "month" gets a
# month's "day not known" heading; anything else (a year, a season, whatever the date model
# learns later) the year's, where it cannot mislead.
DAY_PRECISIONS = frozenset({"day", "time", "hour", "minute", "second"})


@dataclass(slots=True)
class Entry:
    event: Event
    span: str | None  # "spans 4 days", "spans up to 3 days", "open-ended"; None for one day


@dataclass(slots=True)
class Heading:
    id: str  # the anchor: 2024-12-02, 2024-12 or 2024
    label: str
    datetime: str  # ISO 8601, expanded (-0043-03-15) outside years 1-9999, where HTML has no form
    day: Day | None  # only for a single day: the day the "also ongoing" list is for
    entries: list[Entry] = field(default_factory=list)
    ongoing: list[Event] = field(default_factory=list)  # at most ONGOING_LISTED, timeline order
    ongoing_count: int = 0


@dataclass(slots=True)
class Month:
    key: str  # 2024-12, or 2024 for events known only to the year
    label: str
    headings: list[Heading] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(heading.entries) for heading in self.headings)


def span_text(event: Event) -> str | None:
    """How long an interval may last, where it is listed."""
    if not event.date.interval:
        return None
    earliest, latest = event.date.earliest, event.date.latest
    if earliest is None or latest is None:
        # Unknown (an empty side: it ended, when is not known) is not open (..: it goes on).
        if (earliest is None and event.date.unknown_start) or (latest is None and event.date.unknown_end):
            return "start not known" if earliest is None else "end not known"
        return "open-ended"
    days = latest.toordinal() - earliest.toordinal() + 1
    if days < 2:
        return None
    exact = event.date.precision == "day" and not (event.date.approximate or event.date.uncertain)
    return f"spans {days} days" if exact else f"spans up to {days} days"


def _placement(event: Event) -> tuple[tuple[int, int, int], str, str, str, Day | None]:
    """Where an event is listed: (sort key, anchor, label, machine date, single day)."""
    day, precision = event.date.sort_day, event.date.precision
    year_key = day.isoformat()[:-6]  # "2024", "-0043", "+170000002" (ISO 8601 years)
    year = format_year(day.year)  # "1986 BCE", "170,000,002"
    if precision in DAY_PRECISIONS:
        return (day.year, day.month, day.day), day.isoformat(), format_day(day), day.isoformat(), day
    month = f"{year_key}-{day.month:02d}"
    if precision == "month":
        return (day.year, day.month, 32), month, f"{MONTHS[day.month - 1]} {year}, day not known", month, None
    return (day.year, 13, 0), year_key, year, year_key, None


def timeline_months(events: tuple[Event, ...]) -> list[Month]:
    headings: dict[tuple[int, int, int], Heading] = {}
    for event in events:
        key, anchor, label, machine, single = _placement(event)
        heading = headings.get(key)
        if heading is None:
            heading = headings[key] = Heading(anchor, label, machine, single)
        heading.entries.append(Entry(event, span_text(event)))
    months: dict[tuple[int, int], Month] = {}
    for key in sorted(headings):
        year, month = key[0], key[1]
        section = months.get((year, month))
        if section is None:
            first = headings[key].entries[0].event.date.sort_day
            shown, year_key = format_year(year), first.isoformat()[:-6]
            label = f"{shown} (month not known)" if month == 13 else f"{MONTH_NAMES[month - 1]} {shown}"
            section_key = year_key if month == 13 else f"{year_key}-{month:02d}"
            section = months[(year, month)] = Month(section_key, label)
        section.headings.append(headings[key])
    _fill_ongoing([h for m in months.values() for h in m.headings if h.day is not None], events)
    return list(months.values())


_UNBOUNDED = 1 << 62


def _ordinal(day: Day | None, missing: int) -> int:
    return missing if day is None else day.toordinal()


def _fill_ongoing(days: list[Heading], events: tuple[Event, ...]) -> None:
    """For each single-day heading (in order), the events that may be under way that day but
    are listed earlier or elsewhere: possible span starts before it and reaches it. One sweep:
    events enter when their span starts and leave when it ends."""
    # Days as ordinals: they order every year, BCE and beyond 9999 included; a missing side
    # is unbounded.
    starts = sorted(
        (_ordinal(event.date.earliest, -_UNBOUNDED), position) for position, event in enumerate(events)
    )
    active: dict[int, Event] = {}
    ends: list[tuple[int, int]] = []
    next_start = 0
    for heading in days:
        assert heading.day is not None
        day = heading.day.toordinal()
        while next_start < len(starts) and starts[next_start][0] < day:
            position = starts[next_start][1]
            active[position] = events[position]
            heapq.heappush(ends, (_ordinal(events[position].date.latest, _UNBOUNDED), position))
            next_start += 1
        while ends and ends[0][0] < day:
            active.pop(heapq.heappop(ends)[1], None)
        # An open start ("../2024-12-05") is active on its own day: it is listed there.
        here = {entry.event.id for entry in heading.entries}
        listed = sum(1 for entry in heading.entries if entry.event.date.earliest is None)
        heading.ongoing_count = len(active) - listed
        first = heapq.nsmallest(ONGOING_LISTED + listed, active)
        heading.ongoing = [active[p] for p in first if active[p].id not in here][:ONGOING_LISTED]


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    count: int  # events the filter keeps (for actors and places: with their parts)


def filter_options(index: Index) -> dict[str, list[Option]]:
    """What each filter control offers: only values some event has, most used first for
    actors and places (the long lists), by label for the rest."""
    ds = index.dataset
    types: Counter[str] = Counter(event.type for event in ds.events)
    statuses: Counter[str] = Counter(event.status for event in ds.events)
    tags: Counter[str] = Counter(tag for event in ds.events for tag in dict.fromkeys(event.tags))
    actors = [Option(a, ds.actors[a].name, len(rows)) for a, rows in index.actor_events.items() if rows]
    places = [Option(p, ds.locations[p].name, len(rows)) for p, rows in index.location_events.items() if rows]
    return {
        "actor": sorted(actors, key=lambda o: (-o.count, o.label.lower(), o.value)),
        "location": sorted(places, key=lambda o: (-o.count, o.label.lower(), o.value)),
        "type": sorted((Option(t, EVENT_TYPE_LABELS[t], n) for t, n in types.items()), key=lambda o: o.label),
        "status": [Option(s, s.capitalize(), statuses[s]) for s in STATUSES if statuses[s]],
        "tag": sorted((Option(t, t.replace("-", " "), n) for t, n in tags.items()), key=lambda o: o.value),
    }


def date_limits(events: tuple[Event, ...]) -> tuple[str, str] | None:
    """The first and last day any event may fall on (for the date inputs' min and max)."""
    days = [d for event in events for d in (event.date.earliest, event.date.latest) if d is not None]
    return (min(days).isoformat(), max(days).isoformat()) if days else None


def qualifiers_used(events: tuple[Event, ...]) -> dict[str, bool]:
    """Which date marks readers will meet ("c." approximate, "?" uncertain), read from the
    dates as shown, so the timeline's legend explains only marks that appear."""
    shown = [event.date.human() for event in events]
    return {
        "approximate": any(text.startswith("c. ") or " c. " in text for text in shown),
        "uncertain": any("?" in text for text in shown),
    }


def timeline_view(index: Index) -> dict[str, Any]:
    return {
        "months": timeline_months(index.events),
        "options": filter_options(index),
        "limits": date_limits(index.events),
        "activity": activity_view(index.events),
        "qualifiers": qualifiers_used(index.events),
    }
