"""The contributor pages: in the site, grouped, and their examples true (run here, as a
contributor would, on a copy of the shipped data)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Built, problems_of
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.problems import DataError
from timeline_core.tools.scaffold import create

PAGE = ROOT / "docs" / "contributing.md"


def test_contributor_pages_are_grouped_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    group = yaml.safe_load(nav)
    contributors = next(entry["For contributors"] for entry in group if "For contributors" in entry)
    assert contributors == [
        {"Contributing": "contributing.md"}, {"Data format": "data-format.md"}, {"Security": "security.md"},
        {"Performance": "performance.md"},
    ]


def test_contributing_page_is_in_the_site(shipped_site: Built) -> None:
    html = shipped_site.page("contributing/")
    assert "make new TITLE=" in html and "former_ids" in html
    assert 'href="../data-format/#completion-and-checks-in-your-editor"' in html


def test_the_pages_example_is_what_make_check_says(tmp_path: Path) -> None:
    """The page shows a new event with a misspelt actor and a paraphrased quote: the messages
    printed there are the ones the check gives."""
    project = tmp_path / "project"
    for folder in ("events", "seeds", "docs/actors", "docs/locations"):
        shutil.copytree(ROOT / folder, project / folder)
    written, _ = create(project, "Rebels capture Hama", "2024-12-05")
    assert written is not None
    text = written.read_text(encoding="utf-8")
    text = text.replace("summary:\n", "summary: Rebels entered [Hama](location:hama).\n")
    text = text.replace("  - id:\n    role:\n", "  - id: hayat-tahrir-al-shams\n    role: attacker\n")
    text = text.replace("    quote:\n", "    quote: rebels are now just six kilometers from Hama\n")
    written.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_dataset(Layout(project))
    report = raised.value.report()
    block = re.search(r"```\n(   events/2024-12-05-rebels-capture-hama\.yml:.*?)   ```", PAGE.read_text(encoding="utf-8"), re.S)
    assert block, "the example block is on the page"
    shown = "\n".join(line.strip() for line in block.group(1).strip().splitlines())
    assert shown == report
    assert len(problems_of(project)) == 3


def test_contributing_md_links_to_files_that_exist() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)", text)
    assert targets and all((ROOT / target).is_file() for target in targets), targets
    assert "make new" in text and "make check" in text and "former_ids" in text


def test_readme_keeps_its_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"## Two commands.*?```sh\nmake serve +#[^\n]*\nmake test +#[^\n]*\n```", readme, re.S)
