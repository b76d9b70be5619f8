"""MkDocs hooks for the incremental preview (`make serve` runs `mkdocs serve --dirty`): wiring
only; the decisions are in `timeline_core.site.incremental`.

In a dirty build MkDocs re-renders only the pages whose `File.is_modified()` says so and does
not clean site_dir. This hook answers that question for every page (from fingerprints of what
each page shows), then makes everything MkDocs writes outside its page loop equal a full build:
the search plugin's entries of the pages it did not see are kept, and the files of deleted or
renamed records are removed. Runs after the timeline hook (listed after it in mkdocs.yml),
whose Site it reads. Outside `serve --dirty` it does nothing.

Two shortcuts keep an edit's cost near what it changes: events of unchanged files are not
parsed again (timeline_core.reading.reuse), and after an edit of events' text alone only the pages
that held those events are fingerprinted (incremental.text_edit_pages).

The state between builds is files beside site_dir, never module state (serve keeps hooks
loaded). The one exception is whether this process serves dirty (set once, at start-up).
"""

from __future__ import annotations

from importlib.metadata import version
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from timeline_core.site.incremental import (
    Fingerprints, State, held_by, modified_pages, merged_search_entries, pages_by_event, remove_outputs, save_state,
    stale_outputs, take_state, text_edit_pages, tree_digest,
)
from timeline_core.site.render import PIECES, Site
from timeline_core.reading.reuse import EventReuse, load_reuse, save_reuse
from timeline_files import preview_folder

PROCESS = {"incremental": False}  # set by on_startup, once per process
HOME = "index.html"  # the home page's output: the timeline joins it (timeline_hook.on_page_context)


@dataclass
class _Build:
    """This build's decisions, handed from on_files to on_post_build on the config."""

    folder: Path
    previous: State
    state: State
    files: Files
    rebuilt: set[str]  # src_uri of the pages rendered this time
    site: Site | None


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build "will likely lead to inaccurate navigation": not here,
    where any change that could touch the navigation rebuilds every page. Kept, the warning
    would fail every preview build of a strict site (and MkDocs then holds every request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


def on_startup(command: str, dirty: bool) -> None:
    PROCESS["incremental"] = command == "serve" and dirty
    builder_log = logging.getLogger("mkdocs.commands.build")
    if PROCESS["incremental"] and not any(isinstance(f, _DirtyNotice) for f in builder_log.filters):
        builder_log.addFilter(_DirtyNotice())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Read by the timeline hook's on_files, which loads the dataset (before ours runs).
    if PROCESS["incremental"]:
        config.timeline_reuse = load_reuse(preview_folder(config))  # type: ignore[attr-defined]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if PROCESS["incremental"]:
        config.timeline_preview = _plan(files, config)  # type: ignore[attr-defined]
    return files


def _plan(files: Files, config: MkDocsConfig) -> _Build:
    """Fingerprint the pages, compare with the last build's, and mark the pages to render."""
    folder = preview_folder(config)
    previous = take_state(folder)
    site: Site | None = None if getattr(config, "timeline_problems", None) else getattr(config, "timeline_site", None)
    state = State()  # its context stays None after a build with data problems: the next one is full
    views: dict[str, tuple[str, dict[str, Any]]] = {}
    reuse: EventReuse | None = getattr(config, "timeline_reuse", None)
    if site is not None:
        site.markdown.remember(previous.markdown)
        site.env.bytecode_cache = _compiled_templates(folder)
        state.context = _context(config, files, site)
        views = _fingerprint_pages(site, files, previous, state, reuse)
        if reuse is not None:  # events' text in the data files, kept while the context holds
            reuse.piece_context = state.context
            site.kept_pieces = reuse.piece
    changed = modified_pages(previous, state.context, state.pages)
    rebuilt = set()
    for file in files.documentation_pages():
        modified = changed is None or file.src_uri in changed or not Path(file.abs_dest_path).is_file()
        _mark(file, modified)
        if modified:
            rebuilt.add(file.src_uri)
    if site is not None:
        site.kept_views = {uri: view for uri, view in views.items() if uri in rebuilt}
    return _Build(folder, previous, state, files, rebuilt, site)


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    build: _Build | None = getattr(config, "timeline_preview", None)
    if build is not None:
        env.bytecode_cache = _compiled_templates(build.folder)
    return env


def _compiled_templates(folder: Path) -> jinja2.BytecodeCache:
    """Every build makes new Jinja environments, which would compile every template again
    (the theme's and ours: a good part of a small rebuild). Jinja keys its cache by the
    template's source, so an edited template is compiled afresh."""
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder / "templates"))


