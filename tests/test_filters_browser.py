"""The timeline's filters, days and the pages of every type, in a real browser (Debian's
chromium through Playwright) over the shipped site served statically.

Expected sets are worked out here from the records themselves, never written down.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from browser import serve_static
from conftest import ROOT, build, site_project
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.model import Dataset

pytestmark = pytest.mark.browser
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(Layout(ROOT))


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Pages in fresh contexts; every console error, page error, failed request and request
    to another host is collected in `page.problems` and fails the test at the end."""
    contexts: list[Any] = []
    pages: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(color_scheme="light", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda m: page.problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url} {r.failure}"))
        page.on("request", lambda r: None if urlsplit(r.url).hostname == "127.0.0.1"
                else page.problems.append(f"request to another host: {r.url}"))
        pages.append(page)
        return page

    yield make
    problems = [p for page in pages for p in page.problems]
    for context in contexts:
        context.close()
    assert not problems, problems


def open_timeline(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.locator("form.tl-filters").wait_for(state="visible")


def visible_events(page: Any) -> list[str]:
    ids = page.eval_on_selector_all(
        "section.tl-timeline li.tl-entry", "els => els.filter(e => e.checkVisibility()).map(e => e.id)"
    )
    return [i.removeprefix("event-") for i in ids]


def count_text(page: Any) -> str:
    return page.locator("[data-tl-count]").inner_text()


def in_order(dataset: Dataset, keep: Any) -> list[str]:
    """The events `keep` accepts, in the timeline's order (as the page lists them)."""
    return [e.id for e in dataset.events if keep(e)]


def may_overlap(event: Any, low: date, high: date) -> bool:
    earliest, latest = event.date.earliest or date.min, event.date.latest or date.max
    return earliest <= high and latest >= low


def groups_above(dataset: Dataset, actor: str) -> set[str]:
    """Independent of the site's code: every actor that is `actor` or belongs to it through
    part-of / member-of relations, found by walking downwards."""
    members = {actor}
    grew = True
    while grew:
        grew = False
        for other in dataset.actors.values():
            if other.id not in members and any(
                r.type in ("part-of", "member-of") and r.actor in members for r in other.relations
            ):
                members.add(other.id)
                grew = True
    return members


def page_order(page: Any, dataset: Dataset, ids: list[str]) -> list[str]:
    listed = [e.removeprefix("event-") for e in page.eval_on_selector_all("li.tl-entry", "els => els.map(e => e.id)")]
    wanted = set(ids)
    return [i for i in listed if i in wanted]


# --- filters ----------------------------------------------------------------------------------

def test_filters_narrow_the_list_and_the_url_round_trips(new_page: Any, base_url: str, dataset: Dataset) -> None:
    page = new_page()
    open_timeline(page, base_url)
    total = len(dataset.events)
    assert count_text(page) == f"{total} of {total} events"
    assert len(visible_events(page)) == total

    page.locator("details[data-facet='type'] summary").click()
    page.get_by_role("checkbox", name=re.compile(r"^Battle\b")).check()
    battles = in_order(dataset, lambda e: e.type == "battle")
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=len(battles))
    assert sorted(visible_events(page)) == sorted(battles)
    assert parse_qs(urlsplit(page.url).query) == {"type": ["battle"]}

    page.get_by_label("Words").fill("hama")
    expected = in_order(dataset, lambda e: e.type == "battle" and "hama" in (e.title + " " + e.summary).lower())
    assert 0 < len(expected) < len(battles)
    page.wait_for_url(re.compile(r"text=hama"))
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=len(expected))
    assert sorted(visible_events(page)) == sorted(expected)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"type": ["battle"], "text": ["hama"]}

    page.reload(wait_until="load")
    page.locator("form.tl-filters").wait_for(state="visible")
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=len(expected))
    assert sorted(visible_events(page)) == sorted(expected)
    assert page.get_by_label("Words").input_value() == "hama"
    assert page.locator("input[name=type][value=battle]").is_checked()
    assert count_text(page) == f"{len(expected)} of {total} events"

    # Empty days and months are hidden with their events.
    hidden_days = page.eval_on_selector_all(".tl-day", "ds => ds.filter(d => !d.checkVisibility()).length")
    assert hidden_days > 0
    assert page.eval_on_selector_all(
        ".tl-day", "ds => ds.filter(d => d.checkVisibility() && !d.querySelector('li.tl-entry:not([hidden])')).length"
    ) == 0
    assert not page.locator("#month-2018-05").is_visible()

    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=total)
    assert urlsplit(page.url).query == ""
    assert len(visible_events(page)) == total


