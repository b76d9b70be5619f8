"""Stage 5, pages: where a record page sits, in reader's words. The trail from the timeline to
an event (month, then day: the same anchors the timeline page gives them), and what each actor
role means where a role is shown."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..reading.model import Event
from .timeline import timeline_months

# One line per role in model.ROLES: shown beside the role, so "addressee" needs no guessing.
ROLE_MEANINGS: dict[str, str] = {
    "attacker": "carried out the attack",
    "defender": "was attacked and fought back",
    "target": "was the aim of the action",
    "victim": "suffered harm",
    "speaker": "made the statement",
    "addressee": "the statement was made to them",
    "supporter": "backed one side",
    "reporter": "reported it",
    "subject": "the statement or action is about them",
    "participant": "took part",
}


@dataclass(frozen=True, slots=True)
class Crumb:
    label: str
    fragment: str  # an anchor on the timeline page, without "#"


def event_trail(event: Event) -> list[Crumb]:
    """Month, then day (or the coarser heading the event is listed under), as on the timeline."""
    month = timeline_months((event,))[0]
    heading = month.headings[0]
    trail = [Crumb(month.label, f"month-{month.key}")]
    if heading.id != month.key:
        trail.append(Crumb(heading.label, heading.id))
    return trail



def trail_to(trail: list[Crumb], heading_id: str | None) -> list[Crumb]:
    """The trail to the heading an event is under on its timeline page: the day's own anchor,
    or its second or later part's when a day is cut across pages (periods.py)."""
    if heading_id is None or len(trail) < 2 or trail[-1].fragment == heading_id:
        return trail
    return [*trail[:-1], replace(trail[-1], fragment=heading_id)]
