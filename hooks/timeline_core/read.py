"""Stage 1, read: bytes to text to a tree of YAML nodes that remember where they came from.

Only a strict subset of YAML gets through: no anchors or aliases, no tags, no duplicate keys,
one document, bounded nesting. Scalars stay text: whether `no` is a word or a boolean is decided
by the field that holds it (load.py), never by YAML's implicit typing.

libyaml's event parser keeps this fast (see notes: the pure-Python loader is 7x slower) while
the events still carry every anchor, tag and position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Union

import yaml

from .problems import Position, Problems, quoted

MAX_DEPTH = 10

_CParser = getattr(yaml, "CParser", None)

# Characters that make text lie about itself: controls, bidirectional overrides and isolates,
# zero-width characters. U+200C (zero-width non-joiner) is allowed: Persian spelling needs it.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f\u200b\u200d\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_FORBIDDEN_NAMES = {
    "\u200b": "a zero-width space (U+200B)",
    "\u200d": "a zero-width joiner (U+200D)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a byte order mark (U+FEFF) inside the text",
}


def _describe_invisible(char: str) -> str:
    code = ord(char)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x200E, 0x200F):
        return f"a bidirectional control character (U+{code:04X})"
    return f"an invisible control character (U+{code:04X})"


@dataclass(frozen=True, slots=True)
class Scalar:
    value: str
    where: Position
    plain: bool  # unquoted: the only kind that can mean "nothing" (empty, ~ or null)

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True, slots=True)
class Mapping:
    items: tuple[tuple[Scalar, "Node"], ...]
    where: Position


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple["Node", ...]
    where: Position


Node = Union[Scalar, Mapping, Sequence]


def describe(node: Node) -> str:
    """How a found value is named in a message."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if node.is_null:
        return "nothing"
    return quoted(node.value)


def decode(data: bytes, path: str, limit: int, problems: Problems) -> str | None:
    """UTF-8 text with no forbidden characters, or None with the problem recorded."""
    if len(data) > limit:
        problems.add(
            Position(path),
            f"file is {len(data):,} bytes; the limit is {limit:,} bytes: split it or shorten it",
        )
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(Position(path), "file is UTF-16; save it as UTF-8")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(
            Position(path, line, 1),
            f"file is not valid UTF-8 (byte {data[error.start]:#04x} at offset {error.start}); "
            "save it as UTF-8",
        )
        return None
    text = text.replace("\r\n", "\n")
    bad = list(_FORBIDDEN.finditer(text)) + list(re.finditer("\t", text))
    for match in sorted(bad, key=lambda m: m.start()):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        char = match.group()
        if char == "\t":
            what = "a tab; indent and separate with spaces"
        else:
            name = _FORBIDDEN_NAMES.get(char) or _describe_invisible(char)
            what = f"{name}; remove it (it can make text display differently from what it is)"
        problems.add(Position(path, line, column), f"found {what}")
    return None if bad else text


def parse_yaml(text: str, path: str, problems: Problems, line_offset: int = 0) -> Node | None:
    """The single document in `text` as nodes, or None with every problem recorded."""
    try:
        events = list(_events(text))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1
        column = (mark.column + 1) if mark else 1
        reason = error.problem or error.context or "not valid YAML"
        problems.add(Position(path, line, column), f"not valid YAML: {reason}")
        return None
    except yaml.YAMLError as error:
        problems.add(Position(path, 1 + line_offset, 1), f"not valid YAML: {error}")
        return None
    builder = _Builder(path, line_offset, problems)
    return builder.document(events)


def _events(text: str) -> Iterator[yaml.Event]:
    if _CParser is not None:
        parser = _CParser(text)
        try:
            while parser.check_event():
                yield parser.get_event()
        finally:
            parser.dispose()
    else:  # pragma: no cover - PyYAML built without libyaml
        yield from yaml.parse(text, Loader=yaml.SafeLoader)


class _Builder:
    """Turns parser events into nodes, recording every forbidden construct."""

    def __init__(self, path: str, line_offset: int, problems: Problems):
        self.path = path
        self.line_offset = line_offset
        self.problems = problems
        self.too_deep = False  # reported once per file
        self.failed = False  # an alias was dropped: the values no longer say what was meant

    def where(self, event: yaml.Event) -> Position:
        mark = event.start_mark
        return Position(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def fail(self, event: yaml.Event, message: str) -> None:
        self.problems.add(self.where(event), message)

    def document(self, events: list[yaml.Event]) -> Node | None:
        starts = [e for e in events if isinstance(e, yaml.DocumentStartEvent)]
        if not starts:
            self.problems.add(Position(self.path, 1 + self.line_offset, 1), "file is empty")
            return None
        if len(starts) > 1:
            self.fail(starts[1], "a file holds one YAML document; remove this '---' and what follows")
        position = 2  # after StreamStart, DocumentStart
        node, _ = self.node(events, position, depth=1)
        return None if self.failed else node

    def node(self, events: list[yaml.Event], i: int, depth: int) -> tuple[Node, int]:
        event = events[i]
        if depth > MAX_DEPTH and not self.too_deep:
            self.fail(event, f"nested more than {MAX_DEPTH} levels deep; the format never needs that")
            self.too_deep = True
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            self.fail(event, f"YAML aliases (*{anchor}) are not allowed: write the value out in full")
            self.failed = True
            return Scalar("", self.where(event), plain=True), i + 1
        if anchor is not None:
            self.fail(event, f"YAML anchors (&{anchor}) are not allowed: write values out in full")
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            self.fail(event, f"YAML tags ({tag}) are not allowed: remove the tag, values are text")
        if isinstance(event, yaml.ScalarEvent):
            plain = event.style is None or event.style == ""
            return Scalar(event.value, self.where(event), plain), i + 1
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(events, i, depth)
        return self.mapping(events, i, depth)

    def sequence(self, events: list[yaml.Event], i: int, depth: int) -> tuple[Node, int]:
        start = events[i]
        items: list[Node] = []
        i += 1
        while not isinstance(events[i], yaml.SequenceEndEvent):
            item, i = self.node(events, i, depth + 1)
            items.append(item)
        return Sequence(tuple(items), self.where(start)), i + 1

    def mapping(self, events: list[yaml.Event], i: int, depth: int) -> tuple[Node, int]:
        start = events[i]
        items: list[tuple[Scalar, Node]] = []
        seen: dict[str, Position] = {}
        i += 1
        while not isinstance(events[i], yaml.MappingEndEvent):
            key_event = events[i]
            key, i = self.node(events, i, depth + 1)
            value, i = self.node(events, i, depth + 1)
            if not isinstance(key, Scalar):
                self.fail(key_event, "a key must be a plain name, not a list or mapping")
                continue
            if key.plain and key.value == "<<":
                self.fail(key_event, "YAML merge keys (<<) are not allowed: write the fields out")
                continue
            if key.value in seen:
                first = seen[key.value]
                self.fail(
                    key_event,
                    f"duplicate key {quoted(key.value)} (first at line {first.line}); "
                    "keep one of them",
                )
                continue
            seen[key.value] = key.where
            items.append((key, value))
        return Mapping(tuple(items), self.where(start)), i + 1


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts) or None when there is none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None
    front = match.group(1) or ""
    body = text[match.end() :]
    return front, body, text.count("\n", 0, match.end()) + 1
