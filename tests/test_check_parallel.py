"""`make check` reads large datasets in several processes: the result must not depend on it.

The same folder is loaded by one process and by two (with the size threshold lowered so a
small folder takes the parallel path): the same records when clean, and the same problems,
in the same order, when not: problems found while reading, and those the link stage finds
from references, quotes and former ids the worker process sent back.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import generate
from conftest import write_files
from timeline_core.reading import files
from timeline_core.reading.files import Counts, Layout, check_dataset, counts, load_dataset
from timeline_core.reading.model import Dataset
from timeline_core.reading.problems import DataError

BROKEN = {
    # a reference to a missing actor, and a link to a missing event, from Markdown
    "events/2024-12-03-missing-actor.yml": (
        "title: A case\ndate: 2024-12-03\ntype: battle\n"
        "summary: See [this](event:2024-01-01-nowhere).\nactors: [nobody]\n"
        "sources:\n  - seed: report\n    quote: Rebels captured the town\n"
    ),
    # a quote that is not in the seed
    "events/2024-12-04-bad-quote.yml": (
        "title: A case\ndate: 2024-12-04\ntype: battle\nsummary: Something happened.\n"
        "actors: [rebels]\nsources:\n  - seed: report\n    quote: Nobody said this at all\n"
    ),
    # a former id claimed twice, and a former id that is a live event's id
    "events/2024-12-05-former-a.yml": (
        "title: A case\ndate: 2024-12-05\ntype: battle\nsummary: Something happened.\n"
        "actors: [rebels]\nsources:\n  - seed: report\n    quote: Rebels captured the town\n"
        "former_ids: [old-name, 2024-12-01-rebels-capture-northtown]\n"
    ),
    "events/2024-12-06-former-b.yml": (
        "title: A case\ndate: 2024-12-06\ntype: battle\nsummary: Something happened.\n"
        "actors: [rebels]\nsources:\n  - seed: report\n    quote: Rebels captured the town\n"
        "former_ids: [old-name]\n"
    ),
    # problems found while reading: YAML, fields, encoding
    "events/2024-12-07-yaml.yml": "title: [unclosed\n",
    "events/2024-12-08-alias.yml": "title: &a A case\ndate: *a\n",
    "events/2024-12-09-fields.yml": "title: A case\ndate: 2024-13-45\ntype: battel\n",
    "events/2024-12-10-latin1.yml": {"base64": "dGl0bGU6IENhZukK"},
}
# Each broken file has a twin next to it in name order: the files are dealt to the processes
# in turn, so one of each pair is read by the worker process, the other by this one.
BROKEN_TWICE = {**BROKEN, **{name.replace(".yml", "-twin.yml"): text for name, text in BROKEN.items()}}


def load_both(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    monkeypatch.setattr(files, "PARALLEL_MINIMUM", 2)
    return load(project, 1), load(project, 2)


def load(project: Path, workers: int) -> Dataset | list[str]:
    try:
        return load_dataset(Layout(project), workers=workers)
    except DataError as error:
        return [str(problem) for problem in error.problems]


def test_clean_data_gives_the_same_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path, 40)
    serial, parallel = load_both(tmp_path, monkeypatch)
    assert isinstance(serial, Dataset) and len(serial.events) == 42
    assert parallel == serial


def test_problems_are_the_same_and_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path, 40)
    write_files(tmp_path, BROKEN_TWICE)
    serial, parallel = load_both(tmp_path, monkeypatch)
    assert isinstance(serial, list)
    reported = {line.split(":", 1)[0] for line in serial}
    assert reported == set(BROKEN_TWICE)  # every broken file is reported, by the read or the link stage
    assert any("old-name" in line for line in serial) and any("nobody" in line for line in serial)
    assert parallel == serial


def check(project: Path, workers: int) -> Counts | list[str]:
    """What `make check` reads: only the problems and the counts (no records sent back)."""
    try:
        return check_dataset(Layout(project), workers=workers)
    except DataError as error:
        return [str(problem) for problem in error.problems]


def test_the_check_counts_every_record_in_either_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path, 40)
    monkeypatch.setattr(files, "PARALLEL_MINIMUM", 2)
    loaded = load(tmp_path, 1)
    assert isinstance(loaded, Dataset)
    expected = counts(loaded)
    assert expected == Counts(events=42, actors=100, locations=125, seeds=1, citations=82, quotes=42)
    assert check(tmp_path, 1) == expected
    assert check(tmp_path, 2) == expected


def test_the_check_reports_what_loading_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path, 40)
    write_files(tmp_path, BROKEN_TWICE)
    monkeypatch.setattr(files, "PARALLEL_MINIMUM", 2)
    loaded = load(tmp_path, 1)
    assert isinstance(loaded, list) and loaded
    assert check(tmp_path, 1) == loaded
    assert check(tmp_path, 2) == loaded
    assert check(tmp_path, 4) == loaded  # CI's runners have four cores


def test_both_processes_take_part_and_the_files_they_read_change_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The processes take chunks of files as they go (whichever is free takes the next), so
    which process reads which file varies from run to run; each reads a chunk of its own
    first, so the worker always reads some."""
    generate(tmp_path, 40)
    write_files(tmp_path, BROKEN_TWICE)
    expected = load(tmp_path, 1)
    monkeypatch.setattr(files, "PARALLEL_MINIMUM", 2)
    read_here: list[str] = []
    original = files._read_event

    def counted(file: files.DataFile, ctx: object, data: bytes | None = None) -> object:
        read_here.append(file.path)
        return original(file, ctx, data)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "_read_event", counted)
    for chunk in (1, 3, 64):
        monkeypatch.setattr(files, "CHUNK", chunk)
        read_here.clear()
        assert check(tmp_path, 2) == expected
        assert 0 < len(read_here) < len(list((tmp_path / "events").rglob("*.yml")))


