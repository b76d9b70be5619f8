"""Security: text from the data as it reaches readers, terminals and logs (issue #8, items 4-7, 9).

- Numbers and dates are bounded before Python converts them; every message is located and of
  bounded length, whatever the size of the value it names.
- Characters outside the Basic Multilingual Plane (emoji, mathematical letters) keep a page's
  title, header and search title.
- Character references are judged as the renderer will render them: the check refuses exactly
  the references whose rendering holds a refused character.
- The link check sees every link the renderer makes (reference definitions included, in block
  quotes and lists), so no accepted text renders a link the sanitiser empties.
- Paths and messages print with no byte that could steer a terminal or a CI log.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from itertools import product
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, Built, build, make_project, problems_of, site_project
from searchfiles import by_location
from test_security import find_all, parse, text_of
from test_security_data import EVENT
from timeline_core.reading.fields import Context, markdown
from timeline_core.reading.markup import _ALLOWED_HREF, Renderer, rendered_links
from timeline_core.reading.problems import Position, Problem, Problems, visible
from timeline_core.reading.read import Scalar

MESSAGE_MAX = 500  # characters of a message, whatever the value it names (see test_security_fuzz)


def checked(text: str) -> list[str]:
    ctx = Context(Problems())
    markdown(2000)(Scalar(text, Position("events/x.yml", 3, 10), False), ctx, "summary")
    return [str(p) for p in ctx.problems.items]


# --- bounded numbers and messages ---------------------------------------------------------------

HUGE = {
    "digits": "9" * 5000,
    "negative digits": "-" + "1" * 4301,
    "fraction": "1." + "5" * 5000,
    "letters": "x" * 100_000,
    "date-like": "Y1" + "7" * 5000,
    "interval-like": "2024-12-01/" + "9" * 5000,
}


def event_with(field: str, value: str) -> str:
    values = {
        "title": f"title: {value}", "date": f"date: {value}", "summary": f"summary: {value}",
        "value": f"figures:\n  - {{label: x, value: {value}}}",
        "low": f"figures:\n  - {{label: x, low: {value}, high: 1}}",
        "source": f"figures:\n  - {{label: x, value: 1, source: {value}}}",
        "tags": f"tags: [{value}]", "related": f"related: [{value}]",
        "published": f"  - url: https://example.org/x\n    title: x\n    published: {value}",
        "url": f"  - url: https://example.org/{value}\n    title: x",
    }
    line = values[field]
    if field in ("title", "date", "summary"):
        return re.sub(rf"^{field}: .*$", line, EVENT, flags=re.M)
    if field in ("published", "url"):
        return EVENT + line + "\n"
    return EVENT + line + "\n"


@pytest.mark.parametrize("shape", list(HUGE))
def test_any_huge_value_ends_in_bounded_located_messages(tmp_path: Path, shape: str) -> None:
    value = HUGE[shape]
    files = {f"events/2024-12-0{n}-f{n}.yml": event_with(field, value)
             for n, field in enumerate(("title", "date", "summary", "value", "low", "source", "tags", "related", "url"), 1)}
    files["docs/locations/place.md"] = f"---\nname: P\nkind: city\ncoordinates: [{value}, {value}]\n---\n"
    found = problems_of(make_project(tmp_path, files=files))
    assert len(found) >= 8, found
    assert all(re.match(r"[^:]+:\d+:\d+: ", p) for p in found), found
    assert max(len(p) for p in found) <= MESSAGE_MAX, max(found, key=len)[:200]


@pytest.mark.parametrize("value, accepted", [
    ("123456789012345", True), ("-123456789012345.0123456789", True),
    ("1234567890123456", False), ("1.01234567890", False), ("9" * 4300, False), ("9" * 4301, False),
])
def test_numbers_are_bounded_before_conversion(tmp_path: Path, value: str, accepted: bool) -> None:
    found = problems_of(make_project(tmp_path, files={"events/2024-12-05-n.yml": event_with("value", value)}))
    assert (found == []) == accepted, found
    if not accepted:
        assert "at most 15 digits before the point and 10 after" in found[0] and len(found[0]) < MESSAGE_MAX


# --- characters outside the Basic Multilingual Plane ------------------------------------------

WIDE = ["Rebels 🚩 advance", "𝐀𝐥𝐞𝐩𝐩𝐨 falls", "Flag 🇸🇾 raised", "𓂀 & co < 3 𠀀"]


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    files = {}
    for n, title in enumerate(WIDE, 1):
        summary = json.dumps(f"{title} in the first sentence. Then more.", ensure_ascii=False)
        files[f"events/2024-12-1{n}-wide-{n}.yml"] = re.sub(
            "summary: .*", f"summary: {summary}", EVENT.replace("title: A case", f"title: {json.dumps(title, ensure_ascii=False)}"))
        files[f"docs/actors/wide-{n}.md"] = f"---\nname: {json.dumps(title, ensure_ascii=False)}\nkind: person\n---\n"
    built = build(site_project(tmp_path_factory.mktemp("wide"), data="mini", files=files))
    assert built.returncode == 0, built.output
    return built


@pytest.mark.parametrize("n", range(1, len(WIDE) + 1))
def test_wide_characters_keep_titles_headers_and_search(wide_site: Built, n: int) -> None:
    title = WIDE[n - 1]
    index = by_location(wide_site.site)
    for url in (f"events/2024-12-1{n}-wide-{n}/", f"actors/wide-{n}/"):
        root = parse(wide_site.page(url))
        assert text_of(find_all(root, "title")[0]).startswith(f"{title} - ")
        assert [text_of(h) for h in find_all(root, "h1")] == [title]
        assert title in text_of(find_all(root, "div", "md-header__topic")[-1])
        assert html.unescape(re.sub(r"<[^>]+>", "", index[url]["title"])) == title
        [toc] = find_all(root, "div", "md-sidebar--secondary")
        assert toc.get("hidden") is not None  # front matter read: no empty table of contents
    description = [m.get("content") for m in find_all(parse(wide_site.page(f"events/2024-12-1{n}-wide-{n}/")), "meta")
                   if m.get("name") == "description"]
    assert description and f"{title} in the first sentence." in description[0]


def test_front_matter_holds_any_text_the_loader_accepts() -> None:
    """The hook's front matter, read back by MkDocs' own reader: every character the loader
    accepts in a title (all of the first four planes and the ends of the others, in runs of
    400) comes back as written."""
    from mkdocs.utils.meta import get_data

    from timeline_core.reading.read import invisible
    from timeline_files import front_matter
    codes = [*range(0x20, 0x40000), *range(0xE0000, 0xE0200), *range(0xFFF00, 0x10000), *range(0x10FF00, 0x110000)]
    accepted = [chr(c) for c in codes if not 0xD800 <= c <= 0xDFFF and not invisible(chr(c)) and chr(c) not in "\t\r"]
    assert len(accepted) > 200_000
    lost = []
    for start in range(0, len(accepted), 400):
        title = "".join(accepted[start:start + 400])
        _body, meta = get_data(front_matter(title, title) + "body\n")
        if meta.get("title") != html.escape(title) or meta.get("description") != html.escape(title):
            lost.append(f"U+{ord(title[0]):04X}..U+{ord(title[-1]):04X}")
    assert lost == []


# --- character references, as the renderer renders them ---------------------------------------

def refused_in_rendering(text: str) -> bool:
    """Whether the renderer's output holds a character the loader refuses in a file."""
    out = html.unescape(str(Renderer().block(text)))
    if "fffd" in text.lower() or "65533" in text:
        out = out.replace("\ufffd", "")  # named on purpose: the replacement character itself
    for char in out:
        code = ord(char)
        if char in "\t\r\n":
            continue
        if (code < 0x20 or 0x7F <= code <= 0x9F or code == 0xFFFD or 0xFDD0 <= code <= 0xFDEF
                or code & 0xFFFE == 0xFFFE or char in "\u061c\u200b\u200d\u200e\u200f\ufeff"
                or 0x2028 <= code <= 0x202E or 0x2060 <= code <= 0x2069 or 0xFFF9 <= code <= 0xFFFB
                or 0xE0000 <= code <= 0xE007F):
            return True
    return False


