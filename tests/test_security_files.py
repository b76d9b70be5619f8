"""Security: what is in the folders, not only what the files say (issue #8, items 3, 8, 12).

- Symbolic links and special files in docs/ are refused before MkDocs walks the folder (it
  follows links: two links to '.' never end): a build fails at once with located messages;
  `mkdocs serve` stays responsive, builds the preview without them and shows the problems.
- In the data folders only regular files with one name are read, opened without blocking
  (a FIFO never blocks), sized before reading (a sparse 3 GB file is refused unread), read up
  to the limit plus one byte; nothing of a refused file is quoted in a message.
- Binary files are named as binary, lone carriage returns as such, for events and pages alike.

Every build, check and server here runs with a time limit, so a hang fails instead of blocking.
"""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, build, make_project, problems_of, site_project
from test_security_data import EVENT
from test_serve import Server
from timeline_core.reading.tree import unsafe_entries

CHECK_TIMEOUT = 60  # seconds; a blocked read or an endless walk fails the test instead
BUILD_TIMEOUT = 120
PAGE = "---\nname: A person\nkind: person\n---\n"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


# The check's own peak memory, read in the child from /proc/self/status (VmHWM: the high-water
# mark of this program's memory since it started). getrusage's ru_maxrss would not do: Linux keeps
# it across exec, so a child of a large pytest process reports the parent's size.
_PEAK = ("import sys, timeline_core.tools.check as c; code = c.main(sys.argv[1:]); "
         "print('maxrss', next(int(line.split()[1]) for line in open('/proc/self/status') "
         "if line.startswith('VmHWM:'))); sys.exit(code)")


def run_check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _PEAK, str(project)],
        capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks")}, timeout=CHECK_TIMEOUT,
    )


def max_rss_mb(result: subprocess.CompletedProcess[str]) -> float:
    """Kilobytes as /proc prints them, in MB."""
    return int(result.stdout.rsplit("maxrss ", 1)[1]) / 1024


# --- special files in the data folders --------------------------------------------------------

@pytest.mark.parametrize("path", ["events/2024-12-05-pipe.yml", "docs/actors/pipe.md", "seeds/pipe.md",
                                  "events/sub/2024-12-05-pipe.yml", "docs/locations/pipe.md"])
def test_a_fifo_is_refused_without_blocking_the_check(tmp_path: Path, path: str) -> None:
    project = make_project(tmp_path)
    (project / path).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(project / path)
    result = run_check(project)  # a blocking open would time out here
    assert result.returncode == 1
    assert f"{path}:1:1: is a named pipe (FIFO), not a file; data folders hold only ordinary files" in result.stdout


def test_a_socket_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(project / "events/2024-12-05-sock.yml"))
        assert problems_of(project) == [
            "events/2024-12-05-sock.yml:1:1: is a socket, not a file; data folders hold only ordinary files"]


@pytest.mark.parametrize("path, size", [("events/2024-12-05-huge.yml", 3 * 10**9),
                                        ("seeds/huge.md", 30 * 10**9), ("docs/actors/huge.md", 64 * 1024 + 1)])
def test_a_sparse_huge_file_is_refused_unread(tmp_path: Path, path: str, size: int) -> None:
    project = make_project(tmp_path)
    with open(project / path, "wb") as file:
        file.truncate(size)  # sparse: no disk used
    result = run_check(project)
    assert result.returncode == 1
    assert f"{path}:1:1: file is {size:,} bytes; the limit is " in result.stdout
    assert max_rss_mb(result) < 200, result.stdout


