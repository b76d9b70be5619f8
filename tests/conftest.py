"""Shared fixtures: small projects copied into temporary folders."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterator

import pytest

from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.problems import DataError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write_files(project: Path, files: dict[str, Any] | None) -> None:
    """Write `files` into a project: None deletes a file, {base64: ...} writes raw bytes."""
    for name, content in (files or {}).items():
        target = project / name
        if content is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            target.write_bytes(base64.b64decode(content["base64"]))
        else:
            target.write_text(content, encoding="utf-8")


def edit_file(project: Path, name: str, change: Callable[[str], str]) -> None:
    """Rewrite one file of a project through `change`, which must change it (an edit a test
    makes that changes nothing would prove nothing)."""
    path = project / name
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the edit did not change {name}"
    path.write_text(after, encoding="utf-8")


def make_project(tmp: Path, base: str | None = "mini", files: dict[str, Any] | None = None) -> Path:
    """A data folder: a fixture copied, then `files` written over it (see write_files)."""
    project = tmp / "project"
    if base:
        shutil.copytree(FIXTURES / base, project)
    else:
        project.mkdir()
    write_files(project, files)
    return project


def problems_of(project: Path) -> list[str]:
    """What `make check` reports for a data folder, one string per problem ([] when clean)."""
    try:
        load_dataset(Layout(project))
    except DataError as error:
        return [str(problem) for problem in error.problems]
    return []


@pytest.fixture
def project(tmp_path: Path):
    def build(files: dict[str, Any] | None = None, base: str | None = "mini") -> Path:
        return make_project(tmp_path, base, files)

    return build


# --- building real sites ----------------------------------------------------------------------

SITE_FILES = ("mkdocs.yml", "hooks", "overrides", "docs/index.md", "docs/about.md",
              "docs/data-format.md", "docs/security.md", "docs/contributing.md", "docs/performance.md",
              "docs/assets")


@dataclass
class Built:
    project: Path
    site: Path
    returncode: int
    output: str

    def page(self, url: str) -> str:
        """The HTML at a site URL such as 'events/x/'."""
        path = self.site / url / "index.html" if not url.endswith(".html") else self.site / url
        return path.read_text(encoding="utf-8")


def site_project(tmp: Path, data: str | None = "mini", files: dict[str, Any] | None = None) -> Path:
    """A buildable project: the real configuration, hooks, templates and hand-written pages,
    with the data of a fixture (or of the shipped dataset when data is None)."""
    project = tmp / "project"
    project.mkdir(parents=True)
    for name in SITE_FILES:
        source = ROOT / name
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    data_root = ROOT if data is None else FIXTURES / data
    for folder in ("events", "seeds", "docs/actors", "docs/locations"):
        if (data_root / folder).exists():
            shutil.copytree(data_root / folder, project / folder)
    if data is not None:  # the About page links to the shipped seed; fixtures have another
        (project / "docs/about.md").write_text("# About\n\nA test site.\n", encoding="utf-8")
    write_files(project, files)
    return project


def build(project: Path, site: Path | None = None, env: dict[str, str] | None = None) -> Built:
    site = site or project.parent / "site"
    environment = {key: value for key, value in os.environ.items() if key not in ("TIMELINE_REPO_URL", "TIMELINE_SITE_URL")}
    environment.update({"NO_MKDOCS_2_WARNING": "1", **(env or {})})
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, env=environment, cwd=project, timeout=300,
    )
    return Built(project, site, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The shipped dataset, built once for the whole session."""
    tmp = tmp_path_factory.mktemp("shipped")
    built = build(site_project(tmp, data=None), env={"TIMELINE_REPO_URL": "https://example.org/team/timeline"})
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("mini")
    built = build(site_project(tmp, data="mini"))
    assert built.returncode == 0, built.output
    return built


# --- a real browser on a built site (tests/browser.py) ------------------------------------------

BROWSER_TIMEOUT_MS = 30_000  # generous: a 2-core CI machine running the suite


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright, one per test module (skipped or failed when it is
    missing: see tests/browser.py)."""
    from browser import launch

    with launch() as running:
        yield running


@pytest.fixture(scope="module")
def base_url(shipped_site: Built) -> Iterator[str]:
    """The shipped site served statically on 127.0.0.1."""
    from browser import serve_static

    with serve_static(shipped_site.site) as url:
        yield url


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """A factory of pages, each in a fresh context (no palette or search state carried over);
    `scheme` is the colour scheme the browser reports."""
    contexts: list[Any] = []

    def make(scheme: str = "light", **options: Any) -> Any:
        context = browser.new_context(color_scheme=scheme, **options)
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
