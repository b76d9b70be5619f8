"""Long lists of events are split across pages (timeline_core/site/record_periods.py), as the
timeline is: an actor's, a place's, a type's, a tag's and a source's events; the web sources on
the sources index. Built with a low limit (`extra.events_per_page`) so that a few hundred
generated events force the splits; what a reader sees is checked: each event exactly once
across a record's pages, the periods with their counts, earlier and later links, headings per
day, the way back, links that land, and small records left as they were.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from conftest import Built, build, site_project
from timeline_core.site.feeds import FEED_ENTRIES
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.site.index import Index, build_index
from timeline_core.site.maps import PLACE_LISTED
from timeline_core.site.pages import MARKERS_PER_PASSAGE
from timeline_core.site.periods import split_periods
from timeline_core.site.record_periods import event_of, record_events
from timeline_core.site.render import Site
from timeline_core.site.timeline import timeline_months

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import generate  # noqa: E402

EVENTS = 300
LIMIT = 40  # events a page lists in this test's site
ATOM = "{http://www.w3.org/2005/Atom}"
# Records of every kind, each with far more than LIMIT events in the generated data.
SPLIT = [("actor", "monitor", "actors/monitor/"), ("location", "landia", "locations/landia/"),
         ("type", "battle", "types/battle/"), ("tag", "generated", "tags/generated/"),
         ("source", "report", "sources/report/")]


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = site_project(tmp_path_factory.mktemp("records"))
    generate(project, EVENTS)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nextra:\n  events_per_page: {LIMIT}\n")
    # A busy place, more than the map lists under one place.
    for path in sorted((project / "events").glob("*generated*.yml"))[:PLACE_LISTED + 5]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^locations: \[.*\]$", "locations: [capitalia]", text), encoding="utf-8")
    # A renamed record: its old address must still lead to it.
    monitor = project / "docs/actors/monitor.md"
    monitor.write_text(monitor.read_text(encoding="utf-8").replace("---\n", "---\nformer_ids: [observers]\n", 1),
                       encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="module")
def index(split_site: Built) -> Index:
    return build_index(load_dataset(Layout(split_site.project)))


def _resolve(page_url: str, href: str) -> tuple[str, str]:
    """A relative link on the page at `page_url` -> (the site URL it leads to, its fragment)."""
    path, _, fragment = href.partition("#")
    if not path:
        return page_url, fragment
    resolved = posixpath.normpath(posixpath.join("/" + page_url, path)).strip("/")
    is_file = "." in resolved.rsplit("/", 1)[-1]  # feed.xml, data/events.csv
    return (resolved + "/" if resolved and not is_file else resolved), fragment


def _listing(html: str) -> str:
    """The split list of a page: from the periods to the earlier/later links."""
    found = re.search(r'<nav class="tl-periods".*?<nav class="tl-pager"', html, re.S)
    assert found, "no periods on the page"
    return found.group()


def _periods(built: Built, url: str) -> list[tuple[str, str, int]]:
    """The periods a record's page lists: (URL of its page, label, count), in order."""
    nav = re.search(r'<nav class="tl-periods".*?</nav>', built.page(url), re.S).group()  # type: ignore[union-attr]
    result = []
    for item in re.findall(r"<li>(.*?)</li>", nav, re.S):
        count = int(re.search(r'<span class="tl-count">(\d+)</span>', item).group(1))  # type: ignore[union-attr]
        link = re.search(r'<a href="([^"]+)">([^<]+)</a>', item)
        if link:
            result.append((_resolve(url, link.group(1))[0], link.group(2), count))
        else:
            label = re.search(r'<strong aria-current="page">([^<]+)</strong>', item).group(1)  # type: ignore[union-attr]
            result.append((url, label, count))
    return result


def _events_on(html: str) -> list[str]:
    return re.findall(r'<a href="[^"]*events/([^"/]+)/"', _listing(html))


