"""The incremental preview: which pages an edit changes, and what one build hands the next.

Under `mkdocs serve --dirty`, MkDocs skips every page whose file says it is not modified and
leaves site_dir as the last build left it. A page is modified when its fingerprint differs
from the last build's: a digest of exactly the data its template is handed (the same view
model the page is rendered from, see render.Site.page_view), so any page kind, today's or a
new one, is covered without a list of who depends on what. Everything a template can reach
besides its view (the configuration, the hand-written pages, the theme and our templates, the
actors, places and sources that templates look up by id) goes into one context digest: when
it changes, every page is rebuilt.

One shortcut: an edit of events' title or summary alone (TEXT_FIELDS) lays out no page
differently, so only the pages whose view held those events in the last build can change;
the others keep their digests (text_edit_pages; the fingerprints say which events each view
holds). tests/test_preview_text_edits.py proves it event by event.

The state between builds (fingerprints, what was written, the search entries of the pages
not rebuilt, rendered Markdown) is a JSON file next to site_dir, never inside it (it would be
served). It is removed when a build starts and written when it ends, so a build that fails
half-way is followed by a full one. Nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import os
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from hashlib import blake2b
from pathlib import Path
from typing import Any

from ..reading.model import Event

STATE_FILE = "state.json"
VERSION = 2  # of the state file: a state of another version is ignored (a full build)
_PLAIN = frozenset({str, int, float, bool, complex, type(None)})  # exactly these types
_SEQUENCES = frozenset({list, tuple})  # subclasses (named tuples) say their name
_NONE: frozenset[str] = frozenset()


class Fingerprints:
    """Digests of view models, for one build. Objects are digested once (memoised by identity,
    and kept alive so that no identity is reused); anything this cannot see into (an object
    whose repr shows its address) digests differently every build, so its page is always
    rebuilt: slower, never wrong."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._open: set[int] = set()
        self._fields: dict[type, tuple[str, ...]] = {}
        self._shapes: dict[type, str] = {}
        # Which events a value holds, at any depth (see `shown`): per object digested, and
        # for each digest under way.
        self._reach: dict[int, frozenset[str]] = {}
        self._reaching: list[set[str]] = []
        self.shown: frozenset[str] = _NONE  # the events the last value passed to `of` holds

    def of(self, value: object) -> str:
        """The value's digest; `shown` is then the ids of the events it holds."""
        hasher = blake2b(digest_size=16)
        self._reaching.append(set())
        try:
            self._feed(hasher, value)
        finally:
            reached = self._reaching.pop()
        if self._reaching:  # a set's item, digested inside another value
            self._reaching[-1].update(reached)
        self.shown = frozenset(reached)
        return hasher.hexdigest()

    def _feed(self, hasher: Any, value: object) -> None:
        kind = type(value)
        if kind in _PLAIN:  # repr tells 1 from 1.0, True and '1', and quotes a str whole
            hasher.update(repr(value).encode("utf-8", "surrogatepass") + b"\0")
            return
        if kind in _SEQUENCES:
            self._sequence(hasher, kind.__name__, value)  # type: ignore[arg-type]
            return
        shape = self._shapes.get(kind)
        if shape is None:
            shape = self._shapes[kind] = _shape(kind)
        if shape == "object":  # records, dates, functions: digested once per build
            hasher.update(self._object(value))
        elif shape == "str":
            # A str subclass (markupsafe.Markup) renders unescaped: its repr names its type.
            hasher.update(f"{kind.__qualname__}:{value!r}".encode("utf-8", "surrogatepass") + b"\0")
        elif shape == "bytes":
            hasher.update(b"b%d:" % len(value) + bytes(value))  # type: ignore[arg-type, call-overload]
        elif shape == "sequence":
            self._sequence(hasher, kind.__qualname__, value)  # type: ignore[arg-type]
        elif shape == "mapping":
            hasher.update(f"{kind.__qualname__}{{{len(value)}".encode())  # type: ignore[arg-type]
            for key, item in value.items():  # type: ignore[attr-defined]  # in order, as templates see them
                self._feed(hasher, key)
                self._feed(hasher, item)
            hasher.update(b"}")
        else:  # a set: in no particular order
            hasher.update(f"set{{{len(value)}".encode())  # type: ignore[arg-type]
            for digest in sorted(self.of(item) for item in value):  # type: ignore[attr-defined]
                hasher.update(digest.encode())
            hasher.update(b"}")

    def seed(self, value: Event, digest: bytes) -> None:
        """Take this event's digest as known (worked out by an earlier build, of an equal
        event: see reuse.py), rather than digesting it again."""
        self._memo[id(value)] = (value, digest)
        self._reach[id(value)] = frozenset((value.id,))

    def object_digest(self, value: object) -> bytes:
        """The digest of an object as a view holding it sees it (what `seed` takes)."""
        return self._object(value)

    def _sequence(self, hasher: Any, name: str, items: list[object] | tuple[object, ...]) -> None:
        if all(type(item) in _PLAIN for item in items):  # one repr, in C (coordinates, ids)
            hasher.update(f"{name}{items!r}".encode("utf-8", "surrogatepass") + b"\0")
            return
        hasher.update(f"{name}[{len(items)}".encode())
        for item in items:
            self._feed(hasher, item)
        hasher.update(b"]")

    def _object(self, value: object) -> bytes:
        key = id(value)
        known = self._memo.get(key)
        if known is not None:
            held = self._reach[key]
            if held and self._reaching:
                self._reaching[-1].update(held)
            return known[1]
        if key in self._open:  # a cycle: the object is being digested further up
            return b"cycle;"
        self._open.add(key)
        self._reaching.append({value.id} if type(value) is Event else set())  # type: ignore[attr-defined]
        try:
            hasher = blake2b(digest_size=16)
            hasher.update(f"<{type(value).__module__}.{type(value).__qualname__}>".encode())
            self._contents(hasher, value)
            digest = hasher.digest()
        finally:
            self._open.discard(key)
            reached = self._reaching.pop()
        self._memo[key] = (value, digest)
        self._reach[key] = frozenset(reached) if reached else _NONE
        if reached and self._reaching:
            self._reaching[-1].update(reached)
        return digest

    def _contents(self, hasher: Any, value: object) -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = self._fields.get(type(value))
            if names is None:
                names = self._fields[type(value)] = tuple(item.name for item in dataclasses.fields(value))
            hasher.update(repr(names).encode())
            self._sequence(hasher, "", tuple(getattr(value, name) for name in names))
        elif isinstance(value, (datetime.date, datetime.time)):
            hasher.update(value.isoformat().encode())
        elif isinstance(value, enum.Enum):
            hasher.update(repr(value).encode())
        elif isinstance(value, types.FunctionType):
            # A closure (a period's event links) is what it runs and what it closes over.
            self._code(hasher, value.__code__)
            cells = [cell.cell_contents for cell in value.__closure__ or ()]
            self._feed(hasher, (cells, value.__defaults__, value.__kwdefaults__))
        else:
            hasher.update(repr(value).encode("utf-8", "surrogatepass"))

    def _code(self, hasher: Any, code: types.CodeType) -> None:
        hasher.update(code.co_qualname.encode() + code.co_code)
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                self._code(hasher, const)
            else:
                self._feed(hasher, const)


