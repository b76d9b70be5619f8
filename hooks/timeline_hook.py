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
import posixpath
import re
import shutil
from html import escape
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from timeline_core.site.compact import compact_html
from timeline_core.site.feeds import feed_of
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.model import Dataset
from timeline_core.reading.problems import DataError, Problem, visible
from timeline_core.site.outputs import Made, Publication, made_bytes
from timeline_core.site.pages import INDEX_PAGES, PagePlan
from timeline_core.site.periods import PERIOD_LIMIT
from timeline_core.site.redirects import render_redirects
from timeline_core.reading.reuse import EventReuse
from timeline_core.site.search import RECORD_KINDS, search_entries
from timeline_core.site.search_shards import INDEX as SEARCH_INDEX, search_files
from timeline_core.site.theme_walk import listed, visible_files
from timeline_core.site.memo import Slot
from timeline_core.site.render import Site, render_problems
from timeline_core.reading.tree import preview_copy, unsafe_entries
from timeline_core.site.urls import quote_path, safe_web_url

if TYPE_CHECKING:  # memory: the preview's server (3.4 MB of modules) is imported only to serve
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger("timeline")
# Under serve, problems are printed outside the `mkdocs` logger tree, which strict mode counts.
serve_log = logging.getLogger("timeline.serve")
PROCESS = {"command": "build"}  # set by on_startup, once per process

DATA_FOLDERS = ("actors/", "locations/")  # inside docs/: pages we render ourselves


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
    # MkDocs lists the theme's static files through the environment it gets here: see _theme_env.
    config.theme.get_env = partial(_theme_env, config.theme.get_env)  # type: ignore[method-assign]
    return config


def _theme_env(get_env: Callable[[], jinja2.Environment]) -> jinja2.Environment:
    """The theme's Jinja environment, listing its files without walking hidden folders
    (timeline_core.site.theme_walk: Material's 14,000 icons, which MkDocs would leave out after
    matching each against its patterns). Only for the file-system loader MkDocs makes."""
    env = get_env()
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        env.list_templates = lambda extensions=None, filter_func=None: listed(  # type: ignore[method-assign]
            visible_files(loader.searchpath, loader.followlinks), extensions, filter_func)
    return env


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
        config.docs_dir = str(preview_copy(docs))


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
        written = search_files(plugin_index, search_entries(site.index))
        for name, text in written.items():
            target = Path(config.site_dir) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        _remove_old_search_folders(Path(config.site_dir) / "search", {Path(name).parent.name for name in written})


def _remove_old_search_folders(search: Path, current: set[str]) -> None:
    """The search's files sit in a folder named by their digest: a dirty build (the preview)
    does not clean site_dir, so the folders of earlier builds go here."""
    for folder in search.iterdir():
        if folder.is_dir() and not folder.is_symlink() and folder.name not in current and re.fullmatch(r"[0-9a-f]{12}", folder.name):
            shutil.rmtree(folder)


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
    layout = Layout(root, actors=_repo_path(config, "actors"), locations=_repo_path(config, "locations"))
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
        return _problem_files(files, config)
    folders = {"actors": layout.actors, "locations": layout.locations, "seeds": layout.seeds}
    publication = Publication(config.site_name, config.site_description or "", _address(config))
    site = Site(dataset, _templates(config, root), folders, publication, _events_per_page(config))
    config.timeline_site = site  # type: ignore[attr-defined]
    config.timeline_problems = []  # type: ignore[attr-defined]

    _remove_data_pages(files)
    generated = [_generated_file(plan, config) for plan in site.plans]
    # Old addresses of renamed records: static pages, so out of the nav, sitemap and search.
    redirects = [
        File.generated(config, path, content=html)
        for path, html in render_redirects(site.env, dataset, config.site_url, config.use_directory_urls)
    ]
    generated += redirects
    generated += [_DataFile.made(config, path, make) for path, make in site.data_makers().items()]
    taken = {file.dest_uri: file.src_uri for file in files}
    clashes = []
    for file in generated:  # compared by output path: docs/actors.md would land on actors/
        if file.dest_uri in taken:
            why = " (the old address of a record's former_ids)" if file in redirects else ""
            clashes.append(visible(_repo_path(config, taken[file.dest_uri])) + why)
        taken[file.dest_uri] = file.src_uri
    if clashes:
        raise PluginError(
            "generated pages would replace hand-written ones: " + ", ".join(clashes)
            + "; rename or remove them"
        )
    for file in generated:
        files.append(file)
    return files


