"""A long timeline is split into periods (timeline_core/site/periods.py): no page holds more than
PERIOD_LIMIT events (a day is never cut), every event is on exactly one timeline page, the home
page shows the latest period and the list, and links and the filter index know where each
event is."""

from __future__ import annotations

import json
import posixpath
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Built, build, site_project
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.site.index import build_index
from timeline_core.site.periods import PERIOD_LIMIT, split_periods
from timeline_core.site.timeline import timeline_months

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import generate  # noqa: E402

EVENTS = 600  # more than twice PERIOD_LIMIT: three or more pages


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = site_project(tmp_path_factory.mktemp("split"))
    generate(project, EVENTS)
    built = build(project)
    assert built.returncode == 0, built.output
    return built


def _months(project: Path) -> Any:
    return timeline_months(build_index(load_dataset(Layout(project))).events)


def test_small_timeline_is_one_page(mini_site: Built) -> None:
    assert split_periods(_months(mini_site.project)) == []
    assert not (mini_site.site / "timeline").exists()
    assert "tl-periods" not in mini_site.page("")


def test_periods_cover_every_event_once_in_order_within_the_limit(split_site: Built) -> None:
    months = _months(split_site.project)
    periods = split_periods(months)
    assert len(periods) >= 3
    listed = [e.event.id for p in periods for m in p.months for h in m.headings for e in h.entries]
    assert listed == [e.event.id for m in months for h in m.headings for e in h.entries]
    for period in periods:
        days = [h for m in period.months for h in m.headings]
        assert period.count <= PERIOD_LIMIT or len(days) == 1, (period.key, period.count)
    assert [p.latest for p in periods] == [False] * (len(periods) - 1) + [True]
    assert len({p.key for p in periods}) == len(periods)


def _timeline_pages(built: Built) -> dict[str, str]:
    pages = {"": built.page("")}
    for folder in sorted((built.site / "timeline").iterdir()):
        pages[f"timeline/{folder.name}/"] = built.page(f"timeline/{folder.name}/")
    return pages


def test_each_event_on_exactly_one_page_and_no_page_too_large(split_site: Built) -> None:
    ds = load_dataset(Layout(split_site.project))
    pages = _timeline_pages(split_site)
    where: dict[str, list[str]] = {}
    for url, html in pages.items():
        for event_id in re.findall(r'<li class="tl-entry[^"]*" id="event-([^"]+)"', html):
            where.setdefault(event_id, []).append(url)
        assert len(html.encode("utf-8")) < 500_000, url
    assert sorted(where) == sorted(e.id for e in ds.events)
    assert {k: v for k, v in where.items() if len(v) != 1} == {}
    # The filter index says the same, for lists of matches across periods.
    index = json.loads((split_site.site / "data/filter-index.json").read_text(encoding="utf-8"))["events"]
    assert {r["id"]: r["period"] for r in index} == {k: v[0] for k, v in where.items()}
    # The latest events are on the home page.
    assert where[ds.events[-1].id] == [""]


def test_period_list_and_cross_period_links_resolve(split_site: Built) -> None:
    pages = _timeline_pages(split_site)
    for url, html in pages.items():
        nav = re.search(r'<nav class="tl-periods".*?</nav>', html, re.S)
        assert nav, url
        hrefs = re.findall(r'href="([^"]+)"', nav.group())
        assert len(hrefs) == len(pages) - 1  # every other period; this one is marked current
        assert 'aria-current="page"' in nav.group()
    # "Also ongoing" links to entries on other pages land on an existing anchor there.
    checked = 0
    for url, html in pages.items():
        for target, anchor in re.findall(r'href="([^"#]*)#(event-[^"]+)"', html):
            resolved = posixpath.normpath(posixpath.join("/" + url, target)).strip("/")
            landing = resolved + "/" if resolved else ""
            assert f'id="{anchor}"' in pages[landing], (url, target, anchor)
            checked += int(landing != url)
    assert checked


def test_period_pages_are_out_of_search_and_nav(split_site: Built) -> None:
    from searchfiles import documents

    assert not [d for d in documents(split_site.site) if d["location"].startswith("timeline/")]
    home = split_site.page("")
    assert 'href="timeline/' not in re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', home, re.S).group()


@pytest.mark.browser
def test_filter_lists_matches_in_other_periods(split_site: Built) -> None:
    from browser import launch, serve_static

    index = json.loads((split_site.site / "data/filter-index.json").read_text(encoding="utf-8"))["events"]
    wanted = [r for r in index if r["type"] == "protest"]
    elsewhere = [r for r in wanted if r["period"] != ""]
    assert elsewhere and len(elsewhere) < len(wanted)
    with launch() as browser, serve_static(split_site.site) as base:
        context = browser.new_context()
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto(base + "?type=protest", wait_until="load")
        box = page.locator("[data-tl-elsewhere]")
        box.wait_for(state="visible")
        links = box.locator("ol > li > a")
        shown = min(len(elsewhere), 200)
        assert links.count() == shown
        assert [links.nth(i).inner_text() for i in range(min(5, shown))] == [r["title"] for r in elsewhere[:5]]
        counter = page.locator("[data-tl-count]").inner_text()
        assert f"{len(elsewhere)} in other periods" in counter
        links.first.click()
        first = elsewhere[0]
        page.wait_for_url(f"{base}{first['period']}#event-{first['id']}")
        assert page.locator(f"#event-{first['id']}").is_visible()
        # Cleared, the list goes.
        page.goto(base, wait_until="load")
        page.wait_for_selector("[data-tl-filters]:not([hidden])")
        assert page.locator("[data-tl-elsewhere]").is_hidden()
        context.close()
