"""Stage 5, pages: which pages the data makes, at which URLs, and the data each template gets.

URLs are permanent (other sites link to them): `/events/<id>/`, `/actors/<id>/`,
`/locations/<id>/`, `/sources/<id>/` and the three indexes. Python only prepares data here; the
HTML is in the Jinja templates (see render.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .dates import format_day
from .index import Index, passage_id
from .markup import Renderer, first_sentence
from .model import (
    ACTOR_KINDS, EVENT_TYPE_LABELS, EVENT_TYPES, LOCATION_KINDS, QUALIFIERS, Event, Figure,
    SeedQuote,
)
from .passages import locate, paragraphs


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One generated page: where it lives and what it shows."""

    src_uri: str  # as MkDocs names files: events/<id>.md
    kind: str  # event, actor, location, source, actors-index, locations-index, sources-index
    id: str
    title: str  # plain text; escape before it reaches a theme
    description: str
    edit_path: str | None  # the data file, relative to the repository root


INDEX_PAGES = {
    "actors/index.md": ("actors-index", "Actors", "Every actor in the timeline, by kind."),
    "locations/index.md": ("locations-index", "Locations", "Every place in the timeline, by country and kind."),
    "sources/index.md": ("sources-index", "Sources", "Every source the timeline cites."),
}


def plan_pages(index: Index, layout_paths: dict[str, str]) -> list[PagePlan]:
    ds = index.dataset
    plans = [PagePlan(uri, kind, "", title, text, None) for uri, (kind, title, text) in INDEX_PAGES.items()]
    for event in ds.events:
        plans.append(PagePlan(
            f"events/{event.id}.md", "event", event.id, event.title,
            f"{event.date.human()}: {first_sentence(event.summary)}", event.path,
        ))
    for actor in ds.actors.values():
        plans.append(PagePlan(
            f"actors/{actor.id}.md", "actor", actor.id, actor.name,
            f"{actor.name}: {len(index.by_actor.get(actor.id, []))} events in the timeline.",
            layout_paths["actors"].rstrip("/") + f"/{actor.id}.md",
        ))
    for location in ds.locations.values():
        plans.append(PagePlan(
            f"locations/{location.id}.md", "location", location.id, location.name,
            f"{location.name}: {len(index.by_location.get(location.id, []))} events in the timeline.",
            layout_paths["locations"].rstrip("/") + f"/{location.id}.md",
        ))
    for seed in ds.seeds.values():
        plans.append(PagePlan(
            f"sources/{seed.id}.md", "source", seed.id, seed.title,
            f"Source document: {seed.title}, with every passage the timeline quotes.",
            layout_paths["seeds"].rstrip("/") + f"/{seed.id}.md",
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


def timeline_groups(events: tuple[Event, ...]) -> list[dict[str, Any]]:
    """Months, and within each the events that share a displayed date, in timeline order."""
    months: list[dict[str, Any]] = []
    for event in events:
        day = event.date.sort_day
        month_key = f"{day.year:04d}-{day.month:02d}"
        if not months or months[-1]["key"] != month_key:
            months.append({"key": month_key, "label": day.strftime("%B %Y"), "days": [], "count": 0})
        month = months[-1]
        label = event.date.human()
        if not month["days"] or month["days"][-1]["label"] != label:
            month["days"].append({"label": label, "date": event.date, "events": []})
        month["days"][-1]["events"].append(event)
        month["count"] += 1
    return months


def event_view(index: Index, event: Event, md: Renderer) -> dict[str, Any]:
    earlier, later = index.neighbours(event)
    related_ids = index.related.get(event.id, [])
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
            {"source": s, "number": n, "passage": passage_id(s.quote) if isinstance(s, SeedQuote) else None}
            for n, s in enumerate(event.sources, start=1)
        ],
        "annotations": [md.block(text) for text in event.annotations],
        "related": [index.dataset.events[index.position[i]] for i in related_ids if i in index.position],
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
        "events": index.by_actor.get(actor_id, []),
        "co_actors": _ranked(index.co_actors.get(actor_id)),
        "places": _ranked(index.actor_places.get(actor_id)),
        "relation_note": md.inline,
    }


def location_view(index: Index, location_id: str, md: Renderer) -> dict[str, Any]:
    location = index.dataset.locations[location_id]
    return {
        "location": location,
        "body": md.block(location.body) if location.body.strip() else None,
        "chain": index.part_of_chain(location),
        "children": sorted(index.children.get(location_id, [])),
        "events": index.by_location.get(location_id, []),
        "nearby": index.nearby(location),
    }


def source_view(index: Index, seed_id: str, md: Renderer) -> dict[str, Any]:
    seed = index.dataset.seeds[seed_id]
    citations = index.citations.get(seed_id, [])
    citing: list[Event] = []
    for citation in citations:
        if citation.event not in citing:
            citing.append(citation.event)
    number_of = {event.id: n for n, event in enumerate(citing, start=1)}
    per_passage: dict[str, list[int]] = defaultdict(list)
    for citation in citations:
        if number_of[citation.event.id] not in per_passage[citation.passage]:
            per_passage[citation.passage].append(number_of[citation.event.id])
    by_relation = index.relation_citations.get(seed_id, [])
    passage_actors: dict[str, list[str]] = defaultdict(list)
    for relation in by_relation:
        if relation.actor not in passage_actors[relation.passage]:
            passage_actors[relation.passage].append(relation.actor)
    passages = locate(seed.text, [*citations, *by_relation])
    return {
        "passage_actors": passage_actors,
        "relations": by_relation,
        "seed": seed,
        "note": md.block(seed.note) if seed.note else None,
        "paragraphs": paragraphs(seed.text, passages, per_passage),
        "citing": citing,
        "passage_count": len(passages),
        "citations": citations,
    }


def actors_index_view(index: Index) -> dict[str, Any]:
    groups = defaultdict(list)
    for actor in index.dataset.actors.values():
        groups[actor.kind].append((actor, len(index.by_actor.get(actor.id, []))))
    return {"groups": [(kind, sorted(groups[kind], key=lambda p: p[0].name.lower())) for kind in ACTOR_KINDS if kind in groups]}


def locations_index_view(index: Index) -> dict[str, Any]:
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


def sources_index_view(index: Index) -> dict[str, Any]:
    seeds = [(seed, len({c.event.id for c in index.citations.get(seed.id, [])})) for seed in index.dataset.seeds.values()]
    web = sorted(index.web_sources.values(), key=lambda pair: (pair[0].publisher or "", pair[0].title))
    return {"seeds": seeds, "web": web}


def _ranked(counter: Any) -> list[tuple[str, int]]:
    if not counter:
        return []
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))


__all__ = ["PagePlan", "plan_pages", "format_day"]
