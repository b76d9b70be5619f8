"""Hierarchy roll-up and the compact filter index (data/filter-index.json), with its browser
half, filter-core.js, checked against an independent Python reading of the same contract."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Built, build, site_project
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.site.filterindex import filter_index_bytes
from timeline_core.site.hierarchy import ancestors, rolled_up
from timeline_core.site.index import build_index

CONTRACT_KEYS = ["id", "title", "url", "type", "status", "tags", "actors", "actors_direct",
                 "locations", "locations_direct", "start", "end", "text"]
CORE = ROOT / "docs/assets/js/filter-core.js"


def shipped_index() -> list[dict[str, Any]]:
    return json.loads(filter_index_bytes(build_index(load_dataset(Layout(ROOT)))))["events"]


# --- hierarchy --------------------------------------------------------------------------------

def test_ancestors_are_transitive_nearest_first_and_cycle_safe() -> None:
    parents = {"a": ["b"], "b": ["c", "a"], "c": ["a", "d"], "d": []}
    assert ancestors("a", parents) == ("b", "c", "d")
    assert ancestors("d", parents) == ()
    assert ancestors("b", parents) == ("c", "a", "d")
    assert rolled_up(["d", "a", "a"], {"a": ("b", "c", "d")}) == ["d", "a", "b", "c"]


def test_actor_and_place_cycles_in_relations_do_not_hang_the_build(tmp_path: Path) -> None:
    files = {
        "docs/actors/government.md": "---\nname: Government\nkind: government\nrelations:\n"
                                     "  - {type: part-of, actor: rebels}\n---\n",
        "docs/actors/rebels.md": "---\nname: The Rebels\nkind: armed-group\nrelations:\n"
                                 "  - {type: member-of, actor: government}\n---\n",
    }
    built = build(site_project(tmp_path, files=files))
    assert built.returncode == 0, built.output
    records = json.loads((built.site / "data/filter-index.json").read_text())["events"]
    northtown = next(r for r in records if r["id"] == "2024-12-01-rebels-capture-northtown")
    assert sorted(northtown["actors"]) == ["government", "rebels"]


def test_russia_includes_its_armed_forces_and_hama_governorate_includes_hama() -> None:
    records = shipped_index()
    ds = load_dataset(Layout(ROOT))
    for record in records:
        event = next(e for e in ds.events if e.id == record["id"])
        direct = [a.actor for a in event.actors]
        assert record["actors_direct"] == list(dict.fromkeys(direct))
        assert record["locations_direct"] == list(event.locations)
        if "russian-armed-forces" in direct:
            assert "russia" in record["actors"], record["id"]
        if "hama" in event.locations:
            assert {"hama-governorate", "syria"} <= set(record["locations"])
    by_russia = [r["id"] for r in records if "russia" in r["actors"]]
    assert len(by_russia) > len([r for r in records if "russia" in r["actors_direct"]])


# --- the file ---------------------------------------------------------------------------------

def test_filter_index_follows_the_contract(shipped_site: Built) -> None:
    raw = (shipped_site.site / "data/filter-index.json").read_bytes()
    records = json.loads(raw)["events"]
    ds = load_dataset(Layout(ROOT))
    assert [r["id"] for r in records] == [e.id for e in ds.events]  # timeline order
    for record, event in zip(records, ds.events, strict=True):
        assert list(record) == CONTRACT_KEYS
        assert record["url"] == f"events/{event.id}/"
        assert (shipped_site.site / record["url"] / "index.html").is_file()
        assert (record["start"], record["end"]) == event.date.iso_bounds()
        assert record["type"] == event.type and record["status"] == event.status
        assert record["tags"] == list(event.tags)
        assert set(record["actors_direct"]) <= set(record["actors"])
        assert record["text"] == record["text"].lower()
        assert event.title.lower() in record["text"]
        assert "](" not in record["text"], "Markdown link syntax is not searchable text"
    assert raw == filter_index_bytes(build_index(load_dataset(Layout(ROOT)))), "same input, same bytes"


# --- filter-core.js against a Python reading of the contract ----------------------------------

def _overlaps(record: dict[str, Any], low: str | None, high: str | None) -> bool:
    start = date.fromisoformat(record["start"]) if record["start"] else date.min
    end = date.fromisoformat(record["end"]) if record["end"] else date.max
    return (low is None or end >= date.fromisoformat(low)) and (high is None or start <= date.fromisoformat(high))


def expected(records: list[dict[str, Any]], state: dict[str, Any]) -> list[str]:
    fields = {"actor": "actors", "location": "locations", "type": "type", "status": "status", "tag": "tags"}
    kept = []
    for record in records:
        ok = all(
            not state.get(name) or any(v in ([record[f]] if isinstance(record[f], str) else record[f]) for v in state[name])
            for name, f in fields.items()
        )
        ok = ok and _overlaps(record, state.get("from"), state.get("to"))
        ok = ok and all(word in record["text"] for word in state.get("text", "").lower().split())
        if ok:
            kept.append(record["id"])
    return kept


QUERIES = [
    "", "actor=russia", "actor=russia&actor=iran", "location=hama-governorate", "type=battle",
    "status=disputed", "tag=hama-offensive&type=battle", "from=2024-12-02&to=2024-12-02",
    "from=2024-12-03", "to=2024-11-30", "text=Aleppo%20rebels", "from=2024-12&to=2024-12",
    "actor=russia&from=2024-12-02&to=2024-12-02", "from=not-a-date&text=HTS",
]


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed (the same checks run in chromium in test_filters_browser.py)")
    return found


def run_core(node: str, script: str) -> Any:
    program = f"import * as core from {json.dumps(CORE.as_uri())};\n{script}"
    result = subprocess.run([node, "--input-type=module", "-e", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_matches_agrees_with_the_contract_on_the_shipped_data(node: str) -> None:
    records = shipped_index()
    script = f"""
const records = {json.dumps(records)};
const out = {{}};
for (const query of {json.dumps(QUERIES)}) {{
  const state = core.readState(new URLSearchParams(query));
  out[query] = {{ids: records.filter(r => core.matches(r, state)).map(r => r.id), state}};
}}
console.log(JSON.stringify(out));
"""
    results = run_core(node, script)
    for query in QUERIES:
        state = results[query]["state"]
        assert results[query]["ids"] == expected(records, state), query
    day = results["from=2024-12-02&to=2024-12-02"]["ids"]
    assert len(day) > len([r for r in records if r["start"] == "2024-12-02"]), "spanning events count"
    assert results["from=2024-12&to=2024-12"]["state"]["to"] == "2024-12-31"
    assert results["from=not-a-date&text=HTS"]["state"]["from"] is None
    assert 0 < len(results["actor=russia"]["ids"]) < len(records)


def test_state_round_trips_through_the_url(node: str) -> None:
    script = """
const state = core.readState(new URLSearchParams("text=+hama+&tag=x&actor=b&actor=a&actor=b&zzz=1&to=2024-12-02&from=2024-02-30"));
const again = core.readState(core.writeState(state));
console.log(JSON.stringify({query: core.writeState(state).toString(), state, same: JSON.stringify(again) === JSON.stringify(state),
  empty: core.isEmpty(core.readState(new URLSearchParams("zzz=1")))}));
"""
    result = run_core(node, script)
    assert result["query"] == "actor=b&actor=a&tag=x&to=2024-12-02&text=hama"
    assert result["state"]["from"] is None  # 30 February is not a day
    assert result["same"] and result["empty"]
