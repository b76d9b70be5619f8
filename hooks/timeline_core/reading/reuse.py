"""The preview's parsed events, kept between its builds: an edit re-reads one file, not all.

Under `mkdocs serve --dirty` every build loads the whole dataset again; parsing a thousand
event files was a fifth of a title edit's rebuild. What reading one event file yields (the
Event, and what it added to the loader's Context: problems, references, quotes, former ids,
Markdown work) depends on its path and bytes alone, so it is kept, keyed by the path and a
digest of the bytes, and replayed when both are unchanged. The bytes are still read (and
judged) as a full load reads them: only the parsing is skipped.

The preview also keeps each event's fingerprint (incremental.Fingerprints), which is a
function of the Event alone: digesting a thousand events was a fifth of its fingerprints.
And it keeps each event's text in the data files (exports.EventText: its line of events.json,
its row of events.csv, its feed entries...), which is a function of the Event and of what the
preview's context digest covers (the other records, the configuration): made again only when
the file or that context changed. Writing the data files was a third of a title edit's rebuild.

Kept in a file beside site_dir (the preview's state folder), never in module state. Only the
entries of the files read by the last build are saved, so the file never grows with edits.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from hashlib import blake2b
from pathlib import Path
from typing import Any

from .fields import Context, Ref
from .model import Event
from .problems import Problem, Problems
from .tree import private_folder

REUSE_FILE = "events.pickle"
# Of the file's layout and of what a parse yields: another version is ignored (all parsed).
VERSION = 3


@dataclass
class Parsed:
    """What reading one event file yields, as the loader's Context collects it."""

    event: Event | None
    problems: list[Problem]
    refs: list[Ref]
    quotes: list[tuple[str, str, object]]
    former: list[tuple[str, str, object]]
    markdown_work: dict[str, int]

    def replay(self, ctx: Context) -> Event | None:
        """Add to ctx what parsing the file added the first time."""
        ctx.problems.items.extend(self.problems)
        ctx.refs.extend(self.refs)
        ctx.quotes.extend(self.quotes)  # type: ignore[arg-type]
        ctx.former.extend(self.former)  # type: ignore[arg-type]
        ctx.markdown_work.update(self.markdown_work)
        return self.event


@dataclass
class _Entry:
    digest: bytes  # of the file's bytes
    parsed: bytes  # a pickled Parsed: unpickled only when the file is unchanged
    fingerprint: bytes | None = None  # the event's, once the preview has worked it out
    pieces_context: str | None = None  # the context digest its pieces were made in
    pieces: dict[str, str] = field(default_factory=dict)  # kind of piece -> the event's text


