"""`make bench`: the preview's edit-to-reload time at 1,000 events (issue #11: at most 2 s).

A real `mkdocs serve --dirty` (as `make serve` runs it) on `bench.generate(folder, 1000)` data,
on a free local port. Each round edits one event's title and times, from the write, until the
served event page and the timeline page listing it both show the new title (the server holds
page requests while it rebuilds). Medians of the rounds, in wall time (what the contributor
waits, including the file watcher's polling) and in the server's CPU time. With `full=True`,
the same against `mkdocs serve` without --dirty (every edit rebuilds everything), afterwards.

Run alone: .venv/bin/python tests/bench_preview.py [--events 1000] [--edits 5] [--full]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import site_project  # noqa: E402

TARGET_S = 2.0
START_TIMEOUT = 600.0  # the first build of 1,000 events on a busy machine
EDIT_TIMEOUT = 120.0
POLL = 0.02


class Serve:
    """One `mkdocs serve` process of the project, in its own process group."""

    def __init__(self, project: Path, dirty: bool) -> None:
        self.project = project
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}/"
        self.log = tempfile.TemporaryFile()
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen(
            command + (["--dirty"] if dirty else []), cwd=project, stdin=subprocess.DEVNULL, stdout=self.log,
            stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        self.wait_for("", "</html>", START_TIMEOUT)

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.base + path, timeout=EDIT_TIMEOUT) as response:
                return response.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError):  # not listening yet, or a rebuild outlasted the timeout
            return ""

    def wait_for(self, path: str, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.get(path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                raise RuntimeError(f"no {text!r} on /{path}:\n{self.log.read().decode(errors='replace')[-3000:]}")
            time.sleep(POLL)

    def cpu_seconds(self) -> float:
        """The server's user + system CPU time so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGINT)  # mkdocs removes its site folder
            self.process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def edit_to_reload(server: Serve, event_id: str, timeline: str, title: str) -> tuple[float, float]:
    """Wall and server CPU seconds from writing a new title until both pages show it."""
    path = server.project / "events" / f"{event_id}.yml"
    text = re.sub(r"(?m)^title: .*$", f"title: {title}", path.read_text(encoding="utf-8"), count=1)
    cpu = server.cpu_seconds()
    start = time.monotonic()
    path.write_text(text, encoding="utf-8")
    server.wait_for(f"events/{event_id}/", title, EDIT_TIMEOUT)
    server.wait_for(timeline, title, EDIT_TIMEOUT)
    return time.monotonic() - start, server.cpu_seconds() - cpu


def listed_on_home(server: Serve, edits: int) -> list[str]:
    """Events the home page lists (its timeline period), spread over it."""
    ids = re.findall(r'id="event-([^"]+)"', server.get(""))
    assert ids, "the home page lists no events"
    return [ids[(n * len(ids)) // edits] for n in range(edits)]


def measure(count: int, edits: int, full: bool) -> dict[str, list[tuple[float, float]]]:
    import bench

    modes = {"incremental": True, **({"full rebuild": False} if full else {})}
    runs: dict[str, list[tuple[float, float]]] = {mode: [] for mode in modes}
    with tempfile.TemporaryDirectory() as tmp:
        project = site_project(Path(tmp))
        bench.generate(project, count)
        for mode, dirty in modes.items():  # one at a time: two would share the CPUs
            server = Serve(project, dirty)
            try:
                for n, event_id in enumerate(listed_on_home(server, edits)):
                    runs[mode].append(edit_to_reload(server, event_id, "", f"Edited title {mode[0]}{n} {event_id}"))
                    print(f"  {mode}: edit {n + 1}: wall {runs[mode][-1][0]:.2f} s, server CPU {runs[mode][-1][1]:.2f} s",
                          flush=True)
            finally:
                server.stop()
    return runs


def report(count: int, runs: dict[str, list[tuple[float, float]]]) -> list[str]:
    """Print the medians against the target; return the unmet target, if it is."""
    print(f"\npreview edit-to-reload at {count:,} events (mkdocs serve; medians of {len(runs['incremental'])} edits)")
    for mode, times in runs.items():
        wall = statistics.median(t for t, _ in times)
        cpu = statistics.median(c for _, c in times)
        print(f"  {mode:<13} wall {wall:6.2f} s   server CPU {cpu:6.2f} s   (each: {', '.join(f'{t:.2f}' for t, _ in times)})")
    wall = statistics.median(t for t, _ in runs["incremental"])
    verdict = "ok" if wall <= TARGET_S else "NOT MET"
    print(f"  target: <= {TARGET_S} s wall with --dirty: {verdict}")
    return [] if wall <= TARGET_S else [f"preview edit-to-reload at {count:,} events: {wall:.2f} s (target {TARGET_S} s)"]


def bench_preview(count: int = 1000, edits: int = 5, full: bool = False) -> list[str]:
    return report(count, measure(count, edits, full))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="also time serve without --dirty (slow)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
    return 1 if bench_preview(args.events, args.edits, args.full) else 0


if __name__ == "__main__":
    sys.exit(main())
