"""The map, relations and Data pages, and the sharing tags, as built (no JavaScript): what a
reader without scripts and what a link preview sees. The browser side is in test_browser_explore."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, Built, build, site_project
from test_exports import event_files, front_matter, located_places


class Tags(HTMLParser):
    """Start tags with their attributes (values unescaped, as a browser reads them), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(html: str, name: str, **wanted: str) -> list[dict[str, str]]:
    parser = Tags()
    parser.feed(html)
    return [a for t, a in parser.tags if t == name and all(a.get(k) == v for k, v in wanted.items())]


def section(html: str, start: str, end: str) -> str:
    return html[html.index(start): html.index(end, html.index(start))]


def places_with_events() -> dict[str, list[str]]:
    places = located_places(ROOT)
    found: dict[str, list[str]] = {}
    for event_id, event in event_files(ROOT).items():
        for place in event.get("locations", []):
            if place in places:
                found.setdefault(place, []).append(event_id)
    return found


# --- the map page -----------------------------------------------------------------------------

def test_map_page_is_in_the_nav_and_has_one_marker_per_located_place(shipped_site: Built) -> None:
    html = shipped_site.page("map/")
    assert tags(shipped_site.page(""), "a", href="map/"), "no Map in the nav"
    expected = places_with_events()
    markers = [a["data-place"] for a in tags(html, "a") if "tl-map__marker" in a.get("class", "")]
    assert sorted(markers) == sorted(expected)
    assert all(tags(html, "a", href=f"../locations/{p}/") for p in expected)
    located = {e for events in expected.values() for e in events}
    count = re.search(r"(\d+) places on the map, with (\d+) events", html)
    assert count and (int(count[1]), int(count[2])) == (len(expected), len(located))


def test_map_page_without_javascript_is_a_list_with_coordinates(shipped_site: Built) -> None:
    html = shipped_site.page("map/")
    places = located_places(ROOT)
    listed = section(html, '<ul class="tl-map__places">', "</section>")
    for place, events in places_with_events().items():
        lat, lon = places[place]
        item = section(listed, f'<li data-place="{place}"', '</ul>')
        assert f"{lat:.4f}, {lon:.4f}" in item
        assert sorted(re.findall(r'data-event="([a-z0-9-]+)"', item)) == sorted(events)
        assert all(f'href="../events/{e}/"' in item for e in events)
    unlocated = set(event_files(ROOT)) - {e for es in places_with_events().values() for e in es}
    assert set(re.findall(r'data-event="([a-z0-9-]+)"', section(html, 'id="unlocated"', "</ul>"))) == unlocated
    # The street map's button is hidden until the script shows it: no dead control without it.
    assert re.search(r'<button type="button" class="tl-map__tiles md-button" hidden>Show the street map '
                     r'\(loads tiles from OpenStreetMap\)</button>', html)


def test_map_outline_is_accessible_svg_with_places_inside_it(shipped_site: Built) -> None:
    html = shipped_site.page("map/")
    svg = section(html, '<svg class="tl-map__outline"', "</svg>")
    width, height = map(float, re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())  # type: ignore[union-attr]
    assert "<title id=" in svg and "<desc id=" in svg
    points = [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)]
    assert points and all(0 < x < width and 0 < y < height for x, y in points)
    names = re.findall(r"<text [^>]*text-anchor[^>]*>([^<]+)</text>", svg)
    assert sorted(names) == sorted(front_matter(ROOT / f"docs/locations/{p}.md")["name"] for p in places_with_events())
    # North is up and east is right: Aleppo is north of Damascus and east of Hama.
    by_name = dict(zip(names, points, strict=True))
    assert by_name["Aleppo"][1] < by_name["Damascus"][1] and by_name["Aleppo"][0] > by_name["Hama"][0]


def test_map_loads_nothing_from_elsewhere_and_leaflet_is_vendored(shipped_site: Built) -> None:
    html = shipped_site.page("map/")
    for attrs in tags(html, "script") + tags(html, "link") + tags(html, "img"):
        url = attrs.get("src") or attrs.get("href") or ""
        assert not re.match(r"(?i)(https?:)?//", url), url
    folder = re.search(r'data-leaflet="([^"]+)"', html)
    assert folder
    vendored = (shipped_site.site / "map" / folder[1]).resolve()
    for name in ("leaflet.js", "leaflet.css", "LICENSE", "images/marker-icon.png"):
        assert (vendored / name).is_file(), name
    lock = (ROOT / "package-lock.json").read_text(encoding="utf-8")
    version = re.search(r'"node_modules/leaflet": \{\s*"version": "([^"]+)"', lock)
    assert version and vendored.name == f"leaflet-{version[1]}"
    assert f"Leaflet {version[1]}," in (vendored / "leaflet.js").read_text(encoding="utf-8")[:200]
    atlas = re.search(r'"node_modules/world-atlas": \{\s*"version": "([^"]+)"', lock)
    outlines = ROOT / f"hooks/timeline_core/vendor/world-atlas-{atlas[1]}" if atlas else None
    assert outlines and (outlines / "countries-110m.json").is_file() and (outlines / "LICENSE").is_file()
    assert "BSD" in (vendored / "LICENSE").read_text(encoding="utf-8") or "Redistribution" in (vendored / "LICENSE").read_text(encoding="utf-8")


