"""`make check --cache`: a warm check reports exactly what a cold one does.

Every step below compares the cached check with a check that reads everything (no cache),
problems and counts alike, and counts the event files actually read: none when nothing
changed; the edited, added or renamed file when one did; all of them when the checker's code
changed or the cache file was damaged. The cache is kept outside the project.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bench import generate
from conftest import write_files
from test_check_parallel import BROKEN
from timeline_core.tools import check
from timeline_core.reading import check_cache, files
from timeline_core.reading.check_cache import CheckCache
from timeline_core.reading.files import Counts, Layout, check_dataset
from timeline_core.reading.problems import DataError

Result = Counts | list[str]


def run(project: Path, cache: CheckCache | None, workers: int = 1) -> Result:
    try:
        return check_dataset(Layout(project), workers=workers, cache=cache)
    except DataError as error:
        return [str(problem) for problem in error.problems]


class Reads:
    """Counts the event files read (parsed and checked) in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.paths: list[str] = []
        original = files._read_event

        def counted(file: files.DataFile, ctx: object, data: bytes | None = None) -> object:
            self.paths.append(file.path)
            return original(file, ctx, data)  # type: ignore[arg-type]

        monkeypatch.setattr(files, "_read_event", counted)

    def take(self) -> list[str]:
        taken, self.paths[:] = list(self.paths), []
        return taken


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    generate(folder, 30)
    write_files(folder, {name: text for name, text in BROKEN.items() if "latin1" not in name})
    return folder


def warm_equals_cold(project: Path, cache_folder: Path, workers: int = 1) -> Result:
    cold = run(project, None, workers)
    warm = run(project, CheckCache.for_project(project, cache_folder), workers)
    assert warm == cold
    return warm


