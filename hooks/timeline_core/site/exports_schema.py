"""The JSON Schema of `data/events.json` (draft 2020-12), published beside it.

Written out rather than derived: it is a promise to the people who use the export, and a test
validates every build's export against it, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from typing import Any

from ..reading.model import ACTOR_KINDS, EVENT_TYPES, LOCATION_KINDS, QUALIFIERS, RELATION_TYPES, ROLES, STATUSES

ID = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
DAY = {"type": ["string", "null"], "pattern": r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}$"}
TEXT = {"type": "string"}
MAYBE_TEXT = {"type": ["string", "null"]}
NUMBER = {"type": ["number", "null"]}
IDS = {"type": "array", "items": ID}
TEXTS = {"type": "array", "items": TEXT}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    """Every property required, nothing else allowed: the export says all it knows."""
    schema: dict[str, Any] = {
        "type": "object", "properties": properties,
        "required": list(properties), "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


SOURCE = {"oneOf": [
    _object({"seed": ID, "quote": TEXT}, "A verbatim passage of a source document (see sources)."),
    _object({"url": {"type": "string", "pattern": "^https?://"}, "title": TEXT,
             "publisher": MAYBE_TEXT, "published": MAYBE_TEXT}, "A web page, with its EDTF date."),
]}
LINK = _object({"title": TEXT, "url": TEXT})
DATE = _object({
    "edtf": TEXT, "display": TEXT, "earliest": DAY, "latest": DAY,
    "precision": {"enum": ["day", "month", "year"]}, "approximate": {"type": "boolean"},
    "uncertain": {"type": "boolean"}, "interval": {"type": "boolean"},
}, "The date as written (EDTF), and the earliest and latest possible days (null: open end).")
FIGURE = _object({
    "label": TEXT, "value": NUMBER, "low": NUMBER, "high": NUMBER,
    "qualifier": {"enum": list(QUALIFIERS)}, "unit": MAYBE_TEXT, "claimed_by": {"type": ["string", "null"]},
    "source": {"type": "integer", "minimum": 1, "description": "1-based position in the event's sources"},
    "note": MAYBE_TEXT,
})
EVENT = _object({
    "id": ID, "url": TEXT, "title": TEXT, "date": DATE, "type": {"enum": list(EVENT_TYPES)},
    "status": {"enum": list(STATUSES)},
    "summary": {"type": "string", "description": "Markdown as written; links such as actor:<id> name records."},
    "summary_text": TEXT,
    "actors": {"type": "array", "items": _object({"id": ID, "role": {"enum": [*ROLES, None]}})},
    "locations": IDS, "figures": {"type": "array", "items": FIGURE},
    "sources": {"type": "array", "minItems": 1, "items": SOURCE},
    "annotations": TEXTS, "related": IDS, "tags": TEXTS, "former_ids": IDS, "file": TEXT,
})
ACTOR = _object({
    "id": ID, "url": TEXT, "name": TEXT, "kind": {"enum": list(ACTOR_KINDS)}, "aliases": TEXTS,
    "country": {"type": ["string", "null"]},
    "relations": {"type": "array", "items": _object({
        "type": {"enum": list(RELATION_TYPES)}, "actor": ID,
        "source": {"oneOf": [{"type": "null"}, SOURCE]}, "note": MAYBE_TEXT,
    })},
    "links": {"type": "array", "items": LINK}, "former_ids": IDS, "file": TEXT,
})
LOCATION = _object({
    "id": ID, "url": TEXT, "name": TEXT, "kind": {"enum": list(LOCATION_KINDS)}, "aliases": TEXTS,
    "coordinates": {"oneOf": [{"type": "null"}, _object({
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
    })]},
    "part_of": {"type": ["string", "null"]}, "country": {"type": ["string", "null"]},
    "links": {"type": "array", "items": LINK}, "former_ids": IDS, "file": TEXT,
})
SEED = _object({
    "id": ID, "url": TEXT, "title": TEXT, "publisher": MAYBE_TEXT, "published": TEXT, "address": MAYBE_TEXT,
})

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "events.schema.json",
    "title": "Timeline events, actors, places and sources",
    "description": "Every record of the timeline, as data/events.json publishes it. Addresses (url) are "
                   "relative to the site's root; ids link the records to each other.",
    **_object({
        "$schema": {"const": "events.schema.json"},
        "events": {"type": "array", "items": EVENT},
        "actors": {"type": "array", "items": ACTOR},
        "locations": {"type": "array", "items": LOCATION},
        "sources": {"type": "array", "items": SEED},
    }),
}
