"""Stage 6, render: page data through Jinja templates into HTML fragments.

The templates live in the theme's override folder (`overrides/timeline/`) so a site can restyle
them. This environment autoescapes everything: contributors' text reaches HTML escaped, and
only the sanitised Markdown renderings are marked safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Callable

import jinja2

from . import pages
from .dates import format_day
from .index import Index, build_index, passage_id
from .markup import ROOT, Renderer, first_sentence
from .model import (
    ACTOR_KINDS, EVENT_TYPE_LABELS, Dataset, SeedQuote, WebSource,
)
from .pages import PagePlan
from .problems import Problem

_VIEWS: dict[str, Callable[..., dict[str, Any]]] = {
    "actor": pages.actor_view,
    "location": pages.location_view,
    "source": pages.source_view,
}


def root_for(page_url: str) -> str:
    """The relative path from a page to the site root: 'events/x/' -> '../../'."""
    return "../" * page_url.count("/")


class Site:
    """Everything one build renders: made fresh for every build, never kept between builds."""

    def __init__(self, dataset: Dataset, templates: Path, edit_base: str | None = None):
        self.dataset = dataset
        self.index: Index = build_index(dataset)
        self.markdown = Renderer()
        self.edit_base = edit_base
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            md=self.markdown.block,
            md_inline=self.markdown.inline,
            sentence=first_sentence,
            day=format_day,
            number=pages.format_number,
        )
        self.env.globals.update(
            ds=dataset,
            ix=self.index,
            type_labels=EVENT_TYPE_LABELS,
            actor_kinds=ACTOR_KINDS,
            is_quote=lambda source: isinstance(source, SeedQuote),
            is_web=lambda source: isinstance(source, WebSource),
            edit_url=self.edit_url,
            root=ROOT,
            passage_id=passage_id,
        )
        self.plans = pages.plan_pages(self.index, {"actors": "docs/actors", "locations": "docs/locations", "seeds": "seeds"})
        self.by_uri = {plan.src_uri: plan for plan in self.plans}

    def edit_url(self, path: str | None) -> str | None:
        return f"{self.edit_base}{path}" if self.edit_base and path else None

    def render(self, plan: PagePlan, page_url: str) -> str:
        template = self.env.get_template(f"{plan.kind}.html")
        html = template.render(self._view(plan), plan=plan)
        return html.replace(ROOT, root_for(page_url))

    def timeline(self, page_url: str) -> str:
        template = self.env.get_template("timeline.html")
        html = template.render(months=pages.timeline_groups(self.dataset.events))
        return html.replace(ROOT, root_for(page_url))

    def _view(self, plan: PagePlan) -> dict[str, Any]:
        if plan.kind == "event":
            event = self.dataset.events[self.index.position[plan.id]]
            return pages.event_view(self.index, event, self.markdown)
        if plan.kind in _VIEWS:
            return _VIEWS[plan.kind](self.index, plan.id, self.markdown)
        if plan.kind == "actors-index":
            return pages.actors_index_view(self.index)
        if plan.kind == "locations-index":
            return pages.locations_index_view(self.index)
        return pages.sources_index_view(self.index)


def render_problems(templates: Path, problems: list[Problem]) -> str:
    """The page a preview shows while the data has problems (their text is escaped)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True)
    return env.get_template("problems.html").render(problems=problems)
