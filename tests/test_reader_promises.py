"""What the home and About pages promise, checked against the shipped data and the built site
(issue 10: the home page said "where sources disagree, both are shown" while the one disputed
event cites one side). Each test reads the promise from the built page, so rewording a promise
without keeping it, or dropping what the data does without rewording, fails here."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT, Built
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.model import Dataset, Event, SeedQuote
from timeline_core.site.index import passage_id

RESOURCE = re.compile(
    r'<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\ssrc="([^"]*)"|<link\b[^>]*\shref="([^"]*)"', re.I)
TIME_TEXT = re.compile(r"<time\b[^>]*>([^<]*)</time>")


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(Layout(ROOT))


def words(html: str) -> str:
    """The text a reader sees in a piece of HTML, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def article(html: str) -> str:
    return html[html.index('<article class="md-content__inner'):html.index("</article>")]


def home_intro(built: Built) -> str:
    """The home page's own words: everything in its article before the generated timeline."""
    page = article(built.page(""))
    return words(page[:page.index('<section class="tl-timeline"')])


def about(built: Built) -> str:
    return words(article(built.page("about/")))


def event_page(built: Built, event: Event) -> str:
    return built.page(f"events/{event.id}/")


# --- disputed events ----------------------------------------------------------------------------

def test_what_is_said_of_disputed_events_is_what_their_pages_show(shipped_site: Built, dataset: Dataset) -> None:
    promises = home_intro(shipped_site) + " " + about(shipped_site)
    disputed = [e for e in dataset.events if e.status == "disputed"]
    assert disputed, "the shipped data has a disputed event: the promise is about it"
    if re.search(r"both are shown|both sides", promises):
        for event in disputed:  # each side with its own source
            assert len(event.sources) >= 2, f"{event.id} is disputed but cites {len(event.sources)} source"
    assert "marked disputed" in promises and "notes say who claims what" in promises, promises
    timeline = shipped_site.page("")
    for event in disputed:
        entry = re.search(rf'<li class="[^"]*tl-entry--disputed[^"]*" id="event-{event.id}">.*?</li>', timeline, re.S)
        assert entry and "Disputed</span>" in entry.group(0), f"{event.id}: no Disputed mark on the timeline"
        page = event_page(shipped_site, event)
        assert "tl-badge--disputed" in page, event.id
        notes = re.search(r'<ol class="tl-notes">(.*?)</ol>', page, re.S)
        assert notes and len(re.findall(r"<li ", notes.group(1))) == len(event.annotations) >= 1, event.id


# --- dates --------------------------------------------------------------------------------------

def test_date_marks_and_examples_are_ones_the_timeline_uses(shipped_site: Built, dataset: Dataset) -> None:
    intro = home_intro(shipped_site) + " " + about(shipped_site)
    if re.search(r"\bc\. ", intro):
        assert any(e.date.approximate for e in dataset.events), "'c.' is explained but no date is approximate"
    shown = {words(t) for t in TIME_TEXT.findall(shipped_site.page(""))}
    examples = re.findall(r'"(\d{1,2}(?:–\d{1,2})? [A-Z][a-z]{2} \d{4}\??)"', intro)
    assert examples, "the pages give an example date"
    assert set(examples) <= shown, f"examples never shown on the timeline: {set(examples) - shown}"


def test_every_event_gives_its_exact_date_and_says_how_it_was_dated(shipped_site: Built, dataset: Dataset) -> None:
    text = about(shipped_site)
    assert "exact value in the Library of Congress's Extended Date/Time Format" in text
    assert "every event says, in its notes, how its date was established" in text
    for event in dataset.events:
        page = event_page(shipped_site, event)
        assert re.search(rf'<details class="tl-exact">.*?<code>{re.escape(event.date.text)}</code>', page, re.S), event.id
        notes = words(re.search(r'<ol class="tl-notes">(.*?)</ol>', page, re.S).group(1)).lower()
        assert re.search(r"\bdat(e|ed|es|ing)\b|\bday\b", notes), f"{event.id}: the notes never speak of the date"


# --- figures, sources, links both ways ------------------------------------------------------------

def test_every_figure_says_who_claims_it_or_that_no_one_is_named(shipped_site: Built, dataset: Dataset) -> None:
    assert "Figures say who claims them, or that no one is named" in home_intro(shipped_site)
    assert '"not attributed"' in about(shipped_site)
    names = {a.id: a.name for a in dataset.actors.values()}
    for event in (e for e in dataset.events if e.figures):
        table = re.search(r'<h2 id="figures">.*?<tbody>(.*?)</tbody>', event_page(shipped_site, event), re.S)
        assert table, event.id
        rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
        assert len(rows) == len(event.figures), event.id
        for figure, row in zip(event.figures, rows, strict=True):
            claimed, source = [words(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)][2:4]
            assert claimed == (names[figure.claimed_by] if figure.claimed_by else "not attributed"), (event.id, claimed)
            assert source == f"[{figure.source}]", (event.id, source)


