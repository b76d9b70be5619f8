"""Finding the data files and turning the whole project into a checked Dataset.

Every file in a data folder is either read as its kind or reported: a stray `.yaml`, a `.txt`
or a symbolic link is an error, never silently skipped.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Generic, TypeVar

from . import budget, load
from .check_cache import CheckCache, file_digest, summed
from .fields import Context, Ref
from .link import check_links
from .model import Actor, Dataset, Event, Location, Seed, SeedQuote
from .problems import DataError, Position, Problem, Problems, quoted
from .read import decode, parse_yaml, size_problem
from .tree import special_kind

if TYPE_CHECKING:
    from .reuse import EventReuse


_NEAR_MISSES = (".yaml", ".yml", ".md", ".markdown")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where each kind of file lives, relative to the project root."""

    root: Path
    events: str = "events"
    actors: str = "docs/actors"
    locations: str = "docs/locations"
    seeds: str = "seeds"


@dataclass(frozen=True, slots=True)
class DataFile:
    path: str  # relative to the project root, with forward slashes: used in every message
    absolute: str | Path  # as listed (a Path per file cost a twentieth of `make check`)
    id: str
    size: int = 0  # as listed (lstat): for the budget, before anything is read


@dataclass(frozen=True, slots=True)
class Counts:
    """How many records and citations were read: what `make check` says of clean data."""

    events: int
    actors: int
    locations: int
    seeds: int
    citations: int
    quotes: int  # citations that quote a seed


def counts(dataset: Dataset) -> Counts:
    tally = _tally(dataset.events)
    return Counts(tally[0], len(dataset.actors), len(dataset.locations), len(dataset.seeds), tally[1], tally[2])


def load_dataset(layout: Layout, workers: int = 1, reuse: EventReuse | None = None) -> Dataset:
    """Read, check and cross-check every data file; raise DataError listing every problem.

    `workers` > 1 reads events in that many processes (for `make check` on large datasets;
    the MkDocs build keeps to one process: forking a server with threads is unsafe).
    `reuse`: the preview's events parsed by its last build (reuse.py), for unchanged files."""
    return _without_collector(lambda: _load(layout, workers, keep_events=True, reuse=reuse)[0])


def check_dataset(layout: Layout, workers: int = 1, cache: CheckCache | None = None) -> Counts:
    """What load_dataset checks, and raises, without keeping the records: `make check` needs
    only the problems and the counts. Speed: the worker processes send no events back
    (pickling and unpickling 5,000 events cost about 0.85 s of CPU, most of it waited for).
    With a cache, event files read before with the same bytes are not read again, and the
    cache is saved (see check_cache.py)."""
    def check() -> Counts:
        try:
            dataset, tally = _load(layout, workers, keep_events=False, cache=cache)
        finally:  # data with problems is what gets checked again and again
            if cache is not None:
                cache.save()
        return Counts(tally[0], len(dataset.actors), len(dataset.locations), len(dataset.seeds), tally[1], tally[2])

    # The cache is saved with the collector off too: turned on while the check's millions of
    # objects were alive, its first pass scanned them all (a tenth of a second).
    return _without_collector(check)


def _without_collector(read: Callable[[], _T]) -> _T:
    # Reading makes millions of small tuples and no reference cycles; the cyclic collector
    # would scan them again and again (it tripled the time of checking 10,000 events).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return read()
    finally:
        if collecting:
            gc.enable()


# (events, citations, quotes)
Tally = tuple[int, int, int]


def _tally(events: Sequence[Event]) -> Tally:
    sources = [source for event in events for source in event.sources]
    return len(events), len(sources), sum(isinstance(source, SeedQuote) for source in sources)


def _tally_one(event: Event) -> Tally:
    """_tally((event,)), without its lists (once per event read)."""
    quotes = 0
    for source in event.sources:
        if isinstance(source, SeedQuote):
            quotes += 1
    return 1, len(event.sources), quotes