def test_location_and_event_pages_have_small_maps(shipped_site: Built) -> None:
    hama = shipped_site.page("locations/hama/")
    assert [a["data-place"] for a in tags(hama, "a") if "tl-map__marker" in a.get("class", "")] == ["hama"]
    # A governorate without coordinates maps the located places inside it.
    inside = sorted(p for p, v in ((p.stem, front_matter(p)) for p in (ROOT / "docs/locations").glob("*.md"))
                    if v.get("coordinates") and v.get("part_of") == "hama-governorate")
    governorate = shipped_site.page("locations/hama-governorate/")
    assert sorted(a["data-place"] for a in tags(governorate, "a") if "tl-map__marker" in a.get("class", "")) == inside
    event = shipped_site.page("events/2024-11-30-rebels-capture-aleppo/")
    assert [a["data-place"] for a in tags(event, "a") if "tl-map__marker" in a.get("class", "")] == ["aleppo"]
    # Small maps stay small: an event's map lists that event, a place's map only counts (the
    # place's page lists its events already), so no page grows with the size of the timeline.
    assert re.findall(r'data-event="([a-z0-9-]+)"', section(event, '<ul class="tl-map__places">', "</section>")) == [
        "2024-11-30-rebels-capture-aleppo"]
    aleppo = shipped_site.page("locations/aleppo/")
    assert "data-event=" not in section(aleppo, '<ul class="tl-map__places">', "</section>")
    assert re.search(r'<span class="tl-count">3 events</span>', section(aleppo, '<ul class="tl-map__places">', "</section>"))
    unlocated = shipped_site.page("events/2024-12-01-jake-sullivan-remarks-on-hts/")
    assert "tl-map" not in unlocated


# --- sides ------------------------------------------------------------------------------------

def stated_relations() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted((ROOT / "docs/actors").glob("*.md")):
        for relation in front_matter(path).get("relations", []):
            found.append((path.stem, relation["type"], relation["actor"]))
    return found


def test_relations_table_has_every_relation_with_its_source(shipped_site: Built) -> None:
    html = shipped_site.page("actors/relations/")
    table = section(html, '<table class="tl-relations__table">', "</table>")
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", table, re.S)
    relations = stated_relations()
    assert len(rows) == len(relations)
    shown = sorted((re.search(r'actors/([a-z0-9-]+)/', a)[1], b, re.search(r'actors/([a-z0-9-]+)/', c)[1])  # type: ignore[index]
                   for a, b, c, _ in rows)
    labels = {"supports": "supports", "opposes": "opposes", "member-of": "member of", "part-of": "part of",
              "leads": "leads", "designates": "designates"}
    assert shown == sorted((s, labels[t], o) for s, t, o in relations)
    with_source = sum(1 for path in (ROOT / "docs/actors").glob("*.md")
                      for r in front_matter(path).get("relations", []) if r.get("source"))
    assert sum(1 for *_, source in rows if 'href="../../sources/' in source or 'href="http' in source) == with_source
    assert sum(1 for *_, source in rows if "no source given" in source) == len(relations) - with_source


def test_relations_graph_is_accessible_svg_with_linked_nodes(shipped_site: Built) -> None:
    html = shipped_site.page("actors/relations/")
    svg = section(html, '<svg class="tl-graph__svg"', "</svg>\n    <figcaption>")
    assert re.search(r'aria-labelledby="tl-graph-title tl-graph-desc"', svg)
    assert '<title id="tl-graph-title">' in svg and '<desc id="tl-graph-desc">' in svg
    involved = {a for s, _, o in stated_relations() for a in (s, o)}
    nodes = re.findall(r'<a class="tl-graph__node" href="../../actors/([a-z0-9-]+)/"', svg)
    assert sorted(nodes) == sorted(involved)
    names = re.findall(r'<text [^>]*>([^<]+)</text>', svg)
    assert len(names) == len(involved)
    edges = re.findall(r'<line class="tl-rel tl-rel--([a-z-]+)"', svg)
    assert sorted(edges) == sorted(t for _, t, _ in stated_relations())
    # Not by colour alone: opposing and supporting lines differ in pattern, and a legend names them.
    assert re.search(r'tl-rel--opposes"[^>]*stroke-dasharray=', svg)
    assert not re.search(r'tl-rel--supports"[^>]*stroke-dasharray=', svg)
    legend = section(html, '<ul class="tl-graph__legend">', "</ul>")
    assert re.search(r'tl-rel--opposes"[^>]*stroke-dasharray="[^"]+"/></svg> opposes</li>', legend)


