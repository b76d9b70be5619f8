"""The records: plain frozen dataclasses with real values, no I/O, nothing about MkDocs.

Every record keeps its id and the path it was read from (for edit links and messages) and
nothing else about files, so records serialise cleanly to JSON and the field's exchange formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from .dates import EventDate

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_MAX = 80

EVENT_TYPES: dict[str, str] = {
    # our type -> ACLED event_type (empty: ACLED does not code it as such)
    "battle": "Battles",
    "explosion-remote-violence": "Explosions/Remote violence",
    "violence-against-civilians": "Violence against civilians",
    "protest": "Protests",
    "riot": "Riots",
    "strategic-development": "Strategic developments",
    "statement": "Strategic developments",
    "diplomacy": "Strategic developments",
    "policy": "",
}
EVENT_TYPE_LABELS: dict[str, str] = {
    "battle": "Battle",
    "explosion-remote-violence": "Explosion / remote violence",
    "violence-against-civilians": "Violence against civilians",
    "protest": "Protest",
    "riot": "Riot",
    "strategic-development": "Strategic development",
    "statement": "Statement",
    "diplomacy": "Diplomacy",
    "policy": "Policy",
}
ROLES = (
    "attacker", "defender", "target", "victim", "speaker", "addressee",
    "supporter", "reporter", "subject", "participant",
)
STATUSES = ("reported", "confirmed", "disputed")
QUALIFIERS: dict[str, str] = {
    "exact": "",
    "about": "about",
    "at-least": "at least",
    "more-than": "more than",
    "up-to": "up to",
}
ACTOR_KINDS = (
    "state", "government", "military", "armed-group", "militia", "person",
    "organization", "coalition", "population",
)
RELATION_TYPES: dict[str, tuple[str, str]] = {
    # type -> (as read on the subject's page, as read on the object's page)
    "supports": ("supports", "supported by"),
    "opposes": ("opposes", "opposed by"),
    "member-of": ("member of", "has member"),
    "part-of": ("part of", "includes"),
    "leads": ("leads", "led by"),
    "designates": ("designates", "designated by"),
}
LOCATION_KINDS = (
    "country", "region", "governorate", "city", "town", "village", "site", "border-crossing",
)
KINDS_NEEDING_COORDINATES = ("city", "town", "village", "site", "border-crossing")

Number = int | float


@dataclass(frozen=True, slots=True)
class SeedQuote:
    """A verbatim passage of a seed document."""

    seed: str
    quote: str


@dataclass(frozen=True, slots=True)
class WebSource:
    url: str
    title: str
    publisher: str | None
    published: EventDate | None


Source = SeedQuote | WebSource


@dataclass(frozen=True, slots=True)
class ActorRole:
    actor: str
    role: str | None


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: Number | None
    low: Number | None
    high: Number | None
    qualifier: str
    unit: str | None
    claimed_by: str | None
    source: int  # 1-based position in the event's sources
    note: str | None


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    path: str
    title: str
    date: EventDate
    type: str
    summary: str
    actors: tuple[ActorRole, ...]
    locations: tuple[str, ...]
    figures: tuple[Figure, ...]
    sources: tuple[Source, ...]
    annotations: tuple[str, ...]
    related: tuple[str, ...]
    status: str
    tags: tuple[str, ...]
    former_ids: tuple[str, ...]  # ids this event had before: their URLs redirect here

    @property
    def sort_key(self) -> tuple[tuple[int, int], str, str]:
        """Earliest possible instant; then the narrower date first and identical dates
        together (so the timeline never shows one date heading twice); then id."""
        return (self.date.sort_key, self.date.text, self.id)


@dataclass(frozen=True, slots=True)
class WebLink:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Relation:
    type: str
    actor: str
    source: Source | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    path: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    country: str | None
    relations: tuple[Relation, ...]
    links: tuple[WebLink, ...]
    former_ids: tuple[str, ...]
    body: str


@dataclass(frozen=True, slots=True)
class Location:
    id: str
    path: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    coordinates: tuple[float, float] | None
    part_of: str | None
    country: str | None
    links: tuple[WebLink, ...]
    former_ids: tuple[str, ...]
    body: str


@dataclass(frozen=True, slots=True)
class Seed:
    id: str
    path: str
    title: str
    published: EventDate
    publisher: str | None
    url: str | None
    note: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Dataset:
    """Everything that was read, events in timeline order."""

    events: tuple[Event, ...]
    actors: dict[str, Actor]
    locations: dict[str, Location]
    seeds: dict[str, Seed]
