"""The preview's serve process runs for hours: a rebuild must leave nothing behind that the next
one carries (objects kept alive, logging handlers or filters, exit callbacks, files in the
served folder or beside it, a growing state file), or every edit costs more than the last.

Driven as test_preview.py drives it (MkDocs' serve path, in this process). After a warm-up,
edit after edit of one title (each a new text of the same length) must leave the process and
the folders as they were: counts and sizes, never timings.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
from collections import Counter
from pathlib import Path

import bench
from conftest import edit_file, site_project
from test_preview import Preview, event_file, set_field

EVENTS = 40
WATCHED_MODULES = ("timeline_core", "timeline_hook", "preview_hook", "mkdocs", "jinja2", "markdown", "material")


def _live_objects() -> Counter[str]:
    """Live objects of the types a build makes (ours, MkDocs', Jinja's, Python-Markdown's):
    anything one build keeps alive for good shows here as a growing count."""
    gc.collect()
    found: Counter[str] = Counter()
    for value in gc.get_objects():
        module = getattr(type(value), "__module__", None)
        if isinstance(module, str) and module.split(".", 1)[0] in WATCHED_MODULES:
            found[f"{module}.{type(value).__qualname__}"] += 1
    return found


def _logging() -> dict[str, tuple[int, int]]:
    """Handlers and filters on every logger (a build that adds one without removing it)."""
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    return {
        logger.name: (len(logger.handlers), len(logger.filters))
        for logger in loggers if isinstance(logger, logging.Logger) and (logger.handlers or logger.filters)
    }


def _files(folder: Path) -> dict[str, int]:
    """Every file below the folder, with its size."""
    return {
        Path(root, name).relative_to(folder).as_posix(): os.path.getsize(Path(root, name))
        for root, _dirs, names in os.walk(folder) for name in names
    }


def _footprint(preview: Preview) -> dict[str, object]:
    state = preview.site.with_name(preview.site.name + ".preview-state")
    return {
        "objects": _live_objects(),
        "logging": _logging(),
        "exit callbacks": atexit._ncallbacks(),
        "served files": len(_files(preview.site)),  # their names hold digests of the content
        "state files": _files(state),
    }


def test_repeated_edits_leave_nothing_behind(tmp_path: Path) -> None:
    project = site_project(tmp_path, data="mini")
    bench.generate(project, EVENTS)
    preview = Preview(project, tmp_path / "served")

    def edit_and_rebuild(n: int) -> set[str]:
        edit_file(project, event_file(4), set_field("title", f"Edited title {n}"))  # a new text, the same length
        return preview.rebuild()

    try:
        for n in range(3):  # the first, full build; then incremental ones
            edit_and_rebuild(n)
        before = _footprint(preview)
        for n in range(3, 7):
            assert edit_and_rebuild(n), "the edit re-rendered nothing"
        after = _footprint(preview)
    finally:
        preview.stop()
    grown = {name: count - before["objects"][name] for name, count in after.pop("objects").items()  # type: ignore[attr-defined]
             if count != before["objects"][name]}  # type: ignore[index]
    before.pop("objects")
    assert grown == {}
    assert after == before
