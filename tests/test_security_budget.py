"""Security: the data's budget (issue #8, item 10). Each file within its own limits can still
add up to a build that never ends; the budget bounds the total with located messages, and an
honest dataset of 10,000 events stays far inside it (`make bench` checks 10,000 for real).

Budgets too large to reach in a test are lowered with monkeypatch: the code reads them from
`timeline_core.reading.budget` at the time of the check.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import make_project, problems_of
from test_security_data import EVENT
from timeline_core.reading import budget
from timeline_core.reading.fields import Context
from timeline_core.reading.files import DataFile, _read_event
from timeline_core.reading.problems import Problems

sys.path.insert(0, str(Path(__file__).parent))
from bench import generate  # noqa: E402


def events(count: int, text: str = EVENT) -> dict[str, str]:
    return {f"events/2024-12-{n % 28 + 1:02d}-case-{n}.yml": text for n in range(count)}


def test_too_many_event_files_are_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(budget.MAX_FILES, "events", 3)
    files = {**events(4), "events/2024-12-09-broken.yml": "title: [unclosed\n"}
    assert problems_of(make_project(tmp_path, files=files)) == [
        "events:1:1: events/ holds 7 events files; the budget is 3: split the dataset into several sites"]


@pytest.mark.parametrize("kind, folder, text", [
    ("actors", "docs/actors", "---\nname: A\nkind: person\n---\n"),
    ("locations", "docs/locations", "---\nname: A\nkind: region\n---\n"),
    ("seeds", "seeds", "---\ntitle: A\npublished: 2024\n---\nText.\n"),
])
def test_every_folder_has_a_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, folder: str, text: str) -> None:
    monkeypatch.setitem(budget.MAX_FILES, kind, 3)
    files = {f"{folder}/extra-{n}.md": text for n in range(3)}
    found = problems_of(make_project(tmp_path, files=files))
    assert found[0].startswith(f"{folder}:1:1: {folder}/ holds ") and "the budget is 3" in found[0], found


def test_total_bytes_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_TOTAL_BYTES", 4000)
    found = problems_of(make_project(tmp_path, files=events(20)))
    assert len(found) == 1 and found[0].startswith("events:1:1: the data files hold ") and "the budget is 4,000 bytes" in found[0]


def slow_annotation(n: int) -> str:
    """Within a field's own limit (2,000 characters, scan work under 1,000,000)."""
    return "'" + ("[" * 400 + f"x{n} " * 300)[:1990] + "'"


def test_markdown_work_is_bounded_per_file(tmp_path: Path) -> None:
    annotations = "annotations:\n" + "".join(f"  - {slow_annotation(n)}\n" for n in range(3))
    found = problems_of(make_project(tmp_path, files={"events/2024-12-05-slow.yml": EVENT + annotations}))
    assert found == [
        "events/2024-12-05-slow.yml:1:1: the Markdown of this file would take up to 1,558,800 units of "
        "rendering work together; the budget per file is 1,000,000: shorten its texts, or write '\\[' for "
        "literal brackets"]


def test_markdown_work_is_bounded_per_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_MARKDOWN_WORK", 1_000_000)
    files = {f"events/2024-12-0{n}-slow.yml": EVENT + f"annotations:\n  - {slow_annotation(n)}\n" for n in range(1, 4)}
    found = problems_of(make_project(tmp_path, files=files))
    assert len(found) == 1 and found[0].startswith("events:1:1: the Markdown of all files would take up to ")


SEED = "---\ntitle: Long\npublished: 2024\n---\n" + " ".join(f"word{n}" for n in range(20_000)) + "\n"


def quoting(count: int, start: int = 0, seed: str = "long") -> dict[str, str]:
    return {f"events/2024-12-{n % 28 + 1:02d}-q-{n}.yml": EVENT.replace(
        "seed: report\n    quote: Rebels captured the town", f"seed: {seed}\n    quote: word{n} word{n + 1}")
        for n in range(start, start + count)}


def test_quote_search_is_bounded_per_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_SEED_QUOTE_WORK", 1_000_000)
    found = problems_of(make_project(tmp_path, files={"seeds/long.md": SEED, **quoting(10)}))
    assert len(found) == 1 and found[0].startswith("seeds/long.md:1:1: quoted in 10 distinct passages: checking them would search ")


def test_quote_search_is_bounded_in_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_QUOTE_WORK", 2_000_000)
    files = {"seeds/long.md": SEED, "seeds/other.md": SEED, **quoting(10), **quoting(10, 20, "other")}
    found = problems_of(make_project(tmp_path, files=files))
    assert found == ["seeds/other.md:1:1: checking the quotes of all seeds would search more than 2,000,000 "
                     "characters (the budget); this seed's quotes are not checked: split the dataset"]


def test_only_the_first_unmatched_quotes_get_the_costly_hint(tmp_path: Path) -> None:
    files = {"seeds/long.md": SEED, **{
        name: text.replace("word", "wrod", 1) for name, text in quoting(budget.MAX_DIVERGENCE_HINTS + 5).items()}}
    found = problems_of(make_project(tmp_path, files=files))
    assert len(found) == budget.MAX_DIVERGENCE_HINTS + 5
    assert sum("it matches up to" in p or "copy the passage" in p for p in found) == len(found)
    assert sum("copy the passage from the seed exactly" in p for p in found) >= 5


def test_an_honest_dataset_of_10000_events_is_far_inside_the_budget(tmp_path: Path) -> None:
    """Measured on 1,000 generated events (as `make bench` makes them: three paragraphs each),
    scaled: 10,000 such events use a tenth of the byte budget, and even as many events as the
    file budget allows (30,000) use at most half the Markdown budget."""
    generate(tmp_path, 1000)
    ctx = Context(Problems())
    paths = sorted((tmp_path / "events").glob("*.yml"))
    for path in paths:
        _read_event(DataFile(path.relative_to(tmp_path).as_posix(), path, path.stem), ctx)
    assert not ctx.problems
    scale = 10_000 / len(paths)
    size = sum(p.stat().st_size for p in paths) * scale
    most = budget.MAX_FILES["events"] / len(paths)
    work = sum(ctx.markdown_work.values()) * most
    assert 10_000 * 3 <= budget.MAX_FILES["events"]
    assert size * 10 <= budget.MAX_TOTAL_BYTES, size
    assert work * 2 <= budget.MAX_MARKDOWN_WORK, work
    assert max(ctx.markdown_work.values()) * 100 <= budget.MAX_FILE_MARKDOWN_WORK
