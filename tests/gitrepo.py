"""A real git repository in a temporary folder, for the tests of `check --base` and `diff`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from conftest import write_files

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit(repo: Path, files: dict[str, Any], message: str) -> str:
    """Write (or with None, delete) files, commit everything, return the commit id."""
    write_files(repo, files)
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def init(repo: Path) -> None:
    git(repo, "init", "--quiet", "--initial-branch=main")
