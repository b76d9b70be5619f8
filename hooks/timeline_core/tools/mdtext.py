"""Untrusted text (paths, ids, titles, messages) made inert for GitHub-flavoured Markdown, for
the step summaries: it shows as the same characters and can never become a link, an image, a
heading, a table cell break or HTML.
"""

from __future__ import annotations

import string

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# CommonMark lets any ASCII punctuation be backslash-escaped; escaping it breaks autolinks
# (`https\://`, `www\.`), emphasis, code spans, math and tables in one rule. These few are
# inert in the middle of a line (the only place this text goes), and ids and dates are full
# of hyphens, so they are left as they are to keep the Markdown readable in a terminal.
_INERT = frozenset("-,/'\";?%=")
_PUNCTUATION = frozenset(string.punctuation) - set(_ENTITIES) - _INERT


def md_text(value: str) -> str:
    """`value` as literal Markdown text on one line."""
    out = []
    for char in value:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        elif char.isspace() or not char.isprintable():
            out.append(" ")  # a line break would start a new block
        else:
            out.append(char)
    return "".join(out)


def md_link(text: str, url: str) -> str:
    """A link whose text is untrusted; `url` is ours (a site path built from a checked id)."""
    return f"[{md_text(text)}](<{url}>)"


def md_code(value: str) -> str:
    """`value` as an inline code span: shown verbatim (nothing inside a code span is Markdown
    or HTML, so nothing needs escaping); the fence is longer than any run of backticks in it."""
    flat = "".join(" " if char.isspace() or not char.isprintable() else char for char in value)
    if not flat.strip():
        return md_text(value)  # an empty or blank code span would not render as one
    longest = current = 0
    for char in flat:
        current = current + 1 if char == "`" else 0
        longest = max(longest, current)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""  # so a backtick at either end is not read as the fence
    return f"{fence}{pad}{flat}{pad}{fence}"