class _DataFile(File):
    """An export, feed or index, made when MkDocs writes it (it copies static files one at a
    time) and written piece by piece: a build never holds them all (memory: at 1,000 events
    they took about 10 MB held, events.json alone 13 MB while it was made whole)."""

    _make: Callable[[], Made]

    @classmethod
    def made(cls, config: MkDocsConfig, path: str, make: Callable[[], Made]) -> _DataFile:
        file = cls.generated(config, path, content=b"")
        assert isinstance(file, cls)
        file._make = make
        return file

    @property  # type: ignore[override, misc]
    def content_bytes(self) -> bytes:
        return b"".join(made_bytes(self._make()))

    @property  # type: ignore[override, misc]
    def content_string(self) -> str:
        return self.content_bytes.decode("utf-8")

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        target = Path(self.abs_dest_path)
        if dirty:
            # The preview: most files come out as the last build left them (an edit touches a
            # few feeds), and rewriting a file costs more than reading it (ext4 flushes a file
            # rewritten in place on close).
            data = self.content_bytes
            if not _holds(target, data):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            out.writelines(made_bytes(self._make()))


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at path holds exactly these bytes."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


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
    page.meta = _meta(plan.title, plan.description, plan.searchable and plan.kind not in RECORD_KINDS)


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
            return render_problems(_templates(config, root), config.timeline_problems)  # type: ignore[attr-defined]
        return html
    site: Site = config.timeline_site  # type: ignore[attr-defined]
    plan = site.by_uri.get(page.file.src_uri)
    if plan is not None:
        page.meta["feed"] = feed_of(plan.kind, plan.id)  # for the <link rel="alternate"> in main.html
        if _searched(page):  # the search plugin reads it before the theme's template
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
    if plan is not None and not _searched(page):
        page.content = site.render(plan, page.url, page.edit_url)
    folder = _outside_nav_folder(site, config.timeline_above, page)  # type: ignore[attr-defined]
    if folder is not None:
        # overrides/main.html prints this instead of rendering the theme's page (shell.py).
        context["timeline_output"] = site.shells.page(
            _shell_key(page, folder), _shell_values(page), partial(_render_theme, config.timeline_env, context, page))  # type: ignore[attr-defined]
    return context


def _shell_key(page: Page, folder: str) -> tuple[str, str, str | None]:
    """What the theme's page template reads of a page outside the nav besides the strings the
    shell leaves out: its folder (relative links), what it hides, its feed's relative link."""
    feed = page.meta.get("feed")
    return folder, repr(page.meta.get("hide")), posixpath.relpath(feed, page.url) if feed else None


def _shell_values(page: Page) -> dict[str, str | None]:
    return {"title": page.meta.get("title"), "description": page.meta.get("description"),
            "canonical": page.canonical_url, "edit": page.edit_url, "content": page.content}


def _render_theme(env: Any, context: dict[str, Any], page: Page, values: Mapping[str, str | None]) -> str:
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


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    site = getattr(config, "timeline_site", None)
    if site is not None and page.file.src_uri in site.by_uri and not _searched(page):
        page.content = None  # written: nothing reads it again this build
    return output


def _searched(page: Page) -> bool:
    """Whether Material's search plugin reads the page's HTML (it skips `search: exclude`)."""
    return not (page.meta.get("search") or {}).get("exclude")


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    site = getattr(config, "timeline_site", None)
    if site is not None and not config.timeline_problems:  # type: ignore[attr-defined]
        above = _folders_above(files)
        config.timeline_above = above  # type: ignore[attr-defined]
        config.timeline_env = env  # type: ignore[attr-defined]
        env.globals["timeline_shared"] = lambda page, block: _shared(site, above, page, block)
    return env


def _outside_nav_folder(site: Site, above: set[str], page: Page | None) -> str | None:
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


def _shared(site: Site, above: set[str], page: Page | None, block: str) -> Slot | None:
    """The memo of one of the theme's blocks (overrides/main.html) for a generated page outside
    the nav (see _outside_nav_folder), or None: render it as usual."""
    folder = _outside_nav_folder(site, above, page)
    if folder is None or page is None:
        return None
    # The header prints the page's title (front matter), and nothing else of the page's.
    title = page.meta.get("title") if block == "header" else None
    if block == "header" and not isinstance(title, str):
        return None
    # Squeezed once here, the theme's indentation and blank lines leave every such page.
    return site.pieces.slot(("theme", block, folder, repr(page.meta.get("hide"))), varying=title,
                            prepare=compact_html)


