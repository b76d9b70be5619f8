"""Whole theme pages made once per kind and filled in (timeline_core/site/shell.py): a page made
from a shell must be exactly the page the theme renders in full, for every page of the site,
whatever its title, description or addresses hold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import site_project
from test_shared_pieces import THIRD_EVENT as PLAIN  # a title the theme prints one way only
from timeline_core.site.shell import Shells, fill, markers, plain

# A title the theme prints in more than one way (`striptags` decodes entities, drops tags and
# squeezes spaces).
TRICKY = """title: Rebels & allies say "<b>Northtown</b>" fell,  twice
date: 2024-12-04
type: battle
summary: Rebels & allies said so. Officials said &amp; nothing, &lt;really&gt;.
actors: [rebels]
locations: [northtown]
sources:
  - url: https://example.org/a?x=1&y=2
    title: A report
"""

# Runs MkDocs in a child process: "full" renders every page through the theme (no shells);
# "shells" builds as usual and reports how many pages came from a shell.
CHILD = """
import atexit, json, runpy, sys
from timeline_core.site import shell
made = []
if sys.argv[1] == "full":
    shell.Shells.page = lambda self, key, values, render: render(values)
else:
    init = shell.Shells.__init__
    def remember(self):
        init(self)
        made.append(self)
    shell.Shells.__init__ = remember
    atexit.register(lambda: print(json.dumps({"filled": sum(s.filled for s in made)}), file=sys.stderr))
sys.argv = ["mkdocs", "build", "--strict", "-q", "-d", sys.argv[2]]
runpy.run_module("mkdocs", run_name="__main__")
"""


def run(project: Path, mode: str, site: Path) -> str:
    env = {key: value for key, value in os.environ.items()}
    env.update(NO_MKDOCS_2_WARNING="1", TIMELINE_SITE_URL="https://example.org/timeline/",
               TIMELINE_REPO_URL="https://example.org/team/timeline")
    result = subprocess.run([sys.executable, "-c", CHILD, mode, str(site)], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stderr


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_project(tmp_path_factory.mktemp("shells"), files={
        "events/2024-12-03-shelling-near-northtown.yml": PLAIN,
        "events/2024-12-04-rebels-and-allies.yml": TRICKY,
        **{f"events/2024-12-0{day}-shelling-{day}.yml": PLAIN.replace("2024-12-03", f"2024-12-0{day}") for day in (5, 6, 7)},
    })


def test_pages_from_shells_are_the_theme_s_pages_byte_for_byte(project: Path, tmp_path: Path) -> None:
    report = run(project, "shells", tmp_path / "shells")
    filled = json.loads(report.strip().splitlines()[-1])["filled"]
    run(project, "full", tmp_path / "full")
    assert filled >= 5, "the build made no page from a shell: this test would prove nothing"
    shells, full = files_of(tmp_path / "shells"), files_of(tmp_path / "full")
    assert shells.keys() == full.keys()
    assert [name for name in shells if shells[name] != full[name]] == []
    tricky = shells["events/2024-12-04-rebels-and-allies/index.html"].decode()
    assert "<title>Rebels &amp; allies say &quot;&lt;b&gt;Northtown&lt;/b&gt;&quot; fell,  twice - " in tricky
    assert 'og:title" content="Rebels &amp; allies say &#34;&lt;b&gt;Northtown&lt;/b&gt;&#34; fell, twice"' in tricky
    canonical = '<link rel="canonical" href="https://example.org/timeline/events/2024-12-03-shelling-near-northtown/">'
    assert canonical in shells["events/2024-12-03-shelling-near-northtown/index.html"].decode()


def values(title: str = "A title", content: str = "<h1>A title</h1><p>Text</p>") -> dict[str, str | None]:
    return {"title": title, "description": "About it", "canonical": None, "edit": "https://example.org/e", "content": content}


def theme(page: dict[str, str | None]) -> str:
    """A stand-in for the theme: prints each string, the title also through a transformation
    that changes it (as a theme could), and adds a heading when the content has none."""
    heading = "" if "<h1" in (page["content"] or "") else f"<h1>{page['title']}</h1>"
    return f"<title>{page['title']}</title><a href='{page['edit']}'>{page['description']}</a>{heading}{page['content']}"


def test_a_shell_is_kept_once_a_second_page_proves_it() -> None:
    shells = Shells()
    first, second, third = values("One", "<h1>One</h1>"), values("Two", "<h1>Two</h1>"), values("Three", "<p>no heading</p>")
    assert shells.page("events", first, theme) == theme(first)
    assert shells.page("events", second, theme) == theme(second)
    assert shells.filled == 0
    assert shells.page("events", values("Four", "<h1>Four</h1>"), theme) == theme(values("Four", "<h1>Four</h1>"))
    assert shells.filled == 1
    # A content without a heading is another kind of page: the theme adds one.
    assert shells.page("events", third, theme) == theme(third)
    assert shells.filled == 1


def test_a_shell_that_does_not_reproduce_a_page_is_refused() -> None:
    def upper_title(page: dict[str, str | None]) -> str:
        return theme(page).replace(page["title"] or "", (page["title"] or "").upper(), 1)

    shells = Shells()
    pages = [values(name, f"<h1>{name}</h1>") for name in ("One", "Two", "Three", "Four")]
    assert [shells.page("k", page, upper_title) for page in pages] == [upper_title(page) for page in pages]
    assert shells.filled == 0


def test_strings_the_theme_may_print_two_ways_are_rendered_in_full() -> None:
    assert plain(values("Rebels &amp; allies"))
    assert not plain(values("say &quot;hi&quot;"))  # printed &quot; as it is, &#34; through striptags|e
    assert not plain(values("two  spaces"))
    assert not plain(values("nul\x00"))
    assert not plain({**values(), "edit": "https://example.org/?a=1&b=2"})


def test_fill_puts_each_string_where_its_marker_was() -> None:
    page = values("T", "<h1>T</h1>")
    shell = theme(markers(page))
    assert fill(shell, page) == theme(page)
