"""The fast paths of reading (read.py) give the same nodes and problems as the slow ones.

- decode() skips its forbidden-character search for text that is printable apart from line
  feeds: that is sound only because every refused character is non-printable (checked here
  for every code point), and the search still runs, and locates, for text that is not.
- parse_yaml() builds nodes from libyaml's events; PyYAML's own parser is the fallback where
  libyaml is missing. Both event sources must give the same nodes, positions (columns count
  characters, astral ones too) and problems for every valid text, including the constructs
  that are refused (tags, anchors, aliases, duplicate and merge keys, deep nesting).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from timeline_core.reading import read
from timeline_core.reading.problems import Problems

ROOT = Path(__file__).resolve().parent.parent


def test_every_refused_character_is_not_printable() -> None:
    refused = [chr(code) for code in range(0x110000) if read._FORBIDDEN_IN_VALUE.match(chr(code))]
    assert len(refused) > 250  # controls, bidi, zero-width, noncharacters, tags, separators...
    assert [char for char in refused if char.isprintable()] == []


REFUSED = ["\x00", "\x1b", "\x7f", "\x85", "\u061c", "\u200b", "\u202e", "\u2028", "\u2066", "\ufeff",
           "\ufdd0", "\U0001fffe", "\U000e0041", "\U0010ffff"]


@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
@pytest.mark.parametrize("before", ["plain ascii ", "é non-ascii ", "no\u00a0break ", "😀 astral "])
def test_refused_characters_are_found_in_any_text(char: str, before: str) -> None:
    text = f"title: x\nsummary: {before}{char}\n"
    problems = Problems()
    assert read.decode(text.encode(), "e.yml", 65536, problems) is None
    (problem,) = problems.items
    assert (problem.line, problem.column) == (2, 10 + len(before))
    assert f"U+{ord(char):04X}" in problem.message


@pytest.mark.parametrize("text", ["a: plain\n", "a: é ü 😀\n", "a: no\u00a0break\n", "a: می\u200cخواهم\n", ""])
def test_text_without_refused_characters_passes(text: str) -> None:
    problems = Problems()
    assert read.decode(text.encode(), "e.yml", 65536, problems) == text
    assert not problems


def test_a_tab_is_found_in_non_ascii_text() -> None:
    problems = Problems()
    assert read.decode("a: é\tb\n".encode(), "e.yml", 65536, problems) is None
    assert [str(p) for p in problems.items] == ["e.yml:1:5: found a tab; indent and separate with spaces"]


VALID_YAML = [
    "", "# only a comment\n", "---\n", "a: 1\n...\n", "a: 1\n---\nb: 2\n", "a: 1\n--- &x b\n",
    "a: &x 1\nb: *x\n", "&a [*a]\n", "x: &a\n  - 1\ny: *a\nz: 2\n",
    "a: !!str 1\n", "a: ! 1\n", "a: !foo [1]\n", "!!map {a: 1}\n", "%TAG ! tag:x,2000:\n---\na: !b 1\n",
    "a: 1\na: 2\n", "a: 1\nb: {a: 1, a: 2}\n", "? a\n? a\n", "<<: {a: 1}\n", "'<<': 1\n",
    "? [a]\n: 1\n", "? {a: 1}\n: 2\n", "a: [b: c, d]\n", "{a: 1, b: [x, {c: d, c: e}]}\n",
    "é: ü\nb: \"\\u202e x\"\n", "a: \"tab\\there\"\n", "a: \"é\\u200bx\"\n", "naïve: [ü, 'ö', \"ß\"]\n",
    "a: 😀\nb: [😀, x]\nc: {😀: 1, 😀: 2}\nd: [😀😀 &a x, 😀 !t y]\n",
    "title: Ça va – “quoted” 😀\ntags: [été, &a x]\nnotes: [\"😀 é\", !custom ü]\n",
    "a: |\n  x\n  y\nb: >\n  z\n", "a: null\nb: ~\nc:\n", "a: 1 # c\n# x\nb: 2\n",
    "- - - - - - - - - - - - x\n", "[" * 12 + "]" * 12 + "\n", "[" * 150 + "]" * 150 + "\n", "- " * 300 + "x\n",
    "a: 1\n---\n" + "[" * 150 + "]" * 150 + "\n", "k: v\n" * 50,
    "\n".join(f"k{i}: [{i}, {{x: {i}}}]" for i in range(60)) + "\n",
    "a:\n" + "".join(" " * level + "b:\n" for level in range(1, 14)),
]


def parsed(text: str, libyaml: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, list[str]]:
    """parse_yaml's node and problems, through libyaml or through PyYAML's own parser."""
    with monkeypatch.context() as patch:
        if not libyaml:
            patch.setattr(read, "_CParser", None)
        problems = Problems()
        node = read.parse_yaml(text, "e.yml", problems, line_offset=2)
    return node, [str(problem) for problem in problems.items]


def shipped_texts() -> list[str]:
    paths = sorted((ROOT / "events").rglob("*.yml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yml"))
    return [path.read_text(encoding="utf-8") for path in paths]


def test_libyaml_is_present_here() -> None:
    assert read._CParser is not None  # otherwise the comparisons below compare a parser with itself


@pytest.mark.parametrize("text", VALID_YAML)
def test_libyaml_and_the_pure_parser_agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert parsed(text, True, monkeypatch) == parsed(text, False, monkeypatch)


def test_libyaml_and_the_pure_parser_agree_on_the_shipped_data(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = shipped_texts()
    assert len(texts) > 10
    for text in texts:
        assert parsed(text, True, monkeypatch) == parsed(text, False, monkeypatch)


def test_refused_constructs_are_located_after_non_ascii_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # Columns count characters: d(1) :(2) (3) [(4) 😀(5) 😀(6) (7) x(8) ,(9) (10) &(11)
    node, problems = parsed("a: 😀\nd: [😀😀 x, &a y, {é: 1, é: 2}, !t z, *a]\n", True, monkeypatch)
    assert node is None  # an alias was dropped: the values no longer say what was meant
    assert problems == [
        "e.yml:4:11: YAML anchors (&a) are not allowed: write values out in full",
        "e.yml:4:24: duplicate key 'é' (first at line 4); keep one of them",
        "e.yml:4:31: YAML tags (!t) are not allowed: remove the tag, values are text",
        "e.yml:4:37: YAML aliases (*a) are not allowed: write the value out in full",
    ]


def test_block_nesting_stops_reading_at_the_abort_depth(monkeypatch: pytest.MonkeyPatch) -> None:
    """Security: 30,000 '- ' on one line nest 30,000 lists; reading stops at ABORT_DEPTH
    (it used to read them all: the depth guard looked only at brackets and lines)."""
    text = "- " * 30_000 + "x\n"
    events = []
    builder = read._Builder("e.yml", 0, Problems())

    def counted(source: Iterator[Any]) -> Iterator[Any]:
        for event in source:
            events.append(event)
            yield event

    assert read._CParser is not None
    with pytest.raises(read._TooDeep):
        builder.document(counted(iter(read._CParser(text).get_event, None)))
    assert len(events) < 2 * read.ABORT_DEPTH
    node, problems = parsed(text, True, monkeypatch)
    assert node is None
    assert problems == ["e.yml:3:21: nested more than 10 levels deep; the format never needs that"]


def test_a_syntax_error_is_the_only_problem_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Problems the builder found before a syntax error are dropped: the error says it all."""
    node, problems = parsed("a: &x 1\nb: !t 2\nc: [\n", True, monkeypatch)
    assert node is None
    assert len(problems) == 1 and "not valid YAML" in problems[0]
