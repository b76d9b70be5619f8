"""The repository as a template for another story: a site with no events, or with one, builds
cleanly (strictly) and says what it holds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import Built, build, site_project, write_files
from test_site import parse
from timeline_core.tools.scaffold import create
from test_site import test_no_internal_link_is_broken as assert_no_broken_links


def text_of(html: str) -> str:
    """The article's words, as a reader sees them."""
    article = html[html.index("<article"): html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def built_with(tmp: Path, keep_records: bool, files: dict[str, str] | None = None) -> Built:
    project = site_project(tmp, data="mini")
    for event in (project / "events").glob("*.yml"):
        event.unlink()
    if not keep_records:  # a fresh story: every data folder gone, as git keeps no empty folder
        for folder in ("events", "docs/actors", "docs/locations", "seeds"):
            shutil.rmtree(project / folder)
    write_files(project, files)
    if files:  # the one event is started as a newcomer would, with `make new`, then filled in
        written, problems = create(project, "Council opens the bridge", "1923-05-04")
        assert written is not None, problems
        text = written.read_text(encoding="utf-8")
        for empty, value in FILLED.items():
            text = text.replace(empty, value)
        written.write_text(text, encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.output
    assert "WARNING" not in built.output and "ERROR" not in built.output
    return built


# A different story, from nothing: one seed, one actor, no places.
NEW_STORY = {
    "seeds/town-gazette.md": "---\ntitle: Town Gazette, 5 May 1923\npublished: 1923-05-05\n---\n"
    "Yesterday the council opened the new bridge over the river.\n",
    "docs/actors/council.md": "---\nname: The town council\nkind: government\n---\n",
}
FILLED = {
    "type:\n": "type: policy\n",
    "summary:\n": "summary: The [council](actor:council) opened the new bridge.\n",
    "  - id:\n    role:\n": "  - id: council\n    role: participant\n",
    "    quote:\n": "    quote: the council opened the new bridge\n",
}
ONE_EVENT = "1923-05-04-council-opens-the-bridge"


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_with(tmp_path_factory.mktemp("empty"), keep_records=False)


@pytest.fixture(scope="module")
def no_events_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_with(tmp_path_factory.mktemp("no-events"), keep_records=True)


@pytest.fixture(scope="module")
def one_event_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_with(tmp_path_factory.mktemp("one"), keep_records=False, files=NEW_STORY)


def test_a_timeline_with_no_events_says_so(empty_site: Built, no_events_site: Built) -> None:
    for built in (empty_site, no_events_site):
        words = text_of(built.page(""))
        assert "No events yet." in words and "make new" in words
        assert "0 events" not in words
        assert not parse(built.page("")).entries
        assert "month-" not in built.page("")  # no months to jump to


def test_empty_indexes_say_what_belongs_there(empty_site: Built) -> None:
    assert "No actors yet." in text_of(empty_site.page("actors/"))
    assert "No places yet." in text_of(empty_site.page("locations/"))
    assert "No source documents yet." in text_of(empty_site.page("sources/"))
    assert "<ul" not in empty_site.page("sources/")[empty_site.page("sources/").index("<article"):].split("</article>")[0]


def test_records_without_events_still_have_their_pages(no_events_site: Built) -> None:
    assert "3 actors" in text_of(no_events_site.page("actors/"))
    assert "No events in the timeline yet." in text_of(no_events_site.page("actors/rebels/"))
    assert "cited by 0 events" in text_of(no_events_site.page("sources/"))


def test_a_timeline_with_one_event(one_event_site: Built) -> None:
    timeline = one_event_site.page("")
    words = text_of(timeline)
    assert "1 event, earliest first" in words
    assert parse(timeline).entries == [ONE_EVENT] or parse(timeline).entries == [f"event-{ONE_EVENT}"]
    assert f'href="events/{ONE_EVENT}/"' in timeline
    assert "Council opens the bridge" in text_of(one_event_site.page(f"events/{ONE_EVENT}/"))
    assert "4 May 1923" in text_of(timeline)
    assert "1 actor," in text_of(one_event_site.page("actors/"))
    assert f'events/{ONE_EVENT}/' in one_event_site.page("actors/council/")
    assert "No places yet." in text_of(one_event_site.page("locations/"))
    source = text_of(one_event_site.page("sources/town-gazette/"))
    assert "cited by 1 event" in source and "1 passage" in source


@pytest.mark.parametrize("which", ["empty_site", "no_events_site", "one_event_site"])
def test_small_sites_have_no_broken_links(which: str, request: pytest.FixtureRequest) -> None:
    assert_no_broken_links(request.getfixturevalue(which))
