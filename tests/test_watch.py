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

from timeline_core.site.watch import Watchers, file_system, kernel_sees, watchers

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


def test_a_folder_moved_out_of_the_tree_is_seen(watched: tuple[Watchers, Path], tmp_path: Path) -> None:
    """Moving a folder to the trash: the kernel reports the folder alone, which MkDocs would
    ignore (a folder's event); it is passed on as a file's, so the preview rebuilds."""
    running, folder = watched
    sub = folder / "2024"
    sub.mkdir()
    (sub / "d.yml").write_text("title: D\n", encoding="utf-8")
    handler = Seen()
    running.schedule(handler, str(folder), recursive=True)
    running.start()
    os.rename(sub, tmp_path / "trash")
    assert handler.wait(), "the folder moved out was not seen"
    assert any(event.src_path == str(sub) for event in handler.events)


def test_touch_is_a_change(watched: tuple[Watchers, Path]) -> None:
    running, folder = watched
    handler = Seen()
    running.schedule(handler, str(folder), recursive=True)
    running.start()
    os.utime(folder / "a.yml")  # `touch a.yml`: an old habit to ask for a rebuild
    assert handler.wait(), "touch was not seen"


def test_a_watched_folder_replaced_whole_is_watched_anew(watched: tuple[Watchers, Path], tmp_path: Path) -> None:
    """`mv events events.old && mkdir events`: the kernel's watch stays on the old folder; the
    identity check makes a new one, and edits in the old folder are no longer reported."""
    running, folder = watched
    handler = Seen()
    running.schedule(handler, str(folder), recursive=True)
    running.start()
    old = tmp_path / "events.old"
    os.rename(folder, old)
    folder.mkdir()
    assert handler.wait(), "the replaced folder was not seen"
    now = (os.lstat(folder).st_dev, os.lstat(folder).st_ino)
    pause = threading.Event()
    for _ in range(int(WAIT / 0.05)):  # until the check has made the new watch
        if [asked[3] for asked in running._asked.values()] == [now]:
            break
        pause.wait(0.05)
    handler.events.clear()
    handler.changed.clear()
    (folder / "b.yml").write_text("title: B\n", encoding="utf-8")
    assert handler.wait(), "an edit in the new folder was not seen"
    assert any(event.src_path == str(folder / "b.yml") for event in handler.events)
    # A stale watch would report the old folder's a.yml under the new folder's name (the new
    # folder has no a.yml): b.yml's own late events (closed after modified) may still come.
    (old / "a.yml").write_text("title: Old\n", encoding="utf-8")
    pause.wait(1.0)
    assert not [event for event in handler.events if event.src_path.endswith("a.yml")], handler.events


MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /mnt/shared rw,relatime - nfs4 server:/export rw
41 22 0:36 / /mnt/c rw,noatime - 9p drvfs rw
42 22 0:37 / /home/me/remote rw - fuse.sshfs me@host: rw
43 42 8:2 / /home/me/remote/local\\040disk rw - ext4 /dev/sdb1 rw
44 22 0:38 / /media/vbox rw - vboxsf none rw
"""


@pytest.mark.parametrize(("path", "kind", "kernel"), [
    ("/home/me/project", "ext4", True),
    ("/mnt/shared/project", "nfs4", False),
    ("/mnt/c/Users/me/project", "9p", False),
    ("/home/me/remote/project", "fuse.sshfs", False),
    ("/home/me/remote/local disk/project", "ext4", True),  # a mount inside one: the longest wins
    ("/media/vbox/project", "vboxsf", False),
    ("/mnt/sharedother", "ext4", True),  # a name that only starts like a mount point
])
def test_folders_on_shared_file_systems_are_polled(tmp_path: Path, path: str, kind: str, kernel: bool) -> None:
    """An edit made on the other side of a network or shared folder (Windows under WSL, a
    virtual machine's host) raises no inotify event here: such folders are polled."""
    mounts = tmp_path / "mountinfo"
    mounts.write_text(MOUNTINFO, encoding="utf-8")
    assert file_system(path, str(mounts)) == kind
    assert kernel_sees(path, str(mounts)) is kernel


def test_timeline_watch_poll_polls_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_WATCH", "poll")
    running = watchers(0.5)
    assert running.kernel is None
    watch = running.schedule(Seen(), str(tmp_path), recursive=True)
    assert isinstance(running._owner[watch][0], PollingObserverVFS)
