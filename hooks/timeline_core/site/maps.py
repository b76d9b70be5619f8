"""Stage 5, pages: the maps' data. One marker per located place, with the events there.

Nothing here loads a map from anywhere: the outline is drawn at build time from the
coordinates in the data (an equirectangular projection of the places' bounding box, with a
graticule), so a page with a map makes no request to another host. The street map is the
reader's choice, made in the browser (docs/assets/js/map.js).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .index import Index
from ..reading.model import Event, Location
from .outline import Atlas, overlapping

LEAFLET = "assets/vendor/leaflet-1.9.4/"  # relative to the site root; see `make vendor`
WIDTH = 600.0
HEIGHT = 400.0
MARGIN = 28.0  # room for the graticule's labels
MIN_PAD = 1.0  # degrees around the places: a lone place still shows its surroundings
GRID_STEPS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0)
CHAR_WIDTH = 7.0  # of a 12 px label, roughly: enough to keep labels apart
LABEL_HEIGHT = 14.0
PLACE_LISTED = 5  # events listed under a place on the overview (its latest): 430 KB at 10,000 events with 10
UNLOCATED_LISTED = 250  # events without a located place listed on the overview (the latest)


@dataclass(frozen=True, slots=True)
class MapPlace:
    location: Location
    events: tuple[Event, ...]
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor: start, end or middle


@dataclass(frozen=True, slots=True)
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True, slots=True)
class MapView:
    places: tuple[MapPlace, ...]
    lines: tuple[GridLine, ...]
    bounds: tuple[float, float, float, float]  # south, west, north, east
    located_events: int  # distinct events at the places
    unlocated: tuple[Event, ...]  # events with no located place (overview only)
    countries: tuple[str, ...] = ()  # SVG path data of the country outlines in view
    list_events: bool = True  # False on place pages: their events are listed above the map
    # The overview lists each place's latest events only, and its page for the rest: listing
    # every event made the map page grow without bound (2.7 MB at 10,000 events).
    listed: int = PLACE_LISTED
    unlocated_listed: int = UNLOCATED_LISTED
    width: float = WIDTH
    height: float = HEIGHT
    leaflet: str = LEAFLET


@dataclass(frozen=True, slots=True)
class _Frame:
    south: float
    west: float
    north: float
    east: float
    scale: float  # pixels per degree of latitude
    squeeze: float  # cos(middle latitude): degrees of longitude are shorter

    def point(self, lat: float, lon: float) -> tuple[float, float]:
        x = MARGIN + (lon - self.west) * self.scale * self.squeeze
        y = MARGIN + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def map_for(index: Index, kind: str, record_id: str, atlas: Atlas | None) -> MapView | None:
    """The map a generated page shows, if any: the overview, an event's or a place's."""
    if kind == "map-index":
        return overview_map(index, atlas)
    if kind == "event":
        return event_map(index, index.events[index.position[record_id]], atlas)
    if kind == "location":
        return location_map(index, index.dataset.locations[record_id], atlas)
    return None


def overview_map(index: Index, atlas: Atlas | None = None) -> MapView | None:
    places = [loc for loc in index.dataset.locations.values()
              if loc.coordinates is not None and index.by_location.get(loc.id)]
    located = {e.id for loc in places for e in index.by_location[loc.id]}
    unlocated = tuple(e for e in index.events if e.id not in located)
    return _view(index, places, unlocated, atlas)


def event_map(index: Index, event: Event, atlas: Atlas | None = None) -> MapView | None:
    """The event's places, each with this event only (a place's page lists the others)."""
    places = [index.dataset.locations[i] for i in event.locations]
    return _view(index, [p for p in places if p.coordinates is not None], (), atlas, only=event)


def location_map(index: Index, location: Location, atlas: Atlas | None = None) -> MapView | None:
    """The place itself (if it has coordinates) and every located place within it."""
    found: list[Location] = []
    todo, seen = [location.id], set()
    while todo:
        current = todo.pop(0)
        if current in seen or current not in index.dataset.locations:
            continue
        seen.add(current)
        place = index.dataset.locations[current]
        if place.coordinates is not None:
            found.append(place)
        todo.extend(sorted(index.children.get(current, [])))
    view = _view(index, found, (), atlas)
    return replace(view, list_events=False) if view else None


def _view(index: Index, places: list[Location], unlocated: tuple[Event, ...],
          atlas: Atlas | None, only: Event | None = None) -> MapView | None:
    if not places:
        return None
    places = sorted(places, key=lambda p: (p.name.lower(), p.id))
    layout = _layout(places, atlas)
    marked = [
        MapPlace(place, (only,) if only else tuple(index.by_location.get(place.id, [])), *spot)
        for place, spot in zip(places, layout.spots, strict=True)
    ]
    located = {e.id for p in marked for e in p.events}
    return MapView(tuple(marked), layout.lines, layout.bounds, len(located), unlocated, layout.countries)


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where places and their labels go: the same for every map of the same places."""

    spots: tuple[tuple[float, float, float, float, str], ...]  # x, y, label x, label y, anchor
    lines: tuple[GridLine, ...]
    bounds: tuple[float, float, float, float]
    countries: tuple[str, ...]


