"""A seed document cut into paragraphs and segments, with each quoted passage marked.

Quotes match whitespace-insensitively (as the loader checks them), so positions are found in
a whitespace-collapsed copy of the text and mapped back to the original characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from typing import Protocol

from ..reading.link import normalise_space


class Quoting(Protocol):
    """Anything that quotes a passage: an event's citation, an actor relation's source."""

    @property
    def passage(self) -> str: ...

    @property
    def quote(self) -> str: ...


@dataclass(slots=True)
class Segment:
    text: str
    marked: bool = False
    anchors: list[str] = field(default_factory=list)  # passages that start here
    cites: list[tuple[str, list[int]]] = field(default_factory=list)  # passages ending here


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    start: int  # in the original text
    end: int


def _collapsed(text: str) -> tuple[str, list[int]]:
    """The text with whitespace runs collapsed to one space, and each character's origin."""
    chars: list[str] = []
    origin: list[int] = []
    pending_space = False
    for position, char in enumerate(text):
        if char.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            origin.append(position - 1)
            pending_space = False
        chars.append(char)
        origin.append(position)
    return "".join(chars), origin


def locate(text: str, citations: list[Quoting]) -> list[Passage]:
    collapsed, origin = _collapsed(text)
    passages: dict[str, Passage] = {}
    for citation in citations:
        if citation.passage in passages:
            continue
        wanted = normalise_space(citation.quote)
        at = collapsed.find(wanted)
        if at < 0 or not wanted:
            continue
        passages[citation.passage] = Passage(citation.passage, origin[at], origin[at + len(wanted) - 1] + 1)
    return sorted(passages.values(), key=lambda p: (p.start, p.end, p.id))


def paragraphs(text: str, passages: list[Passage], numbers: dict[str, list[int]]) -> list[list[Segment]]:
    """Each non-empty line of the text as segments; `numbers` gives, per passage, the numbers
    of the citing events (as listed on the page)."""
    result: list[list[Segment]] = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if line.strip():
            result.append(_segments(text, start, end, passages, numbers))
    return result


def _segments(
    text: str, start: int, end: int, passages: list[Passage], numbers: dict[str, list[int]]
) -> list[Segment]:
    inside = [p for p in passages if p.start < end and p.end > start]
    cuts = sorted({start, end, *(max(p.start, start) for p in inside), *(min(p.end, end) for p in inside)})
    segments: list[Segment] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = [p for p in inside if p.start <= left and p.end >= right]
        segment = Segment(text[left:right], marked=bool(covering))
        segment.anchors = [p.id for p in inside if p.start == left]
        segment.cites = [(p.id, numbers.get(p.id, [])) for p in inside if p.end == right]
        segments.append(segment)
    return segments