def test_a_worker_that_fails_fails_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error in the worker process is raised here (never a hang, nor a partial result),
    and the worker never goes on running the caller's code."""
    generate(tmp_path, 40)
    monkeypatch.setattr(files, "PARALLEL_MINIMUM", 2)
    parent = os.getpid()
    original = files._read_event

    def failing(file: files.DataFile, ctx: object, data: bytes | None = None) -> object:
        if os.getpid() != parent:
            raise MemoryError("out of memory in the worker")
        return original(file, ctx, data)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "_read_event", failing)
    for workers in (2, 4):
        with pytest.raises(RuntimeError, match="worker process of the check failed: MemoryError: out of memory"):
            check(tmp_path, workers)
        assert os.getpid() == parent
        with pytest.raises(ChildProcessError):  # every worker ended and was waited for
            os.waitpid(-1, os.WNOHANG)


def test_quotes_of_pages_come_after_those_of_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first unmatched quotes of a seed get a detailed hint, in order: the events' (in
    file order), then the pages'. The pages are read while the worker reads events, so this
    order is the one thing that must not depend on when they are read."""
    generate(tmp_path, 30)
    misquoted = {
        f"events/2024-12-{day:02d}-misquoted.yml": (
            f"title: A case\ndate: 2024-12-{day:02d}\ntype: battle\nsummary: Something happened.\n"
            f"actors: [rebels]\nsources:\n  - seed: report\n    quote: Rebels captured the town of Southtown {day}\n"
        ) for day in range(1, 26)
    }
    page = ("---\nname: Rebel friends\nkind: militia\nrelations:\n  - type: supports\n    actor: rebels\n"
            "    source: {seed: report, quote: Rebels captured the town of Southtown by the page}\n---\n")
    write_files(tmp_path, {**misquoted, "docs/actors/rebel-friends.md": page})
    monkeypatch.setattr(files, "PARALLEL_MINIMUM", 2)
    serial = check(tmp_path, 1)
    assert isinstance(serial, list) and check(tmp_path, 2) == serial
    on_page = [line for line in serial if line.startswith("docs/actors/rebel-friends.md")]
    assert len(on_page) == 1 and "copy the passage from the seed exactly" in on_page[0]  # hints used up
    detailed = [line for line in serial if "it matches up to" in line]
    assert len(detailed) == 20 and all(line.startswith("events/") for line in detailed)


def test_a_failure_in_this_process_ends_the_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker is not left behind (blocked on writing a result nobody reads) when this
    process fails while the worker runs."""
    generate(tmp_path, 60)
    monkeypatch.setattr(files, "PARALLEL_MINIMUM", 2)
    parent = os.getpid()
    original = files._read_event

    def failing(file: files.DataFile, ctx: object, data: bytes | None = None) -> object:
        if os.getpid() == parent:
            raise ValueError("a bug in this process")
        return original(file, ctx, data)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "_read_event", failing)
    with pytest.raises(ValueError, match="a bug in this process"):
        load_dataset(Layout(tmp_path), workers=2)  # the records: more than a pipe holds
    with pytest.raises(ChildProcessError):  # no child left, running or unreaped
        os.waitpid(-1, os.WNOHANG)
