"""The files the timeline hook hands MkDocs: generated pages (their plan for a source, their
edit address), the data files made as MkDocs writes them, and where a project's folders are.
Part of the hook (it knows MkDocs); the work is in `timeline_core`.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from timeline_core.reading.tree import own_folder
from timeline_core.site.incremental import state_folder
from timeline_core.site.outputs import Made, made_bytes
from timeline_core.site.pages import INDEX_PAGES, PagePlan
from timeline_core.site.periods import PERIOD_LIMIT
from timeline_core.site.urls import quote_path

DATA_FOLDERS = ("actors/", "locations/")  # inside docs/: pages we render ourselves


class DataFile(File):
    """An export, feed or index, made when MkDocs writes it (it copies static files one at a
    time) and written piece by piece: a build never holds them all (memory: at 1,000 events
    they took about 10 MB held, events.json alone 13 MB while it was made whole)."""

    _make: Callable[[], Made]

    @classmethod
    def made(cls, config: MkDocsConfig, path: str, make: Callable[[], Made]) -> DataFile:
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
            if not holds(target, data):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            out.writelines(made_bytes(self._make()))


def holds(path: Path, data: bytes) -> bool:
    """Whether the file at path holds exactly these bytes."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


_VERSION_FOLDER = re.compile(r"[0-9a-f]{12}")


def write_search_files(site_dir: Path, written: Mapping[str, str]) -> None:
    """The search's files (timeline_core.site.search_shards) into site_dir. They sit in a
    folder named by their digest, so an edit renames it; a dirty build (the preview) does not
    clean site_dir. So the last build's folder is renamed to this build's and only the files
    that differ are written, and then no other: at 10,000 events an edit changes a handful of
    1,500 files, and writing them all took a tenth of the preview's rebuild."""
    search = site_dir / "search"
    current = {PurePosixPath(name).parent.name for name in written if name.count("/") == 2}
    old = sorted(folder for folder in (search.iterdir() if search.is_dir() else ())
                 if folder.name not in current and _VERSION_FOLDER.fullmatch(folder.name)
                 and folder.is_dir() and not folder.is_symlink())
    if len(current) == 1 and old and not (search / next(iter(current))).exists():
        old.pop().rename(search / next(iter(current)))
    for folder in old:
        shutil.rmtree(folder)
    for name, text in written.items():
        target = site_dir / name
        data = text.encode("utf-8")
        if not holds(target, data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for name in current:
        keep = {PurePosixPath(path).name for path in written if PurePosixPath(path).parent.name == name}
        for path in (search / name).iterdir():
            if path.name in keep:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def preview_folder(config: MkDocsConfig) -> Path:
    """The preview's own folder, beside serve's site folder and ours alone (reading/tree.py
    own_folder: a folder someone else left at that guessable name is never used), removed
    when serve ends, as serve removes its site folder. It holds pickles (reading/reuse.py) and
    compiled templates, which run code when read, and the state whose Markdown memo is trusted
    HTML. Found once per build and kept on the build's config: when a temporary folder stands
    in, every reader of this build must get the same one."""
    folder: Path | None = getattr(config, "timeline_preview_folder", None)
    if folder is None:
        folder, made = own_folder(state_folder(config.site_dir))
        if made:
            atexit.register(shutil.rmtree, folder, True)
        config.timeline_preview_folder = folder  # type: ignore[attr-defined]
    return folder


def generated_file(plan: PagePlan, config: MkDocsConfig) -> File:
    in_nav = plan.kind.endswith("-index")
    file = File.generated(
        config, plan.src_uri, content="",  # its source is its plan (_read_plan)
        inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV,
    )
    file.edit_uri = edit_uri(config, plan.edit_path) if plan.edit_path else None
    return file


def events_per_page(config: MkDocsConfig) -> int:
    """`extra: {events_per_page: N}` in mkdocs.yml: the most events one page lists (the
    timeline's and every record's; see timeline_core/site/record_periods.py)."""
    value = config.extra.get("events_per_page", PERIOD_LIMIT)
    if type(value) is not int or value < 1:
        raise PluginError(f"mkdocs.yml: 'extra.events_per_page': expected a whole number of at least 1, got {value!r}")
    return value


def address(config: MkDocsConfig) -> str:
    """The site's URL ending in '/', or '' when site_url is not set."""
    url = config.site_url or ""
    return url if not url or url.endswith("/") else url + "/"


def remove_data_pages(files: Files) -> None:
    for file in list(files):
        if file.src_uri.startswith(DATA_FOLDERS):
            files.remove(file)  # strangers' pages: re-rendered from their checked records


def problem_files(files: Files, config: MkDocsConfig) -> Files:
    """Under serve with broken data: the nav's generated pages, each showing the problems."""
    remove_data_pages(files)
    for uri, (_kind, title, _text) in INDEX_PAGES.items():
        files.append(File.generated(config, uri, content=front_matter(title, "Data problems")))
    return files


def templates(config: MkDocsConfig, root: Path) -> Path:
    return Path(config.theme.custom_dir or root / "overrides") / "timeline"


def meta(title: str, description: str, searchable: bool = True) -> dict[str, Any]:
    """A generated page's front matter. Material prints page titles unescaped: they are
    escaped here."""
    meta: dict[str, Any] = {"title": escape(title), "description": escape(description)}
    if not searchable:
        meta["search"] = {"exclude": True}
    meta["hide"] = ["toc"]
    return meta


def front_matter(title: str, description: str) -> str:
    """meta as YAML, for a page MkDocs reads. JSON strings are valid YAML, but not JSON's
    surrogate pairs ("\ud83d\ude00"): characters outside the Basic Multilingual Plane are
    written as they are, or MkDocs would silently drop the whole front matter."""
    return "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta(title, description).items()) + "---\n"


def repo_path(config: MkDocsConfig, docs_path: str) -> str:
    """A path inside docs_dir as the repository names it: 'actors' -> 'docs/actors'."""
    root = Path(config.config_file_path).parent.resolve()
    return (docs_dir(config) / docs_path).relative_to(root).as_posix()


def docs_dir(config: MkDocsConfig) -> Path:
    """The project's docs folder (under serve, config.docs_dir may be a copy: on_pre_build)."""
    return Path(getattr(config, "timeline_docs_dir", None) or config.docs_dir).resolve()


def edit_uri(config: MkDocsConfig, repo_path: str) -> str:
    """A repository path as MkDocs' edit_uri wants it: relative to docs_dir, so that Material's
    edit button (page.edit_url) points at the data file: '../events/x.yml'."""
    root, docs = edit_base(config)
    return quote_path(os.path.relpath(os.path.join(root, repo_path), docs).replace(os.sep, "/"))


def edit_base(config: MkDocsConfig) -> tuple[str, str]:
    """The project's root and docs folder, resolved once per build (config is the build's):
    resolving them for every generated page took a tenth of a preview rebuild."""
    base: tuple[str, str] | None = getattr(config, "timeline_edit_base", None)
    if base is None:
        base = (str(Path(config.config_file_path).parent.resolve()), str(docs_dir(config)))
        config.timeline_edit_base = base  # type: ignore[attr-defined]
    return base
