"""Shared helpers for browser checks: a system Chromium (or Google Chrome) driven by Playwright,
and a plain static server for a built site (never `mkdocs serve`: its live-reload request never
goes idle).

Chromium missing: the calling test is skipped, unless REQUIRE_BROWSER=1 (as in CI), where it
fails. Playwright's own browser downloads are never used (`playwright install` is not needed).
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn
from collections.abc import Iterator

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Debian's chromium here; Google Chrome on GitHub's Ubuntu runners, where Ubuntu's chromium is
# only a snap shim (the workflow sets CHROMIUM to say which it uses).
CANDIDATES = ("/usr/bin/chromium", "chromium", "google-chrome", "google-chrome-stable")


def chromium_path() -> str | None:
    """The browser to drive, or None. CHROMIUM=/path (or a command name) overrides the search."""
    override = os.environ.get("CHROMIUM")
    if override:
        found = override if os.path.isabs(override) else shutil.which(override)
        return found if found and os.access(found, os.X_OK) else None
    for candidate in CANDIDATES:
        found = candidate if os.path.isabs(candidate) and os.access(candidate, os.X_OK) else shutil.which(candidate)
        if found:
            return found
    return None


def unavailable(reason: str) -> NoReturn:
    """Skip, or fail when the environment requires the browser checks to run."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def launch(**options: Any) -> Iterator[Any]:
    """A headless Playwright Browser on the system chromium; closed on exit."""
    executable = chromium_path()
    if executable is None:
        unavailable("chromium is not installed (`make browser` installs Debian's package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - it is in requirements.txt
        unavailable("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True, **options
        )
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serve_static(folder: Path) -> Iterator[str]:
    """Serve a built site folder on 127.0.0.1 (a free port); yields its base URL, ending in /."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="static-site", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
