"""The preview's bookkeeping (timeline_core.site.incremental): fingerprints of view models, the state
kept between builds, stale files and the search entries of pages not rebuilt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from conftest import FIXTURES
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.site.incremental import (
    Fingerprints, State, merged_search_entries, modified_pages, remove_outputs, save_state,
    stale_outputs, take_state,
)
from timeline_core.site.render import Site


def site_of(root: Path) -> Site:
    folders = {"actors": "docs/actors", "locations": "docs/locations", "seeds": "seeds"}
    return Site(load_dataset(Layout(root)), Path(__file__).resolve().parent.parent / "overrides/timeline", folders)


def fingerprints(site: Site) -> dict[str, str]:
    digest = Fingerprints()
    found = {plan.src_uri: digest.of(site.page_view(plan)) for plan in site.plans}
    found["home"] = digest.of(site.timeline_view())
    return found


def test_every_page_digests_the_same_in_another_build(tmp_path: Path) -> None:
    """Nothing in a view digests by address (that page would be rebuilt every time)."""
    first, second = fingerprints(site_of(FIXTURES / "mini")), fingerprints(site_of(FIXTURES / "mini"))
    assert first == second
    assert len(set(first.values())) == len(first)  # and no two pages look alike


def test_a_title_changes_the_pages_that_show_it_only(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    before = fingerprints(site_of(tmp_path / "mini"))
    path = tmp_path / "mini/events/2024-12-02-capitalia-condemns-attack.yml"
    path.write_text(re.sub(r"(?m)^title: .*$", "title: Officials speak", path.read_text(encoding="utf-8")))
    after = fingerprints(site_of(tmp_path / "mini"))
    changed = {uri for uri in before if before[uri] != after[uri]}
    assert {"events/2024-12-02-capitalia-condemns-attack.md", "events/2024-12-01-rebels-capture-northtown.md",
            "locations/capitalia.md", "actors/government.md", "home"} <= changed
    assert "locations/northtown.md" not in changed  # lists only the other event
    assert "actors/index.md" not in changed  # counts, no titles


@dataclass(frozen=True)
class Point:
    x: float
    label: str


def test_digests_tell_apart_what_renders_differently() -> None:
    digest = Fingerprints()
    assert digest.of("a<b") != digest.of(Markup("a<b"))  # escaped, or not
    assert digest.of(1) != digest.of(1.0) != digest.of("1") != digest.of(True)
    assert digest.of(["a", "b"]) != digest.of(["ab"]) != digest.of(("a", "b"))
    assert digest.of({"a": 1, "b": 2}) != digest.of({"b": 2, "a": 1})  # templates see the order
    assert digest.of(Point(1.0, "x")) == Fingerprints().of(Point(1.0, "x")) != digest.of(Point(1.0, "y"))

    def link(prefix: str):  # a closure digests by what it closes over
        return lambda event_id: prefix + event_id

    assert digest.of(link("#")) == Fingerprints().of(link("#")) != digest.of(link("../#"))


def test_an_object_seen_only_by_address_never_matches() -> None:
    class Opaque:
        pass

    thing = Opaque()
    assert Fingerprints().of(thing) != Fingerprints().of(Opaque())


def test_the_state_is_taken_once_and_a_stale_version_ignored(tmp_path: Path) -> None:
    state = State("context", {"a.md": "1"}, ["a/index.html"], [{"location": "a/"}], {"*x*": "<p><em>x</em></p>"})
    save_state(tmp_path, state)
    assert take_state(tmp_path) == state
    assert take_state(tmp_path) == State()  # removed when taken: a failed build leaves none
    (tmp_path / "state.json").write_text('{"version": 0, "context": "c"}', encoding="utf-8")
    assert take_state(tmp_path) == State()


def test_pages_to_rebuild() -> None:
    previous = State("c1", {"a.md": "1", "b.md": "2"})
    assert modified_pages(previous, "c1", {"a.md": "1", "b.md": "3", "c.md": "4"}) == {"b.md", "c.md"}
    assert modified_pages(previous, "c2", {"a.md": "1"}) is None  # the context changed: all
    assert modified_pages(previous, None, {}) is None  # a build with data problems: all
    assert modified_pages(State(), "c1", {"a.md": "1"}) is None  # the first build


def test_stale_outputs_are_removed_with_their_empty_folders(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("events/a/index.html", "events/b/index.html", "feed.xml"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("keep", encoding="utf-8")
    stale = stale_outputs(["events/a/index.html", "events/b/index.html", "feed.xml"], ["events/b/index.html", "feed.xml"])
    assert stale == ["events/a/index.html"]
    remove_outputs(site, [*stale, "../outside.txt"])
    assert not (site / "events/a").exists() and (site / "events/b/index.html").is_file()
    assert (tmp_path / "outside.txt").is_file()  # never outside the site folder


def test_search_entries_of_pages_not_rebuilt_are_kept_in_page_order() -> None:
    previous = [{"location": ""}, {"location": "#intro"}, {"location": "about/"}, {"location": "gone/"}]
    rebuilt = [{"location": "about/"}, {"location": "about/#new"}]
    merged = merged_search_entries(previous, rebuilt, ["", "about/", "new/"], {"about/", "new/"})
    assert [e["location"] for e in merged] == ["", "#intro", "about/", "about/#new"]
