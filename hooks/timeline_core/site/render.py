"""Stage 6, render: page data through Jinja templates into HTML fragments.

The templates live in the theme's override folder (`overrides/timeline/`) so a site can restyle
them. This environment autoescapes everything: contributors' text reaches HTML escaped, and
only the sanitised Markdown renderings are marked safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Callable, Hashable

import jinja2
from markupsafe import Markup

from . import maps, pages, periods, record_periods, sides, timeline
from .outline import load_atlas
from .outputs import Made, Publication, data_index_view, data_makers
from .index import Index, build_index, passage_id
from ..reading.markup import ROOT, Renderer, first_sentence
from .memo import Memo
from .shell import Shells
from .icons import Sprite
from .exports import EventText
from ..reading.model import EVENT_TYPE_LABELS, Dataset, Event, SeedQuote
from .wayfinding import ROLE_MEANINGS, trail_to
from .pages import PagePlan
from ..reading.problems import Problem

_VIEWS: dict[str, Callable[[Index, str, Renderer], dict[str, Any]]] = {
    "event": pages.event_view,
    "actor": pages.actor_view,
    "location": pages.location_view,
    "source": pages.source_view,
    "actors-index": pages.actors_index_view,
    "locations-index": pages.locations_index_view,
    "sources-index": pages.sources_index_view,
    "type": pages.type_view,
    "tag": pages.tag_view,
    "types-index": pages.types_index_view,
    "tags-index": pages.tags_index_view,
    "map-index": maps.map_index_view,
    "data-index": data_index_view,
    "relations": sides.relations_view,
}


# Pieces of _macros.html that depend on nothing but their arguments and recur on thousands of
# pages (a date, a link to an event, a record's chip): templates call them by these names, and
# each is rendered once per build for each key of its arguments (the macro is `<name>_html`).
PIECES: dict[str, Callable[..., Hashable]] = {
    "date": lambda d: d.text,
    "status_badge": lambda status: status,
    "event_link": lambda e: e.id,
    "actor_link": lambda actor, role=None: (actor, role),
    "location_link": lambda place: place,
    "type_link": lambda kind: kind,
    "tag_link": lambda tag: tag,
}


def _rendered_once(env: jinja2.Environment, name: str, key: Callable[..., Hashable]) -> Callable[..., Markup]:
    """A global that renders _macros.html's `<name>_html` once for each key. The template's
    module is made at the first call: making it looks these globals up."""
    kept: dict[Hashable, Markup] = {}

    def piece(*args: Any) -> Markup:
        known = key(*args)
        found = kept.get(known)
        if found is None:
            macro = getattr(env.get_template("_macros.html").module, f"{name}_html")
            found = kept[known] = Markup(macro(*args))
        return found

    return piece


def filterable(index: Index) -> dict[str, set[str]]:
    """The values a timeline filter link may name: those some event has."""
    return {
        "actor": {a for a, rows in index.actor_events.items() if rows},
        "location": {p for p, rows in index.location_events.items() if rows},
        "type": set(index.by_type),
        "tag": set(index.by_tag),
    }


def root_for(page_url: str) -> str:
    """The relative path from a page to the site root: 'events/x/' -> '../../'."""
    return "../" * page_url.count("/")


def environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        auto_reload=False,  # one environment per build: templates never change during one
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class Site:
    """Everything one build renders: made fresh for every build, never kept between builds."""

    def __init__(self, dataset: Dataset, templates: Path, folders: dict[str, str],
                 publication: Publication | None = None, page_events: int = periods.PERIOD_LIMIT):
        """`folders`: where actors, locations and seeds live, relative to the repository;
        `page_events`: the most events a page lists (the timeline's and records' periods)."""
        self.dataset = dataset
        self.publication = publication or Publication("Timeline", "", "")
        self.index: Index = build_index(dataset)
        self.markdown = Renderer()
        self._sentences: dict[str, str] = {}
        self.pieces = Memo()  # HTML shared by many pages, rendered once (memo.py)
        self.shells = Shells()  # whole theme pages, rendered once per kind (shell.py)
        self.sprite = Sprite()  # the theme's icons, drawn once (icons.py): the hook reads them
        # Views the preview already worked out for its fingerprints, of the pages it rebuilds.
        self.kept_views: dict[str, tuple[str, dict[str, Any]]] = {}
        # Events' text in the data files that the preview kept from its last build (reuse.py).
        self.kept_pieces: EventText | None = None
        self.env = environment(templates)
        self.env.filters.update(md_inline=self.markdown.inline, sentence=self.sentence)
        self.env.globals.update(
            ds=dataset,
            type_labels=EVENT_TYPE_LABELS,
            is_quote=lambda source: isinstance(source, SeedQuote),
            root=ROOT,
            passage_id=passage_id,
            filterable=filterable(self.index),
            role_meanings=ROLE_MEANINGS,
            pieces=self.pieces.slot,
            map_drawing=maps.drawing_key,
        )
        self.env.globals.update({name: _rendered_once(self.env, name, key) for name, key in PIECES.items()})
        self.atlas = load_atlas()  # country outlines for the maps, read once per build
        self.plans = pages.plan_pages(self.index, folders, self.sentence)
        # The timeline's data, worked out once per build for the home page and every period.
        self.timeline_data = timeline.timeline_view(self.index)
        self.periods = periods.split_periods(self.timeline_data["months"], page_events)
        self.plans += [
            pages.PagePlan(f"{periods.FOLDER}/{p.key}.md", "period", p.key, f"Timeline: {p.label}",
                           f"The timeline's {p.count} events of {p.label}.", None, searchable=False)
            for p in self.periods if not p.latest
        ]
        self.event_places = periods.event_places(self.periods)
        self.period_nav = periods.period_nav(self.periods)
        self._plan_long_lists(page_events)
        self.by_uri = {plan.src_uri: plan for plan in self.plans}

    def _plan_long_lists(self, page_events: int) -> None:
        """The pages of lists longer than a page: records' earlier periods (the latest is on
        the record's own page), and the sources index's further web pages."""
        self.split_records = {(r.kind, r.id): r for r in record_periods.split_records(self.index, page_events)}
        self.period_pages: dict[str, tuple[record_periods.RecordPeriods, str]] = {}
        for record in self.split_records.values():
            for period in record.periods[:-1]:
                uri = record.src_uri(period)
                self.period_pages[uri] = (record, period.key)
                self.plans.append(pages.PagePlan(
                    uri, record_periods.PAGE_KIND, period.key, f"{record.name}: {period.label}",
                    f"{record.name}: the {period.count} events of {period.label}.", None, searchable=False,
                ))
        self.web_pages = record_periods.web_pages(pages.sources_index_view(self.index)["web"], page_events)
        self.plans += [
            pages.PagePlan(f"{page.url.rstrip('/')}.md", "sources-web", str(page.number), f"Web pages: {page.label}",
                           f"Web pages the timeline cites: {page.label}.", None, searchable=False)
            for page in self.web_pages[1:]
        ]

    def sentence(self, text: str) -> str:
        """A summary's first sentence, worked out once per build (timeline and description)."""
        found = self._sentences.get(text)
        if found is None:
            found = self._sentences[text] = first_sentence(text)
        return found

    def page_view(self, plan: PagePlan) -> tuple[str, dict[str, Any]]:
        """The template a page is rendered with and all the data handed to it (but its edit
        address, which comes from the builder): also what the preview's fingerprints digest."""
        if plan.src_uri in self.kept_views:
            return self.kept_views[plan.src_uri]
        if plan.kind == "period":
            return "timeline.html", self.timeline_view(plan.id)
        if plan.kind == record_periods.PAGE_KIND:  # a record's earlier period
            record, key = self.period_pages[plan.src_uri]
            folder, title = record_periods.FOLDERS[record.kind]
            return "record-period.html", {
                "split": record_periods.period_events(self.index, record, key),
                "index_url": f"{folder}/", "index_title": title,
            }
        if plan.kind == "sources-web":
            return "sources-web.html", {"web_pages": self.web_pages, "current": self.web_pages[int(plan.id) - 1]}
        view = _VIEWS[plan.kind](self.index, plan.id, self.markdown)
        if plan.kind == "sources-index":
            view["web_pages"] = self.web_pages
        if plan.kind == "event":  # back to the timeline page that lists it
            url, heading = self.event_places.get(plan.id, ("", None))
            view.update(timeline_url=url, trail=trail_to(view["trail"], heading))
        map_view = maps.map_for(self.index, plan.kind, plan.id, self.atlas)
        long_list = self.split_records.get((plan.kind, plan.id))
        split = record_periods.period_events(self.index, long_list, None) if long_list else None
        return f"{plan.kind}.html", {**view, "plan": plan, "map": map_view, "split": split}

    def render(self, plan: PagePlan, page_url: str, edit_url: str | None = None) -> str:
        if plan.kind == "period":
            return self.timeline(page_url, plan.id)
        name, view = self.page_view(plan)
        html = self.env.get_template(name).render(view, edit_url=edit_url)
        return html.replace(ROOT, root_for(page_url))

    def data_makers(self) -> dict[str, Callable[[], Made]]:
        """The exports, feeds and the filter index: path in the site -> what makes its content."""
        return data_makers(self.index, self.publication, periods.period_of_events(self.periods), self.piece)

    def piece(self, kind: str, event: Event, make: Callable[[], str]) -> str:
        """One event's text in a data file (exports.EventText): kept by the preview, or made."""
        return make() if self.kept_pieces is None else self.kept_pieces(kind, event, make)

    def timeline(self, page_url: str, period_key: str | None = None) -> str:
        """The timeline: whole, or (split) one period with the list of periods; the home
        page shows the latest."""
        template = self.env.get_template("timeline.html")
        html = template.render(self.timeline_view(period_key))
        return html.replace(ROOT, root_for(page_url))

    def timeline_view(self, period_key: str | None = None) -> dict[str, Any]:
        """The timeline template's data: one period's, or (None) the home page's."""
        return periods.period_view(self.timeline_data, self.periods, period_key, self.period_nav)


def render_problems(templates: Path, problems: list[Problem]) -> str:
    """The page a preview shows while the data has problems (their text is escaped)."""
    return environment(templates).get_template("problems.html").render(problems=problems)
