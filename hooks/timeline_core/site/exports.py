"""Stage 5, outputs: the data to take away, in the field's formats, made from the Index.

`data/events.json` (every record, described by `data/events.schema.json`), `data/events.csv`
(ACLED's column names where they apply), `data/events.geojson` (located events, RFC 7946) and
`data/timelinejs.json` (TimelineJS3's JSON format). Same data, same bytes: nothing here reads
the clock, and every list keeps the data's own order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from html import escape
from typing import Any

from ..reading.dates import EventDate
from .exports_schema import SCHEMA
from .index import Index
from ..reading.markup import plain_text
from ..reading.model import EVENT_TYPE_LABELS, EVENT_TYPES, Actor, Event, Figure, Location, SeedQuote, Source

SPECIFIC_KINDS = ("city", "town", "village", "site", "border-crossing")
FATALITY_WORDS = ("killed", "dead", "deaths", "fatalities")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV injection


# What makes one event's text in a data file, given the file's kind of piece, the event, and
# how to make the text: the builder makes it there and then (made_now); the preview keeps what
# it made for events of unchanged files between its builds (reuse.EventReuse.piece). A kind
# names everything the text depends on besides the event and the data's other records.
EventText = Callable[[str, Event, Callable[[], str]], str]


def made_now(_kind: str, _event: Event, make: Callable[[], str]) -> str:
    return make()


class Raw(str):
    """JSON text already made: json_chunks writes it as it is."""

    __slots__ = ()


def dump_json(value: Any) -> str:
    """Stable JSON text: keys in the order written, UTF-8 kept, one trailing newline."""
    return "".join(json_chunks(value))


def json_chunks(value: Any) -> Iterator[str]:
    """dump_json's text in pieces, made as they are written. A list of objects at the top
    level holds one object a line (a change to one event is a one-line diff), each compact:
    Python's JSON encoder runs in C only without indentation (indented, events.json took about
    half a second at 1,000 events, and a third more bytes). A member may be an iterator of
    objects: each is made, written and dropped in turn (memory: every event's objects and
    text at once took 16 MB at 1,000 events)."""
    if not isinstance(value, dict):
        yield _compact(value) + "\n"
        return
    for n, (key, item) in enumerate(value.items()):
        yield ("{\n" if n == 0 else ",\n") + _compact(key) + ": "
        if isinstance(item, Iterator) or (isinstance(item, list) and item and all(isinstance(e, dict) for e in item)):
            first = True
            for element in item:
                yield ("[\n" if first else ",\n") + (element if type(element) is Raw else _compact(element))
                first = False
            yield "[]" if first else "\n]"
        else:
            yield _compact(item)
    yield "{}\n" if not value else "\n}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --- events.json ------------------------------------------------------------------------------

def date_json(d: EventDate) -> dict[str, Any]:
    earliest, latest = d.iso_bounds()
    return {
        "edtf": d.text, "display": d.human(), "earliest": earliest, "latest": latest,
        "precision": d.precision, "approximate": d.approximate, "uncertain": d.uncertain,
        "interval": d.interval,
    }


def source_json(source: Source) -> dict[str, Any]:
    if isinstance(source, SeedQuote):
        return {"seed": source.seed, "quote": source.quote}
    return {
        "url": source.url, "title": source.title, "publisher": source.publisher,
        "published": source.published.text if source.published else None,
    }


def figure_json(figure: Figure) -> dict[str, Any]:
    return {
        "label": figure.label, "value": figure.value, "low": figure.low, "high": figure.high,
        "qualifier": figure.qualifier, "unit": figure.unit, "claimed_by": figure.claimed_by,
        "source": figure.source, "note": figure.note,
    }


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id, "url": f"events/{event.id}/", "title": event.title,
        "date": date_json(event.date), "type": event.type, "status": event.status,
        "summary": event.summary, "summary_text": plain_text(event.summary),
        "actors": [{"id": a.actor, "role": a.role} for a in event.actors],
        "locations": list(event.locations),
        "figures": [figure_json(f) for f in event.figures],
        "sources": [source_json(s) for s in event.sources],
        "annotations": list(event.annotations), "related": list(event.related),
        "tags": list(event.tags), "former_ids": list(event.former_ids), "file": event.path,
    }


def actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id, "url": f"actors/{actor.id}/", "name": actor.name, "kind": actor.kind,
        "aliases": list(actor.aliases), "country": actor.country,
        "relations": [
            {"type": r.type, "actor": r.actor, "source": source_json(r.source) if r.source else None, "note": r.note}
            for r in actor.relations
        ],
        "links": [{"title": link.title, "url": link.url} for link in actor.links],
        "former_ids": list(actor.former_ids), "file": actor.path,
    }


def location_json(location: Location) -> dict[str, Any]:
    coordinates = location.coordinates
    return {
        "id": location.id, "url": f"locations/{location.id}/", "name": location.name,
        "kind": location.kind, "aliases": list(location.aliases),
        "coordinates": {"latitude": coordinates[0], "longitude": coordinates[1]} if coordinates else None,
        "part_of": location.part_of, "country": location.country,
        "links": [{"title": link.title, "url": link.url} for link in location.links],
        "former_ids": list(location.former_ids), "file": location.path,
    }


def events_json_chunks(index: Index, piece: EventText = made_now) -> Iterator[str]:
    ds = index.dataset
    return json_chunks({
        "$schema": "events.schema.json",
        "events": (Raw(piece("events.json", e, partial(_compact_event, e))) for e in ds.events),
        "actors": (actor_json(a) for a in ds.actors.values()),
        "locations": (location_json(loc) for loc in ds.locations.values()),
        "sources": [
            {"id": s.id, "url": f"sources/{s.id}/", "title": s.title, "publisher": s.publisher,
             "published": s.published.text, "address": s.url}
            for s in ds.seeds.values()
        ],
    })


def _compact_event(event: Event) -> str:
    return _compact(event_json(event))


def schema_json() -> str:
    return dump_json(SCHEMA)


# --- events.csv (ACLED's columns) -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Column:
    name: str
    acled: str  # what ACLED means by it
    ours: str  # what we put in it, and where that differs


CSV_COLUMNS = (
    Column("event_id_cnty", "A unique id: a country code and a number (SYR12345).",
           "Our event id (the file name), which is also the event page's address. No country prefix."),
    Column("event_date", "The day of the event (YYYY-MM-DD).",
           "The earliest possible day; the full date, with its uncertainty, is in date_edtf and date_latest."),
    Column("time_precision", "1: the day is known; 2: only the week; 3: only the month.",
           "1 when the date is one exact day; 2 when it spans up to 7 days; 3 up to 31 days. "
           "Empty when the span is longer or open: ACLED has no code for that."),
    Column("event_type", "One of ACLED's six event types.",
           "Our type mapped to ACLED's (Statement and Diplomacy count as Strategic developments); "
           "empty for the types ACLED does not code (Policy)."),
    Column("sub_event_type", "ACLED's sub-event type (e.g. Armed clash).",
           "Our own type's label (e.g. Statement): we do not code ACLED's sub-event types."),
    Column("actor1", "The main actor.", "The first actor listed for the event (its name)."),
    Column("assoc_actor_1", "Actors acting with actor1, separated by semicolons.",
           "The other actors listed with the same role as actor1."),
    Column("actor2", "The actor on the other side, if any.",
           "The first actor with a different role (defender, target, addressee...), else empty."),
    Column("country", "The country where the event happened.", "The country of the first listed place."),
    Column("admin1", "The largest sub-national unit (a governorate in Syria).",
           "The governorate or region that contains the first listed place, if the data says so."),
    Column("location", "The most specific place named.", "The name of the first listed place."),
    Column("latitude", "WGS 84 latitude of the location.",
           "Of the first listed place that has coordinates; empty if none has."),
    Column("longitude", "WGS 84 longitude of the location.", "As latitude."),
    Column("geo_precision", "1: the town itself; 2: near it or part of a region; 3: a larger region.",
           "1 for a city, town, village, site or border crossing; 3 for a wider area; empty without coordinates."),
    Column("source", "The sources, separated by semicolons.",
           "Each source's title (and publisher), separated by semicolons; the quoted passages are in events.json."),
    Column("notes", "A short description of the event.", "The event's summary as plain text."),
    Column("fatalities", "A conservative estimate of the deaths (0 when none are reported).",
           "The lowest death figure the sources give (a figure whose label says killed or dead); "
           "empty when none is given, since no figure does not mean no deaths."),
    Column("tags", "Structured notes, separated by semicolons.", "Our tags, separated by semicolons."),
    Column("date_edtf", "(not in ACLED)", "The date as written, in EDTF (2024-12-02~, 2024-11-29/2024-11-30)."),
    Column("date_latest", "(not in ACLED)", "The latest possible day."),
    Column("status", "(not in ACLED)", "reported, confirmed or disputed."),
    Column("url", "(not in ACLED)", "The event page, relative to the site's address."),
)


def safe_cell(value: str) -> str:
    """A text cell that no spreadsheet reads as a formula (OWASP: lead with an apostrophe)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def time_precision(d: EventDate) -> str:
    if d.earliest is None or d.latest is None:
        return ""
    span = d.latest.toordinal() - d.earliest.toordinal() + 1
    if span == 1 and not d.approximate and not d.uncertain:
        return "1"
    return "2" if span <= 7 else "3" if span <= 31 else ""


