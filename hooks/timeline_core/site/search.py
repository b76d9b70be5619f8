"""Stage output: search entries straight from the records, one per record page
({"location", "title", "text", "names"}); timeline_core.site.search_shards files them for the browser.

Why not let Material's search plugin read the pages: it re-parses every rendered page with
`html.parser` (about 45 % of a 1,000-event build), glues a label to the next word ("Also
writtenHamah", so an alias is not a word of its own) and indexes page chrome ("Next event …").
Here every record page gets one entry with the record's own words, and its name and aliases in
a field of their own (`names`), weighted above the title, so that searching a name or an alias
ranks the record's page first. Record pages are left out of the plugin's parse through their
front matter (`search: {exclude: true}`); hand-written pages are still read by the plugin.

Search results show `title` and `text` as HTML: they are escaped here (contributor text is
untrusted), and so are the names.
"""

from __future__ import annotations

from html import escape

from .index import Index
from .pages import LISTING_PLANS, PagePlan
from ..reading.markup import plain_text
from ..reading.model import Actor, Event, Location, Seed

# Page kinds whose entries come from here (their pages are not parsed by the plugin).
RECORD_KINDS = frozenset({"event", "actor", "location", "source"})


Entry = dict[str, "str | list[str]"]


def _entry(location: str, title: str, text: str, names: tuple[str, ...] = ()) -> Entry:
    entry: Entry = {"location": location, "title": escape(title, quote=False),
                    "text": escape(" ".join(text.split()), quote=False)}
    if names:
        entry["names"] = [escape(name, quote=False) for name in names]  # each its own field value
    return entry


def event_entry(event: Event) -> Entry:
    return _entry(f"events/{event.id}/", event.title, f"{event.date.human()}. {plain_text(event.summary)}")


def actor_entry(actor: Actor) -> Entry:
    also = f"Also known as {', '.join(actor.aliases)}. " if actor.aliases else ""
    return _entry(f"actors/{actor.id}/", actor.name, also + plain_text(actor.body), (actor.name, *actor.aliases))


def location_entry(location: Location) -> Entry:
    also = f"Also written {', '.join(location.aliases)}. " if location.aliases else ""
    return _entry(
        f"locations/{location.id}/", location.name, also + plain_text(location.body),
        (location.name, *location.aliases),
    )


def seed_entry(seed: Seed) -> Entry:
    by = ", ".join(part for part in (seed.publisher, seed.published.human()) if part)
    return _entry(f"sources/{seed.id}/", seed.title, f"{by}. {plain_text(seed.text)}")


def listing_entry(plan: PagePlan) -> Entry:
    """An index page (or the relations page): its title and description, not its lists."""
    folder, _, name = plan.src_uri.rpartition("/")
    location = f"{folder}/" if name == "index.md" else f"{folder}/{name.removesuffix('.md')}/".lstrip("/")
    return _entry(location, plan.title, plan.description)


def search_entries(index: Index) -> list[Entry]:
    """One entry per record page, then one per listing page, in a fixed order (same input,
    same bytes)."""
    ds = index.dataset
    entries = [event_entry(event) for event in index.events]
    entries += [actor_entry(actor) for actor in ds.actors.values()]
    entries += [location_entry(location) for location in ds.locations.values()]
    entries += [seed_entry(seed) for seed in ds.seeds.values()]
    entries += [listing_entry(plan) for plan in LISTING_PLANS]
    return entries
