"""Reader-grade pages on a phone (issue 10), in real headless Chromium: compact timeline entries
whose folded summary and chips stay one tap (or Enter) away, with JavaScript or without, and the
desktop layout left as it was; every kind of page the build makes (tests/page_kinds.py) fits a
390-px screen without sideways scrolling, light and dark; and an event type reads the same,
label and case, wherever a page shows it.

Skipped when chromium is missing, unless REQUIRE_BROWSER=1 (CI), where that is a failure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from bench import generate
from browser import serve_static
from conftest import ROOT, Built, build, site_project, write_files
from page_kinds import REFRESH, page_kinds
from test_redirects import renamed_files
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.model import EVENT_TYPE_LABELS, Dataset

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# The most a timeline entry may take at 390 px: its date and type chips on at most two lines
# (2 x 27 px: chips are 24-px touch targets), a title of up to three lines (3 x 29 px at
# 0.9rem bold), the 24-px fold toggle and the gaps between them (about 20 px): 185 px, so 200
# leaves a little room. Unfolded, an entry took 319 px on average (summary and chips alone 195).
ENTRY_MAX_PX = 200
# Per event, the list as a whole (month and day headings included): 375 px before folding.
LIST_PER_EVENT_MAX_PX = 200


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(Layout(ROOT))


def open_timeline(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.locator("section.tl-timeline li.tl-entry").first.wait_for(state="attached")


def fold_state(page: Any) -> list[dict[str, Any]]:
    """Each entry's id, height and whether its summary and chips can be seen right now."""
    return page.evaluate("""() => [...document.querySelectorAll('li.tl-entry')].map(li => ({
        id: li.id, height: li.getBoundingClientRect().height,
        summary: li.querySelector('.tl-entry__summary').checkVisibility({contentVisibilityAuto: true}),
        chips: [...li.querySelectorAll('a.tl-chip')].filter(a => a.checkVisibility()).length,
        toggle: li.querySelector('summary.tl-fold__toggle').checkVisibility(),
    }))""")


def test_phone_entries_are_compact_and_fit_the_screen(new_page: Any, base_url: str, dataset: Dataset) -> None:
    page = new_page(**PHONE)
    open_timeline(page, base_url)
    entries = fold_state(page)
    assert len(entries) == len(dataset.events)
    too_tall = {e["id"]: round(e["height"]) for e in entries if e["height"] > ENTRY_MAX_PX}
    assert not too_tall, f"entries taller than {ENTRY_MAX_PX} px at 390 px: {too_tall}"
    assert not any(e["summary"] for e in entries), "summaries are not folded on a phone"
    assert all(e["toggle"] for e in entries), "an entry has no visible toggle"
    listed = page.evaluate("""() => { const months = [...document.querySelectorAll('section.tl-month')];
        return months.at(-1).getBoundingClientRect().bottom - months[0].getBoundingClientRect().top; }""")
    assert listed / len(entries) <= LIST_PER_EVENT_MAX_PX, f"{listed:.0f} px for {len(entries)} events"
    width = page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    assert width <= 390, width