def fatalities(event: Event) -> str:
    counts = [
        f.low if f.value is None else f.value
        for f in event.figures
        if any(word in f.label.lower() for word in FATALITY_WORDS)
    ]
    known = [c for c in counts if c is not None]
    return _number(min(known)) if known else ""


def _number(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.10g}"


def _sides(index: Index, event: Event) -> tuple[str, str, str]:
    if not event.actors:
        return "", "", ""
    names = index.dataset.actors
    first = event.actors[0]
    with_first = [names[a.actor].name for a in event.actors[1:] if a.role == first.role]
    other = next((a for a in event.actors if a.role != first.role), None)
    return names[first.actor].name, "; ".join(with_first), names[other.actor].name if other else ""


def _geography(index: Index, event: Event) -> dict[str, str]:
    places = [index.dataset.locations[i] for i in event.locations]
    if not places:
        return {key: "" for key in ("country", "admin1", "location", "latitude", "longitude", "geo_precision")}
    first = places[0]
    chain = [first, *index.part_of_chain(first)]
    country = next((p for p in chain if p.kind == "country"), None)
    if country is None and first.country in index.dataset.locations:
        country = index.dataset.locations[first.country]
    admin1 = next((p for p in chain if p.kind in ("governorate", "region")), None)
    located = next((p for p in places if p.coordinates is not None), None)
    return {
        "country": country.name if country else "",
        "admin1": admin1.name if admin1 else "",
        "location": first.name,
        "latitude": _number(located.coordinates[0]) if located and located.coordinates else "",
        "longitude": _number(located.coordinates[1]) if located and located.coordinates else "",
        "geo_precision": ("1" if located.kind in SPECIFIC_KINDS else "3") if located else "",
    }


