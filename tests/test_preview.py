"""The incremental preview (`make serve` = `mkdocs serve --dirty`): after every edit, rename and
deletion, the preview's folder equals a clean `mkdocs build` of the same files, byte by byte,
while the preview re-rendered only the pages the edit changed.

The preview is driven through MkDocs' own serve path, in this process: one site folder for the
session, a fresh configuration for every build, `build(config, serve_url=..., dirty=True)`,
exactly as `mkdocs.commands.serve`'s builder does (a real `mkdocs serve --dirty` is exercised
by test_serve.py). Each clean build is a real `mkdocs build` in a child process.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from timeline_core.site.pages import PagePlan
from timeline_core.site.render import Site

import bench
from conftest import edit_file, site_project

SERVE_URL = "http://127.0.0.1:8000/"  # what serve sets site_url to (its default address)
EVENTS = 120
NEW_TITLE = "A brand new title"
PAGE_EVENTS = 40  # the timeline's periods: four pages


class Preview:
    """`mkdocs serve --dirty`'s builds of a project, without the HTTP server and the watcher."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project = project
        self.site = site
        self.config = self._config()
        self.config.plugins.on_startup(command="serve", dirty=True)

    def _config(self) -> MkDocsConfig:
        config = load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> set[str]:
        """One build, as serve runs it after an edit; returns the pages it wrote."""
        before = _page_times(self.site)
        build(self._config(), serve_url=SERVE_URL, dirty=True)
        after = _page_times(self.site)
        return {page for page, written in after.items() if before.get(page) != written}

    def stop(self) -> None:
        self.config.plugins.on_startup(command="build", dirty=False)  # the hooks stay loaded


def _count_views(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages whose view the build works out (Site.page_view), as it goes."""
    seen: list[str] = []
    original = Site.page_view

    def counted(site: Site, plan: PagePlan) -> tuple[str, dict[str, Any]]:
        seen.append(plan.src_uri)
        return original(site, plan)

    monkeypatch.setattr(Site, "page_view", counted)
    return seen


def _page_times(site: Path) -> dict[str, int]:
    """Every page's last write (404.html is the theme's, written by every build)."""
    times = {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}
    times.pop("404.html", None)
    return times


def clean_build(project: Path, target: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    environment.update(NO_MKDOCS_2_WARNING="1", TIMELINE_SITE_URL=SERVE_URL)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(target)],
        capture_output=True, text=True, env=environment, cwd=project, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def differences(served: Path, clean: Path) -> list[str]:
    """Every file that is not the same in both folders (sitemap.xml.gz: compared unpacked,
    its header holds a time)."""
    def listing(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    mine, theirs = listing(served), listing(clean)
    found = [f"only in the preview: {name}" for name in sorted(mine - theirs)]
    found += [f"missing from the preview: {name}" for name in sorted(theirs - mine)]
    for name in sorted(mine & theirs):
        a, b = (served / name).read_bytes(), (clean / name).read_bytes()
        if name.endswith(".gz"):
            a, b = gzip.decompress(a), gzip.decompress(b)
        if a != b:
            found.append(f"differs: {name}")
    return found


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    work = tmp_path_factory.mktemp("preview")
    project = site_project(work, data="mini")
    bench.generate(project, EVENTS)
    # A few events a page: the timeline and the busiest records span several period pages.
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nextra:\n  events_per_page: {PAGE_EVENTS}\n")
    running = Preview(project, work / "served")
    try:
        yield running
    finally:
        running.stop()


def event_file(n: int) -> str:
    return f"events/2024-12-{(n % 28) + 1:02d}-generated-{n:05d}.yml"


def event_id(n: int) -> str:
    return Path(event_file(n)).stem


def set_field(field: str, value: str) -> Callable[[str], str]:
    return lambda text: re.sub(rf"(?m)^{field}: .*$", f"{field}: {value}", text, count=1)


def rename_actor(project: Path, old: str, new: str) -> None:
    """A new id for an actor, its old one kept in former_ids, every event updated."""
    source = project / "docs/actors" / f"{old}.md"
    text = source.read_text(encoding="utf-8").replace("---\n", f"---\nformer_ids: [{old}]\n", 1)
    (project / "docs/actors" / f"{new}.md").write_text(text, encoding="utf-8")
    source.unlink()
    for path in (project / "events").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(re.sub(rf"\b{re.escape(old)}\b", new, text), encoding="utf-8")


def delete_event(project: Path, n: int) -> None:
    """Delete an event, and the generated event before it that names it as related."""
    edit_file(project, event_file(n - 1), lambda text: text.replace(f"related: [{event_id(n)}]", "related: []"))
    (project / event_file(n)).unlink()


NEW_EVENT = """title: Monitor counts the dead in Northtown
date: 2024-12-14
type: statement
summary: The [monitor](actor:monitor) counted the dead in [Northtown](location:northtown).
actors: [monitor]
locations: [northtown]
sources:
  - seed: report
    quote: Rebels captured the town of Northtown after heavy fighting.
