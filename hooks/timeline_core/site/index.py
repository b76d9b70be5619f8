"""Stage 4, index: every who/where/when lookup, built once per build.

Pages read from here; no page scans all events.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .hierarchy import actor_parents, all_ancestors, location_parents
from ..reading.link import normalise_space
from ..reading.model import RELATION_TYPES, Actor, Dataset, Event, Location, SeedQuote, Source, WebSource

NEARBY_KM = 150.0
NEARBY_MAX = 8


def passage_id(quote: str) -> str:
    """A stable anchor for a quoted passage: the same words give the same id."""
    digest = hashlib.sha1(normalise_space(quote).encode("utf-8")).hexdigest()[:10]
    return f"passage-{digest}"


@dataclass(frozen=True, slots=True)
class RelationView:
    label: str
    other: str
    relation_source: Source | None
    note: str | None
    declared_on: str  # the actor whose page states it


@dataclass(frozen=True, slots=True)
class Citation:
    """An event quoting a passage of a seed."""

    event: Event
    quote: str
    passage: str


@dataclass(frozen=True, slots=True)
class RelationCitation:
    """A relation between actors whose source is a quoted passage."""

    actor: str  # whose page states the relation
    label: str
    other: str
    quote: str
    passage: str


@dataclass(frozen=True, slots=True)
class RolledUp:
    """An event on an actor's or a place's page: its own (`via` empty), or one of its parts'
    or members' (`via`: the event's own actors or places that belong to it)."""

    event: Event
    role: str | None
    via: tuple[str, ...]


@dataclass(slots=True)
class Index:
    dataset: Dataset
    position: dict[str, int] = field(default_factory=dict)
    by_actor: dict[str, list[tuple[Event, str | None]]] = field(default_factory=lambda: defaultdict(list))
    by_location: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    related: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    relations: dict[str, list[RelationView]] = field(default_factory=lambda: defaultdict(list))
    co_actors: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    actor_places: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    citations: dict[str, list[Citation]] = field(default_factory=lambda: defaultdict(list))
    citing: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))  # per seed, once each
    passages: dict[str, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))  # event -> n -> anchor
    near: dict[str, list[tuple[Location, float]]] = field(default_factory=dict)
    relation_citations: dict[str, list[RelationCitation]] = field(default_factory=lambda: defaultdict(list))
    web_sources: dict[str, tuple[WebSource, list[Event]]] = field(default_factory=dict)
    by_type: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    by_tag: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    # Hierarchy: the groups an actor is part of or a member of, the places containing a place
    # (transitively, nearest first), and every event of each with what it came through.
    actor_ancestors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    location_ancestors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    actor_events: dict[str, list[RolledUp]] = field(default_factory=lambda: defaultdict(list))
    location_events: dict[str, list[RolledUp]] = field(default_factory=lambda: defaultdict(list))

    @property
    def events(self) -> tuple[Event, ...]:
        return self.dataset.events

    def neighbours(self, event: Event) -> tuple[Event | None, Event | None]:
        """The previous and next event in timeline order."""
        i = self.position[event.id]
        earlier = self.events[i - 1] if i > 0 else None
        later = self.events[i + 1] if i + 1 < len(self.events) else None
        return earlier, later

    def part_of_chain(self, location: Location) -> list[Location]:
        chain: list[Location] = []
        current = location.part_of
        while current and current in self.dataset.locations and len(chain) < 50:
            chain.append(self.dataset.locations[current])
            current = self.dataset.locations[current].part_of
        return chain


def _nearby(located: list[Location], location: Location) -> list[tuple[Location, float]]:
    near = [
        (other, distance_km(location.coordinates, other.coordinates))
        for other in located
        if other.id != location.id
    ]
    near = [(other, km) for other, km in near if km <= NEARBY_KM]
    return sorted(near, key=lambda pair: (pair[1], pair[0].id))[:NEARBY_MAX]


def build_index(dataset: Dataset) -> Index:
    index = Index(dataset)
    for position, event in enumerate(dataset.events):
        index.position[event.id] = position
        _index_event(index, event)
    for actor in dataset.actors.values():
        _index_relations(index, actor)
    located = [loc for loc in dataset.locations.values() if loc.coordinates is not None]
    for location in dataset.locations.values():
        if location.part_of:
            index.children[location.part_of].append(location.id)
        index.near[location.id] = _nearby(located, location) if location.coordinates else []
    _index_hierarchy(index)
    return index


def _index_hierarchy(index: Index) -> None:
    ds = index.dataset
    index.actor_ancestors = all_ancestors(actor_parents(ds.actors))
    index.location_ancestors = all_ancestors(location_parents(ds.locations))
    for event in ds.events:
        roles = {entry.actor: entry.role for entry in event.actors}
        _roll_up(index.actor_events, index.actor_ancestors, event, roles)
        _roll_up(index.location_events, index.location_ancestors, event, dict.fromkeys(event.locations))


def _roll_up(
    into: dict[str, list[RolledUp]], above: dict[str, tuple[str, ...]],
    event: Event, roles: dict[str, str | None],
) -> None:
    """File `event` under each of its records (direct) and under every group above them
    (through the records that belong to it), once per group."""
    via: dict[str, list[str]] = {}
    for record in roles:
        for group in above.get(record, ()):
            if group not in roles and record not in via.setdefault(group, []):
                via[group].append(record)
    for record, role in roles.items():
        into[record].append(RolledUp(event, role, ()))
    for group, members in via.items():
        into[group].append(RolledUp(event, roles[members[0]], tuple(members)))


def _index_event(index: Index, event: Event) -> None:
    actor_ids = [entry.actor for entry in event.actors]
    for entry in event.actors:
        index.by_actor[entry.actor].append((event, entry.role))
        index.co_actors[entry.actor].update(a for a in actor_ids if a != entry.actor)
        index.actor_places[entry.actor].update(event.locations)
    for location in event.locations:
        index.by_location[location].append(event)
    index.by_type[event.type].append(event)
    for tag in dict.fromkeys(event.tags):
        index.by_tag[tag].append(event)
    for other in event.related:
        for one, two in ((event.id, other), (other, event.id)):
            if two not in index.related[one]:
                index.related[one].append(two)
    for number, source in enumerate(event.sources, start=1):
        if isinstance(source, SeedQuote):
            passage = passage_id(source.quote)
            index.passages[event.id][number] = passage
            index.citations[source.seed].append(Citation(event, source.quote, passage))
            citing = index.citing[source.seed]
        else:
            citing = index.web_sources.setdefault(source.url, (source, []))[1]
        if not citing or citing[-1] is not event:  # events come one at a time: no scan needed
            citing.append(event)


def _index_relations(index: Index, actor: Actor) -> None:
    for relation in actor.relations:
        forward, backward = RELATION_TYPES[relation.type]
        index.relations[actor.id].append(
            RelationView(forward, relation.actor, relation.source, relation.note, actor.id)
        )
        index.relations[relation.actor].append(
            RelationView(backward, actor.id, relation.source, relation.note, actor.id)
        )
        if isinstance(relation.source, SeedQuote):
            index.relation_citations[relation.source.seed].append(RelationCitation(
                actor.id, forward, relation.actor, relation.source.quote, passage_id(relation.source.quote)
            ))


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    """Great-circle distance (haversine) in kilometres."""
    if a is None or b is None:
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))