def source_label(index: Index, source: Source) -> str:
    if isinstance(source, SeedQuote):
        seed = index.dataset.seeds[source.seed]
        return f"{seed.title} ({seed.publisher})" if seed.publisher else seed.title
    return f"{source.title} ({source.publisher})" if source.publisher else source.title


def csv_row(index: Index, event: Event) -> list[str]:
    actor1, assoc, actor2 = _sides(index, event)
    sources = list(dict.fromkeys(source_label(index, s) for s in event.sources))
    row = {
        "event_id_cnty": event.id, "event_date": event.date.sort_day.isoformat(),
        "time_precision": time_precision(event.date), "event_type": EVENT_TYPES[event.type],
        "sub_event_type": EVENT_TYPE_LABELS[event.type], "actor1": actor1, "assoc_actor_1": assoc,
        "actor2": actor2, **_geography(index, event), "source": "; ".join(sources),
        "notes": plain_text(event.summary), "fatalities": fatalities(event), "tags": "; ".join(event.tags),
        "date_edtf": event.date.text, "date_latest": event.date.iso_bounds()[1] or "",
        "status": event.status, "url": f"events/{event.id}/",
    }
    numeric = ("latitude", "longitude", "fatalities")  # written by us as numbers, never text
    return [row[c.name] if c.name in numeric else safe_cell(row[c.name]) for c in CSV_COLUMNS]


