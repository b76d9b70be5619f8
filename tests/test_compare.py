"""Field-level changes between two datasets, as the change report prints them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import make_project
from timeline_core.tools.compare import RecordChange, compare
from timeline_core.reading.files import Layout, load_dataset

NORTHTOWN = "events/2024-12-01-rebels-capture-northtown.yml"


def changes(tmp_path: Path, edit: dict[str, Any]) -> list[RecordChange]:
    """Compare the mini fixture with a copy where each file's text is edited (old -> new pairs)."""
    before = load_dataset(Layout(make_project(tmp_path / "a")))
    folder = make_project(tmp_path / "b")
    for name, replacements in edit.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, (name, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return compare(before, load_dataset(Layout(folder)))


def test_nothing_changed(tmp_path: Path) -> None:
    assert changes(tmp_path, {}) == []


def test_event_fields(tmp_path: Path) -> None:
    [change] = changes(tmp_path, {NORTHTOWN: [
        ("role: attacker", "role: target"),
        ("value: 3\n", "value: 3\n    note: From the monitor.\n"),
        ("  - label: civilians killed\n    value: 3\n    note: From the monitor.\n    claimed_by: monitor\n", ""),
        ("tags: [northtown]", "tags: [northtown, fighting]"),
        ("related: [2024-12-02-capitalia-condemns-attack]", "related: []"),
        ("The report gives no date", "The report, written later, gives no date"),
        ("type: battle", "type: riot"),
    ]})
    assert change.status == "changed" and change.id == "2024-12-01-rebels-capture-northtown"
    assert list(change.changes) == [
        "type: battle → riot",
        "actors[rebels].role: attacker → target",
        "figures: -1",
        "annotations[1]: The report gives no date;… → The report, written later, gives no date;…",
        "related: -2024-12-02-capitalia-condemns-attack",
        "tags: +fighting",
    ]


def test_pages_seeds_and_long_text(tmp_path: Path) -> None:
    found = changes(tmp_path, {
        "docs/locations/capitalia.md": [("coordinates: [34.9, 36.6]", "coordinates: [34.95, 36.6]")],
        "docs/actors/rebels.md": [("aliases: [Rebel forces]", "aliases: [Rebel forces, The Front]"),
                                  ("type: opposes", "type: supports")],
        "seeds/report.md": [("3 civilians.", "three civilians.")],
    })
    assert [(c.kind, c.id, c.changes) for c in found] == [
        ("actors", "rebels", ("aliases: +The Front", "relations[1].type: opposes → supports")),
        ("locations", "capitalia", ("coordinates: 34.9, 36.6 → 34.95, 36.6",)),
        ("seeds", "report", ("text: …were killed, including 3 civilians. Officials in… → "
                             "…were killed, including three civilians. Officials in…",)),
    ]
