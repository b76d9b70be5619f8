"""Screenshots of the shipped site for the documentation: `make screenshots`
(or `.venv/bin/python tests/screenshots.py [output folder]`).

Builds the shipped dataset into a temporary folder (as a reader gets it: no edit links), serves
it on 127.0.0.1 and writes, with Debian's chromium:
  docs/screenshots/timeline.png      the timeline, 1280x900 window, first screen and a bit more
  docs/screenshots/event.png         one event page, same window
  docs/screenshots/event-phone.png   the same event on a 390x844 phone
  docs/screenshots/timeline-phone.png  the timeline's first events on the same phone, the
                                     second one unfolded
  docs/screenshots/source-phone.png  the source article on the same phone
  docs/screenshots/map.png           the map page as it first shows (the outline; no tiles)
  docs/screenshots/relations.png     who supports whom: the graph
  docs/screenshots/timeline-filtered.png  "what happened on 2 Dec 2024": the chart, the
                                     filters and the first events of that filtered view
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import pytest  # noqa: E402  (browser.launch reports a missing chromium as a pytest outcome)

from browser import launch, serve_static  # noqa: E402
from conftest import ROOT, build, site_project  # noqa: E402

EVENT = "events/2024-12-03-rebels-claim-50-soldiers-killed/"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
FIRST_SCREEN_PLUS = 1100  # px of the timeline: the first screen and the start of the next
ONE_DAY = "?from=2024-12-02&to=2024-12-02"


def shoot(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="timeline-shots-") as tmp:
        built = build(site_project(Path(tmp), data=None))
        if built.returncode != 0:
            raise SystemExit(f"the site does not build:\n{built.output}")
        written: list[Path] = []
        with serve_static(built.site) as base, launch() as browser:
            def page_at(url: str, viewport: dict[str, int], **options: object):
                context = browser.new_context(viewport=viewport, color_scheme="light", **options)
                page = context.new_page()
                page.goto(base + url, wait_until="load")
                page.wait_for_selector("article.md-content__inner h1")
                page.evaluate("document.fonts.ready")
                return context, page

            context, page = page_at("", DESKTOP)
            page.locator("section.tl-timeline li.tl-entry").first.wait_for()
            height = min(FIRST_SCREEN_PLUS, page.evaluate("document.documentElement.scrollHeight"))
            written.append(out / "timeline.png")
            page.screenshot(path=written[-1], full_page=True,
                            clip={"x": 0, "y": 0, "width": DESKTOP["width"], "height": height})
            context.close()

            context, page = page_at(ONE_DAY, DESKTOP)
            page.locator("form.tl-filters").wait_for(state="visible")
            page.wait_for_function("() => !document.querySelector('[data-tl-count]').textContent.startsWith(document.querySelectorAll('li.tl-entry').length + ' of')")
            top = page.locator("figure.tl-activity").bounding_box()
            assert top is not None
            written.append(out / "timeline-filtered.png")
            page.screenshot(path=written[-1], full_page=True,
                            clip={"x": 0, "y": top["y"] - 16, "width": DESKTOP["width"], "height": DESKTOP["height"]})
            context.close()

            context, page = page_at(EVENT, DESKTOP)
            written.append(out / "event.png")
            page.screenshot(path=written[-1], full_page=False)
            context.close()

            context, page = page_at(EVENT, PHONE, is_mobile=True, has_touch=True)
            written.append(out / "event-phone.png")
            page.screenshot(path=written[-1], full_page=False)
            context.close()

            context, page = page_at("", PHONE, is_mobile=True, has_touch=True)
            page.locator("section.tl-month").first.evaluate("month => window.scrollTo(0, month.getBoundingClientRect().top + scrollY - 60)")
            page.locator("li.tl-entry summary.tl-fold__toggle").nth(1).tap()
            written.append(out / "timeline-phone.png")
            page.screenshot(path=written[-1], full_page=False)
            context.close()

            context, page = page_at("sources/syrian-rebels-gain-ground/", PHONE, is_mobile=True, has_touch=True)
            written.append(out / "source-phone.png")
            page.screenshot(path=written[-1], full_page=False)
            context.close()

            for url, name in (("map/", "map.png"), ("actors/relations/", "relations.png")):
                context, page = page_at(url, DESKTOP)
                written.append(out / name)
                page.screenshot(path=written[-1], full_page=False)
                context.close()
        return written


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "screenshots"
    try:
        written = shoot(out)
    except (pytest.skip.Exception, pytest.fail.Exception) as missing:
        print(f"screenshots: {missing}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
