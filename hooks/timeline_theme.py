"""The theme's part in generated pages: Material's environment listing its files quickly,
and the pages outside the nav made from one shell per folder (timeline_core/site/shell.py) or
from memos of the theme's blocks (timeline_core/site/memo.py). Part of the hook (it knows
MkDocs' pages); the work is in `timeline_core`.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from timeline_core.site.compact import compact_html
from timeline_core.site.memo import Slot
from timeline_core.site.render import Site
from timeline_core.site.theme_walk import listed, visible_files


def theme_env(get_env: Callable[[], jinja2.Environment]) -> jinja2.Environment:
    """The theme's Jinja environment, listing its files without walking hidden folders
    (timeline_core.site.theme_walk: Material's 14,000 icons, which MkDocs would leave out after
    matching each against its patterns). Only for the file-system loader MkDocs makes."""
    env = get_env()
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        env.list_templates = lambda extensions=None, filter_func=None: listed(  # type: ignore[method-assign]
            visible_files(loader.searchpath, loader.followlinks), extensions, filter_func)
    return env


def shell_key(page: Page, folder: str) -> tuple[str, str, str | None]:
    """What the theme's page template reads of a page outside the nav besides the strings the
    shell leaves out: its folder (relative links), what it hides, its feed's relative link."""
    feed = page.meta.get("feed")
    return folder, repr(page.meta.get("hide")), posixpath.relpath(feed, page.url) if feed else None


def shell_values(page: Page) -> dict[str, str | None]:
    return {"title": page.meta.get("title"), "description": page.meta.get("description"),
            "canonical": page.canonical_url, "edit": page.edit_url, "content": page.content}


def render_theme(env: Any, context: dict[str, Any], page: Page, values: Mapping[str, str | None]) -> str:
    """The theme's page template rendered in full, with these strings in place of the page's."""
    saved = dict(page.meta), page.canonical_url, page.edit_url, page.content
    try:
        page.meta["title"], page.meta["description"] = values["title"], values["description"]
        page.canonical_url, page.edit_url, page.content = values["canonical"], values["edit"], values["content"]
        return env.get_template("main.html").render(context)
    finally:
        page.meta.clear()
        page.meta.update(saved[0])
        page.canonical_url, page.edit_url, page.content = saved[1:]


def searched(page: Page) -> bool:
    """Whether Material's search plugin reads the page's HTML (it skips `search: exclude`)."""
    return not (page.meta.get("search") or {}).get("exclude")


def outside_nav_folder(site: Site, above: set[str], page: Page | None) -> str | None:
    """The folder of a generated page outside the nav whose theme blocks are the same as every
    such page's in that folder, or None. Nothing in its nav is active, it has no table of
    contents, no previous or next page, so those blocks differ only by the relative links from
    its folder (MkDocs shortens them to the common folder: '../' from actors/x/ to actors/,
    '../../actors/' from events/x/) and what its front matter hides. None when a page lies
    below it: its links to it would differ."""
    if page is None or page.file.src_uri not in site.by_uri or page.file.inclusion.is_in_nav():
        return None
    if page.parent is not None or page.previous_page or page.next_page or any(True for _ in page.toc):
        return None
    if page.url in above:
        return None
    return page.url.rstrip("/").rpartition("/")[0]


def shared(site: Site, above: set[str], page: Page | None, block: str) -> Slot | None:
    """The memo of one of the theme's blocks (overrides/main.html) for a generated page outside
    the nav (see outside_nav_folder), or None: render it as usual."""
    folder = outside_nav_folder(site, above, page)
    if folder is None or page is None:
        return None
    # The header prints the page's title (front matter), and nothing else of the page's.
    title = page.meta.get("title") if block == "header" else None
    if block == "header" and not isinstance(title, str):
        return None
    # Prepared once here: the theme's indentation and blank lines leave every such page, and
    # its icons are drawn from the sprite (timeline_core/site/icons.py).
    root = "../" * page.url.count("/")  # 'events/x/' and 'events/x.html' alike: from the page up to the site
    return site.pieces.slot(("theme", block, folder, root, repr(page.meta.get("hide"))), varying=title,
                            prepare=lambda html: site.sprite.use(compact_html(html), root))


def theme_icon(dirs: list[str], name: str) -> str | None:
    """The theme's `.icons/<name>.svg` as its templates include it: from the first folder of
    the theme that has it (Jinja's loader), less one final line break (Jinja drops it).
    `name` is checked by the caller (icons.Sprite.make)."""
    for folder in dirs:
        path = Path(folder, ".icons", f"{name}.svg")
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            return text[:-1] if text.endswith("\n") else text
    return None


def folders_above(files: Files) -> set[str]:
    """Every folder URL that holds a page ('actors/' for actors/x/)."""
    above: set[str] = set()
    for file in files.documentation_pages():
        parts = file.url.rstrip("/").split("/")[:-1]
        above.update("/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1))
    return above
