"""`make new TITLE="Rebels capture Hama" DATE=2024-12-05`: a new event file to fill in.

Writes `events/<date>-<title as an id>.yml` with every field of the loader's table laid out,
each under a comment saying what it holds, which values it accepts and an example (from the
same descriptions as the editor schemas). The fields only a person can fill are left empty, so
`make check` names each one, at its line, with what it expects. Never overwrites a file.

    python -m timeline_core.tools.scaffold --title TITLE --date DATE [--id ID] [--root .]
    (TITLE, DATE and ID may also come from the environment, as `make new` passes them)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

from ..reading import load
from ..reading.fields import Context, Fragment
from ..reading.model import ID_MAX
from ..reading.problems import Position, Problems, quoted
from ..reading.read import Scalar, invisible
from .schema import SCHEMAS, build_schema

# What each field starts as: ("" = left empty for the contributor, who `make check` then
# guides), or the YAML that follows `field:`. Examples are shown commented out.
START: dict[str, str] = {
    "type": "",
    "summary": "",
    "actors": "\n  - id:\n    role:",
    "locations": " []",
    "figures": " []",
    "sources": "\n  - seed:{seed}\n    quote:",
    "annotations": " []",
    "related": " []",
    "status": " reported",
    "tags": " []",
    "former_ids": " []",
}
EXAMPLES: dict[str, str] = {
    "title": "title: Rebels capture Hama",
    "date": "date: 2024-12-05~",
    "type": "type: battle",
    "summary": (
        "summary: >-\n  [Rebel forces](actor:syrian-opposition-forces) entered"
        " [Hama](location:hama) after days of fighting."
    ),
    "actors": "actors:\n  - id: hayat-tahrir-al-sham\n    role: attacker\n  - syrian-arab-army   # an id alone: no role",
    "locations": "locations: [hama]",
    "figures": (
        "figures:\n  - label: soldiers killed\n    value: 50\n    qualifier: at-least\n"
        "    claimed_by: hayat-tahrir-al-sham\n    source: 1"
    ),
    "sources": (
        "sources:\n  - seed: syrian-rebels-gain-ground\n    quote: the exact words of the article\n"
        "  - url: https://example.org/report\n    title: The page's real title\n"
        "    publisher: Who published it\n    published: 2024-12-05"
    ),
    "annotations": "annotations:\n  - The article gives no date; it reports this the day after the capture of Aleppo.",
    "related": "related: [2024-11-30-rebels-capture-aleppo]",
    "status": "status: disputed",
    "tags": "tags: [hama-offensive]",
    "former_ids": "former_ids: [2024-12-05-rebels-enter-hama]",
}
HEADER = """\
# yaml-language-server: $schema=../schemas/event.schema.json
# A new event. Fill in the empty fields (each is explained above it), then run `make check`:
# it names every field still to fill, with its line, until the file is complete.
# Sourcing: quote the seed verbatim; cite another page only if you have read it, with its real
# title, publisher and date; say in `annotations` how the date was established and where sources
# disagree. Every field: docs/data-format.md. Remove these comments when you like.
"""


def event_id(title: str, date: str) -> str:
    """'2024-12-05' + 'Rebels capture Hama' -> '2024-12-05-rebels-capture-hama'."""
    sides = [side for side in date.split("/") if side not in ("", "..")]
    prefix = load.slug(sides[0] if sides else date)
    return load.slug(f"{prefix}-{title}")[:ID_MAX].strip("-")


def problems_with(title: str, date: str) -> list[str]:
    """The loader's own messages for a title and a date, as if they were in a file."""
    ctx = Context(Problems())
    for name, value in (("title", title), ("date", date)):
        load.EVENT[name].convert(Scalar(value, Position(name), False), ctx, name)
        what = invisible(value)
        if what:
            ctx.problem(Position(name), f"{quoted(name)}: contains {what}; remove it")
    return [problem.message for problem in ctx.problems.sorted()]


