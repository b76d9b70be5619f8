"""Problems found in the data: located, collected, reported all at once."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import NamedTuple
from collections.abc import Iterable


def visible(text: str) -> str:
    """`text` with every character that could steer a terminal, a CI log or an annotation
    (C0 and C1 controls, DEL, newlines, bidirectional and other invisible format characters,
    unassigned and private-use characters) written as an escape: ESC is `\\x1b`, a newline `\\n`.
    Idempotent: the result holds only printable characters."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One mistake in one file, at the position of the offending value (1-based).

    Security: paths and messages come from the data (a folder may be named with an escape
    sequence and a newline): they are kept only in their visible form, so that every printer
    (the terminal, the build log, the preview's problem page, CI annotations) shows them inert."""

    path: str
    line: int
    column: int
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", visible(self.path))
        object.__setattr__(self, "message", visible(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class Position(NamedTuple):
    """Where a value starts in its file (1-based line and column). A tuple: one is made for
    every YAML node of every file, so it must be cheap."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(slots=True)
class Problems:
    """Collects problems from every stage so they can be reported together."""

    items: list[Problem] = field(default_factory=list)

    def add(self, where: Position, message: str) -> None:
        self.items.append(Problem(where.path, where.line, where.column, message))

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def did_you_mean(wrong: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    matches = difflib.get_close_matches(wrong, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def quoted(value: str, limit: int = 60) -> str:
    """A value as it appears in a message: quoted, shortened, control characters visible.
    At most limit + 2 characters whatever the value holds (an escape such as \U0001f600 is
    ten characters for one)."""
    shown = value if len(value) <= limit else value[: limit - 3] + "..."
    text = repr(shown)
    if len(text) <= limit + 2:
        return text
    cut = shown[: limit - 3]
    while len(repr(cut + "...")) > limit + 2:
        cut = cut[:-1]
    return repr(cut + "...")


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)


class DataError(Exception):
    """Raised by the build when the data has problems; carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{len(problems)} {noun} in the timeline data")

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems) + f"\n{self}"
