"""The theme's icons drawn once in a sprite (timeline_core/site/icons.py, issue #11): generated
pages use its symbols instead of inline drawings, every symbol they use exists and is the
theme's own drawing, and a reader sees the icons (real Chromium).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import Built
from timeline_core.site.icons import SPRITE, Sprite, icon_names

EVENT = "events/2024-11-30-rebels-capture-aleppo/"
MAGNIFY = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M9.5 3z"/></svg>'
_USE = re.compile(r'<svg( viewBox="[^"]+")><use href="([^"#]+)#([^"]+)"/></svg>')


def _material_icon(name: str) -> str:
    import material

    return (Path(material.__file__).parent / "templates" / ".icons" / f"{name}.svg").read_text(encoding="utf-8")


def test_known_drawings_become_uses_and_others_stay() -> None:
    read: dict[str, str] = {"material/magnify": MAGNIFY, "material/odd": "<svg><circle r='1'/></svg>"}
    asked: list[str] = []

    def reader(name: str) -> str | None:
        asked.append(name)
        return read.get(name)

    sprite = Sprite.make(["material/magnify", "material/odd", "material/missing", "../secrets", "a/../../b"], reader)
    assert asked == ["material/magnify", "material/odd", "material/missing"]  # bad names never read
    assert sprite.text == ('<svg xmlns="http://www.w3.org/2000/svg"><symbol id="material-magnify" '
                           'viewBox="0 0 24 24"><path d="M9.5 3z"/></symbol></svg>\n')
    other = '<svg viewBox="0 0 10 10"><path d="M1 1z"/></svg>'
    html = f'<label>{MAGNIFY}</label><a>{MAGNIFY}</a>{other}'
    assert sprite.use(html, "../../") == (
        '<label><svg viewBox="0 0 24 24"><use href="../../assets/timeline-icons.svg#material-magnify"/></svg></label>'
        '<a><svg viewBox="0 0 24 24"><use href="../../assets/timeline-icons.svg#material-magnify"/></svg></a>' + other)


def test_icon_names_follow_the_configuration() -> None:
    names = icon_names({"logo": "material/timeline", "repo": "fontawesome/brands/github", "odd": 3},
                       [{"toggle": {"icon": "material/weather-night"}}, {"toggle": {"icon": "../x"}}],
                       [{"icon": "fontawesome/brands/mastodon", "link": "https://example.org"}])
    for name in ("material/timeline", "fontawesome/brands/github", "material/weather-night",
                 "fontawesome/brands/mastodon", "material/magnify", "material/menu", "material/close"):
        assert name in names
    assert "../x" not in names and names == sorted(names)


def test_event_page_draws_the_header_icons_from_the_sprite(shipped_site: Built) -> None:
    html = shipped_site.page(EVENT)
    header = html[html.index("<header"):html.index("</header>")]
    uses = _USE.findall(html)
    assert {symbol for _box, _href, symbol in uses} >= {"material-magnify", "material-close", "material-menu"}
    assert "<path" not in header, "an icon of the header is still drawn inline"
    sprite = (shipped_site.site / SPRITE).read_text(encoding="utf-8")
    symbols = dict(re.findall(r'<symbol id="([^"]+)"( viewBox="[^"]+")>', sprite))
    for box, href, symbol in uses:
        assert href == "../../" + SPRITE  # relative to the page, as every link of the theme
        assert symbols[symbol] == box  # the same viewBox as the inline drawing had
    # The symbol is the theme's own drawing of the icon.
    magnify = re.fullmatch(r'<svg[^>]*>(.*)</svg>', _material_icon("material/magnify"), re.S)
    assert magnify is not None
    assert f'<symbol id="material-magnify" viewBox="0 0 24 24">{magnify[1]}</symbol>' in sprite


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_reader_sees_the_icons(new_page: Any, base_url: str, width: int) -> None:
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(base_url + EVENT, wait_until="load")
    # Every icon on screen: a use whose drawing the browser loaded has the drawing's size.
    drawn = page.wait_for_function("""() => {
        const shown = [...document.querySelectorAll('svg > use')].filter(u => u.closest('svg').getBoundingClientRect().width > 0);
        const sizes = shown.map(u => [u.getAttribute('href').split('#')[1], u.getBBox().width]);
        return sizes.length >= 3 && sizes.every(([, w]) => w > 0) && sizes;
    }""").json_value()
    names = {name for name, _ in drawn}
    assert "material-magnify" in names
    assert ("material-menu" in names) == (width < 1220)  # the drawer's button, on narrow screens
