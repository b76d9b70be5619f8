"""MkDocs hooks for the timeline: wiring only. The work is in the `timeline_core` package,
which never imports MkDocs (so the same pages can feed another builder).

Every build starts from nothing: `mkdocs serve` keeps this module loaded between rebuilds, so
the build's state hangs off that build's `config` object, never off this module. The one
exception is which command this process runs (set once, at start-up, never by a build).

Data problems fail `mkdocs build` with every located message. Under `mkdocs serve` they must
not fail the build: MkDocs empties the preview folder first and then holds every page request
until a build succeeds, so the browser would hang. Instead the preview shows the problems in
place of the timeline (and the terminal prints them), and the next good edit brings it back.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from timeline_core.site.feeds import feed_of
from timeline_core.site.icons import SPRITE, Sprite, icon_names
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.model import Dataset
from timeline_core.reading.problems import DataError, Problem, visible
from timeline_core.site.outputs import Publication
from timeline_core.site.pages import INDEX_PAGES, PagePlan
from timeline_core.site.redirects import render_redirects
from timeline_core.reading.reuse import EventReuse
from timeline_core.site.search import RECORD_KINDS, search_entries
from timeline_core.site.search_shards import INDEX as SEARCH_INDEX, search_files
from timeline_core.site.render import Site, render_problems
from timeline_core.reading.tree import preview_copy, unsafe_entries
from timeline_core.site.urls import safe_web_url
from timeline_files import (
    DataFile, address, events_per_page, generated_file, meta, problem_files, remove_data_pages, repo_path,
    preview_folder, templates, write_search_files,
)
from timeline_theme import (
    folders_above, outside_nav_folder, render_theme, searched, shared, shell_key, shell_values, theme_env, theme_icon,
)

if TYPE_CHECKING:  # memory: the preview's server (3.4 MB of modules) is imported only to serve
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger("timeline")
# Under serve, problems are printed outside the `mkdocs` logger tree, which strict mode counts.
serve_log = logging.getLogger("timeline.serve")
PROCESS = {"command": "build"}  # set by on_startup, once per process


def on_startup(command: str, dirty: bool) -> None:
    PROCESS["command"] = command
    if command == "serve" and not serve_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("ERROR    -  %(message)s"))
        serve_log.addHandler(handler)
        serve_log.propagate = False


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.repo_url:
        config.edit_uri = None  # no repository configured: no edit buttons, and no warning
    published = os.environ.get("TIMELINE_SITE_URL", "")
    if published and not config.site_url:
        # The deploy sets the Pages address here; mkdocs.yml leaves site_url unset so that a
        # local build works from any folder (and a site_url written there wins).
        if not published.startswith(("https://", "http://")):
            raise PluginError(f"TIMELINE_SITE_URL must be an http(s) address, got {published!r}")
        config.site_url = published.rstrip("/") + "/"
    # MkDocs lists the theme's static files through the environment it gets here: see theme_env.
    config.theme.get_env = partial(theme_env, config.theme.get_env)  # type: ignore[method-assign]
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Security: MkDocs walks docs_dir next, following every link (a loop never ends). Links
    and special files there fail a build before that walk; under serve the preview is built
    from a copy without them and shows the problems (see timeline_core.reading.tree)."""
    root = Path(config.config_file_path).parent.resolve()
    docs = Path(config.docs_dir).resolve()
    config.timeline_docs_dir = str(docs)  # type: ignore[attr-defined]
    problems = unsafe_entries(root, docs.relative_to(root).as_posix()) if docs.is_relative_to(root) else []
    config.timeline_tree_problems = problems  # type: ignore[attr-defined]
    if problems and PROCESS["command"] != "serve":
        for problem in problems:
            log.error(str(problem))
        raise PluginError(f"{DataError(problems)}; remove them (MkDocs would follow them)")
    if problems:
        config.docs_dir = str(preview_copy(docs, preview_folder(config)))


