"""The shipped site in a real browser (Debian's chromium through Playwright), served statically.

Skipped when chromium is missing, unless REQUIRE_BROWSER=1 (CI), where that is a failure.
Waits are for selectors and URLs, never for "networkidle".
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest


pytestmark = pytest.mark.browser

EVENT = "events/2024-11-30-rebels-capture-aleppo/"
SOURCE = "sources/syrian-rebels-gain-ground/"


@pytest.mark.parametrize("path", ["", EVENT, SOURCE, "actors/hayat-tahrir-al-sham/"])
def test_page_is_self_contained_and_error_free(new_page: Any, base_url: str, path: str) -> None:
    page = new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url} {request.failure}"))

    # Wait for the search worker's index too: the last request a page makes by itself.
    with page.expect_request(lambda request: request.url.endswith("/search/search_index.json")):
        page.goto(base_url + path, wait_until="load")
    page.wait_for_selector("article.md-content__inner h1")

    assert requests, "no request recorded"
    elsewhere = [url for url in requests if urlsplit(url).hostname != "127.0.0.1"]
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    assert not errors, errors


def test_search_finds_event_pages(new_page: Any, base_url: str) -> None:
    page = new_page()
    page.goto(base_url, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Aleppo", delay=30)  # real key presses, as a reader types
    results = page.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for()
    hrefs = [urlsplit(link.get_attribute("href") or "").path for link in results.all()]
    assert "/" + EVENT in hrefs, hrefs
    # Our worker sends the best matches only, and the count says so (overrides/main.html).
    assert re.fullmatch(r"The \d+ best matches|1 matching document", page.locator(".md-search-result__meta").inner_text())

    page.locator(f".md-search-result__item > a[href*='{EVENT}']").click()
    page.wait_for_url(re.compile(re.escape(base_url + EVENT)))
    assert page.locator("article.tl-event h1").inner_text() == "Rebels capture Aleppo"


def test_source_link_lands_on_highlighted_passage(new_page: Any, base_url: str) -> None:
    page = new_page()
    page.goto(base_url + EVENT, wait_until="load")
    link = page.locator("ol.tl-sources .tl-quote__from a").first
    quote = page.locator("ol.tl-sources blockquote.tl-quote").first.inner_text().strip("“”\" \n")
    link.click()
    page.wait_for_url(re.compile(re.escape(base_url + SOURCE) + r"#passage-[0-9a-f]+$"))

    anchor_id = urlsplit(page.url).fragment
    anchor = page.locator(f"[id='{anchor_id}']")
    assert anchor.count() == 1
    mark = page.locator(f"[id='{anchor_id}'] + mark.tl-passage")
    assert mark.count() == 1, "the passage anchor is not followed by its highlighted passage"
    assert mark.inner_text() == quote
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the passage is not highlighted"
    page.wait_for_function(
        "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight }",
        arg=mark.element_handle(),
    )

    citations = page.locator(f"[id='{anchor_id}'] + mark.tl-passage + sup.tl-cites a")
    targets = [urljoin(page.url, citation.get_attribute("href") or "") for citation in citations.all()]
    assert base_url + EVENT in targets, targets
    page.locator(f"[id='{anchor_id}'] + mark.tl-passage + sup.tl-cites a[href$='{EVENT}']").click()
    page.wait_for_url(base_url + EVENT)
    assert page.locator("article.tl-event h1").inner_text() == "Rebels capture Aleppo"


def test_timeline_fits_a_phone(new_page: Any, base_url: str) -> None:
    page = new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(base_url, wait_until="load")
    page.locator("section.tl-timeline li.tl-entry").last.wait_for()
    sizes = page.evaluate("""() => ({
        inner: window.innerWidth,
        document: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
    })""")
    assert sizes["inner"] == 390, sizes
    assert sizes["document"] <= sizes["inner"] and sizes["body"] <= sizes["inner"], (
        f"horizontal scroll on a phone: {sizes}; widest: {_overflowing(page)}"
    )


def _overflowing(page: Any) -> list[str]:
    """The elements that stick out on the right, for the failure message."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 10)
        .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)}px`)""")


def test_dark_palette_toggle(new_page: Any, base_url: str) -> None:
    page = new_page()
    page.goto(base_url, wait_until="load")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("form[data-md-component='palette'] label[title='Switch to dark mode']").click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert page.locator("form[data-md-component='palette'] label[title='Switch to light mode']").is_visible()
    # The choice survives a page change (Material keeps it in localStorage).
    page.goto(base_url + EVENT, wait_until="load")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
