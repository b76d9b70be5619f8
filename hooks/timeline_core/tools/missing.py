"""`check --base REF`: every id that existed at REF must still have an address.

A page URL is built from its id (`/events/<id>/`); other sites link to it. An id that is gone
from the working tree must be listed in the `former_ids` of a record of the same kind (whose
page then answers at the old address), or the file must come back. The ids at REF are the
file names there (ids are file names), so this works even when REF's data does not load.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..reading import load
from ..reading.files import Layout
from .history import files_at
from ..reading.model import Dataset
from ..reading.problems import Problem


@dataclass(frozen=True, slots=True)
class Kind:
    name: str  # as messages say it
    folder: str
    suffix: str
    nested: bool
    site: str  # the URL folder of its pages


def kinds(layout: Layout) -> tuple[Kind, ...]:
    return (
        Kind("event", layout.events, ".yml", True, "events"),
        Kind("actor", layout.actors, ".md", False, "actors"),
        Kind("location", layout.locations, ".md", False, "locations"),
        Kind("seed", layout.seeds, ".md", False, "sources"),
    )


def ids_in(paths: list[str], kind: Kind) -> dict[str, str]:
    """id -> path for the files of one kind, by the loader's own rules (others are not ids)."""
    found: dict[str, str] = {}
    for path in paths:
        folder, name = posixpath.split(path)
        inside = folder == kind.folder or (kind.nested and folder.startswith(kind.folder + "/"))
        stem, ext = posixpath.splitext(name)
        if inside and ext == kind.suffix and load.id_problem(stem) is None:
            found.setdefault(stem, path)
    return found


def _records(dataset: Dataset, kind: Kind) -> dict[str, Any]:
    if kind.name == "event":
        return {event.id: event for event in dataset.events}
    by_kind: dict[str, dict[str, Any]] = {
        "actor": dataset.actors, "location": dataset.locations, "seed": dataset.seeds,
    }
    return by_kind[kind.name]


def live(dataset: Dataset, kind: Kind) -> tuple[dict[str, str], set[str]]:
    """id -> path of every record of a kind now, and the former ids they claim."""
    records = _records(dataset, kind)
    paths = {record_id: record.path for record_id, record in records.items()}
    former = {old for record in records.values() for old in getattr(record, "former_ids", ())}
    return paths, former


def _claiming(dataset: Dataset, kind: Kind, old: set[str]) -> set[str]:
    """Records that already keep an old id alive: not the likely new name of another one."""
    records = _records(dataset, kind)
    return {rid for rid, record in records.items() if set(getattr(record, "former_ids", ())) & old}


def missing_ids(root: Path, ref: str, layout: Layout, dataset: Dataset) -> list[Problem]:
    """A located problem for every id at `ref` that no record answers for now."""
    before = files_at(root, ref, layout)
    problems: list[Problem] = []
    for kind in kinds(layout):
        old = ids_in(before, kind)
        now, former = live(dataset, kind)
        claiming = _claiming(dataset, kind, set(old))
        added = sorted(set(now) - set(old) - claiming)
        for gone in sorted(set(old) - set(now) - former):
            problems.append(_problem(kind, gone, old[gone], ref, added, now))
    return sorted(problems)


def _problem(kind: Kind, gone: str, old_path: str, ref: str, added: list[str], now: dict[str, str]) -> Problem:
    page = f"{kind.site}/{gone}/"
    lost = (
        f"{kind.name} id {gone!r} ({old_path} at {ref}) is gone: its page {page} and every link "
        "to it would break"
    )
    if kind.name == "seed":  # seeds have no former_ids: their address cannot move
        return Problem(old_path, 1, 1, f"{lost}; restore {old_path} (a seed cannot be renamed)")
    # Ids start with a date, so a loose match would pair unrelated events of the same day.
    successor = difflib.get_close_matches(gone, added, n=1, cutoff=0.75)
    if successor:
        new_path = now[successor[0]]
        return Problem(
            new_path, 1, 1,
            f"{lost}; if {new_path} replaces it, add `former_ids: [{gone}]` to {new_path}, "
            f"or restore {old_path}",
        )
    return Problem(
        old_path, 1, 1,
        f"{lost}; add `former_ids: [{gone}]` to the {kind.name} that replaces it, or restore {old_path}",
    )