CODES = sorted({*range(0, 0x200), *range(0x2000, 0x2070), *range(0xD7F0, 0xE010), *range(0xFDC0, 0xFE10),
                *range(0xFFF0, 0x10010), 0x1FFFE, 0x1FFFF, 0x10FFFE, 0x10FFFF, 0x110000, 0xE0001, 0x1F600})


@pytest.mark.parametrize("form", ["&#x{:x};", "&#{:d};", "&#x{:X};", "&#000{:d};", "&#X{:x};", "&#{:d}"])
def test_check_refuses_exactly_what_the_rendering_would_hold(form: str) -> None:
    disagreements = []
    for code in CODES:
        text = f"a {form.format(code)} b"
        if bool(checked(text)) != refused_in_rendering(text):
            disagreements.append((text, checked(text), str(Renderer().block(text))))
    assert disagreements == []


@pytest.mark.parametrize("name", ["ZeroWidthSpace", "NoBreak", "lrm", "rlm", "zwj", "zwnj", "shy", "nbsp",
                                  "InvisibleComma", "af", "ic", "it", "amp", "lt", "NewLine", "Tab", "nosuch"])
def test_named_references_agree_too(name: str) -> None:
    text = f"a &{name}; b"
    assert bool(checked(text)) == refused_in_rendering(text), (checked(text), Renderer().block(text))


