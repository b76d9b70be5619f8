"""The activity chart's data on made-up spans of time: the unit follows the span, empty
stretches are cut out, and every bar counts the events its link's date range would show."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from conftest import FIXTURES
from timeline_core.site.activity import Bar, Gap, activity_view, bounds_of, index_of
from timeline_core.reading.dates import parse_edtf
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.model import Event
from timeline_core.site.timeline import span_text


@pytest.fixture(scope="module")
def template() -> Event:
    return load_dataset(Layout(FIXTURES / "mini")).events[0]


def events_at(template: Event, *dates: str, kind: str = "battle") -> tuple[Event, ...]:
    return tuple(replace(template, id=f"e{n}", date=parse_edtf(text), type=kind) for n, text in enumerate(dates))


def check_counts(events: tuple[Event, ...], bars: list[Bar]) -> None:
    for bar in bars:
        low, high = date.fromisoformat(bar.start), date.fromisoformat(bar.end)
        expected = [e for e in events if (e.date.earliest or date.min) <= high and (e.date.latest or date.max) >= low]
        assert bar.total == len(expected), bar.period
        assert sum(s.count for s in bar.segments) == bar.total


@pytest.mark.parametrize(("dates", "unit"), [
    (("2024-12-01", "2024-12-02", "2024-12-05", "2024-09-01/2024-11-30"), "day"),  # 96 days
    (("2024-01-01/2024-06-30", "2024-03-01"), "week"),  # 182 days
    (("2020-01-05/2024-12-31", "2022-07"), "month"),  # 261 weeks
    (("1900/2010", "1950-05-05"), "year"),  # 1,332 months
    # Sparse: two far-apart weeks stay days, the years between cut out.
    (("2001-01-01/2001-01-07", "2024-01-01/2024-01-07"), "day"),
])
def test_the_unit_follows_the_span_and_bars_count_their_range(template: Event, dates: tuple[str, ...], unit: str) -> None:
    events = events_at(template, *dates)
    view = activity_view(events)
    assert view is not None and view["unit"] == unit
    bars = [item for item in view["entries"] if isinstance(item, Bar)]
    assert len(bars) <= 120
    check_counts(events, view["bars"])
    # Bars of a run are consecutive periods; a run ends where a gap is marked.
    for before, after in zip(view["entries"], view["entries"][1:], strict=False):
        if isinstance(before, Bar) and isinstance(after, Bar):
            assert date.fromisoformat(after.start) == date.fromisoformat(before.end) + timedelta(days=1)


def test_one_early_event_does_not_squeeze_the_rest(template: Event) -> None:
    events = events_at(template, "2018-05-31", "2024-11-27/2024-12-03", "2024-12-02?")
    view = activity_view(events)
    assert view is not None and view["unit"] == "day"
    gaps = [item for item in view["entries"] if isinstance(item, Gap)]
    assert [gap.text for gap in gaps] == ["no events from 1 Jun 2018 to 26 Nov 2024"]
    assert len([item for item in view["entries"] if isinstance(item, Bar)]) == 1 + 7
    check_counts(events, view["bars"])


def test_open_ends_reach_the_furthest_known_day(template: Event) -> None:
    events = events_at(template, "2024-12-01/..", "2024-12-05", "../2024-11-29")
    view = activity_view(events)
    assert view is not None
    assert view["bars"][0].start == "2024-11-29" and view["bars"][-1].end == "2024-12-05"
    assert all(bar.total >= 1 for bar in view["bars"])


def test_types_stack_in_one_order_and_name_their_numbers(template: Event) -> None:
    events = events_at(template, "2024-12-01", "2024-12-01") + events_at(template, "2024-12-01", kind="statement")
    view = activity_view(events)
    assert view is not None
    (bar,) = view["bars"]
    assert [(s.type, s.count) for s in bar.segments] == [("battle", 2), ("statement", 1)]
    assert bar.description == "1 Dec 2024: 3 events may have happened (Battle: 2, Statement: 1)"
    assert view["types"] == [("battle", "Battle"), ("statement", "Statement")]


@pytest.mark.parametrize("unit", ["day", "week", "month", "year"])
def test_bar_bounds_round_trip(unit: str) -> None:
    for day in (date(2024, 2, 29), date(2023, 12, 31), date(1, 1, 1), date(2024, 1, 1)):
        first, last = bounds_of(index_of(day, unit), unit)
        assert first <= day <= last
        assert index_of(first, unit) == index_of(last, unit) == index_of(day, unit)


def test_span_text(template: Event) -> None:
    plain, unsure, open_end, single = events_at(template, "2024-11-29/2024-12-02", "2024-11-29/2024-12-02?", "2024-11-29/..", "2024-12")
    assert span_text(plain) == "spans 4 days"
    assert span_text(unsure) == "spans up to 4 days"
    assert span_text(open_end) == "open-ended"
    assert span_text(single) is None  # a month is uncertainty, not a span


def test_years_before_1_and_after_9999_are_charted_by_ordinal(template: Event) -> None:
    """Python's date holds years 1-9999 only; the chart counts days of any year."""
    events = events_at(template, "-0043-03-15", "-0043-03-17", "Y10050")
    view = activity_view(events)
    # Two runs (a week in 44 BCE, the year 10,050 in weeks), the millennia between cut out.
    assert view is not None and view["unit"] == "week"
    assert view["bars"][0].period == "week of 11 Mar 44 BCE" and view["bars"][0].total == 2
    assert view["bars"][-1].period.endswith(" 10,050")
    gaps = [gap.text for gap in view["entries"] if isinstance(gap, Gap)]
    assert len(gaps) == 1 and gaps[0].startswith("no events from 18 Mar 44 BCE to ")


def test_spans_too_long_to_draw_give_no_chart(template: Event) -> None:
    """An interval over millions of years would need millions of bars even counted in years:
    no chart (the timeline lists the events), and no walk over the span."""
    events = events_at(template, "Y-170000002/Y170000002", "2024-12-02")
    assert activity_view(events) is None
