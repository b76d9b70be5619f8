"""Stage 5, outputs: every file the site publishes besides its pages, by path.

Each format has its own module (exports, feeds); this one only names the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from . import exports, feeds, filterindex
from .index import Index

if TYPE_CHECKING:
    from .periods import Period


# A data file's content as its maker gives it: text, bytes, or text in pieces (written one
# piece at a time, so that a large export is never whole in memory).
Made = str | bytes | Iterator[str]


def made_bytes(made: Made) -> Iterator[bytes]:
    """A data file's content as UTF-8 bytes, piece by piece."""
    if isinstance(made, bytes):
        yield made
    elif isinstance(made, str):
        yield made.encode("utf-8")
    else:
        for piece in made:
            yield piece.encode("utf-8")


@dataclass(frozen=True, slots=True)
class Publication:
    """What the site says about itself (from its configuration)."""

    name: str
    description: str
    address: str  # the site's URL ending in '/', or '' when it has none


def data_makers(index: Index, publication: Publication, periods: dict[str, Period] | None = None,
                piece: exports.EventText = exports.made_now) -> dict[str, Callable[[], Made]]:
    """Path in the site -> what makes its text, when called: the builder writes the files one
    at a time, so a build never holds them all (memory). Paths never depend on record ids
    except under their folders. `periods`: event id -> the timeline page listing it, when the
    timeline is split; `piece`: what makes each event's text in them (exports.EventText)."""
    makers: dict[str, Callable[[], Made]] = {
        "data/events.json": partial(exports.events_json_chunks, index, piece),
        "data/events.schema.json": exports.schema_json,
        "data/events.csv": partial(exports.events_csv, index, piece),
        "data/events.geojson": partial(exports.events_geojson_chunks, index, piece),
        "data/timelinejs.json": partial(
            exports.timelinejs_chunks, index, publication.name, publication.description, publication.address, piece
        ),
        filterindex.PATH: partial(
            filterindex.filter_index_bytes, index, {i: p.url for i, p in (periods or {}).items()}, piece
        ),
    }
    makers.update(feeds.feed_makers(index, publication.name, publication.address, piece))
    return makers


DOWNLOADS = (
    # path, format, what it holds
    ("data/events.json", "JSON", "Every record: events (with their sources, quoted passages, figures and notes), "
     "actors, places and source documents."),
    ("data/events.schema.json", "JSON Schema", "The structure of events.json (draft 2020-12)."),
    ("data/events.csv", "CSV", "One row per event, with ACLED's column names where they apply (see below)."),
    ("data/events.geojson", "GeoJSON", "One feature per located event (RFC 7946: longitude, latitude)."),
    ("data/timelinejs.json", "TimelineJS", "The events in Knight Lab TimelineJS3's JSON format, to embed the timeline elsewhere."),
    ("feed.xml", "Atom", f"The latest {feeds.FEED_ENTRIES} events, newest first (the files above hold every event); "
     "each actor and place page has its own feed too."),
)


def data_index_view(index: Index, _id: str = "", _md: object = None) -> dict[str, object]:
    located = sum(1 for e in index.events if any(index.dataset.locations[i].coordinates for i in e.locations))
    return {
        "downloads": DOWNLOADS,
        "columns": exports.CSV_COLUMNS,
        "event_count": len(index.events),
        "located_count": located,
    }