def _shape(kind: type) -> str:
    """How a value of this type is digested (worked out once per type)."""
    if issubclass(kind, str):
        return "str"
    if issubclass(kind, (bytes, bytearray)):
        return "bytes"
    if issubclass(kind, (list, tuple)):
        return "sequence"
    if issubclass(kind, Mapping):
        return "mapping"
    if issubclass(kind, (set, frozenset)):
        return "set"
    return "object"


def tree_digest(paths: Iterable[Path]) -> str:
    """Every file below these paths (or the file itself), by name, size and modification time:
    the theme and the configuration, which change rarely and then change everything."""
    hasher = blake2b(digest_size=16)
    for path in sorted(paths):
        for entry in sorted(_files_below(path)):
            try:
                info = os.stat(entry)
            except OSError:
                continue
            hasher.update(f"{entry}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return hasher.hexdigest()


def _files_below(path: Path) -> Iterable[str]:
    if path.is_file():
        yield str(path)
        return
    for folder, _dirs, names in os.walk(path):
        for name in names:
            yield os.path.join(folder, name)


@dataclass
class State:
    """What one build of the preview leaves for the next."""

    context: str | None = None  # None: the next build is a full one
    pages: dict[str, str] = field(default_factory=dict)  # src_uri -> fingerprint
    outputs: list[str] = field(default_factory=list)  # every file the build wrote (dest_uri)
    search: list[dict[str, Any]] = field(default_factory=list)  # the search plugin's entries
    markdown: dict[str, str] = field(default_factory=dict)  # contributor text -> its HTML
    # Event id -> the pages whose view holds it, as positions in `pages` (a tenth of the size).
    shows: dict[str, list[int]] = field(default_factory=dict)


def state_folder(site_dir: str) -> Path:
    """Beside site_dir (serve makes a temporary one per session), so never served."""
    site = Path(site_dir).resolve()
    return site.with_name(site.name + ".preview-state")


def take_state(folder: Path) -> State:
    """The last build's state, removed from disk: should this build fail half-way, the next
    one finds none and builds everything."""
    path = folder / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        path.unlink()
    except (OSError, ValueError):
        return State()
    if not isinstance(data, dict) or data.pop("version", None) != VERSION:
        return State()
    return State(**data)


def save_state(folder: Path, state: State) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # Its fields hold JSON values already: dataclasses.asdict would copy them all, deeply
    # (a tenth of a rebuild at 1,000 events).
    data = {"version": VERSION, **{item.name: getattr(state, item.name) for item in dataclasses.fields(state)}}
    temporary = folder / (STATE_FILE + ".new")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(folder / STATE_FILE)


def modified_pages(previous: State, context: str | None, fingerprints: Mapping[str, str]) -> set[str] | None:
    """The pages to rebuild, or None for all of them (first build, or the context changed)."""
    if context is None or previous.context != context:
        return None
    return {uri for uri, digest in fingerprints.items() if previous.pages.get(uri) != digest}


# The fields of an event that no page is laid out by: an edit of these alone changes only the
# pages whose view holds the event (test_preview.py's text edits prove it, page by page).
TEXT_FIELDS = ("title", "summary")


def text_edit_pages(previous: State, edited: list[tuple[Event, Event]] | None, digest: Fingerprints) -> set[str] | None:
    """The pages an edit of events' text can change: those whose view held an edited event
    in the last build. None (every page is fingerprinted) unless every edited event differs
    from its last version in TEXT_FIELDS alone, and the last build said which pages held it."""
    if edited is None or not previous.shows:
        return None
    pages: set[str] = set()
    order = list(previous.pages)
    for before, after in edited:
        same_layout = dataclasses.replace(before, **{name: getattr(after, name) for name in TEXT_FIELDS})  # type: ignore[arg-type]
        if digest.object_digest(same_layout) != digest.object_digest(after):
            return None
        pages.update(order[n] for n in previous.shows.get(after.id, ()))
    return pages


def pages_by_event(shown: Mapping[str, Iterable[str]], order: list[str]) -> dict[str, list[int]]:
    """Page -> the events its view holds, turned into event -> the pages holding it, each
    page named by its position in `order` (the state's pages)."""
    position = {page: n for n, page in enumerate(order)}
    shows: dict[str, list[int]] = {}
    for page, events in shown.items():
        for event in sorted(events):
            shows.setdefault(event, []).append(position[page])
    return shows


def held_by(shows: Mapping[str, list[int]], order: list[str], pages: Iterable[str]) -> dict[str, frozenset[str]]:
    """The events each of these pages held, from a state's `shows` and `pages` order."""
    held: dict[str, set[str]] = {page: set() for page in pages}
    for event, positions in shows.items():
        for n in positions:
            if order[n] in held:
                held[order[n]].add(event)
    return {page: frozenset(events) for page, events in held.items()}


def stale_outputs(previous: Iterable[str], current: Iterable[str]) -> list[str]:
    """Files the last build wrote that this one does not (deleted or renamed records)."""
    return sorted(set(previous) - set(current))


def remove_outputs(site_dir: Path, paths: Iterable[str]) -> None:
    """Remove these files, then their folders left empty (as a clean build would not have
    them). Paths come from MkDocs' own file list: never outside site_dir."""
    root = site_dir.resolve()
    for relative in paths:
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or path == root:
            continue
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def merged_search_entries(
    previous: list[dict[str, Any]], rebuilt: list[dict[str, Any]], page_urls: list[str], rebuilt_urls: set[str]
) -> list[dict[str, Any]]:
    """The search plugin's entries as a full build makes them: page by page in build order,
    this build's entries for the pages it rebuilt, the last build's for the others. An entry's
    location is its page's URL, with '#anchor' for a section."""
    def by_page(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            grouped.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
        return grouped

    old, new = by_page(previous), by_page(rebuilt)
    merged: list[dict[str, Any]] = []
    for url in page_urls:
        merged += (new if url in rebuilt_urls else old).get(url, [])
    return merged
