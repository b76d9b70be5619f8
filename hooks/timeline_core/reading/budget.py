"""The data's budget: what one build may cost in total, whatever each file's own limits.

Every file within its limits can still add up to a build that never ends (100,000 events took
26 minutes and 4 GB; 2,000 unmatched quotes of a 1 MiB seed took 12 s to check). The budget
bounds the total, with a located message where it is exceeded, at about three times (files,
bytes) to ten times (rendering work) what an honest dataset of 10,000 events uses. The
numbers, and what they were measured against, are in docs/security.md.
"""

from __future__ import annotations

from .problems import Position, Problems

MAX_FILES = {"events": 30_000, "actors": 10_000, "locations": 10_000, "seeds": 1_000}
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all data files together
# Markdown scan work (markup.complexity): an upper bound of the characters Python-Markdown
# scans in its slow loops; 1,000,000 is about 0.3 s of rendering at worst.
MAX_FILE_MARKDOWN_WORK = 1_000_000  # one file, all its Markdown fields together
MAX_MARKDOWN_WORK = 100_000_000  # the whole build
# Quote search: each distinct passage is looked for in its seed's text (about 1 ms per MiB).
MAX_SEED_QUOTE_WORK = 1_000_000_000  # characters searched for one seed (1,000 passages of 1 MiB)
MAX_QUOTE_WORK = 4_000_000_000  # characters searched for all seeds together
MAX_DIVERGENCE_HINTS = 20  # unmatched quotes per seed that get a "matches up to" hint


def check_count(folder: str, kind: str, count: int, problems: Problems) -> bool:
    """False (with a located problem) when a folder holds more files than the budget allows."""
    limit = MAX_FILES[kind]
    if count <= limit:
        return True
    problems.add(Position(folder), f"{folder}/ holds {count:,} {kind} files; the budget is {limit:,}: "
                 "split the dataset into several sites")
    return False


def check_bytes(total: int, problems: Problems, where: str) -> bool:
    if total <= MAX_TOTAL_BYTES:
        return True
    problems.add(Position(where), f"the data files hold {total:,} bytes together; the budget is "
                 f"{MAX_TOTAL_BYTES:,} bytes: split the dataset into several sites")
    return False


def check_markdown(work: dict[str, int], problems: Problems, where: str) -> None:
    """Per file, then for the whole build."""
    for path, amount in sorted(work.items()):
        if amount > MAX_FILE_MARKDOWN_WORK:
            problems.add(Position(path), (
                f"the Markdown of this file would take up to {amount:,} units of rendering work "
                f"together; the budget per file is {MAX_FILE_MARKDOWN_WORK:,}: shorten its texts, "
                "or write '\\[' for literal brackets"))
    total = sum(work.values())
    if total > MAX_MARKDOWN_WORK:
        problems.add(Position(where), (
            f"the Markdown of all files would take up to {total:,} units of rendering work; the "
            f"budget is {MAX_MARKDOWN_WORK:,}: split the dataset into several sites"))
