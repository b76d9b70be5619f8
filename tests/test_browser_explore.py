"""The map and the relations page in a real browser (Debian's chromium through Playwright).

Privacy first: until the reader presses the street-map button, nothing is requested from
another host; after it, tiles are requested from tile.openstreetmap.org only. Those requests
are intercepted and aborted here, so no test ever reaches the network.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from typing import Any
from urllib.parse import urlsplit

import pytest

from test_browser import _overflowing

pytestmark = pytest.mark.browser

TILE_HOST = "tile.openstreetmap.org"


def _blank_png() -> bytes:
    """A 1x1 transparent PNG: what an intercepted tile request gets instead of the network."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0\0")) + chunk(b"IEND", b"")


BLANK_TILE = _blank_png()


class Watch:
    """Requests to other hosts (with the moment they were made) and console errors."""

    def __init__(self, page: Any) -> None:
        self.clicked = False
        self.elsewhere: list[tuple[str, bool]] = []  # (url, after the click)
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        # Tiles never reach the network: each request is answered here with a blank image
        # (aborting them would show as console errors, hiding real ones).
        page.route(f"https://{TILE_HOST}/**",
                   lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE))

    def _request(self, request: Any) -> None:
        if urlsplit(request.url).hostname != "127.0.0.1":
            self.elsewhere.append((request.url, self.clicked))


def stated_places(page: Any) -> int:
    text = page.locator(".tl-map__count").inner_text()
    match = re.match(r"(\d+) places? on the map", text)
    assert match, text
    return int(match[1])


def visible_markers(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "a.tl-map__marker", "els => els.filter(e => getComputedStyle(e).display !== 'none').map(e => e.dataset.place)"
    )


def test_map_shows_the_stated_markers_and_asks_before_loading_tiles(new_page: Any, base_url: str) -> None:
    page = new_page()
    watch = Watch(page)
    page.goto(base_url + "map/", wait_until="load")
    button = page.get_by_role("button", name="Show the street map (loads tiles from OpenStreetMap)")
    button.wait_for(state="visible")
    count = stated_places(page)
    assert len(visible_markers(page)) == count > 1
    page.wait_for_timeout(500)  # give any stray request time to show itself
    assert watch.elsewhere == [], "requests to other hosts before the reader asked"

    watch.clicked = True
    with page.expect_request(lambda r: urlsplit(r.url).hostname == TILE_HOST):
        button.click()
    page.locator(".leaflet-container").wait_for()
    pins = page.locator(".leaflet-marker-icon.tl-map__pin")
    pins.nth(count - 1).wait_for()
    assert pins.count() == count
    hosts = {urlsplit(url).hostname for url, _ in watch.elsewhere}
    assert hosts == {TILE_HOST}, hosts
    assert all(after for _, after in watch.elsewhere), "a tile was requested before the click"
    attribution = page.locator(".leaflet-control-attribution a[href='https://www.openstreetmap.org/copyright']")
    assert attribution.inner_text() == "OpenStreetMap"
    assert watch.errors == [], watch.errors


def _settled(page: Any, element: Any) -> None:
    """Wait until the element stops moving. Leaflet pans the map to show a popup whole
    (autoPan), and the pan can begin after the popup has looked still for the two frames
    Playwright waits: a click aimed before it lands on the map, where the link was."""
    boxes: list[Any] = []
    for _ in range(50):
        boxes = [*boxes[-2:], element.bounding_box()]
        if len(boxes) == 3 and boxes[0] == boxes[1] == boxes[2]:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still moving after 5 s: {boxes}")


