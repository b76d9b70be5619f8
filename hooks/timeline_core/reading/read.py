"""Stage 1, read: bytes to text to a tree of YAML nodes that remember where they came from.

Only a strict subset of YAML gets through: no anchors or aliases, no tags, no duplicate keys,
one document, bounded nesting. Scalars stay text: whether `no` is a word or a boolean is decided
by the field that holds it (load.py), never by YAML's implicit typing.

libyaml's event parser keeps this fast (see notes: the pure-Python loader is 7x slower) while
the events still carry every anchor, tag and position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

import yaml

from .problems import Position, Problems, quoted

MAX_DEPTH = 10
# Security: libyaml's scanner does work proportional to the current flow nesting for every
# token, so `[[[[...` (32,000 levels fit in 64 KiB) took 2.5 s per file, and minutes in a 1 MiB
# seed's front matter. Reading stops at this depth, long before that cost matters.
ABORT_DEPTH = 100
# Security: the YAML part of any file (an event, or the front matter of a page or seed) is at
# most this many characters; seeds may be 1 MiB, but only their verbatim body needs that.
MAX_YAML_CHARS = 64 * 1024

# libyaml's parser (through its base loader, which adds no typing); None where PyYAML lacks it.
_CParser = getattr(yaml, "CBaseLoader", None)

# Characters that make text lie about itself: controls, bidirectional overrides and isolates,
# zero-width characters. U+200C (zero-width non-joiner) is allowed: Persian spelling needs it.
# Security: U+061C (Arabic letter mark, a bidirectional control) and the invisible tag
# characters U+E0000-U+E007F (used to smuggle hidden text) are refused too, and U+2065 (not
# assigned yet, but invisible by definition, like its neighbours).
# Security: noncharacters (U+FDD0-U+FDEF and the last two code points of every plane) and the
# line and paragraph separators U+2028/U+2029 (line breaks to YAML, terminals and JavaScript)
# too: MkDocs' YAML reader refuses some of them, which silently dropped a page's front matter.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f\u061c\u200b\u200d\u200e\u200f"
    "\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
    + _NONCHARACTERS + "]"
)
# Security: the same characters (and tabs, carriage returns) written as escapes in a
# double-quoted YAML value ("\u202E", "\0", "\t") are not in the file's text, so decode()
# cannot see them: the builder checks those values after parsing.
_FORBIDDEN_IN_VALUE = re.compile(_FORBIDDEN.pattern[:-1] + "\t\r]")
_FORBIDDEN_NAMES = {
    "\u200b": "a zero-width space (U+200B)",
    "\u200d": "a zero-width joiner (U+200D)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a byte order mark (U+FEFF) inside the text",
}


def invisible(text: str) -> str | None:
    """How the first character decode() would refuse in `text` is named, or None."""
    match = _FORBIDDEN_IN_VALUE.search(text)
    if match is None:
        return None
    return character_name(match.group())


def character_name(char: str) -> str:
    """How a refused character is named in messages."""
    if char in "\t\r":
        return "a tab" if char == "\t" else "a carriage return"
    return _FORBIDDEN_NAMES.get(char) or _describe_invisible(char)


def _describe_invisible(char: str) -> str:
    code = ord(char)
    if code in (0x2028, 0x2029):
        return f"a {'line' if code == 0x2028 else 'paragraph'} separator (U+{code:04X})"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"a noncharacter (U+{code:04X})"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x200E, 0x200F, 0x61C):
        return f"a bidirectional control character (U+{code:04X})"
    return f"an invisible control character (U+{code:04X})"


NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))  # what a plain scalar writes for "nothing"


# Nodes are named tuples: one is made per YAML value of every file, and tuples are the
# cheapest immutable records Python has (a frozen dataclass doubled the time of `make check`).
class Scalar(NamedTuple):
    value: str
    where: Position
    plain: bool  # unquoted: the only kind that can mean "nothing" (empty, ~ or null)

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in NULL_WORDS


class Mapping(NamedTuple):
    items: tuple[tuple[Scalar, Node], ...]
    where: Position


class Sequence(NamedTuple):
    items: tuple[Node, ...]
    where: Position


Node = Scalar | Mapping | Sequence


def describe(node: Node) -> str:
    """How a found value is named in a message."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if node.is_null:
        return "nothing"
    return quoted(node.value)


