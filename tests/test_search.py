"""Search entries come from the records (timeline_core.search), not from re-parsed pages:
every record is findable by its name and each alias, with its own words as the text."""

from __future__ import annotations

import json
from typing import Any

from conftest import Built, build, site_project
from timeline_core.files import Layout, load_dataset
from timeline_core.index import build_index
from timeline_core.search import merged_index, search_entries


def _index(built: Built) -> dict[str, Any]:
    return json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))


def _docs(built: Built) -> dict[str, dict[str, str]]:
    return {doc["location"]: doc for doc in _index(built)["docs"]}


def test_every_record_has_one_entry_with_its_names(shipped_site: Built) -> None:
    ds = load_dataset(Layout(shipped_site.project))
    docs = _docs(shipped_site)
    expected = [f"events/{e.id}/" for e in ds.events] + [f"actors/{a}/" for a in ds.actors]
    expected += [f"locations/{p}/" for p in ds.locations] + [f"sources/{s}/" for s in ds.seeds]
    assert [loc for loc in expected if loc not in docs] == []
    # Record pages are not also parsed by Material's plugin (no section entries of them).
    record_pages = set(expected)
    parsed = [loc for loc in docs if "#" in loc and loc.split("#")[0] in record_pages]
    assert parsed == []
    for actor in ds.actors.values():
        names = docs[f"actors/{actor.id}/"]["names"].split(", ")
        assert names[0] == actor.name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert len(names) == 1 + len(actor.aliases)


def test_aliases_are_words_of_their_own_and_texts_are_the_records(shipped_site: Built) -> None:
    docs = _docs(shipped_site)
    hama = docs["locations/hama/"]
    assert hama["title"] == "Hama"
    assert "Hamah" in hama["names"].split(", ")
    assert hama["text"].startswith("Also written Hamah, ")
    observatory = docs["actors/syrian-observatory-for-human-rights/"]
    assert "SOHR" in observatory["names"].split(", ")
    event = docs["events/2024-11-30-rebels-capture-aleppo/"]
    assert event["title"] == "Rebels capture Aleppo"
    assert event["text"].startswith("29–30 Nov 2024. Rebel groups led by Hayat Tahrir al-Sham took control of Aleppo")
    for doc in (hama, observatory, event):  # no page chrome in what a result shows
        for chrome in ("Next event", "Previous event", "Data file", "Edit this page", "On the map"):
            assert chrome not in doc["text"], (doc["location"], chrome)
    assert _index(shipped_site)["config"]["fields"]["names"] == {"boost": 1000.0}


def test_hand_written_pages_are_still_indexed_and_the_timeline_is_not(shipped_site: Built) -> None:
    docs = _docs(shipped_site)
    assert "about/" in docs and any(loc.startswith("data-format/#") for loc in docs)
    # The home page's intro is indexed, its timeline (every event again) is not.
    assert docs[""]["title"].startswith("Syria, late 2024")
    assert not [loc for loc in docs if loc.startswith("#2024-") or loc.startswith("#month-")]


def test_contributor_text_is_escaped(tmp_path) -> None:
    project = site_project(tmp_path, files={"docs/actors/rebels.md": (
        "---\nname: The <b>Rebels</b>\nkind: armed-group\naliases: [R&R, <img src=x onerror=alert(1)>]\n---\n"
        "A group &lt;script&gt; 1 < 2 &amp; more.\n"
    )})
    ds = load_dataset(Layout(project))
    entry = next(e for e in search_entries(build_index(ds)) if e["location"] == "actors/rebels/")
    assert entry["title"] == "The &lt;b&gt;Rebels&lt;/b&gt;"
    assert entry["names"] == "The &lt;b&gt;Rebels&lt;/b&gt;, R&amp;R, &lt;img src=x onerror=alert(1)&gt;"
    assert entry["text"] == "Also known as R&amp;R, &lt;img src=x onerror=alert(1)&gt;. A group &lt;script&gt; 1 &lt; 2 &amp; more."


def test_merge_keeps_the_plugins_entries_and_settings(mini_site: Built) -> None:
    ds = load_dataset(Layout(mini_site.project))
    plugin = {"config": {"lang": ["en"], "fields": {"title": {"boost": 1000.0}}},
              "docs": [{"location": "about/", "title": "About", "text": "x"}]}
    merged = merged_index(plugin, build_index(ds))
    assert merged["config"]["lang"] == ["en"]
    assert merged["config"]["fields"] == {"title": {"boost": 1000.0}, "names": {"boost": 1000.0}}
    assert merged["docs"][0] == plugin["docs"][0]
    assert len(merged["docs"]) == 1 + len(ds.events) + len(ds.actors) + len(ds.locations) + len(ds.seeds)


def test_same_input_same_index(mini_site: Built, tmp_path) -> None:
    again = build(site_project(tmp_path, data="mini"))
    assert again.returncode == 0, again.output
    assert (again.site / "search/search_index.json").read_bytes() == (mini_site.site / "search/search_index.json").read_bytes()