def _tallies(events: Iterable[Event]) -> dict[str, Tally]:
    return {event.path: _tally_one(event) for event in events}


def _load(layout: Layout, workers: int, keep_events: bool, cache: CheckCache | None = None,
          reuse: EventReuse | None = None) -> tuple[Dataset, Tally]:
    """The dataset (with only this process's events unless `keep_events`) and the tally of
    every event read."""
    problems = Problems()
    ctx = Context(problems)
    events_files = _find(layout, layout.events, ".yml", problems, nested=True)
    actor_files = _find(layout, layout.actors, ".md", problems)
    location_files = _find(layout, layout.locations, ".md", problems)
    seed_files = _find(layout, layout.seeds, ".md", problems)
    _check_unique_ids(events_files, problems)
    if not _within_budget(layout, (events_files, actor_files, location_files, seed_files), problems):
        raise DataError(problems.sorted())  # reading would cost what the budget is there to stop

    known = {
        "event": {file.id for file in events_files},
        "actor": {file.id for file in actor_files},
        "location": {file.id for file in location_files},
        "source": {file.id for file in seed_files},
    }
    pages: list[list] = []

    def read_pages() -> None:
        pages.append(_read_pages(actor_files, ctx, load.actor, load.RECORD_LIMIT))
        pages.append(_read_pages(location_files, ctx, load.location, load.RECORD_LIMIT))
        pages.append(_read_pages(seed_files, ctx, load.seed, load.SEED_LIMIT))

    if reuse is not None:
        events = _reread_events(events_files, ctx, reuse)
        tallies = _tallies(events)
        read_pages()
    else:
        events, tallies = _read_events(events_files, ctx, workers, keep_events, cache, known, read_pages)
    actors, locations, seeds = pages
    tally = summed(tallies.values())
    # In the files' order, whichever process (or the cache) read them, then the pages' (in
    # the order read): the first few quotes not found in a seed get a detailed hint, so the
    # order decides the messages.
    order = {file.path: index for index, file in enumerate(events_files)}
    ctx.quotes.sort(key=lambda quote: order.get(quote[2].path, len(order)))

    dataset = Dataset(
        events=tuple(sorted(events, key=lambda e: e.sort_key)),
        actors={a.id: a for a in sorted(actors, key=lambda a: a.id)},
        locations={loc.id: loc for loc in sorted(locations, key=lambda loc: loc.id)},
        seeds={s.id: s for s in sorted(seeds, key=lambda s: s.id)},
    )
    budget.check_markdown(ctx.markdown_work, problems, layout.events)
    check_links(dataset, ctx, known)
    if problems:
        raise DataError(problems.sorted())
    return dataset, tally


def _find(
    layout: Layout, folder: str, suffix: str, problems: Problems, nested: bool = False
) -> list[DataFile]:
    base = layout.root / folder
    found: list[DataFile] = []
    if base.is_symlink():  # it could point anywhere on the machine that builds the site
        problems.add(Position(folder), f"{folder}/ is a symbolic link; data folders must be real folders")
        return found
    if not base.is_dir():
        return found
    # Speed: each entry's path is the folder's (worked out once) plus what scandir appended;
    # a Path per file cost a tenth of `make check`.
    top, shown = str(base), base.relative_to(layout.root).as_posix()
    for entry in _walk(top, nested, problems, layout.root):
        path = shown + entry.path[len(top) :].replace(os.sep, "/")
        if entry.is_symlink():
            problems.add(Position(path), "symbolic links are not allowed in data folders; copy the file")
            continue
        if entry.is_dir():
            if not nested:
                problems.add(Position(path), f"no subfolders in {folder}/; move the files up")
            continue
        stem, ext = os.path.splitext(entry.name)
        if ext != suffix:
            slug = load.slug(stem)
            hint = f"; rename it to {quoted(slug + suffix)}" if slug and ext.lower() in _NEAR_MISSES else ""
            problems.add(
                Position(path),
                f"{folder}/ holds only {suffix} files, found {quoted(entry.name)}{hint}",
            )
            continue
        problem = load.id_problem(stem)
        if problem:
            problems.add(Position(path), problem)
            continue
        found.append(DataFile(path, entry.path, stem, entry.stat(follow_symlinks=False).st_size))
    return found


