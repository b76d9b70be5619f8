"""The repository's automation, checked offline: the GitHub workflows validate against GitHub's
workflow schema (bundled with check-jsonschema), use only the triggers and permissions the
project allows, and run the same make targets a person runs; the pre-commit hook, dependabot
and the lock are what the README says."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, build, site_project

WORKFLOWS = ROOT / ".github" / "workflows"
OFFICIAL = re.compile(r"^actions/[a-z-]+@v\d+$")  # GitHub's own actions, pinned by major version


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def validate(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True, text=True, timeout=120,
    )


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def make_calls(workflow: dict[str, Any]) -> list[list[str]]:
    """Every `make ...` command in the run steps, as argument lists."""
    calls = []
    for step in steps(workflow):
        for line in step.get("run", "").splitlines():
            words = shlex.split(line.split(">>")[0])
            if "make" in words:
                calls.append(words[words.index("make"):])
    return calls


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, flags=re.MULTILINE))


@pytest.fixture(scope="module")
def check() -> dict[str, Any]:
    return load(WORKFLOWS / "check.yml")


@pytest.fixture(scope="module")
def deploy() -> dict[str, Any]:
    return load(WORKFLOWS / "deploy.yml")


def test_workflows_validate_against_githubs_schema() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["check.yml", "deploy.yml"]
    result = validate("vendor.github-workflows", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    result = validate("vendor.dependabot", ROOT / ".github" / "dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    stepz: []\n", encoding="utf-8")
    assert validate("vendor.github-workflows", broken).returncode == 1


def test_only_official_actions_pinned_by_major_version(check: dict[str, Any], deploy: dict[str, Any]) -> None:
    used = [step["uses"] for workflow in (check, deploy) for step in steps(workflow) if "uses" in step]
    assert used and all(OFFICIAL.match(action) for action in used), used
    for workflow in (check, deploy):
        for step in steps(workflow):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False  # no token left in .git/config


def test_no_workflow_runs_on_pull_request_target_or_sees_secrets() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        text = yaml.safe_dump(load(path))  # the workflow itself, not its comments
        assert "pull_request_target" not in text
        assert "secrets." not in text
        assert "github.token" not in text and "GITHUB_TOKEN" not in text


def test_check_triggers_permissions_and_concurrency(check: dict[str, Any]) -> None:
    assert check["on"] == {"pull_request": None, "push": {"branches": ["main"]}}
    assert check["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in check["jobs"].values())
    assert all(isinstance(job["timeout-minutes"], int) for job in check["jobs"].values())
    assert "github.event.pull_request.number" in check["concurrency"]["group"]
    assert check["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_check_runs_the_make_targets_a_person_runs(check: dict[str, Any]) -> None:
    calls = make_calls(check)
    assert ["make", "check"] in calls
    assert ["make", "check", "BASE=$PR_BASE"] in calls
    assert ["make", "--silent", "diff", "BASE=$PR_BASE"] in calls
    assert ["make", "build"] in calls and ["make", "test"] in calls
    named = {word for call in calls for word in call[1:] if not word.startswith("-") and "=" not in word}
    assert named <= makefile_targets()
    job = next(iter(check["jobs"].values()))
    assert job["env"]["PR_BASE"] == "${{ github.event.pull_request.base.sha }}"
    assert job["env"]["REQUIRE_BROWSER"] == "1" and job["env"]["CHROMIUM"] == "/usr/bin/google-chrome"
    by_run = {step.get("run", ""): step for step in job["steps"]}
    report = by_run['make --silent diff BASE="$PR_BASE" >> "$GITHUB_STEP_SUMMARY"']
    assert report["if"] == "github.event_name == 'pull_request'"
    assert by_run['make check BASE="$PR_BASE"']["if"] == "github.event_name == 'pull_request'"
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    python = job["steps"][1]["with"]
    assert python["cache"] == "pip" and python["cache-dependency-path"] == "requirements.txt"
    upload = [step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload[0]["with"]["path"] == "site/"


def test_deploy_triggers_and_least_privilege(deploy: dict[str, Any]) -> None:
    assert deploy["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert deploy["permissions"] == {"contents": "read"}
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert "permissions" not in build
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["environment"]["name"] == "github-pages"
    assert publish["needs"] == "build"
    assert [step["uses"].split("@")[0] for step in publish["steps"]] == ["actions/deploy-pages"]
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert build["steps"][-1]["with"]["path"] == "site/"
    assert all(isinstance(job["timeout-minutes"], int) for job in deploy["jobs"].values())
    assert ["make", "build"] in [call[-2:] for call in make_calls(deploy)]
    assert build["env"]["TIMELINE_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"


def test_deploy_works_out_the_pages_address(deploy: dict[str, Any], tmp_path: Path) -> None:
    """Run the build step's script with `make` replaced by a stub that prints the address."""
    script = next(step["run"] for step in deploy["jobs"]["build"]["steps"] if "make build" in step.get("run", ""))
    stub = tmp_path / "make"
    stub.write_text('#!/bin/sh\necho "make $* for $TIMELINE_SITE_URL"\n', encoding="utf-8")
    stub.chmod(0o755)

    def address(repository: str, configured: str = "") -> str:
        env = {"PATH": f"{tmp_path}:{os.environ['PATH']}", "GITHUB_REPOSITORY": repository,
               "GITHUB_REPOSITORY_OWNER": repository.split("/")[0], "TIMELINE_SITE_URL": configured}
        result = subprocess.run(["bash", "-e", "-c", script], capture_output=True, text=True, env=env, timeout=30)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[-1]

    assert address("Newsroom/syria-timeline") == "make build for https://newsroom.github.io/syria-timeline/"
    assert address("newsroom/Newsroom.github.io") == "make build for https://newsroom.github.io/"
    assert address("newsroom/t", "https://timeline.example.org/") == "make build for https://timeline.example.org/"


