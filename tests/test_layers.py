"""The shape of the core (STYLE.md, "As the house grows"): `timeline_core` never imports
MkDocs, and its subpackages import only downwards: `reading` from nothing of ours above it,
`site` and `tools` from `reading` (and themselves)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

CORE = ROOT / "hooks" / "timeline_core"
MAY_IMPORT = {"reading": {"reading"}, "site": {"reading", "site"}, "tools": {"reading", "tools"}}


def _our_imports(path: Path) -> set[str]:
    """The subpackages of timeline_core a module imports from (relative or absolute)."""
    package = path.parent.name
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found.add(package)
            elif node.level == 2:
                found.add((node.module or "").split(".")[0] or "timeline_core")
            elif node.module and node.module.startswith("timeline_core"):
                found.add((node.module.split(".") + ["timeline_core"])[1])
        elif isinstance(node, ast.Import):
            found.update((alias.name.split(".") + ["timeline_core"])[1] for alias in node.names
                         if alias.name.startswith("timeline_core"))
    return found


@pytest.mark.parametrize("side", sorted(MAY_IMPORT))
def test_each_side_imports_only_downwards(side: str) -> None:
    modules = sorted((CORE / side).glob("*.py"))
    assert len(modules) > 5
    wrong = {path.name: sorted(_our_imports(path) - MAY_IMPORT[side]) for path in modules}
    assert {name: sides for name, sides in wrong.items() if sides} == {}


def test_every_module_of_the_core_is_in_a_side() -> None:
    loose = sorted(p.name for p in CORE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == []


def test_the_core_never_imports_mkdocs() -> None:
    modules = sorted(f"timeline_core.{p.parent.name}.{p.stem}" for side in MAY_IMPORT for p in (CORE / side).glob("*.py")
                     if p.stem != "__init__")
    program = ("import importlib, sys\n"
               f"for name in {modules!r}: importlib.import_module(name)\n"
               "print(sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')))")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "hooks")}, check=True)
    assert result.stdout.strip() == "[]"