def _within_budget(layout: Layout, groups: tuple[list[DataFile], ...], problems: Problems) -> bool:
    """Counts per folder and bytes in all, from the listing alone. A file over its own limit is
    reported by itself (it is never read) and not counted."""
    folders = (layout.events, layout.actors, layout.locations, layout.seeds)
    kinds = ("events", "actors", "locations", "seeds")
    ok = all([budget.check_count(folder, kind, len(files), problems)
              for folder, kind, files in zip(folders, kinds, groups, strict=True)])
    limits = (load.RECORD_LIMIT, load.RECORD_LIMIT, load.RECORD_LIMIT, load.SEED_LIMIT)
    total = sum(f.size for files, limit in zip(groups, limits, strict=True) for f in files if f.size <= limit)
    return budget.check_bytes(total, problems, layout.events) and ok


def _walk(folder: str, nested: bool, problems: Problems, root: Path) -> Iterator[os.DirEntry[str]]:
    """Every entry below folder in a stable order, never following symbolic links.

    Security: a subfolder's name becomes part of the event's repository path, and so of the
    "edit this" address the theme prints: only folders named like ids are entered; any other
    is reported (and its files left unread)."""
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    for entry in entries:
        yield entry
        if nested and entry.is_dir(follow_symlinks=False):
            problem = load.id_problem(entry.name, "folder")
            if problem:
                problems.add(Position(Path(entry.path).relative_to(root).as_posix()), problem)
            else:
                yield from _walk(entry.path, nested, problems, root)


def _check_unique_ids(files: list[DataFile], problems: Problems) -> None:
    first: dict[str, str] = {}
    for file in sorted(files, key=lambda f: f.path):
        if file.id in first:
            problems.add(
                Position(file.path),
                f"event id {quoted(file.id)} is already used by {first[file.id]}; ids are unique "
                "across events/ and its subfolders: rename one of them",
            )
        else:
            first[file.id] = file.path


def _read_text(file: DataFile, limit: int, problems: Problems) -> str | None:
    data = _read_bytes(file, limit, problems)
    return None if data is None else decode(data, file.path, limit, problems)


# O_NONBLOCK, O_NOFOLLOW and O_NOCTTY do not exist on Windows (where FIFOs cannot be in a
# checkout either); O_BINARY exists only there. (Distinct bits: their sum is their union.)
_OPEN_FLAGS = os.O_RDONLY | sum(getattr(os, flag, 0) for flag in ("O_NONBLOCK", "O_NOFOLLOW", "O_NOCTTY", "O_BINARY"))


def _read_bytes(file: DataFile, limit: int, problems: Problems) -> bytes | None:
    """Security: at most limit + 1 bytes of a regular file with one name, or None with the
    problem recorded. Opened without blocking (a FIFO would wait for a writer forever), then
    judged by what was opened (fstat: no race with a swap after the directory listing); the
    size is known before reading (a sparse 30 GB file is refused, not read). A file with other
    names (hard links) may be one from outside the repository: refused unread, so nothing of it
    is quoted in a message."""
    try:
        descriptor = os.open(file.absolute, _OPEN_FLAGS)
    except OSError as error:  # a socket cannot be opened at all: name it by what it is
        kind = _kind_on_disk(file.absolute)
        what = f"is {kind}, not a file" if kind else f"cannot be opened ({error.strerror})"
        problems.add(Position(file.path), f"{what}; data folders hold only ordinary files")
        return None
    try:
        info = os.fstat(descriptor)
        kind = special_kind(info.st_mode)
        if kind:
            problems.add(Position(file.path), f"is {kind}, not a file; data folders hold only ordinary files")
            return None
        if info.st_nlink > 1:
            problems.add(Position(file.path), f"has {info.st_nlink} names (hard links), so it may be a file from "
                         "outside the repository; replace it with an ordinary copy")
            return None
        if info.st_size > limit:
            problems.add(Position(file.path), size_problem(info.st_size, limit))
            return None
        return _read_all(descriptor, limit + 1, info.st_size)
    finally:
        os.close(descriptor)


