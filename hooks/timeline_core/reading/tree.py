"""The docs folder as MkDocs will walk it: symbolic links and special files found first.

MkDocs walks `docs_dir` with `os.walk(followlinks=True)` before any hook sees a file: two links
to `.` make that walk never end (it took 4 GB in five minutes), and a link to a folder outside
the repository publishes all of it. A FIFO blocks whoever reads it. So the hook looks first,
without following anything, and refuses what it finds (`mkdocs build`), or, under
`mkdocs serve`, builds the preview from a copy of the folder without them (`copy_plain`) and
shows the problems, as it does for data problems.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from .problems import Position, Problem, Problems

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def special_kind(mode: int) -> str | None:
    """How a file that is neither a regular file nor a folder is named, or None."""
    kind = stat.S_IFMT(mode)
    if kind in (stat.S_IFREG, stat.S_IFDIR):
        return None
    return _KINDS.get(kind, "not an ordinary file")


def unsafe_entries(root: Path, folder: str) -> list[Problem]:
    """Every symbolic link and special file below root/folder, found without following links."""
    problems = Problems()
    base = root / folder
    if not base.is_dir() or base.is_symlink():
        return []
    pending = [base]
    while pending:
        current = pending.pop()
        for entry in sorted(os.scandir(current), key=lambda e: e.name):
            path = Path(entry.path).relative_to(root).as_posix()
            if entry.is_symlink():
                problems.add(Position(path), (
                    f"symbolic links are not allowed in {folder}/: MkDocs would follow it (a loop never "
                    "ends; a link out of the repository publishes what it points at); copy the file instead"))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            else:
                kind = special_kind(entry.stat(follow_symlinks=False).st_mode)
                if kind:
                    problems.add(Position(path), f"{kind} is not allowed in {folder}/; only ordinary files and folders")
    return problems.sorted()


def copy_plain(source: Path, target: Path) -> None:
    """`source` copied to `target` (replaced), regular files and folders only."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for entry in sorted(os.scandir(source), key=lambda e: e.name):
        if entry.is_symlink():
            continue
        if entry.is_dir(follow_symlinks=False):
            copy_plain(Path(entry.path), target / entry.name)
        elif entry.is_file(follow_symlinks=False):
            shutil.copy2(entry.path, target / entry.name, follow_symlinks=False)


def preview_copy(docs: Path) -> Path:
    """A fresh copy of `docs` without links or special files, for the preview to build from:
    outside the project (nothing watches it), one per project (replaced at every build)."""
    name = f"timeline-preview-{hashlib.sha256(os.fsencode(docs)).hexdigest()[:16]}"
    target = Path(tempfile.gettempdir()) / name
    copy_plain(docs, target)
    return target
