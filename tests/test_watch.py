"""The preview's file watcher (timeline_core.site.watch): folders through the kernel, told of
writes, creations, deletions and moves but not of reads (the build reads every watched file),
and never following a link."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.polling import PollingObserverVFS

from timeline_core.site.watch import Watchers, watchers

WAIT = 10.0  # seconds: a generous bound for a correctness wait, not a speed target


class Seen(FileSystemEventHandler):
    """Records file events as MkDocs' handler reacts to them (folders' own events ignored)."""

    def __init__(self) -> None:
        self.events: list[FileSystemEvent] = []
        self.changed = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.events.append(event)
            self.changed.set()

    def wait(self) -> bool:
        found = self.changed.wait(WAIT)
        self.changed.clear()
        return found


@pytest.fixture
def watched(tmp_path: Path) -> tuple[Watchers, Path]:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "a.yml").write_text("title: A\n", encoding="utf-8")
    (folder / "loop").symlink_to(folder)  # a link back to the folder: never followed
    running = watchers(0.5)
    if running.kernel is None:
        pytest.skip("no inotify on this system: everything is polled (covered by test_serve)")
    yield running, folder
    running.stop()
    running.join(WAIT)


def test_folders_are_watched_by_the_kernel_and_files_are_polled(watched: tuple[Watchers, Path], tmp_path: Path) -> None:
    running, folder = watched
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    handler = Seen()
    on_folder = running.schedule(handler, str(folder), recursive=True)
    on_file = running.schedule(handler, str(config))
    assert running._owner[on_folder][0] is running.kernel
    assert isinstance(running._owner[on_file][0], PollingObserverVFS)


def test_writes_creations_deletions_and_moves_are_seen_reads_are_not(watched: tuple[Watchers, Path]) -> None:
    running, folder = watched
    handler = Seen()
    running.schedule(handler, str(folder), recursive=True)
    running.start()
    (folder / "a.yml").read_text(encoding="utf-8")  # what every build does
    assert not handler.changed.wait(1.0), f"a read is not a change: {handler.events}"
    for change in (
        lambda: (folder / "a.yml").write_text("title: B\n", encoding="utf-8"),
        lambda: (folder / "b.yml").write_text("title: C\n", encoding="utf-8"),
        lambda: os.replace(folder / "b.yml", folder / "c.yml"),  # an editor's atomic save
        lambda: (folder / "c.yml").unlink(),
    ):
        change()
        assert handler.wait(), "the change was not seen"
    sub = folder / "new-folder"
    sub.mkdir()  # a folder's own event: ignored, as MkDocs does
    (sub / "d.yml").write_text("title: D\n", encoding="utf-8")
    assert handler.wait(), "a file in a folder created while watching was not seen"
    assert all("loop" not in event.src_path for event in handler.events), "the link was followed"


def test_when_the_kernel_refuses_the_folders_are_polled(watched: tuple[Watchers, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """inotify refuses once a user's watches are used up (ENOSPC): the preview polls instead
    of failing to start or missing every edit."""
    running, folder = watched
    kernel = running.kernel
    assert kernel is not None

    def refuse() -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(kernel, "start", refuse)
    handler = Seen()
    watch = running.schedule(handler, str(folder), recursive=True)
    running.start()
    assert running.kernel is None and isinstance(running._owner[watch][0], PollingObserverVFS)
    (folder / "a.yml").write_text("title: B\n", encoding="utf-8")
    assert handler.wait(), "the change was not seen by polling"
    running.unschedule(watch)
