"""Stage 5, pages: which pages the data makes, at which URLs, and the data each template gets.

URLs are permanent (other sites link to them): `/events/<id>/`, `/actors/<id>/`,
`/locations/<id>/`, `/sources/<id>/`, `/types/<type>/`, `/tags/<tag>/` and their indexes. Python
only prepares data here; the HTML is in the Jinja templates (see render.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from . import sides
from .index import Index
from ..reading.markup import Renderer
from ..reading.model import (
    ACTOR_KINDS, EVENT_TYPE_LABELS, EVENT_TYPES, LOCATION_KINDS, QUALIFIERS, Figure,

)
from .passages import Quoting, locate, paragraphs
from .wayfinding import event_trail

MARKERS_PER_PASSAGE = 10  # citation markers after a passage on a source's page; then "+N"


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One generated page: where it lives and what it shows."""

    src_uri: str  # as MkDocs names files: events/<id>.md
    kind: str  # event, actor, location, source, actors-index, locations-index, sources-index
    id: str
    title: str  # plain text; escape before it reaches a theme
    description: str
    edit_path: str | None  # the data file, relative to the repository root
    searchable: bool = True  # False: lists of events whose own pages are in the search index


INDEX_PAGES = {
    "actors/index.md": ("actors-index", "Actors", "Every actor in the timeline, by kind."),
    "locations/index.md": ("locations-index", "Locations", "Every place in the timeline, by country and kind."),
    "sources/index.md": ("sources-index", "Sources", "Every source the timeline cites."),
    "types/index.md": ("types-index", "Event types", "Every kind of event in the timeline, with its events."),
    "tags/index.md": ("tags-index", "Tags", "Every tag in the timeline, with its events."),
    "map/index.md": ("map-index", "Map", "Every located event on a map, with a list of places."),
    "data/index.md": ("data-index", "Data", "The timeline's data to take away: JSON, CSV, GeoJSON, TimelineJS, Atom."),
}
RELATIONS_PAGE = PagePlan(
    "actors/relations.md", "relations", "", "Who supports whom",
    "Who supports, opposes, leads, designates or belongs to whom, each relation with its source.", None,
    searchable=False,
)
# The index pages and the relations page list records that have their own search entries:
# each is found by its title and description (search.listing_entry), and Material's search does
# not parse its HTML (every record again: the map page alone is a tenth of a preview rebuild).
LISTING_PLANS = (
    *(PagePlan(uri, kind, "", title, text, None, searchable=False) for uri, (kind, title, text) in INDEX_PAGES.items()),
    RELATIONS_PAGE,
)


def plan_pages(index: Index, folders: dict[str, str], sentence: Callable[[str], str]) -> list[PagePlan]:
    """Every generated page; `folders` says where actors, locations and seeds live in the
    repository (for edit links), `sentence` gives a summary's first sentence."""
    ds = index.dataset
    plans = list(LISTING_PLANS)
    for event in ds.events:
        plans.append(PagePlan(
            f"events/{event.id}.md", "event", event.id, event.title,
            f"{event.date.human()}: {sentence(event.summary)}", event.path,
        ))
    for actor in ds.actors.values():
        plans.append(PagePlan(
            f"actors/{actor.id}.md", "actor", actor.id, actor.name,
            f"{actor.name}: {len(index.actor_events.get(actor.id, []))} events in the timeline.",
            folders["actors"].rstrip("/") + f"/{actor.id}.md",
        ))
    for location in ds.locations.values():
        plans.append(PagePlan(
            f"locations/{location.id}.md", "location", location.id, location.name,
            f"{location.name}: {len(index.location_events.get(location.id, []))} events in the timeline.",
            folders["locations"].rstrip("/") + f"/{location.id}.md",
        ))
    for type_id, events in sorted(index.by_type.items()):
        label = EVENT_TYPE_LABELS[type_id]
        plans.append(PagePlan(
            f"types/{type_id}.md", "type", type_id, label,
            f"{label}: {len(events)} events in the timeline.", None, searchable=False,
        ))
    for tag, events in sorted(index.by_tag.items()):
        plans.append(PagePlan(
            f"tags/{tag}.md", "tag", tag, f"Tag: {tag}", f"Events tagged {tag}: {len(events)}.", None,
            searchable=False,
        ))
    for seed in ds.seeds.values():
        plans.append(PagePlan(
            f"sources/{seed.id}.md", "source", seed.id, seed.title,
            f"Source document: {seed.title}, with every passage the timeline quotes.",
            folders["seeds"].rstrip("/") + f"/{seed.id}.md",
        ))
    return plans


