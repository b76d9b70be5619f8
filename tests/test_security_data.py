"""Security: what the loader does with hostile data files (YAML, encodings, sizes, ids, paths).

The golden cases in tests/cases/check/security-*.yml hold the exact messages; these tests cover
what a golden case cannot express: values kept as text, files too big to keep in a case, symbolic
links, and the speed-related limits (asserted by their messages, never by timing).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import make_project, problems_of
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.problems import Problems
from timeline_core.reading.read import ABORT_DEPTH, MAX_DEPTH, MAX_YAML_CHARS, decode, parse_yaml

EVENT = (
    "title: A case\ndate: 2024-12-05\ntype: battle\nsummary: Something happened.\n"
    "actors: [rebels]\nsources:\n  - seed: report\n    quote: Rebels captured the town\n"
)


def parsed(text: str) -> tuple[object, list[str]]:
    problems = Problems()
    node = parse_yaml(text, "x.yml", problems)
    return node, [str(p) for p in problems.sorted()]


# --- YAML ----------------------------------------------------------------------------------------

def test_implicit_typing_keeps_the_text_written(tmp_path: Path) -> None:
    """`yes`, `on`, `017`, `1:20`, `3.10`, dates and times are text where the field is text."""
    event = EVENT.replace("title: A case", "title: yes").replace("Something happened.", "on") + (
        "figures:\n  - {label: off, value: 1, unit: no}\n  - {label: 0x1F, value: 2, unit: .inf}\n"
        "annotations: [1:20, 3.10, 017, 2024-12-05T10:00:00Z, .nan, '~', True, 1_000, 1e3]\n"
        "tags: [on, off, yes]\n"
    )
    project = make_project(tmp_path, files={"events/2024-12-05-case.yml": event})
    dataset = load_dataset(Layout(project))
    case = next(e for e in dataset.events if e.id == "2024-12-05-case")
    assert case.title == "yes" and case.summary == "on"
    assert [(f.label, f.unit) for f in case.figures] == [("off", "no"), ("0x1F", ".inf")]
    assert case.annotations == (
        "1:20", "3.10", "017", "2024-12-05T10:00:00Z", ".nan", "~", "True", "1_000", "1e3",
    )
    assert case.tags == ("on", "off", "yes")
    assert case.date.text == "2024-12-05"


def test_billion_laughs_is_refused_without_expansion() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for name in "bcdefghij":
        previous = chr(ord(name) - 1)
        bomb += f"{name}: &{name} [" + ",".join(["*" + previous] * 9) + "]\n"
    node, problems = parsed(bomb)
    assert node is None
    assert len(problems) == 10 + 9 * 9  # one per anchor and per alias: nothing was expanded
    assert problems[0] == "x.yml:1:4: YAML anchors (&a) are not allowed: write values out in full"
    assert "x.yml:2:11: YAML aliases (*a) are not allowed: write the value out in full" in problems


def test_many_aliases_are_each_located() -> None:
    node, problems = parsed("a: &x v\nb: [" + ", ".join(["*x"] * 2000) + "]\n")
    assert node is None and len(problems) == 2001


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_nesting_bomb_stops_reading_at_once(opening: str, closing: str) -> None:
    """32,000 levels fit in an event file; libyaml's time grows with the square of the depth
    (2.5 s for 32,000), so reading stops when the depth reaches ABORT_DEPTH."""
    depth = 20_000 if opening == "[" else 5_000
    node, problems = parsed("tags: " + opening * depth + "x" + closing * depth)
    assert node is None
    column = len("tags: ") + (MAX_DEPTH - 1) * len(opening) + 1  # the file's mapping is level 1
    assert problems == [
        f"x.yml:1:{column}: nested more than {MAX_DEPTH} levels deep; the format never needs that"
    ]
    assert ABORT_DEPTH > MAX_DEPTH


def test_nesting_just_below_abort_depth_is_reported_once() -> None:
    node, problems = parsed("tags: " + "[" * (ABORT_DEPTH - 2) + "]" * (ABORT_DEPTH - 2))
    assert problems == ["x.yml:1:16: nested more than 10 levels deep; the format never needs that"]


def test_deep_block_nesting_of_mappings() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n"
    node, problems = parsed(text)
    assert problems == ["x.yml:11:21: nested more than 10 levels deep; the format never needs that"]


def test_yaml_part_of_a_page_is_limited(tmp_path: Path) -> None:
    """Seeds may be 1 MiB, but their front matter at most MAX_YAML_CHARS."""
    yaml_part = "title: Long\npublished: 2024\nnote: " + "x" * MAX_YAML_CHARS + "\n"
    project = make_project(tmp_path, files={"seeds/long.md": f"---\n{yaml_part}---\nText.\n"})
    assert problems_of(project) == [
        f"seeds/long.md:2:1: the YAML part is {len(yaml_part):,} characters; the limit is "
        f"{MAX_YAML_CHARS:,}: shorten it"
    ]


@pytest.mark.parametrize("name, escape, description", [
    ("nul", "\\0", "an invisible control character (U+0000)"),
    ("escape", "\\e", "an invisible control character (U+001B)"),
    ("right-to-left override", "\\u202E", "a bidirectional control character (U+202E)"),
    ("right-to-left isolate", "\\u2067", "a bidirectional control character (U+2067)"),
    ("arabic letter mark", "\\u061C", "a bidirectional control character (U+061C)"),
    ("zero-width space", "\\u200B", "a zero-width space (U+200B)"),
    ("zero-width joiner", "\\u200D", "a zero-width joiner (U+200D)"),
    ("word joiner", "\\u2060", "a word joiner (U+2060)"),
    ("byte order mark", "\\uFEFF", "a byte order mark (U+FEFF) inside the text"),
    ("tag character", "\\U000E0041", "an invisible control character (U+E0041)"),
    ("next line", "\\N", "an invisible control character (U+0085)"),
])
def test_invisible_characters_written_as_escapes(name: str, escape: str, description: str) -> None:
    node, problems = parsed(f'title: "A{escape}B"\n')
    assert problems == [
        f"x.yml:1:8: found {description} written as an escape; remove it (it can make text "
        "display differently from what it is)"
    ]


def test_zero_width_non_joiner_is_allowed() -> None:
    """Persian spelling needs U+200C, raw or escaped."""
    assert parsed('title: "می\\u200Cخواهم"\nb: می\u200cخواهم\n')[1] == []


@pytest.mark.parametrize("data, message", [
    ("title: x\n".encode("utf-16"), "file is UTF-16; save it as UTF-8"),
    ("title: x\n".encode("utf-16-le"), "file is UTF-16; save it as UTF-8"),
    ("title: x\n".encode("utf-16-be"), "file is UTF-16; save it as UTF-8"),
    ("title: x\n".encode("utf-32"), "file is UTF-16; save it as UTF-8"),
    ("title: Café\n".encode("cp1252"), "file is not valid UTF-8 (byte 0xe9 at offset 10); save it as UTF-8"),
    (b"title: \xc0\xaf\n", "file is not valid UTF-8 (byte 0xc0 at offset 7); save it as UTF-8"),
    (b"title: \xed\xa0\x80\n", "file is not valid UTF-8 (byte 0xed at offset 7); save it as UTF-8"),
])
def test_encodings_other_than_utf8_are_refused_once(data: bytes, message: str) -> None:
    problems = Problems()
    assert decode(data, "x.yml", 65536, problems) is None
    assert [p.message for p in problems.items] == [message]


def test_utf8_byte_order_mark_is_fine() -> None:
    problems = Problems()
    assert decode("\ufefftitle: x\n".encode(), "x.yml", 65536, problems) == "title: x\n"
    assert not problems


# --- sizes ---------------------------------------------------------------------------------------

def test_seed_size_limit(tmp_path: Path) -> None:
    text = "---\ntitle: Big\npublished: 2024\n---\n" + ("word " * 210_000)
    project = make_project(tmp_path, files={"seeds/big.md": text})
    size = len(text.encode())
    assert problems_of(project) == [
        f"seeds/big.md:1:1: file is {size:,} bytes; the limit is 1,048,576 bytes: split it or shorten it"
    ]


def test_page_size_limit(tmp_path: Path) -> None:
    text = "---\nname: Big\nkind: person\n---\n" + "word " * 14_000
    project = make_project(tmp_path, files={"docs/actors/big.md": text})
    assert problems_of(project) == [
        f"docs/actors/big.md:1:1: file is {len(text):,} bytes; the limit is 65,536 bytes: "
        "split it or shorten it"
    ]


# --- ids and paths -------------------------------------------------------------------------------

def test_ids_that_differ_only_in_case_cannot_exist(tmp_path: Path) -> None:
    """Upper-case letters are not in ids, so 'Rebels.md' next to 'rebels.md' is refused (on a
    case-insensitive file system the two would be one file)."""
    project = make_project(tmp_path, files={"docs/actors/Rebels.md": "---\nname: R\nkind: person\n---\n"})
    assert problems_of(project) == [
        "docs/actors/Rebels.md:1:1: file name 'Rebels' is not a valid id: use lower-case ASCII "
        "letters and digits joined by single hyphens, at most 80 characters; rename it to 'rebels'"
    ]


@pytest.mark.parametrize("reference", [
    "..", "../../x", "a/b", "a\\\\b", ".", "rebels/..", "%2e%2e", "REBELS", "r\u0435bels",
    "\uff52ebels", "rebels\\n", "\u212aelvin", "rebel\u0131", "-rebels", "rebels-", "re--bels",
])
def test_references_are_ids_only(tmp_path: Path, reference: str) -> None:
    event = EVENT.replace("actors: [rebels]", f'actors: [rebels, "{reference}"]')
    project = make_project(tmp_path, files={"events/2024-12-05-case.yml": event})
    problems = problems_of(project)
    assert len(problems) == 1 and "'actors': expected an id" in problems[0], problems


def test_symbolic_link_files_are_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Outside\npublished: 2024\n---\nSecret.\n", encoding="utf-8")
    os.symlink(outside, project / "seeds/outside.md")
    os.symlink(tmp_path, project / "events/folder")
    assert problems_of(project) == [
        "events/folder:1:1: symbolic links are not allowed in data folders; copy the file",
        "seeds/outside.md:1:1: symbolic links are not allowed in data folders; copy the file",
    ]


@pytest.mark.parametrize("folder", ["seeds", "events", "docs/actors", "docs/locations"])
def test_a_data_folder_that_is_a_symbolic_link_is_refused(tmp_path: Path, folder: str) -> None:
    project = make_project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(project / folder, elsewhere)
    shutil.rmtree(project / folder)
    os.symlink(elsewhere, project / folder)
    assert any("symbolic link" in p for p in problems_of(project))


@pytest.mark.parametrize("path, content", [
    ("docs/actors/index.md", "---\nname: Index\nkind: person\n---\n"),
    ("docs/locations/index.md", "---\nname: Index\nkind: country\n---\n"),
    ("seeds/index.md", "---\ntitle: Index\npublished: 2024\n---\nText.\n"),
    ("events/index.yml", EVENT),
])
def test_index_is_not_an_id(tmp_path: Path, path: str, content: str) -> None:
    project = make_project(tmp_path, files={path: content})
    assert any(p.startswith(path) for p in problems_of(project))


def test_the_security_corpus_stands_on_its_own() -> None:
    """tests/cases/check/security-*.yml: hostile inputs, each with its exact messages."""
    import yaml

    cases = sorted((Path(__file__).parent / "cases" / "check").glob("security-*.yml"))
    messages = [m for case in cases for m in yaml.safe_load(case.read_text(encoding="utf-8"))["expected"]]
    assert len(cases) >= 20 and len(messages) >= 150


def test_every_test_named_on_the_security_page_exists() -> None:
    """docs/security.md names the test that proves each promise: each name must be a test."""
    import re

    page = (Path(__file__).parent.parent / "docs" / "security.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_[a-z0-9_]+)`", page))
    tests = Path(__file__).parent
    defined = {name for path in tests.glob("test_*.py")
               for name in re.findall(r"^def (test_[a-z0-9_]+)", path.read_text(encoding="utf-8"), re.M)}
    cases = {path.stem for path in (tests / "cases" / "check").glob("*.yml")}
    assert len(named) > 60 and named - defined == set()
    golden = set(re.findall(r"`((?:security|yaml|markdown)-[a-z0-9-]+)`", page))
    assert golden and golden - cases == set()
