"""Stage output: the compact filter index, `data/filter-index.json`, read in the browser by the
timeline's filters and by the map (through `filter-core.js`).

One entry per event, in timeline order, with what a filter asks about: type, status, tags,
actors and places (direct ones and, for filtering, every group or place above them), the
earliest and latest possible day, and lower-cased text to search. Same input, same bytes.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from .hierarchy import rolled_up
from .exports import EventText, made_now
from .index import Index
from ..reading.markup import plain_text
from ..reading.model import Event

PATH = "data/filter-index.json"


def filter_record(index: Index, event: Event) -> dict[str, Any]:
    ds = index.dataset
    actors = list(dict.fromkeys(entry.actor for entry in event.actors))
    locations = list(dict.fromkeys(event.locations))
    start, end = event.date.iso_bounds()
    words = [event.title, plain_text(event.summary), *event.tags]
    words += [name for a in actors for name in (ds.actors[a].name, *ds.actors[a].aliases)]
    words += [name for p in locations for name in (ds.locations[p].name, *ds.locations[p].aliases)]
    return {
        "id": event.id,
        "title": event.title,
        "url": f"events/{event.id}/",
        "type": event.type,
        "status": event.status,
        "tags": list(event.tags),
        "actors": rolled_up(actors, index.actor_ancestors),
        "actors_direct": actors,
        "locations": rolled_up(locations, index.location_ancestors),
        "locations_direct": locations,
        "start": start,
        "end": end,
        "text": " ".join(" ".join(words).split()).lower(),
    }


def filter_index_bytes(index: Index, periods: dict[str, str] | None = None, piece: EventText = made_now) -> bytes:
    """The file's bytes: compact, UTF-8, keys in the documented order, one trailing newline.
    `periods`, when the timeline is split (periods.py): event id -> the site-relative URL of
    the timeline page listing it ('' for the home page), added as "period". Each record is
    written as it is made (memory: every record's objects at once took 6 MB at 1,000 events)."""
    parts = []
    for event in index.events:
        period = periods[event.id] if periods else None
        parts.append(piece(f"filter-index.json {period}", event, partial(_record_text, index, event, period)))
    return ('{"events":[' + ",".join(parts) + "]}\n").encode("utf-8")


def _record_text(index: Index, event: Event, period: str | None) -> str:
    record = filter_record(index, event)
    if period is not None:
        record["period"] = period
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
