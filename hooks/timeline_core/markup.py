"""Contributors' Markdown to inert HTML.

Three layers, because the text comes from strangers: a Markdown instance that cannot emit raw
HTML or attributes (no html block or inline html, no attr_list), an allow-list sanitiser (nh3,
Ammonia) that keeps only a few tags, attributes and URL schemes, and the loader, which already
refused raw HTML and foreign link schemes with a located message.

Links to records (`actor:x`, `event:y`, ...) come out as `ROOT + "actors/x/"`: ROOT is a marker
that a page replaces with its own relative path to the site root, so one rendering serves every
page and the site works from any sub-path and offline. The marker holds a NUL character, which
the loader refuses in every data file, so no contributor can write it.

Security: Python-Markdown is slow on some inputs (work grows with the square of the text for
unclosed '[' and '(' and for long blocks of short lines; 2,000 '[' took 0.9 s, 20,000 over a
minute) and recurses once per nested list level (500 markers on one line, "- - - ...", crash
with RecursionError). `complexity_problem` names such text; the loader refuses it with a located
message (fields.markdown), and `Renderer.block` renders it as escaped plain text rather than
hang or crash, should unchecked text ever reach it.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markdown.inlinepatterns import BACKTICK_RE
from markupsafe import Markup

ROOT = "\x00/"
RECORD_FOLDERS = {"actor": "actors", "location": "locations", "event": "events", "source": "sources"}

_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "h3", "h4", "h5", "h6",
}
_ATTRIBUTES = {"a": {"href", "title"}}
_SCHEMES = {"http", "https", "mailto", *RECORD_FOLDERS}
# Security: the loader lets links go only to the web or to records; the renderer keeps to the
# same promise (no relative, protocol-relative "//host" or malformed record links).
_ALLOWED_HREF = re.compile(
    r"(?:https?://|mailto:)\S+\Z|(?:actor|location|event|source):[a-z0-9]+(?:-[a-z0-9]+)*\Z", re.I
)
_RECORD_HREF = re.compile(r'href="(actor|location|event|source):([a-z0-9]+(?:-[a-z0-9]+)*)"')
_LINK_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“‘(\[])")
# "U.S.", "Maj. Gen." and the like do not end a sentence.
_ABBREVIATION = re.compile(
    r"\(?(?:[A-Z]\.)+|(?:Mr|Mrs|Ms|Dr|Gen|Maj|Col|Lt|Sgt|Capt|Adm|Gov|Sen|Rep|Pres|Prof|St|Jr|"
    r"Sr|No|Vol|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\."
)


# --- limits on what the renderer is given (see the module docstring) ---------------------------

MAX_CHARS = 20_000  # the longest Markdown field (an actor's or location's body)
MAX_LIST_MARKERS = 10  # list markers opening one line: "- - - x" nests three lists
MAX_BLOCK_LINES = 300  # lines in one block of text (between blank lines)
MAX_BRACKET_WORK = 200_000  # characters Python-Markdown scans looking for ']' and ')'

_BLOCKS = re.compile(r"\n[ ]*\n")
_MARKER_RUN = re.compile(r"(?:[ ]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ ]+|\Z)|[ ]*>)+")
_LIST_MARKER = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?=[ ]|\Z)")
_CODE_SPAN = re.compile(BACKTICK_RE)  # Python-Markdown's own: code spans hide their brackets


def complexity_problem(text: str) -> str | None:
    """Why `text` would be slow or unsafe to render as Markdown, or None.

    The message says what to change; it does not name the field (the caller does)."""
    if len(text) > MAX_CHARS:
        return f"at most {MAX_CHARS:,} characters of Markdown, got {len(text):,}; shorten it"
    work = 0
    for block in _BLOCKS.split(text):
        lines = block.split("\n")
        if len(lines) > MAX_BLOCK_LINES:
            return (
                f"{len(lines):,} lines without a blank line between them; the limit is "
                f"{MAX_BLOCK_LINES:,}: add blank lines between paragraphs"
            )
        for number, line in enumerate(lines, start=1):
            run = _MARKER_RUN.match(line)
            if run and len(_LIST_MARKER.findall(run.group())) > MAX_LIST_MARKERS:
                return (
                    f"a line starts with more than {MAX_LIST_MARKERS} list markers "
                    f"({quoted_start(line)}); lists nest at most {MAX_LIST_MARKERS} deep"
                )
        work += _bracket_work(block)
    if work > MAX_BRACKET_WORK:
        return (
            f"too many unclosed or nested brackets: rendering would scan {work:,} characters, "
            f"the limit is {MAX_BRACKET_WORK:,}; close each '[' and '(' or write '\\[' and "
            "'\\(' for literal brackets"
        )
    return None


def quoted_start(line: str) -> str:
    return repr(line.strip()[:20] + ("..." if len(line.strip()) > 20 else ""))


def _bracket_work(block: str) -> int:
    """An upper bound of the characters Python-Markdown's link patterns scan in one block.

    For every '[' it scans to the matching ']' (or the end of the block); after a matched
    '](' it scans to the matching ')' (or the end, if a quote may start a title)."""
    size = len(block)
    if "[" not in block:
        return 0
    # Code spans are set aside before links are looked for: a ']' inside one closes nothing.
    block = _CODE_SPAN.sub(lambda code: " " * len(code.group()), block)
    match: dict[int, int] = {}
    squares: list[int] = []  # every '[' that is not escaped
    opened: dict[str, list[int]] = {"[": [], "(": []}
    closing = {"]": "[", ")": "("}
    escaped = False
    for position, char in enumerate(block):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in opened:
            opened[char].append(position)
            if char == "[":
                squares.append(position)
        elif char in closing and opened[closing[char]]:
            match[opened[closing[char]].pop()] = position
    work = 0
    for position in squares:
        end = match.get(position)
        if end is None:
            work += size - position
            continue
        work += end - position
        if end + 1 < size and block[end + 1] == "(":
            close = match.get(end + 1)
            if close is None or "'" in block[end:close] or '"' in block[end:close]:
                work += size - end
            else:
                work += close - end
    return work


def _plain(text: str) -> Markup:
    """Text the renderer refuses, shown as escaped paragraphs instead of Markdown."""
    return Markup("".join(f"<p>{escape(part)}</p>" for part in _BLOCKS.split(text) if part.strip()))


def _href_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "href" and not _ALLOWED_HREF.match(value):
        return None
    return value


class Renderer:
    """Renders contributors' Markdown; one per build (Python-Markdown instances keep state)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._cache: dict[str, Markup] = {}

    def block(self, text: str) -> Markup:
        """Paragraphs and lists, sanitised, with record links pointing at ROOT."""
        cached = self._cache.get(text)
        if cached is None and complexity_problem(text) is not None:
            cached = self._cache[text] = _plain(text)  # the loader reports it (module docstring)
        if cached is None:
            self._md.reset()
            raw = self._md.convert(text)
            clean = nh3.clean(
                raw,
                tags=_TAGS,
                attributes=_ATTRIBUTES,
                url_schemes=_SCHEMES,
                attribute_filter=_href_filter,
                link_rel="nofollow noopener noreferrer",
                strip_comments=True,
            )
            cached = Markup(_RECORD_HREF.sub(_record_href, clean))
            self._cache[text] = cached
        return cached

    def inline(self, text: str) -> Markup:
        """One paragraph's content without the <p> wrapper, for use inside a sentence."""
        rendered = self.block(text)
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            return Markup(rendered[3:-4])
        return rendered


def _record_href(match: re.Match[str]) -> str:
    return f'href="{ROOT}{RECORD_FOLDERS[match.group(1)]}/{match.group(2)}/"'


def first_sentence(text: str, limit: int = 240) -> str:
    """The summary's first sentence as plain text (link text kept, Markdown marks dropped)."""
    plain = _LINK_MARKUP.sub(r"\1", text)
    plain = re.sub(r"[*_`]+", "", plain)
    plain = " ".join(plain.split())
    sentence = plain
    for match in _SENTENCE_END.finditer(plain):
        last_word = plain[: match.start()].rsplit(" ", 1)[-1]
        if not _ABBREVIATION.fullmatch(last_word):
            sentence = plain[: match.start()]
            break
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def escape(text: str) -> str:
    return html.escape(text, quote=True)