def test_one_day_lists_every_event_that_may_have_happened_then(new_page: Any, base_url: str, dataset: Dataset) -> None:
    day = date(2024, 12, 2)
    expected = in_order(dataset, lambda e: may_overlap(e, day, day))
    assert len(expected) > len([e for e in dataset.events if e.date.earliest == day])
    page = new_page()
    open_timeline(page, base_url + "?from=2024-12-02&to=2024-12-02")
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=len(expected))
    assert visible_events(page) == page_order(page, dataset, expected)
    assert page.get_by_label("From").input_value() == "2024-12-02"


def test_russia_includes_its_armed_forces(new_page: Any, base_url: str, dataset: Dataset) -> None:
    russia = groups_above(dataset, "russia")
    assert "russian-armed-forces" in russia
    expected = in_order(dataset, lambda e: any(a.actor in russia for a in e.actors))
    through_forces = [e.id for e in dataset.events
                      if any(a.actor == "russian-armed-forces" for a in e.actors)
                      and not any(a.actor == "russia" for a in e.actors)]
    assert through_forces, "the data has an event of the armed forces without Russia itself"
    page = new_page()
    open_timeline(page, base_url + "?actor=russia")
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=len(expected))
    shown = visible_events(page)
    assert sorted(shown) == sorted(expected)
    assert set(through_forces) <= set(shown)
    assert page.locator("input[name=actor][value=russia]").is_checked()
    assert page.locator("details[data-facet='actor'] summary").inner_text() == "Actors: Russia"


def test_chip_funnel_filters_in_place_and_back_returns(new_page: Any, base_url: str, dataset: Dataset) -> None:
    page = new_page()
    open_timeline(page, base_url)
    total = len(dataset.events)
    page.locator("li.tl-entry a.tl-chip__filter[href$='/?location=hama-governorate']").first.click()
    page.wait_for_url(re.compile(r"\?location=hama-governorate$"))
    expected = in_order(dataset, lambda e: any(
        p == "hama-governorate" or dataset.locations[p].part_of == "hama-governorate" for p in e.locations))
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=len(expected))
    assert sorted(visible_events(page)) == sorted(expected)
    page.go_back()
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=total)
    assert urlsplit(page.url).query == ""
    page.go_forward()
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=len(expected))


def test_every_chip_gets_a_funnel_to_the_filtered_timeline(new_page: Any, base_url: str, dataset: Dataset) -> None:
    event = next(e for e in dataset.events if e.tags and any(a.actor == "russian-armed-forces" for a in e.actors))
    page = new_page()
    page.goto(base_url + f"events/{event.id}/", wait_until="load")
    page.locator(".tl-chip-pair").first.wait_for()
    chips = page.locator("article a.tl-chip:not([data-no-filter])").count()
    assert chips and page.locator("article .tl-chip-pair > a.tl-chip + a.tl-chip__filter").count() == chips
    assert page.locator("article a.tl-chip[data-no-filter] + a.tl-chip__filter").count() == 0
    funnel = page.get_by_role("link", name="Timeline of Russian Armed Forces").first
    assert funnel.get_attribute("href") == "/?actor=russian-armed-forces"
    tag = page.get_by_role("link", name=f"Timeline of {event.tags[0]}").first
    assert tag.get_attribute("href") == f"/?tag={event.tags[0]}"
    funnel.click()
    page.locator("form.tl-filters").wait_for(state="visible")
    expected = in_order(dataset, lambda e: any(a.actor == "russian-armed-forces" for a in e.actors))
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=len(expected))
    assert sorted(visible_events(page)) == sorted(expected)


def test_controls_are_labelled_and_the_count_is_announced(new_page: Any, base_url: str) -> None:
    page = new_page()
    open_timeline(page, base_url)
    unlabelled = page.eval_on_selector_all(
        "form.tl-filters input", "els => els.filter(e => !e.labels || !e.labels.length).map(e => e.name)"
    )
    assert not unlabelled
    assert page.locator("[data-tl-count]").get_attribute("aria-live") == "polite"
    legends = page.eval_on_selector_all("form.tl-filters fieldset > legend", "ls => ls.map(l => l.textContent.trim())")
    assert {"Actors", "Places", "Types", "Status", "Tags"} <= set(legends)
    # Keyboard: open a facet and tick a box with keys only.
    page.locator("details[data-facet='status'] summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"status="))


def test_without_javascript_controls_are_hidden_and_every_event_listed(browser: Any, base_url: str, dataset: Dataset) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "?actor=russia", wait_until="load")
        assert page.locator("form.tl-filters").count() == 1
        assert not page.locator("form.tl-filters").is_visible()
        assert len(visible_events(page)) == len(dataset.events)
        ongoing = page.locator("h4[id='2024-12-02'] + details.tl-ongoing")
        assert ongoing.count() == 1
    finally:
        context.close()


