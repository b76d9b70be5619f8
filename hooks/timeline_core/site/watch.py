"""The preview's file watcher: told of a change at once, and never following a link.

MkDocs' own watcher polls every watched tree twice a second with `stat`, which follows links
(two links to '.' in a watched folder grow its memory without end). Polling also costs time
both ways: an edit waits a quarter of a second on average before it is even seen, and every
poll lists and stats every file (16 ms at 1,000 events, 160 ms at 10,000, twice a second,
while nothing changes).

Here folders are watched through the kernel (inotify on Linux: watchdog's InotifyObserver,
which does not follow links, neither when it walks a tree nor for the files it watches), for
the changes that matter: a file written, created, deleted, moved or touched. Reading a file is
not a change (the build reads the watched files: opens would start a rebuild after every
rebuild). MkDocs ignores folders' own events, but a folder deleted or moved out of the tree
takes its files with it and the kernel reports only the folder: folders' events are passed on
as files' (`_FoldersAsFiles`). A watched folder replaced as a whole (renamed away and made
again) keeps a kernel watch on the old one: each one's identity is checked at every polling
interval, and a new watch made when it changed (`_RootCheck`).

Polled with `lstat`, as before: a watched file (mkdocs.yml; an editor that saves by replacing
the file would leave a kernel watch on the file it replaced), a folder on a file system whose
changes the kernel does not report (network and shared folders: NFS, SMB, WSL's drvfs and 9p,
FUSE, VirtualBox and virtiofs shares, where an edit made on the other side raises no event),
every folder where inotify is missing (other systems) or refused at start (the user's watches
used up by other programs), and everything when `TIMELINE_WATCH=poll` is set. inotify does not
say when it refuses a watch on a folder below a watched one; should the watches run out
there, `TIMELINE_WATCH=poll` is the way out (the README says so).

Nothing here imports MkDocs; `Watchers` has what MkDocs' server uses of an observer.
"""

from __future__ import annotations

import os
import re
import threading
from typing import Any