@pytest.mark.parametrize("javascript", [True, False])
def test_folded_summary_and_chips_open_by_tap_and_by_keyboard(
        new_page: Any, base_url: str, dataset: Dataset, javascript: bool) -> None:
    page = new_page(java_script_enabled=javascript, **PHONE)
    open_timeline(page, base_url)
    event = dataset.events[0]
    entry = page.locator(f"li[id='event-{event.id}']")
    toggle = entry.locator("summary.tl-fold__toggle")
    label = toggle.inner_text()
    assert label.startswith("Summary") and f"{len(event.actors)} actor" in label, label
    assert not entry.locator(".tl-entry__summary").is_visible()

    toggle.tap()
    assert entry.locator("details.tl-fold").get_attribute("open") is not None
    summary = entry.locator(".tl-entry__summary")
    assert summary.is_visible()
    chips = entry.locator("a.tl-chip--actor, a.tl-chip--location")
    assert chips.count() == len(event.actors) + len(event.locations)
    assert all(chip.is_visible() for chip in chips.all())
    # What opens is the event's own summary (its Markdown links read as their text).
    words = " ".join(re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", event.summary).split())
    assert words[:60] in " ".join(summary.inner_text().split())

    toggle.tap()  # closed again, then opened from the keyboard
    assert not summary.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert summary.is_visible()
    page.keyboard.press("Tab")  # the next stop is inside what just opened
    assert page.evaluate("() => document.activeElement.closest('details.tl-fold') !== null")


def test_screen_readers_get_a_named_disclosure_on_phones_and_everything_on_desktop(
        new_page: Any, base_url: str, dataset: Dataset) -> None:
    event = next(e for e in dataset.events if e.actors)
    name = dataset.actors[event.actors[0].actor].name
    trees = {}
    for size, options in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(**options)
        open_timeline(page, base_url)
        trees[size] = page.locator(f"li[id='event-{event.id}']").aria_snapshot()
    # Folded: a group named by its toggle ("Summary, 2 actors"), its links not read out yet;
    # the title, a link to the whole event, always is.
    assert event.title in trees["phone"] and "group: Summary," in trees["phone"], trees["phone"]
    assert f'link "{name}"' not in trees["phone"], trees["phone"]
    # Open on a wide screen: the group holds the summary and every chip.
    assert f'link "{name}"' in trees["desktop"] and "group: Summary" not in trees["desktop"], trees["desktop"]


def test_desktop_shows_everything_with_no_toggle(new_page: Any, base_url: str, dataset: Dataset) -> None:
    page = new_page(**DESKTOP)
    open_timeline(page, base_url)
    entries = fold_state(page)
    assert len(entries) == len(dataset.events)
    assert all(e["summary"] for e in entries), "a summary is folded on a wide screen"
    assert not any(e["toggle"] for e in entries), "a fold toggle shows on a wide screen"
    by_id = {e.id: e for e in dataset.events}
    for e in entries:
        event = by_id[e["id"].removeprefix("event-")]
        assert e["chips"] >= len(event.actors) + len(event.locations), e


def test_phone_timeline_passes_axe(new_page: Any, base_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for scheme in ("light", "dark"):
        page = new_page(scheme, **PHONE)
        open_timeline(page, base_url)
        page.locator("li.tl-entry summary.tl-fold__toggle").first.tap()  # one open, the rest closed
        results = Axe().run(page).response
        bad = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:4]}"
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, f"{scheme}: " + "\n".join(bad)


# --- every kind of page the build makes, on a phone, light and dark ------------------------------