def test_without_the_index_nothing_half_works(browser: Any, base_url: str, dataset: Dataset) -> None:
    """If data/filter-index.json cannot be had, the controls stay hidden and the list whole."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/data/filter-index.json", lambda route: route.abort())
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        with page.expect_event("console", lambda m: "filters unavailable" in m.text):
            page.goto(base_url + "?actor=russia", wait_until="load")
        assert not page.locator("form.tl-filters").is_visible()
        assert len(visible_events(page)) == len(dataset.events)
        assert not errors
    finally:
        context.close()


# --- every kind of page on a phone ------------------------------------------------------------

PAGE_TYPES = [
    "", "?from=2024-12-02&to=2024-12-02", "events/2024-12-02-us-military-communicates-with-russia/",
    "actors/", "actors/russia/", "locations/", "locations/hama-governorate/", "sources/",
    "sources/syrian-rebels-gain-ground/", "types/", "types/battle/", "tags/", "tags/hama-offensive/",
    "about/", "data-format/", "security/",
]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_fits_a_phone_without_errors(new_page: Any, base_url: str, path: str) -> None:
    page = new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(base_url + path, wait_until="load")
    page.locator("article.md-content__inner h1").first.wait_for()
    if path.startswith(("", "?")) and page.locator("form.tl-filters").count():
        page.locator("form.tl-filters").wait_for(state="visible")
        page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
    sizes = page.evaluate("() => ({inner: innerWidth, document: document.documentElement.scrollWidth, body: document.body.scrollWidth})")
    assert sizes["inner"] == 390, sizes
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 && e.checkVisibility())
        .slice(0, 8).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`)""")
    assert sizes["document"] <= sizes["inner"] and sizes["body"] <= sizes["inner"], f"{sizes}; widest: {wide}"


# --- Material's instant navigation ------------------------------------------------------------

@pytest.fixture(scope="module")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped data built with `navigation.instant`. Material 9.8 follows only links its
    sitemap lists, keeping site_url's port and path: the site is built for the address it is
    served at (the server starts first, on the empty folder)."""
    tmp = tmp_path_factory.mktemp("instant")
    project = site_project(tmp, data=None)
    site = tmp / "site"
    site.mkdir()
    with serve_static(site) as url:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        text = text.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
        config.write_text(f"site_url: {url}\n" + text, encoding="utf-8")
        built = build(project, site=site)
        assert built.returncode == 0, built.output
        yield url


def test_filters_work_after_instant_navigation(new_page: Any, instant_url: str, dataset: Dataset) -> None:
    page = new_page()
    page.goto(instant_url + "about/", wait_until="load")
    page.evaluate("() => { window.__stayed = true }")  # gone if the browser loads a new document
    page.locator("nav.md-nav--primary a.md-nav__link").first.click()  # "Timeline"
    page.locator("form.tl-filters").wait_for(state="visible")
    assert page.evaluate("() => window.__stayed === true"), "instant navigation did not swap the page in"
    page.locator("details[data-facet='tag'] summary").click()
    page.locator("input[name=tag][value=hama-offensive]").check()
    expected = in_order(dataset, lambda e: "hama-offensive" in e.tags)
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=len(expected))
    assert sorted(visible_events(page)) == sorted(expected)
    assert parse_qs(urlsplit(page.url).query) == {"tag": ["hama-offensive"]}
    # Away and back again: the listeners of the first visit are gone, the new page works.
    page.locator("nav.md-nav--primary a.md-nav__link[href$='/about/']").first.click()
    page.wait_for_url(re.compile(r"about/$"))
    page.go_back()
    page.locator("form.tl-filters").wait_for(state="visible")
    page.wait_for_function("n => document.querySelector('[data-tl-count]').textContent.startsWith(n + ' of')", arg=len(expected))
