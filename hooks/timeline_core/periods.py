"""Stage 5, pages: a long timeline split into periods, so that no page grows without bound.

A timeline of at most PERIOD_LIMIT events stays one page (the home page), as before. A longer
one is cut into periods of consecutive months; a month holding more than PERIOD_LIMIT events is
cut between its days. A day is cut only when it alone holds more than the limit (no page may
grow without bound): its anchor stays on the first part, and the next parts' headings say
"(part 2)" and so on. The home page shows the latest period and the list of periods; the others live
at `/timeline/<key>/`, where the key is the month (`2024-11`) or, for part of a month, its
first day (`2024-12-08`, or `2024-12-08-part-2` for a day's second part). Day and event
anchors keep their ids on whichever page holds them.

The same split serves every list of events that grows with the data (record_periods.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .markup import ROOT
from .timeline import Heading, Month

PERIOD_LIMIT = 250  # events per page: about 270 KB of HTML with today's templates
FOLDER = "timeline"


@dataclass(slots=True)
class Period:
    key: str  # 2024-12, or the first day's anchor for part of a month
    label: str
    months: list[Month]
    latest: bool = False  # shown on the home page

    @property
    def count(self) -> int:
        return sum(month.count for month in self.months)

    @property
    def url(self) -> str:
        """Site-relative: '' for the home page, 'timeline/<key>/' otherwise."""
        return "" if self.latest else f"{FOLDER}/{self.key}/"


def _parts(heading: Heading, limit: int) -> list[Heading]:
    """A heading as it fits on pages: itself, or (more than `limit` events) consecutive parts,
    the first keeping its anchor and its "also ongoing" list, the others labelled "(part 2)"..."""
    if len(heading.entries) <= limit:
        return [heading]
    parts = []
    for number, start in enumerate(range(0, len(heading.entries), limit), start=1):
        entries = heading.entries[start:start + limit]
        if number == 1:
            parts.append(replace(heading, entries=entries))
        else:
            parts.append(replace(heading, id=f"{heading.id}-part-{number}", label=f"{heading.label} (part {number})",
                                 entries=entries, ongoing=[], ongoing_count=0))
    return parts


def _chunks(month: Month, limit: int) -> list[list[Heading]]:
    chunks: list[list[Heading]] = [[]]
    size = 0
    for heading in (part for whole in month.headings for part in _parts(whole, limit)):
        if chunks[-1] and size + len(heading.entries) > limit:
            chunks.append([])
            size = 0
        chunks[-1].append(heading)
        size += len(heading.entries)
    return chunks


def split_periods(months: list[Month], limit: int = PERIOD_LIMIT) -> list[Period]:
    """The periods of a timeline, in order; [] when it fits one page."""
    if sum(month.count for month in months) <= limit:
        return []
    periods: list[Period] = []
    for month in months:
        if month.count <= limit:
            periods.append(Period(month.key, month.label, [month]))
            continue
        for headings in _chunks(month, limit):
            part = Month(month.key, month.label, headings)
            first, last = headings[0], headings[-1]
            label = first.label if first is last else f"{first.label} – {last.label}"
            periods.append(Period(first.id, label, [part]))
    periods[-1].latest = True
    return periods


def period_of_events(periods: list[Period]) -> dict[str, Period]:
    """Event id -> the period whose page lists it."""
    return {
        entry.event.id: period
        for period in periods for month in period.months for heading in month.headings for entry in heading.entries
    }


def event_places(periods: list[Period]) -> dict[str, tuple[str, str]]:
    """Event id -> (the URL of the timeline page listing it, the heading it is under there):
    where an event's page leads back to. Empty when the timeline is one page."""
    return {
        entry.event.id: (period.url, heading.id)
        for period in periods for month in period.months for heading in month.headings for entry in heading.entries
    }


def period_view(data: dict[str, Any], periods: list[Period], key: str | None) -> dict[str, Any]:
    """The timeline template's data for one period (key None: the home page's, the latest)."""
    if not periods:
        return {**data, "periods": [], "current": None, "event_href": lambda event_id: f"#event-{event_id}"}
    current = next((p for p in periods if p.key == key), None) if key else periods[-1]
    assert current is not None, key  # only planned periods are rendered
    return {**data, "months": current.months, "periods": periods, "current": current,
            "event_href": _event_href(current, period_of_events(periods))}


def _event_href(current: Period, where: dict[str, Period]) -> Callable[[str], str]:
    def href(event_id: str) -> str:
        period = where[event_id]
        return f"#event-{event_id}" if period is current else f"{ROOT}{period.url}#event-{event_id}"
    return href
