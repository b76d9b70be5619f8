"""HTML rendered once per build and reused (timeline_core.site.memo): the theme's sidebars, header,
footer and scripts on generated pages, the map drawings. Reusing must never show a reader
another page's title, links that only work from another folder, or another place's map."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from conftest import Built, build, site_project
from timeline_core.site.compact import compact_html
from timeline_core.site.memo import Memo

THIRD_EVENT = """title: Shelling reported near Northtown
date: 2024-12-03
type: battle
summary: The monitor reported shelling near [Northtown](location:northtown).
actors: [rebels]
locations: [northtown]
sources:
  - url: https://example.org/shelling
    title: Shelling report
"""
# Generated pages outside the nav, in every folder that holds them.
PAGES = {
    "events/2024-12-01-rebels-capture-northtown/": "Rebels capture Northtown",
    "events/2024-12-02-capitalia-condemns-attack/": "Officials condemn the attack",
    "events/2024-12-03-shelling-near-northtown/": "Shelling reported near Northtown",
    "actors/rebels/": "The Rebels",
    "actors/government/": "Government of Landia",
    "locations/northtown/": "Northtown",
    "sources/report/": None,
    "types/battle/": "Battle",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = site_project(tmp_path_factory.mktemp("shared"), files={
        "events/2024-12-03-shelling-near-northtown.yml": THIRD_EVENT,
    })
    built = build(project)
    assert built.returncode == 0, built.output
    return built


def header_title(html: str) -> str:
    topic = re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis">(.*?)</span>', html, re.S)
    assert topic, "no header topic"
    return " ".join(topic.group(1).split())


def test_each_page_header_names_its_own_title(site: Built) -> None:
    for url, title in PAGES.items():
        if title is not None:
            assert header_title(site.page(url)) == title, url


def test_sidebar_links_resolve_from_every_folder(site: Built) -> None:
    """The sidebars are shared per folder: a link made for another folder would lead nowhere."""
    for url in PAGES:
        html = site.page(url)
        sidebar = html[html.index('data-md-type="navigation"'):html.index('data-md-type="toc"')]
        links = re.findall(r'href="([^"#]+)"', sidebar)
        assert len(links) > 5, url
        for link in links:
            target = urljoin("http://site/" + url, link).removeprefix("http://site/")
            path = site.site / target / "index.html" if not target.endswith(".html") else site.site / target
            assert path.is_file(), f"{url}: {link} -> {target}"


def test_shared_sidebars_list_the_same_nav_as_a_page_in_it(site: Built) -> None:
    """A generated page's nav is the site's nav (the same labels in the same order) as on a
    hand-written page, with nothing marked as the current page."""
    def labels(html: str) -> list[str]:
        sidebar = html[html.index('data-md-type="navigation"'):html.index('data-md-type="toc"')]
        return [" ".join(m.split()) for m in re.findall(r'<span class="md-ellipsis">(.*?)</span>', sidebar, re.S)]

    event = site.page("events/2024-12-01-rebels-capture-northtown/")
    about = site.page("about/")
    assert labels(event) == labels(about)
    sidebar = event[event.index('data-md-type="navigation"'):event.index('data-md-type="toc"')]
    assert "md-nav__link--active" not in sidebar


def test_pages_in_one_folder_share_the_theme_blocks_but_not_their_content(site: Built) -> None:
    first = site.page("events/2024-12-01-rebels-capture-northtown/")
    second = site.page("events/2024-12-02-capitalia-condemns-attack/")
    start = '<div class="md-sidebar md-sidebar--primary"'
    assert section(first, start, '<span id="tl-main"') == section(second, start, '<span id="tl-main"')
    assert "<h1>Rebels capture Northtown</h1>" in first and "<h1>Officials condemn the attack</h1>" in second
    assert "<title>Rebels capture Northtown - " in first and "<title>Officials condemn" in second


def section(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin:html.index(end, begin)]


def test_events_at_one_place_share_the_drawing_but_list_their_own_event(site: Built) -> None:
    capture = site.page("events/2024-12-01-rebels-capture-northtown/")
    shelling = site.page("events/2024-12-03-shelling-near-northtown/")
    condemn = site.page("events/2024-12-02-capitalia-condemns-attack/")
    drawing = [section(html, '<svg class="tl-map__outline"', "</svg>") for html in (capture, shelling, condemn)]
    assert drawing[0] == drawing[1]
    assert drawing[0] != drawing[2] and "capitalia" in drawing[2]
    listed = [section(html, '<ul class="tl-map__places">', "</section>") for html in (capture, shelling)]
    assert "2024-12-01-rebels-capture-northtown" in listed[0] and "shelling" not in listed[0]
    assert "2024-12-03-shelling-near-northtown" in listed[1] and "capture" not in listed[1]


def test_the_place_page_map_counts_all_its_events(site: Built) -> None:
    """A place's map is drawn with its own counts, not an event map's (one event a place)."""
    html = site.page("locations/northtown/")
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", html, re.S)
    assert desc and "Northtown (2 events)" in desc.group(1)


# --- the pieces ---------------------------------------------------------------------------------

def test_a_slot_renders_once_and_puts_back_the_varying_text() -> None:
    memo = Memo()
    first = memo.slot("header", varying="First page")
    assert first.get() is None
    assert first.put("<h1>\n  First page\n</h1>") == "<h1>\n  First page\n</h1>"
    assert memo.slot("header", varying="Second & more").get() == "<h1>\n  Second & more\n</h1>"
    assert memo.slot("other").get() is None


def test_a_slot_keeps_nothing_when_the_varying_text_is_ambiguous() -> None:
    memo = Memo()
    assert memo.slot("header", varying="nav").put('<nav class="nav">nav</nav>') == '<nav class="nav">nav</nav>'
    assert memo.slot("header", varying="other").get() is None
    memo.slot("empty", varying="").put("<p>x</p>")
    assert memo.slot("empty", varying="y").get() is None


def test_a_slot_prepares_what_it_keeps_for_every_page() -> None:
    memo = Memo()
    slot = memo.slot("nav", prepare=str.upper)
    assert slot.put("<a>x</a>") == "<A>X</A>"
    assert memo.slot("nav").get() == "<A>X</A>"


def test_compacting_squeezes_only_line_breaks_between_tags_and_in_text() -> None:
    html = ('<div>\n   \n  <span title="a\n\n  b">t\n   u  v</span>  \n'
            '<pre>x\n\n  y</pre>\n\n<textarea>\n\n</textarea><script>if (a<b) {\n\n}</script>'
            '<style>p {\n\n}</style><!-- c\n\n -->\n\n</div>')
    assert compact_html(html) == (
        '<div>\n<span title="a\n\n  b">t\nu  v</span>\n'
        '<pre>x\n\n  y</pre>\n<textarea>\n\n</textarea><script>if (a<b) {\n\n}</script>'
        '<style>p {\n\n}</style><!-- c\n\n -->\n</div>'
    )
