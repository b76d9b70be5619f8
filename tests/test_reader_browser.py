"""Reader-grade pages in a real browser (issue 10): axe-core finds no serious or critical
problem on any page type in either colour scheme, our styles beat the theme's where we mean them
to (read back as computed styles), and the source page's markers are touch-sized and named.

Skipped when chromium is missing, unless REQUIRE_BROWSER=1 (CI), where that is a failure.
"""

from __future__ import annotations

from typing import Any

import pytest


pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
EVENT = "events/2024-11-30-rebels-capture-aleppo/"
SOURCE = "sources/syrian-rebels-gain-ground/"
# One page of every kind a reader meets, the indexes included.
PAGE_TYPES = [
    "", EVENT, "actors/russia/", "locations/hama/", SOURCE, "actors/", "locations/", "sources/",
    "types/", "types/battle/", "tags/", "tags/hama-offensive/", "map/", "actors/relations/", "data/",
    "about/", "contributing/",
]


def open_page(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.locator("article h1").first.wait_for()


# --- axe-core ---------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_serious_problem(new_page: Any, base_url: str, path: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(scheme)
    open_page(page, base_url + path)
    # mkdocs.yml's palettes follow prefers-color-scheme: the emulated one must have been applied.
    applied = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    assert applied == {"light": "default", "dark": "slate"}[scheme]
    results = Axe().run(page).response
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:4]} {v['nodes'][0].get('failureSummary', '')[:160]}"
        for v in results["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not bad, "\n".join(bad)


def test_axe_sees_a_planted_problem(new_page: Any, base_url: str) -> None:
    """The check can fail: a grey-on-grey paragraph in our page is reported."""
    from axe_playwright_python.sync_playwright import Axe

    page = new_page()
    open_page(page, base_url + "about/")
    page.evaluate("""() => { const p = document.createElement('p'); p.textContent = 'faint';
        p.style.color = '#eee'; document.querySelector('article h1').after(p); }""")
    ids = [v["id"] for v in Axe().run(page).response["violations"]]
    assert "color-contrast" in ids, ids


# --- our styles win ---------------------------------------------------------------------------

def test_place_trail_is_a_row(new_page: Any, base_url: str) -> None:
    page = new_page()
    open_page(page, base_url + "locations/hama/")
    items = page.locator("nav.tl-breadcrumbs li")
    assert items.count() >= 2
    tops = {round(box["y"]) for box in (item.bounding_box() for item in items.all())}
    assert len(tops) == 1, f"the trail stacks: item tops {tops}"
    assert items.first.evaluate("li => getComputedStyle(li.parentElement).display") == "flex"


def test_disputed_entries_line_up_with_their_neighbours(new_page: Any, base_url: str) -> None:
    page = new_page()
    open_page(page, base_url)
    starts = page.evaluate("""() => [...document.querySelectorAll('ol.tl-entries > li.tl-entry')].map(li => {
        const s = getComputedStyle(li);
        return {disputed: li.classList.contains('tl-entry--disputed'), line: li.getBoundingClientRect().left,
                text: li.getBoundingClientRect().left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
                list: li.parentElement.getBoundingClientRect().left};
    })""")
    disputed = [s for s in starts if s["disputed"]]
    plain = [s for s in starts if not s["disputed"]]
    assert disputed and plain, "the shipped data has a disputed event and plain ones"
    assert len({round(s["text"], 1) for s in starts}) == 1, f"entry texts start at different places: {starts}"
    for s in disputed:  # its dashed line sits on the day's line, not beside it
        assert abs(s["line"] - s["list"]) < 0.5, s


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_passages_use_our_colour_and_the_target_stands_out(new_page: Any, base_url: str, scheme: str) -> None:
    page = new_page(scheme)
    open_page(page, base_url + SOURCE)
    marks = page.locator(".tl-document mark.tl-passage")
    target_id = page.locator(".tl-document .tl-anchor").first.get_attribute("id")
    quiet = page.evaluate("""() => {
        const probe = document.createElement('mark'); document.querySelector('.md-typeset').append(probe);
        const theirs = getComputedStyle(probe).backgroundColor; probe.remove();
        return {theirs, ours: [...document.querySelectorAll('.tl-document mark.tl-passage')]
            .map(m => getComputedStyle(m).backgroundColor)};
    }""")
    assert len(set(quiet["ours"])) == 1, f"more than one passage colour: {set(quiet['ours'])}"
    assert quiet["ours"][0] != quiet["theirs"], "passages still use Material's mark colour"
    page.goto(base_url + SOURCE + "#" + target_id)
    target = page.locator(f"[id='{target_id}'] + mark.tl-passage")
    strong = target.evaluate("m => getComputedStyle(m).backgroundColor")
    outline = target.evaluate("m => getComputedStyle(m).outlineStyle")
    assert strong != quiet["ours"][0] and outline != "none", (strong, outline)
    others = {m.evaluate("m => getComputedStyle(m).backgroundColor") for m in marks.all()[1:]}
    assert strong not in others


def test_chips_are_touch_sized_and_kinds_differ_by_shape(new_page: Any, base_url: str) -> None:
    page = new_page(**PHONE)
    open_page(page, base_url + EVENT)
    heights = page.evaluate("() => [...document.querySelectorAll('a.tl-chip')].map(a => a.getBoundingClientRect().height)")
    assert heights and min(heights) >= 24, heights
    icons = page.evaluate("""() => Object.fromEntries(['actor', 'location', 'type'].map(kind => {
        const chip = document.querySelector('a.tl-chip--' + kind);
        return [kind, chip ? getComputedStyle(chip, '::before').maskImage : null];
    }))""")
    assert icons["actor"] not in (None, "none") and icons["location"] not in (None, "none"), icons
    assert icons["actor"] != icons["location"], "actor and place chips look alike"


def test_focused_chip_keeps_its_contrast(new_page: Any, base_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = new_page()
    open_page(page, base_url + EVENT)
    page.locator("a.tl-chip").first.focus()
    results = Axe().run(page, context="a.tl-chip", options={"runOnly": ["color-contrast"]}).response
    assert results["violations"] == [], results["violations"]


# --- where am I -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGE_TYPES)
def test_first_tab_is_a_working_skip_link(new_page: Any, base_url: str, path: str) -> None:
    page = new_page()
    open_page(page, base_url + path)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})")
    assert "md-skip" in focused["cls"], focused
    assert page.locator("a.md-skip:focus").is_visible()
    target = focused["href"].split("#", 1)[1]
    assert page.locator(f"[id='{target}']").count() == 1, focused