def events_csv(index: Index, piece: EventText = made_now) -> str:
    lines = [_csv_line([c.name for c in CSV_COLUMNS])]
    lines += [piece("events.csv", event, partial(_csv_row_line, index, event)) for event in index.events]
    return "".join(lines)


def _csv_row_line(index: Index, event: Event) -> str:
    return _csv_line(csv_row(index, event))


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)  # RFC 4180
    return out.getvalue()


# --- events.geojson ---------------------------------------------------------------------------

def events_geojson_chunks(index: Index, piece: EventText = made_now) -> Iterator[str]:
    """One Feature per located event: a Point for one place, a MultiPoint for several."""
    features = (piece("events.geojson", event, partial(_feature_text, index, event)) for event in index.events)
    return json_chunks({"type": "FeatureCollection", "features": (Raw(text) for text in features if text)})


def _feature_text(index: Index, event: Event) -> str:
    """The event's Feature as JSON text, or '' for an event with no place on the map."""
    feature = _feature(index, event)
    return _compact(feature) if feature is not None else ""


def _feature(index: Index, event: Event) -> dict[str, Any] | None:
    places = [index.dataset.locations[i] for i in event.locations]
    points = [[p.coordinates[1], p.coordinates[0]] for p in places if p.coordinates]  # [lon, lat]
    if not points:
        return None
    geometry = ({"type": "Point", "coordinates": points[0]} if len(points) == 1
                else {"type": "MultiPoint", "coordinates": points})
    return {
        "type": "Feature", "id": event.id, "geometry": geometry,
        "properties": {
            "title": event.title, "url": f"events/{event.id}/", "date": event.date.text,
            "date_display": event.date.human(), "earliest": event.date.iso_bounds()[0],
            "latest": event.date.iso_bounds()[1], "type": event.type, "status": event.status,
            "locations": [p.id for p in places if p.coordinates],
        },
    }


# --- timelinejs.json --------------------------------------------------------------------------

def _tl_date(day: Any, precision: str) -> dict[str, int]:
    parts = {"year": day.year}
    if precision in ("month", "day"):
        parts["month"] = day.month
    if precision == "day":
        parts["day"] = day.day
    return parts


def timelinejs_slide(event: Event, link: str) -> dict[str, Any]:
    d = event.date
    start_part = d.start or d.end
    slide: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": _tl_date(d.sort_day, start_part.precision),  # type: ignore[union-attr]
    }
    if d.end is not None and d.end is not d.start and d.latest is not None:
        slide["end_date"] = _tl_date(d.latest, d.end.precision)
    # TimelineJS reads text as HTML: everything from the data is escaped here.
    slide["display_date"] = d.human()
    slide["text"] = {
        "headline": escape(event.title),
        "text": f"<p>{escape(plain_text(event.summary))}</p>"
                f'<p><a href="{escape(link)}">Sources and notes</a></p>',
    }
    slide["group"] = EVENT_TYPE_LABELS[event.type]
    return slide


def timelinejs_chunks(index: Index, title: str, description: str, base: str,
                      piece: EventText = made_now) -> Iterator[str]:
    """`base`: the site's address ('' for links relative to the site root)."""
    return json_chunks({
        "title": {"text": {"headline": escape(title), "text": f"<p>{escape(description)}</p>"}},
        "events": (Raw(piece(f"timelinejs.json {base}", e, partial(_slide_text, e, base))) for e in index.events),
    })


def _slide_text(event: Event, base: str) -> str:
    return _compact(timelinejs_slide(event, f"{base}events/{event.id}/"))
