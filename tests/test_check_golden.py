"""Golden cases for `make check`: one YAML file per case under tests/cases/check/, each holding
the files to write over the small fixture project and the exact messages expected.

Set UPDATE_GOLDEN=1 to rewrite the expectations from the current output (then read the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from conftest import make_project, problems_of

CASES = sorted((Path(__file__).parent / "cases" / "check").glob("*.yml"))


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_golden(case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    project = make_project(tmp_path, case.get("base", "mini"), case.get("files"))
    found = problems_of(project)
    if os.environ.get("UPDATE_GOLDEN"):
        case["expected"] = found
        text = case_file.read_text(encoding="utf-8").split("\nexpected:")[0]
        case_file.write_text(text + "\n" + yaml.safe_dump({"expected": found}, allow_unicode=True, width=1000), encoding="utf-8")
        return
    assert found == case["expected"]


def test_there_are_many_cases() -> None:
    assert len(CASES) >= 30
