"""`make check` with its cache (`--cache`, as the Makefile runs it): cold (empty cache: it is
filled), warm (nothing changed), and after one edited event. A pull request's CI starts with an
empty cache, so the cold figure is the one it sees (bench.bench_check measures the check
without the cache)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_check_cache(count: int, generate: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "data", Path(tmp) / "cache"
        generate(folder, count)  # type: ignore[operator]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "TIMELINE_CHECK_CACHE": str(cache)}

        def once() -> tuple[float, float]:
            start, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            result = subprocess.run([sys.executable, "-m", "timeline_core", "check", str(folder), "--cache"],
                                    capture_output=True, text=True, env=env)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if result.returncode != 0:
                raise SystemExit(f"check --cache failed: {result.stdout[-2000:]}")
            return wall, after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime

        figures: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": [], "one edited": []}
        event = sorted((folder / "events").glob("*generated*.yml"))[0]
        for round_ in range(3):
            for path in cache.glob("*"):
                path.unlink()
            figures["cold"].append(once())
            figures["warm"].append(once())
            event.write_text(event.read_text(encoding="utf-8") + f"# edit {round_}\n", encoding="utf-8")
            figures["one edited"].append(once())
        for name, runs in figures.items():
            print(f"check --cache, {name}: {count:,} events in {min(w for w, _ in runs):.2f} s "
                  f"(best of 3), CPU {min(c for _, c in runs):.2f} s")
