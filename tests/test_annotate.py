"""GitHub annotations and the step summary: the format the runner reads, escaped exactly as the
Actions toolkit escapes, so no file name or message can forge a second workflow command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from timeline_core.tools.annotate import SUMMARY_LIMIT, command, escape_data, escape_property, summary
from timeline_core.tools.mdtext import md_code, md_text
from timeline_core.reading.problems import Problem


def runner_lines(text: str) -> list[str]:
    """Lines as the Actions runner splits a step's output (.NET ReadLine: CR, LF, CRLF)."""
    return re.split(r"\r\n|\r|\n", text)


def test_escaping_is_the_toolkits() -> None:
    # @actions/core: escapeData: % -> %25, CR -> %0D, LF -> %0A; escapeProperty also : and ,
    assert escape_data("50% of a\r\nb: c, d") == "50%25 of a%0D%0Ab: c, d"
    assert escape_property("50% of a\r\nb: c, d") == "50%25 of a%0D%0Ab%3A c%2C d"
    assert escape_data("%0A") == "%250A"  # an escape sequence typed in data stays literal


def test_annotation_format() -> None:
    problem = Problem("events/2024-12-05-x.yml", 2, 7, "'date': expected an EDTF date, got '2024-13-45'")
    assert command(problem, problem.path) == (
        "::error file=events/2024-12-05-x.yml,line=2,col=7,title=Timeline data%3A date::"
        "'date': expected an EDTF date, got '2024-13-45'"
    )
    other = Problem("events/a.yml", 1, 1, "an event is missing 'title'")
    assert command(other, other.path) == "::error file=events/a.yml,line=1,col=1,title=Timeline data::an event is missing 'title'"


FORGERIES = [
    Problem("events/a.yml", 1, 1, "x\n::error file=README.md,line=1::forged"),
    Problem("events/a.yml", 1, 1, "x\r::warning::forged"),
    Problem("events/a.yml", 1, 1, "x\r\n::add-mask::secret %0A::error::forged"),
    Problem("events/a.yml::error::forged", 1, 1, "a colon in the file name"),
    Problem("events/x\n::error file=a,line=1::forged.yml", 3, 4, "line break in the file name"),
    Problem("events/50%,line=9,col=9.yml", 2, 2, "comma and percent in the file name"),
    Problem("events/a.yml", 1, 1, "::stop-commands::token"),
]


def test_forged_commands_stay_inside_one_annotation() -> None:
    for problem in FORGERIES:
        line = command(problem, problem.path)
        assert runner_lines(line) == [line]
        properties, _, message = line.removeprefix("::error ").partition("::")
        # The properties part is exactly four key=value pairs, the file value unchanged once unescaped.
        pairs = properties.split(",")
        assert [pair.split("=", 1)[0] for pair in pairs] == ["file", "line", "col", "title"]
        assert unescape(pairs[0].split("=", 1)[1]) == problem.path
        assert unescape(message) == problem.message