# More events than one timeline page holds (periods.PERIOD_LIMIT, 250): period pages appear.
LARGE_EVENTS = 260
# Kinds the derivation must find (so a broken derivation cannot pass by finding nothing); any
# other kind the build makes is checked too.
EXPECTED_KINDS = {
    ("", "tl-timeline"), ("404.html", "prose"), ("about/", "prose"), ("contributing/", "prose"),
    ("data-format/", "prose"), ("security/", "prose"), ("performance/", "prose"),
    ("events/*", "tl-event"), ("actors/*", "tl-actor"), ("actors/*", "tl-index"),
    ("locations/*", "tl-location"), ("sources/*", "tl-source"), ("types/*", "tl-type"),
    ("tags/*", "tl-tag-page"), ("map/", "tl-index"), ("timeline/*", "tl-timeline"),
    ("events/*", "refresh"), ("actors/*", "refresh"), ("locations/*", "refresh"),
}


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Generated data long enough for period pages, with renamed records (redirect pages)."""
    project = site_project(tmp_path_factory.mktemp("kinds"))
    generate(project, LARGE_EVENTS)
    write_files(project, renamed_files())
    built = build(project)
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="module")
def large_url(large_site: Built) -> Iterator[str]:
    with serve_static(large_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def kinds(shipped_site: Built, large_site: Built) -> dict[str, dict[tuple[str, str], str]]:
    """Every kind of page, from the shipped site where it has one, else from the large site."""
    shipped = page_kinds(shipped_site.site)
    large = {kind: url for kind, url in page_kinds(large_site.site).items() if kind not in shipped}
    return {"shipped": shipped, "large": large}


def test_every_expected_kind_of_page_is_found(kinds: dict[str, dict[tuple[str, str], str]]) -> None:
    found = set(kinds["shipped"]) | set(kinds["large"])
    assert EXPECTED_KINDS <= found, sorted(EXPECTED_KINDS - found)


def overflow(page: Any, screen: int = 390) -> dict[str, Any]:
    """The layout width (a phone widens it to fit what overflows) and what sticks out."""
    return page.evaluate("""screen => ({inner: innerWidth,
        width: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
        widest: [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > screen + 0.5 && e.checkVisibility())
            .slice(0, 6).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`)})""", screen)


def still(html: str) -> Any:
    """A route handler answering with this HTML (a redirect page without its refresh)."""
    def answer(route: Any) -> None:
        route.fulfill(body=html, content_type="text/html")
    return answer


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["shipped", "large"])
def test_every_kind_of_page_fits_a_phone(
        new_page: Any, base_url: str, large_url: str, kinds: dict[str, dict[tuple[str, str], str]],
        shipped_site: Built, large_site: Built, which: str, scheme: str) -> None:
    base, site = (base_url, shipped_site.site) if which == "shipped" else (large_url, large_site.site)
    page = new_page(scheme, **PHONE)
    wide: dict[str, Any] = {}
    for kind, url in kinds[which].items():
        if kind[1] == "refresh":
            # What a reader sees for the moment before it moves on, or for good where the
            # browser is set not to follow refreshes: the page without its refresh.
            html = (site / (url + "index.html" if url.endswith("/") else url)).read_text(encoding="utf-8")
            page.route(base + url, still(REFRESH.sub('<meta name="x-refresh-removed"', html)))
        page.goto(base + url, wait_until="load")
        page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")  # folded text too
        sizes = overflow(page)
        if sizes["inner"] != 390 or sizes["width"] > 390:
            wide[url or "(home)"] = sizes
    assert not wide, wide


# --- one type label, one case, everywhere ---------------------------------------------------------

# Every piece of visible text (innerText: what CSS text-transform makes of it) that names an
# event type, in any case, must be the type's label as written. Code is left out: it shows ids.
LABEL_CASES = """labels => {
    const wanted = new Map(labels.map(l => [l.toLowerCase(), l]));
    const bad = new Set();
    for (const el of document.querySelectorAll('body *')) {
        if (el.closest('code, pre, script, style, svg') || !el.checkVisibility()) continue;
        const text = el.innerText;
        if (!text || text.length > 400) continue;
        const ids = new Set([...el.querySelectorAll('code')].map(c => c.innerText.trim()));
        for (const piece of text.split(/[,;()\\n]|:\\s*\\d+/)) {
            const part = piece.replace(/^\\s*\\d+\\s+|\\s+\\d+\\s*$/g, '').trim();
            const label = wanted.get(part.toLowerCase());
            if (label && part !== label && !ids.has(part)) bad.add(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${part}`);
        }
    }
    return [...bad];
}"""


@pytest.mark.parametrize("which", ["shipped", "large"])
def test_type_labels_read_the_same_everywhere(
        new_page: Any, base_url: str, large_url: str, kinds: dict[str, dict[tuple[str, str], str]], which: str) -> None:
    base = base_url if which == "shipped" else large_url
    page = new_page(**DESKTOP)
    seen, wrong = 0, {}
    for kind, url in kinds[which].items():
        if kind[1] == "refresh":
            continue
        page.goto(base + url, wait_until="load")
        page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
        seen += page.evaluate(LABEL_COUNT, list(EVENT_TYPE_LABELS.values()))
        bad = page.evaluate(LABEL_CASES, list(EVENT_TYPE_LABELS.values()))
        if bad:
            wrong[url or "(home)"] = bad
    assert not wrong, wrong
    assert seen > 0, "no type label found on any page: the check would pass on anything"


# How many elements show a type label exactly (chips, table cells, legend entries, headings).
LABEL_COUNT = """labels => [...document.querySelectorAll('body *')]
    .filter(el => el.checkVisibility() && labels.includes((el.innerText || '').trim())).length"""


def test_the_label_check_sees_capitals_made_by_css(new_page: Any, base_url: str) -> None:
    """The check can fail: a type chip set in capitals by CSS is reported."""
    page = new_page(**DESKTOP)
    page.goto(base_url + "types/", wait_until="load")
    page.add_style_tag(content=".md-typeset a.tl-chip--type, .md-typeset td a { text-transform: uppercase; }")
    bad = page.evaluate(LABEL_CASES, list(EVENT_TYPE_LABELS.values()))
    assert any(": BATTLE" in b for b in bad), bad
