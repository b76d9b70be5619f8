"""`make check`'s memory of what reading each event file found, so an unchanged file is not
parsed and checked again (`python -m timeline_core check --cache`).

An entry is kept per file path with the SHA-256 of the file's bytes, and the whole cache is
valid only for the checker's own code (every module of this package, and the versions of
Python, PyYAML and Python-Markdown): an edited file, or any change to the checker, reads the
file again. It holds exactly what reading the file adds to the checking context (problems,
references, quoted passages, former ids, Markdown work, counts), replayed in the same order
(less the references to ids that exist, which the link stage would pass), so a warm check
reports what a cold one does; the checks that need every file (references, quotes, budgets)
run every time. Each process of the check makes the entries of the files it read, as JSON,
while it reads; the main process joins them.

Security: the cache lives outside the checkout (under the user's cache folder), never in the
repository: a pull request cannot ship a cache that vouches for its own files. It is JSON
(never pickle), and its first line is the SHA-256 of the rest: a cache cut short or edited by
hand is discarded as a whole, and so is one whose entries are not of the shapes and types
replay() expects (edited by hand, its digest worked out again).
"""

from __future__ import annotations

import hashlib
import json
import operator
import os
import sys
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from .fields import Context, Ref
from .problems import Position, Problem

FORMAT = 1
# One file's results: problems (line, column, message), references (kind, id, line, column,
# field), quotes (seed, passage, line, column), former ids (kind, id, line, column), Markdown
# work (or None), and its counts (events, citations, quotes).
Entry = tuple[
    list[tuple[int, int, str]], list[tuple[str, str, int, int, str]], list[tuple[str, str, int, int]],
    list[tuple[str, str, int, int]], int | None, tuple[int, int, int],
]


_PATH = operator.attrgetter("path")
_REF_PATH = operator.attrgetter("where.path")


def _ITEM_PATH(item: tuple[str, str, Position]) -> str:  # noqa: N802 (named as the getters above)
    return item[2].path


def default_folder() -> Path:
    configured = os.environ.get("TIMELINE_CHECK_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "timeline-check"


def code_version() -> str:
    """A digest of the checker's code: the package's modules and the libraries it reads with."""
    import markdown
    import yaml

    digest = hashlib.sha256(f"{FORMAT} {sys.version} {yaml.__version__} {markdown.__version__}".encode())
    package = Path(__file__).resolve().parent.parent  # timeline_core: every subpackage
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class CheckCache:
    """The entries of one project, read from and written to one JSON file."""

    def __init__(self, path: Path, version: str):
        self.path = path
        self.version = version
        self.entries: dict[str, tuple[str, Entry]] = _read(path, version)
        self.fresh: dict[str, tuple[str, Entry]] = {}  # this run's: files gone since are dropped
        # This run's entries made by worker processes, already as JSON (see take_json).
        self.fresh_json: list[str] = []

    @classmethod
    def for_project(cls, root: Path, folder: Path | None = None) -> CheckCache:
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24] + ".json"
        return cls((folder or default_folder()) / name, code_version())

    def knows(self, path: str, digest: str) -> bool:
        found = self.entries.get(path)
        return found is not None and found[0] == digest

    def replay(self, path: str, digest: str, ctx: Context,
               known: dict[str, set[str]] | None = None) -> tuple[int, int, int] | None:
        """Adds a known file's results to ctx and returns its counts; None if unknown. With
        `known` (the ids of every record, by kind), only references to other ids are added:
        the link stage checks references against those ids and does nothing else with them."""
        found = self.entries.get(path)
        if found is None or found[0] != digest:
            return None
        self.fresh[path] = found
        problems, refs, quotes, former, work, counts = found[1]
        ctx.problems.items.extend(Problem(path, line, column, message) for line, column, message in problems)
        ctx.refs.extend(Ref(kind, id_, Position(path, line, column), field) for kind, id_, line, column, field in refs
                        if known is None or id_ not in known.get(kind, ()))
        ctx.quotes.extend((seed, quote, Position(path, line, column)) for seed, quote, line, column in quotes)
        ctx.former.extend((kind, id_, Position(path, line, column)) for kind, id_, line, column in former)
        if work is not None:
            ctx.markdown_work[path] = work
        return counts

    def keep(self, path: str, digest: str, ctx: Context, since: tuple[int, int, int, int],
             counts: tuple[int, int, int]) -> None:
        """Keeps what reading the file at `path` added to ctx after the lengths `since`
        (problems, refs, quotes, former ids); nothing if any of it is located elsewhere."""
        problems, refs = ctx.problems.items[since[0]:], ctx.refs[since[1]:]
        quotes, former = ctx.quotes[since[2]:], ctx.former[since[3]:]
        # (Speed, once per file read: paths gathered in C, rows made by unpacking.)
        if not {path}.issuperset(chain(map(_PATH, problems), map(_REF_PATH, refs), map(_ITEM_PATH, quotes),
                                       map(_ITEM_PATH, former))):
            return
        self.fresh[path] = (digest, (
            [(problem.line, problem.column, problem.message) for problem in problems],
            [(kind, id_, where[1], where[2], field) for kind, id_, where, field in refs],
            [(seed, quote, where[1], where[2]) for seed, quote, where in quotes],
            [(kind, id_, where[1], where[2]) for kind, id_, where in former],
            ctx.markdown_work.get(path), counts,
        ))

    def take_json(self) -> str:
        """This run's entries as the members of a JSON object (`"path": [digest, ...]`, ...),
        taken out of the cache: a worker process makes them, so that the process that saves
        the cache only joins them."""
        taken = self._members()
        self.fresh.clear()
        return taken

    def _members(self) -> str:
        # One json.dumps for all: one call per entry cost twice as much.
        # (check_circular: there are no cycles in plain lists; checking for them took a third.)
        fresh = {path: [digest, *entry] for path, (digest, entry) in self.fresh.items()}
        return json.dumps(fresh, check_circular=False)[1:-1]

    def save(self) -> None:
        """Writes this run's entries (atomically: a reader never sees half a file). A run that
        read no event (stopped by the budget, say) keeps the saved cache as it is."""
        if not self.fresh and not any(self.fresh_json):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        if (not any(self.fresh_json) and self.fresh.keys() == self.entries.keys()
                and all(self.entries[path] is entry for path, entry in self.fresh.items())):
            return  # every entry was replayed, and no file is gone: the saved cache is this one
        # The members of "files", in no particular order (the reader makes a dict of them).
        joined = ", ".join(part for part in (self._members(), *self.fresh_json) if part)
        payload = _header(self.version) + f'"files": {{{joined}}}}}'.encode()
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            temporary.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
            os.replace(temporary, self.path)
        except OSError:  # a read-only or full disk: the check itself is done, only speed is lost
            temporary.unlink(missing_ok=True)


