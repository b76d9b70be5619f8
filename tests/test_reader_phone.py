"""Reader-grade pages on a phone (issue 10), in real headless Chromium on the shipped site:
compact timeline entries whose folded summary and chips stay one tap (or Enter) away, with
JavaScript or without, and the desktop layout left as it was.

Skipped when chromium is missing, unless REQUIRE_BROWSER=1 (CI), where that is a failure.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import ROOT
from timeline_core.files import Layout, load_dataset
from timeline_core.model import Dataset

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
        summaryText: li.querySelector('.tl-entry__summary').textContent.trim(),
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
