"""The theme's static files, listed without walking hidden folders (timeline_core.site.theme_walk),
are exactly those MkDocs finds through Jinja's own listing."""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from conftest import ROOT
from timeline_core.site.theme_walk import listed, visible_files


def _theme_files(env: jinja2.Environment, config: object) -> list[tuple[str, str]]:
    files = Files([])
    files.add_files_from_theme(env, config)  # type: ignore[arg-type]
    return [(f.src_uri, f.abs_src_path or "") for f in files]


def test_the_site_gets_the_same_theme_files_as_mkdocs_finds_itself() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    plain = config.theme.get_env()  # MkDocs' own environment: Jinja walks every file
    config.plugins.on_config(config)  # our hook wraps get_env
    ours = config.theme.get_env()
    assert ours.list_templates is not plain.list_templates
    theirs = _theme_files(plain, config)
    assert len(theirs) > 20  # Material's scripts, styles and images
    assert _theme_files(ours, config) == theirs


def test_hidden_folders_and_files_are_not_listed_and_the_first_folder_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for path in (first / "css" / "x.css", first / ".icons" / "i.svg", first / "css" / ".hidden.css",
                 second / "css" / "x.css", second / "js" / "y.js", second / "deep" / ".git" / "z.js",
                 second / "main.html"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    names = visible_files([first, second])
    assert names == ["css/x.css", "js/y.js", "main.html"]
    everything = jinja2.FileSystemLoader([str(first), str(second)]).list_templates()
    assert names == [n for n in everything if not any(part.startswith(".") for part in n.split("/"))]
    assert listed(names, extensions=["js"]) == ["js/y.js"]
    assert listed(names, filter_func=lambda n: n.endswith(".html")) == ["main.html"]
