"""Smaller pages: whitespace between the theme's tags, squeezed.

Material's templates indent every line and leave blank lines where template logic was: in a
page's sidebars and header that is a third of their bytes. A run of whitespace that holds a
line break renders as one space wherever whitespace collapses (everywhere but <pre>,
<textarea> and `white-space: pre*`, which our pages use only inside <pre>), so it is kept as
one line break. Tags (their attribute values), <pre>, <textarea>, <script> and <style> are
left exactly as they are.
"""

from __future__ import annotations

import re

_KEPT = re.compile(
    r"(<(pre|textarea|script|style)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)", re.IGNORECASE | re.DOTALL
)
_BREAK_RUN = re.compile(r"[ \t\r\n\f]*\n[ \t\r\n\f]*")


def compact_html(html: str) -> str:
    """`html` with every whitespace run that holds a line break, outside tags and
    whitespace-keeping elements, cut to one line break."""
    parts = _KEPT.split(html)
    # split() returns text, then the kept match and its tag-name group, repeating.
    out = []
    for position, part in enumerate(parts):
        kind = position % 3
        if kind == 0:
            out.append(_BREAK_RUN.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)