def _folders_above(files: Files) -> set[str]:
    """Every folder URL that holds a page ('actors/' for actors/x/)."""
    above: set[str] = set()
    for file in files.documentation_pages():
        parts = file.url.rstrip("/").split("/")[:-1]
        above.update("/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1))
    return above


def _generated_file(plan: PagePlan, config: MkDocsConfig) -> File:
    in_nav = plan.kind.endswith("-index")
    file = File.generated(
        config, plan.src_uri, content="",  # its source is its plan (_read_plan)
        inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV,
    )
    file.edit_uri = _edit_uri(config, plan.edit_path) if plan.edit_path else None
    return file


def _events_per_page(config: MkDocsConfig) -> int:
    """`extra: {events_per_page: N}` in mkdocs.yml: the most events one page lists (the
    timeline's and every record's; see timeline_core/site/record_periods.py)."""
    value = config.extra.get("events_per_page", PERIOD_LIMIT)
    if type(value) is not int or value < 1:
        raise PluginError(f"mkdocs.yml: 'extra.events_per_page': expected a whole number of at least 1, got {value!r}")
    return value


def _address(config: MkDocsConfig) -> str:
    """The site's URL ending in '/', or '' when site_url is not set."""
    url = config.site_url or ""
    return url if not url or url.endswith("/") else url + "/"


def _remove_data_pages(files: Files) -> None:
    for file in list(files):
        if file.src_uri.startswith(DATA_FOLDERS):
            files.remove(file)  # strangers' pages: re-rendered from their checked records


def _problem_files(files: Files, config: MkDocsConfig) -> Files:
    """Under serve with broken data: the nav's generated pages, each showing the problems."""
    _remove_data_pages(files)
    for uri, (_kind, title, _text) in INDEX_PAGES.items():
        files.append(File.generated(config, uri, content=_front_matter(title, "Data problems")))
    return files


def _templates(config: MkDocsConfig, root: Path) -> Path:
    return Path(config.theme.custom_dir or root / "overrides") / "timeline"


def _meta(title: str, description: str, searchable: bool = True) -> dict[str, Any]:
    """A generated page's front matter. Material prints page titles unescaped: they are
    escaped here."""
    meta: dict[str, Any] = {"title": escape(title), "description": escape(description)}
    if not searchable:
        meta["search"] = {"exclude": True}
    meta["hide"] = ["toc"]
    return meta


def _front_matter(title: str, description: str) -> str:
    """_meta as YAML, for a page MkDocs reads. JSON strings are valid YAML, but not JSON's
    surrogate pairs ("\ud83d\ude00"): characters outside the Basic Multilingual Plane are
    written as they are, or MkDocs would silently drop the whole front matter."""
    return "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in _meta(title, description).items()) + "---\n"


def _repo_path(config: MkDocsConfig, docs_path: str) -> str:
    """A path inside docs_dir as the repository names it: 'actors' -> 'docs/actors'."""
    root = Path(config.config_file_path).parent.resolve()
    return (_docs_dir(config) / docs_path).relative_to(root).as_posix()


def _docs_dir(config: MkDocsConfig) -> Path:
    """The project's docs folder (under serve, config.docs_dir may be a copy: on_pre_build)."""
    return Path(getattr(config, "timeline_docs_dir", None) or config.docs_dir).resolve()


def _edit_uri(config: MkDocsConfig, repo_path: str) -> str:
    """A repository path as MkDocs' edit_uri wants it: relative to docs_dir, so that Material's
    edit button (page.edit_url) points at the data file: '../events/x.yml'."""
    root, docs = _edit_base(config)
    return quote_path(Path(os.path.relpath(os.path.join(root, repo_path), docs)).as_posix())


def _edit_base(config: MkDocsConfig) -> tuple[str, str]:
    """The project's root and docs folder, resolved once per build (config is the build's):
    resolving them for every generated page took a tenth of a preview rebuild."""
    base: tuple[str, str] | None = getattr(config, "timeline_edit_base", None)
    if base is None:
        base = (str(Path(config.config_file_path).parent.resolve()), str(_docs_dir(config)))
        config.timeline_edit_base = base  # type: ignore[attr-defined]
    return base