# --- view data --------------------------------------------------------------------------------

def figure_text(figure: Figure) -> str:
    """'at least 50', 'more than 500', '10–20 km'."""
    if figure.value is not None:
        amount = format_number(figure.value)
    else:
        amount = f"{format_number(figure.low)}–{format_number(figure.high)}"  # type: ignore[arg-type]
    words = [QUALIFIERS[figure.qualifier], amount, figure.unit or ""]
    return " ".join(word for word in words if word)


def format_number(number: float | int) -> str:
    return f"{number:,}" if isinstance(number, int) else f"{number:,.10g}"


def event_view(index: Index, event_id: str, md: Renderer) -> dict[str, Any]:
    event = index.events[index.position[event_id]]
    earlier, later = index.neighbours(event)
    passages = index.passages.get(event_id, {})
    return {
        "event": event,
        "type_label": EVENT_TYPE_LABELS[event.type],
        "acled_type": EVENT_TYPES[event.type],
        "summary": md.block(event.summary),
        "figures": [
            {"figure": f, "text": figure_text(f), "note": md.inline(f.note) if f.note else None}
            for f in event.figures
        ],
        "sources": [
            {"source": s, "number": n, "passage": passages.get(n)}
            for n, s in enumerate(event.sources, start=1)
        ],
        "annotations": [md.block(text) for text in event.annotations],
        # By date, as on the timeline (the data lists them in whatever order they were added).
        "related": sorted(
            (index.events[index.position[i]] for i in index.related.get(event_id, [])),
            key=lambda related: related.sort_key,
        ),
        "trail": event_trail(event),
        "earlier": earlier,
        "later": later,
    }


def actor_view(index: Index, actor_id: str, md: Renderer) -> dict[str, Any]:
    ds = index.dataset
    actor = ds.actors[actor_id]
    relations: dict[str, list[Any]] = defaultdict(list)
    for view in index.relations.get(actor_id, []):
        relations[view.label].append(view)
    return {
        "actor": actor,
        "body": md.block(actor.body) if actor.body.strip() else None,
        "relations": sorted(relations.items()),
        "events": index.actor_events.get(actor_id, []),
        "own_events": sum(1 for row in index.actor_events.get(actor_id, []) if not row.via),
        "co_actors": _ranked(index.co_actors.get(actor_id)),
        "places": _ranked(index.actor_places.get(actor_id)),
    }


def location_view(index: Index, location_id: str, md: Renderer) -> dict[str, Any]:
    location = index.dataset.locations[location_id]
    return {
        "location": location,
        "body": md.block(location.body) if location.body.strip() else None,
        "chain": index.part_of_chain(location),
        "children": sorted(index.children.get(location_id, [])),
        "events": index.location_events.get(location_id, []),
        "own_events": sum(1 for row in index.location_events.get(location_id, []) if not row.via),
        "nearby": index.near.get(location_id, []),
    }