def test_actors_index_starts_with_the_main_protagonists(shipped_site: Built) -> None:
    html = shipped_site.page("actors/")
    assert html.index('id="protagonists"') < html.index('<h2 id="state"')
    top = section(html, 'id="protagonists"', "</ol>")
    counts = [int(n) for n in re.findall(r'(\d+) events?</span>', top)]
    assert counts == sorted(counts, reverse=True) and len(counts) >= 3
    involvement: dict[str, int] = {}
    for event in event_files(ROOT).values():
        for actor in {a["id"] if isinstance(a, dict) else a for a in event["actors"]}:
            involvement[actor] = involvement.get(actor, 0) + 1
    first = re.search(r'actors/([a-z0-9-]+)/', top)
    assert first and involvement[first[1]] == max(involvement.values())
    assert tags(html, "a", href="../actors/relations/")


# --- the Data page ----------------------------------------------------------------------------

def test_data_page_links_every_export_and_explains_every_column(shipped_site: Built) -> None:
    html = shipped_site.page("data/")
    assert tags(shipped_site.page(""), "a", href="data/"), "no Data in the nav"
    for name in ("data/events.json", "data/events.schema.json", "data/events.csv", "data/events.geojson",
                 "data/timelinejs.json", "feed.xml"):
        assert tags(html, "a", href=f"../{name}"), name
        assert (shipped_site.site / name).is_file()
    header = (shipped_site.site / "data/events.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    explained = re.findall(r'<tr id="column-([a-z_0-9]+)">', html)
    assert explained == header


# --- sharing ----------------------------------------------------------------------------------

def share_tags(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for attrs in tags(html, "meta"):
        key = attrs.get("property") or attrs.get("name") or ""
        if key.startswith(("og:", "twitter:")):
            found.setdefault(key, []).append(attrs["content"])
    return found


def test_every_page_has_sharing_tags_once(shipped_site: Built) -> None:
    pages = sorted(shipped_site.site.rglob("index.html"))
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = share_tags(html)
        for key in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card"):
            assert len(found.get(key, [])) == 1, (page, key)
        assert found["twitter:card"] == ["summary"]
        assert "og:url" not in found, "og:url needs an absolute address (site_url)"
        assert not tags(html, "link", rel="canonical")


def test_sharing_tags_carry_data_titles_as_text(tmp_path: Path) -> None:
    title = 'Rebels & "allies" <script>alert(1)</script> take Northtown'
    event = (ROOT / "tests/fixtures/mini/events/2024-12-01-rebels-capture-northtown.yml").read_text(encoding="utf-8")
    event = event.replace("title: Rebels capture Northtown", f"title: {json.dumps(title)}")  # JSON strings are YAML
    built = build(site_project(tmp_path, files={"events/2024-12-01-rebels-capture-northtown.yml": event}),
                  env={"TIMELINE_SITE_URL": "https://example.org/tl"})
    assert built.returncode == 0, built.output
    html = built.page("events/2024-12-01-rebels-capture-northtown/")
    found = share_tags(html)
    assert found["og:title"] == [title] and found["twitter:title"] == [title]  # escaped once, read as written
    assert "<script>alert" not in html
    canonical = tags(html, "link", rel="canonical")
    assert [c["href"] for c in canonical] == ["https://example.org/tl/events/2024-12-01-rebels-capture-northtown/"]
    assert found["og:url"] == [canonical[0]["href"]]
    assert found["og:type"] == ["article"]
    assert share_tags(built.page(""))["og:type"] == ["website"]


@pytest.mark.parametrize("url", ["map/", "data/", "actors/relations/"])
def test_new_pages_have_descriptions(shipped_site: Built, url: str) -> None:
    description = share_tags(shipped_site.page(url))["og:description"][0]
    assert len(description) > 20


# --- the outline's country borders ------------------------------------------------------------

def test_country_outlines_are_decoded_where_the_countries_are() -> None:
    from timeline_core.site.outline import overlapping, read_countries

    atlas = {country.name: country for country in read_countries()}
    west, south, east, north = atlas["Syria"].bounds
    # Syria spans about 35.7-42.4 E and 32.3-37.3 N.
    assert 35.3 < west < 36.2 and 42.0 < east < 42.8 and 32.0 < south < 32.7 and 37.0 < north < 37.6
    for place, (lat, lon) in located_places(ROOT).items():
        assert west <= lon <= east and south <= lat <= north, place
    near_hama = {c.name for c in overlapping(tuple(atlas.values()), 36.0, 34.5, 37.5, 35.5)}
    assert "Syria" in near_hama and "Brazil" not in near_hama


def test_outline_draws_the_borders_in_view(shipped_site: Built) -> None:
    svg = section(shipped_site.page("map/"), '<svg class="tl-map__outline"', "</svg>")
    borders = section(svg, '<g class="tl-map__countries" clip-path="url(#tl-map-clip)">', "</g>")
    assert 2 <= borders.count("<path d=\"M") <= 30  # Syria and its neighbours, not the world
