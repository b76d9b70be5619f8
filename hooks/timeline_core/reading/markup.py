"""Contributors' Markdown to inert HTML.

Three layers, because the text comes from strangers: a Markdown instance that cannot emit raw
HTML or attributes (no html block or inline html, no attr_list), an allow-list sanitiser (nh3,
Ammonia) that keeps only a few tags, attributes and URL schemes, and the loader, which already
refused raw HTML and foreign link schemes with a located message.

Links to records (`actor:x`, `event:y`, ...) come out as `ROOT + "actors/x/"`: ROOT is a marker
that a page replaces with its own relative path to the site root, so one rendering serves every
page and the site works from any sub-path and offline. The marker holds a NUL character, which
the loader refuses in every data file, so no contributor can write it.

Security: Python-Markdown is slow on some inputs (its work grows with the square of a
paragraph's length for every unclosed '[', '](' and backtick, and with the square of a block's
length for long blocks of short lines: 2,000 '[' took 0.9 s, 20,000 took 52 s) and recurses
once per nested list level (500 markers on one line, "- - - ...", crash with RecursionError).
`complexity_problem` names such text; the loader refuses it with a located message
(fields.markdown), and `Renderer.block` renders it as escaped plain text rather than hang or
crash, should unchecked text ever reach it.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from markupsafe import Markup

from .markup_fast import simple_html
from .model import ID_PATTERN

# Speed: Python-Markdown and nh3 are imported where they are first used (a Markdown parser is
# made, a block is sanitised), not here: `make check` reads this module but seldom needs either,
# and importing them costs about 40 ms of its start-up.
if TYPE_CHECKING:
    import markdown

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
_RECORD_SCHEMES = "|".join(RECORD_FOLDERS)
_ALLOWED_HREF = re.compile(rf"(?i:https?://|mailto:)\S+\Z|(?:{_RECORD_SCHEMES}):{ID_PATTERN}\Z")
_RECORD_HREF = re.compile(rf'href="({_RECORD_SCHEMES}):({ID_PATTERN})"')
_LINK_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])|[*_`]+")
# Character references exactly as Python-Markdown passes them through to the HTML (any number
# of digits, then a semicolon), where the browser (and nh3) decode them.
# Taken from Python-Markdown's serializer, which decides which '&' it leaves alone: a number
# (decimal, or hex with 'x' or 'X'), or a name, then ';'. Any other '&' becomes '&amp;'.
# Copied (so that checking never imports Python-Markdown) from
# markdown.serializers.RE_AMP.pattern; tests/test_markup_lazy.py holds the two equal.
_KEPT_AMP = r"&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);)"
CHARACTER_REFERENCE = re.compile("&" + _KEPT_AMP.removeprefix("&(?!").removesuffix(")"), re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“‘(\[])")
# "U.S.", "Maj. Gen." and the like do not end a sentence.
_ABBREVIATION = re.compile(
    r"\(?(?:[A-Z]\.)+|(?:Mr|Mrs|Ms|Dr|Gen|Maj|Col|Lt|Sgt|Capt|Adm|Gov|Sen|Rep|Pres|Prof|St|Jr|"
    r"Sr|No|Vol|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\."
)


def reference_text(reference: str) -> str | None:
    """What a browser reads for a character reference that Python-Markdown passed through
    (the HTML standard's rules, which nh3 follows), or None when a number names no character:
    0, a surrogate, or beyond U+10FFFF (browsers show U+FFFD instead).

    Unlike html.unescape, controls and noncharacters are kept, as browsers keep them
    (html.unescape turns "&#x1b;" into "", hiding the ESC the page would hold)."""
    if not reference.startswith("&#"):
        return html.unescape(reference)  # named: the standard's table; unknown names stay text
    hexadecimal = reference[2] in "xX"
    digits = (reference[3:-1] if hexadecimal else reference[2:-1]).lstrip("0") or "0"
    if len(digits) > 8:  # bounded before int(): far beyond U+10FFFF either way
        return None
    code = int(digits, 16 if hexadecimal else 10)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return None
    if 0x80 <= code <= 0x9F:  # the standard maps these through windows-1252 ("&#150;" is "–")
        return html.unescape(f"&#{code};")
    return chr(code)


def reference_definitions(text: str, md: markdown.Markdown | None = None) -> list[str]:
    """The targets of the reference definitions (`[r]: target`) the renderer will use, found by
    the renderer's own block parser, so inside block quotes and lists too. Only the block
    stage runs (a tenth of a full rendering). `md`: a parser from `parser()` to reuse (making
    one costs more than the parse)."""
    if "]:" not in text:
        return []  # a definition needs "]:"; most text has none, and skips the parse
    md = md or _markdown()
    md.reset()
    lines = text.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    md.parser.parseDocument(lines)
    return [target for target, _title in md.references.values()]


def rendered_links(text: str) -> list[str]:
    """Every address (href, src) Python-Markdown makes of `text`, before sanitising: the
    ground truth the loader's link check is tested against."""
    html_text = _markdown().convert(text)
    return [html.unescape(m.group(2)) for m in re.finditer(r'(href|src)="([^"]*)"', html_text)]


def parser() -> markdown.Markdown:
    """A Python-Markdown instance configured as the renderer's, for reference_definitions."""
    return _markdown()


def _markdown() -> markdown.Markdown:
    """Python-Markdown as the renderer configures it: no raw HTML, no attribute lists."""
    import markdown  # lazy: see the imports at the top

    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


# --- limits on what the renderer is given (see the module docstring) ---------------------------

MAX_CHARS = 20_000  # the longest Markdown field (an actor's or location's body)
MAX_LIST_MARKERS = 10  # list markers opening one line: "- - - x" nests three lists
MAX_BLOCK_LINES = 300  # lines in one block of text (between blank lines)
MAX_SCAN_WORK = 1_000_000  # see _scan_work: about 0.3 s of rendering at worst

_BLOCKS = re.compile(r"\n[ ]*\n")
_MARKER_RUN = re.compile(r"(?:[ ]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ ]+|\Z)|[ ]*>)+")
_LIST_MARKER = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?=[ ]|\Z)")
# What _MARKER_RUN needs at the start of a line (after spaces) to match anything.
_MAY_START_LIST = re.compile(r"^[ ]*[-*+>0-9]", re.M)


