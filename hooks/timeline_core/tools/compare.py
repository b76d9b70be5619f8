"""Two loaded datasets compared record by record, field by field (for the change report).

Pure: no files, no git. A record is renamed when a new record lists a removed id in its
`former_ids`, or when a removed and an added record are the same apart from their id. Field
changes read like `date: 2024-12-02 → 2024-12-03`, `figures[1].value: 50 → 54` (items
numbered from 1, as `source:` numbers them), `sources: +1`, `actors: +russia`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..reading.dates import EventDate
from ..reading.model import ActorRole, Dataset

KINDS = ("events", "actors", "locations", "seeds")
SITE_FOLDERS = {"events": "events", "actors": "actors", "locations": "locations", "seeds": "sources"}
_NOT_COMPARED = ("id", "path")  # the record's identity, compared by matching
_AS_SETS = ("locations", "related", "tags", "aliases", "former_ids")  # order carries no meaning
_AS_MULTISETS = ("sources",)  # inserting one must not read as every later one changing
_SHORT = 60


@dataclass(frozen=True, slots=True)
class RecordChange:
    kind: str  # events, actors, locations, seeds
    status: str  # added, removed, renamed, changed
    id: str  # the id now (the old id for removed records)
    old_id: str | None  # for renamed records
    title: str
    changes: tuple[str, ...]  # field-level lines, for changed and renamed records


def records(dataset: Dataset, kind: str) -> dict[str, Any]:
    if kind == "events":
        return {event.id: event for event in dataset.events}
    mapping: dict[str, Any] = getattr(dataset, kind)
    return mapping


def title_of(record: Any) -> str:
    return str(getattr(record, "title", None) or getattr(record, "name", record.id))


def compare(before: Dataset, after: Dataset) -> list[RecordChange]:
    changes: list[RecordChange] = []
    for kind in KINDS:
        changes.extend(_compare_kind(kind, records(before, kind), records(after, kind)))
    return changes


def _compare_kind(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[RecordChange]:
    removed = sorted(set(old) - set(new))
    added = sorted(set(new) - set(old))
    renames = _renames(old, new, removed, added)
    out: list[RecordChange] = []
    for new_id, old_id in sorted(renames.items()):
        record = new[new_id]
        out.append(RecordChange(kind, "renamed", new_id, old_id, title_of(record), tuple(field_changes(old[old_id], record))))
    for new_id in added:
        if new_id not in renames:
            out.append(RecordChange(kind, "added", new_id, None, title_of(new[new_id]), ()))
    for record_id in sorted(set(old) & set(new)):
        lines = field_changes(old[record_id], new[record_id])
        if lines:
            out.append(RecordChange(kind, "changed", record_id, None, title_of(new[record_id]), tuple(lines)))
    renamed_from = set(renames.values())
    for old_id in removed:
        if old_id not in renamed_from:
            out.append(RecordChange(kind, "removed", old_id, None, title_of(old[old_id]), ()))
    return out


def _renames(old: dict[str, Any], new: dict[str, Any], removed: list[str], added: list[str]) -> dict[str, str]:
    """new id -> old id: first by `former_ids`, then by identical content."""
    renames: dict[str, str] = {}
    for new_id in added:
        claimed = [former for former in getattr(new[new_id], "former_ids", ()) if former in removed]
        if claimed:
            renames[new_id] = sorted(claimed)[0]
    unclaimed = {content_key(old[old_id]): old_id for old_id in reversed(removed) if old_id not in renames.values()}
    for new_id in added:
        if new_id not in renames:
            old_id = unclaimed.pop(content_key(new[new_id]), None)
            if old_id is not None:
                renames[new_id] = old_id
    return renames


def content_key(record: Any) -> str:
    return repr([(name, value) for name, value in _fields(record) if name != "former_ids"])


def _fields(record: Any) -> list[tuple[str, Any]]:
    return [(f.name, getattr(record, f.name)) for f in dataclasses.fields(record) if f.name not in _NOT_COMPARED]


def field_changes(old: Any, new: Any) -> list[str]:
    lines: list[str] = []
    for (name, before), (_, after) in zip(_fields(old), _fields(new), strict=True):
        lines.extend(_value_changes(name, before, after))
    return lines


def _value_changes(name: str, before: Any, after: Any) -> list[str]:
    if before == after:
        return []
    if name.rsplit(".", 1)[-1] in _AS_SETS and _is_tuple(before, after):
        return _set_change(name, [str(v) for v in before], [str(v) for v in after])
    if name == "actors" and _is_tuple(before, after):
        return _actor_changes(before, after)
    if name in _AS_MULTISETS and _is_tuple(before, after):
        return _multiset_change(name, before, after)
    if _is_tuple(before, after) and not _is_point(before) and not _is_point(after):
        return _positional_changes(name, before, after)
    if _is_record(before) and type(before) is type(after):
        return field_changes_named(name, before, after)
    return [f"{name}: {_shown(before, after)}"]


def field_changes_named(prefix: str, old: Any, new: Any) -> list[str]:
    lines: list[str] = []
    for (name, before), (_, after) in zip(_fields(old), _fields(new), strict=True):
        lines.extend(_value_changes(f"{prefix}.{name}", before, after))
    return lines


def _is_record(value: Any) -> bool:
    """A nested record compared field by field (a date is one value: its text)."""
    return dataclasses.is_dataclass(value) and not isinstance(value, EventDate)


def _is_tuple(*values: Any) -> bool:
    return all(isinstance(value, tuple) for value in values)


def _is_point(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, float | int) for v in value)


def _set_change(name: str, before: list[str], after: list[str]) -> list[str]:
    plus = [f"+{v}" for v in after if v not in before]
    minus = [f"-{v}" for v in before if v not in after]
    if not plus and not minus:
        return [f"{name}: reordered"]
    return [f"{name}: {', '.join(plus + minus)}"]


def _actor_changes(before: tuple[ActorRole, ...], after: tuple[ActorRole, ...]) -> list[str]:
    old = {role.actor: role.role for role in before}
    new = {role.actor: role.role for role in after}
    lines = [] if set(old) == set(new) else _set_change("actors", list(old), list(new))
    for actor in new:
        if actor in old and old[actor] != new[actor]:
            lines.append(f"actors[{actor}].role: {_shown(old[actor], new[actor])}")
    return lines or ["actors: reordered"]


def _multiset_change(name: str, before: tuple[Any, ...], after: tuple[Any, ...]) -> list[str]:
    old, new = Counter(map(repr, before)), Counter(map(repr, after))
    plus, minus = sum((new - old).values()), sum((old - new).values())
    parts = [f"+{plus}"] * bool(plus) + [f"-{minus}"] * bool(minus)
    return [f"{name}: {', '.join(parts) if parts else 'reordered'}"]


def _positional_changes(name: str, before: tuple[Any, ...], after: tuple[Any, ...]) -> list[str]:
    lines: list[str] = []
    for number, (old, new) in enumerate(zip(before, after, strict=False), start=1):  # extra items: counted below
        lines.extend(_value_changes(f"{name}[{number}]", old, new))
    if len(after) != len(before):
        difference = len(after) - len(before)
        lines.append(f"{name}: {difference:+d}")
    return lines


def _shown(before: Any, after: Any) -> str:
    old, new = _text(before), _text(after)
    if len(old) > _SHORT or len(new) > _SHORT:
        if isinstance(before, str) and isinstance(after, str):
            old, new = _excerpts(old, new)
        else:
            return f"changed ({len(old)} → {len(new)} characters)"
    return f"{old} → {new}"


def _excerpts(old: str, new: str, context: int = 3, limit: int = 160) -> tuple[str, str]:
    """The words that differ in two long texts, with a few words around them."""
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    first = max(0, start - context)

    def cut(words: list[str]) -> str:
        last = len(words) - max(0, end - context)
        text = " ".join(words[first:last])
        text = text if len(text) <= limit else text[: limit - 1] + "…"
        return ("…" if first else "") + text + ("…" if last < len(words) else "")

    return cut(a), cut(b)


def _text(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, EventDate):
        return value.text
    if _is_point(value):
        return ", ".join(str(v) for v in value)
    return str(value)
