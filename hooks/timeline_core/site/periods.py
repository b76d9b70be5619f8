"""Stage 5, pages: a long timeline split into periods, so that no page grows without bound.

A timeline of at most PERIOD_LIMIT events stays one page (the home page), as before. A longer
one is cut into periods of consecutive months; a month holding more than PERIOD_LIMIT events is
cut between its days. A day is cut only when it alone holds more than the limit (no page may
grow without bound): it fills the page it starts on, then whole pages; its anchor stays on the
first part, and the next parts' headings say "(part 2)" and so on. The home page shows the
latest period and the list of periods; the others live at `/timeline/<key>/`, where the key is
the month (`2024-11`) or, for part of a month, its first day (`2024-12-08`, or
`2024-12-08-part-2` for a day's second part). Day and event anchors keep their ids on
whichever page holds them.

The same split serves every list of events that grows with the data (record_periods.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..reading.markup import ROOT
from .timeline import Entry, Heading, Month

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


def _part(heading: Heading, number: int, entries: list[Entry]) -> Heading:
    """Part `number` of a day too long for one page: the first keeps its anchor and its "also
    ongoing" list, the others are labelled "(part 2)" and so on."""
    if number == 1:
        return replace(heading, entries=entries)
    return replace(heading, id=f"{heading.id}-part-{number}", label=f"{heading.label} (part {number})",
                   entries=entries, ongoing=[], ongoing_count=0)


def _chunks(month: Month, limit: int) -> list[list[Heading]]:
    """A month's headings in pages of at most `limit` events: a day that fits goes whole to
    the next page when this one is full; a longer day fills this page and then whole pages
    (so a run of long days makes full pages, not a full one and a scrap each)."""
    chunks: list[list[Heading]] = [[]]
    size = 0
    for heading in month.headings:
        if len(heading.entries) <= limit:
            if chunks[-1] and size + len(heading.entries) > limit:
                chunks.append([])
                size = 0
            chunks[-1].append(heading)
            size += len(heading.entries)
            continue
        rest, number = heading.entries, 1
        while rest:
            if size == limit:
                chunks.append([])
                size = 0
            room = limit - size
            chunks[-1].append(_part(heading, number, rest[:room]))
            size += len(rest[:room])
            rest, number = rest[room:], number + 1
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


@dataclass(frozen=True, slots=True)
class PeriodLink:
    """What a page shows of a period: its name, size and address, not its events, so that a
    period page's data (which the preview fingerprints) changes only with what it shows."""

    key: str
    label: str
    count: int
    url: str


@dataclass(frozen=True, eq=False)
class PeriodNav:
    """The periods as links, and which period lists each event: the same for every period page
    of a build, worked out once (Site.period_nav)."""

    links: tuple[PeriodLink, ...]
    page_of: dict[str, str]  # event id -> the key of the period whose page lists it
    urls: dict[str, str]  # period key -> its site-relative URL


def period_nav(periods: list[Period]) -> PeriodNav:
    return PeriodNav(
        tuple(PeriodLink(p.key, p.label, p.count, p.url) for p in periods),
        {event_id: period.key for event_id, period in period_of_events(periods).items()},
        {p.key: p.url for p in periods},
    )


def period_view(data: dict[str, Any], periods: list[Period], key: str | None, nav: PeriodNav) -> dict[str, Any]:
    """The timeline template's data for one period (key None: the home page's, the latest);
    `nav`: period_nav(periods), worked out once per build."""
    if not periods:
        return {**data, "periods": [], "current": None, "event_href": lambda event_id: f"#event-{event_id}"}
    place = next((n for n, p in enumerate(periods) if p.key == key), None) if key else len(periods) - 1
    assert place is not None, key  # only planned periods are rendered
    return {**data, "months": periods[place].months, "periods": nav.links, "current": nav.links[place],
            "event_href": _event_href(periods[place].key, nav)}


def _event_href(current: str, nav: PeriodNav) -> Callable[[str], str]:
    def href(event_id: str) -> str:
        key = nav.page_of[event_id]
        return f"#event-{event_id}" if key == current else f"{ROOT}{nav.urls[key]}#event-{event_id}"
    return href
