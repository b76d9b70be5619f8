"""Pieces of HTML rendered once per build and reused wherever they recur (the same list entry
on many pages, the same sidebars on every page at one depth).

A memo belongs to one build's `Site` and dies with it: `mkdocs serve` makes a new Site for
every build, so nothing rendered for one build leaks into the next. What is memoised must be a
pure function of its key within the build (the key names every input that can change it).
"""

from __future__ import annotations

from collections.abc import Hashable


class Slot:
    """One memoised value, for templates: `slot.get() or slot.put(rendered)` renders once."""

    __slots__ = ("_memo", "_key")

    def __init__(self, memo: Memo, key: Hashable) -> None:
        self._memo, self._key = memo, key

    def get(self) -> str | None:
        return self._memo.values.get(self._key)

    def put(self, value: str) -> str:
        self._memo.values[self._key] = value
        return value


class Memo:
    def __init__(self) -> None:
        self.values: dict[Hashable, str] = {}

    def slot(self, key: Hashable) -> Slot:
        return Slot(self, key)
