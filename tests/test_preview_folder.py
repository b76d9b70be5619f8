"""The preview's own folder (beside serve's temporary site folder) holds what it reads back and
trusts: pickled events, compiled templates (which run when loaded), its state (whose Markdown
memo is HTML), the copy of docs it builds from. Its name can be guessed, in a folder every user
can write to, so a folder someone else left there must never be used (reading/tree.py
own_folder, timeline_files.preview_folder).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

import preview_hook
from timeline_files import preview_folder
from timeline_core.reading.tree import own_folder, preview_copy
from timeline_core.site.incremental import state_folder


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_made_private_then_kept(tmp_path: Path) -> None:
    path = tmp_path / "site.preview-state"
    folder, made = own_folder(path)
    assert (folder, made) == (path, True) and _mode(path) == 0o700
    assert own_folder(path) == (path, False)  # ours alone: the next build keeps its state


@pytest.mark.parametrize("planted", ["writable by all", "a link", "a file"])
def test_what_others_left_at_the_name_is_never_used(tmp_path: Path, planted: str) -> None:
    path = tmp_path / "site.preview-state"
    if planted == "writable by all":
        path.mkdir()
        os.chmod(path, 0o777)
    elif planted == "a link":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        path.symlink_to(tmp_path / "elsewhere")
    else:
        path.write_text("x")
    folder, made = own_folder(path)
    try:
        assert made and folder != path and _mode(folder) == 0o700
        assert list(folder.iterdir()) == []
    finally:
        folder.rmdir()


def test_another_user_s_folder_is_never_used(tmp_path: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("only root can make a folder another user owns")
    path = tmp_path / "site.preview-state"
    path.mkdir(mode=0o700)
    os.chown(path, 65534, 65534)  # nobody
    folder, made = own_folder(path)
    try:
        assert made and folder != path
    finally:
        folder.rmdir()


def test_planted_compiled_template_does_not_run(tmp_path: Path) -> None:
    """Another user creates the preview's folder before its first build and leaves a compiled
    template in it; the preview must neither load it nor keep anything there."""
    site_dir = tempfile.mkdtemp(prefix="mkdocs_", dir=tmp_path)  # as `mkdocs serve` makes it
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "main.html").write_text("hello {{ x }}")
    planted = state_folder(site_dir)
    (planted / "templates").mkdir(parents=True)
    os.chmod(planted, 0o777)
    os.chmod(planted / "templates", 0o777)
    ran = tmp_path / "ran"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme)))
    cache = jinja2.FileSystemBytecodeCache(str(planted / "templates"))
    source, filename, _ = env.loader.get_source(env, "main.html")  # type: ignore[union-attr]
    bucket = jinja2.bccache.Bucket(env, cache.get_cache_key("main.html", filename), cache.get_source_checksum(source))
    bucket.code = compile(f"import pathlib; pathlib.Path({str(ran)!r}).write_text('ran')\n", "main.html", "exec")
    cache.dump_bytecode(bucket)

    config = SimpleNamespace(site_dir=site_dir)
    folder = preview_folder(config)  # type: ignore[arg-type]
    assert preview_folder(config) == folder  # type: ignore[arg-type]  # one folder per build
    assert folder != planted
    victim = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme)))
    victim.bytecode_cache = preview_hook._compiled_templates(folder)
    assert victim.get_template("main.html").render(x="reader") == "hello reader"
    assert not ran.exists()


def test_docs_copy_lives_in_the_private_folder(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "actors").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    (docs / "actors" / "x.md").write_text("# X\n")
    (docs / "loop").symlink_to(docs)
    folder, _ = own_folder(tmp_path / "site.preview-state")
    copy = preview_copy(docs, folder)
    assert copy.parent == folder
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*")) == ["actors", "actors/x.md", "index.md"]
    assert preview_copy(docs, folder) == copy  # replaced at every build
