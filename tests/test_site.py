"""The built site, as a reader meets it: pages at their URLs, links both ways, order, sources."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import ROOT, Built, build, site_project

EVENT_IDS = sorted(p.stem for p in (ROOT / "events").rglob("*.yml"))
ACTOR_IDS = sorted(p.stem for p in (ROOT / "docs/actors").glob("*.md"))
LOCATION_IDS = sorted(p.stem for p in (ROOT / "docs/locations").glob("*.md"))
SEED_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.md"))


class Links(HTMLParser):
    """Every link, resource and id in a page, and the text of chosen elements."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()
        self.entries: list[str] = []
        self.datetimes: list[str] = []
        self._in_day_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.resources.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.resources.append(a["href"] or "")
        if tag == "li" and "tl-entry" in (a.get("class") or "").split():
            self.entries.append(a.get("id") or "")
        if tag == "h4" and "tl-day__title" in (a.get("class") or ""):
            self._in_day_title = True
        if tag == "time" and self._in_day_title:
            self.datetimes.append(a.get("datetime") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h4":
            self._in_day_title = False


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def hrefs_from(built: Built, url: str) -> set[str]:
    """The site URLs a page links to, resolved against the page (without fragments)."""
    page = parse(built.page(url))
    found = set()
    for href in page.hrefs:
        target = urljoin("http://site/" + url, href)
        if target.startswith("http://site/"):
            found.add(urlsplit(target).path[len("/"):])
    return found


# --- every page exists ------------------------------------------------------------------------

def test_every_record_has_its_page(shipped_site: Built) -> None:
    for folder, ids in (("events", EVENT_IDS), ("actors", ACTOR_IDS), ("locations", LOCATION_IDS), ("sources", SEED_IDS)):
        for record_id in ids:
            assert (shipped_site.site / folder / record_id / "index.html").is_file(), f"{folder}/{record_id}/"
    for index in ("", "actors/", "locations/", "sources/"):
        assert (shipped_site.site / index / "index.html").is_file()
    assert len(EVENT_IDS) >= 15


def test_strict_build_of_shipped_data_is_clean(shipped_site: Built) -> None:
    assert "WARNING" not in shipped_site.output
    assert "ERROR" not in shipped_site.output


# --- links both ways --------------------------------------------------------------------------

@pytest.mark.parametrize("event_id", EVENT_IDS)
def test_event_links_to_its_records_and_they_link_back(shipped_site: Built, event_id: str) -> None:
    import yaml

    data = yaml.safe_load((ROOT / "events" / f"{event_id}.yml").read_text(encoding="utf-8"))
    out = hrefs_from(shipped_site, f"events/{event_id}/")
    actors = [a if isinstance(a, str) else a["id"] for a in data["actors"]]
    seeds = [s["seed"] for s in data["sources"] if "seed" in s]
    for actor in actors:
        assert f"actors/{actor}/" in out
        assert f"events/{event_id}/" in hrefs_from(shipped_site, f"actors/{actor}/"), actor
    for location in data.get("locations") or []:
        assert f"locations/{location}/" in out
        assert f"events/{event_id}/" in hrefs_from(shipped_site, f"locations/{location}/"), location
    for seed in seeds:
        assert f"sources/{seed}/" in out
        assert f"events/{event_id}/" in hrefs_from(shipped_site, f"sources/{seed}/"), seed
    for related in data.get("related") or []:
        assert f"events/{related}/" in out
        assert f"events/{event_id}/" in hrefs_from(shipped_site, f"events/{related}/"), related


def test_relations_appear_on_both_actors_pages(mini_site: Built) -> None:
    rebels = mini_site.page("actors/rebels/")
    government = mini_site.page("actors/government/")
    monitor = mini_site.page("actors/monitor/")
    # rebels.md says: opposes government. monitor.md says: opposes rebels.
    assert re.search(r"<dt>Opposes</dt>\s*<dd>.*?actors/government/", rebels, re.S)
    assert re.search(r"<dt>Opposed by</dt>\s*<dd>.*?actors/rebels/", government, re.S)
    assert re.search(r"<dt>Opposed by</dt>\s*<dd>.*?actors/monitor/", rebels, re.S)
    assert re.search(r"<dt>Opposes</dt>\s*<dd>.*?actors/rebels/", monitor, re.S)


def test_shipped_relations_both_ways(shipped_site: Built) -> None:
    government = shipped_site.page("actors/syrian-government/")
    supported_by = re.search(r"<dt>Supported by</dt>\s*<dd>(.*?)</dd>", government, re.S)
    assert supported_by, "the Syrian government's page lists who supports it"
    assert "actors/iran/" in supported_by.group(1) and "actors/russia/" in supported_by.group(1)


def test_no_internal_link_is_broken(shipped_site: Built) -> None:
    site = shipped_site.site
    pages = sorted(site.rglob("*.html"))
    ids_by_file: dict[Path, set[str]] = {}
    broken = []
    for page in pages:
        url = page.relative_to(site).as_posix()
        links = parse(page.read_text(encoding="utf-8"))
        for href in links.hrefs + links.resources:
            target = urljoin("http://site/" + url, href)
            if not target.startswith("http://site/"):
                continue
            parts = urlsplit(target)
            path = site / unquote(parts.path.lstrip("/"))
            if path.is_dir() or parts.path.endswith("/"):
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{url} -> {href}")
                continue
            if parts.fragment and path.suffix == ".html":
                if path not in ids_by_file:
                    ids_by_file[path] = parse(path.read_text(encoding="utf-8")).ids
                if parts.fragment not in ids_by_file[path]:
                    broken.append(f"{url} -> {href} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_no_page_loads_anything_from_another_host(shipped_site: Built) -> None:
    offenders = []
    for page in shipped_site.site.rglob("*.html"):
        for resource in parse(page.read_text(encoding="utf-8")).resources:
            if urlsplit(resource).netloc or resource.startswith("//"):
                offenders.append(f"{page.relative_to(shipped_site.site)}: {resource}")
    for sheet in shipped_site.site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"(?:url\(|@import\s+)['\"]?(https?:)?//", text):
            offenders.append(f"{sheet.relative_to(shipped_site.site)}: {match.group(0)}")
    assert not offenders, "\n".join(offenders[:20])


# --- order, dates and what a reader sees ------------------------------------------------------

def test_timeline_lists_every_event_in_date_order(shipped_site: Built) -> None:
    timeline = parse(shipped_site.page(""))
    assert sorted(timeline.entries) == [f"event-{event_id}" for event_id in EVENT_IDS]
    days = timeline.datetimes
    # A month's or year's "day not known" heading ("2024-12") follows that month's days.
    assert days == sorted(days, key=lambda d: d + "-99" * (3 - d.count("-") - 1)), "day headings are chronological"


def test_timeline_order_and_grouping_on_fixture(mini_site: Built) -> None:
    html = mini_site.page("")
    timeline = parse(html)
    assert timeline.entries == ["event-2024-12-01-rebels-capture-northtown", "event-2024-12-02-capitalia-condemns-attack"]
    assert '<h3 id="month-2024-12" class="tl-month__title">December 2024' in html
    assert ">c. 2 Dec 2024</time>" in html  # approximate, from 2024-12-02~
    assert "The Rebels captured Northtown from the government." in html  # first sentence only
    assert "See the report" not in html


def test_event_page_shows_everything(mini_site: Built) -> None:
    html = mini_site.page("events/2024-12-01-rebels-capture-northtown/")
    assert "<h1>Rebels capture Northtown</h1>" in html
    assert 'title="EDTF: 2024-12-01"' in html
    assert "<td class=\"tl-figure\">at least 12</td>" in html
    assert re.search(r'at least 12</td>\s*<td><a class="tl-chip tl-chip--actor" href="../../actors/monitor/"( data-no-filter)?>The Monitor</a>', html)
    assert 'href="../../sources/report/#passage-' in html
    assert "The report gives no date; it was written two days later." in html
    assert 'rel="next" href="../../events/2024-12-02-capitalia-condemns-attack/"' in html
    assert "actors/rebels/\">The Rebels</a> <span class=\"tl-role\">attacker: carried out the attack</span>" in html


def test_quote_is_highlighted_on_the_source_page_and_linked_from_the_event(mini_site: Built) -> None:
    event = mini_site.page("events/2024-12-01-rebels-capture-northtown/")
    anchor = re.search(r'href="../../sources/report/#(passage-[0-9a-f]+)"', event)
    assert anchor
    source = mini_site.page("sources/report/")
    start = source.index(f'<span class="tl-anchor" id="{anchor.group(1)}"></span>')
    back_link = source.index('href="../../events/2024-12-01-rebels-capture-northtown/"', start)
    # the passage is highlighted from its anchor to the link back to the event (an actor's
    # relation quotes the start of the same sentence, so the highlight comes in two pieces)
    marked = "".join(re.findall(r'<mark class="tl-passage">(.*?)</mark>', source[start:back_link]))
    assert marked == "Rebels captured the town of Northtown after heavy fighting."


def test_relation_source_links_to_its_highlighted_passage(mini_site: Built) -> None:
    rebels = mini_site.page("actors/rebels/")
    link = re.search(r'href="../../sources/report/#(passage-[0-9a-f]+)" title="“Rebels captured the town”"', rebels)
    assert link
    source = mini_site.page("sources/report/")
    assert re.search(
        rf'id="{link.group(1)}"></span>(<span class="tl-anchor" id="passage-[0-9a-f]+"></span>)*'
        r'<mark class="tl-passage">Rebels captured the town</mark>', source
    )
    # the relation is listed below the text (not in it), with a link to its passage
    relations = source.split('<h2 id="relations">', 1)[1]
    assert re.search(rf'<a href="../../actors/rebels/#relations">The Rebels</a>.*?<a href="#{link.group(1)}">', relations)


def test_quote_across_lines_is_highlighted_in_pieces(mini_site: Built) -> None:
    source = mini_site.page("sources/report/")
    assert '<mark class="tl-passage">Officials in Capitalia condemned the attack.</mark>' in source


def test_location_page_shows_chain_events_and_nearby(mini_site: Built) -> None:
    html = mini_site.page("locations/northtown/")
    assert 'href="../../locations/landia/"' in html  # part_of chain
    assert "35.5000, 36.5000" in html
    assert re.search(r'href="../../locations/capitalia/">Capitalia</a> <span class="tl-count">\d+ km', html)
    assert 'href="../../events/2024-12-01-rebels-capture-northtown/"' in html


def test_indexes_group_and_count(mini_site: Built) -> None:
    actors = mini_site.page("actors/")
    assert re.search(r'<h2 id="armed-group">Armed group.*?actors/rebels/">The Rebels</a> <span class="tl-count">1 event<', actors, re.S)
    assert re.search(r'actors/government/">Government of Landia</a> <span class="tl-count">2 events<', actors)
    locations = mini_site.page("locations/")
    assert re.search(r'<h2 id="country-landia">Landia</h2>.*?<h3>City</h3>.*?Capitalia.*?<h3>Town</h3>.*?Northtown', locations, re.S)


def test_events_are_not_in_the_navigation(shipped_site: Built) -> None:
    page = shipped_site.page(f"events/{EVENT_IDS[0]}/")
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>")]
    assert "events/" not in nav
    for label in ("Timeline", "Actors", "Locations", "Sources", "About", "Data format"):
        assert label in nav


def test_edit_link_points_at_the_yaml_file(shipped_site: Built) -> None:
    event_id = EVENT_IDS[0]
    html = shipped_site.page(f"events/{event_id}/")
    expected = f"https://example.org/team/timeline/edit/main/events/{event_id}.yml"
    assert f'href="{expected}"' in html  # our "Edit this event" link
    assert re.search(rf'<a href="{re.escape(expected)}" title="Edit this page" class="md-content__button', html)
    actor = shipped_site.page(f"actors/{ACTOR_IDS[0]}/")
    assert f"https://example.org/team/timeline/edit/main/docs/actors/{ACTOR_IDS[0]}.md" in actor


def test_without_a_repository_there_is_no_edit_link(mini_site: Built) -> None:
    html = mini_site.page("events/2024-12-01-rebels-capture-northtown/")
    assert "Edit this" not in html
    assert "<code>events/2024-12-01-rebels-capture-northtown.yml</code>" in html


def test_titles_are_escaped_for_the_theme(tmp_path: Path) -> None:
    project = site_project(tmp_path, files={
        "events/2024-12-01-rebels-capture-northtown.yml":
            (ROOT / "tests/fixtures/mini/events/2024-12-01-rebels-capture-northtown.yml").read_text()
            .replace("title: Rebels capture Northtown", 'title: "Rebels <b>capture</b> Northtown & more"'),
    })
    built = build(project)
    assert built.returncode == 0, built.output
    html = built.page("events/2024-12-01-rebels-capture-northtown/")
    assert "<b>capture</b>" not in html
    assert "<title>Rebels &lt;b&gt;capture&lt;/b&gt; Northtown &amp; more" in html


# --- errors -----------------------------------------------------------------------------------

def test_strict_build_fails_with_the_located_messages(tmp_path: Path) -> None:
    project = site_project(tmp_path, files={
        "events/2024-12-09-broken.yml": "title: Broken\ndate: 2024-13-45\ntype: battel\nsummary: x\nactors: [rebel]\nsources: [{seed: report, quote: nowhere}]\n",
    })
    built = build(project)
    assert built.returncode == 1
    for message in (
        "events/2024-12-09-broken.yml:2:7: 'date': expected an EDTF date",
        "events/2024-12-09-broken.yml:3:7: 'type': expected one of",
        "(did you mean 'battle'?)",
        "events/2024-12-09-broken.yml:5:10: 'actors': unknown actor 'rebel' (did you mean 'rebels'?)",
        "events/2024-12-09-broken.yml:6:33: 'quote': not found verbatim in seed 'report'",
        "4 problems in the timeline data",
    ):
        assert message in built.output
    assert "Traceback" not in built.output


def test_generated_page_never_replaces_a_hand_written_one(tmp_path: Path) -> None:
    project = site_project(tmp_path, files={"docs/events/2024-12-01-rebels-capture-northtown.md": "# Mine\n"})
    built = build(project)
    assert built.returncode == 1
    assert "generated pages would replace hand-written ones" in built.output
    assert "docs/events/2024-12-01-rebels-capture-northtown.md" in built.output


def test_dates_of_different_precision_group_once(tmp_path: Path) -> None:
    base = (ROOT / "tests/fixtures/mini/events/2024-12-02-capitalia-condemns-attack.yml").read_text()
    files = {
        f"events/{name}.yml": base.replace("date: 2024-12-02~", f"date: {date}").replace(
            "title: Officials condemn the attack", f"title: Event {name}")
        for name, date in (("a-month", "2024-12"), ("b-day", "2024-12-01"), ("c-month", "2024-12"),
                           ("d-day", "2024-12-01"), ("e-year", "2024"))
    }
    built = build(site_project(tmp_path, files=files))
    assert built.returncode == 0, built.output
    html = built.page("")
    headings = re.findall(r'<h4 id="([^"]+)" class="tl-day__title"><time[^>]*>([^<]+)</time>', html)
    # One heading per day (the qualifier of "2024-12-02~" shows on its entry); events known
    # only to the month or year come after that month's or year's days.
    assert headings == [("2024-12-01", "1 Dec 2024"), ("2024-12-02", "2 Dec 2024"),
                        ("2024-12", "Dec 2024, day not known"), ("2024", "2024")]
    assert '<h3 id="month-2024" class="tl-month__title">2024 (month not known)' in html
    assert re.search(r'<time class="tl-date" datetime="2024-12" title="EDTF: 2024-12">Dec 2024</time>', html)


def test_build_through_a_symbolic_link_to_the_project(tmp_path: Path) -> None:
    project = site_project(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(project)
    built = build(link, site=tmp_path / "out")
    assert built.returncode == 0, built.output
    assert (tmp_path / "out/events/2024-12-01-rebels-capture-northtown/index.html").is_file()


def test_timeline_offers_a_way_to_each_month(shipped_site: Built) -> None:
    html = shipped_site.page("")
    jump = re.search(r'<nav class="tl-jump" aria-label="Months in the timeline">(.*?)</nav>', html, re.S)
    assert jump
    targets = re.findall(r'href="#(month-[0-9-]+)"', jump.group(1))
    assert targets == re.findall(r'<section class="tl-month" aria-labelledby="(month-[0-9-]+)"', html)
    assert "month-2024-11" in targets and "month-2024-12" in targets