# --- links: the check sees what the renderer makes ---------------------------------------------

CONTAINERS = ["{}", "> {}", "- {}", "1. {}", "- item\n\n    > {}", "> - {}", "> > {}", "Text.\n\n{}"]
FORMS = [
    "[a]({t})", "[a](<{t}>)", "[a]( {t} )", "[a]({t} \"t\")", "[a][r]\n\n[r]: {t}", "[r][]\n\n[r]: {t}",
    "[r]\n\n[r]: {t}", "[a][r]\n\n[r]:\n  {t}", "[a][r]\n\n[r]: <{t}>", "[a][R]\n\n   [r]: {t} 'x'", "<{t}>",
]
TARGETS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:x", "&#106;avascript:alert(1)",
    "&#x6a;avascript:x", "java&#x09;script:x", "//evil.example/x", "/etc/passwd", "../x", "x.html",
    "ftp://example.org/x", "data:text/html,x", "file:///etc/passwd", "https://example.org/a",
    "http://example.org/b", "mailto:a@example.org", "actor:rebels", "event:../x", "actor:Rebels", "#top",
]


LINK_PIECES = [
    "[", "]", "(", ")", "<", ">", "[a]", "[r]", "[r]:", "]:", "![", "](", " ", "\n", "\n\n", "> ", "- ",
    "1. ", "    ", "\"t\"", "'t'", "&#106;", "&#x3a;", "&amp;", "\\", "`", *TARGETS, "javascript", ":",
    "//", "mailto:", "https:", "a@example.org",
]


def nest(container: str, text: str) -> str:
    prefix = container.split("{}")[0].split("\n")[-1]
    return container.replace("{}", text.replace("\n", "\n" + prefix if prefix.strip() else "\n" + " " * len(prefix)))


def test_every_link_the_renderer_makes_is_one_the_check_accepted() -> None:
    """For every accepted text, each href Python-Markdown makes passes the renderer's own
    allow-list: no accepted text renders a link the sanitiser would empty."""
    dead = []
    for container, form, target in product(CONTAINERS, FORMS, TARGETS):
        text = nest(container, form.format(t=target))
        if checked(text):
            continue
        hrefs = [h for h in rendered_links(text) if not _ALLOWED_HREF.match(h)]
        if hrefs:
            dead.append((text, hrefs))
    assert dead == []