def test_pre_commit_hook_runs_the_check_on_data_files() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    assert hook["entry"] == "make check" and hook["language"] == "system"
    assert hook["pass_filenames"] is False  # cross-file checks need every file
    pattern = re.compile(hook["files"])
    for path in ("events/2024-12-05-x.yml", "events/sub/x.yml", "seeds/s.md", "docs/actors/a.md", "docs/locations/l.md"):
        assert pattern.search(path), path
    for path in ("docs/about.md", "README.md", "hooks/timeline_core/tools/check.py", "xevents/a.yml"):
        assert not pattern.search(path), path


def test_dependabot_watches_pip_and_the_actions() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert sorted(update["package-ecosystem"] for update in config["updates"]) == ["github-actions", "pip"]


def test_the_browser_is_found_by_the_chromium_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from browser import chromium_path

    chrome = tmp_path / "google-chrome"
    chrome.write_text("#!/bin/sh\n", encoding="utf-8")
    chrome.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CHROMIUM", str(chrome))
    assert chromium_path() == str(chrome)
    monkeypatch.setenv("CHROMIUM", "google-chrome")  # a command name, found on PATH
    assert chromium_path() == str(chrome)
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "missing"))
    assert chromium_path() is None  # named but absent: never silently another browser
    monkeypatch.delenv("CHROMIUM")
    found = chromium_path()
    assert found in ("/usr/bin/chromium", str(chrome))  # Debian's first, else Chrome on PATH


def test_a_build_for_the_pages_address_links_there(tmp_path: Path) -> None:
    """What deploy.yml's build produces: canonical links and the sitemap at the Pages address,
    edit links into the repository."""
    built = build(site_project(tmp_path, data="mini"), env={
        "TIMELINE_SITE_URL": "https://newsroom.github.io/timeline",
        "TIMELINE_REPO_URL": "https://github.com/newsroom/timeline",
    })
    assert built.returncode == 0, built.output
    page = built.page("events/2024-12-01-rebels-capture-northtown/")
    assert '<link rel="canonical" href="https://newsroom.github.io/timeline/events/2024-12-01-rebels-capture-northtown/">' in page
    assert 'href="https://github.com/newsroom/timeline/edit/main/events/2024-12-01-rebels-capture-northtown.yml"' in page
    assert "<loc>https://newsroom.github.io/timeline/</loc>" in (built.site / "sitemap.xml").read_text(encoding="utf-8")
    broken = build(site_project(tmp_path / "bad", data="mini"), env={"TIMELINE_SITE_URL": "javascript:alert(1)"})
    assert broken.returncode == 1
    assert "TIMELINE_SITE_URL must be an http(s) address, got 'javascript:alert(1)'" in broken.output
