"""Stage 5, outputs: every file the site publishes besides its pages, by path.

Each format has its own module (exports, feeds); this one only names the files.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import exports, feeds, filter_index
from .index import Index


@dataclass(frozen=True, slots=True)
class Publication:
    """What the site says about itself (from its configuration)."""

    name: str
    description: str
    address: str  # the site's URL ending in '/', or '' when it has none


def data_files(index: Index, publication: Publication) -> dict[str, str]:
    """Path in the site -> text. Paths never depend on record ids except under their folders."""
    files = {
        "data/events.json": exports.events_json(index),
        "data/events.schema.json": exports.schema_json(),
        "data/events.csv": exports.events_csv(index),
        "data/events.geojson": exports.events_geojson(index),
        "data/timelinejs.json": exports.timelinejs_json(
            index, publication.name, publication.description, publication.address
        ),
    }
    files["data/filter-index.json"] = filter_index.filter_index_json(index)  # PLACEHOLDER, see filter_index.py
    files.update(feeds.atom_feeds(index, publication.name, publication.address))
    return files
