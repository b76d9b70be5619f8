"""Stage 5, pages: the sides. Who supports, opposes, leads, designates or belongs to whom, as a
table (each relation with its source) and as a graph laid out at build time.

The layout is deterministic: actors sit on a circle in the order of a breadth-first walk from
the most connected one (ties by id), so related actors sit near each other and the same data
always draws the same picture. Relation types differ by line pattern as well as colour.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .index import Index
from ..reading.model import RELATION_TYPES, Actor, Relation

WIDTH = 960.0  # wide: the labels sit outside the ring, left and right
HEIGHT = 600.0
RADIUS_X = 250.0
RADIUS_Y = 240.0
NODE_RADIUS = 9.0
PROTAGONISTS = 8  # how many actors the index names first
# Line patterns (SVG stroke-dasharray) so types are told apart without colour.
PATTERNS = {
    "supports": "", "opposes": "10 5", "member-of": "8 3 2 3", "part-of": "2 4",
    "leads": "14 4 2 4", "designates": "6 3 6 3 1 3",
}


@dataclass(frozen=True, slots=True)
class RelationRow:
    subject: Actor
    type: str
    label: str
    object: Actor
    relation: Relation


@dataclass(frozen=True, slots=True)
class Node:
    actor: Actor
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    events: int


@dataclass(frozen=True, slots=True)
class Edge:
    row: RelationRow
    x1: float
    y1: float
    x2: float
    y2: float
    pattern: str


def relation_rows(index: Index) -> list[RelationRow]:
    actors = index.dataset.actors
    rows = [
        RelationRow(actor, r.type, RELATION_TYPES[r.type][0], actors[r.actor], r)
        for actor in actors.values() for r in actor.relations if r.actor in actors
    ]
    order = list(RELATION_TYPES)
    return sorted(rows, key=lambda row: (order.index(row.type), row.subject.name.lower(), row.object.name.lower()))


def _circle_order(rows: list[RelationRow]) -> list[Actor]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    by_id: dict[str, Actor] = {}
    for row in rows:
        neighbours[row.subject.id].add(row.object.id)
        neighbours[row.object.id].add(row.subject.id)
        by_id[row.subject.id], by_id[row.object.id] = row.subject, row.object
    order: list[str] = []
    remaining = sorted(by_id, key=lambda a: (-len(neighbours[a]), a))
    for start in remaining:
        if start in order:
            continue
        queue = [start]
        while queue:
            current = queue.pop(0)
            if current in order:
                continue
            order.append(current)
            queue += sorted(neighbours[current] - set(order), key=lambda a: (-len(neighbours[a]), a))
    return [by_id[a] for a in order]


def graph(index: Index, rows: list[RelationRow]) -> tuple[list[Node], list[Edge]]:
    cx, cy = WIDTH / 2, HEIGHT / 2
    nodes: dict[str, Node] = {}
    actors = _circle_order(rows)
    for i, actor in enumerate(actors):
        angle = 2 * math.pi * i / max(1, len(actors)) - math.pi / 2
        x, y = cx + RADIUS_X * math.cos(angle), cy + RADIUS_Y * math.sin(angle)
        gap = NODE_RADIUS + 6
        label_x = cx + (RADIUS_X + gap) * math.cos(angle)
        label_y = cy + (RADIUS_Y + gap) * math.sin(angle) + 4 + (6 if math.sin(angle) > 0.95 else 0)
        anchor = "middle" if abs(math.cos(angle)) < 0.2 else ("start" if math.cos(angle) > 0 else "end")
        nodes[actor.id] = Node(actor, round(x, 1), round(y, 1), round(label_x, 1), round(label_y, 1),
                               anchor, len(index.by_actor.get(actor.id, [])))
    edges = []
    for row in rows:
        a, b = nodes[row.subject.id], nodes[row.object.id]
        length = math.hypot(b.x - a.x, b.y - a.y) or 1.0
        # Stop short of the target's circle so the arrowhead shows.
        shorten = (NODE_RADIUS + 3) / length
        edges.append(Edge(row, a.x, a.y, round(b.x - (b.x - a.x) * shorten, 1),
                          round(b.y - (b.y - a.y) * shorten, 1), PATTERNS.get(row.type, "")))
    return list(nodes.values()), edges


def relations_view(index: Index, _id: str = "", _md: object = None) -> dict[str, Any]:
    rows = relation_rows(index)
    nodes, edges = graph(index, rows)
    used = [t for t in RELATION_TYPES if any(row.type == t for row in rows)]
    return {
        "rows": rows, "nodes": nodes, "edges": edges, "width": WIDTH, "height": HEIGHT,
        "legend": [(t, RELATION_TYPES[t][0], PATTERNS.get(t, "")) for t in used],
    }


def protagonists(index: Index) -> list[tuple[Actor, int]]:
    """The actors in the most events (at least one), most first, for the top of the index."""
    counted = [(actor, len(index.by_actor.get(actor.id, []))) for actor in index.dataset.actors.values()]
    counted = [pair for pair in counted if pair[1] > 0]
    return sorted(counted, key=lambda pair: (-pair[1], pair[0].name.lower()))[:PROTAGONISTS]
