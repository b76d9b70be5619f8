"""Stage 5, pages: a record's list of events split into periods, as the timeline is.

An actor, a place, an event type, a tag or a source document lists every event it concerns;
the ones the data mentions most would grow without bound (at 10,000 generated events a
country's page weighed 4.6 MB). A record with at most `limit` events keeps its one page, as
before. A longer list is cut by periods.py exactly as the timeline is (months, cut between days
when a month holds more than the limit): the record's own page keeps everything else it shows
(name, description, relations, map) and lists its latest period; each earlier period has its
own page under the record's address, `/<folder>/<id>/<period>/`, with the list of periods and
their counts, earlier and later links, a heading per day and the way back to the record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .index import Index, RolledUp
from ..reading.model import EVENT_TYPE_LABELS, Event
from .periods import Period, split_periods
from .timeline import Heading, timeline_months

# Record kind -> (folder of its pages, the index page's title). Types and tags are records too.
FOLDERS = {
    "actor": ("actors", "Actors"),
    "location": ("locations", "Locations"),
    "type": ("types", "Event types"),
    "tag": ("tags", "Tags"),
    "source": ("sources", "Sources"),
}
PAGE_KIND = "record-period"  # the PagePlan kind of a period's page


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """What the list of periods and the pager show of a period: its name, size and place, not
    its events. A page's data holds only these for the periods it does not list, so an edited
    event changes the data (which the preview fingerprints) of the pages that list it alone."""

    key: str
    label: str
    count: int
    latest: bool


@dataclass(slots=True)
class RecordPeriods:
    """A record whose events span several pages."""

    kind: str  # actor, location, type, tag, source
    id: str
    name: str  # plain text
    periods: Sequence[Period | PeriodSummary]

    @property
    def url(self) -> str:
        """The record's own page, site-relative: 'actors/x/'."""
        return f"{FOLDERS[self.kind][0]}/{self.id}/"

    @property
    def anchor(self) -> str:
        """The heading of the list on the record's own page."""
        return "cited-by" if self.kind == "source" else "events"

    def period_url(self, period: Period | PeriodSummary) -> str:
        """Site-relative; the latest period is the record's own page."""
        return self.url if period.latest else f"{self.url}{period.key}/"

    def src_uri(self, period: Period | PeriodSummary) -> str:
        return f"{FOLDERS[self.kind][0]}/{self.id}/{period.key}.md"


def record_events(index: Index, kind: str, record_id: str) -> Sequence[RolledUp | Event]:
    """What the record's page lists, in timeline order: rows with roles for actors and places
    (their own events and their parts'), plain events for the rest."""
    if kind == "actor":
        return index.actor_events.get(record_id, [])
    if kind == "location":
        return index.location_events.get(record_id, [])
    if kind == "type":
        return index.by_type.get(record_id, [])
    if kind == "tag":
        return index.by_tag.get(record_id, [])
    return index.citing.get(record_id, [])


def event_of(row: RolledUp | Event) -> Event:
    return row.event if isinstance(row, RolledUp) else row


def _names(index: Index) -> dict[str, Callable[[str], str]]:
    ds = index.dataset
    return {
        "actor": lambda i: ds.actors[i].name,
        "location": lambda i: ds.locations[i].name,
        "type": lambda i: EVENT_TYPE_LABELS[i],
        "tag": lambda i: f"Tag: {i}",
        "source": lambda i: ds.seeds[i].title,
    }


def _record_ids(index: Index) -> dict[str, list[str]]:
    ds = index.dataset
    return {
        "actor": list(ds.actors), "location": list(ds.locations), "type": sorted(index.by_type),
        "tag": sorted(index.by_tag), "source": list(ds.seeds),
    }


def split_records(index: Index, limit: int) -> list[RecordPeriods]:
    """Every record whose list of events is longer than `limit`, with its periods."""
    names = _names(index)
    split: list[RecordPeriods] = []
    for kind, ids in _record_ids(index).items():
        for record_id in ids:
            rows = record_events(index, kind, record_id)
            if len(rows) <= limit:
                continue
            months = timeline_months(tuple(event_of(row) for row in rows))
            split.append(RecordPeriods(kind, record_id, names[kind](record_id), split_periods(months, limit)))
    return split


@dataclass(frozen=True, slots=True)
class Day:
    """A day's heading (or a month's or year's, for coarser dates) and the rows under it."""

    heading: Heading
    rows: list[Any]  # RolledUp or Event, as the record's page lists them
    numbers: list[int]  # each row's position in the record's whole list, from 1 (numbered lists)

    @property
    def numbered(self) -> list[tuple[int, Any]]:
        return list(zip(self.numbers, self.rows, strict=True))


def period_events(index: Index, record: RecordPeriods, key: str | None) -> dict[str, Any]:
    """A template's data for one period of a record's events (key None: the latest, shown on
    the record's own page)."""
    periods = [PeriodSummary(p.key, p.label, p.count, p.latest) for p in record.periods]
    listed = next(p for p in record.periods if p.key == key) if key else record.periods[-1]
    current = next(p for p in periods if p.key == listed.key)  # the same object: `is sameas`
    rows = record_events(index, record.kind, record.id)
    row_of = {event_of(row).id: row for row in rows}
    number_of = {event_of(row).id: n for n, row in enumerate(rows, start=1)}
    days = [
        Day(heading, [row_of[entry.event.id] for entry in heading.entries],
            [number_of[entry.event.id] for entry in heading.entries])
        for month in listed.months for heading in month.headings  # type: ignore[union-attr]
    ]
    at = periods.index(current)
    return {
        "record": RecordPeriods(record.kind, record.id, record.name, periods),
        "periods": periods,
        "current": current,
        "days": days,
        "earlier": periods[at - 1] if at > 0 else None,
        "later": periods[at + 1] if at + 1 < len(periods) else None,
        "total": len(rows),
    }


# --- the sources index's web pages ------------------------------------------------------------

WEB_FOLDER = "sources/web"


@dataclass(frozen=True, slots=True)
class WebPage:
    """One page of the web sources the timeline cites, in the index's order (publisher, title):
    the first is on the sources index itself, the others at /sources/web/<number>/."""

    number: int  # from 1
    entries: list[tuple[Any, list[Event]]]  # (WebSource, the events citing it)

    @property
    def url(self) -> str:
        return "sources/" if self.number == 1 else f"{WEB_FOLDER}/{self.number}/"

    @property
    def label(self) -> str:
        """Guide words, as a printed index has them: the first and the last title."""
        first, last = self.entries[0][0], self.entries[-1][0]
        return first.title if first is last else f"{first.title} – {last.title}"


def web_pages(web: list[tuple[Any, list[Event]]], limit: int) -> list[WebPage]:
    """The web sources cut into pages of `limit`; [] when they fit on the index."""
    if len(web) <= limit:
        return []
    return [WebPage(n, web[start:start + limit]) for n, start in enumerate(range(0, len(web), limit), start=1)]
