"""PLACEHOLDER (branch explore-data): `data/filter-index.json` to the shared contract, so the
map's tests run before the explore-filters branch is merged; the lead keeps that branch's
real module instead of this one.
"""

from __future__ import annotations

from .exports import dump_json
from .index import Index
from .markup import plain_text
from .model import Event

GROUPING = ("part-of", "member-of")


def _groups(index: Index, actor: str) -> list[str]:
    """The groups an actor is part of or a member of, transitively."""
    found: list[str] = []
    todo = [actor]
    while todo:
        current = todo.pop(0)
        record = index.dataset.actors.get(current)
        for relation in record.relations if record else ():
            if relation.type in GROUPING and relation.actor not in found and relation.actor != actor:
                found.append(relation.actor)
                todo.append(relation.actor)
    return found


def _record(index: Index, event: Event) -> dict[str, object]:
    direct = [a.actor for a in event.actors]
    actors = list(dict.fromkeys([*direct, *(g for a in direct for g in _groups(index, a))]))
    places = list(event.locations)
    for location in event.locations:
        places += [p.id for p in index.part_of_chain(index.dataset.locations[location])]
    start, end = event.date.iso_bounds()
    names = [index.dataset.actors[a].name for a in direct] + [index.dataset.locations[p].name for p in event.locations]
    return {
        "id": event.id, "title": event.title, "url": f"events/{event.id}/", "type": event.type,
        "status": event.status, "tags": list(event.tags), "actors": actors, "actors_direct": direct,
        "locations": list(dict.fromkeys(places)), "locations_direct": list(event.locations),
        "start": start, "end": end,
        "text": " ".join([event.title, plain_text(event.summary), *names, *event.tags]).lower(),
    }


def filter_index_json(index: Index) -> str:
    return dump_json({"events": [_record(index, e) for e in index.events]})
