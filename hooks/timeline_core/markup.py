"""Contributors' Markdown to inert HTML.

Three layers, because the text comes from strangers: a Markdown instance that cannot emit raw
HTML or attributes (no html block or inline html, no attr_list), an allow-list sanitiser (nh3,
Ammonia) that keeps only a few tags, attributes and URL schemes, and the loader, which already
refused raw HTML and foreign link schemes with a located message.

Links to records (`actor:x`, `event:y`, ...) come out as `ROOT + "actors/x/"`: ROOT is a marker
that a page replaces with its own relative path to the site root, so one rendering serves every
page and the site works from any sub-path and offline. The marker holds a NUL character, which
the loader refuses in every data file, so no contributor can write it.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markupsafe import Markup

ROOT = "\x00/"
RECORD_FOLDERS = {"actor": "actors", "location": "locations", "event": "events", "source": "sources"}

_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "h3", "h4", "h5", "h6",
}
_ATTRIBUTES = {"a": {"href", "title"}}
_SCHEMES = {"http", "https", "mailto", *RECORD_FOLDERS}
_RECORD_HREF = re.compile(r'href="(actor|location|event|source):([a-z0-9]+(?:-[a-z0-9]+)*)"')
_LINK_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“‘(\[])")
# "U.S.", "Maj. Gen." and the like do not end a sentence.
_ABBREVIATION = re.compile(
    r"\(?(?:[A-Z]\.)+|(?:Mr|Mrs|Ms|Dr|Gen|Maj|Col|Lt|Sgt|Capt|Adm|Gov|Sen|Rep|Pres|Prof|St|Jr|"
    r"Sr|No|Vol|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\."
)


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
        if cached is None:
            self._md.reset()
            raw = self._md.convert(text)
            clean = nh3.clean(
                raw,
                tags=_TAGS,
                attributes=_ATTRIBUTES,
                url_schemes=_SCHEMES,
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
