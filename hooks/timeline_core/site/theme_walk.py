"""The theme's files as Jinja lists them, without walking hidden folders.

MkDocs finds a theme's static files (CSS, scripts, images) by asking Jinja for every file in
the theme's folders, then leaving out, among others, every path with a hidden part ('.*',
'*/.*'). Material keeps about 14,000 icons in a hidden folder (`.icons`), so each build walked
and pattern-matched them all for nothing: a twentieth of a preview rebuild, and a tenth of a
second of every build. This lists the same files MkDocs keeps, walking only visible folders.
Nothing here imports MkDocs or Jinja.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence


def visible_files(searchpath: Sequence[str | os.PathLike[str]], followlinks: bool = False) -> list[str]:
    """Every file below these folders whose path has no hidden part, as Jinja's
    FileSystemLoader.list_templates names it ('/'-separated, relative, first folder wins
    only in that a name is listed once), sorted."""
    found: set[str] = set()
    for folder in searchpath:
        root = os.fspath(folder)
        for dirpath, dirnames, filenames in os.walk(root, followlinks=followlinks):
            dirnames[:] = [name for name in dirnames if not name.startswith(".")]
            relative = os.path.relpath(dirpath, root)
            prefix = "" if relative == os.curdir else relative.replace(os.path.sep, "/") + "/"
            found.update(prefix + name for name in filenames if not name.startswith("."))
    return sorted(found)


def listed(names: Iterable[str], extensions: Iterable[str] | None = None,
           filter_func: Callable[[str], bool] | None = None) -> list[str]:
    """What jinja2.Environment.list_templates returns of these names."""
    if extensions is not None:
        if filter_func is not None:
            raise TypeError("either extensions or filter_func can be passed, but not both")
        wanted = set(extensions)
        return [name for name in names if "." in name and name.rsplit(".", 1)[1] in wanted]
    return [name for name in names if filter_func is None or filter_func(name)]