def _header(version: str) -> bytes:
    """How a saved cache of this version of the code starts (as json.dumps writes it)."""
    return f'{{"format": {FORMAT}, "code": {json.dumps(version)}, '.encode()


def _read(path: Path, version: str) -> dict[str, tuple[str, Entry]]:
    """The entries saved for this version of the code; none if the file is missing, from
    other code, or not exactly as saved (its first line is the digest of the rest)."""
    try:
        digest, _, payload = path.read_bytes().partition(b"\n")
        if not payload.startswith(_header(version)):
            return {}  # speed: another version's cache is not parsed (7 MB at 10,000 events)
        if hashlib.sha256(payload).hexdigest().encode() != digest:
            return {}
        stored = json.loads(payload)
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("code") != version:
        return {}
    files = stored.get("files")
    if not isinstance(files, dict) or not all(_well_formed(value) for value in files.values()):
        return {}  # a cache written by hand with its digest worked out: discarded, never a crash
    return {name: (value[0], tuple(value[1:])) for name, value in files.items()}  # type: ignore[misc]


# The types of an entry's rows, as JSON gives them back (see Entry).
_PROBLEM, _REF, _QUOTE = (int, int, str), (str, str, int, int, str), (str, str, int, int)


def _well_formed(value: object) -> bool:
    """[digest, problems, refs, quotes, former ids, work, counts], of the types replay() puts
    into the check (a bool is not an int: JSON's true would be)."""
    if type(value) is not list or len(value) != 7 or type(value[0]) is not str:
        return False
    _, problems, refs, quotes, former, work, counts = value
    return (
        _rows(problems, _PROBLEM) and _rows(refs, _REF) and _rows(quotes, _QUOTE) and _rows(former, _QUOTE)
        and (work is None or type(work) is int) and type(counts) is list and tuple(map(type, counts)) == (int, int, int)
    )


def _rows(rows: object, types: tuple[type, ...]) -> bool:
    return type(rows) is list and all(type(row) is list and tuple(map(type, row)) == types for row in rows)


def summed(counts: Iterable[tuple[int, int, int]]) -> tuple[int, int, int]:
    events = citations = quotes = 0
    for one in counts:
        events, citations, quotes = events + one[0], citations + one[1], quotes + one[2]
    return events, citations, quotes
