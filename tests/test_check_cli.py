"""`make check` as a contributor runs it: the shipped data passes; broken data lists every
problem, then a count, and exits 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline_core", str(folder)],
        capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks")}, timeout=120,
    )


def test_shipped_data_passes_the_check() -> None:
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    events = len(list((ROOT / "events").rglob("*.yml")))
    actors = len(list((ROOT / "docs/actors").glob("*.md")))
    locations = len(list((ROOT / "docs/locations").glob("*.md")))
    assert lines[0].startswith(f"OK: {events} events, {actors} actors, {locations} locations, 1 seed document;")


def test_broken_data_lists_every_problem_then_a_count(project) -> None:
    folder = project({
        "events/2024-12-05-a.yml": "title: A\ndate: 2024-12-45\ntype: battle\nsummary: x\nactors: [rebels]\nsources: [{seed: report, quote: Rebels}]\n",
        "events/2024-12-05-b.yml": "title: B\n",
    })
    result = run_check(folder)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("events/2024-12-05-a.yml:2:7: 'date': expected an EDTF date")
    assert all(line.startswith("events/2024-12-05-b.yml:1:1: an event is missing") for line in lines[1:6])
    assert lines[-1] == "6 problems in the timeline data"
    assert result.stderr == ""
