"""Who belongs to whom and what lies inside what, so that a group's or a region's events
include those of its parts: Russia's include its armed forces', Hama Governorate's include
Hama's.

Actors roll up along `part-of` and `member-of` relations, places along `part_of`; both
transitively. The checks refuse a `part_of` loop, but relations between actors may form one
(A part of B, B member of A): every walk here keeps a set of what it has seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..reading.model import Actor, Location

ROLL_UP_RELATIONS = ("part-of", "member-of")


def actor_parents(actors: Mapping[str, Actor]) -> dict[str, list[str]]:
    """Each actor's direct groups, in the order its page states them."""
    parents: dict[str, list[str]] = {}
    for actor in actors.values():
        parents[actor.id] = [
            r.actor for r in actor.relations
            if r.type in ROLL_UP_RELATIONS and r.actor in actors and r.actor != actor.id
        ]
    return parents


def location_parents(locations: Mapping[str, Location]) -> dict[str, list[str]]:
    return {
        loc.id: [loc.part_of] if loc.part_of and loc.part_of in locations and loc.part_of != loc.id else []
        for loc in locations.values()
    }


def ancestors(start: str, parents: Mapping[str, list[str]]) -> tuple[str, ...]:
    """Every group above `start`, nearest first (breadth first), each once, never `start`."""
    seen = {start}
    found: list[str] = []
    frontier = [start]
    while frontier:
        following: list[str] = []
        for current in frontier:
            for parent in parents.get(current, []):
                if parent not in seen:
                    seen.add(parent)
                    found.append(parent)
                    following.append(parent)
        frontier = following
    return tuple(found)


def all_ancestors(parents: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {record: ancestors(record, parents) for record in parents}


def rolled_up(direct: Iterable[str], above: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The direct ids, then every group above any of them, each once, in a stable order."""
    result = list(dict.fromkeys(direct))
    seen = set(result)
    for record in list(result):
        for parent in above.get(record, ()):
            if parent not in seen:
                seen.add(parent)
                result.append(parent)
    return result
