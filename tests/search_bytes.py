"""What a reader downloads to search, counted in a real browser: every response the search
needs (the search worker and its modules, search_index.json and whatever files the worker
fetches for the query), from opening a page in a fresh context to the query's last result.

Used by the browser tests (a byte budget) and by `make bench` (tests/bench_site.py), for our
site and for the hand-written one on Material's own search alike. The query is typed key by
key, slowly enough that each prefix is a query of its own, as when a reader types."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

KEY_DELAY_MS = 150


def is_search(url: str) -> bool:
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    return "/search/" in path or (name.startswith("search") and name.endswith(".js")) or "/lunr/" in path


@dataclass
class Downloads:
    bodies: dict[str, int] = field(default_factory=dict)  # url -> raw bytes
    gzipped: dict[str, int] = field(default_factory=dict)

    def add(self, url: str, body: bytes) -> None:
        self.bodies[url] = len(body)
        self.gzipped[url] = len(gzip.compress(body, 6, mtime=0))

    @property
    def raw(self) -> int:
        return sum(self.bodies.values())

    @property
    def gz(self) -> int:
        return sum(self.gzipped.values())


def first_search(browser: Any, base_url: str, query: str, timeout_ms: int = 60_000) -> Downloads:
    """Open the home page, type `query` into Material's search box, wait for the results."""
    context = browser.new_context()
    context.set_default_timeout(timeout_ms)
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response) if is_search(response.url) else None)
    downloads = Downloads()
    try:
        page.goto(base_url, wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(query, delay=KEY_DELAY_MS)
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_load_state("networkidle")  # the worker's last files are in
        for response in responses:
            downloads.add(response.url, response.body())
    finally:
        context.close()
    return downloads