def test_every_event_is_linked_to_its_passage_of_the_one_article(shipped_site: Built, dataset: Dataset) -> None:
    assert "each linked to the passage of the article it comes from" in home_intro(shipped_site)
    assert "built from one news article" in about(shipped_site) and len(dataset.seeds) == 1
    pages = {seed: shipped_site.page(f"sources/{seed}/") for seed in dataset.seeds}
    for event in dataset.events:
        quotes = [s for s in event.sources if isinstance(s, SeedQuote)]
        assert quotes, f"{event.id} cites no passage of the article"
        page = event_page(shipped_site, event)
        for quote in quotes:
            anchor = passage_id(quote.quote)
            assert f'href="../../sources/{quote.seed}/#{anchor}"' in page, event.id
            # highlighted in context on the source's page
            assert re.search(rf'id="{anchor}"></span>(?:<span [^>]*></span>)*<mark class="tl-passage">', pages[quote.seed]), anchor


def test_every_event_and_its_actors_places_and_sources_link_both_ways(shipped_site: Built, dataset: Dataset) -> None:
    assert "and each of those links back" in home_intro(shipped_site)
    sources_index = shipped_site.page("sources/")
    for event in dataset.events:
        page, back = event_page(shipped_site, event), f'href="../../events/{event.id}/"'
        for role in event.actors:
            assert f'href="../../actors/{role.actor}/"' in page, (event.id, role.actor)
            assert back in shipped_site.page(f"actors/{role.actor}/"), (role.actor, event.id)
        for place in event.locations:
            assert f'href="../../locations/{place}/"' in page, (event.id, place)
            assert back in shipped_site.page(f"locations/{place}/"), (place, event.id)
        for source in event.sources:
            if isinstance(source, SeedQuote):
                assert back in shipped_site.page(f"sources/{source.seed}/"), (source.seed, event.id)
            else:  # a web page: the sources index lists it with the events that cite it
                assert f'href="{source.url}"' in page, event.id
                listed = sources_index[sources_index.index(f'href="{source.url}"'):]
                listed = listed[:listed.index("</ul>")]
                assert f'href="../events/{event.id}/"' in listed, (source.url, event.id)


# --- corrections and privacy -----------------------------------------------------------------------

def test_record_pages_name_their_data_file(shipped_site: Built, dataset: Dataset) -> None:
    text = about(shipped_site)
    assert "Every event, actor, place and source page names its data file" in text
    records = [(f"events/{e.id}/", e.path) for e in dataset.events]
    records += [(f"actors/{a.id}/", a.path) for a in dataset.actors.values()]
    records += [(f"locations/{p.id}/", p.path) for p in dataset.locations.values()]
    records += [(f"sources/{s.id}/", s.path) for s in dataset.seeds.values()]
    for url, path in records:
        assert f"Data file: <code>{path}</code>" in shipped_site.page(url), url


def test_no_page_loads_anything_from_another_host(shipped_site: Built) -> None:
    assert "Pages load nothing from other hosts" in about(shipped_site)
    site: Path = shipped_site.site
    outside = []
    for html in sorted(site.rglob("*.html")):
        for match in RESOURCE.finditer(html.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", url, re.I) and not url.startswith("data:"):
                outside.append(f"{html.relative_to(site)}: {url}")
    for css in sorted(site.rglob("*.css")):
        outside += [f"{css.relative_to(site)}: {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8"))]
    assert not outside, outside[:10]
    # The one exception the page names is a button the reader presses.
    assert "Show the street map" in about(shipped_site)
    assert "Show the street map (loads tiles from OpenStreetMap)" in shipped_site.page("map/")


# --- the README's pictures ----------------------------------------------------------------------

def test_readme_shows_every_screenshot_and_only_existing_ones() -> None:
    """`make screenshots` writes docs/screenshots/ (tests/screenshots.py); the README shows them."""
    shown = set(re.findall(r"\]\(docs/screenshots/([^)]+)\)", (ROOT / "README.md").read_text(encoding="utf-8")))
    taken = {p.name for p in (ROOT / "docs" / "screenshots").glob("*.png")}
    written = set(re.findall(r"docs/screenshots/(\S+\.png)", (ROOT / "tests" / "screenshots.py").read_text(encoding="utf-8")))
    assert shown == taken == written, {"not shown": taken - shown, "missing": shown - taken, "not retaken": taken - written}
