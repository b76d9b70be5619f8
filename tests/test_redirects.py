"""Permanent URLs: a renamed record's old address still leads to its page."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import FIXTURES, Built, build, site_project
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.site.redirects import plan_redirects, render_redirects
from timeline_core.site.render import environment

EVENT = "events/2024-12-01-rebels-capture-northtown.yml"
RENAMES = {  # old address -> the page it must lead to
    "events/2024-11-30-rebels-take-northtown/": "events/2024-12-01-rebels-capture-northtown/",
    "events/northtown-falls/": "events/2024-12-01-rebels-capture-northtown/",
    "actors/rebel-forces/": "actors/rebels/",
    "locations/north-town/": "locations/northtown/",
}


def _front_matter_with(path: str, line: str) -> str:
    """A fixture page with one more front-matter line."""
    text = (FIXTURES / "mini" / path).read_text(encoding="utf-8")
    return text.replace("---\n", f"---\n{line}\n", 1)


def renamed_files() -> dict[str, str]:
    event = (FIXTURES / "mini" / EVENT).read_text(encoding="utf-8")
    return {
        EVENT: event + "former_ids: [2024-11-30-rebels-take-northtown, northtown-falls]\n",
        "docs/actors/rebels.md": _front_matter_with("docs/actors/rebels.md", "former_ids: [rebel-forces]"),
        "docs/locations/northtown.md": _front_matter_with("docs/locations/northtown.md", "former_ids: [north-town]"),
    }


class Head(HTMLParser):
    """The redirect's canonical link, refresh target, robots rule and plain links."""

    def __init__(self) -> None:
        super().__init__()
        self.canonical: str | None = None
        self.refresh: str | None = None
        self.robots: str | None = None
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        if tag == "meta" and a.get("http-equiv") == "refresh":
            self.refresh = a.get("content")
        if tag == "meta" and a.get("name") == "robots":
            self.robots = a.get("content")
        if tag == "a":
            self.links.append(a.get("href") or "")


def head_of(html: str) -> Head:
    head = Head()
    head.feed(html)
    return head


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("renamed")
    built = build(site_project(tmp, data="mini", files=renamed_files()))
    assert built.returncode == 0, built.output
    return built


@pytest.mark.parametrize("old, new", RENAMES.items())
def test_old_address_leads_to_the_page(renamed_site: Built, old: str, new: str) -> None:
    head = head_of(renamed_site.page(old))
    # Every way out of the redirect resolves, from the old address, to the new page...
    for target in (head.canonical, head.refresh and head.refresh.split("url=", 1)[1], *head.links):
        assert target is not None
        assert urljoin("https://example.org/sub/" + old, target) == "https://example.org/sub/" + new
    assert head.refresh is not None and head.refresh.startswith("0; url=")
    assert head.links, "a plain link for readers whose browser ignores refresh"
    assert head.robots == "noindex"
    # ...and that page exists in the built site, as the record's real page.
    assert "tl-" in renamed_site.page(new)


def test_redirect_names_the_record(renamed_site: Built) -> None:
    html = renamed_site.page("actors/rebel-forces/")
    assert "<title>Moved: The Rebels</title>" in html
    assert ">The Rebels</a>" in html


def test_redirects_stay_out_of_search_and_nav(renamed_site: Built) -> None:
    from searchfiles import documents

    search = json.dumps(documents(renamed_site.site))
    timeline = renamed_site.page("")
    assert "events/2024-12-01-rebels-capture-northtown/" in search  # search does list pages
    for old in RENAMES:
        assert old not in search
        assert old not in timeline


def test_with_a_site_address_canonical_is_absolute_and_sitemap_has_no_redirect(tmp_path: Path) -> None:
    files = renamed_files()
    project = site_project(tmp_path, data="mini", files=files)
    config = project / "mkdocs.yml"
    config.write_text("site_url: https://example.org/sub/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.output
    head = head_of(built.page("locations/north-town/"))
    assert head.canonical == "https://example.org/sub/locations/northtown/"
    assert head.refresh == "0; url=../northtown/"  # still relative: works wherever it is served
    # MkDocs writes the sitemap only when site_url is set: pages only, never static files.
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/sub/events/2024-12-01-rebels-capture-northtown/" in sitemap
    for old in RENAMES:
        assert old not in sitemap


def test_redirect_never_replaces_a_hand_written_page(tmp_path: Path) -> None:
    files = {**renamed_files(), "docs/events/northtown-falls.md": "# A page of our own\n"}
    built = build(site_project(tmp_path, data="mini", files=files))
    assert built.returncode != 0
    assert (
        "generated pages would replace hand-written ones: docs/events/northtown-falls.md "
        "(the old address of a record's former_ids); rename or remove them"
    ) in built.output


def test_redirect_pages_are_deterministic_and_escaped(tmp_path: Path) -> None:
    project = site_project(tmp_path, data="mini", files={
        **renamed_files(),
        "docs/actors/rebels.md": _front_matter_with("docs/actors/rebels.md", "former_ids: [rebel-forces]")
        .replace("name: The Rebels", "name: \"Rebels <script>alert(1)</script> & co\""),
    })
    dataset = load_dataset(Layout(project))
    env = environment(project / "overrides" / "timeline")
    first = render_redirects(env, dataset)
    assert first == render_redirects(env, dataset)
    assert [path for path, _ in first] == sorted(path for path, _ in first)
    html = dict(first)["actors/rebel-forces/index.html"]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_every_former_id_is_planned_once(tmp_path: Path) -> None:
    project = site_project(tmp_path, data="mini", files=renamed_files())
    planned = {(r.path, r.new_id) for r in plan_redirects(load_dataset(Layout(project)))}
    assert planned == {
        (old + "index.html", new.split("/")[1]) for old, new in RENAMES.items()
    }


@pytest.mark.browser
def test_a_browser_at_the_old_address_lands_on_the_page(renamed_site: Built, tmp_path: Path) -> None:
    """In Chromium, served under a sub-path (as on GitHub Pages): the refresh alone, no script."""
    from browser import launch, serve_static

    (tmp_path / "sub").symlink_to(renamed_site.site, target_is_directory=True)
    with serve_static(tmp_path) as base, launch() as browser:
        context = browser.new_context(java_script_enabled=False)
        context.set_default_timeout(30_000)
        page = context.new_page()
        for old, new in RENAMES.items():
            page.goto(base + "sub/" + old, wait_until="commit")
            page.wait_for_url(base + "sub/" + new)
            assert page.locator("article h1").first.is_visible()
        context.close()


def test_without_directory_urls_the_old_page_leads_to_the_new_one(tmp_path: Path) -> None:
    project = site_project(tmp_path, data="mini", files=renamed_files())
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("use_directory_urls: true", "use_directory_urls: false")
    config.write_text(text, encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.output
    for old, new in RENAMES.items():
        old_page, new_page = old.rstrip("/") + ".html", new.rstrip("/") + ".html"
        head = head_of(built.page(old_page))
        assert head.refresh is not None
        for target in (head.canonical, head.refresh.split("url=", 1)[1], *head.links):
            assert target is not None and urljoin("https://example.org/" + old_page, target) == "https://example.org/" + new_page
        assert (built.site / new_page).is_file()
