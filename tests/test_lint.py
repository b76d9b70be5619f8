"""The house style: ruff and mypy clean (the core is typed; the tests are linted)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_ruff() -> None:
    result = run("ruff", "check", "hooks", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = run("mypy", "hooks/timeline_core", "hooks/timeline_hook.py", "hooks/preview_hook.py", "hooks/timeline_files.py",
                 "hooks/timeline_theme.py")
    assert result.returncode == 0, result.stdout + result.stderr
