"""`make diff BASE=<git ref>`: what a change does to the records, as Markdown for a PR.

Both sides are loaded with the same strict loader: the working tree as it is, and the data
folders of BASE unpacked into a temporary folder (see history.py). Records are listed added,
renamed, changed (field by field) and removed, each linked to its page. When either side does
not load, the report says so with its problems and lists the files that changed instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from .compare import KINDS, SITE_FOLDERS, RecordChange, compare
from ..reading.files import Layout, load_dataset
from .history import Change, GitError, changed_files, materialise
from .mdtext import md_code, md_link, md_text
from ..reading.model import Dataset
from ..reading.problems import DataError, Problem

_ORDER = ("added", "renamed", "changed", "removed")
_STATUS_WORDS = {"A": "added", "D": "deleted", "M": "modified", "R": "renamed", "C": "copied", "T": "type changed"}


def load_side(layout: Layout) -> tuple[Dataset | None, list[Problem]]:
    try:
        return load_dataset(layout, workers=os.cpu_count() or 1), []
    except DataError as error:
        return None, error.problems


def load_base(root: Path, ref: str, layout: Layout) -> tuple[Dataset | None, list[Problem]]:
    with tempfile.TemporaryDirectory(prefix="timeline-base-") as folder:
        refused = materialise(root, ref, layout, Path(folder))
        dataset, problems = load_side(Layout(Path(folder), layout.events, layout.actors, layout.locations, layout.seeds))
    return (None, refused + problems) if refused else (dataset, problems)


def report(root: Path, ref: str, site_url: str = "", layout: Layout | None = None) -> str:
    layout = layout or Layout(root)
    before, base_problems = load_base(root, ref, layout)
    after, head_problems = load_side(layout)
    lines = [f"## Timeline changes since {md_text(ref)}", ""]
    if before is None or after is None:
        if before is None:
            lines += _problems_section(f"The data at {ref} does not load", base_problems)
        if after is None:
            lines += _problems_section("The data in this change does not load", head_problems)
        lines += _files_section(changed_files(root, ref, layout))
        return "\n".join(lines) + "\n"
    return "\n".join(lines + records_section(compare(before, after), site_url)) + "\n"


def records_section(changes: list[RecordChange], site_url: str) -> list[str]:
    if not changes:
        return ["No event, actor, location or seed was added, removed, renamed or changed."]
    lines = [_counts(changes), ""]
    for kind in KINDS:
        mine = [c for c in changes if c.kind == kind]
        if not mine:
            continue
        lines += [f"### {kind.capitalize()}", ""]
        for status in _ORDER:
            for change in (c for c in mine if c.status == status):
                lines += _record_lines(change, site_url)
        lines.append("")
    return lines


def _counts(changes: list[RecordChange]) -> str:
    parts = []
    for kind in KINDS:
        counted = [(status, sum(c.kind == kind and c.status == status for c in changes)) for status in _ORDER]
        shown = [f"{n} {status}" for status, n in counted if n]
        if shown:
            parts.append(f"{kind}: {', '.join(shown)}")
    return "; ".join(parts).capitalize() + "."


def page_url(kind: str, record_id: str, site_url: str) -> str:
    path = f"{SITE_FOLDERS[kind]}/{record_id}/"
    return site_url.rstrip("/") + "/" + path if site_url else path


def _record_lines(change: RecordChange, site_url: str) -> list[str]:
    title = md_text(change.title)
    if change.status == "removed":
        head = f"- **removed** {title} ({md_code(change.id)})"
    else:
        link = md_link(change.title, page_url(change.kind, change.id, site_url))
        head = f"- **{change.status}** {link} ({md_code(change.id)}"
        head += f", was {md_code(change.old_id)})" if change.old_id else ")"
    return [head] + [f"  - {md_code(line)}" for line in change.changes]


def _problems_section(heading: str, problems: list[Problem]) -> list[str]:
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"**{md_text(heading)}** ({len(problems)} {noun}):", ""]
    lines += [f"- {md_code(str(problem))}" for problem in problems]
    return lines + [""]


def _files_section(changes: list[Change]) -> list[str]:
    if not changes:
        return ["No data file changed."]
    lines = ["### Data files changed", ""]
    for change in changes:
        word = _STATUS_WORDS.get(change.status, change.status)
        lines.append(f"- {word}: {' → '.join(md_code(path) for path in change.paths)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="diff", description=__doc__)
    parser.add_argument("root", nargs="?", default=".", help="project folder (default: .)")
    parser.add_argument("--base", required=True, metavar="REF", help="the git revision to compare with (e.g. main)")
    parser.add_argument(
        "--site-url", default=os.environ.get("TIMELINE_SITE_URL", ""),
        help="make page links absolute (default: $TIMELINE_SITE_URL; else site-relative)",
    )
    args = parser.parse_args(argv)
    try:
        print(report(Path(args.root), args.base, args.site_url), end="")
    except GitError as error:
        print(f"diff: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
