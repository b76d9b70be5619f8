"""Shared fixtures: small projects copied into temporary folders."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(tmp: Path, base: str | None = "mini", files: dict[str, Any] | None = None) -> Path:
    """A project folder: a fixture copied, then `files` written over it (None deletes a file;
    {base64: ...} writes raw bytes)."""
    project = tmp / "project"
    if base:
        shutil.copytree(FIXTURES / base, project)
    else:
        project.mkdir()
    for name, content in (files or {}).items():
        target = project / name
        if content is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            target.write_bytes(base64.b64decode(content["base64"]))
        else:
            target.write_text(content, encoding="utf-8")
    return project


@pytest.fixture
def project(tmp_path: Path):
    def build(files: dict[str, Any] | None = None, base: str | None = "mini") -> Path:
        return make_project(tmp_path, base, files)

    return build
