"""Security: addresses the theme prints, and what a repository link costs readers.

- Every path segment that reaches an address is an id: subfolders of events/ that are not ids
  are refused (golden `security-folder-names-and-devices`; here, the build fails on them).
- Every address handed to the theme is safe by construction: `page.edit_url` is rebuilt with
  every part percent-encoded, whatever the file's name (`timeline_core.site.urls`). Proved on a site
  built with a repository configured and a hand-written page whose file name is an attack
  (hand-written pages are trusted, but their names reach the same address).
- With a repository configured, no page view asks another host for anything: Material's
  repository widget fetches stars and forks from GitHub's API; ours is a plain link.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import pytest

from browser import launch, serve_static
from conftest import Built, build, site_project
from test_security import dangers, elements, find_all, inline_scripts, local, material_forms, parse
from test_security_data import EVENT
from timeline_core.site.urls import quote_path, safe_web_url

REPO = "https://github.com/team/timeline"
HOSTILE_NAMES = [
    'x"><img src=x onerror="window.__pwned=2"><b "',
    "y' autofocus onfocus='window.__pwned=3' x='",
    "z<svg onload=window.__pwned=4>",
    "w&quot; onmouseover=&quot;window.__pwned=5",
]
HTML_SPECIAL = set("\"'<>& \t\n\r`")


# --- the address builder ------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    *(f"{REPO}/edit/main/docs/{name}.md" for name in HOSTILE_NAMES),
    f"{REPO}/edit/main/docs/a b/c\td\ne.md?x=\"y\"#<z>",
    f"{REPO}/edit/main/docs/%22%3E%3Cimg%3E.md",  # already quoted: stays quoted, not doubled
    "https://git.example.org:8443/team/timeline/-/edit/main/docs/a`b.md",
])
def test_edit_addresses_hold_no_character_html_gives_a_meaning(url: str) -> None:
    safe = safe_web_url(url)
    assert safe is not None and not (set(safe) & HTML_SPECIAL), safe
    # Tabs and newlines are dropped, as browsers drop them from addresses.
    assert unquote(safe) == unquote(url.replace("\t", "").replace("\n", ""))
    assert safe_web_url(safe) == safe  # idempotent: quoting twice changes nothing


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x",
    "//evil.example/x", "/edit/main/docs/x.md", "ftp://example.org/x", "", None, "https://",
    "http://[::1",  # malformed: refused, not raised
])
def test_edit_addresses_are_http_or_nothing(url: str | None) -> None:
    assert safe_web_url(url) is None


def test_repository_paths_are_quoted_segment_by_segment() -> None:
    assert quote_path("../events/a b/x\".yml") == "../events/a%20b/x%22.yml"


# --- built sites --------------------------------------------------------------------------------

@pytest.mark.parametrize("folder", HOSTILE_NAMES[:2] + ["Sub Folder", "con"])
def test_an_event_folder_that_is_not_an_id_fails_the_build(tmp_path: Path, folder: str) -> None:
    project = site_project(tmp_path, data="mini", files={f"events/{folder}/2024-12-05-moved.yml": EVENT})
    built = build(project, env={"TIMELINE_REPO_URL": REPO})
    assert built.returncode != 0
    assert f"events/{folder}:1:1: folder name " in built.output
    assert not (built.site / "events/2024-12-05-moved").exists()


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    files: dict[str, str] = {f"docs/{name}.md": f"# Page {n}\n\nText.\n" for n, name in enumerate(HOSTILE_NAMES)}
    files["events/in-folder/2024-12-05-nested.yml"] = EVENT
    project = site_project(tmp_path_factory.mktemp("repo"), data="mini", files=files)
    built = build(project, env={"TIMELINE_REPO_URL": REPO})
    assert built.returncode == 0, built.output
    return built


def edit_links(root: Any) -> list[Any]:
    return [a for a in find_all(root, "a") if a.get("rel") == "edit" or "tl-edit" in (a.get("class") or "")
            or (a.get("href") or "").startswith(REPO + "/edit/")]


def test_repository_site_is_inert_on_every_page(repo_site: Built) -> None:
    scripts, forms = inline_scripts(repo_site.site), material_forms(repo_site.site)
    pages = sorted(repo_site.site.rglob("*.html"))
    assert len(pages) > 10
    found: list[str] = []
    for page in pages:
        root = parse(page.read_bytes())
        relative = page.relative_to(repo_site.site).as_posix()
        found += dangers(root, relative, repo_site.site, scripts, forms)
        found += [f"{relative}: <{local(e.tag)}>" for e in elements(root) if local(e.tag) in ("img", "svg") and e.get("src") == "x"]
        for link in edit_links(root):
            href = link.get("href")
            if set(href) & HTML_SPECIAL or not href.startswith(REPO + "/edit/main/"):
                found.append(f"{relative}: edit link {href!r}")
            if set(link.attrib) - {"href", "title", "class", "rel"}:
                found.append(f"{relative}: edit link attributes {sorted(link.attrib)}")
    assert found == []


def test_hostile_page_names_reach_the_edit_link_quoted(repo_site: Built) -> None:
    for name in HOSTILE_NAMES:
        page = next(p for p in repo_site.site.rglob("index.html") if p.parent.name == name)
        [button] = [a for a in edit_links(parse(page.read_bytes())) if a.get("rel") == "edit"]
        assert unquote(button.get("href")) == f"{REPO}/edit/main/docs/{name}.md"


def test_edit_links_of_records_point_at_their_data_files(repo_site: Built) -> None:
    root = parse(repo_site.page("events/2024-12-05-nested/"))
    hrefs = {a.get("href") for a in edit_links(root)}
    assert hrefs == {f"{REPO}/edit/main/events/in-folder/2024-12-05-nested.yml"}
    root = parse(repo_site.page("actors/rebels/"))
    assert {a.get("href") for a in edit_links(root)} == {f"{REPO}/edit/main/docs/actors/rebels.md"}


def test_repository_link_fetches_nothing(repo_site: Built) -> None:
    """Material's widget is found by data-md-component="source"; ours is a plain link."""
    root = parse(repo_site.page(""))
    sources = find_all(root, "a", "md-source")
    assert sources and all(a.get("href") == REPO for a in sources)
    assert [e for e in elements(root) if e.get("data-md-component") == "source"] == []