def unescape(value: str) -> str:
    """The runner's unescaping (ActionCommand.UnescapeProperty/UnescapeData)."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def test_summary_counts_and_escapes() -> None:
    problems = [
        Problem("events/a.yml", 2, 7, "'date': got <img src=x onerror=alert(1)>"),
        Problem("events/b_[x](javascript:alert(1)).yml", 1, 1, "see https://evil.example/ **now**\n# heading"),
    ]
    text = summary(problems)
    lines = text.splitlines()
    assert lines[0] == "## Timeline data check: 2 problems"
    assert lines[2] == "- **events/a\\.yml\\:2\\:7**: 'date'\\: got &lt;img src=x onerror=alert\\(1\\)&gt;"
    assert lines[3] == (
        "- **events/b\\_\\[x\\]\\(javascript\\:alert\\(1\\)\\)\\.yml\\:1\\:1**: "
        # A Problem shows a line break in its message as the two characters \n (problems.visible).
        "see https\\://evil\\.example/ \\*\\*now\\*\\*\\\\n\\# heading"
    )
    assert len(lines) == 4
    assert summary([]) == "## Timeline data check\n\nNo problems.\n"
    many = summary([Problem(f"events/{n:04d}.yml", 1, 1, "x") for n in range(SUMMARY_LIMIT + 7)]).splitlines()
    assert many[-1] == "- and 7 more: run `make check` to see them all"
    assert len(many) == 2 + SUMMARY_LIMIT + 1


def test_markdown_text_and_code_spans_are_inert() -> None:
    assert md_text("a | b <script> `c` ![i](u) $x$ \\") == "a \\| b &lt;script&gt; \\`c\\` \\!\\[i\\]\\(u\\) \\$x\\$ \\\\"
    assert md_code("former_ids: +x") == "`former_ids: +x`"
    assert md_code("a ``b`` c") == "``` a ``b`` c ```"
    assert md_code("line\nbreak") == "`line break`"


def run_check(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline_core", "check", str(folder)], capture_output=True, text=True,
        cwd=folder, env={"PYTHONPATH": str(ROOT / "hooks"), **env}, timeout=120,
    )


def test_check_in_actions_prints_one_annotation_per_problem_and_a_summary(project, tmp_path: Path) -> None:
    folder = project({
        "events/2024-12-05-a.yml": (
            "title: \"::error::forged %0A\"\ndate: 2024-12-45\ntype: battle\nsummary: x\n"
            "actors: [rebel]\nsources: [{seed: report, quote: Rebels}]\n"
        ),
    })
    step_summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(step_summary), "GITHUB_WORKSPACE": str(folder)}
    result = run_check(folder, env)
    assert result.returncode == 1
    lines = runner_lines(result.stdout.rstrip("\n"))
    plain = [line for line in lines if not line.startswith("::")]
    commands = [line for line in lines if line.strip().startswith("::")]
    assert plain[-1] == "2 problems in the timeline data"
    assert len(commands) == 2
    assert commands[0].startswith(
        "::error file=events/2024-12-05-a.yml,line=2,col=7,title=Timeline data%3A date::'date': expected an EDTF "
        "date such as 2024-12-02 or 2024-11-29/2024-11-30, got '2024-12-45'"
    )
    assert commands[1] == (
        "::error file=events/2024-12-05-a.yml,line=5,col=10,title=Timeline data%3A actors::'actors': unknown actor "
        "'rebel' (did you mean 'rebels'?)"
    )
    text = step_summary.read_text(encoding="utf-8")
    assert text.startswith("## Timeline data check: 2 problems\n")
    assert "- **events/2024-12-05-a\\.yml\\:5\\:10**: 'actors'\\: unknown actor 'rebel' \\(did you mean 'rebels'?\\)" in text


def test_a_forged_file_name_in_actions_makes_no_second_command(project, tmp_path: Path) -> None:
    folder = project({
        "events/x\n::error file=README.md::forged.yml": "title: x\n",
        "events/y\r::warning::forged%0A.yml": "title: y\n",
    })
    result = run_check(folder, {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path / "s.md")})
    assert result.returncode == 1
    lines = runner_lines(result.stdout.rstrip("\n"))
    commands = [line for line in lines if line.strip().startswith("::")]
    count = [line for line in lines if line.endswith("in the timeline data")]
    assert len(count) == 1 and len(commands) == int(count[0].split()[0]) >= 2
    # Every command is ours: the file property holds the whole name, its line breaks shown as
    # \n and \r (problems.visible), then escaped as the toolkit escapes.
    assert all(line.startswith(("::error file=events/x\\n%3A%3Aerror file=README.md%3A%3Aforged.yml,",
                                "::error file=events/y\\r%3A%3Awarning%3A%3Aforged%250A.yml,")) for line in commands)


def test_outside_actions_there_are_no_commands(project) -> None:
    folder = project({"events/2024-12-05-a.yml": "title: A\n"})
    result = run_check(folder, {})
    assert result.returncode == 1
    assert "::" not in result.stdout


def test_a_clean_check_in_actions_writes_its_summary_line(project, tmp_path: Path) -> None:
    step_summary = tmp_path / "summary.md"
    result = run_check(project(), {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(step_summary)})
    assert result.returncode == 0
    assert "::" not in result.stdout
    assert step_summary.read_text(encoding="utf-8") == f"## Timeline data check\n\n{result.stdout}\n"
