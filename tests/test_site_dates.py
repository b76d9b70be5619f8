"""The EDTF level 0-1 forms in a real site: where events land on the timeline and what a reader
sees (times of day, seasons, years before 1 and beyond 9999, unknown interval ends)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, build, site_project

BASE = ROOT / "tests/fixtures/mini/events/2024-12-02-capitalia-condemns-attack.yml"

# (file name, EDTF value as a contributor writes it, unquoted in YAML); listed out of order
DATED = [
    ("h-morning", "2024-12-03T09:00:00Z"),
    ("f-unknown-start", "/2024-12-01"),
    ("b-ides", "-0043-03-15"),
    ("i-zone", "2024-12-03T14:00:00+03:00"),
    ("c-winter", "2001-24"),
    ("k-unknown-end", "2024-12-05/"),
    ("a-deep-past", "Y-170000002"),
    ("g-day", "2024-12-03"),
    ("j-local", "2024-12-04T10:00:00"),
]

# the timeline's date headings, earliest first
SHOWN = [
    "170,000,003 BCE",
    "15 Mar 44 BCE",
    "winter 2001",
    "from an unknown start to 1 Dec 2024",
    "3 Dec 2024",
    "3 Dec 2024, 09:00 UTC",      # 09:00 UTC
    "3 Dec 2024, 14:00 UTC+3",    # 11:00 UTC: after 09:00 UTC on the same day
    "4 Dec 2024, 10:00",
    "from 5 Dec 2024 to an unknown end",
]


def _files() -> dict[str, str]:
    base = BASE.read_text(encoding="utf-8")
    return {
        f"events/{name}.yml": base.replace("date: 2024-12-02~", f"date: {value}").replace(
            "title: Officials condemn the attack", f"title: Event {name}")
        for name, value in DATED
    }


def test_every_level_0_1_form_is_placed_and_shown(tmp_path: Path) -> None:
    built = build(site_project(tmp_path, files=_files()))
    assert built.returncode == 0, built.output
    html = built.page("")
    # One heading per day (or per year for coarser dates), in order; each event under its
    # earliest possible day, showing its own date where it says more than the heading.
    headings = re.findall(r'<h4 id="([^"]+)" class="tl-day__title"><time[^>]*>([^<]+)</time>', html)
    assert headings == [
        ("-170000002", "170,000,003 BCE"), ("-0043-03-15", "15 Mar 44 BCE"), ("2001", "2001"),
        ("2024-12-01", "1 Dec 2024"), ("2024-12-02", "2 Dec 2024"), ("2024-12-03", "3 Dec 2024"),
        ("2024-12-04", "4 Dec 2024"), ("2024-12-05", "5 Dec 2024"),
    ]
    listing = re.sub(r'<details class="tl-ongoing">.*?</details>', "", html[html.index('<section class="tl-month"'):], flags=re.S)
    shown = [text for text in re.findall(r"<time[^>]*>([^<]+)</time>", listing) if text in SHOWN]
    assert shown == SHOWN
    entries = [e for e in re.findall(r'<li class="tl-entry[^"]*" id="event-([^"]+)"', html) if e in dict(DATED)]
    assert entries == sorted(dict(DATED))  # the file names are in the expected order

    months = re.findall(r'<h3 id="(month-[^"]+)" class="tl-month__title">([^<]+?) <span', html)
    assert months[:4] == [
        ("month--170000002", "170,000,003 BCE (month not known)"),
        ("month--0043-03", "March 44 BCE"),
        ("month-2001", "2001 (month not known)"),
        ("month-2024-12", "December 2024"),
    ]

    # machine-readable dates where HTML has a form for them, none for years before 1
    assert '<h4 id="-0043-03-15" class="tl-day__title"><time>15 Mar 44 BCE</time></h4>' in html
    assert '<time class="tl-date" title="EDTF: -0043-03-15">15 Mar 44 BCE</time>' in built.page("events/b-ides/")
    assert ('<time class="tl-date" datetime="2024-12-03T14:00:00+03:00" '
            'title="EDTF: 2024-12-03T14:00:00+03:00">3 Dec 2024, 14:00 UTC+3</time>') in html
    assert 'datetime="2001" title="EDTF: 2001-24">winter 2001</time>' in html


def test_event_page_shows_the_reader_form_and_the_edtf_value(tmp_path: Path) -> None:
    built = build(site_project(tmp_path, files=_files()))
    assert built.returncode == 0, built.output
    page = built.page("events/f-unknown-start/")
    assert ">from an unknown start to 1 Dec 2024</time>" in page
    assert "<code>/2024-12-01</code>" in page
    page = built.page("events/a-deep-past/")
    assert ">170,000,003 BCE</time>" in page and "<code>Y-170000002</code>" in page
