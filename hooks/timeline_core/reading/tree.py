"""The docs folder as MkDocs will walk it: symbolic links and special files found first.

MkDocs walks `docs_dir` with `os.walk(followlinks=True)` before any hook sees a file: two links
to `.` make that walk never end (it took 4 GB in five minutes), and a link to a folder outside
the repository publishes all of it. A FIFO blocks whoever reads it. So the hook looks first,
without following anything, and refuses what it finds (`mkdocs build`), or, under
`mkdocs serve`, builds the preview from a copy of the folder without them (`copy_plain`) and
shows the problems, as it does for data problems.
"""

from __future__ import annotations

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


def preview_copy(docs: Path, folder: Path) -> Path:
    """A fresh copy of `docs` without links or special files, for the preview to build from:
    in `folder` (the preview's own, outside the project: nothing watches it), replaced at every
    build."""
    target = folder / "docs"
    copy_plain(docs, target)
    return target


def private_folder(folder: Path) -> bool:
    """Whether `folder` is a real folder (not a link) that this user alone can write to: what
    the preview reads back from its folders (pickles, compiled templates, its state, the docs
    copy) is trusted, so no one else may have put it there."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    return stat.S_ISDIR(info.st_mode) and info.st_uid == owner and not info.st_mode & 0o022


def own_folder(path: Path) -> tuple[Path, bool]:
    """A folder this user alone can write to: `path`, made with mode 0700 when missing, or
    kept when it is already ours alone (private_folder). Security: `path` can be guessed (the
    preview's is beside serve's temporary site folder, in a folder every user can write to),
    so anything else there (another user's folder, one others may write to, a link) is never
    used: a fresh temporary folder is made instead, and nothing is kept from the last build.
    Returns the folder and whether this call made it (the caller removes it at exit)."""
    try:
        path.mkdir(mode=0o700, parents=True)
        return path, True
    except FileExistsError:
        if private_folder(path):
            return path, False
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="timeline-preview-")), True
