"""The data as it was at a git revision (for `check --base` and `diff`): read with git, never
by checking anything out, so the working tree is never touched.

The revision's data folders are unpacked into a temporary folder with `git archive` and
Python's tarfile "data" filter (no absolute paths, no `..`, no device files); links are
refused outright, as the loader refuses them in the working tree.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..reading.files import Layout
from ..reading.problems import Problem


class GitError(Exception):
    """git could not answer (not a repository, unknown revision, ...); the message says why."""


@dataclass(frozen=True, slots=True)
class Change:
    """One line of `git diff --name-status`: status letter(s) and the path(s) involved."""

    status: str
    paths: tuple[str, ...]


def data_folders(layout: Layout) -> tuple[str, ...]:
    return (layout.events, layout.seeds, layout.actors, layout.locations)


def git(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {reason[-1] if reason else 'exit ' + str(result.returncode)}")
    return result.stdout


def resolve(root: Path, ref: str) -> str:
    """The commit a revision names; refuses anything git could read as an option."""
    if not ref or ref.startswith("-"):
        raise GitError(f"not a git revision: {ref!r}")
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(
            f"unknown git revision {ref!r} (in a shallow clone, fetch it first: git fetch origin {ref})"
        ) from None


def _place(root: Path) -> tuple[Path, str]:
    """The repository's top folder, and where the project sits in it ('' at the top, else
    'sub/dir/'). git paths are read from the top, so they mean the same from any folder."""
    top = git(root, "rev-parse", "--show-toplevel").decode().strip()
    return Path(top), git(root, "rev-parse", "--show-prefix").decode().strip()


def _names(output: bytes, prefix: str) -> list[str]:
    """NUL-separated paths from the top of the repository, made relative to the project."""
    names = output.decode("utf-8", "surrogateescape").split("\0")
    return sorted(name[len(prefix):] for name in names if name.startswith(prefix) and name != prefix)


def _present(root: Path, commit: str, prefix: str, folders: tuple[str, ...]) -> list[str]:
    """The data folders that exist at `commit` (git archive fails on a missing one)."""
    present = []
    for folder in folders:
        try:
            kind = git(root, "cat-file", "-t", f"{commit}:{prefix}{folder}").decode().strip()
        except GitError:
            continue
        if kind == "tree":
            present.append(folder)
    return present


def materialise(root: Path, ref: str, layout: Layout, target: Path) -> list[Problem]:
    """Unpack the data folders of `ref` into `target` (an empty folder). Returns the problems
    that stop them loading faithfully (links, which are refused, not written)."""
    commit = resolve(root, ref)
    top, prefix = _place(root)
    folders = _present(root, commit, prefix, data_folders(layout))
    if not folders:
        return []
    archive = git(top, "archive", "--format=tar", commit, "--", *(prefix + folder for folder in folders))
    refused: list[Problem] = []
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
        for member in tar.getmembers():
            if not member.name.startswith(prefix):
                continue
            member.name = member.name[len(prefix):]
            if member.issym() or member.islnk():
                refused.append(Problem(member.name, 1, 1, f"at {ref}: symbolic links are not allowed in data folders"))
                continue
            if member.isfile() or member.isdir():
                tar.extract(member, target, filter="data")
    return refused


def files_at(root: Path, ref: str, layout: Layout) -> list[str]:
    """Every file path in the data folders at `ref`, relative to the project root."""
    commit = resolve(root, ref)
    top, prefix = _place(root)
    folders = _present(root, commit, prefix, data_folders(layout))
    if not folders:
        return []
    listed = git(top, "ls-tree", "-r", "--name-only", "-z", commit, "--", *(prefix + folder for folder in folders))
    return _names(listed, prefix)


def changed_files(root: Path, ref: str, layout: Layout) -> list[Change]:
    """What changed in the data folders between `ref` and the working tree (untracked files
    included: a contributor's new event counts before it is committed)."""
    commit = resolve(root, ref)
    folders = list(data_folders(layout))
    output = git(root, "diff", "--name-status", "-z", "-M", "--relative", commit, "--", *folders)
    fields = output.decode("utf-8", "surrogateescape").split("\0")
    changes: list[Change] = []
    position = 0
    while position < len(fields) - 1:
        status = fields[position]
        count = 2 if status[:1] in ("R", "C") else 1
        changes.append(Change(status[:1], tuple(fields[position + 1 : position + 1 + count])))
        position += 1 + count
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *folders)
    for name in untracked.decode("utf-8", "surrogateescape").split("\0"):
        if name:
            changes.append(Change("A", (name,)))
    return sorted(changes, key=lambda change: change.paths)