def complexity_problem(text: str) -> str | None:
    """Why `text` would be slow or unsafe to render as Markdown, or None.

    The message says what to change; it does not name the field (the caller does)."""
    return complexity(text)[0]


def complexity(text: str) -> tuple[str | None, int]:
    """(complexity_problem, the scan work of `text`), the work counted towards the budget."""
    if len(text) > MAX_CHARS:
        return f"at most {MAX_CHARS:,} characters of Markdown, got {len(text):,}; shorten it", 0
    work = 0
    for block in _BLOCKS.split(text):
        lines = block.split("\n")
        if len(lines) > MAX_BLOCK_LINES:
            return (
                f"{len(lines):,} lines without a blank line between them; the limit is "
                f"{MAX_BLOCK_LINES:,}: add blank lines between paragraphs"
            ), 0
        if not _MAY_START_LIST.search(block):
            work += _scan_work(block)
            continue  # speed: no line starts with a list marker or a '>'; the usual paragraph
        for line in lines:
            run = _MARKER_RUN.match(line)
            if run and len(_LIST_MARKER.findall(run.group())) > MAX_LIST_MARKERS:
                return (
                    f"a line starts with more than {MAX_LIST_MARKERS} list markers "
                    f"({_quoted_start(line)}); lists nest at most {MAX_LIST_MARKERS} deep"
                ), 0
        work += _scan_work(block)
    if work > MAX_SCAN_WORK:
        return (
            f"too many '[', '](' and '`' for the length of the paragraphs holding them (rendering "
            f"would scan up to {work:,} characters; the limit is {MAX_SCAN_WORK:,}): split long "
            "paragraphs with blank lines, or write '\\[' for a literal bracket"
        ), work
    return None, work


def _quoted_start(line: str) -> str:
    return repr(line.strip()[:20] + ("..." if len(line.strip()) > 20 else ""))


def _scan_work(block: str) -> int:
    """An upper bound of the characters Python-Markdown scans in one block, in Python loops.

    From every '[' it scans towards the matching ']', after every '](' towards the matching ')',
    and from every backtick towards a closing run of backticks: each scan at most to the end
    of the block. (Counting every backtick and every '[', even inside code, keeps the bound
    safe; escaped brackets, '\\[', are set aside before the scans and not counted.) The worst
    text found at the limit renders in about 0.3 s."""
    starts = block.count("`") + block.count("](")
    if "\\" not in block:  # nothing escaped: every '[' counts (and the loop below is slow)
        starts += block.count("[")
    elif "[" in block:
        escaped = False
        for char in block:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "[":
                starts += 1
    # An escape ("\\!") becomes a placeholder of up to five characters before the scans.
    return starts * (len(block) + 3 * block.count("\\"))


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
        self._md = _markdown()
        self._cache: dict[str, Markup] = {}
        self._known: dict[str, str] = {}  # renderings from an earlier build (the preview)
        # Memory: a build shows each text on one page (almost always), so it keeps no
        # rendering (at 10,000 events they took tens of megabytes); the preview keeps them all
        # for its next build.
        self._keep = False

    def remember(self, known: dict[str, str]) -> None:
        """Renderings made by an earlier build of this process's preview: the output depends
        on the text alone, so they are reused rather than rendered again. From now on every
        rendering is kept, for `rendered()`."""
        self._known = known
        self._keep = True

    def rendered(self) -> dict[str, str]:
        """Every text rendered (or reused) in this build, with its HTML: for the next build."""
        return dict(self._cache)

    def block(self, text: str) -> Markup:
        """Paragraphs and lists, sanitised, with record links pointing at ROOT."""
        cached = self._cache.get(text)
        if cached is None and text in self._known:
            cached = Markup(self._known[text])
        if cached is None and complexity_problem(text) is not None:
            cached = _plain(text)  # the loader reports it (module docstring)
        if cached is None:
            raw = simple_html(text)  # most texts: paragraphs with links (markup_fast.py)
            if raw is None:
                self._md.reset()
                raw = self._md.convert(text)
            import nh3  # lazy: see the imports at the top

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
        if self._keep:
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


def plain_text(text: str) -> str:
    """Markdown as plain text on one line (link text kept, Markdown marks dropped)."""
    # Speed (called for every summary by every export): a function is cheaper than a "\1"
    # template, and text without a mark or an '&' skips those passes.
    plain = _LINK_MARKUP.sub(_link_text, text) if "](" in text else text
    # Markdown's escapes ("\[") keep their character; emphasis and code marks go.
    if "\\" in plain or "*" in plain or "_" in plain or "`" in plain:
        plain = _MARKS.sub(lambda mark: mark.group(1) or "", plain)
    # Character references read as the characters they name, as in the rendered summary
    # ("&lt;" is "<"); the result is plain text, escaped wherever it is shown.
    if "&" in plain:
        plain = CHARACTER_REFERENCE.sub(lambda ref: reference_text(ref.group()) or "\ufffd", plain)
    return " ".join(plain.split())


def _link_text(match: re.Match[str]) -> str:
    return match.group(1)


def first_sentence(text: str, limit: int = 240) -> str:
    """The summary's first sentence as plain text (link text kept, Markdown marks dropped)."""
    plain = plain_text(text)
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
