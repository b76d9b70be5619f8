"""The data to take away (data/*, feed.xml): each file checked against its format, and against
the data as read straight from the YAML files, not through the code that wrote the export."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml

from conftest import ROOT, Built, build, site_project

ATOM = "{http://www.w3.org/2005/Atom}"
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities", "tags",
]
ALEPPO = "2024-11-30-rebels-capture-aleppo"


def event_files(root: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "events").rglob("*.yml"))}


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def located_places(root: Path) -> dict[str, list[float]]:
    places = {p.stem: front_matter(p) for p in (root / "docs/locations").glob("*.md")}
    return {key: value["coordinates"] for key, value in places.items() if value.get("coordinates")}


def data(built: Built, name: str) -> str:
    return (built.site / name).read_text(encoding="utf-8")


# --- events.json ------------------------------------------------------------------------------

def test_events_json_is_valid_against_its_schema(shipped_site: Built) -> None:
    schema = json.loads(data(shipped_site, "data/events.schema.json"))
    document = json.loads(data(shipped_site, "data/events.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    assert [e["id"] for e in document["events"]] == _timeline_order(shipped_site)
    assert sorted(e["id"] for e in document["events"]) == sorted(event_files(ROOT))
    assert len(document["actors"]) == len(list((ROOT / "docs/actors").glob("*.md")))
    assert len(document["locations"]) == len(list((ROOT / "docs/locations").glob("*.md")))


def _timeline_order(built: Built) -> list[str]:
    # The timeline's entries, with or without the "event-" prefix of their anchors.
    return re.findall(r'<li class="tl-entry[^"]*" id="(?:event-)?([a-z0-9-]+)"', built.page(""))


def test_events_json_keeps_every_field_of_a_record(shipped_site: Built) -> None:
    document = json.loads(data(shipped_site, "data/events.json"))
    source = event_files(ROOT)[ALEPPO]
    event = next(e for e in document["events"] if e["id"] == ALEPPO)
    assert event["title"] == source["title"]
    assert event["date"]["edtf"] == "2024-11-29/2024-11-30"
    assert (event["date"]["earliest"], event["date"]["latest"]) == ("2024-11-29", "2024-11-30")
    assert [a["id"] for a in event["actors"]] == [a["id"] for a in source["actors"]]
    assert event["sources"][0] == {"seed": source["sources"][0]["seed"], "quote": source["sources"][0]["quote"]}
    assert event["annotations"] == source["annotations"] and event["tags"] == source["tags"]


def test_schema_rejects_what_it_should(shipped_site: Built) -> None:
    """A schema that accepts anything would pass the test above: it must refuse broken records."""
    validator = jsonschema.Draft202012Validator(json.loads(data(shipped_site, "data/events.schema.json")))
    document = json.loads(data(shipped_site, "data/events.json"))
    broken = json.loads(json.dumps(document))
    del broken["events"][0]["date"]
    wrong_type = json.loads(json.dumps(document))
    wrong_type["events"][0]["type"] = "massacre"
    extra = json.loads(json.dumps(document))
    extra["locations"][0]["colour"] = "red"
    for bad in (broken, wrong_type, extra):
        assert not validator.is_valid(bad)


# --- events.csv -------------------------------------------------------------------------------

def read_csv(built: Built) -> list[dict[str, str]]:
    text = (built.site / "data/events.csv").read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_event_and_acled_columns(shipped_site: Built) -> None:
    text = data(shipped_site, "data/events.csv")
    header = next(csv.reader(io.StringIO(text)))
    assert header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert len(rows) == len(event_files(ROOT))
    assert all(len(row) == len(header) for row in rows)
    assert sorted(r[0] for r in rows) == sorted(event_files(ROOT))


def test_csv_row_says_what_acled_would(shipped_site: Built) -> None:
    row = next(r for r in read_csv(shipped_site) if r["event_id_cnty"] == ALEPPO)
    coordinates = located_places(ROOT)["aleppo"]
    assert row["event_date"] == "2024-11-29" and row["time_precision"] == "2"  # a two-day span
    assert row["event_type"] == "Battles" and row["sub_event_type"] == "Battle"
    assert row["actor1"] == "Syrian opposition forces"
    assert row["assoc_actor_1"] == "Hayat Tahrir al-Sham"  # the other attacker
    assert row["actor2"] == "Syrian Arab Army"  # the defender
    assert (row["country"], row["admin1"], row["location"]) == ("Syria", "Aleppo Governorate", "Aleppo")
    assert (float(row["latitude"]), float(row["longitude"])) == tuple(coordinates)
    assert row["geo_precision"] == "1"
    assert "Syria: Russian strikes hit Aleppo amid rebel takeover (DW)" in row["source"]
    assert row["notes"].startswith("Rebel groups led by Hayat Tahrir al-Sham took control of Aleppo")
    assert "](" not in row["notes"]  # plain text, not Markdown
    killed = next(r for r in read_csv(shipped_site) if r["event_id_cnty"] == "2024-12-03-rebels-claim-50-soldiers-killed")
    assert killed["fatalities"].isdigit()


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    event = (ROOT / "tests/fixtures/mini/events/2024-12-01-rebels-capture-northtown.yml").read_text(encoding="utf-8")
    event = event.replace("summary: >-\n  [The Rebels]", 'summary: >-\n  =HYPERLINK("http://evil.example","x") [The Rebels]')
    rebels = (ROOT / "tests/fixtures/mini/docs/actors/rebels.md").read_text(encoding="utf-8")
    rebels = rebels.replace("name: The Rebels", 'name: "@SUM(1+1)"')
    built = build(site_project(tmp_path, files={
        "events/2024-12-01-rebels-capture-northtown.yml": event, "docs/actors/rebels.md": rebels,
    }))
    assert built.returncode == 0, built.output
    rows = read_csv(built)
    row = next(r for r in rows if r["event_id_cnty"] == "2024-12-01-rebels-capture-northtown")
    assert row["notes"].startswith("'=HYPERLINK(")
    assert row["actor1"] == "'@SUM(1+1)"
    formula = re.compile(r"^[=+\-@\t\r]")
    numeric = {"latitude", "longitude", "fatalities"}
    for r in rows:
        for column, value in r.items():
            assert column in numeric or not formula.match(value), (column, value)


# --- events.geojson ---------------------------------------------------------------------------

def test_geojson_has_every_located_event_as_lon_lat(shipped_site: Built) -> None:
    collection = json.loads(data(shipped_site, "data/events.geojson"))
    places = located_places(ROOT)
    expected = {key for key, event in event_files(ROOT).items() if any(p in places for p in event.get("locations", []))}
    assert collection["type"] == "FeatureCollection"
    assert {f["id"] for f in collection["features"]} == expected and len(collection["features"]) == len(expected)
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        points = [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
        assert geometry["type"] in ("Point", "MultiPoint") and points
        wanted = [[places[p][1], places[p][0]] for p in event_files(ROOT)[feature["id"]]["locations"] if p in places]
        assert points == wanted  # RFC 7946: longitude first
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90


# --- timelinejs.json --------------------------------------------------------------------------

def test_timelinejs_format(shipped_site: Built) -> None:
    timeline = json.loads(data(shipped_site, "data/timelinejs.json"))
    events = timeline["events"]
    assert timeline["title"]["text"]["headline"]
    assert len(events) == len(event_files(ROOT))
    assert len({e["unique_id"] for e in events}) == len(events)
    for slide in events:
        assert isinstance(slide["start_date"]["year"], int)
        assert set(slide["start_date"]) <= {"year", "month", "day"}
        assert slide["text"]["headline"] and slide["text"]["text"] and slide["display_date"] and slide["group"]
    aleppo = next(e for e in events if e["unique_id"] == ALEPPO)
    assert aleppo["start_date"] == {"year": 2024, "month": 11, "day": 29}
    assert aleppo["end_date"] == {"year": 2024, "month": 11, "day": 30}
    assert aleppo["display_date"] == "29–30 Nov 2024" and aleppo["group"] == "Battle"
    assert f'href="events/{ALEPPO}/"' in aleppo["text"]["text"]
    single = next(e for e in events if e["unique_id"] == "2024-12-01-jake-sullivan-remarks-on-hts")
    assert "end_date" not in single


def test_timelinejs_text_is_escaped_html(tmp_path: Path) -> None:
    event = (ROOT / "tests/fixtures/mini/events/2024-12-01-rebels-capture-northtown.yml").read_text(encoding="utf-8")
    event = event.replace("title: Rebels capture Northtown", 'title: "Rebels <img src=x onerror=alert(1)> & co"')
    built = build(site_project(tmp_path, files={"events/2024-12-01-rebels-capture-northtown.yml": event}))
    assert built.returncode == 0, built.output
    slide = json.loads(data(built, "data/timelinejs.json"))["events"][0]
    assert slide["text"]["headline"] == "Rebels &lt;img src=x onerror=alert(1)&gt; &amp; co"


# --- Atom feeds -------------------------------------------------------------------------------

def parse_feed(path: Path) -> ET.Element:
    root = ET.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed", path
    for tag in ("id", "title", "updated", "link", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, (path, tag)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", root.findtext(f"{ATOM}updated") or "")
    for entry in root.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{tag}") is not None, (path, tag)
    return root


def test_every_feed_parses_as_atom(shipped_site: Built) -> None:
    site = shipped_site.site
    main = parse_feed(site / "feed.xml")
    assert len(main.findall(f"{ATOM}entry")) == len(event_files(ROOT))
    for folder in ("actors", "locations"):
        ids = [p.stem for p in (ROOT / "docs" / folder).glob("*.md")]
        for record in ids:
            parse_feed(site / folder / record / "feed.xml")


def test_feed_entries_match_the_records_pages(shipped_site: Built) -> None:
    feed = parse_feed(shipped_site.site / "locations/hama/feed.xml")
    expected = sorted(k for k, e in event_files(ROOT).items() if "hama" in e.get("locations", []))
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]  # type: ignore[union-attr]
    assert sorted(link.split("/")[-2] for link in links) == expected
    assert all((shipped_site.site / "locations/hama" / link / "index.html").resolve().is_file() for link in links)
    updated = [e.findtext(f"{ATOM}updated") for e in feed.findall(f"{ATOM}entry")]
    assert feed.findtext(f"{ATOM}updated") == max(updated)


def test_pages_link_to_their_feeds(shipped_site: Built) -> None:
    for url, own in (("", None), ("actors/russia/", "feed.xml"), ("locations/hama/", "feed.xml")):
        html = shipped_site.page(url)
        # "alternate" among the rel tokens, as feed autodiscovery reads it.
        feeds = re.findall(r'<link rel="(?:[a-z ]* )?alternate(?: [a-z ]*)?" type="application/atom\+xml" title="[^"]*" href="([^"]+)">', html)
        assert feeds[0] in ("feed.xml", "../../feed.xml")
        assert (shipped_site.site / url / feeds[0]).resolve().is_file()
        if own:
            assert feeds[1] == own and (shipped_site.site / url / own).is_file()


def test_feed_ids_are_addresses_with_a_site_url(tmp_path: Path) -> None:
    built = build(site_project(tmp_path), env={"TIMELINE_SITE_URL": "https://example.org/tl/"})
    assert built.returncode == 0, built.output
    feed = parse_feed(built.site / "actors/rebels/feed.xml")
    assert feed.findtext(f"{ATOM}id") == "https://example.org/tl/actors/rebels/feed.xml"
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}id") == "https://example.org/tl/events/2024-12-01-rebels-capture-northtown/"


@pytest.fixture(scope="module")
def second_mini(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The mini fixture built again, with another hash seed and another build date."""
    built = build(site_project(tmp_path_factory.mktemp("again")),
                  env={"PYTHONHASHSEED": "7", "SOURCE_DATE_EPOCH": "1000000000"})
    assert built.returncode == 0, built.output
    return built


@pytest.mark.parametrize("name", ["data/events.json", "data/events.csv", "data/events.geojson",
                                  "data/timelinejs.json", "feed.xml", "actors/rebels/feed.xml"])
def test_exports_are_the_same_bytes_every_build(mini_site: Built, second_mini: Built, name: str) -> None:
    assert (mini_site.site / name).read_bytes() == (second_mini.site / name).read_bytes()


def test_a_feed_without_entries_is_dated_by_the_data(mini_site: Built) -> None:
    empty = parse_feed(mini_site.site / "locations/landia/feed.xml")  # no event names Landia itself
    assert empty.findall(f"{ATOM}entry") == []
    assert empty.findtext(f"{ATOM}updated") == parse_feed(mini_site.site / "feed.xml").findtext(f"{ATOM}updated")