def source_view(index: Index, seed_id: str, md: Renderer) -> dict[str, Any]:
    seed = index.dataset.seeds[seed_id]
    citations = index.citations.get(seed_id, [])
    citing = index.citing.get(seed_id, [])
    number_of = {event.id: n for n, event in enumerate(citing, start=1)}
    per_passage: dict[str, list[int]] = defaultdict(list)
    for citation in citations:
        numbers = per_passage[citation.passage]
        if not numbers or numbers[-1] != number_of[citation.event.id]:
            numbers.append(number_of[citation.event.id])
    # A passage quoted by many events would carry a marker for each: the text shows the first
    # few, and "+N" leads to the list of every citing event below it.
    more = {passage: len(numbers) - MARKERS_PER_PASSAGE for passage, numbers in per_passage.items()
            if len(numbers) > MARKERS_PER_PASSAGE}
    shown = {passage: numbers[:MARKERS_PER_PASSAGE] for passage, numbers in per_passage.items()}
    by_relation = index.relation_citations.get(seed_id, [])
    quoting: list[Quoting] = [*citations, *by_relation]
    passages = locate(seed.text, quoting)
    return {
        "relations": by_relation,
        "seed": seed,
        "note": md.block(seed.note) if seed.note else None,
        "paragraphs": paragraphs(seed.text, passages, shown),
        "more_citing": more,
        "citing": citing,
        "passage_count": len(passages),
    }


def actors_index_view(index: Index, _id: str = "", _md: Renderer | None = None) -> dict[str, Any]:
    groups = defaultdict(list)
    for actor in index.dataset.actors.values():
        groups[actor.kind].append((actor, len(index.by_actor.get(actor.id, []))))
    return {
        "protagonists": sides.protagonists(index),
        "groups": [(kind, sorted(groups[kind], key=lambda p: p[0].name.lower())) for kind in ACTOR_KINDS if kind in groups],
    }


def locations_index_view(index: Index, _id: str = "", _md: Renderer | None = None) -> dict[str, Any]:
    ds = index.dataset
    by_country: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for location in ds.locations.values():
        country = location.id if location.kind == "country" else (location.country or _country_of(index, location))
        by_country[country or ""][location.kind].append((location, len(index.by_location.get(location.id, []))))
    countries = sorted(by_country, key=lambda c: (c == "", ds.locations[c].name.lower() if c in ds.locations else c))
    return {
        "groups": [
            (ds.locations.get(c), [(kind, sorted(by_country[c][kind], key=lambda p: p[0].name.lower()))
                                   for kind in LOCATION_KINDS if kind in by_country[c]])
            for c in countries
        ]
    }


def _country_of(index: Index, location: Any) -> str | None:
    for parent in index.part_of_chain(location):
        if parent.kind == "country":
            return parent.id
        if parent.country:
            return parent.country
    return None


def sources_index_view(index: Index, _id: str = "", _md: Renderer | None = None) -> dict[str, Any]:
    seeds = [(seed, len(index.citing.get(seed.id, []))) for seed in index.dataset.seeds.values()]
    web = sorted(index.web_sources.values(), key=lambda pair: (pair[0].publisher or "", pair[0].title))
    return {"seeds": seeds, "web": web}


def type_view(index: Index, type_id: str, _md: Renderer | None = None) -> dict[str, Any]:
    return {
        "type": type_id,
        "label": EVENT_TYPE_LABELS[type_id],
        "acled_type": EVENT_TYPES[type_id],
        "events": index.by_type.get(type_id, []),
    }


def tag_view(index: Index, tag: str, _md: Renderer | None = None) -> dict[str, Any]:
    return {"tag": tag, "events": index.by_tag.get(tag, [])}


def types_index_view(index: Index, _id: str = "", _md: Renderer | None = None) -> dict[str, Any]:
    """Every type the data uses, in the data contract's order, with its ACLED name."""
    return {"types": [
        (type_id, EVENT_TYPE_LABELS[type_id], EVENT_TYPES[type_id], len(index.by_type[type_id]))
        for type_id in EVENT_TYPES if index.by_type.get(type_id)
    ]}


def tags_index_view(index: Index, _id: str = "", _md: Renderer | None = None) -> dict[str, Any]:
    """Every tag, most used first."""
    return {"tags": sorted(((tag, len(events)) for tag, events in index.by_tag.items()), key=lambda p: (-p[1], p[0]))}


def _ranked(counter: Any) -> list[tuple[str, int]]:
    if not counter:
        return []
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))

