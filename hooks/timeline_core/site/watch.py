"""The preview's file watcher: told of a change at once, and never following a link.

MkDocs' own watcher polls every watched tree twice a second with `stat`, which follows links
(two links to '.' in a watched folder grow its memory without end). Polling also costs time
both ways: an edit waits a quarter of a second on average before it is even seen, and every
poll lists and stats every file (16 ms at 1,000 events, 160 ms at 10,000, twice a second,
while nothing changes).

Here folders are watched through the kernel (inotify on Linux: watchdog's InotifyObserver,
which does not follow links, neither when it walks a tree nor for the files it watches), for
the changes that matter: a file written, created, deleted or moved. Reading a file is not a
change (the build reads the watched files: opens would start a rebuild after every rebuild).
A watched file (mkdocs.yml) is still polled, with `lstat`: an editor that saves by replacing
the file would leave a kernel watch on the file it replaced. Where inotify is missing (other
systems) or refused (a user's watches used up by other programs), everything is polled with
`lstat`, as before.

Nothing here imports MkDocs; `Watchers` has what MkDocs' server uses of an observer.
"""

from __future__ import annotations

import os
from typing import Any

from watchdog.events import (
    DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent, FileCreatedEvent, FileDeletedEvent,
    FileModifiedEvent, FileMovedEvent, FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserverVFS

# What changes a watched folder: MkDocs rebuilds on any of them (it ignores folders' own events,
# but a folder created or moved needs its own kernel watch, so those are asked for too).
CHANGES = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileDeletedEvent, FileMovedEvent,
           DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


class Watchers:
    """Folders through the kernel when it can, files (and everything else) by polling."""

    def __init__(self, polling_interval: float, kernel: BaseObserver | None) -> None:
        self.polling = PollingObserverVFS(os.lstat, os.scandir, polling_interval=polling_interval)
        self.kernel = kernel
        # What schedule returned -> the observer and watch that serve it (moved to polling
        # when the kernel refuses at start), and what the kernel was asked to watch.
        self._owner: dict[ObservedWatch, tuple[BaseObserver, ObservedWatch]] = {}
        self._asked: dict[ObservedWatch, tuple[FileSystemEventHandler, str, bool]] = {}

    def schedule(self, handler: FileSystemEventHandler, path: str, recursive: bool = False) -> ObservedWatch:
        folder = os.path.isdir(path) and not os.path.islink(path)
        if folder and self.kernel is not None:
            watch = self.kernel.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
            self._owner[watch] = (self.kernel, watch)
            self._asked[watch] = (handler, path, recursive)
        else:
            watch = self.polling.schedule(handler, path, recursive=recursive)
            self._owner[watch] = (self.polling, watch)
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
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

    def _poll_instead(self) -> None:
        """Watch with polling what the kernel was to watch (it refused at start)."""
        kernel, self.kernel = self.kernel, None
        if kernel is not None:
            kernel.stop()
        for watch, (handler, path, recursive) in self._asked.items():
            self._owner[watch] = (self.polling, self.polling.schedule(handler, path, recursive=recursive))
        self._asked.clear()

    def stop(self) -> None:
        for observer in self._observers():
            observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in self._observers():
            if observer.ident is not None:  # started (joining one that never was is an error)
                observer.join(timeout)


def watchers(polling_interval: float) -> Watchers:
    """The preview's watchers: the kernel's for folders when this system offers it."""
    return Watchers(polling_interval, _kernel_observer())


def _kernel_observer() -> Any:
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not Linux
        return None
    try:
        return InotifyObserver()
    except OSError:  # no inotify here, or too many instances
        return None
