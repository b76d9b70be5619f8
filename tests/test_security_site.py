"""Security: what reaches the built site, checked on real builds.

- Generated pages never silently replace hand-written ones.
- Nothing is lost: every data file becomes a page or fails the build; events in = pages out.
- Nothing is written outside the site folder.
- Two builds of the same tree are byte-identical, except the files that hold the build date.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, Built, build, site_project
from test_security_data import EVENT

EVENT_ID = "2024-12-01-rebels-capture-northtown"


def built_with(tmp: Path, files: dict[str, str]) -> Built:
    return build(site_project(tmp, data="mini", files=files))


# --- hand-written pages --------------------------------------------------------------------------

@pytest.mark.parametrize("path, uri", [
    (f"docs/events/{EVENT_ID}.md", f"events/{EVENT_ID}.md"),
    ("docs/sources/index.md", "sources/index.md"),
    ("docs/sources/report.md", "sources/report.md"),
])
def test_hand_written_page_in_the_place_of_a_generated_one_fails_the_build(
    tmp_path: Path, path: str, uri: str
) -> None:
    built = built_with(tmp_path, {path: "# Hand-written\n"})
    assert built.returncode != 0
    assert "generated pages would replace hand-written ones: " in built.output
    assert f"docs/{uri}; rename or remove them" in built.output


@pytest.mark.parametrize("path", [
    "docs/actors.md",
    "docs/sources.md",
    f"docs/events/{EVENT_ID}/index.md",
    "docs/sources/report/index.md",
])
def test_hand_written_page_at_a_generated_url_fails_the_build(tmp_path: Path, path: str) -> None:
    built = built_with(tmp_path, {path: "# Hand-written\n"})
    assert built.returncode != 0 and "hand-written" in built.output


@pytest.mark.parametrize("path, content, url", [
    ("docs/actors/index.md", "---\nname: Spoofed\nkind: person\n---\n", "actors/"),
    ("docs/locations/index.md", "---\nname: Spoofed\nkind: country\n---\n", "locations/"),
    ("seeds/index.md", "---\ntitle: Spoofed\npublished: 2024\n---\nText.\n", "sources/"),
])
def test_data_file_named_index_cannot_replace_an_index_page(
    tmp_path: Path, path: str, content: str, url: str
) -> None:
    built = built_with(tmp_path, {path: content})
    assert built.returncode != 0 or "Spoofed" not in built.page(url)


# --- nothing lost -------------------------------------------------------------------------------

@pytest.mark.parametrize("path, message", [
    ("events/2024-12-05-case.yaml",
     "events/2024-12-05-case.yaml:1:1: events/ holds only .yml files, found '2024-12-05-case.yaml'; "
     "rename it to '2024-12-05-case.yml'"),
    ("docs/actors/evil.html", "docs/actors/evil.html:1:1: docs/actors/ holds only .md files, found 'evil.html'"),
    ("seeds/notes.txt", "seeds/notes.txt:1:1: seeds/ holds only .md files, found 'notes.txt'"),
])
def test_stray_file_fails_the_build(tmp_path: Path, path: str, message: str) -> None:
    built = built_with(tmp_path, {path: EVENT})
    assert built.returncode != 0
    assert message in built.output
    assert not (built.site / "actors/evil.html").exists()


def count_event_files(root: Path) -> int:
    return len(list((root / "events").rglob("*.yml")))


def count_event_pages(site: Path) -> int:
    return len(list((site / "events").glob("*/index.html")))


@pytest.fixture(scope="module")
def clean_mini(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build(site_project(tmp_path_factory.mktemp("mini"), data="mini"))
    assert built.returncode == 0, built.output
    return built


def test_events_in_equal_event_pages_out_for_the_fixture(clean_mini: Built) -> None:
    assert count_event_files(FIXTURES / "mini") == count_event_pages(clean_mini.site) == 2


def test_events_in_equal_event_pages_out_for_the_shipped_data(shipped_twice) -> None:
    first, _ = shipped_twice
    assert count_event_pages(first.site) == count_event_files(ROOT) > 0


def test_every_record_has_its_page(clean_mini: Built) -> None:
    for folder, url in (("docs/actors", "actors"), ("docs/locations", "locations"), ("seeds", "sources")):
        for path in (FIXTURES / "mini" / folder).glob("*.md"):
            assert (clean_mini.site / url / path.stem / "index.html").is_file(), path


# --- nothing outside the site folder --------------------------------------------------------------

def test_build_writes_only_inside_the_site_folder(tmp_path: Path) -> None:
    project = site_project(tmp_path / "build", data="mini")
    before = {p for p in tmp_path.rglob("*")}
    built = build(project, site=tmp_path / "build" / "site")
    assert built.returncode == 0, built.output
    after = {p for p in tmp_path.rglob("*")}
    new = {p for p in after - before if "__pycache__" not in p.parts}
    assert new and all(p.is_relative_to(built.site) for p in new), sorted(map(str, new - {built.site}))[:5]


# --- deterministic output -----------------------------------------------------------------------

# The files that hold the date of the build (MkDocs' sitemap; SOURCE_DATE_EPOCH sets the date),
# and why. Two builds on the same day are identical, these included.
DATED_FILES = {
    # The gzip header's modification time is the build date, even for an empty sitemap.
    "sitemap.xml.gz": "gzip header mtime = the build date",
}
# With a site_url (the shipped mkdocs.yml has none, so its sitemap lists no pages):
DATED_FILES_WITH_SITE_URL = {
    **DATED_FILES,
    "sitemap.xml": "each page's <lastmod> is the build date",
}


def build_twice(tmp: Path, site_url: str = "") -> tuple[Built, Built]:
    project = site_project(tmp, data=None)
    # Different hash seeds (set and dict order of strings) and, for the second, another day.
    first = build(project, site=tmp / "first", env={"PYTHONHASHSEED": "1", "TIMELINE_SITE_URL": site_url})
    second = build(project, site=tmp / "second",
                   env={"PYTHONHASHSEED": "2", "SOURCE_DATE_EPOCH": "1000000000", "TIMELINE_SITE_URL": site_url})
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    return first, second


def differing_files(first: Path, second: Path) -> set[str]:
    names = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    other = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    assert names == other
    return {n for n in names if (first / n).read_bytes() != (second / n).read_bytes()}


@pytest.fixture(scope="module")
def shipped_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Built]:
    return build_twice(tmp_path_factory.mktemp("twice"))


def test_two_builds_of_the_shipped_data_are_identical(shipped_twice) -> None:
    first, second = shipped_twice
    assert differing_files(first.site, second.site) == set(DATED_FILES)
    project = str(first.project)
    for page in first.site.rglob("*.html"):  # no path of the machine that built it
        assert project not in page.read_text(encoding="utf-8"), page


def test_with_a_site_url_only_the_sitemap_holds_the_date(tmp_path: Path) -> None:
    first, second = build_twice(tmp_path, "https://example.org/timeline/")
    assert differing_files(first.site, second.site) == set(DATED_FILES_WITH_SITE_URL)
    dates = re.findall(r"<lastmod>([0-9-]+)</lastmod>", (second.site / "sitemap.xml").read_text())
    assert dates and set(dates) == {"2001-09-09"}  # SOURCE_DATE_EPOCH=1000000000
