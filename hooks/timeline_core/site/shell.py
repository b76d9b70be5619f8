"""Whole theme pages rendered once per kind of page, then filled in (speed, issue #11).

Every generated page outside the nav in one folder goes through the theme's page template
(Material's base.html under overrides/main.html) with the same nav, header, sidebars, footer
and scripts; what differs from page to page is a handful of strings: its title, description,
canonical address, edit address and content. Rendering the template costs about as much as
our own rendering of the content, so for each kind of page (`key`: its folder and every other
input the template reads) the template is rendered once with markers in place of those
strings (a "shell"), and each further page is the shell with its own strings put in.

Nothing is trusted: a shell is kept only once filling it for a second page gave exactly the
bytes a full render of that page gave (else that key is always rendered in full), and a page
whose strings the theme would print in more than one way (a title whose tags or entities
`striptags` would change) is rendered in full. The markers hold a NUL, which the loader
refuses in every data file, so no page's own text can contain one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

from markupsafe import Markup, escape

FIELDS = ("title", "description", "canonical", "edit", "content")
# Text fields are printed as they are and through `striptags|e`; addresses as they are and `e`.
_TEXT = ("title", "description")
_ADDRESSES = ("canonical", "edit")

Values = Mapping[str, str | None]


def marker(field: str) -> str:
    return f"\x00tl-{field}\x00"


def markers(values: Values) -> dict[str, str | None]:
    """The values a shell is rendered with: a marker for each field the page has. A content
    that holds a level-1 heading keeps that mark (Material adds a heading to pages without)."""
    marked: dict[str, str | None] = {field: marker(field) if values.get(field) else None for field in FIELDS}
    if "<h1" in (values.get("content") or ""):
        marked["content"] = "<h1" + marker("content")
    return marked


def plain(values: Values) -> bool:
    """Whether every string prints the same whichever way the theme prints it."""
    for field in FIELDS:
        value = values.get(field)
        if value and "\x00" in value:
            return False
    for field in _TEXT:
        value = values.get(field)
        if value and str(escape(Markup(value).striptags())) != value:
            return False
    return all(not values.get(field) or str(escape(values[field])) == values[field] for field in _ADDRESSES)


def shape(values: Values) -> tuple[Hashable, ...]:
    """Which fields a page has (the template prints some only when set), and whether its
    content holds a level-1 heading: part of every key."""
    return (*(bool(values.get(field)) for field in FIELDS), "<h1" in (values.get("content") or ""))


def fill(shell: str, values: Values) -> str:
    """The shell with a page's strings in place of the markers (the content last, so that no
    marker inside another field's text could be reached)."""
    html = shell
    for field in FIELDS[:-1]:
        value = values.get(field)
        if value:
            html = html.replace(marker(field), value)
    content = values.get("content") or ""
    mark = "<h1" + marker("content") if "<h1" in content else marker("content")
    return html.replace(mark, content)


class Shells:
    """One build's shells: made with the build's Site, never kept between builds."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, str] = {}
        self._candidates: dict[Hashable, str] = {}
        self._refused: set[Hashable] = set()
        self.filled = 0  # pages made from a shell (reported by tests)

    def page(self, key: Hashable, values: Values, render: Callable[[Values], str]) -> str:
        """The page's HTML. `render(values)` renders the theme's template in full with those
        strings in place of the page's own."""
        if not plain(values):
            return render(values)
        key = (key, shape(values))
        shell = self._kept.get(key)
        if shell is not None:
            self.filled += 1
            return fill(shell, values)
        html = render(values)
        if key in self._refused:
            return html
        candidate = self._candidates.pop(key, None)
        if candidate is None:
            self._candidates[key] = render(markers(values))
        elif fill(candidate, values) == html:
            self._kept[key] = candidate
        else:
            self._refused.add(key)
        return html
