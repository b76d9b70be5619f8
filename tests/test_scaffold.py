"""`make new`: a new event file, laid out and commented, that `make check` guides to completion."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_project, problems_of, site_project
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.load import EVENT
from timeline_core.tools.scaffold import create, event_id, main

FILLED = {  # what a contributor writes in the empty fields of the fixture project's new event
    "type:\n": "type: battle\n",
    "summary:\n": "summary: The rebels took [Northtown](location:northtown).\n",
    "  - id:\n    role:\n": "  - id: rebels\n    role: attacker\n",
    "    quote:\n": "    quote: Rebels captured the town of Northtown\n",
}


@pytest.mark.parametrize("title, date, expected", [
    ("Rebels capture Hama", "2024-12-05", "2024-12-05-rebels-capture-hama"),
    ("  U.S. says: \"not involved\"  ", "2024-12-02~", "2024-12-02-u-s-says-not-involved"),
    ("Fighting near Hama", "2024-11-29/2024-11-30", "2024-11-29-fighting-near-hama"),
    ("Offensive continues", "../2024-12-05", "2024-12-05-offensive-continues"),
    ("Sometime in late November", "2024-11-2X", "2024-11-2x-sometime-in-late-november"),
    ("x" * 200, "2024-12-05", "2024-12-05-" + "x" * 69),
])
def test_id_from_title_and_date(title: str, date: str, expected: str) -> None:
    assert event_id(title.strip(), date) == expected
    assert len(expected) <= 80


def test_new_event_is_laid_out_and_check_names_what_is_left(project) -> None:
    folder = project()
    written, problems = create(folder, "Rebels capture Hama", "2024-12-05")
    assert problems == [] and written == folder / "events/2024-12-05-rebels-capture-hama.yml"
    text = written.read_text(encoding="utf-8")
    for name in EVENT:  # every field of the loader's table, explained above it
        assert f"\n{name}:" in text
        assert f"# Example: {name}:" in text or f"#   {name}:" in text
    assert "# One of: battle, explosion-remote-violence" in text
    assert "  - seed: report\n" in text  # the project's only seed, filled in
    # Editors with the YAML language server find the schema from the file itself.
    modeline = text.splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=../schemas/event.schema.json"
    assert (written.parent / modeline.split("=", 1)[1]).resolve() == (folder / "schemas/event.schema.json").resolve()
    lines = text.splitlines()

    def line_of(start: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if line.startswith(start))

    path = "events/2024-12-05-rebels-capture-hama.yml"
    assert problems_of(folder) == [
        f"{path}:{line_of('type:')}:6: 'type': expected one of battle, explosion-remote-violence, "
        "violence-against-civilians, protest, riot, strategic-development, statement, diplomacy, policy; got nothing",
        f"{path}:{line_of('summary:')}:9: 'summary': expected text, got nothing",
        f"{path}:{line_of('  - id:')}:8: 'id': expected an id, got nothing",
        f"{path}:{line_of('    quote:')}:11: 'quote': expected text, got nothing",
    ]


def test_once_filled_the_event_loads(project) -> None:
    folder = project()
    written, _ = create(folder, "Rebels: the capture of \"Northtown\" #2", "2024-12-01~")
    assert written is not None
    text = written.read_text(encoding="utf-8")
    for placeholder, value in FILLED.items():
        assert text.count(placeholder) == 1
        text = text.replace(placeholder, value)
    written.write_text(text, encoding="utf-8")
    assert problems_of(folder) == []
    event = {e.id: e for e in load_dataset(Layout(folder)).events}[written.stem]
    assert event.title == "Rebels: the capture of \"Northtown\" #2"  # quoted where YAML needs it
    assert event.date.text == "2024-12-01~" and event.status == "reported"
    assert [a.actor for a in event.actors] == ["rebels"]


def test_never_overwrites(project, capsys) -> None:
    folder = project()
    existing = folder / "events/2024-12-01-rebels-capture-northtown.yml"
    before = existing.read_bytes()
    code = main(["--root", str(folder), "--title", "Rebels capture Northtown", "--date", "2024-12-01"])
    assert code == 1 and existing.read_bytes() == before
    assert "make new: events/2024-12-01-rebels-capture-northtown.yml already exists; edit it, or choose another TITLE, DATE or ID" in capsys.readouterr().err


def test_never_duplicates_an_id_kept_in_a_subfolder(project) -> None:
    folder = project({"events/2024/2024-12-05-rebels-capture-hama.yml": "title: x\n"})
    written, problems = create(folder, "Rebels capture Hama", "2024-12-05")
    assert written is None and problems == [
        "events/2024/2024-12-05-rebels-capture-hama.yml already exists; edit it, or choose another TITLE, DATE or ID"
    ]
    assert not (folder / "events/2024-12-05-rebels-capture-hama.yml").exists()


def _loader_message(tmp: Path, field: str, value: str) -> str:
    """What `make check` says about this value in an event file."""
    text = (
        "title: A case\ndate: 2024-12-05\ntype: battle\nsummary: Something.\nactors: [rebels]\n"
        "sources:\n  - seed: report\n    quote: Rebels captured the town\n"
    ).replace(f"{field}: ", f"{field}: {value} # ", 1)
    (tmp / "loader").mkdir()
    folder = make_project(tmp / "loader", "mini", {"events/2024-12-05-case.yml": text})
    (message,) = problems_of(folder)
    return message.split(": ", 1)[1]


@pytest.mark.parametrize("title, date, field, value", [
    ("", "2024-12-05", "title", '""'),
    ("   ", "2024-12-05", "title", '""'),
    ("x" * 201, "2024-12-05", "title", "x" * 201),
    ("Rebels capture Hama", "2024-13-45", "date", "2024-13-45"),
    ("Rebels capture Hama", "2024-11-31", "date", "2024-11-31"),
    ("Rebels capture Hama", "5 December", "date", '"5 December"'),
    ("Rebels capture Hama", "", "date", '""'),
])
def test_bad_inputs_get_the_loaders_message(project, tmp_path, title, date, field, value) -> None:
    folder = project()
    written, problems = create(folder, title, date)
    assert written is None
    assert problems == [_loader_message(tmp_path, field, value)]
    assert sorted(p.name for p in (folder / "events").iterdir()) == sorted(
        p.name for p in (ROOT / "tests/fixtures/mini/events").iterdir()
    )


def test_a_title_with_no_ascii_letters_asks_for_an_id(project) -> None:
    folder = project()
    written, problems = create(folder, "حماة", "2024-12-05")
    assert written is None and problems == [
        "the title has no ASCII letters or digits to make an id of: pass one, e.g. ID=2024-12-05-words-of-the-title"
    ]
    written, problems = create(folder, "سقوط حماة", "2024-12-05", "2024-12-05-fall-of-hama")
    assert written is not None and written.stem == "2024-12-05-fall-of-hama"
    assert "title: سقوط حماة\n" in written.read_text(encoding="utf-8")
    written, problems = create(folder, "سقوط حماة", "2024-12-05", "Fall_of_Hama")
    assert written is None and problems == [
        "file name 'Fall_of_Hama' is not a valid id: use lower-case ASCII letters and digits joined by "
        "single hyphens, at most 80 characters; rename it to 'fall-of-hama'"
    ]


def test_make_new_reads_title_and_date_from_the_command_line(tmp_path: Path) -> None:
    folder = site_project(tmp_path, data="mini")
    shutil.copy2(ROOT / "requirements.txt", folder / "requirements.txt")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "new", f"VENV={Path(sys.executable).parent.parent}",
         'TITLE=Rebels say "we hold Hama"', "DATE=2024-12-05"],
        cwd=folder, capture_output=True, text=True, env=env, timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == (
        "wrote events/2024-12-05-rebels-say-we-hold-hama.yml: fill in the empty fields, then run `make check`"
    )
    again = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "new", f"VENV={Path(sys.executable).parent.parent}",
         'TITLE=Rebels say "we hold Hama"', "DATE=2024-12-05"],
        cwd=folder, capture_output=True, text=True, env=env, timeout=120,
    )
    assert again.returncode != 0 and "already exists" in again.stderr


@pytest.mark.parametrize("title", [
    "Rebels: advance", "#1 story", "- a dash first", "'quoted' words", "Hama, day 2 #3", "ends with colon:",
    "[bracketed] start", "Rebels capture Hama", "اشتباكات في حماة", "50% of the city", "a \\ backslash",
])
def test_any_title_reads_back_as_written(project, title: str) -> None:
    folder = project()
    written, problems = create(folder, title, "2024-12-01", "2024-12-01-case")
    assert written is not None, problems
    text = written.read_text(encoding="utf-8")
    for placeholder, value in FILLED.items():
        text = text.replace(placeholder, value)
    written.write_text(text, encoding="utf-8")
    assert problems_of(folder) == []
    (event,) = [e for e in load_dataset(Layout(folder)).events if e.id == "2024-12-01-case"]
    assert event.title == title
