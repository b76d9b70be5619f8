"""Our site against the same content written by hand as Markdown for plain Material (issue #11).

Both sites are built from the same generated data (bench.generate): ours through the hook,
the hand-written one from Markdown files made from the loaded records (one page per event,
actor and place, the events listed on the home page, events out of the nav as a careful
author would do: Material writes the whole nav into every page). The builds alternate
(A B A B ...) so that the load of a shared machine falls on both alike; each build runs in a
child process that reports its own CPU time and peak memory (resource.getrusage).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.markup import plain_text

# The child: run MkDocs in this process, then print the CPU time and peak memory of the build
# (its own and any worker processes').
CHILD = """
import json, resource, runpy, sys
sys.argv = ["mkdocs", "build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]]
try:
    runpy.run_module("mkdocs", run_name="__main__")
except SystemExit as end:
    if end.code:
        raise
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
print(json.dumps({"cpu": cpu, "rss_kb": max(own.ru_maxrss, workers.ru_maxrss)}), file=sys.stderr)
"""
TARGETS = {  # metric -> the target for ours / hand-written (None: reported only)
    "wall_s": 0.8, "cpu_s": 0.8, "rss_mb": 1.2, "output_mb": 1.0,
    "largest_page_kb": None, "front_page_kb": None, "first_search_kb": None,
    "event_page_kb": None, "event_page_gz_kb": None,
}
ABSOLUTE = {"largest_page_kb": ("no page over 500 KB at 10,000 events", 500.0),
            "first_search_kb": ("a first search at 10,000 events <= 1 MB", 1000.0)}


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    rss_mb: float
    output_mb: float
    largest_page_kb: float
    front_page_kb: float  # HTML + its CSS and JS (raw bytes; gzip figures printed apart)
    first_search_kb: float  # every search response for a first query, typed in Chromium
    front_page_gz_kb: float
    first_search_gz_kb: float
    # The median event page (events/<id>/index.html on both sites): what a reader downloads to
    # read one event, its HTML alone, raw and gzip (the output's size is mostly these pages).
    event_page_kb: float
    event_page_gz_kb: float


def hand_written(project: Path, target: Path) -> Path:
    """The same records as plain Markdown pages for Material: target/mkdocs.yml."""
    ds = load_dataset(Layout(project))
    docs = target / "docs"
    for folder in ("events", "actors", "locations"):
        (docs / folder).mkdir(parents=True, exist_ok=True)
    lines = ["# Timeline", ""]
    for event in ds.events:
        lines.append(f"- **{event.date.human()}** [{event.title}](events/{event.id}.md): {plain_text(event.summary)}")
        actors = ", ".join(f"[{ds.actors[a.actor].name}](../actors/{a.actor}.md) ({a.role})" for a in event.actors)
        places = ", ".join(f"[{ds.locations[p].name}](../locations/{p}.md)" for p in event.locations)
        sources = "\n".join(f"- {getattr(s, 'title', None) or getattr(s, 'quote', '')}" for s in event.sources)
        notes = "\n".join(f"- {note}" for note in event.annotations)
        (docs / "events" / f"{event.id}.md").write_text(
            f"# {event.title}\n\n*{event.date.human()}* · {event.type}\n\n{event.summary}\n\n"
            f"**Actors:** {actors}\n\n**Places:** {places}\n\n## Sources\n\n{sources}\n\n## Notes\n\n{notes}\n",
            encoding="utf-8")
    for actor in ds.actors.values():
        also = f"Also known as {', '.join(actor.aliases)}.\n\n" if actor.aliases else ""
        (docs / "actors" / f"{actor.id}.md").write_text(f"# {actor.name}\n\n{also}{actor.body}\n", encoding="utf-8")
    for place in ds.locations.values():
        also = f"Also written {', '.join(place.aliases)}.\n\n" if place.aliases else ""
        (docs / "locations" / f"{place.id}.md").write_text(f"# {place.name}\n\n{also}{place.body}\n", encoding="utf-8")
    (docs / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (target / "mkdocs.yml").write_text(
        "site_name: Hand-written timeline\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        "nav:\n  - Timeline: index.md\nnot_in_nav: |\n  events/\n  actors/\n  locations/\n"
        "validation:\n  links:\n    not_found: ignore\n", encoding="utf-8")
    return target / "mkdocs.yml"


def _size(path: Path) -> tuple[int, int]:
    data = path.read_bytes() if path.is_file() else b""
    return len(data), len(gzip.compress(data, 6, mtime=0))


_REFERENCE = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
_IMPORT = re.compile(r'''(?:import|from)\s*["'](\./[^"']+)["']''')


def _front_page(site: Path) -> tuple[int, int]:
    """The home page with the CSS and JS it loads (module imports followed); local files only."""
    page = site / "index.html"
    seen: set[Path] = set()
    todo = [site / ref.split("?")[0] for ref in _REFERENCE.findall(page.read_text(encoding="utf-8"))
            if "://" not in ref]
    while todo:
        path = todo.pop().resolve()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        if path.suffix == ".js":
            todo += [path.parent / ref for ref in _IMPORT.findall(path.read_text(encoding="utf-8"))]
    sizes = [_size(page), *(_size(path) for path in seen)]
    return sum(s[0] for s in sizes), sum(s[1] for s in sizes)


# Typed into the search box key by key, on both sites: a place's name, in the data of both.
FIRST_QUERY = "Northtown"


def _first_search(site: Path) -> tuple[int, int]:
    """What a first query downloads, counted in Chromium (tests/search_bytes.py): every search
    response from opening the home page to the results (worker, index or index files); raw
    and gzip bytes. Without a browser: (0, 0), and a note."""
    from browser import chromium_path, launch, serve_static
    from search_bytes import first_search

    if chromium_path() is None:
        print("  (no chromium: first-search bytes not measured; `make browser` installs it)")
        return 0, 0
    with launch() as browser, serve_static(site) as url:
        downloads = first_search(browser, url, FIRST_QUERY)
    return downloads.raw, downloads.gz


def measure(config: Path, site: Path) -> Run:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", CHILD, str(config), str(site)], capture_output=True,
                            text=True, cwd=config.parent)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{result.stderr[-3000:]}")
    usage = json.loads(result.stderr.strip().splitlines()[-1])
    files = [path for path in site.rglob("*") if path.is_file()]
    pages = [path.stat().st_size for path in files if path.suffix == ".html"]
    front, front_gz = _front_page(site)
    search, search_gz = _first_search(site)
    events = [_size(path) for path in sorted(site.glob("events/*/index.html"))] or [(0, 0)]
    return Run(wall, usage["cpu"], usage["rss_kb"] / 1024, sum(p.stat().st_size for p in files) / 1e6,
               max(pages) / 1e3, front / 1e3, search / 1e3, front_gz / 1e3, search_gz / 1e3,
               statistics.median(raw for raw, _ in events) / 1e3, statistics.median(gz for _, gz in events) / 1e3)


def compare(ours: Path, hand: Path, work: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Medians of `runs` interleaved builds: metric -> (ours, hand-written)."""
    results: dict[str, list[Run]] = {"ours": [], "hand": []}
    for n in range(runs):
        for name, config in (("ours", ours), ("hand", hand)) if n % 2 == 0 else (("hand", hand), ("ours", ours)):
            results[name].append(measure(config, work / f"site-{name}"))
    fields = Run.__dataclass_fields__
    return {field: (statistics.median(getattr(r, field) for r in results["ours"]),
                    statistics.median(getattr(r, field) for r in results["hand"])) for field in fields}


def report(count: int, medians: dict[str, tuple[float, float]], runs: int) -> list[str]:
    """The table, with the ratios and the targets; returns the unmet targets."""
    unmet = []
    print(f"\nsite: {count:,} events, median of {runs} interleaved builds each (A B A B ...)")
    print(f"  {'metric':<20}{'ours':>12}{'hand-written':>14}{'ratio':>8}  target")
    for field, (mine, theirs) in medians.items():
        ratio = mine / theirs if theirs else float("nan")
        target = TARGETS.get(field)
        verdict = ""
        if target is not None:
            verdict = f"<= {target}x " + ("ok" if ratio <= target else "NOT MET")
            if ratio > target:
                unmet.append(f"{field} at {count:,}: {ratio:.2f}x (target {target}x)")
        if field in ABSOLUTE and count >= 10_000:
            what, limit = ABSOLUTE[field]
            verdict = f"{what}: " + ("ok" if mine <= limit else "NOT MET")
            if mine > limit:
                unmet.append(f"{field} at {count:,}: {mine:,.0f} KB ({what})")
        print(f"  {field:<20}{mine:>12.2f}{theirs:>14.2f}{ratio:>8.2f}  {verdict}")
    return unmet
