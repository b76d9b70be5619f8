"""`make schemas`: JSON Schemas (draft 2020-12) of the data files, for editors.

Made from the loader's own field tables (load.EVENT, ACTOR, LOCATION, SEED and the tables
nested in them): each converter describes the values it accepts (fields.with_schema), and this
module adds what a person reading a tooltip needs: a title and a sentence per field. The
schemas help while typing (completion, allowed values, obvious mistakes); `make check` stays
the judge: cross-file references, verbatim quotes and YAML-level refusals are beyond a schema.

    python -m timeline_core.tools.schema [--check] [--out schemas]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..reading import load
from ..reading.fields import Field, Fragment, object_schema
from ..reading.model import KINDS_NEEDING_COORDINATES

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Per table (named as the loader names it in messages): field -> (title, what to write).
DOCS: dict[str, dict[str, tuple[str, str]]] = {
    "an event": {
        "title": ("Title", "What happened, in one line, e.g. 'Rebels capture Hama'."),
        "date": ("Date", "When it happened, as precisely as the sources allow."),
        "type": ("Type", "The kind of event (ACLED's categories, plus statement, diplomacy, policy)."),
        "summary": ("Summary", "What happened, in a few sentences; the first one shows on the timeline."),
        "actors": ("Actors", "Who took part, with their role if known."),
        "locations": ("Locations", "Where it happened."),
        "figures": ("Figures", "Numbers the sources give (killed, displaced, distance), each with who claims it."),
        "sources": ("Sources", "Where this comes from: the seed with its exact passage, or a page you have read."),
        "annotations": ("Annotations", "Notes for the reader: how the date was established, where sources disagree."),
        "related": ("Related events", "Ids of events this one is linked to."),
        "status": ("Status", "How sure the record is: a source reports it (the default), it is confirmed independently, or sources disagree."),
        "tags": ("Tags", "Short labels to group events."),
        "former_ids": ("Former ids", "Ids this event had before; their old addresses redirect here."),
    },
    "a figure": {
        "label": ("Label", "What is counted, e.g. 'people killed'."),
        "value": ("Value", "The number, when the source gives one."),
        "low": ("Low", "The lower end, when the source gives a range (with 'high')."),
        "high": ("High", "The upper end of a range (with 'low')."),
        "qualifier": ("Qualifier", "How the source qualifies the number."),
        "unit": ("Unit", "The unit, e.g. 'km'."),
        "claimed_by": ("Claimed by", "The actor who gives the number."),
        "source": ("Source", "Which of the event's sources the number comes from, counted from 1."),
        "note": ("Note", "Anything the reader should know about the number."),
    },
    "a seed source": {
        "seed": ("Seed", "Which seed document the passage is from."),
        "quote": ("Quote", "The exact passage of the seed this relies on, copied verbatim."),
    },
    "a web source": {
        "url": ("Address", "The page's address."),
        "title": ("Title", "The page's real title."),
        "publisher": ("Publisher", "Who published it."),
        "published": ("Published", "When it was published."),
    },
    "an actor entry": {
        "id": ("Actor", "Who took part."),
        "role": ("Role", "What the actor did in this event."),
    },
    "an actor": {
        "name": ("Name", "The actor's name as the page shows it."),
        "kind": ("Kind", "What sort of actor this is."),
        "aliases": ("Aliases", "Other names the actor goes by."),
        "country": ("Country", "The country the actor belongs to."),
        "relations": ("Relations", "How this actor relates to others (supports, opposes, member of...)."),
        "links": ("Links", "Further reading."),
        "former_ids": ("Former ids", "Ids this actor had before; their old addresses redirect here."),
    },
    "a relation": {
        "type": ("Type", "How this actor relates to the other."),
        "actor": ("Actor", "The other actor."),
        "source": ("Source", "Where the relation is stated."),
        "note": ("Note", "Anything the reader should know."),
    },
    "a link": {
        "title": ("Title", "The page's title."),
        "url": ("Address", "The page's address."),
    },
    "a location": {
        "name": ("Name", "The place's name as the page shows it."),
        "kind": ("Kind", "What sort of place this is."),
        "aliases": ("Aliases", "Other names and spellings."),
        "coordinates": ("Coordinates", "[latitude, longitude]; needed for cities, towns, villages, sites and crossings."),
        "part_of": ("Part of", "The location this one lies in."),
        "country": ("Country", "The country it belongs to."),
        "links": ("Links", "Further reading."),
        "former_ids": ("Former ids", "Ids this location had before; their old addresses redirect here."),
    },
    "a seed": {
        "title": ("Title", "The document's real title."),
        "published": ("Published", "When it was published."),
        "publisher": ("Publisher", "Who published it."),
        "url": ("Address", "Where it was published."),
        "note": ("Note", "Anything the reader should know about the document."),
    },
}

# file name -> (field table, what the loader calls it, what the file is)
SCHEMAS: dict[str, tuple[dict[str, Field], str, str]] = {
    "event.schema.json": (load.EVENT, "an event", "An event of the timeline: events/<id>.yml."),
    "actor.schema.json": (load.ACTOR, "an actor", "The front matter of an actor's page: docs/actors/<id>.md."),
    "location.schema.json": (load.LOCATION, "a location", "The front matter of a location's page: docs/locations/<id>.md."),
    "seed.schema.json": (load.SEED, "a seed", "The front matter of a seed document: seeds/<id>.md."),
}


def build_schema(spec: dict[str, Field], what: str, description: str) -> Fragment:
    schema = _documented(object_schema(spec, what))
    schema = {"$schema": DRAFT, "title": description.split(":")[0], **schema}
    schema["description"] = description
    schema["$comment"] = "Generated by `make schemas` from hooks/timeline_core/reading/load.py; do not edit."
    if spec is load.LOCATION:
        schema["if"] = {"properties": {"kind": {"enum": list(KINDS_NEEDING_COORDINATES)}}, "required": ["kind"]}
        schema["then"] = {"required": ["coordinates"], "properties": {"coordinates": {"type": "array"}}}
    if spec is load.EVENT:  # the loader's rule: a disputed event says in a note who claims what
        schema["if"] = {"properties": {"status": {"const": "disputed"}}, "required": ["status"]}
        schema["then"] = {"required": ["annotations"], "properties": {"annotations": {"minItems": 1}}}
    return schema


def _documented(node: Any) -> Any:
    """The fragment with each field of each known table titled and described."""
    if isinstance(node, list):
        return [_documented(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _documented(value) for key, value in node.items()}
    if node.get("type") == "object" and "properties" in node:
        what = node["description"].rstrip(".").lower()
        docs = DOCS.get(what)
        if docs is None or set(docs) != set(node["properties"]):
            raise KeyError(f"schema.DOCS must describe every field of {what!r}: {sorted(node['properties'])}")
        node["properties"] = {
            name: {"title": docs[name][0], **value, "description": _join(docs[name][1], value)}
            for name, value in node["properties"].items()
        }
        if what == "a figure":
            node["oneOf"] = FIGURE_AMOUNT
    return node


# A figure gives either one value, or a range with both ends (load._figure).
FIGURE_AMOUNT = [
    {"required": ["value"], "not": {"anyOf": [{"required": ["low"]}, {"required": ["high"]}]}},
    {"required": ["low", "high"], "not": {"required": ["value"]}},
]


def _join(what: str, value: Fragment) -> str:
    """The field's sentence, then what its converter says about the values."""
    detail = value.get("description") or value.get("anyOf", [{}])[0].get("description", "")
    items = value.get("items", {})
    item = items.get("description") if items.get("type") != "object" else None  # not "A figure."
    if not detail and item:
        detail = f"Each: {item[0].lower()}{item[1:]}"
    return f"{what} {detail}".strip()


def render_all() -> dict[str, str]:
    """file name -> its JSON text (stable: the same tables give the same bytes)."""
    return {
        name: json.dumps(build_schema(*entry), indent=2, ensure_ascii=False) + "\n"
        for name, entry in SCHEMAS.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="schema", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="schemas", help="folder to write (default: schemas)")
    parser.add_argument("--check", action="store_true", help="only say whether the files are up to date")
    args = parser.parse_args(argv)
    out = Path(args.out)
    stale = []
    for name, text in render_all().items():
        path = out / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.as_posix())
        if not args.check:
            out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("out of date (run `make schemas`): " + ", ".join(stale))
        return 1
    print(("wrote " + ", ".join(stale)) if stale else f"{out.as_posix()}/: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