def on_post_build(config: MkDocsConfig) -> None:
    # Serve watches config.docs_dir after the first build: the project's folder, not the copy.
    config.docs_dir = config.timeline_docs_dir  # type: ignore[attr-defined]
    # Runs after the search plugin's on_post_build (hooks follow plugins of equal priority):
    # its index of the hand-written pages and the records' entries become the search's small
    # files (timeline_core.site.search_shards), read by our worker in Material's search box.
    site = getattr(config, "timeline_site", None)
    path = Path(config.site_dir) / SEARCH_INDEX
    if site is not None and not config.timeline_problems and path.is_file():  # type: ignore[attr-defined]
        plugin_index = json.loads(path.read_text(encoding="utf-8"))
        write_search_files(Path(config.site_dir), search_files(plugin_index, search_entries(site.index)))


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    """The data folders are watched from here rather than `watch:` in mkdocs.yml, which
    refuses a folder that does not exist.

    Security and speed: MkDocs' file watcher polls with `stat`, which follows links (two links
    to '.' in a watched folder grow its memory without end), and sees an edit only at its next
    poll. Ours (timeline_core.site.watch) is told of changes by the kernel, and never follows links."""
    from timeline_core.site.watch import watchers

    root = Path(config.config_file_path).parent
    for folder in ("events", "seeds"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    # Our templates (overrides/): MkDocs watches a theme only with --watch-theme, which would
    # poll Material's own 14,000 files too; an edit there renders every page again.
    if config.theme.custom_dir and Path(config.theme.custom_dir).is_dir():
        server.watch(config.theme.custom_dir)
    observer = watchers(server.observer.timeout)
    watched = dict(server._watched_paths)  # private to MkDocs 1.6: test_serve_stays_responsive_and_shows_the_links
    server._watched_paths.clear()
    server._watch_refs.clear()
    server.observer = observer  # type: ignore[assignment]
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    layout = Layout(root, actors=repo_path(config, "actors"), locations=repo_path(config, "locations"))
    tree_problems: list[Problem] = config.timeline_tree_problems  # type: ignore[attr-defined]
    try:
        dataset = _load_dataset(layout, getattr(config, "timeline_reuse", None))
        if tree_problems:
            raise DataError(tree_problems)
    except DataError as error:
        reported = {problem.path for problem in tree_problems}
        error = DataError(sorted(set(tree_problems) | {p for p in error.problems if p.path not in reported}))
        if PROCESS["command"] != "serve":
            for problem in error.problems:
                log.error(str(problem))
            raise PluginError(f"{error}; fix the files above (run `make check` to list them again)") from None
        for problem in error.problems:
            serve_log.error(str(problem))
        serve_log.error(f"{error}: the preview shows them until they are fixed")
        config.timeline_problems = error.problems  # type: ignore[attr-defined]
        # The timeline's pages are missing this time: hand-written pages that link to them
        # must not turn the preview into a failed (and so hanging) strict build.
        config.validation.links.not_found = logging.INFO
        return problem_files(files, config)
    folders = {"actors": layout.actors, "locations": layout.locations, "seeds": layout.seeds}
    publication = Publication(config.site_name, config.site_description or "", address(config))
    site = Site(dataset, templates(config, root), folders, publication, events_per_page(config))
    config.timeline_site = site  # type: ignore[attr-defined]
    config.timeline_problems = []  # type: ignore[attr-defined]
    icons = icon_names(config.theme.get("icon"), config.theme.get("palette"), config.extra.get("social"))
    site.sprite = Sprite.make(icons, partial(theme_icon, config.theme.dirs))

    remove_data_pages(files)
    generated = [generated_file(plan, config) for plan in site.plans]
    # Old addresses of renamed records: static pages, so out of the nav, sitemap and search.
    redirects = [
        File.generated(config, path, content=html)
        for path, html in render_redirects(site.env, dataset, config.site_url, config.use_directory_urls)
    ]
    generated += redirects
    if site.sprite.text:
        generated.append(File.generated(config, SPRITE, content=site.sprite.text))
    generated += [DataFile.made(config, path, make) for path, make in site.data_makers().items()]
    taken = {file.dest_uri: file.src_uri for file in files}
    clashes = []
    for file in generated:  # compared by output path: docs/actors.md would land on actors/
        if file.dest_uri in taken:
            why = " (the old address of a record's former_ids)" if file in redirects else ""
            clashes.append(visible(repo_path(config, taken[file.dest_uri])) + why)
        taken[file.dest_uri] = file.src_uri
    if clashes:
        raise PluginError(
            "generated pages would replace hand-written ones: " + ", ".join(clashes)
            + "; rename or remove them"
        )
    for file in generated:
        files.append(file)
    return files


def _load_dataset(layout: Layout, reuse: EventReuse | None = None) -> Dataset:
    """Under serve, an unexpected exception (a bug: every data problem is a DataError) would
    make MkDocs hold every request: the preview shows it instead, and the terminal the trace."""
    if PROCESS["command"] != "serve":
        return load_dataset(layout)
    try:
        return load_dataset(layout, reuse=reuse)  # the preview's parsed events (preview_hook)
    except DataError:
        raise
    except Exception as error:  # noqa: BLE001 - shown, with its traceback in the terminal
        serve_log.exception("the timeline hook failed while reading the data")
        message = f"the timeline's reader failed ({type(error).__name__}); this is a bug: please report it"
        raise DataError([Problem("hooks/timeline_core", 1, 1, message)]) from error


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    # Security: Material prints edit_url into an attribute unescaped, and MkDocs joins it from
    # paths unquoted: every page's address is rebuilt quoted (and only http or https).
    page.edit_url = safe_web_url(page.edit_url)
    site = getattr(config, "timeline_site", None)
    plan = site.by_uri.get(page.file.src_uri) if site is not None and not config.timeline_problems else None  # type: ignore[attr-defined]
    if plan is not None:
        page.read_source = partial(_read_plan, page, plan)  # type: ignore[method-assign]
        page.render = partial(_render_front_matter_only, page, page.render)  # type: ignore[method-assign]
    return page


def _read_plan(page: Page, plan: PagePlan, config: MkDocsConfig) -> None:
    """A generated page's source is its plan: what its front matter would say, with no YAML
    to read (MkDocs reads front matter with PyYAML's pure-Python loader, 1,300 times a build)."""
    page.markdown = ""
    page.meta = meta(plan.title, plan.description, plan.searchable and plan.kind not in RECORD_KINDS)


def _render_front_matter_only(page: Page, render: Callable[[MkDocsConfig, Files], None],
                              config: MkDocsConfig, files: Files) -> None:
    """Speed: MkDocs renders every page's Markdown with a new Python-Markdown instance and all
    the site's extensions (about 1 ms a page). A generated page's Markdown is empty (front
    matter only; its HTML comes from on_page_content): set what rendering nothing sets."""
    if page.markdown and page.markdown.strip():
        render(config, files)
        return
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if config.timeline_problems:  # type: ignore[attr-defined]
        if page.is_homepage or page.file.src_uri in INDEX_PAGES:
            root = Path(config.config_file_path).parent
            return render_problems(templates(config, root), config.timeline_problems)  # type: ignore[attr-defined]
        return html
    site: Site = config.timeline_site  # type: ignore[attr-defined]
    plan = site.by_uri.get(page.file.src_uri)
    if plan is not None:
        page.meta["feed"] = feed_of(plan.kind, plan.id)  # for the <link rel="alternate"> in main.html
        if searched(page):  # the search plugin reads it before the theme's template
            return site.render(plan, page.url, page.edit_url)
        return ""  # rendered in on_page_context: see there
    return html


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    # The timeline joins the home page here, after the search plugin has read the page (hooks
    # run after plugins): its events are in the search index from their records, and the
    # plugin does not re-parse the largest page of the site.
    site = getattr(config, "timeline_site", None)
    if site is None or config.timeline_problems:  # type: ignore[attr-defined]
        return context
    if page.is_homepage:
        page.content = (page.content or "") + site.timeline(page.url)
    plan = site.by_uri.get(page.file.src_uri)
    # Memory: a page the search plugin skips is rendered just before the theme's template and
    # dropped once written (on_post_page), so a build holds one such page's HTML at a time, not
    # every page's (MkDocs renders every page's content before writing the first).
    if plan is not None and not searched(page):
        page.content = site.render(plan, page.url, page.edit_url)
    folder = outside_nav_folder(site, config.timeline_above, page)  # type: ignore[attr-defined]
    if folder is not None:
        # overrides/main.html prints this instead of rendering the theme's page (shell.py).
        context["timeline_output"] = site.shells.page(
            shell_key(page, folder), shell_values(page), partial(render_theme, config.timeline_env, context, page))  # type: ignore[attr-defined]
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    site = getattr(config, "timeline_site", None)
    if site is not None and page.file.src_uri in site.by_uri and not searched(page):
        page.content = None  # written: nothing reads it again this build
    return output


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    site = getattr(config, "timeline_site", None)
    if site is not None and not config.timeline_problems:  # type: ignore[attr-defined]
        above = folders_above(files)
        config.timeline_above = above  # type: ignore[attr-defined]
        config.timeline_env = env  # type: ignore[attr-defined]
        env.globals["timeline_shared"] = lambda page, block: shared(site, above, page, block)
    return env


