"""The preview's shortcut for edits of events' text (incremental.text_edit_pages): after an
edit of an event's title or summary alone, it looks only at the pages whose view held that
event in the last build. This proves, event by event, that no other page's view changes: every
page whose fingerprint differs from the last build's is among those looked at. A page that
showed an event's text without holding the event (a title copied into a string of its view)
would fail here, and would need the event in its view, or the field out of TEXT_FIELDS.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import bench
from conftest import FIXTURES, site_project
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.site.incremental import Fingerprints, State, pages_by_event, text_edit_pages
from timeline_core.reading.model import Dataset, Event
from timeline_core.site.render import Site

TEMPLATES = Path(__file__).resolve().parent.parent / "overrides/timeline"
FOLDERS = {"actors": "docs/actors", "locations": "docs/locations", "seeds": "seeds"}
PAGE_EVENTS = 10  # several timeline and record period pages even with a few dozen events


def fingerprinted(dataset: Dataset) -> State:
    """Every page's digest, and which pages hold each event, as a full preview build finds them."""
    site = Site(dataset, TEMPLATES, FOLDERS, page_events=PAGE_EVENTS)
    digest = Fingerprints()
    pages, shown = {}, {}
    views = {plan.src_uri: site.page_view(plan) for plan in site.plans}
    views["home"] = site.timeline_view()
    for uri, view in views.items():
        pages[uri] = digest.of(view)
        shown[uri] = digest.shown
    return State(context="same", pages=pages, shows=pages_by_event(shown, list(pages)))


def with_event(dataset: Dataset, edited: Event) -> Dataset:
    return dataclasses.replace(dataset, events=tuple(edited if e.id == edited.id else e for e in dataset.events))


TEXT_EDITS = {
    "title": lambda event: dataclasses.replace(event, title=event.title + " (edited)"),
    "summary": lambda event: dataclasses.replace(event, summary="A new *summary*. It [links](https://example.org/)."),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    project = site_project(tmp_path_factory.mktemp("text-edits"), data="mini")
    bench.generate(project, 60)
    return load_dataset(Layout(project))


@pytest.mark.parametrize("field", sorted(TEXT_EDITS))
@pytest.mark.parametrize("data", ["mini", "generated"])
def test_a_text_edit_changes_no_page_but_those_holding_the_event(data: str, field: str, generated: Dataset) -> None:
    dataset = load_dataset(Layout(FIXTURES / "mini")) if data == "mini" else generated
    before = fingerprinted(dataset)
    events = dataset.events if data == "mini" else dataset.events[::6]  # spread over the periods
    for event in events:
        edited = TEXT_EDITS[field](event)
        after = fingerprinted(with_event(dataset, edited))
        changed = {uri for uri, digest in after.pages.items() if before.pages[uri] != digest}
        looked_at = text_edit_pages(before, [(event, edited)], Fingerprints())
        assert looked_at is not None, event.id
        assert f"events/{event.id}.md" in changed  # the edit shows: the test can fail
        assert changed <= looked_at, (event.id, sorted(changed - looked_at))
        assert after.shows == before.shows  # a text edit moves no event from page to page


def test_an_edit_of_any_other_field_looks_at_every_page() -> None:
    dataset = load_dataset(Layout(FIXTURES / "mini"))
    before = fingerprinted(dataset)
    event = dataset.events[0]
    for edited in (dataclasses.replace(event, tags=(*event.tags, "new-tag")),
                   dataclasses.replace(event, status="disputed" if event.status != "disputed" else "confirmed"),
                   dataclasses.replace(event, related=())):
        if edited != event:
            assert text_edit_pages(before, [(event, edited)], Fingerprints()) is None
    assert text_edit_pages(before, None, Fingerprints()) is None  # a file added or removed
    assert text_edit_pages(State(), [(event, TEXT_EDITS["title"](event))], Fingerprints()) is None  # no index yet
