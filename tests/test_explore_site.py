"""The timeline as a tool, read from the built HTML: one heading per day with its anchor, spans,
what is under way each day, the activity chart, type and tag pages, chips that filter, and
actors and places that include their parts' events. Expected values come from the records."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, Built, build, site_project
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.model import Dataset, Event


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(Layout(ROOT))


def overlaps(event: Event, low: date, high: date) -> bool:
    return (event.date.earliest or date.min) <= high and (event.date.latest or date.max) >= low


def day_blocks(html: str) -> list[tuple[str, str, list[str]]]:
    """(heading id, heading text, event ids listed under it) in page order."""
    blocks = []
    for block in re.split(r'<div class="tl-day">', html)[1:]:
        heading = re.search(r'<h4 id="([^"]+)" class="tl-day__title"><time[^>]*>([^<]+)</time>', block)
        assert heading, block[:200]
        entries = re.findall(r'<li class="tl-entry[^"]*" id="event-([^"]+)"', block)
        blocks.append((heading.group(1), heading.group(2), entries))
    return blocks


# --- days -------------------------------------------------------------------------------------

def test_one_heading_per_day_each_event_under_its_earliest_day(shipped_site: Built, dataset: Dataset) -> None:
    blocks = day_blocks(shipped_site.page(""))
    ids = [block[0] for block in blocks]
    assert len(ids) == len(set(ids)), "one heading per day"
    days = [i for i in ids if re.fullmatch(r"\d{4}-\d{2}-\d{2}", i)]
    assert days == sorted(days)
    placed = {event: day for day, _label, events in blocks for event in events}
    day_precise = [e for e in dataset.events if e.date.precision == "day"]
    assert len(day_precise) > len(dataset.events) / 2
    for event in day_precise:
        assert placed[event.id] == event.date.sort_day.isoformat(), event.id
    # "2024-12-02?" and "2024-12-02" share one heading; the qualifier stays on the entry.
    assert "2 Dec 2024?" not in [label for _i, label, _e in blocks]
    assert any(e.date.text == "2024-12-02?" for e in dataset.events)
    assert re.search(r'id="event-[^"]+">\s*<p class="tl-entry__meta"><time class="tl-date tl-date--uncertain"[^>]*>2 Dec 2024\?</time>',
                     shipped_site.page(""))


def test_spanning_events_say_how_long_where_listed(shipped_site: Built, dataset: Dataset) -> None:
    html = shipped_site.page("")
    spanning = [e for e in dataset.events if e.date.interval and e.date.earliest and e.date.latest
                and e.date.latest > e.date.earliest]
    assert spanning
    for event in spanning:
        assert event.date.earliest and event.date.latest
        days = (event.date.latest - event.date.earliest).days + 1
        entry = re.search(rf'id="event-{re.escape(event.id)}">(.*?)</li>', html, re.S)
        assert entry, event.id
        # "spans 5 days" only where both ends are exact days; otherwise the most it may span
        exact = event.date.precision == "day" and not (event.date.approximate or event.date.uncertain)
        words = f"spans {days} days" if exact else f"spans up to {days} days"
        assert f">{event.date.human()}</time> <span class=\"tl-span\">{words}</span>" in entry.group(1)


def test_each_day_names_what_may_still_be_under_way(shipped_site: Built, dataset: Dataset) -> None:
    html = shipped_site.page("")
    for day_id, _label, listed in day_blocks(html):
        day = date.fromisoformat(day_id)
        ongoing = [e.id for e in dataset.events if overlaps(e, day, day) and e.id not in listed]
        block = html[html.index(f'<h4 id="{day_id}"'):]
        block = block[:block.index("</ol>")]
        found = re.search(r"Also ongoing: (\d+) events?", block)
        if not ongoing:
            assert not found, day_id
            continue
        assert found and int(found.group(1)) == len(ongoing), day_id
        assert sorted(re.findall(r'<li><a href="#event-([^"]+)">', block)) == sorted(ongoing)
        assert f'href="?from={day_id}&amp;to={day_id}"' in block
    assert "Also ongoing: 6 events" in html[html.index('<h4 id="2024-12-02"'):]


def test_coarse_and_open_dates_each_get_one_heading(tmp_path: Path) -> None:
    base = (ROOT / "tests/fixtures/mini/events/2024-12-02-capitalia-condemns-attack.yml").read_text()
    dates = {"a-month": "2024-12", "b-year": "2024", "c-open-start": "../2024-12-01",
             "d-open-end": "2024-11-30/..", "e-unspecified": "2024-12-0X", "f-month-again": "2024-12~"}
    files = {
        f"events/{name}.yml": base.replace("date: 2024-12-02~", f"date: '{text}'").replace(
            "title: Officials condemn the attack", f"title: Event {name}")
        for name, text in dates.items()
    }
    built = build(site_project(tmp_path, files=files))
    assert built.returncode == 0, built.output
    html = built.page("")
    blocks = day_blocks(html)
    assert [(i, label) for i, label, _e in blocks] == [
        ("2024-11-30", "30 Nov 2024"), ("2024-12-01", "1 Dec 2024"), ("2024-12-02", "2 Dec 2024"),
        ("2024-12", "Dec 2024, day not known"), ("2024", "2024"),
    ]
    placed = {event: heading for heading, _l, events in blocks for event in events}
    assert placed["c-open-start"] == "2024-12-01" and placed["d-open-end"] == "2024-11-30"
    assert placed["a-month"] == placed["f-month-again"] == placed["e-unspecified"] == "2024-12"
    assert re.search(r'id="event-d-open-end">.*?<span class="tl-span">open-ended</span>', html, re.S)
    # On 2 Dec: the open-ended event and the month, year and 1-9 Dec ones may all be under
    # way; the open start ended on 1 Dec.
    second = html[html.index('<h4 id="2024-12-02"'):]
    second = second[:second.index("</ol>")]
    assert "Also ongoing: 5 events" in second
    assert sorted(re.findall(r'<li><a href="#event-([^"]+)">', second)) == [
        "a-month", "b-year", "d-open-end", "e-unspecified", "f-month-again"]
    assert len(re.findall(r'<h3 id="month-2024-12"', html)) == 1


# --- the activity chart -----------------------------------------------------------------------

def test_activity_bars_count_what_their_links_show(shipped_site: Built, dataset: Dataset) -> None:
    html = shipped_site.page("")
    chart = html[html.index('<figure class="tl-activity"'):html.index("</figure>")]
    bars = re.findall(r'<li class="tl-activity__bar">\s*<a href="\?from=([\d-]+)&amp;to=([\d-]+)" title="([^"]+)">', chart)
    assert bars
    for low, high, label in bars:
        shown = [e for e in dataset.events if overlaps(e, date.fromisoformat(low), date.fromisoformat(high))]
        total = re.search(r": (\d+) events? may have happened \(([^)]*)\)", label)
        assert total and int(total.group(1)) == len(shown), label
        by_type = sum(int(n) for n in re.findall(r"[A-Z][a-z /]*: (\d+)", total.group(2)))
        assert by_type == len(shown)
    # Named for screen readers too (the drawings are decoration), and no SVG link: Material's
    # instant navigation cannot rewrite those.
    assert len(re.findall(r'<span class="tl-sr">[^<]+may have happened', chart)) == len(bars)
    assert not re.search(r"<svg[^>]*>(?:(?!</svg>).)*<a ", chart, re.S)
    rows = re.findall(r'<tr><td><a href="\?from=', chart)
    assert len(rows) == len(bars), "the table repeats every bar"
    assert "tl-activity__gap" in chart, "2018 and 2024 are far apart: the gap is cut out and marked"


# --- type and tag pages, chips ----------------------------------------------------------------

def linked_events(html: str) -> list[str]:
    body = html[html.index('<h2 id="events">'):]
    return re.findall(r'<a href="../../events/([^/]+)/">', body[:body.index("</table>")])


def test_type_and_tag_pages_list_their_events(shipped_site: Built, dataset: Dataset) -> None:
    types = sorted({e.type for e in dataset.events})
    tags = sorted({t for e in dataset.events for t in e.tags})
    for type_id in types:
        assert linked_events(shipped_site.page(f"types/{type_id}/")) == [e.id for e in dataset.events if e.type == type_id]
        assert f'href="../../?type={type_id}"' in shipped_site.page(f"types/{type_id}/")
    for tag in tags:
        assert linked_events(shipped_site.page(f"tags/{tag}/")) == [e.id for e in dataset.events if tag in e.tags]
    assert sorted(re.findall(r'<a href="../tags/([a-z0-9-]+)/">', shipped_site.page("tags/"))) == tags
    assert sorted(re.findall(r'<td><a href="../types/([a-z-]+)/">', shipped_site.page("types/"))) == types


def test_event_page_tags_and_type_lead_to_their_pages(shipped_site: Built, dataset: Dataset) -> None:
    event = next(e for e in dataset.events if len(e.tags) > 1)
    html = shipped_site.page(f"events/{event.id}/")
    for tag in event.tags:
        assert f'<a class="tl-chip tl-chip--tag" href="../../tags/{tag}/">{tag}</a>' in html
    assert f'<a class="tl-chip tl-chip--type" href="../../types/{event.type}/">' in html


def test_every_filter_link_names_a_value_some_event_has(shipped_site: Built) -> None:
    records = json.loads((shipped_site.site / "data/filter-index.json").read_text())["events"]
    known = {
        "actor": {a for r in records for a in r["actors"]}, "location": {p for r in records for p in r["locations"]},
        "type": {r["type"] for r in records}, "tag": {t for r in records for t in r["tags"]},
    }
    seen = 0
    for page in shipped_site.site.rglob("*.html"):
        for href in re.findall(r'href="((?:\.\./)*\?[^"]+)"', page.read_text(encoding="utf-8")):
            query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
            for name, values in query.items():
                if name in known:
                    seen += 1
                    assert set(values) <= known[name], f"{page}: {href}"
    assert seen > 10


@pytest.mark.parametrize("site_name", ["shipped_site", "mini_site"])
def test_chips_without_events_are_marked_so_no_funnel_leads_nowhere(site_name: str, request: pytest.FixtureRequest) -> None:
    site: Built = request.getfixturevalue(site_name)
    records = json.loads((site.site / "data/filter-index.json").read_text())["events"]
    with_events = {"actors": {a for r in records for a in r["actors"]},
                   "locations": {p for r in records for p in r["locations"]}}
    html = "".join(p.read_text(encoding="utf-8") for p in site.site.rglob("*.html"))
    chips = re.findall(r'<a class="tl-chip tl-chip--(?:actor|location)" href="[^"]*(actors|locations)/([^/]+)/"( data-no-filter)?>', html)
    assert chips
    for kind, record, marked in chips:
        assert bool(marked) == (record not in with_events[kind]), (kind, record)
    if site_name == "mini_site":  # the Monitor claims figures and opposes the Rebels, in no event
        assert ("actors", "monitor", " data-no-filter") in chips


def test_filter_controls_are_hidden_until_script_reveals_them(shipped_site: Built) -> None:
    html = shipped_site.page("")
    assert re.search(r'<form class="tl-filters" data-tl-filters hidden ', html)
    assert '<script src="assets/js/filters.js" type="module">' in html
    assert (shipped_site.site / "assets/js/filter-core.js").is_file()


# --- hierarchy on record pages ----------------------------------------------------------------

def test_russia_page_includes_its_armed_forces_events_marked_via(shipped_site: Built, dataset: Dataset) -> None:
    html = shipped_site.page("actors/russia/")
    forces = [e for e in dataset.events if any(a.actor == "russian-armed-forces" for a in e.actors)]
    own = [e for e in dataset.events if any(a.actor == "russia" for a in e.actors)]
    listed = linked_events(html)
    assert set(listed) == {e.id for e in forces + own}
    for event in forces:
        if event in own:
            continue
        row = re.search(rf'events/{re.escape(event.id)}/">.*?</tr>', html, re.S)
        assert row and 'via <a class="tl-chip tl-chip--actor" href="../../actors/russian-armed-forces/">Russian Armed Forces</a>' in row.group(0)


def test_governorate_page_includes_its_cities_events(shipped_site: Built, dataset: Dataset) -> None:
    inside = {"hama-governorate"} | {p.id for p in dataset.locations.values() if p.part_of == "hama-governorate"}
    expected = {e.id for e in dataset.events if inside & set(e.locations)}
    html = shipped_site.page("locations/hama-governorate/")
    assert set(linked_events(html)) == expected
    assert re.search(rf"<dt>Events</dt><dd>{len(expected)}\b", html)