def _read_all(descriptor: int, most: int, size: int = -1) -> bytes:
    """Up to `most` bytes, until the end of the file (os.read may return less than asked).
    Speed: a first read that returns the `size` the file had when opened is the whole file,
    with no second read to find its end (a system call per file)."""
    first = os.read(descriptor, most)
    if len(first) == size or not first:
        return first
    chunks = [first]
    most -= len(first)
    while most > 0:
        chunk = os.read(descriptor, most)
        if not chunk:
            break
        chunks.append(chunk)
        most -= len(chunk)
    return b"".join(chunks)


def _kind_on_disk(path: str | Path) -> str | None:
    try:
        return special_kind(os.lstat(path).st_mode)
    except OSError:
        return None


PARALLEL_MINIMUM = 500  # below this, forking and sending results back cost more than they save

# What a worker process sends back besides its events: problems, and the references, quotes and
# former ids as plain tuples of text and numbers. Speed: pickle handles those in C, while each
# dataclass or named tuple costs it Python calls (the references alone took a quarter of a
# worker's time to send and receive at 10,000 events).
PlainPosition = tuple[str, int, int]
ShareResult = tuple[
    list[Event], list[Problem], list[tuple[str, str, PlainPosition, str]],
    list[tuple[str, str, PlainPosition]], list[tuple[str, str, PlainPosition]], dict[str, int], dict[str, Tally],
    str, list[tuple[str, str]],
]
CHUNK = 64  # at most this many event files a process takes at a time


@dataclass(slots=True)
class _Share:
    """What one process found in its share of the event files."""

    events: list[Event]
    tallies: dict[str, Tally]
    known: list[tuple[str, str]]  # (path, digest) of the files the cache knows: not read


def _read_events(
    files: list[DataFile], ctx: Context, workers: int, keep: bool = True, cache: CheckCache | None = None,
    known: dict[str, set[str]] | None = None, meanwhile: Callable[[], None] = lambda: None,
) -> tuple[list[Event], dict[str, Tally]]:
    """The events read (if `keep`; otherwise each is dropped once tallied), and each event's
    tally by path. With a cache, files it knows (same bytes) are replayed from it, not read, and the
    others are remembered.

    Speed: the workers are forked copies of this process, which already hold the file list
    and the cache, so nothing is sent to them; every process, this one too, takes the next
    CHUNK files until none are left (so they end together, whatever else runs on the
    machine), reads and hashes them itself, and a worker sends back only plain results and
    its cache entries as JSON; of its references only those to ids not in `known` (the ids of
    every data file: the others would pass the link stage's check, which is all it does with
    them). (A process pool pickled every file's bytes to its worker, and its feeder thread
    took the GIL from this process while it read.) The order in which the
    files are read changes nothing: problems are sorted, quotes are put back in file order.

    `meanwhile`: other reading this process does (the pages): with workers, before it takes
    its first chunk, so that the workers take more of them while it does; each process also
    makes its cache entries' JSON a chunk at a time. Then the processes end their shares
    together with little left to do, the workers only sending their results."""
    if workers < 2 or len(files) < PARALLEL_MINIMUM or not hasattr(os, "fork"):  # (no fork on Windows)
        share = _read_share(files, ctx, keep, cache, known)
        meanwhile()
        results: list[ShareResult] = []
    else:
        chunks = _Chunks(len(files), workers)
        others = [_Worker(partial(_read_share_plain, files, chunks.of(rank), keep, cache, known or {}))
                  for rank in range(1, workers)]
        try:
            meanwhile()
            share = _read_share(files, ctx, keep, cache, known, chunks.of(0))
        except BaseException:
            for worker in others:
                worker.stop()
            raise
        finally:
            chunks.close()
        results = []
        try:
            for worker in others:
                results.append(worker.result())
        except BaseException:  # one failed (and was waited for): the others are not heard
            for worker in others[len(results) + 1:]:
                worker.stop()
            raise
    for result in results:
        _merge(share, ctx, result, cache)
    if cache is not None:
        for path, digest in share.known:
            replayed = cache.replay(path, digest, ctx, known)
            if replayed is not None and replayed[0]:
                share.tallies[path] = replayed
    return share.events, share.tallies


