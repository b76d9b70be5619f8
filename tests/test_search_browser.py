"""Search on the shipped site in real Chromium: names and aliases find the record's own page
first, results show the record's words, and `/?q=` opens the search with a query."""

from __future__ import annotations

from typing import Any
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser
TIMEOUT_MS = 30_000
RESULT = ".md-search-result__item > a.md-search-result__link"
OWN_PAGE = [
    ("Hamah", "locations/hama/", "Hama", "Also written Hamah"),
    ("SOHR", "actors/syrian-observatory-for-human-rights/", "Syrian Observatory for Human Rights", "Also known as SOHR"),
    ("HTS", "actors/hayat-tahrir-al-sham/", "Hayat Tahrir al-Sham", "Also known as HTS"),
    ("Hama", "locations/hama/", "Hama", "Also written Hamah"),
    ("Aleppo", "locations/aleppo/", "Aleppo", "Also written Halab"),
]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(color_scheme="light")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _first_result(page: Any) -> tuple[str, str]:
    first = page.locator(RESULT).first
    first.wait_for()
    return urlsplit(first.get_attribute("href") or "").path, first.inner_text()


@pytest.mark.parametrize(("query", "url", "title", "words"), OWN_PAGE)
def test_name_or_alias_ranks_the_records_page_first(page: Any, base_url: str, query: str, url: str,
                                                    title: str, words: str) -> None:
    page.goto(base_url, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=30)  # real key presses, as a reader types
    href, text = _first_result(page)
    assert href == "/" + url, text
    assert text.splitlines()[0].strip() == title
    assert words in text  # the record's own words...
    for chrome in ("Data file", "Next event", "Previous event", "Edit this page"):
        assert chrome not in text  # ...not the page's chrome


def test_query_link_opens_search_with_its_results(page: Any, base_url: str) -> None:
    page.goto(base_url + "?q=Hamah", wait_until="load")
    href, text = _first_result(page)
    assert href == "/locations/hama/", text
    assert page.locator("input.md-search__input").input_value() == "Hamah"
    page.locator(RESULT).first.click()
    page.wait_for_url(base_url + "locations/hama/**")
    assert page.locator("article h1").first.inner_text().strip() == "Hama"


def test_every_alias_finds_its_record(page: Any, base_url: str, shipped_site) -> None:
    """Each alias of each actor and place, typed into the search, lists that record's page.
    Aliases in Latin script only: Material's query parser (lunr) drops words in Arabic,
    Persian or Cyrillic script whatever the index holds (a limit of the engine, reported)."""
    from timeline_core.files import Layout, load_dataset

    ds = load_dataset(Layout(shipped_site.project))
    records = [(f"actors/{a.id}/", a.aliases) for a in ds.actors.values()]
    records += [(f"locations/{p.id}/", p.aliases) for p in ds.locations.values()]
    page.goto(base_url, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    missing = []
    for url, aliases in records:
        for alias in (alias for alias in aliases if all(ord(char) < 0x250 for char in alias)):
            box.fill("")
            box.press_sequentially(alias)
            try:  # the results list this record's page (each query answers in well under 10 s)
                page.wait_for_function(
                    "url => [...document.querySelectorAll('.md-search-result__item > a')]"
                    ".some(a => new URL(a.href).pathname === url)", arg="/" + url, timeout=10_000)
            except PlaywrightTimeout:
                missing.append((alias, url))
    assert missing == [], missing