tags: [new-tag]
"""

STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("a title", lambda p: edit_file(p, event_file(4), set_field("title", NEW_TITLE))),
    ("a summary", lambda p: edit_file(p, event_file(5), lambda t: t.replace("claimed the ground", "claimed the town", 1))),
    ("two titles at once", lambda p: [edit_file(p, event_file(n), set_field("title", f"{NEW_TITLE} {n}")) for n in (6, 70)]),
    ("a date, to another day", lambda p: edit_file(p, event_file(7), set_field("date", "2024-12-20"))),
    ("a date, to another month", lambda p: edit_file(p, event_file(9), set_field("date", "2024-10-15"))),
    ("an actor renamed with former_ids", lambda p: rename_actor(p, "generated-group-003", "renamed-group")),
    ("an event deleted", lambda p: delete_event(p, 30)),
    ("a new event", lambda p: (p / "events/2024-12-14-monitor-counts-the-dead.yml").write_text(NEW_EVENT, encoding="utf-8")),
    ("an actor's Markdown body", lambda p: edit_file(p, "docs/actors/rebels.md", lambda t: t + "\nThey took [Northtown](location:northtown).\n")),
    ("a hand-written page", lambda p: edit_file(p, "docs/about.md", lambda t: t + "\nA new paragraph.\n")),
    ("a source document", lambda p: edit_file(p, "seeds/report.md", lambda t: t + "\nA paragraph added later.\n")),
    ("the configuration", lambda p: edit_file(p, "mkdocs.yml", lambda t: t + "\ncopyright: Edited during the preview\n")),
]
EVERY_PAGE = ("an actor's Markdown body", "a hand-written page", "a source document", "the configuration")
TEXT_ONLY = ("a title", "a summary", "two titles at once")


def test_first_build_equals_a_clean_build(preview: Preview, tmp_path: Path) -> None:
    written = preview.rebuild()
    clean_build(preview.project, tmp_path / "clean")
    assert differences(preview.site, tmp_path / "clean") == []
    assert "events/" + event_id(4) + "/index.html" in written


def test_an_unchanged_rebuild_writes_no_page(preview: Preview) -> None:
    assert preview.rebuild() == set()


@pytest.mark.parametrize("step", [name for name, _ in STEPS])
def test_each_edit_equals_a_clean_build(preview: Preview, tmp_path: Path, step: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in order: each step edits the project as the previous one left it."""
    change = dict(STEPS)[step]
    pages = len(_page_times(preview.site))
    change(preview.project)
    views = _count_views(monkeypatch)
    written = preview.rebuild()
    clean_build(preview.project, tmp_path / "clean")
    assert differences(preview.site, tmp_path / "clean") == []
    assert written, "the edit re-rendered nothing"
    if step == "a title":  # the event, its neighbours and the lists that show it; not the rest
        assert f"events/{event_id(4)}/index.html" in written
        listing = [page for page in ["index.html", *(f"timeline/{d.name}/index.html" for d in (preview.site / "timeline").iterdir())]
                   if f'id="event-{event_id(4)}"' in (preview.site / page).read_text(encoding="utf-8")]
        assert len(listing) == 1 and listing[0] in written, listing
        assert len(written) < pages / 10, sorted(written)
        # Of the timeline's pages, only those that show the event (its period's page, and the
        # "also ongoing" lists of a span) are rendered again, not every period's.
        periods = {page for page in written if page.startswith("timeline/") or page == "index.html"}
        assert len(list(preview.site.glob("timeline/*/index.html"))) >= 2
        assert all(NEW_TITLE in (preview.site / page).read_text(encoding="utf-8") for page in periods), periods
    if step in TEXT_ONLY:  # the pages that show those events, not the rest
        edited = {"a title": [4], "a summary": [5]}.get(step, [6, 70])
        assert len(written) < len(edited) * pages / 10, sorted(written)
        assert all(f"events/{event_id(n)}/index.html" in written for n in edited)
        # The views worked out: only those of the pages that held the events (the preview's
        # shortcut for text edits), not every page's.
        assert len(views) < len(edited) * pages / 5, len(views)
    else:
        assert len(set(views)) > pages / 2  # every generated page's
    if step in EVERY_PAGE:  # the context: every page
        assert len(written) == len(_page_times(preview.site))


def test_a_broken_edit_then_a_fix_equals_a_clean_build(preview: Preview, tmp_path: Path) -> None:
    """A data problem shows in place of the timeline (the build does not fail); fixing it
    brings back the whole site."""
    good = (preview.project / event_file(12)).read_text(encoding="utf-8")
    edit_file(preview.project, event_file(12), set_field("date", "2024-13-45"))
    preview.rebuild()
    home = (preview.site / "index.html").read_text(encoding="utf-8")
    assert f"<code>{event_file(12)}:2:7</code>" in home
    assert not (preview.site / "events" / event_id(12)).exists()
    (preview.project / event_file(12)).write_text(good, encoding="utf-8")
    preview.rebuild()
    clean_build(preview.project, tmp_path / "clean")
    assert differences(preview.site, tmp_path / "clean") == []