from watchdog.events import (
    DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileAttribEvent, FileClosedEvent, FileCreatedEvent,
    FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileSystemEvent, FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserverVFS

MOUNTS = "/proc/self/mountinfo"
_ESCAPED = re.compile(r"\\([0-7]{3})")
# File systems whose changes made elsewhere (another machine, the host of a virtual machine or
# container, Windows under WSL) raise no inotify event here: polled.
_UNSEEN = ("9p", "drvfs", "cifs", "smb3", "smbfs", "vboxsf", "virtiofs", "ceph", "afs", "lustre", "glusterfs")
_UNSEEN_FAMILIES = ("nfs", "fuse")

# What changes a watched folder: MkDocs rebuilds on any of them (it ignores folders' own events,
# but a folder created or moved needs its own kernel watch, so those are asked for too).
CHANGES = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileDeletedEvent, FileMovedEvent,
           FileAttribEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
_AS_FILES: dict[type, type] = {DirCreatedEvent: FileCreatedEvent, DirDeletedEvent: FileDeletedEvent,
                               DirMovedEvent: FileMovedEvent}


class _FoldersAsFiles(FileSystemEventHandler):
    """MkDocs' handler, told of a folder created, deleted or moved as of a file: it ignores
    folders' events, and the kernel reports a folder moved out of the tree (to the trash) by
    that event alone, not by one for each of its files."""

    def __init__(self, handler: FileSystemEventHandler) -> None:
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        kind = _AS_FILES.get(type(event))
        if kind is FileMovedEvent:
            event = FileMovedEvent(event.src_path, event.dest_path)
        elif kind is not None:
            event = kind(event.src_path)
        self.handler.dispatch(event)


class Watchers:
    """Folders through the kernel when it can, files (and everything else) by polling."""

    def __init__(self, polling_interval: float, kernel: BaseObserver | None) -> None:
        self.polling = PollingObserverVFS(os.lstat, os.scandir, polling_interval=polling_interval)
        self.kernel = kernel
        self.interval = polling_interval
        self._lock = threading.Lock()  # MkDocs schedules from its threads, the root check from its own
        # What schedule returned -> the observer and watch that serve it (moved to polling
        # when the kernel refuses at start, or made anew when the folder is replaced), and
        # what the kernel was asked to watch, with the folder's identity then.
        self._owner: dict[ObservedWatch, tuple[BaseObserver, ObservedWatch]] = {}
        self._asked: dict[ObservedWatch, tuple[FileSystemEventHandler, str, bool, tuple[int, int] | None]] = {}
        self._check: _RootCheck | None = None

    def schedule(self, handler: FileSystemEventHandler, path: str, recursive: bool = False) -> ObservedWatch:
        folder = os.path.isdir(path) and not os.path.islink(path)
        with self._lock:
            if folder and self.kernel is not None and kernel_sees(path):
                watch = self.kernel.schedule(_FoldersAsFiles(handler), path, recursive=recursive, event_filter=CHANGES)
                self._owner[watch] = (self.kernel, watch)
                self._asked[watch] = (handler, path, recursive, _identity(path))
            else:
                watch = self.polling.schedule(handler, path, recursive=recursive)
                self._owner[watch] = (self.polling, watch)
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        with self._lock:
            observer, actual = self._owner.pop(watch)
            self._asked.pop(watch, None)
            observer.unschedule(actual)

    def _observers(self) -> list[BaseObserver]:
        return [self.polling] + ([self.kernel] if self.kernel is not None else [])

    def start(self) -> None:
        if self.kernel is not None:
            try:
                self.kernel.start()
            except OSError:  # e.g. "no space left on device": the user's inotify watches are used up
                self._poll_instead()
        self.polling.start()
        if self.kernel is not None:
            self._check = _RootCheck(self)
            self._check.start()

    def _poll_instead(self) -> None:
        """Watch with polling what the kernel was to watch (it refused at start)."""
        kernel, self.kernel = self.kernel, None
        if kernel is not None:
            kernel.stop()
        for watch, (handler, path, recursive, _identity) in self._asked.items():
            self._owner[watch] = (self.polling, self.polling.schedule(handler, path, recursive=recursive))
        self._asked.clear()

    def check_roots(self) -> None:
        """Each kernel-watched folder that is no longer the folder it was (renamed away and
        made again, or gone): watched anew, and MkDocs told, as of its deletion."""
        with self._lock:
            replaced = [(watch, asked) for watch, asked in self._asked.items() if _identity(asked[1]) != asked[3]]
            for watch, (handler, path, recursive, _old) in replaced:
                observer, actual = self._owner[watch]
                observer.unschedule(actual)
                if self.kernel is not None and os.path.isdir(path) and not os.path.islink(path):
                    actual = self.kernel.schedule(_FoldersAsFiles(handler), path, recursive=recursive, event_filter=CHANGES)
                    self._owner[watch] = (self.kernel, actual)
                    self._asked[watch] = (handler, path, recursive, _identity(path))
                else:  # gone: polled, which reports it when it comes back
                    self._owner[watch] = (self.polling, self.polling.schedule(handler, path, recursive=recursive))
                    del self._asked[watch]
        for _watch, (handler, path, _recursive, _old) in replaced:
            handler.dispatch(FileDeletedEvent(path))

    def stop(self) -> None:
        if self._check is not None:
            self._check.stopped.set()
        for observer in self._observers():
            observer.stop()

    def join(self, timeout: float | None = None) -> None:
        if self._check is not None:
            self._check.join(timeout)
        for observer in self._observers():
            if observer.ident is not None:  # started (joining one that never was is an error)
                observer.join(timeout)


class _RootCheck(threading.Thread):
    """Checks the kernel-watched folders' identity at every polling interval (one lstat each)."""

    def __init__(self, watchers: Watchers) -> None:
        super().__init__(name="timeline-watch-roots", daemon=True)
        self.watchers = watchers
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.watchers.interval):
            self.watchers.check_roots()


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def kernel_sees(path: str, mounts: str = MOUNTS) -> bool:
    """Whether the kernel reports the changes made in this folder (False on network and shared
    file systems; TIMELINE_WATCH=poll leaves `watchers` without a kernel observer at all)."""
    kind = file_system(path, mounts)
    return kind is None or not (kind in _UNSEEN or kind.startswith(_UNSEEN_FAMILIES))


def file_system(path: str, mounts: str = MOUNTS) -> str | None:
    """The type of the file system holding `path` (Linux's mount table), or None if unknown."""
    try:
        with open(mounts, encoding="utf-8", errors="surrogateescape") as table:
            lines = table.read().splitlines()
    except OSError:
        return None
    target, best, kind = os.path.realpath(path), "", None
    for line in lines:
        fields, _, after = line.partition(" - ")
        parts, rest = fields.split(), after.split()
        if len(parts) < 5 or not rest:
            continue
        point = _ESCAPED.sub(lambda code: chr(int(code[1], 8)), parts[4])  # "\\040" for a space
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, rest[0]
    return kind


def watchers(polling_interval: float) -> Watchers:
    """The preview's watchers: the kernel's for folders when this system offers it."""
    return Watchers(polling_interval, None if os.environ.get("TIMELINE_WATCH") == "poll" else _kernel_observer())


def _kernel_observer() -> Any:
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not Linux
        return None
    try:
        return InotifyObserver()
    except OSError:  # no inotify here, or too many instances
        return None
