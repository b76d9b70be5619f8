"""Security (layout and anchors, issue #8, item 11): what strangers write cannot break the page.

- A 200-character word (the longest a title or name may be) in every place text is shown wraps:
  no page scrolls sideways on a phone (real headless Chromium at 360 px).
- Our anchors live in a namespace no id can take: an event entry on the timeline is
  `event-<id>`, a month `month-YYYY-MM`, a country on the locations index `country-<id>`; an
  event whose id is `month-2024-12` cannot hijack the month jump. Every page's ids are unique.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from browser import launch, serve_static
from conftest import Built, build, site_project
from test_security import elements, parse
from test_security_data import EVENT

WORD = "Ḫ" + "x" * 99 + "y" * 100  # 200 characters (the longest title or name), no break opportunity
PAGES = ["", "events/2024-11-20-long/", "events/month-2024-12/", "actors/long/", "locations/long/",
         "sources/long/", "actors/", "locations/", "sources/"]


def files() -> dict[str, str]:
    long_event = (
        EVENT.replace("title: A case", f"title: {WORD}")
        .replace("date: 2024-12-05", "date: 2024-11-20")
        .replace("Something happened.", f"{WORD} happened near [{WORD}](location:long).")
        .replace("actors: [rebels]", "actors: [rebels, long]")
        .replace("seed: report", "seed: long")
        .replace("    quote: Rebels captured the town",
                 f"    quote: {WORD}\n  - url: https://example.org/{WORD}\n    title: {WORD}\n    publisher: {WORD}")
        + f"locations: [long]\nfigures:\n  - {{label: {WORD}, value: 123456789012345, unit: {WORD[:40]}, source: 1}}\n"
        + f"annotations:\n  - '{WORD} `{WORD}`'\n"
    )
    return {
        "events/2024-11-20-long.yml": long_event,
        # An id shaped like one of our anchors, in an earlier month than the one it names.
        "events/month-2024-12.yml": EVENT.replace("date: 2024-12-05", "date: 2024-11-21"),
        "docs/actors/long.md": f"---\nname: {WORD}\nkind: person\naliases: [{WORD}]\n"
                               f"links:\n  - {{title: {WORD}, url: 'https://example.org/{WORD}'}}\n---\n{WORD}\n",
        "docs/locations/long.md": f"---\nname: {WORD}\nkind: region\naliases: [{WORD}]\ncountry: landia\n---\n{WORD}\n",
        "docs/locations/country-landia.md": "---\nname: Country-shaped id\nkind: region\npart_of: landia\n---\n",
        "seeds/long.md": f"---\ntitle: {WORD}\npublished: 2024-11-20\npublisher: {WORD}\n---\n{WORD}\n\nMore text.\n",
    }


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build(site_project(tmp_path_factory.mktemp("long"), data="mini", files=files()))
    assert built.returncode == 0, built.output
    return built


def test_every_page_has_unique_ids(long_site: Built) -> None:
    duplicates = {}
    for page in sorted(long_site.site.rglob("*.html")):
        ids = Counter(e.get("id") for e in elements(parse(page.read_bytes())) if e.get("id"))
        repeated = sorted(i for i, n in ids.items() if n > 1)
        if repeated:
            duplicates[page.relative_to(long_site.site).as_posix()] = repeated
    assert duplicates == {}


def test_our_anchors_are_namespaced(long_site: Built) -> None:
    root = parse(long_site.page(""))
    by_id = {e.get("id"): e for e in elements(root) if e.get("id")}
    assert by_id["month-2024-12"].tag == "h3"
    assert by_id["event-month-2024-12"].tag == "li"
    assert "event-2024-11-20-long" in by_id
    locations = {e.get("id"): e.tag for e in elements(parse(long_site.page("locations/"))) if e.get("id")}
    assert locations.get("country-landia") == "h2"


@pytest.fixture(scope="module")
def site_url(long_site: Built) -> Iterator[str]:
    with serve_static(long_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def phone(site_url: str) -> Iterator[Any]:
    with launch() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True)
        context.set_default_timeout(30_000)
        yield context.new_page()
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_long_words_never_scroll_a_phone_sideways(phone: Any, site_url: str, path: str) -> None:
    phone.goto(site_url + path, wait_until="load")
    phone.wait_for_selector("article.md-content__inner h1")
    sizes = phone.evaluate("""() => ({inner: window.innerWidth, document: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        wide: [...document.querySelectorAll('article *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
              .slice(0, 5).map(e => e.tagName + '.' + e.className)})""")
    assert sizes["document"] <= sizes["inner"] and sizes["body"] <= sizes["inner"], sizes
    assert sizes["wide"] == [], sizes


@pytest.mark.browser
def test_the_month_jump_lands_on_the_month(phone: Any, site_url: str) -> None:
    phone.goto(site_url, wait_until="load")
    phone.locator("nav.tl-jump a[href='#month-2024-12']").click()
    phone.wait_for_function("location.hash === '#month-2024-12'")
    target = phone.evaluate("""() => { const t = document.querySelector(':target');
        return t && {tag: t.tagName, text: t.textContent, top: Math.round(t.getBoundingClientRect().top),
                     height: innerHeight, scrolled: scrollY,
                     atEnd: scrollY + innerHeight >= document.documentElement.scrollHeight - 1}; }""")
    assert target and target["tag"] == "H3" and target["text"].startswith("December 2024"), target
    # Scrolled to it: at the top, or as near as the page goes when the month is near its end
    # (compact phone entries make the page short enough for that).
    assert target["scrolled"] > 0 and 0 <= target["top"] < (target["height"] if target["atEnd"] else 200), target

