"""The commonest contributor Markdown, rendered without Python-Markdown (speed, issue #11).

Most summaries and notes are paragraphs of plain sentences with inline links
(`[Hama](location:hama)`, `[the report](https://...)`). Python-Markdown takes about half a
millisecond for such a text, half of an event page's rendering. `simple_html` writes the HTML
Python-Markdown writes for exactly that kind of text, and returns None for anything else (any
character or line start that means something to Markdown: emphasis, code, escapes, HTML,
entities, headings, lists, quotes, rules, breaks, images, references, link titles, ...), which
the renderer then gives to Python-Markdown as before. Either way the result goes through the
same sanitiser (markup.Renderer.block).

tests/test_markup_fast.py compares both renderers on random texts built from every character
that matters to Markdown: wherever this one answers, the HTML must be the same.
"""

from __future__ import annotations

import re

# A character with no meaning to Markdown where it stands ("(", ")" and "!" are plain unless
# they follow "]" or come before "["; the line rules below cover the starts of lines).
_PLAIN = r"[^\[\]*_`<>&#\\\t\r\n\x00-\x1f\x7f]"
_TARGET = r"[^\s()<>\"'\\&\[\]`*_\x00-\x1f\x7f]+"
_LINK = re.compile(rf"\[({_PLAIN}+)\]\(({_TARGET})\)")
_LINE = re.compile(rf"(?:{_PLAIN}|\[{_PLAIN}+\]\({_TARGET}\))+")
# Line starts that open a block other than a paragraph (list items, ordered list items, setext
# underlines, rules, quotes), or that indent; and lines that end in a space (a break).
_SPECIAL_START = re.compile(r"[-+=\s]|\d+\.(?:\s|$)")


def simple_html(text: str) -> str | None:
    """Python-Markdown's HTML for `text` when it is plain paragraphs with inline links, else None."""
    if "![" in text:  # an image
        return None
    paragraphs = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        for line in lines:
            if not line or line[-1] == " " or _SPECIAL_START.match(line) or not _LINE.fullmatch(line):
                return None
        paragraphs.append("<p>" + _LINK.sub(r'<a href="\2">\1</a>', block) + "</p>")
    return "\n".join(paragraphs)