def test_hostile_targets_are_refused_in_every_container() -> None:
    hostile = [t for t in TARGETS if not t.startswith(("https:", "http:", "mailto:", "actor:rebels"))]
    missed = [(c, f, t) for c, f, t in product(CONTAINERS, FORMS, hostile)
              if rendered_links(nest(c, f.format(t=t))) and not checked(nest(c, f.format(t=t)))]
    assert missed == []


# --- nothing from the data steers a terminal ----------------------------------------------------

STEERING = ["\x1b[2K\x1b[1A", "\n", "\r", "\x07", "\x9b31m", "\u202e", "\u2028", "\x00"[:0] + "\x7f", "\u061c"]


@pytest.mark.parametrize("sequence", STEERING)
def test_problems_print_paths_and_messages_visibly(sequence: str) -> None:
    problem = Problem(f"events/a{sequence}OK: 19 events/x.yml", 1, 1, f"'title': got {sequence!r} {sequence}")
    shown = str(problem)
    assert shown.isprintable() and "OK: 19 events" in shown and sequence not in shown
    assert visible(shown) == shown


def test_check_output_holds_no_steering_byte(tmp_path: Path) -> None:
    names = ["a\x1b[2K\x1b[1A\nOK: 19 events", "b\r\x07", "c\u202eyml.exe", "d\x9b2J"]
    files = {f"events/{name}/2024-12-05-x{n}.yml": EVENT for n, name in enumerate(names)}
    files.update({f"events/{name}.yml": EVENT for name in names})
    project = make_project(tmp_path, files=files)
    result = subprocess.run([sys.executable, "-m", "timeline_core", str(project)], capture_output=True,
                            text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks")}, timeout=120)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{2 * len(names)} problems in the timeline data"
    assert len(lines) == 2 * len(names) + 1  # one line per problem: no newline from a name
    assert all(line.isprintable() for line in lines), [line for line in lines if not line.isprintable()]
    assert not any(line.startswith("OK") for line in lines)


def test_build_log_holds_no_steering_byte(tmp_path: Path) -> None:
    name = "a\x1b[2K\x1b[1A\nINFO    -  Documentation built"
    built = build(site_project(tmp_path, data="mini", files={f"events/{name}/2024-12-05-x.yml": EVENT}))
    assert built.returncode != 0
    assert "events/a\\x1b[2K\\x1b[1A\\nINFO    -  Documentation built:1:1: folder name " in built.output
    assert "\x1b" not in built.output and "\nINFO    -  Documentation built" not in built.output


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINK_PIECES), max_size=30).map("".join))
def test_random_accepted_markdown_renders_no_dead_link(text: str) -> None:
    """Random Markdown built from link syntax: whatever the check accepts renders only links
    the sanitiser keeps."""
    if not checked(text):
        assert [h for h in rendered_links(text) if not _ALLOWED_HREF.match(h)] == [], text


def test_a_generated_page_keeps_a_title_no_front_matter_could_hold(tmp_path: Path) -> None:
    """A generated page's title and description come from its plan, not from front matter
    MkDocs reads back (which drops, without a word, YAML it cannot read): a title with
    characters beyond the Basic Multilingual Plane, quotes, YAML marks and markup is shown
    whole, escaped, on the page and in its head."""
    title = 'Rebels: "we hold it" # 😀 &amp; <b>not bold</b> {x: [y]}'
    event = EVENT.replace("title: A case", f"title: {json.dumps(title, ensure_ascii=False)}")
    built = build(site_project(tmp_path, data="mini", files={"events/2024-12-05-x.yml": event}))
    assert built.returncode == 0, built.output
    page = built.page("events/2024-12-05-x/")
    shown = "Rebels: &#34;we hold it&#34; # 😀 &amp;amp; &lt;b&gt;not bold&lt;/b&gt; {x: [y]}"
    assert f"<h1>{shown}</h1>" in page
    assert "<title>Rebels: &quot;we hold it&quot; # 😀 &amp;amp; &lt;b&gt;not bold&lt;/b&gt; {x: [y]} - " in page
    assert '<meta name="description" content="' in page