def test_markers_and_popups_link_to_pages(new_page: Any, base_url: str) -> None:
    page = new_page()
    Watch(page)
    page.goto(base_url + "map/", wait_until="load")
    page.locator("a.tl-map__marker[data-place='aleppo']").click()
    page.wait_for_url(base_url + "locations/aleppo/")
    assert page.locator("article h1").first.inner_text() == "Aleppo"

    page.goto(base_url + "map/", wait_until="load")
    page.get_by_role("button", name=re.compile("Show the street map")).click()
    pin = page.locator(".leaflet-marker-icon[data-place='aleppo']")
    pin.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    links = [a.get_attribute("href") for a in popup.locator("a").all()]
    assert "../locations/aleppo/" in links
    assert "../events/2024-11-30-rebels-capture-aleppo/" in links
    link = popup.locator("a[href='../events/2024-11-30-rebels-capture-aleppo/']")
    _settled(page, link)
    link.click()
    page.wait_for_url(base_url + "events/2024-11-30-rebels-capture-aleppo/")


def test_map_follows_the_timelines_filter_parameters(new_page: Any, base_url: str, shipped_site) -> None:
    events = json.loads((shipped_site.site / "data/events.json").read_text(encoding="utf-8"))
    located = {loc["id"] for loc in events["locations"] if loc["coordinates"]}
    battles = {p for e in events["events"] if e["type"] == "battle" for p in e["locations"] if p in located}
    everywhere = {p for e in events["events"] for p in e["locations"] if p in located}
    assert battles and battles != everywhere  # else the filter would show nothing

    page = new_page()
    watch = Watch(page)
    page.goto(base_url + "map/?type=battle", wait_until="load")
    page.wait_for_function("() => document.querySelector('.tl-map__count').textContent.startsWith('Filtered')")
    assert sorted(visible_markers(page)) == sorted(battles)
    shown = page.eval_on_selector_all(".tl-map__places > li[data-place]:not([hidden])", "els => els.map(e => e.dataset.place)")
    assert sorted(shown) == sorted(battles)
    hidden_events = page.eval_on_selector_all(".tl-map__places li[data-event]:not([hidden])", "els => els.map(e => e.dataset.event)")
    kinds = {e["id"]: e["type"] for e in events["events"]}
    assert hidden_events and {kinds[e] for e in hidden_events} == {"battle"}
    assert page.locator("a.tl-map__timeline").get_attribute("href").endswith("?type=battle")
    page.get_by_role("button", name=re.compile("Show the street map")).click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert page.locator(".leaflet-marker-icon").count() == len(battles)
    assert watch.errors == [], watch.errors


def test_relations_page_draws_its_graph(new_page: Any, base_url: str) -> None:
    page = new_page()
    watch = Watch(page)
    page.goto(base_url + "actors/relations/", wait_until="load")
    graph = page.locator("svg.tl-graph__svg")
    box = graph.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    nodes = page.locator("a.tl-graph__node")
    assert nodes.count() >= 10
    assert page.locator("svg.tl-graph__svg line.tl-rel").count() == page.locator("table.tl-relations__table tbody tr").count()
    page.locator("a.tl-graph__node[data-actor='russia']").click()
    page.wait_for_url(base_url + "actors/russia/")
    assert watch.elsewhere == [] and watch.errors == [], (watch.elsewhere, watch.errors)


PAGES = ["map/", "actors/relations/", "data/", "actors/", "locations/hama/", "locations/hama-governorate/",
         "events/2024-11-30-rebels-capture-aleppo/"]


@pytest.mark.parametrize("path", PAGES)
def test_new_pages_fit_a_phone_without_errors(new_page: Any, base_url: str, path: str) -> None:
    page = new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    watch = Watch(page)
    page.goto(base_url + path, wait_until="load")
    page.locator("article h1").first.wait_for()
    sizes = page.evaluate("() => ({inner: innerWidth, document: document.documentElement.scrollWidth,"
                          " body: document.body.scrollWidth})")
    assert sizes["inner"] == 390, sizes
    assert sizes["document"] <= 390 and sizes["body"] <= 390, f"{sizes}; widest: {_overflowing(page)}"
    assert watch.elsewhere == [] and watch.errors == [], (watch.elsewhere, watch.errors)


def test_street_map_fits_a_phone(new_page: Any, base_url: str) -> None:
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    Watch(page)
    page.goto(base_url + "locations/hama-governorate/", wait_until="load")
    page.get_by_role("button", name=re.compile("Show the street map")).click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, _overflowing(page)
