"""Editor schemas (schemas/*.schema.json): up to date, and in agreement with the loader on every
golden case: a file the loader accepts passes its schema; a file with a problem a schema can
express fails it; the problems a schema cannot express are listed below, with why."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import ROOT, make_project, problems_of
from timeline_core.tools import schema
from timeline_core.reading.load import split_front_matter
from timeline_core.reading.problems import Problems
from timeline_core.reading.read import Mapping, Node, Scalar, decode, parse_yaml

CASES = sorted((ROOT / "tests" / "cases" / "check").glob("*.yml"))
KINDS = {"events": "event", "docs/actors": "actor", "docs/locations": "location", "seeds": "seed"}
SUFFIXES = {"event": ".yml", "actor": ".md", "location": ".md", "seed": ".md"}

# Problems no JSON Schema can catch, by the words of the loader's message. A file whose only
# problems are these must still pass its schema (the schema is never stricter than the loader).
NOT_EXPRESSIBLE = {
    # Cross-file: the schema sees one file at a time.
    "unknown reference": r": unknown (actor|location|event|seed) ",
    "quote not verbatim": r"not found verbatim in seed",
    "former id in use": r"is the id of a live |is already claimed by ",
    "part_of cycle": r"'part_of' goes round in a circle",
    "country kind": r"'country': .* is a .*, not a country|names a location of kind",
    # Before YAML becomes values: an editor shows these as YAML errors, or cannot see them.
    "yaml level": r"not valid YAML|YAML (aliases|anchors|tags|merge keys)|duplicate key|a key must be|"
    r"nested more than|one YAML document|file is empty|the YAML part is",
    "bytes and characters": r"file is UTF-16|not valid UTF-8|bytes; the limit is|found a tab|"
    r"found .*(invisible|bidirectional|zero-width|word joiner|byte order mark|carriage return|"
    r"noncharacter|separator)",
    "file names and folders": r"is not a valid id: use|is reserved|holds only|symbolic link|"
    r"^file name .* is a device name Windows reserves|"
    r"no subfolders|already used by|expected YAML front matter",
    # A page's Markdown body and a seed's text are outside the front matter the schema sees.
    "page body": r"a seed needs its text|^'body': ",
    # Inside a value, beyond a pattern: calendar arithmetic, Markdown's link parser, the
    # renderer's cost, text that escapes write.
    "calendar": r"day \S+ does not exist in|the interval is reversed",
    "markdown links": r"link target .* is not allowed|does not name a valid .* id|images are not shown",
    "character references": r"writes (an|a) .*; remove it|names no character",
    "markdown cost": r"too many '\['|lists nest at most|lines without a blank line",
    # Between fields of one record, beyond JSON Schema's reach.
    "field comparisons": r"is above 'high'|cannot be related to itself|cannot relate to itself|"
    r"cannot be part of itself|is listed twice|needs 'source: <n>'|has only \d+ source",
    # Number syntax: YAML 1.2 reads 017, 1e3, +5 and .5 as numbers; the loader wants 17, 1000, 5, 0.5.
    "number syntax": r"expected a number such as 50",
}


def yaml12(node: Node) -> Any:
    """A YAML node as an editor (YAML 1.2 core schema) sees it; the loader keeps text."""
    if isinstance(node, Mapping):
        return {key.value: yaml12(value) for key, value in node.items}
    if not isinstance(node, Scalar):
        return [yaml12(item) for item in node.items]
    if not node.plain:
        return node.value
    value = node.value
    if node.is_null:
        return None
    if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value.lower() == "true"
    if re.fullmatch(r"[-+]?[0-9]+", value):
        return int(value)
    if re.fullmatch(r"0o[0-7]+", value):
        return int(value[2:], 8)
    if re.fullmatch(r"0x[0-9a-fA-F]+", value):
        return int(value[2:], 16)
    if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", value):
        return float(value)
    if re.fullmatch(r"[-+]?\.(inf|Inf|INF)", value):
        return -math.inf if value.startswith("-") else math.inf
    if value in (".nan", ".NaN", ".NAN"):
        return math.nan
    return value


def instance(project: Path, path: str) -> Any:
    """The YAML of a data file as an editor reads it, or None if it is not readable YAML."""
    problems = Problems()
    text = decode((project / path).read_bytes(), path, 1 << 24, problems)
    if text is None:
        return None
    line = 0
    if path.endswith(".md"):
        split = split_front_matter(text)
        if split is None:
            return None
        text, line = split[0], 1
    node = parse_yaml(text, path, problems, line_offset=line)
    return None if node is None else yaml12(node)


def data_files(project: Path) -> list[tuple[str, str]]:
    """(path, schema kind) of every data file of a project."""
    found = []
    for folder, kind in KINDS.items():
        for file in sorted((project / folder).rglob("*")):
            if file.is_file() and not file.is_symlink() and file.suffix == SUFFIXES[kind]:
                found.append((file.relative_to(project).as_posix(), kind))
    return found


@pytest.fixture(scope="module")
def validators() -> dict[str, jsonschema.Draft202012Validator]:
    found = {}
    for kind in ("event", "actor", "location", "seed"):
        loaded = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(loaded)
        found[kind] = jsonschema.Draft202012Validator(loaded)
    return found


def expressible(message: str) -> bool:
    return not any(re.search(pattern, message) for pattern in NOT_EXPRESSIBLE.values())


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_schema_agrees_with_the_loader(case_file: Path, tmp_path: Path, validators) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    project = make_project(tmp_path, case.get("base", "mini"), case.get("files"))
    by_file: dict[str, list[str]] = {}
    for problem in problems_of(project):
        path, _, rest = problem.partition(":")
        by_file.setdefault(path, []).append(rest.split(": ", 1)[1])
    checked = 0
    for path, kind in data_files(project):
        data = instance(project, path)
        if data is None:
            continue  # not YAML an editor could read: its problems are YAML-level (see above)
        errors = [e.message for e in validators[kind].iter_errors(data)]
        problems = by_file.get(path, [])
        if any(expressible(message) for message in problems):
            assert errors, f"{path}: the loader says {problems}, the schema accepts it"
        else:
            assert not errors, f"{path}: the loader accepts it (or only says {problems}), the schema says {errors}"
        checked += 1
    assert checked, "every case has files to check"


def test_every_problem_kind_listed_is_met_in_the_corpus() -> None:
    """The list of inexpressible problems names kinds the loader really reports (no dead
    entries hiding a schema that could do more)."""
    messages = [m for c in CASES for m in yaml.safe_load(c.read_text(encoding="utf-8"))["expected"]]
    unmet = [kind for kind, pattern in NOT_EXPRESSIBLE.items() if not any(re.search(pattern, m) for m in messages)]
    assert unmet == []


def test_expressible_problems_are_most_of_the_corpus() -> None:
    messages = [m for c in CASES for m in yaml.safe_load(c.read_text(encoding="utf-8"))["expected"]]
    assert sum(expressible(m) for m in messages) >= 20


def test_schemas_are_up_to_date() -> None:
    for name, text in schema.render_all().items():
        path = ROOT / "schemas" / name
        assert path.exists() and path.read_text(encoding="utf-8") == text, f"{name} is stale: run `make schemas`"


def test_schema_module_reports_stale_files(tmp_path: Path, capsys) -> None:
    assert schema.main(["--out", str(tmp_path), "--check"]) == 1
    assert "out of date (run `make schemas`)" in capsys.readouterr().out
    assert schema.main(["--out", str(tmp_path)]) == 0
    assert schema.main(["--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "event.schema.json").write_text("{}", encoding="utf-8")
    assert schema.main(["--out", str(tmp_path), "--check"]) == 1


def test_shipped_data_passes_the_schemas(validators) -> None:
    for path, kind in data_files(ROOT):
        errors = [e.message for e in validators[kind].iter_errors(instance(ROOT, path))]
        assert errors == [], path


@pytest.mark.parametrize("field, value", [
    ("type", "batle"),
    ("date", "2024-13-01"),
    ("date", "24"),
    ("tags", ["Not A Tag"]),
    ("status", "rumoured"),
    ("summary", "<b>bold</b>"),
    ("sources", [{"url": "javascript:alert(1)", "title": "x"}]),
    ("former_ids", ["index"]),
    ("actors", [{"id": "rebels", "role": "hero"}]),
])
def test_schema_catches_the_usual_mistakes(validators, field: str, value: Any) -> None:
    event = instance(ROOT, "events/2024-11-30-rebels-capture-aleppo.yml")
    assert validators["event"].is_valid(event)
    errors = list(validators["event"].iter_errors({**event, field: value}))
    assert [e.absolute_path[0] for e in errors] == [field], [e.message for e in errors]


def test_schema_refuses_unknown_fields_and_names_them(validators) -> None:
    event = instance(ROOT, "events/2024-11-30-rebels-capture-aleppo.yml")
    errors = [e.message for e in validators["event"].iter_errors({**event, "colour": "red"})]
    assert errors == ["Additional properties are not allowed ('colour' was unexpected)"]


def test_vscode_maps_the_folders_to_the_schemas() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./schemas/event.schema.json"] == ["events/**/*.yml"]


def test_every_pattern_is_a_javascript_regex() -> None:
    """Editors run the patterns in JavaScript (with the 'u' flag, the strictest): each must
    compile there and match there as it does in Python."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    samples = ["2024-12-05", "2024-11-29/2024-11-30", "../2024-12-05~", "2024-13-01", "0000", "XXXX",
               "rebels", "Rebels", "a--b", "https://example.org/x", "javascript:alert(1)", "<b>x</b>", "a < b"]
    patterns = sorted({p for name in schema.SCHEMAS for p in _patterns(json.loads(schema.render_all()[name]))})
    assert len(patterns) >= 6  # ids, tags, dates, addresses, text, raw HTML
    script = (
        "const [patterns, samples] = JSON.parse(process.argv[1]);"
        "console.log(JSON.stringify(patterns.map(p => samples.map(s => new RegExp(p, 'u').test(s)))));"
    )
    run = subprocess.run([node, "-e", script, json.dumps([patterns, samples])], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    in_python = [[re.search(p, s) is not None for s in samples] for p in patterns]
    assert json.loads(run.stdout) == in_python


def _patterns(node: Any) -> list[str]:
    if isinstance(node, list):
        return [p for item in node for p in _patterns(item)]
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in _patterns(value)]
    return []
