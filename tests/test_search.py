"""Search entries come from the records (timeline_core.site.search), not from re-parsed pages, and
are filed in small files (timeline_core.site.search_shards): every record is findable by its name
and each alias, with its own words as the text; the files are the same for the same input."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import pytest

from conftest import Built, build, site_project
from searchfiles import by_location, documents, postings, shards_of
from timeline_core.site import search_shards
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.site.index import build_index
from timeline_core.site.search import search_entries
from timeline_core.site.search_shards import Doc, search_files, word_groups
from timeline_core.site.search_words import words


def test_every_record_has_one_document(shipped_site: Built) -> None:
    ds = load_dataset(Layout(shipped_site.project))
    locations = [doc["location"] for doc in documents(shipped_site.site)]
    expected = [f"events/{e.id}/" for e in ds.events] + [f"actors/{a}/" for a in ds.actors]
    expected += [f"locations/{p}/" for p in ds.locations] + [f"sources/{s}/" for s in ds.seeds]
    assert [loc for loc in expected if locations.count(loc) != 1] == []
    # Record pages are not also parsed by Material's plugin (no section entries of them).
    parsed = [loc for loc in locations if "#" in loc and loc.split("#")[0] in set(expected)]
    assert parsed == []


def test_every_name_and_alias_is_a_name_of_its_record(shipped_site: Built) -> None:
    """Each word of each name and alias (any script) is posted for the record's document as a
    name, weighted by the word count of the shortest name holding it; each word of an event's
    or a source's title, as a title."""
    ds = load_dataset(Layout(shipped_site.project))
    number = {doc["location"]: n for n, doc in enumerate(documents(shipped_site.site))}
    found = postings(shipped_site.site)
    records = [(f"actors/{a.id}/", (a.name, *a.aliases)) for a in ds.actors.values()]
    records += [(f"locations/{p.id}/", (p.name, *p.aliases)) for p in ds.locations.values()]
    missing = []
    for location, names in records:
        for name in names:
            for word in words(name):
                value = found.get(word, {}).get(number[location], 0)
                if not 0 < value >> 6 <= len(words(name)):
                    missing.append((location, name, word))
    # Events and sources by their titles.
    titled = [(f"events/{e.id}/", e.title) for e in ds.events] + [(f"sources/{s.id}/", s.title) for s in ds.seeds.values()]
    for location, title in titled:
        missing += [(location, title, word) for word in words(title) if not found[word][number[location]] & 32]
    assert missing == []
    assert any(any(ord(c) > 0x5ff for c in alias) for _, names in records for alias in names)  # Arabic, Persian
    assert found["hts"][number["actors/hayat-tahrir-al-sham/"]] >> 6 == 1  # a one-word alias: the heaviest


def test_aliases_are_words_of_their_own_and_texts_are_the_records(shipped_site: Built) -> None:
    docs = by_location(shipped_site.site)
    hama = docs["locations/hama/"]
    assert hama["title"] == "Hama"
    assert hama["text"].startswith("Also written Hamah, ")
    observatory = docs["actors/syrian-observatory-for-human-rights/"]
    assert "SOHR" in observatory["text"]
    event = docs["events/2024-11-30-rebels-capture-aleppo/"]
    assert event["title"] == "Rebels capture Aleppo"
    assert event["text"].startswith("29–30 Nov 2024. Rebel groups led by Hayat Tahrir al-Sham took control of Aleppo")
    for doc in (hama, observatory, event):  # no page chrome in what a result shows
        for chrome in ("Next event", "Previous event", "Data file", "Edit this page", "On the map"):
            assert chrome not in doc["text"], (doc["location"], chrome)
    # What a result shows is bounded; the whole text is searched.
    assert all(len(unescape(doc["text"])) <= search_shards.TEXT_CHARACTERS + 2 for doc in docs.values())


