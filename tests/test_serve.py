"""`mkdocs serve` as a contributor uses it: edit the data, see the site change, break it, fix it.

Each test starts a real `mkdocs serve --dirty` (live reload on, as `make serve` runs it) on a free local
port, in its own process group, and always stops it. HTTP goes through urllib only.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from collections.abc import Callable, Iterator

import pytest

from conftest import edit_file, site_project

pytestmark = pytest.mark.serve

EVENT = "events/2024-12-01-rebels-capture-northtown.yml"
EVENT_URL = "events/2024-12-01-rebels-capture-northtown/"
START_TIMEOUT = 90.0  # first build on a busy 2-core machine
CHANGE_TIMEOUT = 60.0  # one rebuild after an edit
POLL = 0.2  # never sleep longer than this between polls

NEW_EVENT = "events/2024-12-03-monitor-counts-the-dead.yml"
NEW_EVENT_TEXT = """\
title: Monitor counts the dead in Northtown
date: 2024-12-03
type: statement
summary: The [monitor](actor:monitor) counted the dead in [Northtown](location:northtown).
actors: [monitor]
locations: [northtown]
sources:
  - seed: report
    quote: The monitor said at least 12 people were killed
"""


class Server:
    """A running `mkdocs serve`, its log file and its base URL."""

    def __init__(self, project: Path, log: Path) -> None:
        self.project = project
        self.log_path = log
        self.process: subprocess.Popen[bytes] | None = None
        self.base = ""

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        for _attempt in range(3):  # another process may grab the free port before mkdocs does
            port = _free_port()
            self.base = f"http://127.0.0.1:{port}/"
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            env.pop("TIMELINE_REPO_URL", None)
            with open(self.log_path, "wb") as log:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(self.project / "mkdocs.yml"),
                     "-a", f"127.0.0.1:{port}"],
                    cwd=self.project, env=env, stdin=subprocess.DEVNULL, stdout=log,
                    stderr=subprocess.STDOUT, start_new_session=True,
                )
            try:
                self.wait_for(lambda: self.get("")[0] == 200, START_TIMEOUT, "the first page")
                return
            except ServerDied:
                if "Address already in use" not in self.log():
                    raise
                self.stop()
        raise AssertionError(f"could not find a free port for mkdocs serve\n{self.log()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        # SIGINT first: mkdocs then shuts down cleanly and removes its temporary site folder.
        for sig, grace in ((signal.SIGINT, 15), (signal.SIGKILL, 15)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            raise AssertionError(f"mkdocs serve (pid {process.pid}) would not stop")
        # Stray children of the group, if any.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    # -- observing ---------------------------------------------------------------------------

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def get(self, path: str, timeout: float = 30.0) -> tuple[int, str]:
        """Status and body of a path under the site (the server answers page requests only
        once a rebuild in progress has finished)."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError):
            return 0, ""  # not listening yet

    def epoch(self) -> int:
        """The version of the site the server shows. The live-reload endpoint answers at once
        when the shown version is newer than the one asked about (0), even mid-error."""
        status, body = self.get("livereload/0/0", timeout=10)
        assert status == 200, (status, body)
        return int(body)

    def wait_for(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if not self.alive():
                raise ServerDied(f"mkdocs serve exited while waiting for {what}\n{self.log()}")
            if condition():
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n"
                                     f"--- server log ---\n{self.log()}")
            time.sleep(POLL)

    def wait_for_page(self, path: str, text: str, timeout: float = CHANGE_TIMEOUT) -> str:
        body = ""

        def shows() -> bool:
            nonlocal body
            status, body = self.get(path)
            return status == 200 and text in body

        self.wait_for(shows, timeout, f"{text!r} on /{path}")
        return body


class ServerDied(AssertionError):
    pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    project = site_project(tmp_path, data="mini")
    running = Server(project, tmp_path / "serve.log")
    try:
        running.start()
        yield running
    finally:
        running.stop()


