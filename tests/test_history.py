"""`check --base` and `make diff` on a real multi-commit history in a temporary repository:
an event added, one changed, one renamed with `former_ids`, one moved without them, one deleted,
and a base that does not load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_project
from gitrepo import commit, git, init
from timeline_core.tools.diff import report
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.tools.history import GitError, files_at, materialise
from timeline_core.tools.missing import missing_ids

NORTHTOWN = "events/2024-12-01-rebels-capture-northtown.yml"


def event(title: str, date: str, extra: str = "") -> str:
    return (
        f"title: {title}\ndate: {date}\ntype: battle\nsummary: Something happened.\n"
        f"actors: [rebels]\nlocations: [northtown]\nsources:\n  - seed: report\n"
        f"    quote: Rebels captured the town\n{extra}"
    )


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """main: the small fixture plus three events; then a branch's working tree that adds,
    changes, renames (with and without former_ids) and deletes."""
    repo = make_project(tmp_path)
    init(repo)
    commit(repo, {
        "events/2024-12-03-clash-in-northtown.yml": event("Clash in Northtown", "2024-12-03"),
        "events/2024-12-04-second-clash.yml": event("Second clash", "2024-12-04"),
        "events/2024-12-06-quiet-day.yml": event("A quiet day", "2024-12-06"),
    }, "base data")
    git(repo, "checkout", "--quiet", "-b", "change")
    text = (repo / NORTHTOWN).read_text(encoding="utf-8")
    changed = (
        text.replace("date: 2024-12-01", "date: 2024-12-02")
        .replace("value: 12", "value: 14")
        .replace("claimed_by: monitor\n", "claimed_by: monitor\n    source: 1\n")
        .replace("  - id: government\n    role: defender\n", "  - id: government\n    role: defender\n  - monitor\n")
        .replace("annotations:", "  - url: https://example.org/report\n    title: Another report\nannotations:")
    )
    commit(repo, {
        NORTHTOWN: changed,
        "events/2024-12-03-clash-in-northtown.yml": None,
        "events/2024-12-03-clash-at-northtown.yml": event(
            "Clash in Northtown", "2024-12-03", "former_ids: [2024-12-03-clash-in-northtown]\n"),
        "events/2024-12-04-second-clash.yml": None,
        "events/2024-12-06-quiet-day.yml": None,
        "events/2024-12-06-a-quiet-day.yml": event("A quiet day", "2024-12-06"),
    }, "edits")
    # Not committed: a contributor's new file counts before it is committed.
    (repo / "events/2024-12-07-new-event.yml").write_text(event("A <b>new</b> event", "2024-12-07"), encoding="utf-8")
    return repo


def test_change_report_lists_every_kind_of_change(history: Path) -> None:
    text = report(history, "main")
    assert text.startswith("## Timeline changes since main\n")
    assert "Events: 1 added, 2 renamed, 1 changed, 1 removed." in text
    # Titles are escaped (no HTML from data); ids and changes are code spans (shown verbatim).
    assert "- **added** [A &lt;b&gt;new&lt;/b&gt; event](<events/2024-12-07-new-event/>) (`2024-12-07-new-event`)" in text
    assert (
        "- **renamed** [Clash in Northtown](<events/2024-12-03-clash-at-northtown/>) "
        "(`2024-12-03-clash-at-northtown`, was `2024-12-03-clash-in-northtown`)\n"
        "  - `former_ids: +2024-12-03-clash-in-northtown`\n"
    ) in text
    # Moved without former_ids, same content: still shown as a rename (check --base fails it).
    assert (
        "- **renamed** [A quiet day](<events/2024-12-06-a-quiet-day/>) "
        "(`2024-12-06-a-quiet-day`, was `2024-12-06-quiet-day`)\n- "
    ) in text
    assert "- **removed** Second clash (`2024-12-04-second-clash`)" in text
    changed = text.split("- **changed** [Rebels capture Northtown](<events/2024-12-01-rebels-capture-northtown/>)")[1]
    lines = changed.split("\n- ")[0].splitlines()[1:]
    assert lines == [
        "  - `date: 2024-12-01 → 2024-12-02`",
        "  - `actors: +monitor`",
        "  - `figures[1].value: 12 → 14`",
        "  - `sources: +1`",
    ]


def test_links_are_absolute_when_a_site_url_is_given(history: Path) -> None:
    text = report(history, "main", site_url="https://example.org/timeline/")
    assert "(<https://example.org/timeline/events/2024-12-07-new-event/>)" in text


def test_missing_ids_name_the_id_and_the_fix(history: Path) -> None:
    dataset = load_dataset(Layout(history))
    problems = [str(p) for p in missing_ids(history, "main", Layout(history), dataset)]
    assert problems == [
        "events/2024-12-04-second-clash.yml:1:1: event id '2024-12-04-second-clash' "
        "(events/2024-12-04-second-clash.yml at main) is gone: its page events/2024-12-04-second-clash/ "
        "and every link to it would break; add `former_ids: [2024-12-04-second-clash]` to the event "
        "that replaces it, or restore events/2024-12-04-second-clash.yml",
        "events/2024-12-06-a-quiet-day.yml:1:1: event id '2024-12-06-quiet-day' "
        "(events/2024-12-06-quiet-day.yml at main) is gone: its page events/2024-12-06-quiet-day/ "
        "and every link to it would break; if events/2024-12-06-a-quiet-day.yml replaces it, add "
        "`former_ids: [2024-12-06-quiet-day]` to events/2024-12-06-a-quiet-day.yml, or restore "
        "events/2024-12-06-quiet-day.yml",
    ]


def run_cli(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline_core", *args], capture_output=True, text=True, cwd=repo,
        env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin", **(env or {})}, timeout=120,
    )


def test_check_base_fails_then_passes_once_former_ids_are_added(history: Path) -> None:
    result = run_cli(history, "check", ".", "--base", "main")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "2 problems in the timeline data"
    (history / "events/2024-12-04-second-clash.yml").write_text(event("Second clash", "2024-12-04"), encoding="utf-8")
    path = history / "events/2024-12-06-a-quiet-day.yml"
    path.write_text(path.read_text(encoding="utf-8") + "former_ids: [2024-12-06-quiet-day]\n", encoding="utf-8")
    result = run_cli(history, "check", "--base", "main")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: 6 events")


def test_a_removed_actor_and_seed_are_missing_ids(history: Path) -> None:
    # monitor is referenced only by claimed_by and a relation: drop those, then the file.
    text = (history / NORTHTOWN).read_text(encoding="utf-8").replace("    claimed_by: monitor\n", "")
    text = text.replace("  - monitor\n", "")
    (history / NORTHTOWN).write_text(text, encoding="utf-8")
    (history / "docs/actors/monitor.md").unlink()
    (history / "docs/actors/watchers.md").write_text(
        "---\nname: The Monitor\nkind: organization\nformer_ids: [monitr]\n---\n", encoding="utf-8")
    dataset = load_dataset(Layout(history))
    problems = [str(p) for p in missing_ids(history, "main", Layout(history), dataset)]
    assert "docs/actors/monitor.md:1:1: actor id 'monitor' (docs/actors/monitor.md at main) is gone" in problems[0]
    assert problems[0].endswith("add `former_ids: [monitor]` to the actor that replaces it, or restore docs/actors/monitor.md")


def test_the_report_on_a_base_that_does_not_load_lists_its_problems_and_the_files(history: Path) -> None:
    new = history / "events/2024-12-07-new-event.yml"
    kept = new.read_text(encoding="utf-8")
    new.unlink()  # untracked: it would follow the checkout into main's commit
    git(history, "checkout", "--quiet", "main")
    commit(history, {"events/2024-12-04-second-clash.yml": "title: [unclosed\n"}, "broken on main")
    git(history, "checkout", "--quiet", "change")
    new.write_text(kept, encoding="utf-8")
    text = report(history, "main")
    assert "**The data at main does not load** (1 problem):" in text
    assert "- `events/2024-12-04-second-clash.yml:2:1: not valid YAML: did not find expected ',' or ']'`" in text
    files = text.split("### Data files changed\n\n")[1].splitlines()
    assert files == [
        "- modified: `events/2024-12-01-rebels-capture-northtown.yml`",
        "- renamed: `events/2024-12-03-clash-in-northtown.yml` → `events/2024-12-03-clash-at-northtown.yml`",
        "- deleted: `events/2024-12-04-second-clash.yml`",
        "- renamed: `events/2024-12-06-quiet-day.yml` → `events/2024-12-06-a-quiet-day.yml`",
        "- added: `events/2024-12-07-new-event.yml`",
    ]


def test_materialise_refuses_links_and_stays_in_its_folder(history: Path, tmp_path: Path) -> None:
    (history / "events/linked.yml").symlink_to("/etc/passwd")
    commit(history, {}, "a link")
    target = tmp_path / "base"
    target.mkdir()
    refused = materialise(history, "HEAD", Layout(history), target)
    assert [str(p) for p in refused] == ["events/linked.yml:1:1: at HEAD: symbolic links are not allowed in data folders"]
    assert not (target / "events/linked.yml").exists()
    assert (target / NORTHTOWN).is_file()
    assert "**The data at HEAD does not load** (1 problem):" in report(history, "HEAD")


def test_revisions_that_look_like_options_are_refused(history: Path) -> None:
    for ref in ("--output=/tmp/x", "-p", "no-such-branch"):
        with pytest.raises(GitError):
            files_at(history, ref, Layout(history))
    result = run_cli(history, "diff", "--base", "no-such-branch")
    assert result.returncode == 2
    assert "unknown git revision 'no-such-branch'" in result.stderr


def test_make_diff_names_the_targets(history: Path) -> None:
    result = run_cli(history, "diff", ".", "--base", "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout == report(history, "main")


def test_a_project_in_a_subfolder_of_its_repository(tmp_path: Path) -> None:
    project = make_project(tmp_path)  # tmp_path/project, with the repository at tmp_path
    init(tmp_path)
    commit(tmp_path, {}, "base")
    old = project / "events/2024-12-02-capitalia-condemns-attack.yml"
    old.rename(project / "events/2024-12-02-capitalia-condemns.yml")
    northtown = project / NORTHTOWN
    northtown.write_text(northtown.read_text(encoding="utf-8").replace("condemns-attack", "condemns"), encoding="utf-8")
    dataset = load_dataset(Layout(project))
    [problem] = missing_ids(project, "main", Layout(project), dataset)
    assert problem.path == "events/2024-12-02-capitalia-condemns.yml"
    assert "event id '2024-12-02-capitalia-condemns-attack'" in problem.message
    text = report(project, "main")
    assert "(`2024-12-02-capitalia-condemns`, was `2024-12-02-capitalia-condemns-attack`)" in text
    result = run_cli(tmp_path, "check", "project", "--base", "main")
    assert result.returncode == 1 and result.stdout.startswith("events/2024-12-02-capitalia-condemns.yml:1:1: ")
