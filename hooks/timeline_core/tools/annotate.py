"""Problems as GitHub annotations and a step summary, when `make check` runs in GitHub Actions.

Each problem becomes `::error file=...,line=...,col=...,title=...::message`, escaped exactly as
the Actions toolkit (@actions/core) escapes: `%`, CR and LF in the message; also `:` and `,` in
the properties. The runner reads one command per line, so a file name or message holding `::`,
a line break or `%` can never start a second command. The step summary (Markdown) lists every
problem with its place and a count. (GitHub shows only the first few annotations of a step on
the diff; the summary lists up to SUMMARY_LIMIT of them, and the log all.)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from .mdtext import md_text
from ..reading.problems import Problem

# A step summary holds at most 1 MiB; a few hundred problems are already more than anyone reads.
SUMMARY_LIMIT = 500
_FIELD = re.compile(r"'([A-Za-z_]+)'")


def in_actions(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    return environ.get("GITHUB_ACTIONS") == "true"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def title(problem: Problem) -> str:
    """A short heading for the annotation: the field at fault, when the message names one."""
    found = _FIELD.match(problem.message)
    return f"Timeline data: {found.group(1)}" if found else "Timeline data"


def command(problem: Problem, path: str) -> str:
    properties = (
        f"file={escape_property(path)},line={problem.line},col={problem.column},"
        f"title={escape_property(title(problem))}"
    )
    return f"::error {properties}::{escape_data(problem.message)}"


def repository_path(path: str, root: Path, workspace: str | None) -> str:
    """A project path as GitHub names it: relative to the checkout, where the diff's files are."""
    base = Path(workspace or os.getcwd()).resolve()
    absolute = (root / path).resolve()
    return absolute.relative_to(base).as_posix() if absolute.is_relative_to(base) else path


def commands(problems: Iterable[Problem], root: Path, workspace: str | None = None) -> list[str]:
    return [command(problem, repository_path(problem.path, root, workspace)) for problem in problems]


def summary(problems: list[Problem], heading: str = "Timeline data check") -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: a count, then every problem with its place."""
    if not problems:
        return f"## {heading}\n\nNo problems.\n"
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"## {heading}: {len(problems)} {noun}", ""]
    for problem in problems[:SUMMARY_LIMIT]:
        place = md_text(f"{problem.path}:{problem.line}:{problem.column}")
        lines.append(f"- **{place}**: {md_text(problem.message)}")
    if len(problems) > SUMMARY_LIMIT:
        lines.append(f"- and {len(problems) - SUMMARY_LIMIT} more: run `make check` to see them all")
    return "\n".join(lines) + "\n"


def write_summary(markdown: str, environ: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """Append to the step summary file when Actions gives one (it is shared by every step)."""
    target = environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown + "\n")


def one_line(text: str) -> str:
    """A report line that stays one line for the runner whatever a path or message holds (a
    raw line break there could put `::` at the start of the next line and forge a command)."""
    return text.replace("\r", "\\r").replace("\n", "\\n")