@dataclass
class EventReuse:
    """Parsed event files of the last build, and those of this one (what the next one gets)."""

    known: dict[str, _Entry] = field(default_factory=dict)
    used: dict[str, _Entry] = field(default_factory=dict)
    events: dict[int, str] = field(default_factory=dict)  # id(Event) -> its file's path, this build
    alive: list[Event] = field(default_factory=list)  # keeps those identities from being reused
    changed: bool = False  # whether `used` differs from what was loaded
    fresh: dict[str, Parsed] = field(default_factory=dict)  # the files parsed this build
    # This build's context digest (incremental: the records, configuration and templates that
    # pages can read besides their views): pieces made in another are made again.
    piece_context: str | None = None

    def event(self, path: str, data: bytes, ctx: Context, parse: Callable[[Context], Event | None]) -> Event | None:
        """The event of the file at `path` with these bytes: parsed by `parse` (with a Context
        of its own, whose contributions are then added to ctx), or replayed from the last build."""
        digest = blake2b(path.encode("utf-8", "surrogateescape") + b"\0" + data, digest_size=16).digest()
        known = self.known.get(path)
        parsed = _loads(known.parsed) if known is not None and known.digest == digest else None
        if known is None or parsed is None:
            parsed = self.fresh[path] = _parse(ctx, parse)
            known = _Entry(digest, _dumps(parsed))
            self.changed = True
        self.used[path] = known
        if parsed.event is not None:
            self.events[id(parsed.event)] = path
            self.alive.append(parsed.event)
        return parsed.replay(ctx)

    def edited(self) -> list[tuple[Event, Event]] | None:
        """The event before and after, of every file whose bytes changed since the last build;
        None when a file was added or removed, or one of them did not read without problems."""
        if self.used.keys() != self.known.keys():
            return None
        pairs = []
        for path, now in self.fresh.items():
            before = _loads(self.known[path].parsed)
            if before is None or before.event is None or now.event is None or before.problems or now.problems:
                return None
            pairs.append((before.event, now.event))
        return pairs

    def fingerprints(self) -> list[tuple[Event, bytes]]:
        """This build's events whose fingerprint is known from an earlier build."""
        known = []
        for event in self.alive:
            entry = self.used[self.events[id(event)]]
            if entry.fingerprint is not None:
                known.append((event, entry.fingerprint))
        return known

    def piece(self, kind: str, event: Event, make: Callable[[], str]) -> str:
        """The event's text of this kind in a data file (exports.EventText): kept from the last
        build when its file and the context are unchanged, else made (and kept for the next)."""
        path = self.events.get(id(event))
        if path is None or self.piece_context is None:  # not an event this build read
            return make()
        entry = self.used[path]
        if entry.pieces_context != self.piece_context:
            entry.pieces_context, entry.pieces = self.piece_context, {}
        text = entry.pieces.get(kind)
        if text is None:
            text = entry.pieces[kind] = make()
            self.changed = True
        return text

    def remember_fingerprints(self, digest: Callable[[Event], bytes]) -> None:
        """Work out the fingerprint of every event that has none yet (new or edited files)."""
        for event in self.alive:
            entry = self.used[self.events[id(event)]]
            if entry.fingerprint is None:
                entry.fingerprint = digest(event)
                self.changed = True


class _Pickler(pickle.Pickler):
    """Speed: a frozen dataclass is unpickled through its __init__ rather than the generic
    __setstate__ (which looks up its fields for each object): 2.4x faster for an event.
    Only for classes whose every field is an argument of __init__ and that check nothing in
    __post_init__ (others, such as Problem, are pickled the usual way)."""

    def reducer_override(self, obj: object) -> Any:
        kind = type(obj)
        if dataclasses.is_dataclass(kind) and not hasattr(kind, "__post_init__"):
            names = [item.name for item in dataclasses.fields(kind) if item.init]
            if len(names) == len(dataclasses.fields(kind)):
                return kind, tuple(getattr(obj, name) for name in names)
        return NotImplemented


def _loads(data: bytes) -> Parsed | None:
    """None when the kept entry cannot be read back (then the file is parsed again)."""
    try:
        parsed = pickle.loads(data)
    except Exception:  # noqa: BLE001 - any failure only costs a parse
        return None
    return parsed if isinstance(parsed, Parsed) else None


def _dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _parse(ctx: Context, parse: Callable[[Context], Event | None]) -> Parsed:
    own = Context(Problems(), markdown_parser=ctx.markdown_parser)
    event = parse(own)
    ctx.markdown_parser = own.markdown_parser  # made once per build, as without reuse
    return Parsed(event, own.problems.items, own.refs, own.quotes, own.former, own.markdown_work)  # type: ignore[arg-type]


def load_reuse(folder: Path) -> EventReuse:
    """The parsed events the last build saved in folder, or none (everything is parsed)."""
    if not private_folder(folder):
        return EventReuse()
    try:
        version, entries = pickle.loads((folder / REUSE_FILE).read_bytes())
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, TypeError):
        return EventReuse()
    if version != VERSION or not isinstance(entries, dict):
        return EventReuse()
    return EventReuse(known={path: _Entry(*values) for path, values in entries.items()})


def save_reuse(folder: Path, reuse: EventReuse) -> None:
    """This build's entries (only when they changed: a rebuild with no new parse writes nothing)."""
    if not reuse.changed and reuse.used.keys() == reuse.known.keys():
        return
    folder.mkdir(parents=True, exist_ok=True)
    entries = {path: (e.digest, e.parsed, e.fingerprint, e.pieces_context, e.pieces) for path, e in reuse.used.items()}
    temporary = folder / (REUSE_FILE + ".new")
    temporary.write_bytes(pickle.dumps((VERSION, entries), protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(folder / REUSE_FILE)
