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
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from timeline_core.files import Layout, load_dataset
from timeline_core.problems import DataError
from timeline_core.pages import INDEX_PAGES, PagePlan
from timeline_core.render import Site, render_problems

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
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    layout = Layout(root, actors=_repo_path(config, "actors"), locations=_repo_path(config, "locations"))
    try:
        dataset = load_dataset(layout)
    except DataError as error:
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
    site = Site(dataset, _templates(config, root), folders)
    config.timeline_site = site  # type: ignore[attr-defined]
    config.timeline_problems = []  # type: ignore[attr-defined]

    _remove_data_pages(files)
    generated = [_generated_file(plan, config) for plan in site.plans]
    generated += [File.generated(config, path, content=text) for path, text in site.data_files().items()]
    taken = {file.dest_uri: file.src_uri for file in files}
    clashes = []
    for file in generated:  # compared by output path: docs/actors.md would land on actors/
        if file.dest_uri in taken:
            clashes.append(_repo_path(config, taken[file.dest_uri]))
        taken[file.dest_uri] = file.src_uri
    if clashes:
        raise PluginError(
            "generated pages would replace hand-written ones: " + ", ".join(clashes)
            + "; rename or remove them"
        )
    for file in generated:
        files.append(file)
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if config.timeline_problems:  # type: ignore[attr-defined]
        if page.is_homepage or page.file.src_uri in INDEX_PAGES:
            root = Path(config.config_file_path).parent
            return render_problems(_templates(config, root), config.timeline_problems)  # type: ignore[attr-defined]
        return html
    site: Site = config.timeline_site  # type: ignore[attr-defined]
    plan = site.by_uri.get(page.file.src_uri)
    if plan is not None:
        return site.render(plan, page.url, page.edit_url)
    if page.is_homepage:
        return html + site.timeline(page.url)
    return html


def _generated_file(plan: PagePlan, config: MkDocsConfig) -> File:
    in_nav = plan.kind.endswith("-index")
    file = File.generated(
        config, plan.src_uri, content=_front_matter(plan.title, plan.description, plan.searchable),
        inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV,
    )
    file.edit_uri = _edit_uri(config, plan.edit_path) if plan.edit_path else None
    return file


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


def _front_matter(title: str, description: str, searchable: bool = True) -> str:
    # Material prints page titles unescaped: escape them here. JSON strings are valid YAML.
    return (
        f"---\ntitle: {json.dumps(escape(title))}\n"
        f"description: {json.dumps(escape(description))}\n"
        + ("" if searchable else "search: {exclude: true}\n")
        + "hide: [toc]\n---\n"
    )


def _repo_path(config: MkDocsConfig, docs_path: str) -> str:
    """A path inside docs_dir as the repository names it: 'actors' -> 'docs/actors'."""
    root = Path(config.config_file_path).parent.resolve()
    return (Path(config.docs_dir).resolve() / docs_path).relative_to(root).as_posix()


def _edit_uri(config: MkDocsConfig, repo_path: str) -> str:
    """A repository path as MkDocs' edit_uri wants it: relative to docs_dir, so that Material's
    edit button (page.edit_url) points at the data file: '../events/x.yml'."""
    root = Path(config.config_file_path).parent.resolve()
    return Path(os.path.relpath(root / repo_path, Path(config.docs_dir).resolve())).as_posix()