def test_a_hard_link_is_refused_and_nothing_of_it_is_quoted(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nsecret-token-123\n", encoding="utf-8")
    project = make_project(tmp_path)
    for path in ("events/2024-12-05-link.yml", "docs/actors/link.md", "seeds/link.md"):
        os.link(secret, project / path)
    found = problems_of(project)
    assert found == [
        f"{path}:1:1: has 4 names (hard links), so it may be a file from outside the repository; "
        "replace it with an ordinary copy"
        for path in ("docs/actors/link.md", "events/2024-12-05-link.yml", "seeds/link.md")
    ]
    assert not any("root" in line or "secret" in line for line in found)


BINARIES = {
    "png": PNG, "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "gif": b"GIF89a\x01\x00\x01\x00",
    "gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "zip": b"PK\x03\x04\x14\x00\x00\x00",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "elf": b"\x7fELF\x02\x01\x01\x00", "nul-heavy": b"\x00\x00\x00\x01\xff\xfe\x10\x00" * 64,
}


@pytest.mark.parametrize("kind", list(BINARIES))
@pytest.mark.parametrize("path", ["events/2024-12-05-bin.yml", "docs/locations/bin.md", "seeds/bin.md"])
def test_binary_files_are_named_as_binary(tmp_path: Path, kind: str, path: str) -> None:
    project = make_project(tmp_path, files={path: {"base64": base64.b64encode(BINARIES[kind]).decode()}})
    assert problems_of(project) == [
        f"{path}:1:1: file is not text (binary data, such as an image or an archive); data folders hold only UTF-8 text"]


@pytest.mark.parametrize("path, text", [
    ("events/2024-12-05-cr.yml", EVENT),
    ("docs/actors/cr.md", PAGE + "A body.\n"),
    ("seeds/cr.md", "---\ntitle: x\npublished: 2024\n---\nText.\n"),
    ("events/2024-12-06-cr.yml", EVENT.replace("\n", "\r\n").replace("battle\r\n", "battle\r")),
])
def test_lone_carriage_returns_are_refused_for_events_and_pages_alike(tmp_path: Path, path: str, text: str) -> None:
    if "\r" not in text:
        text = text.replace("\n", "\r")
    project = make_project(tmp_path, files={path: {"base64": base64.b64encode(text.encode()).decode()}})
    found = problems_of(project)
    assert len(found) == 1 and "found a carriage return (CR) without a line feed" in found[0], found


def test_crlf_files_are_read(tmp_path: Path) -> None:
    files = {"events/2024-12-05-crlf.yml": {"base64": base64.b64encode(EVENT.replace("\n", "\r\n").encode()).decode()}}
    assert problems_of(make_project(tmp_path, files=files)) == []


# --- links and special files in docs/ ---------------------------------------------------------

def add_hazards(project: Path, outside: Path) -> list[str]:
    """Links and special files of every kind in docs/; returns the paths they are reported at."""
    (project / "docs/actors/a").symlink_to(".")
    (project / "docs/actors/b").symlink_to(".")
    (project / "docs/assets/loop").symlink_to("..")
    outside.mkdir(exist_ok=True)
    (outside / "private.md").write_text("# Private\n", encoding="utf-8")
    (project / "docs/outside").symlink_to(outside)
    (project / "docs/passwd.md").symlink_to("/etc/passwd")
    os.mkfifo(project / "docs/pipe.md")
    return ["docs/actors/a", "docs/actors/b", "docs/assets/loop", "docs/outside", "docs/passwd.md", "docs/pipe.md"]


def test_docs_hazards_are_all_found_without_following(tmp_path: Path) -> None:
    project = site_project(tmp_path, data="mini")
    paths = add_hazards(project, tmp_path / "outside")
    found = unsafe_entries(project, "docs")
    assert [p.path for p in found] == sorted(paths)
    assert "a named pipe (FIFO) is not allowed in docs/" in str(found[-1])


def test_a_build_with_links_in_docs_fails_at_once(tmp_path: Path) -> None:
    project = site_project(tmp_path, data="mini")
    paths = add_hazards(project, tmp_path / "outside")
    built = build(project)  # conftest's build has a time limit: an endless walk fails here
    assert built.returncode != 0
    for path in paths:
        assert f"{path}:1:1: " in built.output
    assert "Private" not in built.output and not (built.site / "outside").exists()


@pytest.fixture
def hazard_server(tmp_path: Path) -> Iterator[Server]:
    project = site_project(tmp_path, data="mini")
    add_hazards(project, tmp_path / "outside")
    running = Server(project, tmp_path / "serve.log")
    try:
        running.start()  # times out (a failure) if the first build never ends
        yield running
    finally:
        running.stop()


@pytest.mark.serve
def test_serve_stays_responsive_and_shows_the_links(hazard_server: Server) -> None:
    page = hazard_server.wait_for_page("", "The data has")
    for path in ("docs/actors/a", "docs/outside", "docs/pipe.md"):
        assert f"<code>{path}:1:1</code>" in page
    assert hazard_server.get("outside/private/")[0] == 404  # not published, even in the preview
    for path in ("docs/actors/a", "docs/actors/b", "docs/assets/loop", "docs/outside", "docs/passwd.md", "docs/pipe.md"):
        os.unlink(hazard_server.project / path)
    hazard_server.wait_for_page("", "Rebels capture Northtown")
    # A new loop while serving: shown within a rebuild, the server keeps answering.
    (hazard_server.project / "docs/assets/again").symlink_to(".")
    (hazard_server.project / "docs/assets/twice").symlink_to(".")
    (hazard_server.project / "docs/about.md").write_text("# About\n\nEdited.\n", encoding="utf-8")
    page = hazard_server.wait_for_page("", "docs/assets/again:1:1")
    assert hazard_server.alive() and "Traceback" not in hazard_server.log()


@pytest.mark.serve
def test_serve_with_a_fifo_in_a_data_folder_shows_it(tmp_path: Path) -> None:
    project = site_project(tmp_path, data="mini")
    os.mkfifo(project / "events/2024-12-05-pipe.yml")
    running = Server(project, tmp_path / "serve.log")
    try:
        running.start()
        page = running.wait_for_page("", "The data has 1 problem")
        assert "<code>events/2024-12-05-pipe.yml:1:1</code>" in page and "named pipe" in page
    finally:
        running.stop()


def test_check_memory_stays_small_for_a_sparse_file(tmp_path: Path) -> None:
    """The whole check of a tree holding a 30 GB sparse event stays under 200 MB."""
    project = make_project(tmp_path)
    with open(project / "events/2024-12-05-huge.yml", "wb") as file:
        file.truncate(30 * 10**9)
    result = run_check(project)
    assert result.returncode == 1 and 5 < max_rss_mb(result) < 200  # measured, and small


def test_a_build_with_a_fifo_in_a_data_folder_fails_at_once(tmp_path: Path) -> None:
    project = site_project(tmp_path, data="mini")
    os.mkfifo(project / "events/2024-12-05-pipe.yml")
    built = build(project)  # with a time limit: a blocking read fails here
    assert built.returncode != 0
    assert "events/2024-12-05-pipe.yml:1:1: is a named pipe (FIFO), not a file" in built.output


def test_under_serve_a_bug_in_the_reader_is_shown_not_hung(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under serve a raised exception would make MkDocs hold every request: a reader bug (there
    is none known; every data problem is a DataError) becomes a problem the preview shows."""
    import timeline_hook
    from timeline_core.reading.files import Layout
    from timeline_core.reading.problems import DataError

    def broken(layout: Layout, **options: object) -> None:  # options: the preview's reuse
        raise ValueError("a bug")

    monkeypatch.setattr(timeline_hook, "load_dataset", broken)
    monkeypatch.setitem(timeline_hook.PROCESS, "command", "serve")
    with pytest.raises(DataError) as raised:
        timeline_hook._load_dataset(Layout(tmp_path))
    assert [str(p) for p in raised.value.problems] == [
        "hooks/timeline_core:1:1: the timeline's reader failed (ValueError); this is a bug: please report it"]
    monkeypatch.setitem(timeline_hook.PROCESS, "command", "build")
    with pytest.raises(ValueError):  # a build shows the traceback
        timeline_hook._load_dataset(Layout(tmp_path))
