"""Security: contributors' Markdown renders inert and in bounded time.

Three layers (see timeline_core/reading/markup.py): the loader refuses raw HTML, foreign links and
Markdown that would be slow to render (golden cases security-markdown-*.yml); the renderer cannot
emit raw HTML or attributes; nh3 keeps only a few tags, attributes and addresses. These tests
give the renderer the payloads directly, as if the loader had let them through.

Speed is asserted through the limits' messages, never by timing; the measurements that set the
limits are in docs/security.md.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import make_project
from test_security import dangers, elements, local, parse_fragment, text_of
from conftest import problems_of
from test_security_data import EVENT
from timeline_core.reading.markup import (
    MAX_BLOCK_LINES, MAX_CHARS, MAX_LIST_MARKERS, MAX_SCAN_WORK, ROOT, Renderer, complexity_problem,
    first_sentence,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<style>*{x:expression(alert(1))}</style>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=javascript:alert(1)//>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<div>\n<script>alert(1)</script>\n</div>",  # an HTML block
    "<!-- <script>alert(1)</script> -->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](java&#x09;script:alert(1))",
    "[a](vbscript:msgbox(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![a](javascript:alert(1))",
    "![a](data:image/svg+xml,<svg onload=alert(1)>)",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[a](https://example.org/ \"x\\\" onmouseover=alert(1) \\\"\")",
    "[a](https://example.org/\"onmouseover=\"alert(1))",
    "Click {onclick=alert(1)}",
    "# Heading {: onclick=\"alert(1)\" }",
    "[a](https://example.org/){: onclick=alert(1) }",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_renderer_output_is_inert(payload: str) -> None:
    rendered = str(Renderer().block(payload))
    assert dangers(parse_fragment(rendered), "fragment", None, set(), set()) == []
    for element in elements(parse_fragment(rendered)):
        assert local(element.tag) in {
            "DOCUMENT_FRAGMENT", "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol",
            "li", "a", "hr", "h3", "h4", "h5", "h6",
        }, rendered
        assert set(element.attrib) <= {"href", "title", "rel"}, rendered


@pytest.mark.parametrize("link, kept", [
    ("https://example.org/x", "https://example.org/x"),
    ("http://example.org/x", "http://example.org/x"),
    ("mailto:someone@example.org", "mailto:someone@example.org"),
    ("actor:rebels", ROOT + "actors/rebels/"),
    ("event:2024-12-01-x", ROOT + "events/2024-12-01-x/"),
    ("//evil.example/x", None),
    ("/etc/passwd", None),
    ("../../x", None),
    ("x.html", None),
    ("event:../../x", None),
    ("actor:Rebels", None),
    ("source:a/b", None),
    ("ftp://example.org/", None),
])
def test_renderer_links_go_only_to_the_web_and_to_records(link: str, kept: str | None) -> None:
    """The loader refuses the others; the renderer drops them too."""
    rendered = str(Renderer().block(f"[a]({link})"))
    # (read with a regular expression: an HTML parser would turn ROOT's NUL into U+FFFD)
    anchors = re.findall(r'<a(?: href="([^"]*)")? rel="nofollow noopener noreferrer">', rendered)
    assert anchors == [html.escape(kept) if kept else ""], rendered


def test_benign_text_is_escaped_once() -> None:
    rendered = str(Renderer().block("Rebels < 10 km from Hama & advancing"))
    assert rendered == "<p>Rebels &lt; 10 km from Hama &amp; advancing</p>"
    assert text_of(parse_fragment(rendered)) == "Rebels < 10 km from Hama & advancing"
    assert first_sentence("Rebels < 10 km from Hama & advancing. Then more.") == (
        "Rebels < 10 km from Hama & advancing."
    )


@pytest.mark.parametrize("summary, sentence", [
    ("Rebels &lt; 10 km from Hama &amp; advancing. More.", "Rebels < 10 km from Hama & advancing."),
    ("A \\[sic\\] *claim* by `x`. More.", "A [sic] claim by x."),
    ("&lt;script&gt;alert(1)&lt;/script&gt;. More.", "<script>alert(1)</script>."),
    ("AT&T &copy and &#60;b&#62;. More.", "AT&T &copy and <b>."),
])
def test_first_sentence_is_the_text_a_reader_sees(summary: str, sentence: str) -> None:
    """Plain text, as the rendered summary reads; escaped by the template and the hook."""
    assert first_sentence(summary) == sentence


# --- speed and depth limits ------------------------------------------------------------------------

SLOW = {
    "brackets": "[" * 1001,
    "backticks": "``a`" * 500,
    "link targets": "[a](" * 400,
    "images": "![" * 800,
    "nested lists": "- " * (MAX_LIST_MARKERS + 1) + "x",
    "numbered lists": "1. " * (MAX_LIST_MARKERS + 1) + "x",
    "long block": "\n".join(["x"] * (MAX_BLOCK_LINES + 1)),
    "too long": "x" * (MAX_CHARS + 1),
}


@pytest.mark.parametrize("name", SLOW)
def test_slow_markdown_is_named(name: str) -> None:
    assert complexity_problem(SLOW[name])


@pytest.mark.parametrize("name", SLOW)
def test_renderer_shows_refused_markdown_as_escaped_text(name: str) -> None:
    """Should unchecked text ever reach the renderer, it neither hangs nor crashes: the text is
    shown as escaped paragraphs."""
    rendered = str(Renderer().block(SLOW[name] + " <script>alert(1)</script>"))
    assert rendered.startswith("<p>") and "<script>" not in rendered
    assert "&lt;script&gt;" in rendered


def test_recursion_crash_is_behind_the_limit() -> None:
    """500 list markers on one line crashed Python-Markdown with RecursionError."""
    text = "- " * 500 + "x"
    assert complexity_problem(text) == (
        f"a line starts with more than {MAX_LIST_MARKERS} list markers ('- - - - - - - - - - ...'); "
        f"lists nest at most {MAX_LIST_MARKERS} deep"
    )
    assert str(Renderer().block(text)).startswith("<p>- - - ")


@pytest.mark.parametrize("text", [
    "- " * MAX_LIST_MARKERS + "ten levels",
    "\n".join(["x"] * MAX_BLOCK_LINES),
    "\\[" * 5000,  # escaped brackets are not scanned
    "[a](https://example.org/) " * 100,
    "use `code` and [a link](https://example.org/) " * 40,
    "\n\n".join(["[" * 40 + "x" * 500] * 20),
    "> " * 200 + "deep quotes do not recurse",
])
def test_ordinary_and_borderline_markdown_is_accepted(text: str) -> None:
    assert complexity_problem(text) is None


def test_scan_work_limit_message() -> None:
    problem = complexity_problem("[" * 1001)
    assert problem == (
        "too many '[', '](' and '`' for the length of the paragraphs holding them (rendering "
        f"would scan up to {1001 * 1001:,} characters; the limit is {MAX_SCAN_WORK:,}): split "
        "long paragraphs with blank lines, or write '\\[' for a literal bracket"
    )


def test_largest_allowed_fields_are_within_the_limits() -> None:
    """summary, annotations and notes hold 2,000 characters; bodies 20,000 (MAX_CHARS)."""
    assert MAX_CHARS == 20_000
    assert complexity_problem("word " * 4000) is None


# --- the loader refuses it with the field's name -------------------------------------------------

def test_loader_names_the_field(tmp_path: Path) -> None:
    event = EVENT.replace("Something happened.", "'" + "[" * 1500 + "'")
    project = make_project(tmp_path, files={"events/2024-12-05-case.yml": event})
    [problem] = problems_of(project)
    assert problem.startswith("events/2024-12-05-case.yml:4:10: 'summary': too many '['")


@pytest.mark.parametrize("body", [
    "x" * 20_001,
    "[" * 5000,
    "<script>alert(1)</script>",
    "[a](javascript:alert(1))",
    "[a](actor:no-such-actor)",
    "- " * 600 + "x",
])
def test_page_bodies_are_checked(tmp_path: Path, body: str) -> None:
    page = "---\nname: Body\nkind: person\n---\n" + body + "\n"
    project = make_project(tmp_path, files={"docs/actors/body.md": page})
    assert any(p.startswith("docs/actors/body.md") for p in problems_of(project))
