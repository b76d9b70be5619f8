"""fields.record_reader, the field readers compiled from the tables, gives exactly what the
generic fields.read_record gives: the same values and the same problems, references, quotes,
former ids and Markdown work, in the same order.

load.py reads every record (events, and the actors, locations and seeds of the site build and
of `make check`) through the compiled readers, so comparing the two readers on every mapping
of real, broken and randomly edited data, for every table, is what proves the records and the
report unchanged. (The golden cases and the rest of the suite then check them end to end.)
"""

from __future__ import annotations

import importlib
import random
from pathlib import Path

import pytest

import yaml

from bench import generate
from conftest import make_project
from test_read_simple import generated_texts, mutate, shipped_texts
from timeline_core.reading import fields, load, read
from timeline_core.reading.fields import Context, Field, read_record, record_reader
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.model import Dataset
from timeline_core.reading.problems import DataError, Problems

CASES = sorted((Path(__file__).parent / "cases" / "check").glob("*.yml"))
ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "docs"

# Every table load.py reads with, and how its messages name a record.
TABLES: list[tuple[dict[str, Field], str]] = [
    (load.EVENT, "an event"), (load.FIGURE, "a figure"), (load.SEED_SOURCE, "a seed source"),
    (load.WEB_SOURCE, "a web source"), (load.ACTOR_ROLE, "an actor entry"), (load.LINK, "a link"),
    (load.RELATION, "a relation"), (load.ACTOR, "an actor"), (load.LOCATION, "a location"),
    (load.SEED, "a seed"),
]


def golden_texts() -> list[str]:
    """The YAML of every file of the golden cases: events, and the front matter of pages."""
    texts = []
    for case_file in CASES:
        for path, content in (yaml.safe_load(case_file.read_text(encoding="utf-8")).get("files") or {}).items():
            if not isinstance(content, str):
                continue  # bytes given as base64: encodings, not fields
            if path.endswith(".md"):
                split = read.split_front_matter(content)
                if split is not None:
                    texts.append(split[0])
            else:
                texts.append(content)
    return texts


def page_texts() -> list[str]:
    """The front matter of the shipped actors, locations and seeds."""
    paths = sorted((SITE / "actors").glob("*.md")) + sorted((SITE / "locations").glob("*.md"))
    paths += sorted((SITE.parent / "seeds").glob("*.md"))
    split = (read.split_front_matter(path.read_text(encoding="utf-8")) for path in paths)
    return [found[0] for found in split if found is not None]


def nodes_of(text: str) -> list[read.Node]:
    """Every node of the text's tree (mappings, lists and scalars alike), parsed as the
    checker parses it; none when it does not parse."""
    root = read.parse_yaml(text, "e.yml", Problems())
    found: list[read.Node] = []
    stack = [] if root is None else [root]
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, read.Mapping):
            stack.extend(value for _key, value in node.items)
        elif isinstance(node, read.Sequence):
            stack.extend(node.items)
    return found


def same_reading(node: read.Node, table: dict[str, Field], what: str, reader: fields.RecordReader) -> bool:
    """Asserts both readers agree on `node`; True when it was read without a problem."""
    generic, compiled = Context(Problems()), Context(Problems())
    expected = read_record(node, table, generic, what)
    got = reader(node, compiled)
    assert got == expected, (what, node)
    assert compiled == generic, (what, node)  # problems, refs, quotes, former ids, Markdown work
    return got is not None


def compare(texts: list[str]) -> tuple[int, int]:
    """(mappings read cleanly, problems reported) over every node of `texts`, every table."""
    readers = [(table, what, record_reader(table, what)) for table, what in TABLES]
    clean = reported = 0
    for text in texts:
        for node in nodes_of(text):
            for table, what, reader in readers:
                ok = same_reading(node, table, what, reader)
                clean += ok
                reported += not ok
    return clean, reported


def test_the_shipped_generated_and_golden_data_read_the_same(tmp_path: Path) -> None:
    clean, reported = compare(shipped_texts() + page_texts() + generated_texts(tmp_path, 40) + golden_texts())
    assert clean > 300 and reported > 3000  # records of every kind read, and refused


def test_randomly_edited_data_reads_the_same(tmp_path: Path) -> None:
    """Small random edits of real files: unknown, misspelt, repeated, empty and missing
    fields, values of the wrong kind, whatever the edits make."""
    rng = random.Random(7)
    seeds = shipped_texts() + page_texts() + generated_texts(tmp_path, 10) + golden_texts()
    texts = [mutate(rng.choice(seeds), rng) for _ in range(1500)]
    edits = [text.replace(old, new, 1) for text in seeds for old, new in EDITS if old in text]
    clean, reported = compare(texts + edits)
    assert clean > 1000 and reported > 10000


# Edits that hit the readers' own cases: empty optional and required fields, unknown and
# misspelt names, a field given twice in a flow mapping (refused by the parser), null words.
EDITS = [
    ("title:", "titel:"), ("status:", "status: ~\nstatu:"), ("role: ", "role: null\n    rol: "),
    ("date:", "date: null\nx-date:"), ("tags:", "tags: NULL\nlabels:"), ("locations:", "locations: ~\nlocation:"),
    ("publisher:", "publisher:\n    publish:"), ("kind:", "kind: Null\nkinds:"), ("title: ", "title: ''\nname: "),
]


def loaded(project: Path) -> object:
    """load_dataset's records, or its problems as text."""
    try:
        return load_dataset(Layout(project))
    except DataError as error:
        return [str(problem) for problem in error.problems]


def test_the_loader_gives_what_it_gave_with_the_generic_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end, as the site build loads: the shipped data, generated data and every golden
    case (broken data) give the same records, or the same problems, whether load.py reads its
    tables with the compiled readers or with read_record (load.py made again with a
    record_reader that only calls read_record)."""
    generated = tmp_path / "generated"
    generate(generated, 40)
    projects = [ROOT, generated]
    for index, case_file in enumerate(CASES):
        case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        projects.append(make_project(tmp_path / f"case-{index}", case.get("base", "mini"), case.get("files")))
    compiled = [loaded(project) for project in projects]
    assert isinstance(compiled[0], Dataset) and isinstance(compiled[1], Dataset)
    assert sum(isinstance(result, list) for result in compiled) > 40  # most golden cases are broken

    def generic(table: dict[str, Field], what: str) -> fields.RecordReader:
        return lambda node, ctx: read_record(node, table, ctx, what)

    monkeypatch.setattr(fields, "record_reader", generic)
    original = dict(vars(load))  # put back as it was: other modules hold its tables by identity
    try:
        importlib.reload(load)
        assert load._read_event_fields.__name__ == "<lambda>"  # the generic reader is in use
        assert [loaded(project) for project in projects] == compiled
    finally:
        vars(load).clear()
        vars(load).update(original)
