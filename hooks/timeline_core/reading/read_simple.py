"""Stage 1, read (fast path): the plain subset of YAML that data files are written in, read
line by line into the same nodes libyaml's events give (read.py).

Speed: PyYAML makes a Python object for every libyaml event and every mark, and read.py then
makes a node of each: about 2.7 s of CPU for 10,000 event files, half of `make check`. Reading
the lines directly costs a fraction of that.

Soundness: this reader accepts only what it is sure of, and gives up (returns None) on
anything else, so that read.py reads the file with libyaml as before, with the same messages.
What it accepts: block mappings of plain keys, block sequences (indented or not), plain
scalars on one line, single-quoted ones, double-quoted ones without escapes, one-line flow
lists of plain words, literal and folded block scalars (`|`, `|-`, `>`, `>-`) whose lines are
not more indented than the first, comments on their own lines. Anchors, aliases, tags,
directives, document markers, empty values, multi-line plain or quoted scalars, flow
mappings, inline comments, duplicate keys and deep nesting all go to libyaml, which reports
what is refused. tests/test_read_simple.py compares both readers on the shipped data, on
generated data and on many mutated texts.
"""

from __future__ import annotations

import operator
import re
import string

from .problems import Position
from .read import Mapping, Node, Scalar, Sequence

# Each line: its indentation, a sequence item's dash with the spaces after it, a key and the
# spaces after its colon, and the rest (a value, a comment, or nothing). One findall reads
# every line of a file (multi-line mode: one match per line, empty lines included).
# (Possessive quantifiers: the same matches, found without trying shorter keys or indents.)
_LINES = re.compile(r"^( *+)(- ++|-$)?(?:([A-Za-z_][A-Za-z0-9_-]*+):(?=[ ]|$)( *+))?(.*)$", re.M)
# Printable ASCII and the line feed: text of only these needs no other look.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n"
_SINGLE = re.compile(r"'((?:[^']|'')*)' *\Z")
_DOUBLE = re.compile(r'"([^"\\]*)" *\Z')
# Characters that give a plain scalar's first character another meaning (YAML indicators).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# In a one-line flow list, items are plain words: none of these characters.
_NOT_IN_FLOW_ITEM = re.compile(r"[\[\]{}#'\"&*!?:|>%@`]")
# A plain scalar (in the usual case, read without a call) starts with one of these.
_PLAIN_START = frozenset(string.ascii_letters + string.digits)
_BLOCK_INDICATORS = frozenset(("|", "|-", ">", ">-"))
_MAX_DEPTH = 8  # below read.MAX_DEPTH: deeper files go to libyaml, which reports nesting
_VALUE = operator.itemgetter(0)  # a scalar's value (Scalar.value), got in C


class _Unsure(Exception):
    """The text is outside the subset this reader is sure of."""


def parse(text: str, path: str, line_offset: int = 0) -> Node | None:
    """The root mapping of `text`, or None when libyaml must read it."""
    # Non-printable characters (tabs, no-break spaces, controls) mean something to YAML, or
    # are refused by read.decode: libyaml reads those texts.
    if text.isascii():
        if text.encode("ascii").translate(None, _PLAIN_ASCII):
            return None
    elif not text.replace("\n", "").isprintable():
        return None
    try:
        return _Reader(text, path, line_offset + 1).document()
    except _Unsure:
        return None


# An open collection: [is a mapping, indentation, items (a mapping's flat: key, value, ...),
# where it starts, a key waits for its value on the next lines, an indentless sequence].
_Open = list


