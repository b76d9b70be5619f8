"""Search on a generated site large enough for many index files, in real Chromium: a first
search downloads a small, bounded part of the index (bytes of responses, never timings),
finds a record by a Cyrillic alias, and shows contributors' names as text."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bench import generate
from conftest import BROWSER_TIMEOUT_MS, Built, build, site_project
from search_bytes import first_search
from searchfiles import shards_of

pytestmark = pytest.mark.browser
EVENTS = 400
# The promise is at most 1 MB for a first search at 10,000 events (issue #11). What a query
# needs does not grow with the number of events, except the postings of its words (the texts
# of at most 20 results, the worker, the map): here, with 400 events, a first search stays
# under 150 KB, and under a third of the index.
BUDGET = 150_000
RESULT = ".md-search-result__item > a.md-search-result__link"
PAYLOAD = "The <img src=x onerror=alert(1)> & <b>Co</b>"


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = site_project(tmp_path_factory.mktemp("search-scale"), data="mini")
    for folder in ("events", "docs/actors", "docs/locations", "seeds"):
        shutil.rmtree(project / folder, ignore_errors=True)
    generate(project, EVENTS)
    (project / "docs/locations/aleppo.md").write_text(
        "---\nname: Aleppo\nkind: city\naliases: [Halab, Алеппо]\ncoordinates: [36.2, 37.15]\n"
        "part_of: landia\ncountry: landia\n---\nA city of the tests.\n", encoding="utf-8")
    (project / "docs/actors/payload.md").write_text(
        f"---\nname: {PAYLOAD!r}\nkind: armed-group\naliases: [Payload group]\ncountry: landia\n---\n"
        "A group of the tests: 1 < 2 &amp; more.\n", encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="module")
def generated_url(generated_site: Built) -> Iterator[str]:
    from browser import serve_static

    with serve_static(generated_site.site) as url:
        yield url


def _index_bytes(site: Path) -> int:
    return sum(path.stat().st_size for path in (site / "search").rglob("*.json"))


def test_the_index_is_in_many_files(generated_site: Built) -> None:
    shards = shards_of(generated_site.site)
    assert len(shards["prefixes"]) >= 8
    assert shards["documents"] > EVENTS
    assert _index_bytes(generated_site.site) > 2 * BUDGET


@pytest.mark.parametrize("query", ["Northtown", "Generated town 12", "the rebels", "Group 7"])
def test_a_first_search_downloads_a_small_part_of_the_index(browser: Any, generated_site: Built,
                                                            generated_url: str, query: str) -> None:
    downloads = first_search(browser, generated_url, query)
    fetched = {urlsplit(url).path for url in downloads.bodies}
    assert "/search/search_index.json" in fetched and "/assets/js/search-worker.js" in fetched
    assert any(path.endswith(".json") and "/w" in path for path in fetched)  # word files came
    assert downloads.raw <= BUDGET, sorted(downloads.bodies.items(), key=lambda item: -item[1])[:10]
    assert downloads.raw <= _index_bytes(generated_site.site) // 3
    # Nothing but the search's own files (and no other host).
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in downloads.bodies)


def _search(new_page: Any, url: str, query: str) -> Any:
    page = new_page()
    page.goto(url + "?q=" + query, wait_until="load")
    page.locator(RESULT).first.wait_for(timeout=BROWSER_TIMEOUT_MS)
    return page


def test_a_cyrillic_alias_finds_its_place(new_page: Any, generated_url: str) -> None:
    page = _search(new_page, generated_url, "Алеппо")
    first = page.locator(RESULT).first
    assert urlsplit(first.get_attribute("href") or "").path == "/locations/aleppo/"
    assert first.locator("mark").first.inner_text() == "Алеппо"


def test_a_name_with_markup_is_shown_as_text(new_page: Any, generated_url: str) -> None:
    page = _search(new_page, generated_url, "Payload group")
    first = page.locator(RESULT).first
    assert urlsplit(first.get_attribute("href") or "").path == "/actors/payload/"
    assert first.locator("h1").inner_text() == PAYLOAD
    assert page.locator(".md-search-result img, .md-search-result b").count() == 0
    assert "1 < 2 & more." in first.inner_text()


def test_many_matches_show_the_best_and_say_so(new_page: Any, generated_url: str) -> None:
    """Every event matches "generated": the worker sends the best 20 (their texts are what a
    result costs), and the count says they are the best, not all."""
    page = _search(new_page, generated_url, "generated")
    assert page.locator(".md-search-result__meta").inner_text() == "The 20 best matches"
    assert page.locator(".md-search-result__item").count() >= 10
