"""The theme's icons drawn once, in one file, instead of inline in every page (size, issue #11).

Material prints each icon of its header and navigation as inline SVG: on a generated page that
is eleven drawings and about 2.8 KB (an eighth of an event page, more of its gzip size, as
numbers in paths compress poorly). The icons the theme can print there (the defaults of its
`theme.icon` settings, as its templates name them, the colour toggles and the social links in
the configuration) are gathered into one sprite, `assets/timeline-icons.svg`, which the browser
fetches once; in the theme blocks shared by generated pages (the hook's `shared`), each inline
drawing that is exactly one of those icons becomes a `<use>` of its symbol. Any other drawing
stays as it was, so an icon this list does not know costs bytes, never a missing picture.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

SPRITE = "assets/timeline-icons.svg"

# Material 9.8's templates: `config.theme.icon.<key> or "<default>"` (partials/*.html).
DEFAULTS = {
    "logo": "material/library", "menu": "material/menu", "search": "material/magnify",
    "share": "material/share-variant", "close": "material/close", "previous": "material/arrow-left",
    "next": "material/arrow-right", "top": "material/arrow-up", "edit": "material/file-edit-outline",
    "view": "material/file-eye-outline", "repo": "fontawesome/brands/git-alt",
    "alternate": "material/translate",
}
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*")
# What Material's icon files hold: one <svg> with a viewBox, the drawing inside.
_ICON = re.compile(r'<svg( xmlns="http://www\.w3\.org/2000/svg")?( viewBox="[0-9. ]+")>(.*)</svg>', re.DOTALL)


def icon_names(theme_icon: Mapping[str, Any] | None, palette: Any, social: Any) -> list[str]:
    """The icons the theme's header, navigation and footer can print with this configuration."""
    names = set(DEFAULTS.values())
    names.update(value for value in (theme_icon or {}).values() if isinstance(value, str))
    for scheme in palette if isinstance(palette, list) else [palette]:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        if isinstance(toggle, dict) and isinstance(toggle.get("icon"), str):
            names.add(toggle["icon"])
    for link in social if isinstance(social, list) else []:
        if isinstance(link, dict) and isinstance(link.get("icon"), str):
            names.add(link["icon"])
    return sorted(name for name in names if _NAME.fullmatch(name))


@dataclass
class Sprite:
    """The icons found, as the theme prints them (the file's text) -> (its viewBox attribute,
    its symbol id); and the sprite file's text."""

    ids: dict[str, tuple[str, str]] = field(default_factory=dict)
    text: str = ""

    @classmethod
    def make(cls, names: Iterable[str], read: Callable[[str], str | None]) -> Sprite:
        """`read(name)`: the theme's file `.icons/<name>.svg` as its templates include it, or
        None. Names are checked here (`_NAME`), so no name reaches outside that folder."""
        sprite, symbols = cls(), []
        for name in names:
            drawing = read(name) if _NAME.fullmatch(name) else None
            if drawing is None or drawing in sprite.ids:
                continue
            found = _ICON.fullmatch(drawing)
            if found is None:
                continue
            symbol = escape(name.replace("/", "-"))
            sprite.ids[drawing] = (found[2], symbol)
            symbols.append(f'<symbol id="{symbol}"{found[2]}>{found[3]}</symbol>')
        if symbols:
            sprite.text = '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n"
        return sprite

    def use(self, html: str, root: str) -> str:
        """`html` with every inline drawing of a known icon replaced by a use of its symbol;
        `root`: the site's root relative to the page ('../../')."""
        for drawing, (box, symbol) in self.ids.items():
            if drawing in html:
                html = html.replace(drawing, f'<svg{box}><use href="{escape(root)}{SPRITE}#{symbol}"/></svg>')
        return html