def _retitle(title: str) -> Callable[[str], str]:
    return lambda text: re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)


LOCATED_ERROR = f"{EVENT}:2:7:"


def test_edit_break_fix_and_add_while_serving(server: Server) -> None:
    project = server.project
    assert "Rebels capture Northtown" in server.wait_for_page(EVENT_URL, "Rebels capture Northtown")

    # (a) An edited title reaches the event page and the timeline.
    edit_file(project, EVENT, _retitle("Rebels seize Northtown at dawn"))
    server.wait_for_page(EVENT_URL, "Rebels seize Northtown at dawn")
    server.wait_for_page("", "Rebels seize Northtown at dawn")
    good_epoch = server.epoch()

    # (b) A broken file: the log names the file, line and column; the server keeps running.
    edit_file(project, EVENT, lambda text: text.replace("date: 2024-12-01", "date: 2024-13-45", 1))
    server.wait_for(lambda: LOCATED_ERROR in server.log(), CHANGE_TIMEOUT, repr(LOCATED_ERROR))
    error_lines = [line for line in server.log().splitlines() if LOCATED_ERROR in line]
    assert "month 13 does not exist" in error_lines[0], error_lines
    assert "Traceback" not in server.log(), "a data error should be a clean message"
    # The preview stays up and shows the problem where the timeline was, escaped and located.
    page = server.wait_for_page("", "The data has 1 problem")
    assert f"<code>{LOCATED_ERROR[:-1]}</code>" in page
    assert "month 13 does not exist" in page
    assert server.alive()
    assert server.epoch() > good_epoch

    # (c) Fixing the file, with yet another title, recovers without a restart.
    edit_file(project, EVENT, lambda text: _retitle("Rebels take Northtown by night")(
        text.replace("date: 2024-13-45", "date: 2024-12-01", 1)))
    server.wait_for_page(EVENT_URL, "Rebels take Northtown by night")
    server.wait_for_page("", "Rebels take Northtown by night")
    # (d) A new event file gets its own page, and a place on the timeline.
    (project / NEW_EVENT).write_text(NEW_EVENT_TEXT, encoding="utf-8")
    server.wait_for_page("events/2024-12-03-monitor-counts-the-dead/", "Monitor counts the dead in Northtown")
    server.wait_for_page("", "events/2024-12-03-monitor-counts-the-dead/")
    # (e) An edit to our templates (overrides/) shows too, though MkDocs watches a theme only
    # with --watch-theme.
    template = project / "overrides" / "timeline" / "event.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "<h1>{{ event.title }}</h1>", "<h1>{{ event.title }}</h1><p>Template edited</p>", 1), encoding="utf-8")
    server.wait_for_page(EVENT_URL, "<p>Template edited</p>")
    assert server.alive()


@pytest.fixture
def shipped_server(tmp_path: Path) -> Iterator[Server]:
    """The shipped data and hand-written pages (whose links point at generated pages)."""
    running = Server(site_project(tmp_path, data=None), tmp_path / "serve.log")
    try:
        running.start()
        yield running
    finally:
        running.stop()


def test_preview_of_the_shipped_site_survives_a_broken_event(shipped_server: Server) -> None:
    # The About page links to a source page that a broken build does not generate: that must
    # not fail the strict build, or the preview would hang instead of showing the problem.
    event = "events/2024-11-30-rebels-capture-aleppo.yml"
    edit_file(shipped_server.project, event, lambda text: text.replace("type: battle", "type: battel", 1))
    page = shipped_server.wait_for_page("", "The data has 1 problem")
    assert f"<code>{event}:3:7</code>" in page and "did you mean &#39;battle&#39;?" in page
    edit_file(shipped_server.project, event, lambda text: text.replace("type: battel", "type: battle", 1))
    shipped_server.wait_for_page("", "Rebels capture Aleppo")
    assert shipped_server.alive()
