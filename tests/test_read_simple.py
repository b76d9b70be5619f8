"""read_simple, the line reader for the plain subset of YAML, gives exactly the nodes that
libyaml's events give (read.py), or gives up and lets libyaml read the file.

Soundness rests on two things checked here: every text it accepts reads the same through
libyaml, with no problem (values, styles, and every position of keys, values, lists and
mappings); and it accepts the data as contributors write it (the shipped events, the fixtures,
the benchmark's generated events), or it would be a fast path nobody takes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
import yaml

from timeline_core.reading import read, read_simple
from timeline_core.reading.problems import Problems

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def through_libyaml(text: str, line_offset: int = 0) -> tuple[object, list[str]]:
    """read.py's own reading (libyaml's events through the builder), problems as text."""
    found = Problems()
    try:
        node = read._parse(text, read._Builder("e.yml", line_offset, found))
    except (yaml.YAMLError, read._TooDeep) as error:
        return ("refused", type(error).__name__), ["error"]
    return node, [str(problem) for problem in found.items]


def agrees(text: str, line_offset: int = 0) -> bool:
    """True when read_simple accepts `text`; asserts that libyaml reads the same."""
    simple = read_simple.parse(text, "e.yml", line_offset)
    if simple is None:
        return False
    assert through_libyaml(text, line_offset) == (simple, []), text
    return True


def shipped_texts() -> list[str]:
    paths = sorted((ROOT / "events").rglob("*.yml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yml"))
    return [path.read_text(encoding="utf-8") for path in paths]


def generated_texts(tmp_path: Path, count: int = 60) -> list[str]:
    import bench

    bench.generate(tmp_path, count)
    return [path.read_text(encoding="utf-8") for path in sorted((tmp_path / "events").glob("*.yml"))]


def test_the_shipped_and_generated_events_are_read_by_the_line_reader(tmp_path: Path) -> None:
    texts = shipped_texts() + generated_texts(tmp_path)
    assert len(texts) > 60
    for text in texts:
        assert agrees(text) and agrees(text, line_offset=1)


ACCEPTED = [
    "a: 1\n", "a: 1", "a: x y  \nb:   z\n", "a: 'it''s'\nb: \"q\"\nc: ''\nd: \"\"\n",
    "a: [x, y,z]\nb: []\nc: [ ]\nd: [ x , y y ]\ne: [-1.5, 36]\n",
    "k:\n- a\n- b: c\n  d: e\nz: 1\n", "k:\n  - a\n  -   b: c\n      d: e\n", "a:\n  b:\n    c: d\ne: f\n",
    "a: |\n  x\n\n  y\n   z\nb: >\n  p\n  q\n\n\n  r\nc: >-\n  s\n\n", "a: |-\n  x\n  y", "a: |\n  x",
    "l:\n  - >-\n    one\n    two\n  - |\n    three\n", "# c\na: 1\n  # indented comment\n\nb: c#d\n",
    "t: Ça va – “quoted” 😀\nu: [été, 😀 x]\nv: |\n  😀 é\n", "url: https://example.org/a#b?c=d:e\n",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_constructs_of_the_subset_read_the_same(text: str) -> None:
    assert agrees(text)
    assert agrees(text, line_offset=1)


REFUSED_OR_UNSURE = [
    "", "# only\n", "---\na: 1\n", "a: 1\n---\nb: 2\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n",
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: ! 1\n", "a: !t [x]\n", "a: [&x y]\n", "a: [*x]\n",
    "a: 1\na: 2\n", "<<: {a: 1}\n", "a: {b: c}\n", "? a\n: b\n", "a:\nb: 1\n", "a:\n", "- a\n", "  a: 1\n",
    "a: x\n  y\n", "a: 'x\n  y'\n", "a: \"x\\ty\"\n", "a: \"\\u202e\"\n", "a: x\tb\n", "a: no\u00a0break\n",
    "a:\n" + "".join(" " * level + "b:\n" for level in range(1, 14)) + "              c\n",
    "a: |\n\n  x\n", "a: >\n  x\n    y\n", "a: |\n  x\n   \n  y\n", "a: [x,]\n", "a: [x, [y]]\n", "a: [x: y]\n",
    "a: 1\n -b\n", "a:\n  - x\n  b: y\n", "- - x\n", "a:\n-\n  x\n",
]


@pytest.mark.parametrize("text", REFUSED_OR_UNSURE)
def test_anything_else_goes_to_libyaml(text: str) -> None:
    assert read_simple.parse(text, "e.yml") is None


def parse_yaml(text: str, monkeypatch: pytest.MonkeyPatch, simple: bool) -> tuple[object, list[str]]:
    with monkeypatch.context() as patch:
        if not simple:
            patch.setattr(read_simple, "parse", lambda *args: None)
        problems = Problems()
        node = read.parse_yaml(text, "e.yml", problems, line_offset=1)
    return node, [str(problem) for problem in problems.items]


@pytest.mark.parametrize("text", ACCEPTED + REFUSED_OR_UNSURE)
def test_parse_yaml_gives_what_it_gave_without_the_line_reader(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_yaml(text, monkeypatch, True) == parse_yaml(text, monkeypatch, False)


TOKENS = [" ", "  ", "\n", "\n\n", "-", "- ", ":", ": ", "#", " #", "'", '"', "|", "|-", ">", ">-", "|+", "[", "]",
          ",", ", ", "&a ", "*a", "!t ", "\\", "é", "😀", "a", "---", "...", "?", "{", "}", "%", "\u00a0", "\t",
          "x: y", "\n  ", "\n- ", "\n    ", "<<"]


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        choice = rng.random()
        if choice < 0.5:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(TOKENS) + text[at:]
        elif choice < 0.65 and text:
            at = rng.randrange(len(text))
            text = text[:at] + text[at + rng.randint(1, 4):]
        else:
            lines = text.split("\n")
            at = rng.randrange(len(lines))
            how = rng.random()
            if how < 0.25:
                lines[at] = " " + lines[at]
            elif how < 0.5:
                lines[at] = lines[at][1:]
            elif how < 0.7:
                lines.insert(at, lines[rng.randrange(len(lines))])
            elif how < 0.85:
                del lines[at]
            else:
                lines[at] += rng.choice(["  ", " #c", ":", " x", "   "])
            text = "\n".join(lines)
    return text


def test_mutated_texts_read_the_same_whenever_accepted(tmp_path: Path) -> None:
    """Random small edits of real files (indentation, indicators, quotes, anchors, tags,
    comments, markers): whatever the line reader accepts, libyaml reads the same."""
    rng = random.Random(11)
    seeds = shipped_texts() + generated_texts(tmp_path, 10) + ACCEPTED
    accepted = 0
    for _ in range(4000):
        accepted += agrees(mutate(rng.choice(seeds), rng), line_offset=rng.choice((0, 1)))
    assert accepted > 800  # the comparison covers many accepted texts, not only refusals