def _utf16_without_bom(data: bytes) -> bool:
    """UTF-16 (or UTF-32) saved without a byte order mark: a third or more of the first bytes
    are NUL, nearly all at even offsets or nearly all at odd ones (the high bytes of Latin
    text). Said once, instead of one "found U+0000" per character."""
    head = data[:200]
    nuls = head.count(0)
    if len(head) < 4 or nuls * 3 < len(head):
        return False
    even = head[::2].count(0)
    return max(even, nuls - even) * 10 >= nuls * 9


# Security: binary files (an image renamed .md, an archive) are named as such, not as text in
# a wrong encoding, and never quoted.
_BINARY_SIGNATURES = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b",
    b"\x7fELF", b"BZh", b"\xfd7zXZ", b"RIFF", b"\x00asm", b"7z\xbc\xaf",
)


def _binary(data: bytes) -> bool:
    head = data[:8000]
    return data.startswith(_BINARY_SIGNATURES) or head.count(0) * 10 > len(head)  # a stray NUL is located


def size_problem(size: int, limit: int) -> str:
    return f"file is {size:,} bytes; the limit is {limit:,} bytes: split it or shorten it"


def decode(data: bytes, path: str, limit: int, problems: Problems) -> str | None:
    """UTF-8 text with no forbidden characters, or None with the problem recorded."""
    if len(data) > limit:
        problems.add(Position(path), size_problem(len(data), limit))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        problems.add(Position(path), "file is UTF-16; save it as UTF-8")
        return None
    if _binary(data):
        problems.add(Position(path), "file is not text (binary data, such as an image or an archive); "
                     "data folders hold only UTF-8 text")
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
    if "\r" in text:  # YAML reads a lone CR as a line end, Markdown pages do not: refused for both
        where = text.index("\r")
        line = text.count("\n", 0, where) + 1
        problems.add(
            Position(path, line, where - (text.rfind("\n", 0, where) + 1) + 1),
            "found a carriage return (CR) without a line feed: the file uses old Mac line ends; "
            "save it with LF (or CRLF) line ends",
        )
        return None
    if not _may_hold_refused(text):
        return text
    bad = list(_FORBIDDEN.finditer(text)) + list(re.finditer("\t", text))
    for match in sorted(bad, key=lambda m: m.start()):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        char = match.group()
        if char == "\t":
            what = "a tab; indent and separate with spaces"
        else:
            what = f"{character_name(char)}; remove it (it can make text display differently from what it is)"
        problems.add(Position(path, line, column), f"found {what}")
    return None if bad else text


# The printable ASCII characters and the line feed: ASCII text made only of these holds no
# refused character.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n"


