"""Stage 5, outputs: Atom feeds (RFC 4287) of the events, for the site and for each actor and
place: `feed.xml`, `actors/<id>/feed.xml`, `locations/<id>/feed.xml`.

Deterministic: an entry's `updated` is the last day the data names for it (its date's latest
day, or a later source's publication day), and a feed's is the latest of its entries, so the
same data gives the same bytes. Newest entries first, as feed readers expect, and only the
latest FEED_ENTRIES of them: a reader polls a feed for what is new, and a feed of every event
grows without bound (8.8 MB at 10,000 events); the whole history is in the exports (data/).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from functools import partial
from datetime import date as Day
from xml.etree import ElementTree as ET

from .exports import EventText, made_now
from .index import Index
from ..reading.markup import plain_text
from ..reading.model import EVENT_TYPE_LABELS, Event, WebSource

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = Day(1970, 1, 1)  # only for a site without a single event
FEED_ENTRIES = 50  # per feed, the latest by date (about 50 KB)


def feed_paths(index: Index) -> dict[str, tuple[str, list[Event]]]:
    """Every feed: its path -> (its title's subject, its events in timeline order)."""
    ds = index.dataset
    feeds: dict[str, tuple[str, list[Event]]] = {"feed.xml": ("", list(ds.events))}
    for actor in ds.actors.values():
        events = [event for event, _role in index.by_actor.get(actor.id, [])]
        feeds[f"actors/{actor.id}/feed.xml"] = (actor.name, events)
    for location in ds.locations.values():
        feeds[f"locations/{location.id}/feed.xml"] = (location.name, list(index.by_location.get(location.id, [])))
    return feeds


def feed_of(kind: str, record_id: str) -> str | None:
    """The feed of a generated page's record, if it has one."""
    return f"{kind}s/{record_id}/feed.xml" if kind in ("actor", "location") else None


def entry_updated(event: Event) -> Day:
    days = [event.date.latest or event.date.sort_day]
    days += [s.published.latest for s in event.sources
             if isinstance(s, WebSource) and s.published is not None and s.published.latest is not None]
    # Atom's timestamps (RFC 3339) hold years 0001-9999 only: days outside them are left out.
    return max((day for day in days if isinstance(day, Day)), default=Day.min)


def _stamp(day: Day) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(path: str, subject: str, events: list[Event], site_name: str, base: str, latest: Day = EPOCH,
              entries: dict[tuple[str, str], str] | None = None, piece: EventText = made_now) -> str:
    """One feed. `base`: the site's address ending in '/', or '' (links relative to the feed);
    `latest`: the `updated` of a feed with no entries (the data's last day); `entries`: the
    entries already written by this build's other feeds (an event is in about eight)."""
    here = base or "../" * path.count("/")
    latest_first = heapq.nlargest(FEED_ENTRIES, events, key=lambda e: e.sort_key)  # = sorted()[:N]
    title = f"{site_name}: {subject}" if subject else site_name
    # The namespace as a plain attribute: ElementTree's prefix registry is process-wide state.
    feed = ET.Element("feed", {"xmlns": ATOM})
    _add(feed, "id", _identity(base, path))
    _add(feed, "title", title)
    _add(feed, "updated", _stamp(max((entry_updated(e) for e in latest_first), default=latest)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=f"{here}{path}")
    _add(feed, "link", rel="alternate", type="text/html", href=here + (path.removesuffix("feed.xml")))
    author = _add(feed, "author")
    _add(author, "name", f"{site_name} contributors")
    ET.indent(feed, space=" ")
    text = ET.tostring(feed, encoding="unicode")
    if events:
        # The entries go after the author, each on its own line at the first level, exactly
        # as ET.indent would place them in the whole tree (each written once per build).
        written = entries if entries is not None else {}
        text = text.removesuffix("\n</feed>") + "".join(
            "\n " + _entry_text(event, base, here, written, piece)
            for event in latest_first
        ) + "\n</feed>"
    return '<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n"


def _entry_text(event: Event, base: str, here: str, written: dict[tuple[str, str], str], piece: EventText) -> str:
    key = (event.id, here)
    text = written.get(key)
    if text is None:
        text = written[key] = piece(f"feed.xml {base} {here}", event, partial(_entry_made, event, base, here))
    return text


def _entry_made(event: Event, base: str, here: str) -> str:
    entry = _entry(event, base, here)
    ET.indent(entry, space=" ", level=1)
    return ET.tostring(entry, encoding="unicode")


def _entry(event: Event, base: str, here: str) -> ET.Element:
    entry = ET.Element("entry")
    _add(entry, "id", _identity(base, f"events/{event.id}/"))
    _add(entry, "title", event.title)  # type="text" (the default): readers show it as text
    _add(entry, "updated", _stamp(entry_updated(event)))
    _add(entry, "link", rel="alternate", type="text/html", href=f"{here}events/{event.id}/")
    _add(entry, "summary", f"{event.date.human()}: {plain_text(event.summary)}")
    _add(entry, "category", term=event.type, label=EVENT_TYPE_LABELS[event.type])
    for tag in event.tags:
        _add(entry, "category", term=tag)
    return entry


def _identity(base: str, path: str) -> str:
    """A permanent id: the page's address when the site has one, else a tag URI of the path."""
    return f"{base}{path}" if base else f"tag:annotated-timeline,2024:{path}"


def feed_makers(index: Index, site_name: str, base: str, piece: EventText = made_now) -> dict[str, Callable[[], str]]:
    """Path -> what writes that feed, when called (the builder writes one at a time)."""
    latest = max((entry_updated(e) for e in index.events), default=EPOCH)
    entries: dict[tuple[str, str], str] = {}  # this build's, shared by its feeds
    return {
        path: partial(atom_feed, path, subject, events, site_name, base, latest, entries, piece)
        for path, (subject, events) in feed_paths(index).items()
    }