@pytest.mark.parametrize(("kind", "record", "url"), SPLIT)
def test_each_event_once_across_a_records_pages(split_site: Built, index: Index, kind: str, record: str, url: str) -> None:
    periods = _periods(split_site, url)
    assert len(periods) >= 3
    seen: Counter[str] = Counter()
    for page_url, _label, count in periods:
        listed = _events_on(split_site.page(page_url))
        assert len(listed) == count <= LIMIT, (page_url, len(listed), count)
        seen.update(listed)
    expected = [event_of(row).id for row in record_events(index, kind, record)]
    assert sorted(seen) == sorted(expected)
    assert {e: n for e, n in seen.items() if n != 1} == {}
    # The record's own page lists the latest period: the record's last event is there.
    assert periods[-1][0] == url
    assert expected[-1] in _events_on(split_site.page(url))


@pytest.mark.parametrize(("kind", "record", "url"), SPLIT)
def test_earlier_and_later_links_walk_the_periods_in_order(split_site: Built, kind: str, record: str, url: str) -> None:
    order = [page for page, _label, _count in _periods(split_site, url)]
    walked, here = [order[0]], order[0]
    while True:
        later = re.search(r'<a class="tl-pager__later" href="([^"]+)" rel="next">', split_site.page(here))
        if not later:
            break
        here = _resolve(here, later.group(1))[0]
        walked.append(here)
    assert walked == order
    earlier = re.search(r'<a class="tl-pager__earlier" href="([^"]+)" rel="prev">', split_site.page(url))
    assert earlier and _resolve(url, earlier.group(1))[0] == order[-2]
    assert 'rel="prev"' not in split_site.page(order[0])


