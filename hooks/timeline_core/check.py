"""`make check`: validate the data without building the site.

Prints one summary line and exits 0 when the data is clean; otherwise every problem as
`path:line:col: message`, then a count, and exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .files import Layout, load_dataset
from .model import Dataset, SeedQuote
from .problems import DataError


def summary(dataset: Dataset) -> str:
    sources = [s for e in dataset.events for s in e.sources]
    quotes = sum(isinstance(s, SeedQuote) for s in sources)
    return (
        f"OK: {len(dataset.events)} events, {len(dataset.actors)} actors, "
        f"{len(dataset.locations)} locations, {len(dataset.seeds)} seed document{'s' if len(dataset.seeds) != 1 else ''}; "
        f"{len(sources)} citations ({quotes} quoted passages, {len(sources) - quotes} web pages)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check", description=__doc__)
    parser.add_argument("root", nargs="?", default=".", help="project folder (default: .)")
    args = parser.parse_args(argv)
    try:
        dataset = load_dataset(Layout(Path(args.root)), workers=os.cpu_count() or 1)
    except DataError as error:
        print(error.report())
        return 1
    print(summary(dataset))
    return 0


if __name__ == "__main__":
    sys.exit(main())