def test_hand_written_pages_are_still_indexed_and_the_timeline_is_not(shipped_site: Built) -> None:
    docs = by_location(shipped_site.site)
    assert "about/" in docs and any(loc.startswith("data-format/#") for loc in docs)
    # The home page's intro is indexed, its timeline (every event again) is not.
    assert docs[""]["title"].startswith("Syria, late 2024")
    assert not [loc for loc in docs if loc.startswith("#2024-") or loc.startswith("#month-")]
    # A section knows its page (the worker shows it above the section).
    shown = json.loads((shipped_site.site / shards_of(shipped_site.site)["folder"] / "d0.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in documents(shipped_site.site)]
    for n, entry in enumerate(shown):
        if "#" in entry[0]:
            assert locations[entry[3]] == entry[0].split("#")[0], entry
            assert n > entry[3]


def test_listing_pages_are_found_by_title_not_by_the_records_they_list(shipped_site: Built) -> None:
    """The index pages and the relations page list records that have entries of their own:
    each has one entry (its title and description), no section parsed from its HTML."""
    docs = by_location(shipped_site.site)
    number = {doc["location"]: n for n, doc in enumerate(documents(shipped_site.site))}
    for location, title in (("map/", "Map"), ("sources/", "Sources"), ("actors/", "Actors"),
                            ("actors/relations/", "Who supports whom"), ("data/", "Data")):
        assert docs[location]["title"] == title
        assert not [loc for loc in docs if loc.startswith(location + "#")], location
    found = postings(shipped_site.site)
    assert found["map"][number["map/"]] & 32  # its title
    assert number["map/"] not in found["aleppo"]  # a place its list shows: the record's, not the map's
    assert number["actors/"] not in found["hts"]


def test_search_index_json_holds_the_map_and_no_documents(shipped_site: Built) -> None:
    index = json.loads((shipped_site.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    assert index["config"]["lang"] == ["en"]  # Material's settings kept
    shards = index["config"]["shards"]
    assert shards["documents"] == len(documents(shipped_site.site))
    assert (shipped_site.site / shards["folder"]).is_dir()


def test_words_in_any_script() -> None:
    assert words("Ḥamāh") == ["hamah"]
    assert words("Hay'at Tahrir al-Sham") == ["hay", "at", "tahrir", "al", "sham"]
    # Yeh with hamza (ئ) decomposes to yeh and a combining hamza: typed either way, one word.
    assert words("هيئة تحرير الشام") == ["هيية", "تحرير", "الشام"] == words("هيية تحرير الشام")
    assert words("Алеппо, АЛЕППО") == ["алеппо", "алеппо"]
    assert words("عباس عراقچی") == ["عباس", "عراقچی"]
    assert words("أحمد") == ["احمد"]  # the hamza is a combining mark once decomposed
    assert words("İstanbul_2024") == ["istanbul", "2024"]


def test_contributor_text_is_escaped(tmp_path: Path) -> None:
    project = site_project(tmp_path, files={"docs/actors/rebels.md": (
        "---\nname: The <b>Rebels</b>\nkind: armed-group\naliases: [R&R, <img src=x onerror=alert(1)>]\n---\n"
        "A group &lt;script&gt; 1 < 2 &amp; more.\n"
    )})
    ds = load_dataset(Layout(project))
    entries = search_entries(build_index(ds))
    entry = next(e for e in entries if e["location"] == "actors/rebels/")
    assert entry["title"] == "The &lt;b&gt;Rebels&lt;/b&gt;"
    assert entry["names"] == ["The &lt;b&gt;Rebels&lt;/b&gt;", "R&amp;R", "&lt;img src=x onerror=alert(1)&gt;"]
    assert entry["text"] == "Also known as R&amp;R, &lt;img src=x onerror=alert(1)&gt;. A group &lt;script&gt; 1 &lt; 2 &amp; more."
    files = search_files({"config": {}, "docs": []}, entries)
    shards = json.loads(files["search/search_index.json"])["config"]["shards"]
    shown = [doc for n in range(-(-shards["documents"] // shards["per_file"]))
             for doc in json.loads(files[f"{shards['folder']}d{n}.json"])]
    rebels = next(doc for doc in shown if doc[0] == "actors/rebels/")
    assert rebels[1:] == [entry["title"], entry["text"]]  # stored escaped, as they were given


def test_plugin_documents_become_plain_text_with_their_page() -> None:
    plugin = {"config": {"lang": ["en"]}, "docs": [
        {"location": "about/", "title": "About", "text": "<p>Intro &amp; <code>x</code></p>"},
        {"location": "about/#more", "title": "More", "text": "<p>Second</p>"}]}
    files = search_files(plugin, [])
    shards = json.loads(files["search/search_index.json"])["config"]["shards"]
    assert json.loads(files[shards["folder"] + "d0.json"]) == [
        ["about/", "About", "Intro &amp; x"], ["about/#more", "More", "Second", 0]]


def _docs(count: int) -> list[Doc]:
    return [Doc(f"events/e{n}/", f"Event {n} at place{n % 37}", f"word{n} common text{n % 53} shared " * 3) for n in range(count)]


def test_word_groups_split_by_prefix_and_each_word_lives_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_shards, "SHARD_BYTES", 2_000)
    found = search_shards.postings(_docs(400))
    groups = word_groups(found)
    assert len(groups) > 5
    placed = [word for _, members in groups for word in members]
    assert sorted(placed) == sorted(found)  # every word once
    prefixes = [prefix for prefix, _ in groups]
    for prefix, members in groups:
        for word in members:  # the worker looks a word up by its longest listed prefix
            assert max((p for p in prefixes if word.startswith(p)), key=len) == prefix, word
        size = sum(len(word) + len(json.dumps(found[word], separators=(",", ":"))) + 4 for word in members)
        assert size <= 2_000 or len(members) == 1 or prefix in ("", *(w[:len(prefix)] for w in members)), prefix


def test_postings_rebuild_each_documents_words() -> None:
    docs = _docs(30) + [Doc("actors/a/", "Hayat Tahrir al-Sham", "Text", ("Hayat Tahrir al-Sham", "HTS"))]
    found = search_shards.postings(docs)
    decoded: dict[str, dict[int, int]] = {}
    for word, gaps in found.items():
        number = 0
        for gap, value in zip(gaps[::2], gaps[1::2], strict=True):
            number += gap
            decoded.setdefault(word, {})[number] = value
    assert decoded["hts"] == {30: 1 << 6}
    assert decoded["tahrir"] == {30: 32 | 4 << 6}  # in the title, and a name of four words
    assert decoded["shared"][4] == 3 and decoded["word4"] == {4: 3}
    assert set(decoded["common"]) == set(range(30))


def test_same_input_same_files(mini_site: Built, tmp_path: Path) -> None:
    again = build(site_project(tmp_path, data="mini"))
    assert again.returncode == 0, again.output

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "search").rglob("*")) if p.is_file()}

    assert files(again.site) == files(mini_site.site)
    assert len(files(mini_site.site)) > 2


def test_every_combining_mark_is_dropped() -> None:
    """The marks class is built from a few planes (for speed): it holds every mark there is."""
    import sys
    import unicodedata

    from timeline_core.site.search_words import _marks

    marks = [chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)).startswith("M")]
    assert _marks().sub("", "".join(marks)) == ""


def test_stop_words_are_left_out_of_texts_but_not_of_names_and_titles() -> None:
    docs = [Doc("actors/o/", "The Observatory", "The monitor of the war.", ("The Observatory", "SOHR")),
            Doc("events/e/", "Shelling", "The town of the north.")]
    found = search_shards.postings(docs, search_shards.STOP_WORDS)
    assert found["the"] == [0, 32 | 2 << 6]  # the actor's title and name; no text
    assert "of" not in found and found["town"] == [1, 1]
    files = search_files({"config": {"pipeline": ["stopWordFilter"]}, "docs": []}, [])
    assert "the" in json.loads(files["search/search_index.json"])["config"]["shards"]["stop_words"]
    files = search_files({"config": {"pipeline": []}, "docs": []}, [])  # the site's setting is followed
    assert json.loads(files["search/search_index.json"])["config"]["shards"]["stop_words"] == []
