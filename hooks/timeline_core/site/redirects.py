"""Stage 5b, redirects: every former id keeps its old URL alive.

A record renamed from `old` to `new` leaves `events/old/` (or `actors/old/`, `locations/old/`)
as a small standalone HTML page that sends the reader on to `events/new/`: a meta refresh, a
canonical link (so search engines move their entry) and a plain link for readers whose browser
does not follow refreshes. The page is a static `index.html`, not a MkDocs page, so it stays
out of the navigation, the sitemap and the search index.

Every URL is relative (`../new/`), so the site works under any sub-path; only the canonical
link is absolute when the site's address is known, as search engines prefer.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from ..reading.model import Dataset

# kind -> the folder its pages live in (the same for the old and the new address)
FOLDERS = {"event": "events", "actor": "actors", "location": "locations"}


@dataclass(frozen=True, slots=True, order=True)
class Redirect:
    """An old address and the record's page it now leads to."""

    path: str  # the file the site gets: 'events/<old>/index.html' (or 'events/<old>.html')
    kind: str
    old_id: str
    new_id: str
    title: str  # plain text; the template escapes it
    directory_urls: bool = True  # MkDocs' use_directory_urls: events/<id>/ or events/<id>.html

    @property
    def relative_target(self) -> str:
        """From the old address to the new one, both in the same folder: '../<new>/'."""
        return f"../{self.new_id}/" if self.directory_urls else f"{self.new_id}.html"

    @property
    def target_url(self) -> str:
        """The new page's URL relative to the site root: 'events/<new>/'."""
        page = f"{self.new_id}/" if self.directory_urls else f"{self.new_id}.html"
        return f"{FOLDERS[self.kind]}/{page}"


def plan_redirects(dataset: Dataset, directory_urls: bool = True) -> list[Redirect]:
    """Every redirect the data asks for, in a stable order (link.py has already made sure a
    former id is no live id of its kind and is claimed by one record only)."""
    records = [
        *(("event", e.id, e.title, e.former_ids) for e in dataset.events),
        *(("actor", a.id, a.name, a.former_ids) for a in dataset.actors.values()),
        *(("location", loc.id, loc.name, loc.former_ids) for loc in dataset.locations.values()),
    ]
    page = "{}/index.html" if directory_urls else "{}.html"
    return sorted(
        Redirect(f"{FOLDERS[kind]}/{page.format(old)}", kind, old, new, title, directory_urls)
        for kind, new, title, former in records
        for old in former
    )


def render_redirects(
    env: jinja2.Environment, dataset: Dataset, site_url: str | None = None, directory_urls: bool = True
) -> list[tuple[str, str]]:
    """(path, HTML) for every redirect page. `env` must autoescape (render.environment)."""
    template = env.get_template("redirect.html")
    base = site_url.rstrip("/") + "/" if site_url else None
    return [
        (
            redirect.path,
            template.render(
                redirect=redirect,
                target=redirect.relative_target,
                canonical=base + redirect.target_url if base else redirect.relative_target,
            ),
        )
        for redirect in plan_redirects(dataset, directory_urls)
    ]