def yaml_text(value: str) -> str:
    """A value as YAML that reads back as the same text: plain when it is safe, else quoted."""
    plain = re.fullmatch(r"\w(?:[^\n]*\S)?", value) and not re.search(r": | #|:$", value)
    if plain:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def comment(name: str, described: Fragment) -> str:
    """The lines above a field: the editor schema's description of it (the text an editor
    shows on hover), the values its nested fields accept, and an example."""
    required = "required" if load.EVENT[name].required else "optional"
    lines = textwrap.wrap(f"{described['title']} ({required}): {described['description']}", 94)
    for inner, values in _nested_choices(described):
        lines += textwrap.wrap(f"{inner}: one of {', '.join(values)}.", 94)
    example = EXAMPLES[name].splitlines()
    if len(example) == 1:
        lines.append(f"Example: {example[0]}")
    else:
        lines += ["Example:", *(f"  {line}" for line in example)]
    return "".join(f"# {line}\n" for line in lines)


def _nested_choices(fragment: Any) -> list[tuple[str, list[str]]]:
    """(field, allowed values) for the fields with a fixed set of values inside a list field."""
    found: list[tuple[str, list[str]]] = []
    items = fragment.get("items", {}) if isinstance(fragment, dict) else {}
    for option in [items, *items.get("anyOf", [])]:
        for inner, value in option.get("properties", {}).items():
            enum = value.get("enum") or next((o["enum"] for o in value.get("anyOf", []) if "enum" in o), None)
            if enum:
                found.append((inner, enum))
    return found


def render(title: str, date: str, seeds: list[str]) -> str:
    seed = f" {seeds[0]}" if len(seeds) == 1 else ""  # the only seed: nothing else to choose
    described = build_schema(*SCHEMAS["event.schema.json"])["properties"]
    parts = [HEADER]
    for name in load.EVENT:
        value = {"title": " " + yaml_text(title), "date": " " + yaml_text(date)}.get(name)
        if value is None:
            value = START.get(name, "").replace("{seed}", seed)
        parts.append(f"\n{comment(name, described[name])}{name}:{value}\n")
    return "".join(parts)


def create(root: Path, title: str, date: str, record_id: str | None = None) -> tuple[Path | None, list[str]]:
    """(the file written, []) or (None, what is wrong)."""
    title, date = title.strip(), date.strip()
    problems = problems_with(title, date)
    if problems:
        return None, problems
    if not record_id and not load.slug(title):
        example = event_id("words of the title", date)
        return None, [f"the title has no ASCII letters or digits to make an id of: pass one, e.g. ID={example}"]
    record_id = record_id or event_id(title, date)
    problem = load.id_problem(record_id)
    if problem:
        return None, [problem]
    events = root / "events"
    taken = sorted(events.rglob(f"{record_id}.yml")) if events.is_dir() else []
    if taken:
        where = taken[0].relative_to(root).as_posix()
        return None, [f"{where} already exists; edit it, or choose another TITLE, DATE or ID"]
    seeds = sorted(path.stem for path in (root / "seeds").glob("*.md"))
    target = events / f"{record_id}.yml"
    events.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as file:  # "x": never replace a file
        file.write(render(title, date, seeds))
    return target, []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="new", description=__doc__.split("\n\n")[0])
    parser.add_argument("--title", default=os.environ.get("TITLE", ""), help="what happened, in one line")
    parser.add_argument("--date", default=os.environ.get("DATE", ""), help="an EDTF date, e.g. 2024-12-05")
    parser.add_argument("--id", default=os.environ.get("ID") or None, help="the id, if not <date>-<title>")
    parser.add_argument("--root", default=".", help="project folder (default: .)")
    args = parser.parse_args(argv)
    written, problems = create(Path(args.root), args.title, args.date, args.id)
    if written is None:
        for problem in problems:
            print(f"make new: {problem}", file=sys.stderr)
        print('usage: make new TITLE="Rebels capture Hama" DATE=2024-12-05', file=sys.stderr)
        return 1
    path = written.relative_to(Path(args.root)).as_posix()
    print(f"wrote {path}: fill in the empty fields, then run `make check`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