def test_a_warm_check_reports_what_a_cold_one_does_and_reads_nothing(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = warm_equals_cold(project, cache)  # fills the cache
    assert isinstance(first, list) and len(first) > 8  # quotes, references, former ids, YAML, fields
    reads = Reads(monkeypatch)
    assert warm_equals_cold(project, cache) == first
    reads.take()  # the cold run's reads
    run(project, CheckCache.for_project(project, cache))
    assert reads.take() == []


def test_edited_added_renamed_and_deleted_files_are_checked_again(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    warm_equals_cold(project, cache)
    reads = Reads(monkeypatch)
    events = project / "events"

    def step() -> list[str]:
        result = warm_equals_cold(project, cache)
        reads.paths[:] = []
        run(project, CheckCache.for_project(project, cache))  # nothing changed since: nothing read
        assert reads.take() == []
        return result if isinstance(result, list) else []

    edited = sorted(events.glob("*generated*.yml"))[3]
    edited.write_text(edited.read_text(encoding="utf-8").replace("type: ", "type: x"), encoding="utf-8")
    reads.take()
    run(project, CheckCache.for_project(project, cache))
    assert reads.take() == [f"events/{edited.name}"]
    assert any(line.startswith(f"events/{edited.name}:") and "'type'" in line for line in step())

    added = events / "2024-12-20-added.yml"
    added.write_text("title: Added\ndate: 2024-12-20\ntype: battle\nsummary: S.\nactors: [ghost]\n"
                     "sources:\n  - seed: report\n    quote: Rebels captured the town\n", encoding="utf-8")
    assert any(line.startswith("events/2024-12-20-added.yml:") and "ghost" in line for line in step())

    renamed = events / "2024-12-21-renamed.yml"
    added.rename(renamed)
    result = step()
    assert not any("2024-12-20-added" in line for line in result)
    assert any(line.startswith("events/2024-12-21-renamed.yml:") and "ghost" in line for line in result)

    # Deleting an event that another one names in 'related' is a problem in the other file.
    target = sorted(events.glob("*generated*.yml"))[5]
    target.unlink()
    assert any(target.stem in line and "unknown event" in line for line in step())
    saved = json.loads(next(cache.glob("*.json")).read_bytes().partition(b"\n")[2])
    assert f"events/{target.name}" not in saved["files"] and "events/2024-12-21-renamed.yml" in saved["files"]


def test_a_change_to_the_checker_or_a_damaged_cache_reads_everything(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    expected = warm_equals_cold(project, cache)
    count = len(list((project / "events").rglob("*.yml")))
    reads = Reads(monkeypatch)
    monkeypatch.setattr(check_cache, "code_version", lambda: "another version of the checker")
    assert run(project, CheckCache.for_project(project, cache)) == expected
    assert len(reads.take()) == count
    saved = next(cache.glob("*.json"))  # edited by hand: a line number changed
    data = saved.read_bytes()
    assert b"[[2, " in data
    saved.write_bytes(data.replace(b"[[2, ", b"[[3, ", 1))
    assert run(project, CheckCache.for_project(project, cache)) == expected
    assert len(reads.take()) == count


def test_the_parallel_check_with_a_cache(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "PARALLEL_MINIMUM", 2)
    cache = tmp_path / "cache"
    first = warm_equals_cold(project, cache, workers=2)
    edited = sorted((project / "events").glob("*generated*.yml"))[7]
    edited.write_text(edited.read_text(encoding="utf-8").replace("date: ", "date: 1"), encoding="utf-8")
    second = warm_equals_cold(project, cache, workers=2)
    assert second != first and warm_equals_cold(project, cache, workers=2) == second
    assert run(project, None, workers=1) == second  # and the same as one process


def test_the_command_line_cache(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TIMELINE_CHECK_CACHE", str(tmp_path / "cache"))
    outputs = []
    for argv in ([str(project)], [str(project), "--cache"], [str(project), "--cache"]):
        assert check.main(argv) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2] and "problems in the timeline data" in outputs[0]
    assert list((tmp_path / "cache").glob("*.json"))
    assert not any(path.suffix == ".json" for path in project.rglob("*"))  # nothing in the project


def test_a_check_stopped_before_reading_keeps_the_cache(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    warm_equals_cold(project, cache)
    saved = next(cache.glob("*.json"))
    before = saved.read_bytes()
    monkeypatch.setattr(files, "_within_budget", lambda *args: False)  # as when over the budget
    with pytest.raises(DataError):
        check_dataset(Layout(project), cache=CheckCache.for_project(project, cache))
    assert saved.read_bytes() == before


def test_a_cache_that_cannot_be_written_only_costs_speed(project: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    expected = run(project, None)
    assert run(project, CheckCache.for_project(project, blocked / "cache")) == expected
    assert run(project, CheckCache.for_project(project, blocked / "cache")) == expected


def test_an_unchanged_project_does_not_rewrite_the_cache(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing read, nothing gone: the saved cache is already this run's (in one process or
    several: every process's share of the entries is empty)."""
    monkeypatch.setattr(files, "PARALLEL_MINIMUM", 2)
    cache = tmp_path / "cache"
    for workers in (1, 2):
        warm_equals_cold(project, cache, workers)
        saved = next(cache.glob("*.json"))
        before = saved.stat().st_ino, saved.read_bytes()
        assert warm_equals_cold(project, cache, workers) == run(project, None)
        assert (saved.stat().st_ino, saved.read_bytes()) == before


@pytest.mark.parametrize("forge", [
    lambda entry: entry[:-1],  # a part missing
    lambda entry: [*entry[:2], [["actor", "rebels", "4", 10, "summary"]], *entry[3:]],  # a line as text
    lambda entry: [*entry[:6], [1, True, 0]],  # a count as a boolean
    lambda entry: [*entry[:1], {"problems": []}, *entry[2:]],  # a mapping for a list
    lambda entry: [*entry[:5], "1588", entry[6]],  # the Markdown work as text
])
def test_a_forged_cache_with_a_right_digest_is_discarded(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forge: object) -> None:
    """Written by hand, digest worked out again: rows of the wrong shape or type discard the
    cache as a whole (the files are read again), never crash the check or reach its report."""
    cache = tmp_path / "cache"
    expected = warm_equals_cold(project, cache)
    saved = next(cache.glob("*.json"))
    stored = json.loads(saved.read_bytes().partition(b"\n")[2])
    name = sorted(stored["files"])[0]
    stored["files"][name] = forge(stored["files"][name])  # type: ignore[operator]
    payload = json.dumps(stored).encode()
    saved.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    reads = Reads(monkeypatch)
    assert run(project, CheckCache.for_project(project, cache)) == expected
    assert len(reads.take()) == len(list((project / "events").rglob("*.yml")))


def test_only_what_is_located_in_the_file_read_is_kept_for_it(tmp_path: Path) -> None:
    """An entry replays a file's results wherever they are needed again, so it is kept only
    when everything reading the file added is located in that file."""
    from timeline_core.reading.fields import Context, Ref
    from timeline_core.reading.problems import Position, Problems

    cache = CheckCache(tmp_path / "cache.json", "a version")
    for elsewhere, kept in ((None, True), ("refs", False), ("quotes", False), ("problems", False)):
        ctx = Context(Problems())
        here = "events/a.yml"
        ctx.refs.append(Ref("actor", "rebels", Position(here, 4, 10), "actors"))
        ctx.quotes.append(("report", "Rebels", Position(here, 8, 12)))
        other = Position("events/b.yml", 2, 3)
        if elsewhere == "refs":
            ctx.refs.append(Ref("actor", "monitor", other, "actors"))
        elif elsewhere == "quotes":
            ctx.quotes.append(("report", "said", other))
        elif elsewhere == "problems":
            ctx.problems.add(other, "a problem in another file")
        cache.fresh.clear()
        cache.keep(here, "digest", ctx, (0, 0, 0, 0), (1, 1, 1))
        assert (here in cache.fresh) is kept
        if kept:
            assert cache.fresh[here] == ("digest", (
                [], [("actor", "rebels", 4, 10, "actors")], [("report", "Rebels", 8, 12)], [], None, (1, 1, 1)))
