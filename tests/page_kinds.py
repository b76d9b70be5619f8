"""The kinds of page a built site has, derived from the site itself so that a new kind of page
(a new generated view, a new hand-written page) is covered by the checks that use it without
anyone listing it.

A page's kind is its address with the record slot generalised (`actors/russia/` and
`actors/iran/` are both `actors/*`) together with the class of our template's outermost element
(`tl-actor`; `actors/relations/` is `actors/*` too, but a `tl-index`). Hand-written pages at the
top (About, Contributing, Data format, Security, Performance) are each a kind of their own, as
are the home page, the 404 page and redirect pages (`refresh`).
"""

from __future__ import annotations

import re
from pathlib import Path

# Our templates put one of these classes on the element that holds the page's own content.
OUTER = re.compile(r'<(?:article|section) class="(tl-[a-z-]+)')
REFRESH = re.compile(r'<meta http-equiv="refresh"', re.I)


def url_of(site: Path, html: Path) -> str:
    """The site-relative address a reader types: 'actors/russia/', '404.html', ''."""
    relative = html.relative_to(site).as_posix()
    return relative.removesuffix("index.html") if relative.endswith("index.html") else relative


def kind_of(url: str, html: str) -> tuple[str, str]:
    parts = url.strip("/").split("/")
    pattern = "/".join(parts[:-1] + ["*"]) if len(parts) > 1 else url
    if REFRESH.search(html):
        return pattern, "refresh"
    outer = OUTER.search(html)
    return pattern, outer.group(1) if outer else "prose"


def page_kinds(site: Path) -> dict[tuple[str, str], str]:
    """One address per kind of page, keyed by kind: the kind's largest page (the most text and
    the longest tables, so the likeliest to overflow), the first by address among equals."""
    largest: dict[tuple[str, str], tuple[int, str]] = {}
    for html in sorted(site.rglob("*.html")):
        url, text = url_of(site, html), html.read_text(encoding="utf-8")
        kind = kind_of(url, text)
        if kind not in largest or len(text) > largest[kind][0]:
            largest[kind] = (len(text), url)
    return {kind: url for kind, (_, url) in sorted(largest.items())}