def test_a_period_page_has_its_days_breadcrumbs_and_the_way_back(split_site: Built, index: Index) -> None:
    page_url, label, count = _periods(split_site, "actors/monitor/")[0]
    html = split_site.page(page_url)
    assert f"<title>The Monitor: {label}" in html
    crumbs = re.search(r'<nav class="tl-breadcrumbs".*?</nav>', html, re.S).group()  # type: ignore[union-attr]
    assert [_resolve(page_url, h)[0] for h in re.findall(r'href="([^"]+)"', crumbs)] == ["actors/", "actors/monitor/"]
    assert re.search(r'<a href="[^"]*actors/monitor/">← Back to The Monitor</a>', html)
    # A heading per day, in order, each anchored by its day; the day's events under it.
    days = re.findall(r'<h2 id="([^"]+)" class="tl-period-day"><time datetime="([^"]+)">', html)
    assert days and [d for d, _ in days] == sorted(d for d, _ in days)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", day) and day == machine for day, machine in days)
    sections = re.split(r'<h2 id="[^"]+" class="tl-period-day">', _listing(html))[1:]
    for (day, _), section in zip(days, sections, strict=True):
        for event_id in re.findall(r'href="[^"]*events/([^"/]+)/"', section):
            event = index.events[index.position[event_id]]
            assert event.date.sort_day.isoformat() == day, (event_id, day)
    # Out of the nav and of the search index (its events are searchable from their own pages).
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S).group()  # type: ignore[union-attr]
    assert not re.search(r'href="[^"]*actors/monitor/', nav)
    search = json.loads((split_site.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in search["docs"] if re.match(r"(actors|locations|types|tags|sources)/[^/]+/[^/]+/", d["location"])]


def test_small_records_are_one_page_as_before(split_site: Built, index: Index, tmp_path: Path) -> None:
    small = [a for a, rows in index.actor_events.items() if 0 < len(rows) <= LIMIT]
    assert small
    for actor in small:
        html = split_site.page(f"actors/{actor}/")
        assert "tl-periods" not in html and html.count('<table class="tl-rolled">') == 1
        assert not [p for p in (split_site.site / "actors" / actor).iterdir() if p.is_dir()]
    # The same fragments as with no limit at all: only long lists change.
    folders = {"actors": "docs/actors", "locations": "docs/locations", "seeds": "seeds"}
    templates = split_site.project / "overrides/timeline"
    low, high = Site(index.dataset, templates, folders, page_events=LIMIT), Site(index.dataset, templates, folders, page_events=10**6)
    for plan in (p for p in high.plans if p.kind in ("actor", "location", "type", "tag", "source")):
        same = low.render(plan, plan.src_uri.removesuffix(".md") + "/") == high.render(plan, plan.src_uri.removesuffix(".md") + "/")
        assert same == (len(record_events(index, plan.kind, plan.id)) <= LIMIT), plan.src_uri
    assert not [p for p in high.plans if p.kind == "record-period"]


def test_every_link_lands(split_site: Built) -> None:
    """Our pages' links are HTML, which MkDocs does not check: every relative link of every
    page leads to a file, and every fragment to its anchor (an event's way back to the split
    timeline among them)."""
    site = split_site.site
    pages = {}
    for path in site.rglob("index.html"):
        url = path.parent.relative_to(site).as_posix()
        pages["" if url == "." else url + "/"] = path
    ids: dict[str, set[str]] = {}
    checked = 0
    for url, path in pages.items():
        html = path.read_text(encoding="utf-8")
        for href in re.findall(r'<a [^>]*href="([^"]+)"', html):
            if href.startswith(("http:", "https:", "mailto:", "?")) or "?" in href:
                continue
            target, fragment = _resolve(url, href)
            file = site / target / "index.html" if target.endswith("/") or not target else site / target
            assert file.is_file(), (url, href)
            if fragment and (target.endswith("/") or not target):
                if target not in ids:
                    ids[target] = set(re.findall(r' id="([^"]+)"', file.read_text(encoding="utf-8")))
                assert fragment in ids[target], (url, href)
            checked += 1
    assert checked > 10_000
    # The renamed record's old address leads to it.
    moved = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', split_site.page("actors/observers/"))
    assert moved and _resolve("actors/observers/", moved.group(1))[0] == "actors/monitor/"


def test_a_day_longer_than_a_page_is_cut_keeping_its_anchor_first(index: Index) -> None:
    months = timeline_months(index.events)
    periods = split_periods(months, 3)
    listed = [e.event.id for p in periods for m in p.months for h in m.headings for e in h.entries]
    assert listed == [e.event.id for m in months for h in m.headings for e in h.entries]
    assert all(p.count <= 3 for p in periods)
    headings = [h for p in periods for m in p.months for h in m.headings]
    assert len({h.id for h in headings}) == len(headings) and len({p.key for p in periods}) == len(periods)
    day = next(h for m in months for h in m.headings if len(h.entries) > 3)
    parts = [h for h in headings if h.id == day.id or h.id.startswith(day.id + "-part-")]
    assert parts[0].id == day.id and parts[1].id == f"{day.id}-part-2"
    assert parts[1].label == f"{day.label} (part 2)" and parts[1].ongoing == []
    assert [e.event.id for h in parts for e in h.entries] == [e.event.id for e in day.entries]
    # A long day fills the page it starts on, then whole pages: no scrap of a page per day.
    pages_of = {h.id: p for p in periods for m in p.months for h in m.headings}
    assert all(pages_of[h.id].count == 3 for h in parts[:-1])


def test_feeds_carry_the_latest_entries(split_site: Built, index: Index) -> None:
    for path, events in (("feed.xml", list(index.events)),
                         ("actors/monitor/feed.xml", [e for e, _role in index.by_actor["monitor"]])):
        entries = ET.fromstring((split_site.site / path).read_bytes()).findall(f"{ATOM}entry")
        latest = sorted(events, key=lambda e: e.sort_key, reverse=True)[:FEED_ENTRIES]
        assert [e.findtext(f"{ATOM}id", "").split(":")[-1] for e in entries] == [f"events/{e.id}/" for e in latest]


def test_the_map_lists_each_places_latest_events(split_site: Built, index: Index) -> None:
    html = split_site.page("map/")
    places = re.findall(r'<li data-place="([^"]+)"[^>]*>(.*?)</li>\s*(?=<li data-place|</ul>\s*</section>)', html, re.S)
    assert len(places) > 100
    longer = 0
    for place, item in places:
        events = index.by_location[place]
        listed = re.findall(r'data-event="([^"]+)"', item)
        assert listed == [e.id for e in events[-PLACE_LISTED:]], place
        more = re.search(r'<li class="tl-map__more" data-total="(\d+)"><a href="[^"]*locations/([^"/]+)/">All (\d+) events', item)
        assert bool(more) == (len(events) > PLACE_LISTED), place
        if more:
            longer += 1
            assert more.groups() == (str(len(events)), place, str(len(events)))
    assert longer


def test_a_source_bounds_the_markers_after_each_passage(split_site: Built, index: Index) -> None:
    html = split_site.page("sources/report/")
    citing = len(index.citing["report"])
    busiest = max(re.findall(r'<sup class="tl-cites">(.*?)</sup>', html), key=len)
    assert len(re.findall(r">\[\d+\]</a>", busiest)) == MARKERS_PER_PASSAGE
    more = int(re.search(r'<a href="#cited-by" aria-label="and (\d+) more events citing it', busiest).group(1))  # type: ignore[union-attr]
    assert MARKERS_PER_PASSAGE + more <= citing and 'id="cited-by"' in html
    # The article itself is whole.
    seed = index.dataset.seeds["report"]
    assert html.count('<mark class="tl-passage">') >= 1 and len(html) > len(seed.text)


def test_web_sources_span_pages_each_once(split_site: Built, index: Index) -> None:
    pages = _periods(split_site, "sources/")
    assert pages[0][0] == "sources/" and len(pages) > 2
    seen: Counter[str] = Counter()
    for url, label, count in pages:
        html = split_site.page(url)
        listed = re.findall(r'<li><a href="(https?://[^"]+)" rel="nofollow noopener noreferrer">([^<]+)</a>',
                            html.split('id="web"')[-1] if url == "sources/" else html)
        assert len(listed) == count <= LIMIT, url
        assert label == f"{listed[0][1]} – {listed[-1][1]}"  # guide words: first and last
        seen.update(address for address, _title in listed)
    assert sorted(seen) == sorted(index.web_sources)
    assert set(seen.values()) == {1}


def test_a_wrong_limit_is_named(tmp_path: Path) -> None:
    project = site_project(tmp_path)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nextra:\n  events_per_page: 0\n")
    built = build(project)
    assert built.returncode == 1
    assert "mkdocs.yml: 'extra.events_per_page': expected a whole number of at least 1, got 0" in built.output


@pytest.mark.browser
def test_the_filtered_map_counts_the_events_it_does_not_list(split_site: Built) -> None:
    from browser import launch, serve_static

    records = json.loads((split_site.site / "data/filter-index.json").read_text(encoding="utf-8"))["events"]
    html = split_site.page("map/")
    on_map = set(re.findall(r'<li data-place="([^"]+)"', html))
    located = [r for r in records if set(r["locations_direct"]) & on_map]
    battles = [r for r in located if r["type"] == "battle"]
    here = sum(1 for r in battles if "capitalia" in r["locations_direct"])
    listed = set(re.findall(r'data-event="([^"]+)"', html.split('data-place="capitalia"')[2].split("</ul>")[0]))
    assert here > len({r["id"] for r in battles} & listed)  # some matches are not listed under the place
    with launch() as browser, serve_static(split_site.site) as base:
        context = browser.new_context()
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto(base + "map/?type=battle", wait_until="load")
        page.wait_for_function("() => document.querySelector('.tl-map__count').textContent.startsWith('Filtered')")
        places = len({p for r in battles for p in r["locations_direct"] if p in on_map})
        assert page.locator(".tl-map__count").inner_text() == (
            f"Filtered: {len(battles)} of {len(located)} located events, at {places} of {len(on_map)} places.")
        more = page.locator('li[data-place="capitalia"] li.tl-map__more')
        assert f"({here} of them match the filters)" in more.inner_text()
        context.close()


def test_an_event_in_a_days_second_part_leads_back_to_it(split_site: Built, index: Index) -> None:
    folders = {"actors": "docs/actors", "locations": "docs/locations", "seeds": "seeds"}
    site = Site(index.dataset, split_site.project / "overrides/timeline", folders, page_events=3)
    part = next(h for p in site.periods for m in p.months for h in m.headings if h.id.endswith("-part-2"))
    period = next(p for p in site.periods if part in p.months[0].headings)
    event = part.entries[0].event
    html = site.render(site.by_uri[f"events/{event.id}.md"], f"events/{event.id}/")
    crumbs = re.search(r'<nav class="tl-breadcrumbs".*?</nav>', html, re.S).group()  # type: ignore[union-attr]
    assert f'href="../../{period.url}#{part.id}"' in crumbs
    assert f'<a href="../../{period.url}#event-{event.id}">Back to the timeline' in html