class _Chunks:
    """The chunks of files (their slices) shared by forked processes: each process first
    reads a chunk of its own (so each takes part), then takes the others from a pipe that
    holds one 4-byte number per chunk, each taken by one read (reads this short are atomic),
    so every chunk goes to exactly one process."""

    def __init__(self, count: int, workers: int):
        self.size = max(1, min(CHUNK, count // (workers * 8)))  # small data: several chunks each
        self.read_end, write_end = os.pipe()
        numbers = range(workers * self.size, count, self.size)
        with os.fdopen(write_end, "wb") as pipe:  # 4 bytes a chunk: far below a pipe's buffer
            pipe.write(b"".join(start.to_bytes(4, "little") for start in numbers))
        os.set_blocking(self.read_end, False)

    def of(self, rank: int) -> Iterator[slice]:
        """The slices process number `rank` reads (0: this process)."""
        yield slice(rank * self.size, (rank + 1) * self.size)
        while True:
            try:
                taken = os.read(self.read_end, 4)
            except BlockingIOError:  # none left
                return
            if len(taken) < 4:
                return
            start = int.from_bytes(taken, "little")
            yield slice(start, start + self.size)

    def close(self) -> None:
        os.close(self.read_end)


def _read_share(files: list[DataFile], ctx: Context, keep: bool, cache: CheckCache | None,
                known: dict[str, set[str]] | None = None, chunks: Iterator[slice] | None = None) -> _Share:
    """Reads `files`, or the chunks of them this process takes from `chunks`. References to
    ids in `known` (every data file's) are dropped as each chunk is read: the link stage would
    only find them there (this way the dropping is shared out with the chunks)."""
    share = _Share([], {}, [])
    parts = [files] if chunks is None else (files[part] for part in chunks)
    for part in parts:
        first_ref = len(ctx.refs)
        for file in part:
            if cache is None:
                event = _read_event(file, ctx)
            else:
                data = _read_bytes(file, load.RECORD_LIMIT, ctx.problems)
                if data is None:
                    continue  # reported; such a file is never cached
                digest = file_digest(data)
                if cache.knows(file.path, digest):
                    share.known.append((file.path, digest))
                    continue
                since = (len(ctx.problems.items), len(ctx.refs), len(ctx.quotes), len(ctx.former))
                event = _read_event(file, ctx, data)
                cache.keep(file.path, digest, ctx, since, (0, 0, 0) if event is None else _tally_one(event))
            if event is None:
                continue
            if keep:
                share.events.append(event)
            else:  # `make check` needs only the tally (and the memory is freed as it goes)
                share.tallies[event.path] = _tally_one(event)
        if known is not None:
            ctx.refs[first_ref:] = [ref for ref in ctx.refs[first_ref:] if ref.id not in known.get(ref.kind, ())]
        if cache is not None:
            cache.fresh_json.append(cache.take_json())
    share.tallies.update(_tallies(share.events))
    return share


def _read_share_plain(files: list[DataFile], chunks: Iterator[slice], keep: bool, cache: CheckCache | None,
                      known: dict[str, set[str]]) -> ShareResult:
    """_read_share in a worker process, its results as plain data."""
    ctx = Context(Problems())
    share = _read_share(files, ctx, keep, cache, known, chunks)
    entries = "" if cache is None else ", ".join(part for part in cache.fresh_json if part)
    return (
        share.events,
        ctx.problems.items,
        [(ref.kind, ref.id, _plain(ref.where), ref.field) for ref in ctx.refs],
        [(seed, quote, _plain(where)) for seed, quote, where in ctx.quotes],
        [(kind, former_id, _plain(where)) for kind, former_id, where in ctx.former],
        ctx.markdown_work,
        share.tallies,
        entries,
        share.known,
    )


def _merge(share: _Share, ctx: Context, result: ShareResult, cache: CheckCache | None) -> None:
    events, problems, refs, quotes, former, markdown_work, tallies, entries, known = result
    share.events.extend(events)
    share.tallies.update(tallies)
    share.known.extend(known)
    if cache is not None:
        cache.fresh_json.append(entries)
    ctx.problems.items.extend(problems)
    ctx.refs.extend(Ref(kind, id_, Position(*where), field) for kind, id_, where, field in refs)
    ctx.quotes.extend((seed, quote, Position(*where)) for seed, quote, where in quotes)
    ctx.former.extend((kind, former_id, Position(*where)) for kind, former_id, where in former)
    ctx.markdown_work.update(markdown_work)  # each file is read by one process


def _plain(where: Position) -> PlainPosition:
    return (where.path, where.line, where.column)


class _Worker(Generic[_T]):
    """`work` run in a forked copy of this process, its result sent back through a pipe. The
    child never returns into the caller: whatever happens, it ends with os._exit once its
    result is written."""

    def __init__(self, work: Callable[[], _T]):
        self.read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the worker
            try:
                os.close(self.read_end)
                try:
                    payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException as error:  # sent to the parent, which raises it
                    payload = pickle.dumps((False, f"{type(error).__name__}: {error}"))
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
            finally:
                os._exit(0)
        os.close(write_end)

    def result(self) -> _T:
        """Waits for the result; raises if the worker failed."""
        with os.fdopen(self.read_end, "rb") as pipe:
            payload = pipe.read()
        os.waitpid(self.pid, 0)
        try:
            ok, value = pickle.loads(payload)
        except Exception:  # the worker died before writing (killed, out of memory)
            ok, value = False, "it ended without a result"
        if not ok:
            raise RuntimeError(f"a worker process of the check failed: {value}")
        return value  # type: ignore[no-any-return]

    def stop(self) -> None:
        """Ends the worker unheard (this process failed): it would wait forever to write a
        result larger than the pipe holds."""
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.read_end)


def _reread_events(files: list[DataFile], ctx: Context, reuse: EventReuse) -> list[Event]:
    """Every event file read (and judged) as _read_event reads it; parsed only when its
    bytes differ from the last build's (the preview, see reuse.py)."""
    events = []
    for file in files:
        data = _read_bytes(file, load.RECORD_LIMIT, ctx.problems)
        event = None if data is None else reuse.event(file.path, data, ctx, partial(_parse_event, file, data))
        if event is not None:
            events.append(event)
    return events


def _parse_event(file: DataFile, data: bytes, ctx: Context) -> Event | None:
    return _read_event(file, ctx, data)


def _read_event(file: DataFile, ctx: Context, data: bytes | None = None) -> Event | None:
    if data is None:
        text = _read_text(file, load.RECORD_LIMIT, ctx.problems)
    else:
        text = decode(data, file.path, load.RECORD_LIMIT, ctx.problems)
    if text is None:
        return None
    node = parse_yaml(text, file.path, ctx.problems)
    if node is None:
        return None
    return load.event(node, ctx, file.id, file.path)


PageReader = Callable[..., "Actor | Location | Seed | None"]


def _read_pages(files: list[DataFile], ctx: Context, reader: PageReader, limit: int) -> list:
    records = []
    for file in files:
        text = _read_text(file, limit, ctx.problems)
        if text is None:
            continue
        parsed = load.front_matter_record(text, file.path, ctx)
        if parsed is None:
            continue
        node, body = parsed
        record = reader(node, body, ctx, file.id, file.path)
        if record is not None:
            records.append(record)
    return records
