"""Stage 2, load: files to records, every problem collected.

Each kind of record is a table of fields (name -> converter). Cross-file checks (does that actor
exist? is that quote in the seed?) come after every file is read, in link.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from . import fields as f
from .fields import Context, Field, record_reader
from .model import (
    ACTOR_KINDS, EVENT_TYPES, ID_MAX, KINDS_NEEDING_COORDINATES, LOCATION_KINDS, QUALIFIERS,
    RELATION_TYPES, ROLES, STATUSES, Actor, ActorRole, Event, Figure, Location, Relation, Seed,
    SeedQuote, Source, WebLink, WebSource,
)
from .problems import Position, quoted
from .read import Mapping, Node, Scalar, describe, parse_yaml, split_front_matter

RECORD_LIMIT = 64 * 1024
SEED_LIMIT = 1024 * 1024
QUOTE_LIMIT = 1000
BODY_LIMIT = 20_000


# --- sources ----------------------------------------------------------------------------------

def _seed_quote(node: Node, ctx: Context, seed: str, quote: str) -> SeedQuote:
    ctx.quotes.append((seed, quote, _child(node, "quote")))
    return SeedQuote(seed=seed, quote=quote)


def _web_source(node: Node, ctx: Context, **values: Any) -> WebSource:
    return WebSource(**values)


SEED_SOURCE = {
    "seed": Field(f.reference("source"), required=True),
    "quote": Field(f.text(QUOTE_LIMIT, single_line=False), required=True),
}
WEB_SOURCE = {
    "url": Field(f.web_url, required=True),
    "title": Field(f.text(300), required=True),
    "publisher": Field(f.text(200)),
    "published": Field(f.edtf),
}
_seed_source = f.record(SEED_SOURCE, "a seed source", _seed_quote)
_web = f.record(WEB_SOURCE, "a web source", _web_source)


def source(node: Node, ctx: Context, name: str) -> Source | None:
    keys = {key.value for key, _ in node.items} if isinstance(node, Mapping) else set()
    if "seed" in keys or "quote" in keys:
        return _seed_source(node, ctx, name)
    if "url" in keys:
        return _web(node, ctx, name)
    ctx.problem(
        node,
        f"{quoted(name)}: expected a source, either {{seed: <seed id>, quote: <exact passage>}} "
        f"or {{url: https://..., title: ...}}; got {describe(node)}",
    )
    return None


f.with_schema(source, lambda: {
    "anyOf": [f.schema_of(_seed_source), f.schema_of(_web)],
    "description": "A source: {seed: <seed id>, quote: <exact passage>} or {url: https://..., title: ...}.",
})


def former_id(kind: str) -> f.Converter:
    """An id this record had before (its old URL redirects to the record's page)."""

    def convert(node: Node, ctx: Context, name: str) -> str | None:
        value = f.identifier(node, ctx, name)
        if value in RESERVED_IDS:
            ctx.problem(node, f"{quoted(name)}: {quoted(value)} is the address of {RESERVED_IDS[value]}, never a record's; remove it")
            return None
        if value is not None:
            ctx.former.append((kind, value, node.where))
        return value

    return f.with_schema(convert, lambda: {
        **f.ID_SCHEMA, "not": {"enum": list(RESERVED_IDS)},
        "description": f"An id this {kind} had before: its old address leads to this page.",
    })


# --- events -----------------------------------------------------------------------------------

ACTOR_ROLE = {
    "id": Field(f.reference("actor"), required=True),
    "role": Field(f.choice(ROLES)),
}
_actor_role_record = f.record(ACTOR_ROLE, "an actor entry", lambda node, ctx, **v: ActorRole(v["id"], v["role"]))


_actor_id = f.reference("actor")  # made once: a converter is a closure with a schema


def actor_role(node: Node, ctx: Context, name: str) -> ActorRole | None:
    if isinstance(node, Scalar):
        actor = _actor_id(node, ctx, name)
        return None if actor is None else ActorRole(actor, None)
    return _actor_role_record(node, ctx, name)


f.with_schema(actor_role, lambda: {
    "anyOf": [f.schema_of(f.reference("actor")), f.schema_of(_actor_role_record)],
    "description": "An actor's id, or {id: <actor id>, role: <role>}.",
})


def _figure(node: Node, ctx: Context, **v: Any) -> Figure | None:
    has_value, has_range = v["value"] is not None, (v["low"], v["high"]) != (None, None)
    if has_value == has_range or (has_range and None in (v["low"], v["high"])):
        ctx.problem(node, "a figure needs either 'value', or both 'low' and 'high'")
        return None
    if has_range and v["low"] > v["high"]:
        ctx.problem(_child(node, "low"), f"'low' ({v['low']}) is above 'high' ({v['high']})")
        return None
    return Figure(
        label=v["label"], value=v["value"], low=v["low"], high=v["high"],
        qualifier=v["qualifier"], unit=v["unit"], claimed_by=v["claimed_by"],
        source=v["source"] or 0, note=v["note"],
    )


def positive_int(node: Node, ctx: Context, name: str) -> int | None:
    if isinstance(node, Scalar) and re.fullmatch(r"[1-9][0-9]{0,2}", node.value):
        return int(node.value)
    ctx.problem(node, f"{quoted(name)}: expected the number of a source, counted from 1, got {describe(node)}")
    return None


f.with_schema(positive_int, {
    "type": "integer", "minimum": 1, "maximum": 999,
    "description": "Which of the event's sources the number comes from, counted from 1.",
})


FIGURE = {
    "label": Field(f.text(200), required=True),
    "value": Field(f.number),
    "low": Field(f.number),
    "high": Field(f.number),
    "qualifier": Field(f.choice(tuple(QUALIFIERS)), default="exact"),
    "unit": Field(f.text(40)),
    "claimed_by": Field(f.reference("actor")),
    "source": Field(positive_int),
    "note": Field(f.markdown(2000)),
}

EVENT = {
    "title": Field(f.text(200), required=True),
    "date": Field(f.edtf, required=True),
    "type": Field(f.choice(tuple(EVENT_TYPES)), required=True),
    "summary": Field(f.markdown(2000), required=True),
    "actors": Field(f.unique(f.list_of(actor_role, minimum=1)), required=True),
    "locations": Field(f.unique(f.list_of(f.reference("location"))), default=()),
    "figures": Field(f.list_of(f.record(FIGURE, "a figure", _figure)), default=()),
    "sources": Field(f.list_of(source, minimum=1), required=True),
    "annotations": Field(f.list_of(f.markdown(2000)), default=()),
    "related": Field(f.unique(f.list_of(f.reference("event"))), default=()),
    "status": Field(f.choice(STATUSES), default="reported"),
    "tags": Field(f.unique(f.list_of(f.tag)), default=()),
    "former_ids": Field(f.unique(f.list_of(former_id("event"))), default=()),
}


_read_event_fields = record_reader(EVENT, "an event")


def event(node: Node, ctx: Context, record_id: str, path: str) -> Event | None:
    values = _read_event_fields(node, ctx)
    if values is None:
        return None
    figures = _number_figure_sources(node, ctx, values["figures"], len(values["sources"]))
    if figures is None:
        return None
    duplicate_actors = _first_repeat(a.actor for a in values["actors"])
    if duplicate_actors:
        ctx.problem(_child(node, "actors"), f"'actors': {quoted(duplicate_actors)} is listed twice")
        return None
    if record_id in values["related"]:
        ctx.problem(_child(node, "related"), "'related': an event cannot be related to itself")
        return None
    if values["status"] == "disputed" and not values["annotations"]:
        # The site tells readers that a disputed event's notes say who claims what.
        ctx.problem(_child(node, "status"), "'status': a disputed event needs 'annotations': "
                    "a note saying who claims what, and where each side said it")
    return Event(id=record_id, path=path, **{**values, "figures": figures})


def _number_figure_sources(
    node: Node, ctx: Context, figures: tuple[Figure, ...], source_count: int
) -> tuple[Figure, ...] | None:
    """Every figure names the source it comes from; with one source, that is the default."""
    numbered = []
    for position, figure in enumerate(figures):
        if figure.source == 0 and source_count > 1:
            ctx.problems.add(
                _child(_child_node(node, "figures"), position),
                f"this figure needs 'source: <n>': the event has {source_count} sources; "
                "say which one (counted from 1) the number comes from",
            )
            return None
        if figure.source > source_count:
            ctx.problems.add(
                _child(_child_node(node, "figures"), position),
                f"'source': {figure.source} but the event has only {source_count} source(s)",
            )
            return None
        numbered.append(figure if figure.source else replace(figure, source=1))
    return tuple(numbered)


# --- actors, locations, seeds -----------------------------------------------------------------

LINK = {"title": Field(f.text(300), required=True), "url": Field(f.web_url, required=True)}
_link = f.record(LINK, "a link", lambda node, ctx, **v: WebLink(**v))

RELATION = {
    "type": Field(f.choice(tuple(RELATION_TYPES)), required=True),
    "actor": Field(f.reference("actor"), required=True),
    "source": Field(source),
    "note": Field(f.markdown(2000)),
}
_relation = f.record(RELATION, "a relation", lambda node, ctx, **v: Relation(**v))

ACTOR = {
    "name": Field(f.text(200), required=True),
    "kind": Field(f.choice(ACTOR_KINDS), required=True),
    "aliases": Field(f.unique(f.list_of(f.text(200))), default=()),
    "country": Field(f.reference("location")),
    "relations": Field(f.list_of(_relation), default=()),
    "links": Field(f.list_of(_link), default=()),
    "former_ids": Field(f.unique(f.list_of(former_id("actor"))), default=()),
}

LOCATION = {
    "name": Field(f.text(200), required=True),
    "kind": Field(f.choice(LOCATION_KINDS), required=True),
    "aliases": Field(f.unique(f.list_of(f.text(200))), default=()),
    "coordinates": Field(f.coordinates),
    "part_of": Field(f.reference("location")),
    "country": Field(f.reference("location")),
    "links": Field(f.list_of(_link), default=()),
    "former_ids": Field(f.unique(f.list_of(former_id("location"))), default=()),
}

SEED = {
    "title": Field(f.text(300), required=True),
    "published": Field(f.edtf, required=True),
    "publisher": Field(f.text(200)),
    "url": Field(f.web_url),
    "note": Field(f.markdown(2000)),
}


_read_actor_fields = record_reader(ACTOR, "an actor")
_read_location_fields = record_reader(LOCATION, "a location")
_read_seed_fields = record_reader(SEED, "a seed")


def actor(node: Node, body_node: Scalar, ctx: Context, record_id: str, path: str) -> Actor | None:
    values = _read_actor_fields(node, ctx)
    body = _body(body_node, ctx)
    if values is None or body is None:
        return None
    if record_id in {relation.actor for relation in values["relations"]}:
        ctx.problem(_child(node, "relations"), "'relations': an actor cannot relate to itself")
        return None
    return Actor(id=record_id, path=path, body=body, **values)


def location(node: Node, body_node: Scalar, ctx: Context, record_id: str, path: str) -> Location | None:
    values = _read_location_fields(node, ctx)
    body = _body(body_node, ctx)
    if values is None or body is None:
        return None
    if values["kind"] in KINDS_NEEDING_COORDINATES and values["coordinates"] is None:
        ctx.problem(
            node,
            f"a location of kind {quoted(values['kind'])} needs 'coordinates: [latitude, longitude]'",
        )
        return None
    if values["part_of"] == record_id:
        ctx.problem(_child(node, "part_of"), "'part_of': a location cannot be part of itself")
        return None
    return Location(id=record_id, path=path, body=body, **values)


def seed(node: Node, body_node: Scalar, ctx: Context, record_id: str, path: str) -> Seed | None:
    values = _read_seed_fields(node, ctx)
    body = body_node.value  # verbatim: the text quotes are checked against, never Markdown
    if values is None:
        return None
    if not body.strip():
        ctx.problem(node, "a seed needs its text, verbatim, after the front matter")
        return None
    return Seed(id=record_id, path=path, text=body, **values)


# --- helpers ----------------------------------------------------------------------------------

def _child_node(node: Node, key: str | int) -> Node:
    if isinstance(key, int):
        items = getattr(node, "items", ())
        return items[key] if 0 <= key < len(items) and not isinstance(node, Mapping) else node
    if isinstance(node, Mapping):
        for name, value in node.items:
            if name.value == key:
                return value
    return node


def _child(node: Node, key: str | int) -> Position:
    return _child_node(node, key).where


def _first_repeat(values: Any) -> str | None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def front_matter_record(
    text: str, path: str, ctx: Context
) -> tuple[Node, Scalar] | None:
    """(front matter node, body) of a Markdown file with YAML front matter; the body is a
    scalar so that problems in it are located like any other value's."""
    split = split_front_matter(text)
    if split is None:
        ctx.problems.add(
            Position(path),
            "expected YAML front matter: the file must start with a line '---', the fields, "
            "and a closing line '---'",
        )
        return None
    front, body, body_line = split
    node = parse_yaml(front, path, ctx.problems, line_offset=1)
    if node is None:
        return None
    return node, Scalar(body, Position(path, body_line, 1), False)


_body_markdown = f.markdown(BODY_LIMIT)


def _body(body: Scalar, ctx: Context) -> str | None:
    """A page's optional Markdown prose, checked like every other Markdown field."""
    if not body.value.strip():
        return ""
    return _body_markdown(body, ctx, "body")


RESERVED_IDS = {  # addresses of generated pages inside the record folders
    "index": "the index page of the folder",
    "relations": "the page actors/relations/",
}


def id_problem(stem: str, what: str = "file") -> str | None:
    """Why a file name (or, with what="folder", a folder name) is not a valid id, or None."""
    # Speed (one call per data file): a valid id has no dot and no capital, so it names a
    # Windows device only by being one.
    if stem not in RESERVED_IDS and stem not in f.WINDOWS_DEVICES and f.ID_RE.match(stem) and len(stem) <= ID_MAX:
        return None
    if stem in RESERVED_IDS and what == "file":
        return (
            f"{quoted(stem)} is reserved ({RESERVED_IDS[stem]} uses that address); "
            "give the file another name"
        )
    device = f.windows_device(stem)
    if device:
        return f"{what} name {quoted(stem)} {device}; give the {what} another name"
    if f.ID_RE.match(stem) and len(stem) <= ID_MAX:
        return None
    suggestion = slug(stem)
    hint = f"; rename it to {quoted(suggestion)}" if suggestion and suggestion != stem else ""
    return (
        f"{what} name {quoted(stem)} is not a valid id: use lower-case ASCII letters and digits "
        f"joined by single hyphens, at most {ID_MAX} characters{hint}"
    )


def slug(text: str) -> str:
    """The closest valid id to a name: 'Bad_Name' -> 'bad-name'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:ID_MAX].strip("-")
