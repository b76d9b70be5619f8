"""Reader-grade record pages (issue 10), read from the built HTML: where am I (breadcrumbs, the
way back to the timeline, dated previous/next, related events by date, a skip link), plain words
(one type label, the exact date on demand, roles explained, a legend of marks in use) and the
source page read as an article (named markers, relations and provenance out of the text)."""

from __future__ import annotations

import re
from html import unescape

import html5lib
import pytest

from conftest import ROOT, Built
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.model import ROLES, Dataset
from timeline_core.site.wayfinding import ROLE_MEANINGS

NS = {"h": "http://www.w3.org/1999/xhtml"}
SOURCE = "sources/syrian-rebels-gain-ground/"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(Layout(ROOT))


def tree(html: str):  # noqa: ANN201 - an ElementTree element
    return html5lib.parse(html, namespaceHTMLElements=True)


def text(element) -> str:  # noqa: ANN001
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def ids_on(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_event_breadcrumbs_and_way_back_land_on_the_timeline(shipped_site: Built, dataset: Dataset) -> None:
    timeline_ids = ids_on(shipped_site.page(""))
    for event in dataset.events:
        root = tree(shipped_site.page(f"events/{event.id}/"))
        crumbs = root.findall(".//h:nav[@class='tl-breadcrumbs']//h:a", NS)
        assert [a.get("href") for a in crumbs][0] == "../../"
        fragments = [a.get("href").split("#", 1)[1] for a in crumbs[1:]]
        assert fragments and fragments[0].startswith("month-"), fragments
        assert set(fragments) <= timeline_ids, (event.id, fragments)
        back = root.find(".//h:p[@class='tl-back']/h:a", NS)
        assert back is not None and back.get("href") == f"../../#event-{event.id}"
        assert f"event-{event.id}" in timeline_ids
        # the back link names the heading the event is listed under, the last crumb
        assert text(back).endswith(text(crumbs[-1])), (text(back), text(crumbs[-1]))


def test_day_crumb_is_the_day_the_timeline_lists_the_event_under(shipped_site: Built) -> None:
    root = tree(shipped_site.page("events/2024-12-02-us-military-communicates-with-russia/"))
    crumbs = [text(a) for a in root.findall(".//h:nav[@class='tl-breadcrumbs']//h:a", NS)]
    assert crumbs == ["Timeline", "November 2024", "27 Nov 2024"]  # 2024-11-27/2024-12-02


def test_previous_and_next_say_when(shipped_site: Built, dataset: Dataset) -> None:
    ordered = sorted(dataset.events, key=lambda e: e.sort_key)
    middle = ordered[len(ordered) // 2]
    before, after = ordered[ordered.index(middle) - 1], ordered[ordered.index(middle) + 1]
    root = tree(shipped_site.page(f"events/{middle.id}/"))
    prev = root.find(".//h:a[@rel='prev']", NS)
    nxt = root.find(".//h:a[@rel='next']", NS)
    assert prev is not None and nxt is not None
    assert unescape(text(prev)) == f"Previous event, {before.date.human()} {before.title}"
    assert unescape(text(nxt)) == f"Next event, {after.date.human()} {after.title}"


def test_related_events_are_listed_by_date(shipped_site: Built, dataset: Dataset) -> None:
    by_id = {e.id: e for e in dataset.events}
    checked = 0
    for event in dataset.events:
        html = shipped_site.page(f"events/{event.id}/")
        section = re.search(r'<h2 id="related">.*?</ul>', html, re.S)
        if not section:
            continue
        listed = re.findall(r'href="../../events/([^/"]+)/"', section.group(0))
        assert listed == sorted(listed, key=lambda i: by_id[i].sort_key), (event.id, listed)
        checked += len(listed) > 1
    assert checked, "no event with two related events to order"


def test_event_page_says_one_type_and_the_exact_date_on_demand(shipped_site: Built, dataset: Dataset) -> None:
    event = next(e for e in dataset.events if e.date.interval)
    html = shipped_site.page(f"events/{event.id}/")
    assert "ACLED" not in html.split('<article class="tl-event', 1)[1].split("</article>", 1)[0]
    root = tree(html)
    facts = root.find(".//h:dl[@class='tl-facts']", NS)
    date_dd = facts.findall("h:dd", NS)[0]
    exact = date_dd.find("h:details[@class='tl-exact']", NS)
    assert exact is not None, "the EDTF value is not folded away"
    assert text(exact.find("h:summary", NS)) == "exact value"
    assert exact.find("h:code", NS).text == event.date.text
    shown_without_details = text(date_dd).replace(text(exact), "")
    assert event.date.text not in shown_without_details and "EDTF" not in shown_without_details
    # the ACLED mapping still lives on the type's page
    assert "ACLED" in shipped_site.page(f"types/{event.type}/")


def test_roles_are_explained_where_shown(shipped_site: Built, dataset: Dataset) -> None:
    assert set(ROLE_MEANINGS) == set(ROLES)
    event = next(e for e in dataset.events if any(a.role for a in e.actors))
    roles = {text(span) for span in tree(shipped_site.page(f"events/{event.id}/")).findall(".//h:span[@class='tl-role']", NS)}
    for actor in event.actors:
        if actor.role:
            assert f"{actor.role}: {ROLE_MEANINGS[actor.role]}" in roles
    first = next(a for a in event.actors if a.role)
    assert first.role is not None
    assert ROLE_MEANINGS[first.role] in shipped_site.page(f"actors/{first.actor}/")  # its events table


@pytest.mark.parametrize("site_name, shows_approx, shows_uncertain", [("mini_site", True, False), ("shipped_site", False, True)])
def test_the_legend_explains_only_marks_in_use(request: pytest.FixtureRequest, site_name: str,
                                                shows_approx: bool, shows_uncertain: bool) -> None:
    built: Built = request.getfixturevalue(site_name)
    html = built.page("")
    lede = text(tree(html).find(".//h:p[@class='tl-lede']", NS))
    assert ("c. are approximate" in lede) is shows_approx, lede
    assert ("? are uncertain" in lede) is shows_uncertain, lede
    assert "hover" not in lede.lower()
    # and the marks explained are the marks shown
    entries = re.findall(r'<li class="tl-entry.*?</li>', html, re.S)
    assert any(">c. " in e for e in entries) is shows_approx
    assert any(re.search(r"\?[ <]", e) for e in entries) is shows_uncertain


def test_source_markers_are_named_and_relations_stay_out_of_the_text(shipped_site: Built) -> None:
    html = shipped_site.page(SOURCE)
    root = tree(html)
    document = root.find(".//h:div[@class='tl-document']", NS)
    citing = [text(a) for a in root.findall(".//h:ol[@class='tl-citing']/h:li/h:a", NS)]
    markers = document.findall(".//h:sup[@class='tl-cites']/h:a", NS)
    assert markers
    for marker in markers:
        number = int(text(marker).strip("[]"))
        assert marker.get("aria-label") == f"cited by event {number}: {citing[number - 1]}"
        assert "/events/" in marker.get("href")
    assert not document.findall(".//h:a[@href]", NS)[len(markers):], "links other than markers in the text"
    assert "actors/" not in "".join(a.get("href") for a in document.findall(".//h:a", NS))
    relations = root.find(".//h:h2[@id='relations']", NS)
    assert relations is not None, "the shipped source supports relations: they are listed below the text"


def test_source_provenance_is_folded_below_the_text(shipped_site: Built, dataset: Dataset) -> None:
    html = shipped_site.page(SOURCE)
    seed = dataset.seeds["syrian-rebels-gain-ground"]
    folded = re.search(r'<details class="tl-provenance".*?</details>', html, re.S)
    assert folded, "no folded provenance"
    assert html.index('<div class="tl-document">') < folded.start()
    assert seed.note and "tl-source__note" in folded.group(0)
    assert html.count("tl-source__note") == 1


def test_relation_notes_describe_the_world(shipped_site: Built, dataset: Dataset) -> None:
    for actor in dataset.actors:
        html = shipped_site.page(f"actors/{actor}/")
        assert "’s page" not in html and "stated on" not in html, actor
        assert "s’s " not in html.replace("’s page", ""), actor


@pytest.mark.parametrize("path", ["", "about/", "events/2024-11-30-rebels-capture-aleppo/", "actors/russia/", SOURCE])
def test_every_page_has_one_skip_link_to_an_existing_target(shipped_site: Built, path: str) -> None:
    html = shipped_site.page(path)
    skips = re.findall(r'<a href="([^"]*)" class="md-skip[^"]*"', html)
    assert len(skips) == 1, skips
    assert skips[0].split("#", 1)[1] in ids_on(html)