# --- in a browser -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def repo_browser(repo_site: Built) -> Iterator[tuple[Any, str]]:
    with launch() as browser, serve_static(repo_site.site) as url:
        yield browser, url


def open_page(browser: Any, url: str) -> tuple[Any, list[str]]:
    """A page loaded until Material has started (its search index is the last request a page
    makes by itself, after the repository widget would have asked for its facts)."""
    context = browser.new_context()
    context.set_default_timeout(30_000)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    with page.expect_request(lambda request: request.url.endswith("/search/search_index.json")):
        page.goto(url, wait_until="load")
    page.wait_for_selector("article.md-content__inner h1")
    return page, requests


@pytest.mark.browser
def test_with_a_repository_no_request_leaves_the_site(repo_browser: tuple[Any, str]) -> None:
    browser, base = repo_browser
    for path in ("", "events/2024-12-05-nested/", "actors/rebels/"):
        page, requests = open_page(browser, base + path)
        page.locator(".md-source").first.wait_for(state="attached")
        elsewhere = [url for url in requests if urlsplit(url).hostname != "127.0.0.1"]
        assert elsewhere == [], path
        page.context.close()


@pytest.mark.browser
def test_payload_page_names_do_not_run(repo_browser: tuple[Any, str]) -> None:
    browser, base = repo_browser
    for name in HOSTILE_NAMES:
        page, _ = open_page(browser, base + quote_path(name) + "/")
        button = page.locator("a.md-content__button[rel=edit]")
        button.focus()
        button.hover()
        assert page.evaluate("typeof window.__pwned") == "undefined", name
        assert unquote(button.get_attribute("href") or "") == f"{REPO}/edit/main/docs/{name}.md"
        page.context.close()
