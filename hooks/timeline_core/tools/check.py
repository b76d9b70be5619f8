"""`make check`: validate the data without building the site.

Prints one summary line and exits 0 when the data is clean; otherwise every problem as
`path:line:col: message`, then a count, and exits 1. With `--base REF`, an id that existed at
REF and is gone (not kept in some record's `former_ids`) is a problem too. In GitHub Actions
(GITHUB_ACTIONS=true) each problem is also printed as an annotation on its line of the PR's
diff, and the list goes to the step summary. With `--cache` (as `make check` runs it), event
files unchanged since the last run are not read again (check_cache.py): same report, faster.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from . import annotate
from ..reading.check_cache import CheckCache
from ..reading.files import Counts, Layout, check_dataset, counts, load_dataset
from ..reading.problems import DataError, Problem


def summary(read: Counts) -> str:
    return (
        f"OK: {read.events} events, {read.actors} actors, "
        f"{read.locations} locations, {read.seeds} seed document{'s' if read.seeds != 1 else ''}; "
        f"{read.citations} citations ({read.quotes} quoted passages, {read.citations - read.quotes} web pages)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check", description=__doc__)
    parser.add_argument("root", nargs="?", default=".", help="project folder (default: .)")
    parser.add_argument("--base", metavar="REF", help="also fail on ids that existed at this git revision and are gone")
    parser.add_argument("--cache", action="store_true",
                        help="remember what each event file held, so unchanged files are not read again "
                        "(kept outside the project, in $TIMELINE_CHECK_CACHE or ~/.cache/timeline-check)")
    args = parser.parse_args(argv)
    # Speed: the check (and its cache, read before it) makes millions of small objects and no
    # reference cycles: the cyclic collector would scan them again and again (reading the cache
    # of 10,000 events took twice as long with it).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check(args)
    finally:
        if collecting:
            gc.enable()


def _check(args: argparse.Namespace) -> int:
    root = Path(args.root)
    layout = Layout(root)
    workers = os.cpu_count() or 1
    if not args.base:  # the records themselves are not needed: only the problems and counts
        try:
            read = check_dataset(layout, workers, CheckCache.for_project(root) if args.cache else None)
        except DataError as error:
            return _fail(error.problems, root)
        return _succeed(read)
    try:
        dataset = load_dataset(layout, workers)
    except DataError as error:
        return _fail(error.problems, root)
    # Imported only for --base: git history is not needed to check the files themselves.
    from .history import GitError
    from .missing import missing_ids

    try:
        problems = missing_ids(root, args.base, layout, dataset)
    except DataError as error:
        return _fail(error.problems, root)
    except GitError as error:
        print(f"check --base: {error}", file=sys.stderr)
        return 2
    if problems:
        return _fail(problems, root)
    return _succeed(counts(dataset))


def _succeed(read: Counts) -> int:
    print(summary(read))
    if annotate.in_actions():
        annotate.write_summary(f"## Timeline data check\n\n{summary(read)}\n")
    return 0


def _fail(problems: list[Problem], root: Path) -> int:
    error = DataError(problems)
    for problem in problems:
        print(annotate.one_line(str(problem)))
    print(error)
    if annotate.in_actions():
        for line in annotate.commands(problems, root, os.environ.get("GITHUB_WORKSPACE")):
            print(line)
        annotate.write_summary(annotate.summary(problems))
    return 1


if __name__ == "__main__":
    sys.exit(main())
