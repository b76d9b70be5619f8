"""Stage output: search entries straight from the records, in the format of Material's
`search/search_index.json` ({"config": ..., "docs": [{"location", "title", "text", ...}]}).

Why not let Material's search plugin read the pages: it re-parses every rendered page with
`html.parser` (about 45 % of a 1,000-event build), glues a label to the next word ("Also
writtenHamah", so an alias is not a word of its own) and indexes page chrome ("Next event …").
Here every record page gets one entry with the record's own words, and its name and aliases in
a field of their own (`names`), weighted like the title, so that searching a name or an alias
ranks the record's page first. Record pages are left out of the plugin's parse through their
front matter (`search: {exclude: true}`); hand-written pages are still read by the plugin.

Material's search shows `title` and `text` as HTML: both are escaped here (contributor text is
untrusted); its own entries are merged unchanged.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from .index import Index
from .markup import plain_text
from .model import Actor, Event, Location, Seed

PATH = "search/search_index.json"
# Weighted like Material's title field: a name or alias counts as much as a title word.
NAMES_FIELD = {"names": {"boost": 1e3}}
# Page kinds whose entries come from here (their pages are not parsed by the plugin).
RECORD_KINDS = frozenset({"event", "actor", "location", "source"})


def _entry(location: str, title: str, text: str, names: tuple[str, ...] = ()) -> dict[str, str]:
    entry = {"location": location, "title": escape(title, quote=False), "text": escape(" ".join(text.split()), quote=False)}
    if names:
        # Separated so that no two names glue into one word (the worker splits on spaces).
        entry["names"] = escape(", ".join(names), quote=False)
    return entry


def event_entry(event: Event) -> dict[str, str]:
    return _entry(f"events/{event.id}/", event.title, f"{event.date.human()}. {plain_text(event.summary)}")


def actor_entry(actor: Actor) -> dict[str, str]:
    also = f"Also known as {', '.join(actor.aliases)}. " if actor.aliases else ""
    return _entry(f"actors/{actor.id}/", actor.name, also + plain_text(actor.body), (actor.name, *actor.aliases))


def location_entry(location: Location) -> dict[str, str]:
    also = f"Also written {', '.join(location.aliases)}. " if location.aliases else ""
    return _entry(
        f"locations/{location.id}/", location.name, also + plain_text(location.body),
        (location.name, *location.aliases),
    )


def seed_entry(seed: Seed) -> dict[str, str]:
    by = ", ".join(part for part in (seed.publisher, seed.published.human()) if part)
    return _entry(f"sources/{seed.id}/", seed.title, f"{by}. {plain_text(seed.text)}")


def search_entries(index: Index) -> list[dict[str, str]]:
    """One entry per record page, in a fixed order (same input, same bytes)."""
    ds = index.dataset
    entries = [event_entry(event) for event in index.events]
    entries += [actor_entry(actor) for actor in ds.actors.values()]
    entries += [location_entry(location) for location in ds.locations.values()]
    entries += [seed_entry(seed) for seed in ds.seeds.values()]
    return entries


def merged_index(plugin_index: dict[str, Any], index: Index) -> dict[str, Any]:
    """Material's index (hand-written pages) with the records' entries and the names field."""
    config = dict(plugin_index.get("config") or {})
    config["fields"] = {**(config.get("fields") or {}), **NAMES_FIELD}
    return {"config": config, "docs": [*plugin_index.get("docs", []), *search_entries(index)]}


def merged_index_text(plugin_text: str, index: Index) -> str:
    """The file's text, compact like Material's own."""
    return json.dumps(merged_index(json.loads(plugin_text), index), ensure_ascii=False, separators=(",", ":"))