def _layout(places: list[Location], atlas: Atlas | None) -> _Layout:
    """Laid out once per build for each set of places (every event in one town shares it)."""
    key = ("layout", *(place.id for place in places))
    if atlas is not None and key in atlas.drawn:
        return atlas.drawn[key]  # type: ignore[no-any-return]
    frame = _frame([p.coordinates for p in places if p.coordinates])
    taken: list[tuple[float, float, float, float]] = []
    for place in places:
        lat, lon = place.coordinates  # type: ignore[misc]  # only located places come here
        x, y = frame.point(lat, lon)
        taken.append((x - 6, y - 6, x + 6, y + 6))
    spots = []
    for place in places:
        x, y = frame.point(*place.coordinates)  # type: ignore[misc]
        spots.append((x, y, *_label_spot(x, y, place.name, taken)))
    layout = _Layout(tuple(spots), _grid(frame), (frame.south, frame.west, frame.north, frame.east),
                     _outlines(frame, atlas))
    if atlas is not None:
        atlas.drawn[key] = layout
    return layout


def drawing_key(view: MapView, title: str) -> tuple[object, ...]:
    """Everything the outline drawing of a map shows (overrides/timeline/_map.html): maps with
    the same key draw the same SVG, so a build draws it once."""
    return ("map", title, view.width, view.height, view.bounds, len(view.countries), len(view.lines),
            tuple((p.location.id, len(p.events)) for p in view.places))


def _frame(points: list[tuple[float, float]]) -> _Frame:
    """The places' bounding box, padded, widened to the drawing's proportions."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    pad = max(MIN_PAD, 0.15 * max(max(lats) - min(lats), max(lons) - min(lons)))
    south, north = max(-85.0, min(lats) - pad), min(85.0, max(lats) + pad)
    west, east = max(-180.0, min(lons) - pad), min(180.0, max(lons) + pad)
    squeeze = max(0.05, math.cos(math.radians((south + north) / 2)))
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    scale = min(inner_w / ((east - west) * squeeze), inner_h / (north - south))
    extra_lon = (inner_w / (scale * squeeze) - (east - west)) / 2
    extra_lat = (inner_h / scale - (north - south)) / 2
    return _Frame(south - extra_lat, west - extra_lon, north + extra_lat, east + extra_lon, scale, squeeze)


def _outlines(frame: _Frame, atlas: Atlas | None) -> tuple[str, ...]:
    """SVG path data of the countries in view (the SVG clips them to the frame)."""
    if atlas is None:
        return ()
    if frame not in atlas.drawn:
        atlas.drawn[frame] = _draw(frame, atlas)
    return atlas.drawn[frame]


def _draw(frame: _Frame, atlas: Atlas) -> tuple[str, ...]:
    paths = []
    for country in overlapping(atlas.countries, frame.west, frame.south, frame.east, frame.north):
        parts = []
        for ring in country.rings:
            points: list[tuple[float, float]] = []
            for lon, lat in ring:
                point = frame.point(lat, lon)
                if not points or point != points[-1]:  # a pixel apart at least: smaller pages
                    points.append(point)
            if len(points) > 2:
                parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
        if parts:
            paths.append("".join(parts))
    return tuple(paths)


def _grid(frame: _Frame) -> tuple[GridLine, ...]:
    span = max(frame.north - frame.south, frame.east - frame.west)
    step = next((s for s in GRID_STEPS if span / s <= 6), 90.0)
    lines = []
    lat = math.ceil(frame.south / step) * step
    while lat <= frame.north:
        x1, y = frame.point(lat, frame.west)
        x2, _ = frame.point(lat, frame.east)
        lines.append(GridLine(x1, y, x2, y, _degrees(lat, "N", "S"), 4.0, y - 3))
        lat += step
    lon = math.ceil(frame.west / step) * step
    while lon <= frame.east:
        x, y1 = frame.point(frame.north, lon)
        _, y2 = frame.point(frame.south, lon)
        lines.append(GridLine(x, y1, x, y2, _degrees(lon, "E", "W"), x + 3, HEIGHT - 6))
        lon += step
    return tuple(lines)


def _degrees(value: float, positive: str, negative: str) -> str:
    text = f"{abs(value):.2f}".rstrip("0").rstrip(".")
    return f"{text}°{positive if value >= 0 else negative}" if abs(value) > 1e-9 else f"0°{positive}"


def _label_spot(x: float, y: float, name: str, taken: list[tuple[float, float, float, float]]) -> tuple[float, float, str]:
    """The first spot around the dot (right, left, above, below, then the corners) where the
    label overlaps nothing drawn yet; when every spot is taken, the one that overlaps least."""
    width = CHAR_WIDTH * len(name)
    options = []
    for dx, dy, anchor in ((9, 4, "start"), (-9, 4, "end"), (0, -10, "middle"), (0, 20, "middle"),
                           (7, -9, "start"), (7, 18, "start"), (-7, -9, "end"), (-7, 18, "end")):
        left = x + dx if anchor == "start" else x + dx - width if anchor == "end" else x + dx - width / 2
        box = (left, y + dy - LABEL_HEIGHT, left + width, y + dy)
        options.append((x + dx, y + dy, anchor, box))
    scored = []
    for rank, (label_x, label_y, anchor, box) in enumerate(options):
        outside = not (box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= HEIGHT)
        # Only the boxes that overlap this one add anything (tested inline: this loop is most
        # of a map's cost); the sum keeps their order, so the result is the same to the bit.
        covered = sum(_overlap_area(box, other) for other in taken
                      if other[0] < box[2] and other[2] > box[0] and other[1] < box[3] and other[3] > box[1])
        scored.append((outside, covered, rank, label_x, label_y, anchor, box))
    _outside, _covered, _rank, label_x, label_y, anchor, box = min(scored)
    taken.append(box)
    return label_x, label_y, anchor


def _overlap_area(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))



def map_index_view(index: Index, _id: str = "", _md: object = None) -> dict[str, object]:
    return {}  # the map itself comes from map_for, like every page's
