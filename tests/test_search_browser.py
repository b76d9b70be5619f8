"""Search on the shipped site in real Chromium: names and aliases (in any script) find the
record's own page first, results show the record's words, and `/?q=` opens the search with a
query. On a generated site large enough for many index files, a first search downloads a
small part of the index, and a record's name from contributors is shown as text."""

from __future__ import annotations

from typing import Any
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from timeline_core.site.search_words import words

pytestmark = pytest.mark.browser
TIMEOUT_MS = 30_000
RESULT = ".md-search-result__item > a.md-search-result__link"
OWN_PAGE = [
    ("Hamah", "locations/hama/", "Hama", "Also written Hamah"),
    ("SOHR", "actors/syrian-observatory-for-human-rights/", "Syrian Observatory for Human Rights", "Also known as SOHR"),
    ("HTS", "actors/hayat-tahrir-al-sham/", "Hayat Tahrir al-Sham", "Also known as HTS"),
    ("Hama", "locations/hama/", "Hama", "Also written Hamah"),
    ("Aleppo", "locations/aleppo/", "Aleppo", "Also written Halab"),
    ("هيئة تحرير الشام", "actors/hayat-tahrir-al-sham/", "Hayat Tahrir al-Sham", "Also known as HTS"),
    ("حماة", "locations/hama/", "Hama", "Also written Hamah"),
    ("Россия", "actors/russia/", "Russia", "Also known as"),
    ("عباس عراقچی", "actors/abbas-araghchi/", "Abbas Araghchi", "Also known as"),
]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(color_scheme="light")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _type(box: Any, text: str, delay: int = 0) -> None:
    """Real key presses, as a reader types. Playwright inserts characters that are not on its
    US keyboard (Arabic, Cyrillic) without key events, and Material queries on keyup: a final
    key press stands for the keyup a reader's keyboard sends with every character."""
    box.press_sequentially(text, delay=delay)
    if not text.isascii():
        box.press("End")


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
    _type(box, query, delay=30)
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
    """Each alias of each actor and place, typed into the search, lists that record's page:
    Latin, Arabic, Persian and Cyrillic script alike."""
    from timeline_core.reading.files import Layout, load_dataset

    ds = load_dataset(Layout(shipped_site.project))
    records = [(f"actors/{a.id}/", a.aliases) for a in ds.actors.values()]
    records += [(f"locations/{p.id}/", p.aliases) for p in ds.locations.values()]
    page.goto(base_url, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    missing = []
    for url, aliases in records:
        for alias in aliases:
            box.fill("")
            _type(box, alias)
            try:  # the results list this record's page (each query answers in well under 10 s)
                page.wait_for_function(
                    "url => [...document.querySelectorAll('.md-search-result__item > a')]"
                    ".some(a => new URL(a.href).pathname === url)", arg="/" + url, timeout=10_000)
            except PlaywrightTimeout:
                missing.append((alias, url))
    assert missing == [], missing
    assert sum(1 for _, aliases in records for alias in aliases if not alias.isascii()) > 10


WORD_SAMPLES = ["Ḥamāh", "Hay'at Tahrir al-Sham", "هيئة تحرير الشام", "Алеппо, АЛЕППО", "عباس عراقچی",
                "أحمد", "İstanbul_2024", "Qal’at al-Madiq", "ﬁre ½ Ⅻ", "naïve café", "東京都"]


def test_the_browser_splits_words_as_the_index_does(page: Any, base_url: str) -> None:
    """search-core.js and timeline_core.site.search_words are one definition in two languages."""
    page.goto(base_url, wait_until="load")
    found = page.evaluate("""async samples => {
        const { words } = await import(new URL("assets/js/search-core.js", document.baseURI).href);
        return samples.map(words);
    }""", WORD_SAMPLES)
    assert found == [words(sample) for sample in WORD_SAMPLES]


def test_result_marks_the_words_found_and_keeps_entities_whole(page: Any, base_url: str) -> None:
    page.goto(base_url + "?q=Halab", wait_until="load")
    first = page.locator(RESULT).first
    first.wait_for()
    assert [mark.inner_text() for mark in first.locator("mark").all()] == ["Halab"]
    marked = page.evaluate("""async () => {
        const { highlight } = await import(new URL("assets/js/search-core.js", document.baseURI).href);
        return highlight("R&amp;R &lt;b&gt; amp", new Set(["amp", "r"]));
    }""")
    assert marked == "<mark>R</mark>&#38;<mark>R</mark> &#60;b&#62; <mark>amp</mark>"
