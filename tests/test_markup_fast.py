"""The fast path of the Markdown renderer (timeline_core/reading/markup_fast.py): wherever it answers,
its HTML is exactly Python-Markdown's, as the renderer configures it."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from timeline_core.reading import markup
from timeline_core.reading.markup import Renderer, _markdown
from timeline_core.reading.markup_fast import simple_html

# Pieces that mean something to Markdown somewhere (line starts, link syntax, emphasis, breaks,
# entities, HTML, escapes), and plain words, in any order.
PIECES = [
    "Rebels", "took", "Hama", " ", "  ", ".", ",", "(", ")", "!", "?", "'", '"', ":", ";", "/", "–", "حماة", "😀",
    "[", "]", "](", "[Hama](location:hama)", "[the report](https://example.org/a?b=1#c)", "[x](y z)",
    "[t](<u>)", '[t](u "title")', "![i](u)", "[r][id]", "[id]: https://example.org", "\n", "\n\n", "\n\n\n",
    "- ", "+ ", "* ", "1. ", "2024.", "1.5", "1) ", "#", "# ", "> ", "=", "==", "---", "***", "___", "    ",
    "\t", "*em*", "_em_", "**", "`code`", "\\", "\\[", "&", "&amp;", "&#169;", "<", ">", "<b>", "<https://x.org>",
    "\u00a0", "a_b", "\r",
]


def python_markdown(text: str) -> str:
    md = _markdown()
    return md.convert(text)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1500")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
@example("Rebels took [Hama](location:hama) on 5 December.\n\nThe [monitor](actor:sohr) counted 20 dead.")
@example("A line\nand another (in brackets)!\n\n1.5 million left.")
def test_the_fast_path_writes_what_python_markdown_writes(text: str) -> None:
    fast = simple_html(text)
    if fast is not None:
        assert fast == python_markdown(text), text


def test_the_fast_path_takes_the_common_texts() -> None:
    """Plain paragraphs with inline links (what summaries mostly are) take the fast path."""
    for text in ("Rebels took [Hama](location:hama) on 5 December.",
                 "One paragraph.\n\nAnother, with [a link](https://example.org/report) (and brackets)!",
                 "Generated for the benchmark; the date is 2024-12-01.",
                 "لقد سيطر المتمردون على [حماة](location:hama)."):
        assert simple_html(text) is not None, text
        assert simple_html(text) == python_markdown(text)
    for text in ("*emphasis*", "- a list", "1. a list", "# heading", "a  \nbreak", "&amp;", "<b>x</b>", "![i](u)",
                 "[t](u \"title\")", "line\n", "    code"):
        assert simple_html(text) is None, text


def test_the_renderer_gives_the_same_html_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Rebels took [Hama](location:hama) and [a report](https://example.org/a) said so.",
             "Two paragraphs.\n\nThe second [links](event:2024-12-01-x) an event."]
    fast = [str(Renderer().block(text)) for text in texts]
    monkeypatch.setattr(markup, "simple_html", lambda text: None)
    assert [str(Renderer().block(text)) for text in texts] == fast
    assert '<a href="\x00/locations/hama/" rel="nofollow noopener noreferrer">Hama</a>' in fast[0]