def _may_hold_refused(text: str) -> bool:
    """False when `text` certainly holds no character decode() refuses (nor a tab).

    Speed: _FORBIDDEN's class of scattered ranges costs the regex engine about 50 ns a
    character (0.9 s for 10,000 events); this test costs 1-5 ns. Every refused character, the
    tab included, is one that str.isprintable() rejects (tests/test_read_fast.py checks all
    code points), so text that is printable apart from its line feeds is clean; only text
    with some other non-printable character (a no-break space, U+200C) is searched in full."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _PLAIN_ASCII))
    if text.replace("\n", "").isprintable():
        return False
    return any(_FORBIDDEN_IN_VALUE.match(char) for char in set(text) if not char.isprintable() and char != "\n")


def parse_yaml(text: str, path: str, problems: Problems, line_offset: int = 0) -> Node | None:
    """The single document in `text` as nodes, or None with every problem recorded."""
    if len(text) > MAX_YAML_CHARS:
        problems.add(
            Position(path, 1 + line_offset, 1),
            f"the YAML part is {len(text):,} characters; the limit is {MAX_YAML_CHARS:,}: shorten it",
        )
        return None
    # Speed: most files are in the plain subset read_simple reads line by line, giving the
    # same nodes; it returns None for anything else.
    simple = read_simple.parse(text, path, line_offset)
    if simple is not None:
        return simple
    # The nodes are built while the parser reads (one pass, and reading stops at ABORT_DEPTH);
    # what the builder finds counts only if the whole text is valid YAML, as a syntax error
    # says all there is to say.
    found = Problems()
    try:
        root = _parse(text, _Builder(path, line_offset, found))
    except _TooDeep as error:
        mark = error.event.start_mark
        problems.add(
            Position(path, mark.line + 1 + line_offset, mark.column + 1),
            f"nested more than {MAX_DEPTH} levels deep; the format never needs that",
        )
        return None
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
    problems.items.extend(found.items)
    return root


def _parse(text: str, builder: _Builder, pure: bool = False) -> Node | None:
    """libyaml's events (pure: PyYAML's own parser, where libyaml is missing) through builder.

    Speed: `iter(get_event, None)` hands the events over without a Python call of our own
    per event; the two parsers give the same events and marks (tests/test_read_fast.py)."""
    if pure or _CParser is None:
        return builder.document(yaml.parse(text, Loader=yaml.SafeLoader))
    parser = _CParser(text)
    try:
        return builder.document(iter(parser.get_event, None))
    finally:
        parser.dispose()


class _TooDeep(Exception):
    """Nesting reached ABORT_DEPTH; `event` is the first collection nested too deep."""

    def __init__(self, event: Any):
        super().__init__()
        self.event = event


_new = tuple.__new__  # builds a named tuple without its Python-level __new__: this is the hot loop
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _SEQUENCE_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Builder:
    """Turns parser events into nodes, recording every forbidden construct."""

    def __init__(self, path: str, line_offset: int, problems: Problems):
        self.path = path
        self.line = line_offset + 1
        self.problems = problems
        self.too_deep = False  # reported once per file
        self.failed = False  # an alias was dropped: the values no longer say what was meant
        self.first_too_deep: Any = None  # the first collection nested deeper than MAX_DEPTH
        self.second_document = False  # reported once

    def where(self, event: Any) -> Position:
        mark = event.start_mark
        return _new(Position, (self.path, mark.line + self.line, mark.column + 1))

    def fail(self, event: Any, message: str) -> None:
        self.problems.add(self.where(event), message)

    def document(self, events: Iterator[Any]) -> Node | None:
        next(events)  # StreamStart
        start = next(events)
        if type(start) is not yaml.DocumentStartEvent:  # the stream ends: nothing but comments
            self.problems.add(Position(self.path, self.line, 1), "file is empty")
            return None
        root = self.nodes(events)
        self.rest(events)
        return None if self.failed or root is None else root

    def rest(self, events: Iterator[Any]) -> None:
        """Reads what follows the first document (for its syntax errors and depth), reporting
        a second document once."""
        depth = 0
        for event in events:
            kind = type(event)
            if kind is yaml.DocumentStartEvent and not self.second_document:
                self.second_document = True
                self.fail(event, "a file holds one YAML document; remove this '---' and what follows")
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                depth += 1
                self.deeper(event, depth)
            elif kind in _ENDS:
                depth -= 1

    def deeper(self, event: Any, depth: int) -> None:
        """A collection opens at `depth`: remembered past MAX_DEPTH, reading stops at ABORT_DEPTH."""
        if depth > MAX_DEPTH and self.first_too_deep is None:
            self.first_too_deep = event
        if depth >= ABORT_DEPTH:
            raise _TooDeep(self.first_too_deep)

    def nodes(self, events: Iterator[Any]) -> Node | None:
        """The first document's root node; mappings' items are kept flat (key, value, key, ...)
        while open, and paired when they close."""
        path, line = self.path, self.line
        # Speed: the loop runs once per YAML value of every file; names it uses are local.
        new, position, scalar, scalar_event, ends = _new, Position, Scalar, _SCALAR, _ENDS
        refused_in_value, max_depth = _FORBIDDEN_IN_VALUE, MAX_DEPTH
        stack: list[tuple[type, Position, list]] = []  # the open collections, innermost last
        items: list = []
        for event in events:
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    self.forbidden(event)
                if len(stack) >= max_depth:
                    self.nested(event)
                mark = event.start_mark
                where = new(position, (path, mark.line + line, mark.column + 1))
                value, style = event.value, event.style
                if style == '"' and not value.isprintable() and refused_in_value.search(value):
                    self.escaped(value, where)
                items.append(new(scalar, (value, where, not style)))
                if len(stack) == 0:
                    return items[-1]
                continue
            if kind in ends:
                collection, where, done = stack.pop()
                node: Node = (new(Sequence, (tuple(done), where)) if collection is Sequence
                              else self.mapping(done, where))
                if not stack:
                    return node
                items = stack[-1][2]
                items.append(node)
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if event.anchor is not None or event.tag is not None:
                    self.forbidden(event)
                if len(stack) >= max_depth:
                    self.nested(event)
                self.deeper(event, len(stack) + 1)
                items = []
                stack.append((Mapping if kind is _MAPPING_START else Sequence, self.where(event), items))
            elif kind is _ALIAS:
                self.forbidden(event)
                if len(stack) >= max_depth:
                    self.nested(event)
                items.append(new(scalar, ("", self.where(event), True)))
                if not stack:
                    return items[-1]
            else:  # the document ended without a node: libyaml never does that
                return None
        return None

    def nested(self, event: Any) -> None:
        if not self.too_deep:
            self.too_deep = True
            self.fail(event, f"nested more than {MAX_DEPTH} levels deep; the format never needs that")

    def mapping(self, flat: list, where: Position) -> Mapping:
        """A closed mapping from its flat items. Speed: the usual mapping (text keys, all
        different, no merge key) is paired at once; any other goes through pairs()."""
        keys = flat[::2]
        if all(type(key) is Scalar for key in keys):
            names = {key.value for key in keys}
            if len(names) == len(keys) and "<<" not in names:
                pairs = iter(flat)
                return _new(Mapping, (tuple(zip(pairs, pairs, strict=True)), where))
        return _new(Mapping, (self.pairs(flat), where))

    def pairs(self, flat: list) -> tuple[tuple[Scalar, Node], ...]:
        """The pairs of a mapping, less the ones whose key is refused (each reported)."""
        kept: list[tuple[Scalar, Node]] = []
        seen: dict[str, int] = {}
        for key, node in zip(flat[::2], flat[1::2], strict=True):
            if type(key) is not Scalar:
                self.problems.add(key.where, "a key must be a plain name, not a list or mapping")
            elif key.plain and key.value == "<<":
                self.problems.add(key.where, "YAML merge keys (<<) are not allowed: write the fields out")
            elif key.value in seen:
                self.problems.add(
                    key.where,
                    f"duplicate key {quoted(key.value)} (first at line {seen[key.value]}); keep one of them",
                )
            else:
                seen[key.value] = key.where.line
                kept.append((key, node))
        return tuple(kept)

    def escaped(self, value: str, where: Position) -> None:
        """Security: a double-quoted value whose escapes make a character decode() refuses."""
        for char in sorted(set(_FORBIDDEN_IN_VALUE.findall(value))):
            name = character_name(char)
            if char in "\t\r":
                what = f"{name} written as an escape ({char!r}); use a space"
            else:
                what = (f"{name} written as an escape; remove it (it can make text display "
                        "differently from what it is)")
            self.problems.add(where, f"found {what}")

    def forbidden(self, event: Any) -> None:
        if type(event) is yaml.AliasEvent:
            self.failed = True
            self.fail(event, f"YAML aliases (*{event.anchor}) are not allowed: write the value out in full")
            return
        if event.anchor is not None:
            self.fail(event, f"YAML anchors (&{event.anchor}) are not allowed: write values out in full")
        tag = event.tag
        if tag is not None and not (type(event) is yaml.ScalarEvent and tag == "!"):
            self.fail(event, f"YAML tags ({tag}) are not allowed: remove the tag, values are text")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts) or None when there is none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None
    front = match.group(1) or ""
    body = text[match.end() :]
    return front, body, text.count("\n", 0, match.end()) + 1


# Imported last: read_simple builds this module's nodes. (An import inside parse_yaml cost a
# few microseconds a file.)
from . import read_simple  # noqa: E402
