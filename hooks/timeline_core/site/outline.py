"""Country outlines for the maps drawn at build time: world-atlas's 1:110m countries (Natural
Earth data, public domain; world-atlas is ISC-licensed), vendored by `make vendor`.

TopoJSON stores each border once, as a quantised, delta-encoded arc; a country is a list of
rings made of arcs (a negative index ~i means arc i reversed). Read once per build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ATLAS = Path(__file__).parent.parent / "vendor" / "world-atlas-2.0.2" / "countries-110m.json"

Point = tuple[float, float]  # (longitude, latitude)


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    rings: tuple[tuple[Point, ...], ...]
    bounds: tuple[float, float, float, float]  # west, south, east, north


@dataclass(slots=True)
class Atlas:
    """The countries, and the outlines and layouts already drawn this build (many pages share a
    frame: every event in Aleppo has the same map). Made fresh for every build."""

    countries: tuple[Country, ...] = ()
    drawn: dict[Any, Any] = field(default_factory=dict)


def load_atlas(path: Path = ATLAS) -> Atlas:
    return Atlas(read_countries(path))


def read_countries(path: Path = ATLAS) -> tuple[Country, ...]:
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        rings = tuple(_ring(ring, arcs) for polygon in polygons for ring in polygon)
        points = [p for ring in rings for p in ring]
        if points:
            bounds = (min(p[0] for p in points), min(p[1] for p in points),
                      max(p[0] for p in points), max(p[1] for p in points))
            countries.append(Country(geometry.get("properties", {}).get("name", ""), rings, bounds))
    return tuple(countries)


def _decode_arcs(topology: dict) -> list[list[Point]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[Point]]) -> tuple[Point, ...]:
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    return tuple(points)


def overlapping(countries: tuple[Country, ...], west: float, south: float, east: float, north: float) -> list[Country]:
    """The countries whose bounding box meets the given one."""
    return [c for c in countries
            if c.bounds[0] <= east and c.bounds[2] >= west and c.bounds[1] <= north and c.bounds[3] >= south]