class _Reader:
    """Reads the lines in one pass, keeping the open collections on a stack (as YAML's own
    block indentation works); every line that does not fit the subset raises _Unsure."""

    def __init__(self, text: str, path: str, first_line: int):
        self.lines = text.split("\n")
        self.rows: list[tuple[str, str, str, str, str]] = _LINES.findall(text)
        if len(self.rows) != len(self.lines):
            raise _Unsure  # cannot happen (one match per line); checked, as soundness rests on it
        self.path = path
        self.first_line = first_line
        self.stack: list[_Open] = []

    def at(self, index: int, column: int) -> Position:
        return tuple.__new__(Position, (self.path, index + self.first_line, column + 1))

    def document(self) -> Node:
        stack, path, first_line = self.stack, self.path, self.first_line
        new, scalar, position = tuple.__new__, Scalar, Position
        resume = 0  # the next line to read: a block scalar's lines are read by block_scalar()
        # Speed: this loop runs once per line of every file; names it uses are local.
        for index, (spaces, dash, key, gap, rest) in enumerate(self.rows):
            if index < resume or (not dash and not key and (not rest or rest[0] == "#")):
                continue  # inside a block scalar; a blank line or a comment
            indent = len(spaces)
            top = stack[-1] if stack else None
            # The usual line continues the open collection; place() handles the others.
            if top is None or top[1] != indent or top[4] or top[0] is (dash != ""):
                self.place(index, indent, bool(dash))
                top = stack[-1]
            if dash:  # a sequence item
                if len(dash) == 1 or not rest and not key:
                    raise _Unsure  # '-' alone: its item is on the next lines
                indent += len(dash)
                if not key:
                    if rest[0] in _PLAIN_START and rest[-1] not in ": " and ": " not in rest and " #" not in rest:
                        top[2].append(new(scalar, (rest, new(position, (path, index + first_line, indent + 1)), True)))
                    else:
                        resume = self.value(top, rest, index, indent, indent - len(dash))
                    continue
                self.open(True, indent, index)
                top = stack[-1]
            elif not key:
                raise _Unsure  # a scalar where a key was due
            top[2].append(new(scalar, (key, new(position, (path, index + first_line, indent + 1)), True)))
            if rest:
                column = indent + len(key) + 1 + len(gap)
                if rest[0] in _PLAIN_START and rest[-1] not in ": " and ": " not in rest and " #" not in rest:
                    top[2].append(new(scalar, (rest, new(position, (path, index + first_line, column + 1)), True)))
                else:
                    resume = self.value(top, rest, index, column, indent)
            else:
                top[4] = True  # the value is on the next lines
        if not stack or stack[-1][4]:
            raise _Unsure  # nothing but comments, or a key without a value at the end
        while len(stack) > 1:
            self.close()
        return self.node(stack[0])

    def place(self, index: int, indent: int, dash: bool) -> None:
        """Closes the collections that a line at `indent` ends and opens the one it starts,
        so that the top of the stack is the collection the line belongs to."""
        stack = self.stack
        if not stack:
            if indent or dash:
                raise _Unsure  # an indented root, or a list: rare, libyaml reads them
            self.open(True, 0, index)
            return
        top = stack[-1]
        if top[4]:  # a key waits for its value: this line starts it
            top[4] = False
            if indent > top[1] or (indent == top[1] and dash):
                self.open(not dash, indent, index, indentless=indent == top[1])
                return
            raise _Unsure  # an empty value
        while top[1] > indent or (top[5] and not dash):
            self.close()
            top = stack[-1]
        if top[1] != indent or top[0] == dash:
            raise _Unsure  # a wrong indentation, a key in a list, an item in a mapping

    def open(self, is_mapping: bool, indent: int, index: int, indentless: bool = False) -> None:
        if len(self.stack) >= _MAX_DEPTH:
            raise _Unsure
        where = tuple.__new__(Position, (self.path, index + self.first_line, indent + 1))  # self.at, inline
        self.stack.append([is_mapping, indent, [], where, False, indentless])

    def close(self) -> None:
        done = self.stack.pop()
        node = self.node(done)
        if not self.stack:
            raise _Unsure
        self.stack[-1][2].append(node)

    @staticmethod
    def node(done: _Open) -> Node:
        items = done[2]
        if not done[0]:
            return tuple.__new__(Sequence, (tuple(items), done[3]))
        keys = items[::2]
        if len(set(map(_VALUE, keys))) != len(keys):
            raise _Unsure  # duplicate keys: read.py reports them
        pairs = iter(items)
        return tuple.__new__(Mapping, (tuple(zip(pairs, pairs, strict=True)), done[3]))

    def value(self, into: _Open, rest: str, index: int, column: int, parent: int) -> int:
        """Appends the value written after a key or a '- ' (`rest`, from `column` of line
        `index`) to the open collection; `parent` is that collection's indentation. Returns
        the next line to read. A more indented line after a one-line value would continue it:
        place() finds no collection at that indentation and gives up."""
        rest = rest.rstrip(" ")
        first = rest[0]
        if first == "|" or first == ">":
            if rest not in _BLOCK_INDICATORS:
                raise _Unsure  # '|2', '>+', '| # comment', ...
            return self.block_scalar(into, rest, index, column, parent)
        if first == "[":
            node: Node = self.flow_list(rest, index, column)
        elif first == "'":
            match = _SINGLE.match(rest)
            if match is None:
                raise _Unsure
            node = tuple.__new__(Scalar, (match.group(1).replace("''", "'"), self.at(index, column), False))
        elif first == '"':
            match = _DOUBLE.match(rest)
            if match is None:
                raise _Unsure  # escapes, or a value over several lines
            node = tuple.__new__(Scalar, (match.group(1), self.at(index, column), False))
        else:
            if first in _INDICATORS or ": " in rest or " #" in rest or rest[-1] == ":":
                raise _Unsure
            node = tuple.__new__(Scalar, (rest, self.at(index, column), True))
        into[2].append(node)
        return index + 1

    def flow_list(self, rest: str, index: int, column: int) -> Sequence:
        if len(self.stack) >= _MAX_DEPTH or rest[-1] != "]":
            raise _Unsure
        inner = rest[1:-1]
        if _NOT_IN_FLOW_ITEM.search(inner):
            raise _Unsure
        items: list[Node] = []
        if inner.strip(" "):
            offset = column + 1
            path, line = self.path, index + self.first_line  # (self.at, inline)
            for part in inner.split(","):
                value = part.strip(" ")
                if not value or (value[0] == "-" and not value[1:2].isdigit()):
                    raise _Unsure  # an empty item (',,' or a trailing comma), or a '- '
                at = offset + len(part) - len(part.lstrip(" "))
                items.append(tuple.__new__(Scalar, (value, tuple.__new__(Position, (path, line, at + 1)), True)))
                offset += len(part) + 1
        return tuple.__new__(Sequence, (tuple(items), self.at(index, column)))

    def block_scalar(self, into: _Open, indicator: str, index: int, column: int, parent: int) -> int:
        lines = self.lines
        first = index + 1
        if first >= len(lines) or not lines[first]:
            raise _Unsure  # no content, or leading empty lines
        content = len(lines[first]) - len(lines[first].lstrip(" "))
        if content <= parent or content == len(lines[first]):
            raise _Unsure  # an empty scalar, or a line of spaces
        folded = indicator[0] == ">"
        end = first
        while end < len(lines):
            line = lines[end]
            if line:
                found = len(line) - len(line.lstrip(" "))
                if found < content:
                    break
                if found == len(line) or (folded and found > content):
                    raise _Unsure  # a line of spaces; a more indented line that folding keeps
            end += 1
        last = end - 1
        while not lines[last]:
            last -= 1
        text = "\n".join([line[content:] for line in lines[first : last + 1]])
        if folded:
            text = re.sub(r"\n+", _fold, text)
        if len(indicator) == 1 and last + 1 < len(lines):  # clip: the final line break stays
            text += "\n"
        into[2].append(tuple.__new__(Scalar, (text, self.at(index, column), False)))
        return end


def _fold(breaks: re.Match[str]) -> str:
    """Folding: one line break between two lines is a space; each empty line is a line break."""
    count = len(breaks.group())
    return " " if count == 1 else "\n" * (count - 1)