def _fingerprint_pages(site: Site, files: Files, previous: State, state: State,
                       reuse: EventReuse | None) -> dict[str, tuple[str, dict[str, Any]]]:
    """Set state.pages (a digest of each page's view) and state.shows (the pages whose view
    holds each event); return the views worked out. After an edit of events' text alone, only
    the pages that held those events are looked at (incremental.text_edit_pages), the others
    keep their digests; events of unchanged files keep theirs too (reuse.py)."""
    digest = Fingerprints()
    if reuse is not None:
        for event, known in reuse.fingerprints():
            digest.seed(event, known)
        reuse.remember_fingerprints(digest.object_digest)
    pages = _page_views(site, files)
    looked_at: set[str] | None = None
    if previous.context == state.context and previous.pages.keys() == pages.keys():
        looked_at = text_edit_pages(previous, reuse.edited() if reuse is not None else None, digest)
    views, shown = {}, {}
    for uri in pages if looked_at is None else sorted(looked_at & pages.keys()):
        views[uri] = pages[uri]()
        state.pages[uri] = digest.of(views[uri])
        shown[uri] = digest.shown
    if looked_at is None:
        state.shows = pages_by_event(shown, list(state.pages))
    elif shown == held_by(previous.shows, list(previous.pages), shown.keys()):
        state.pages = {uri: state.pages.get(uri, known) for uri, known in previous.pages.items()}
        state.shows = previous.shows
    else:  # the text edit changed which events a page holds after all: look at every page
        state.pages = {}
        return _fingerprint_pages(site, files, State(), state, None)
    return {uri: view for uri, view in views.items() if uri in site.by_uri}


def _page_views(site: Site, files: Files) -> dict[str, Callable[[], Any]]:
    """Per page, how to work out its view model. Hand-written pages have none (the context
    covers them) but the home page, which shows the latest period of the timeline."""
    views: dict[str, Callable[[], Any]] = {plan.src_uri: partial(site.page_view, plan) for plan in site.plans}
    home = next((f for f in files.documentation_pages() if f.dest_uri == HOME), None)
    if home is not None and home.src_uri not in views:
        views[home.src_uri] = site.timeline_view
    return views


def _context(config: MkDocsConfig, files: Files, site: Site) -> str:
    """Everything a page can show besides its own view: the configuration, the hand-written
    pages and assets, the theme (with our templates), and what templates look up by id."""
    docs = Path(config.docs_dir).resolve()
    own_files = [Path(f.abs_src_path) for f in files if f.abs_src_path and Path(f.abs_src_path).is_relative_to(docs)]
    # The theme's own files change only with its version; our overrides with any edit.
    theme = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    # `pieces` and PIECES: this build's memos of rendered HTML (memo.py, render.py), outputs
    # rather than inputs (what they render comes from the templates, digested above).
    lookups = {name: value for name, value in site.env.globals.items() if name not in ("ds", "pieces", *PIECES)}
    dataset = site.dataset
    return Fingerprints().of((
        tree_digest([Path(config.config_file_path), *theme, *own_files]),
        [version("mkdocs-material"), version("mkdocs"), config.theme.name, config.site_url, config.repo_url, config.edit_uri, config.site_name, config.site_description,
         config.use_directory_urls, config.docs_dir, sorted(f.src_uri for f in files)],
        dataset.actors, dataset.locations, dataset.seeds, len(dataset.events), lookups,
        site.publication,
    ))


def _mark(file: File, modified: bool) -> None:
    # MkDocs asks File.is_modified() only in dirty builds (skip the page, or copy the file).
    # A generated page would always say yes (it has content), a hand-written one compares
    # modification times, which say nothing of the data it shows: answer for both.
    file.is_modified = lambda: modified  # type: ignore[method-assign]


@event_priority(50)  # before the search plugin writes its index (priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    build: _Build | None = getattr(config, "timeline_preview", None)
    if build is None:
        return
    pages = [f for f in build.files.documentation_pages() if f.page is not None]
    build.state.search = _keep_search_entries(config, build, pages)
    outputs = [f.dest_uri for f in build.files if f.inclusion.is_in_serve()]
    remove_outputs(Path(config.site_dir), stale_outputs(build.previous.outputs, outputs))
    build.state.outputs = outputs
    if build.site is not None:
        build.state.markdown = build.site.markdown.rendered()
    reuse: EventReuse | None = getattr(config, "timeline_reuse", None)
    if reuse is not None:
        save_reuse(build.folder, reuse)
    save_state(build.folder, build.state)


def _keep_search_entries(config: MkDocsConfig, build: _Build, pages: list[File]) -> list[dict[str, Any]]:
    """Material's search plugin indexes the pages it renders: in a dirty build, only those.
    Its own dirty-reload merge assumes one page per build; ours puts every page's entries
    back in the order of a full build (plugin internals of Material 9.8)."""
    plugin: Any = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if index is None:
        return []
    plugin.search_index_prev = None
    urls = [f.page.url for f in pages if f.page is not None]
    rebuilt = {f.page.url for f in pages if f.page is not None and f.src_uri in build.rebuilt}
    index.entries = merged_search_entries(build.previous.search, index.entries, urls, rebuilt)
    return list(index.entries)
