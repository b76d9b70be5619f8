"""The preview's parsed events kept between builds (timeline_core.reading.reuse): an unchanged file is
not parsed again, and a load that reuses gives what a fresh load gives, problems included."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, edit_file
from timeline_core.reading import files
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.site.incremental import Fingerprints
from timeline_core.reading.problems import DataError
from timeline_core.reading.reuse import load_reuse, save_reuse


def _loaded(root: Path, state: Path) -> tuple[object, object]:
    reuse = load_reuse(state)
    try:
        return load_dataset(Layout(root), reuse=reuse), reuse
    except DataError as error:
        return error.problems, reuse


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    (tmp_path / "state").mkdir(mode=0o700)
    return root


def parsed_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = files._parse_event

    def spy(file: files.DataFile, data: bytes, ctx: object) -> object:
        seen.append(file.path)
        return original(file, data, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "_parse_event", spy)
    return seen


def test_only_the_edited_file_is_parsed_again(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = mini.parent / "state"
    save_reuse(state, _loaded(mini, state)[1])
    seen = parsed_paths(monkeypatch)
    name = "events/2024-12-01-rebels-capture-northtown.yml"
    edit_file(mini, name, lambda text: text.replace("title: ", "title: Edited ", 1))
    dataset, _ = _loaded(mini, state)
    assert seen == [name]
    assert dataset == load_dataset(Layout(mini))  # as a fresh load reads it
    assert any(event.title.startswith("Edited ") for event in dataset.events)  # type: ignore[attr-defined]


def test_a_broken_file_reports_the_same_problems_when_reused(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = mini.parent / "state"
    edit_file(mini, "events/2024-12-01-rebels-capture-northtown.yml",
              lambda text: text.replace("date: 2024-12-01", "date: 2024-13-45", 1))
    with pytest.raises(DataError) as fresh:
        load_dataset(Layout(mini))
    first, reuse = _loaded(mini, state)
    save_reuse(state, reuse)
    seen = parsed_paths(monkeypatch)
    again, _ = _loaded(mini, state)
    assert seen == []
    assert first == again == fresh.value.problems


def test_a_reference_to_a_removed_actor_is_found_in_a_reused_event(mini: Path) -> None:
    """Cross-file checks run on every load: a reused event's references are checked again."""
    state = mini.parent / "state"
    save_reuse(state, _loaded(mini, state)[1])
    (mini / "docs/actors/rebels.md").unlink()
    problems, _ = _loaded(mini, state)
    assert isinstance(problems, list) and any("rebels" in str(problem) for problem in problems)


def test_the_fingerprint_kept_is_the_one_worked_out_afresh(mini: Path) -> None:
    state = mini.parent / "state"
    reuse = _loaded(mini, state)[1]
    reuse.remember_fingerprints(Fingerprints().object_digest)  # type: ignore[attr-defined]
    save_reuse(state, reuse)  # type: ignore[arg-type]
    dataset, again = _loaded(mini, state)
    kept = dict((event.id, digest) for event, digest in again.fingerprints())  # type: ignore[attr-defined]
    assert kept and kept == {event.id: Fingerprints().object_digest(event) for event in dataset.events}  # type: ignore[attr-defined]


def test_a_pickle_in_a_folder_others_can_write_is_not_read(mini: Path) -> None:
    state = mini.parent / "state"
    save_reuse(state, _loaded(mini, state)[1])
    assert load_reuse(state).known
    os.chmod(state, 0o777)
    assert not load_reuse(state).known


def _data_files(dataset: object, reuse: object | None) -> dict[str, bytes]:
    """Every export, feed and the filter index, made as a build makes them, with the preview's
    kept pieces when reuse is given."""
    from timeline_core.site.outputs import Publication, made_bytes
    from timeline_core.site.render import Site

    site = Site(dataset, ROOT / "overrides/timeline", {"actors": "docs/actors", "locations": "docs/locations",  # type: ignore[arg-type]
                                                        "seeds": "seeds"}, Publication("T", "D", "https://example.org/t/"), 2)
    if reuse is not None:
        site.kept_pieces = reuse.piece  # type: ignore[attr-defined]
    return {path: b"".join(made_bytes(make())) for path, make in site.data_makers().items()}


def test_data_files_made_from_kept_pieces_equal_those_made_afresh(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An event's text in the data files is made once and kept while its file and the context
    are unchanged; what comes out is what a fresh build makes, after an edit and a new context."""
    from timeline_core.site import exports

    state = mini.parent / "state"
    dataset, reuse = _loaded(mini, state)
    reuse.piece_context = "context one"  # type: ignore[attr-defined]
    first = _data_files(dataset, reuse)
    assert first == _data_files(dataset, None)
    save_reuse(state, reuse)  # type: ignore[arg-type]

    made: list[str] = []
    original = exports.event_json
    monkeypatch.setattr(exports, "event_json", lambda event: made.append(event.id) or original(event))
    name = "events/2024-12-01-rebels-capture-northtown.yml"
    edit_file(mini, name, lambda text: text.replace("title: ", "title: Edited ", 1))
    dataset, reuse = _loaded(mini, state)
    reuse.piece_context = "context one"  # type: ignore[attr-defined]
    again = _data_files(dataset, reuse)
    assert made == ["2024-12-01-rebels-capture-northtown"], "only the edited event's line is made again"
    assert again == _data_files(dataset, None) != first
    assert b"Edited " in again["data/events.json"] and b"Edited " in again["feed.xml"]

    made.clear()
    reuse.piece_context = "context two"  # type: ignore[attr-defined]  # e.g. an actor renamed
    assert _data_files(dataset, reuse) == again
    assert len(made) == len(dataset.events), "another context: every event's text is made again"  # type: ignore[attr-defined]
