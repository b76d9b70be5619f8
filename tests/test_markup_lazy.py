"""markup.py imports Python-Markdown and nh3 only when it needs them (so `make check` starts
faster), and its copy of Python-Markdown's '&' rule stays the library's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import markdown.serializers

from timeline_core.reading import markup

ROOT = Path(__file__).resolve().parent.parent


def test_kept_ampersand_rule_is_python_markdowns() -> None:
    # Character references are told apart exactly as the renderer's serializer does.
    assert markup._KEPT_AMP == markdown.serializers.RE_AMP.pattern


def test_check_of_the_shipped_data_loads_neither_markdown_nor_nh3() -> None:
    code = (
        "import runpy, sys\n"
        "sys.argv = ['timeline_core', 'check', '.']\n"
        "try:\n    runpy.run_module('timeline_core', run_name='__main__')\n"
        "except SystemExit as done:\n    assert not done.code, done.code\n"
        "print(sorted(name for name in ('markdown', 'nh3') if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(ROOT / "hooks"), "CI": "true", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_rendering_still_sanitises_after_the_lazy_imports() -> None:
    html = markup.Renderer().block("A [link](javascript:alert(1)) and *emphasis* &amp; &#150;\n\n- one\n- two")
    assert "javascript" not in html
    assert "<em>emphasis</em>" in html
    assert "<li>one</li>" in html
