"""Pieces of HTML rendered once per build and reused wherever they recur (the same drawing on
many pages, the same theme blocks on every page in one folder).

A memo belongs to one build's `Site` and dies with it: `mkdocs serve` makes a new Site for
every build, so nothing rendered for one build leaks into the next. What is memoised must be a
pure function of its key within the build (the key names every input that can change it),
apart from at most one string that differs from page to page (`varying`, e.g. the page's
title): it is kept as a marker and put back on every use. A slot may also `prepare` what it
keeps (e.g. squeeze its whitespace: compact.py), once, for every page that uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

# Holds a NUL: the loader refuses that character in every data file, so no text contains it.
MARKER = "\x00varying\x00"


class Slot:
    """One memoised value, for templates: `slot.get() or slot.put(rendered)` renders once."""

    __slots__ = ("_memo", "_key", "_varying", "_prepare")

    def __init__(self, memo: Memo, key: Hashable, varying: str | None = None,
                 prepare: Callable[[str], str] | None = None) -> None:
        self._memo, self._key, self._varying, self._prepare = memo, key, varying, prepare

    def get(self) -> str | None:
        value = self._memo.values.get(self._key)
        if value is None or self._varying is None:
            return value
        return value.replace(MARKER, self._varying)

    def put(self, value: str) -> str:
        if self._prepare is not None:
            value = self._prepare(value)
        if self._varying is None:
            self._memo.values[self._key] = value
        elif value.count(self._varying) == 1 and MARKER not in value:
            # Exactly once: that one is where it was printed, so the marker stands for it.
            self._memo.values[self._key] = value.replace(self._varying, MARKER)
        return value  # else not kept: the next page renders it again


class Memo:
    def __init__(self) -> None:
        self.values: dict[Hashable, str] = {}

    def slot(self, key: Hashable, varying: str | None = None,
             prepare: Callable[[str], str] | None = None) -> Slot:
        return Slot(self, key, varying, prepare)
