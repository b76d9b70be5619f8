"""Tests for timeline_core.dates (EDTF parsing, ordering and display)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_core.dates import (
    DateError,
    DatePart,
    EventDate,
    format_day,
    parse_edtf,
)

D = date
EXPECTED = "expected an EDTF date such as 2024-12-02 or 2024-11-29/2024-11-30"


# ---------------------------------------------------------------------------
# parsing: single dates
# (text, earliest, latest, precision, approximate, uncertain)

SINGLE = [
    # level 0
    ("2024-11-30", D(2024, 11, 30), D(2024, 11, 30), "day", False, False),
    ("2024-11", D(2024, 11, 1), D(2024, 11, 30), "month", False, False),
    ("2024", D(2024, 1, 1), D(2024, 12, 31), "year", False, False),
    ("0001", D(1, 1, 1), D(1, 12, 31), "year", False, False),
    ("9999-12-31", D(9999, 12, 31), D(9999, 12, 31), "day", False, False),
    ("0987-06-05", D(987, 6, 5), D(987, 6, 5), "day", False, False),
    # month lengths
    ("2024-01", D(2024, 1, 1), D(2024, 1, 31), "month", False, False),
    ("2024-04", D(2024, 4, 1), D(2024, 4, 30), "month", False, False),
    ("2024-12", D(2024, 12, 1), D(2024, 12, 31), "month", False, False),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month", False, False),
    ("2023-02", D(2023, 2, 1), D(2023, 2, 28), "month", False, False),
    ("1900-02", D(1900, 2, 1), D(1900, 2, 28), "month", False, False),
    ("2000-02", D(2000, 2, 1), D(2000, 2, 29), "month", False, False),
    ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29), "day", False, False),
    ("2000-02-29", D(2000, 2, 29), D(2000, 2, 29), "day", False, False),
    ("2024-04-30", D(2024, 4, 30), D(2024, 4, 30), "day", False, False),
    ("2024-01-31", D(2024, 1, 31), D(2024, 1, 31), "day", False, False),
    # qualifiers
    ("2024-12-02~", D(2024, 12, 2), D(2024, 12, 2), "day", True, False),
    ("2024-12-02?", D(2024, 12, 2), D(2024, 12, 2), "day", False, True),
    ("2024-12-02%", D(2024, 12, 2), D(2024, 12, 2), "day", True, True),
    ("2024-12~", D(2024, 12, 1), D(2024, 12, 31), "month", True, False),
    ("2024?", D(2024, 1, 1), D(2024, 12, 31), "year", False, True),
    # unspecified digits: year
    ("202X", D(2020, 1, 1), D(2029, 12, 31), "year", False, False),
    ("20XX", D(2000, 1, 1), D(2099, 12, 31), "year", False, False),
    ("2XXX", D(2000, 1, 1), D(2999, 12, 31), "year", False, False),
    ("0XXX", D(1, 1, 1), D(999, 12, 31), "year", False, False),  # clamped to 0001
    ("000X", D(1, 1, 1), D(9, 12, 31), "year", False, False),
    ("202X-XX", D(2020, 1, 1), D(2029, 12, 31), "year", False, False),
    ("202X-XX-XX", D(2020, 1, 1), D(2029, 12, 31), "year", False, False),
    ("202X~", D(2020, 1, 1), D(2029, 12, 31), "year", True, False),
    # unspecified digits: month
    ("2024-XX", D(2024, 1, 1), D(2024, 12, 31), "year", False, False),
    ("2024-0X", D(2024, 1, 1), D(2024, 9, 30), "year", False, False),
    ("2024-1X", D(2024, 10, 1), D(2024, 12, 31), "year", False, False),
    ("2024-XX-XX", D(2024, 1, 1), D(2024, 12, 31), "year", False, False),
    ("2024-1X-XX", D(2024, 10, 1), D(2024, 12, 31), "year", False, False),
    # unspecified digits: day
    ("2024-11-XX", D(2024, 11, 1), D(2024, 11, 30), "month", False, False),
    ("2024-11-0X", D(2024, 11, 1), D(2024, 11, 9), "month", False, False),
    ("2024-11-1X", D(2024, 11, 10), D(2024, 11, 19), "month", False, False),
    ("2024-11-2X", D(2024, 11, 20), D(2024, 11, 29), "month", False, False),
    ("2024-11-3X", D(2024, 11, 30), D(2024, 11, 30), "month", False, False),
    ("2024-12-3X", D(2024, 12, 30), D(2024, 12, 31), "month", False, False),
    ("2024-02-2X", D(2024, 2, 20), D(2024, 2, 29), "month", False, False),
    ("2023-02-2X", D(2023, 2, 20), D(2023, 2, 28), "month", False, False),
    ("2023-02-XX", D(2023, 2, 1), D(2023, 2, 28), "month", False, False),
    ("2024-11-2X?", D(2024, 11, 20), D(2024, 11, 29), "month", False, True),
]


@pytest.mark.parametrize("text,earliest,latest,precision,approx,unc", SINGLE)
def test_parse_single(text, earliest, latest, precision, approx, unc):
    ev = parse_edtf(text)
    assert ev.text == text
    assert ev.interval is False
    assert ev.end is ev.start
    part = ev.start
    assert isinstance(part, DatePart)
    assert part.text == text
    assert (part.earliest, part.latest) == (earliest, latest)
    assert type(part.earliest) is date and type(part.latest) is date
    assert (ev.earliest, ev.latest) == (earliest, latest)
    assert part.precision == ev.precision == precision
    assert (part.approximate, part.uncertain) == (approx, unc)
    assert (ev.approximate, ev.uncertain) == (approx, unc)
    assert ev.sort_day == earliest
    assert ev.iso_bounds() == (earliest.isoformat(), latest.isoformat())


# ---------------------------------------------------------------------------
# parsing: intervals
# (text, start (text, earliest, latest, precision, approx, unc) or None, end ditto)

INTERVALS = [
    ("2024-11-29/2024-11-30",
     ("2024-11-29", D(2024, 11, 29), D(2024, 11, 29), "day", False, False),
     ("2024-11-30", D(2024, 11, 30), D(2024, 11, 30), "day", False, False)),
    ("2024-11/2024-12",
     ("2024-11", D(2024, 11, 1), D(2024, 11, 30), "month", False, False),
     ("2024-12", D(2024, 12, 1), D(2024, 12, 31), "month", False, False)),
    ("2023/2024-02",
     ("2023", D(2023, 1, 1), D(2023, 12, 31), "year", False, False),
     ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month", False, False)),
    ("2024-11-29~/2024-11-30?",
     ("2024-11-29~", D(2024, 11, 29), D(2024, 11, 29), "day", True, False),
     ("2024-11-30?", D(2024, 11, 30), D(2024, 11, 30), "day", False, True)),
    ("2024-11-2X/2024-12-0X%",
     ("2024-11-2X", D(2024, 11, 20), D(2024, 11, 29), "month", False, False),
     ("2024-12-0X%", D(2024, 12, 1), D(2024, 12, 9), "month", True, True)),
    ("../2024-12-01", None,
     ("2024-12-01", D(2024, 12, 1), D(2024, 12, 1), "day", False, False)),
    ("2024-12-01/..",
     ("2024-12-01", D(2024, 12, 1), D(2024, 12, 1), "day", False, False), None),
    ("../2024-12~", None,
     ("2024-12~", D(2024, 12, 1), D(2024, 12, 31), "month", True, False)),
    # same day on both sides is allowed
    ("2024-11-29/2024-11-29",
     ("2024-11-29", D(2024, 11, 29), D(2024, 11, 29), "day", False, False),
     ("2024-11-29", D(2024, 11, 29), D(2024, 11, 29), "day", False, False)),
    # overlapping unspecified sides are not "reversed": end.latest >= start.earliest
    ("2024-11-2X/2024-11-21",
     ("2024-11-2X", D(2024, 11, 20), D(2024, 11, 29), "month", False, False),
     ("2024-11-21", D(2024, 11, 21), D(2024, 11, 21), "day", False, False)),
    ("2024-11-30/2024-11",
     ("2024-11-30", D(2024, 11, 30), D(2024, 11, 30), "day", False, False),
     ("2024-11", D(2024, 11, 1), D(2024, 11, 30), "month", False, False)),
]


def _check_part(part, expected):
    if expected is None:
        assert part is None
        return
    text, earliest, latest, precision, approx, unc = expected
    assert part == DatePart(text, earliest, latest, precision, approx, unc)


@pytest.mark.parametrize("text,start,end", INTERVALS)
def test_parse_interval(text, start, end):
    ev = parse_edtf(text)
    assert ev.text == text
    assert ev.interval is True
    _check_part(ev.start, start)
    _check_part(ev.end, end)
    assert ev.earliest == (start[1] if start else None)
    assert ev.latest == (end[2] if end else None)
    assert ev.precision == (start or end)[3]
    assert ev.approximate == any(p is not None and p[4] for p in (start, end))
    assert ev.uncertain == any(p is not None and p[5] for p in (start, end))
    assert ev.sort_day == (start[1] if start else end[1])
    assert ev.iso_bounds() == (
        start[1].isoformat() if start else None,
        end[2].isoformat() if end else None,
    )


def test_models_are_frozen_slotted_dataclasses():
    ev = parse_edtf("2024-11-29/2024-11-30")
    for obj in (ev, ev.start):
        assert dataclasses.is_dataclass(obj)
        assert not hasattr(obj, "__dict__")
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.text = "x"  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(EventDate)] == ["text", "start", "end", "interval"]
    assert [f.name for f in dataclasses.fields(DatePart)] == [
        "text", "earliest", "latest", "precision", "approximate", "uncertain"]


def test_equal_texts_give_equal_values():
    assert parse_edtf("2024-11-2X/..") == parse_edtf("2024-11-2X/..")
    assert hash(parse_edtf("2024-12-02~")) == hash(parse_edtf("2024-12-02~"))


# ---------------------------------------------------------------------------
# errors: (text, a fragment the reason must contain)

ERRORS = [
    # invalid months and days
    ("2024-13-45", "month 13 does not exist"),
    ("2024-13-01", "month 13 does not exist"),
    ("2024-00", "month 00 does not exist"),
    ("2024-02-30", "day 30 does not exist in February 2024"),
    ("2023-02-29", "day 29 does not exist in February 2023"),
    ("1900-02-29", "day 29 does not exist in February 1900"),
    ("2024-04-31", "day 31 does not exist in April 2024"),
    ("2024-11-00", "day 00 does not exist"),
    ("2024-11-32", "day 32 does not exist"),
    ("0000", "year 0000"),
    ("0000-01-01", "year 0000"),
    # seasons, times, long years, sets, negative years
    ("2024-21", "season"),
    ("2024-24", "season"),
    ("2024-41", "season"),
    ("2024-12-01T10:00", "times are not supported"),
    ("2024-12-01T10:00:00Z", "times are not supported"),
    ("Y12345", "Y-prefixed"),
    ("Y-12345", "Y-prefixed"),
    ("Y17E7", "Y-prefixed"),
    ("-2024", "negative years"),
    ("[2024-12-01,2024-12-03]", "sets"),
    ("{2024,2025}", "sets"),
    # digits
    ("24", "exactly 4 digits"),
    ("12024", "exactly 4 digits"),
    ("2024-1-05", "exactly 2 digits"),
    ("2024-01-5", "exactly 2 digits"),
    ("2024-01-01-01", "too many components"),
    ("2024-", "month is missing"),
    # unspecified digits
    ("2024-2X", "month 2X does not exist"),
    ("2024-X1", "X before a digit"),
    ("2024-11-X1", "X before a digit"),
    ("20X4", "X before a digit"),
    ("XXXX", "entirely unknown"),
    ("202X-05", "must be XX"),
    ("202X-XX-01", "must be XX"),
    ("2024-XX-01", "the day must be XX"),
    ("2024-1X-2X", "the day must be XX"),
    ("2024-02-3X", "day 3X does not exist in February 2024"),
    ("2024-11-4X", "day 4X does not exist"),
    ("2024-xx", "capital X"),
    ("201u", "'u' notation"),
    # qualifiers in the wrong place
    ("~2024-12-02", "at the very end"),
    ("2024~-12-02", "at the very end"),
    ("2024-12-02~~", "at the very end"),
    ("2024-12-02?~", "at the very end"),
    # whitespace
    ("2024-12-01 ", "whitespace"),
    (" 2024-12-01", "whitespace"),
    ("2024-12-01 / 2024-12-02", "whitespace"),
    ("2024-12-\t01", "whitespace"),
    # intervals
    ("2024-12-01/", "'2024-12-01/..'"),
    ("/2024-12-01", "'../2024-12-01'"),
    ("/", "empty"),
    ("../..", "at least one known end"),
    ("..", "only allowed as one side of an interval"),
    ("2024/2025/2026", "exactly one '/'"),
    ("2024-12-02/2024-12-01", "reversed"),
    ("2025/2024", "reversed"),
    ("2024-12/2024-11-30", "reversed"),
    ("2024-11-2X/2024-11-19", "reversed"),
    ("2024-12-01/2024-13-01", "in the interval end '2024-13-01': month 13"),
    ("2024-02-30/2024-03-01", "in the interval start '2024-02-30'"),
    ("2024-12-01/...", "open end"),
    ("2024-12-01~/..~", "qualifier"),
    # anything else
    ("", "empty"),
    ("yesterday", "not a supported date form"),
    ("2024/12/01", "exactly one '/'"),
    ("Dec 2024", "whitespace"),
    ("2024.12.01", "not a supported date form"),
    ("\u0662\u0660\u0662\u0664", "not a supported date form"),  # Arabic-Indic digits
]


@pytest.mark.parametrize("text,fragment", ERRORS)
def test_errors(text, fragment):
    with pytest.raises(DateError) as info:
        parse_edtf(text)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert message.startswith(f"{EXPECTED}, got {text!r}: ")  # quotes the input
    assert fragment in message


def test_error_message_example_from_spec():
    with pytest.raises(DateError) as info:
        parse_edtf("2024-13-45")
    assert str(info.value).startswith(
        "expected an EDTF date such as 2024-12-02 or 2024-11-29/2024-11-30, "
        "got '2024-13-45': month 13 does not exist")


@pytest.mark.parametrize("value,fragment", [
    (2024, "quote the value in YAML"),
    (date(2024, 12, 2), "'2024-12-02'"),
    (None, "not a string"),
    (b"2024", "not a string"),
])
def test_non_string_input(value, fragment):
    with pytest.raises(DateError) as info:
        parse_edtf(value)  # type: ignore[arg-type]
    assert repr(value) in str(info.value)
    assert fragment in str(info.value)


# ---------------------------------------------------------------------------
# ordering

def test_sort_day_orders_events():
    texts = [
        "2024-12-02",
        "2024-12",                 # Dec 1
        "../2024-11-30",           # open start sorts at the end's earliest day
        "2024-11-2X",              # Nov 20
        "2024-11-29/2024-12-05",   # by its start
        "2024",                    # Jan 1
        "2024-12-01~/..",
        "202X",                    # 2020
    ]
    ordered = sorted(texts, key=lambda t: parse_edtf(t).sort_day)
    assert ordered == [
        "202X",
        "2024",
        "2024-11-2X",
        "2024-11-29/2024-12-05",
        "../2024-11-30",
        "2024-12",
        "2024-12-01~/..",
        "2024-12-02",
    ]


@pytest.mark.parametrize("text,sort_day", [
    ("../2024-12-01", D(2024, 12, 1)),
    ("../2024-12", D(2024, 12, 1)),
    ("../2024-1X", D(2024, 10, 1)),
    ("2024-12-01/..", D(2024, 12, 1)),
    ("2024-11-29/2024-12-02", D(2024, 11, 29)),
    ("2024-11-XX/2024-11-29", D(2024, 11, 1)),
])
def test_sort_day(text, sort_day):
    assert parse_edtf(text).sort_day == sort_day


def test_open_bounds_are_none():
    ev = parse_edtf("../2024-12-01")
    assert ev.start is None and ev.earliest is None
    assert ev.iso_bounds() == (None, "2024-12-01")
    ev = parse_edtf("2024-12-01/..")
    assert ev.end is None and ev.latest is None
    assert ev.iso_bounds() == ("2024-12-01", None)


# ---------------------------------------------------------------------------
# display

HUMAN = [
    ("2024-11-30", "30 Nov 2024"),
    ("2024-11-01", "1 Nov 2024"),
    ("2024-11", "Nov 2024"),
    ("2024", "2024"),
    ("2024-12-02~", "c. 2 Dec 2024"),
    ("2024-12-02?", "2 Dec 2024?"),
    ("2024-12-02%", "c. 2 Dec 2024?"),
    ("2024-12~", "c. Dec 2024"),
    ("2024?", "2024?"),
    ("2024-11-2X", "20\u201329 Nov 2024"),
    ("2024-11-0X", "1\u20139 Nov 2024"),
    ("2023-02-2X", "20\u201328 Feb 2023"),
    ("2024-11-3X", "30 Nov 2024"),
    ("2024-11-XX", "Nov 2024"),
    ("2024-XX", "2024"),
    ("2024-XX-XX", "2024"),
    ("202X", "2020\u20132029"),
    ("202X~", "c. 2020\u20132029"),
    ("2024-1X", "Oct\u2013Dec 2024"),
    ("2024-0X", "Jan\u2013Sep 2024"),
    ("2024-11-29/2024-11-30", "29\u201330 Nov 2024"),
    ("2024-11-29/2024-11-29", "29 Nov 2024"),
    ("2024-11-29/2024-12-02", "29 Nov \u2013 2 Dec 2024"),
    ("2024-12-30/2025-01-02", "30 Dec 2024 \u2013 2 Jan 2025"),
    ("2024-11/2024-12", "Nov\u2013Dec 2024"),
    ("2024-11/2025-01", "Nov 2024 \u2013 Jan 2025"),
    ("2023/2024", "2023\u20132024"),
    # day-precision sides are never collapsed to a month or a year
    ("2024-01-01/2024-12-31", "1 Jan \u2013 31 Dec 2024"),
    # mixed precision: each side in full
    ("2024-11/2024-12-05", "Nov 2024 \u2013 5 Dec 2024"),
    # rule: when either side has a qualifier (or X digits), each side is
    # printed in full with its own qualifier
    ("2024-11-29~/2024-11-30", "c. 29 Nov 2024 \u2013 30 Nov 2024"),
    ("2024-11-29/2024-11-30?", "29 Nov 2024 \u2013 30 Nov 2024?"),
    ("2024-11-29%/2024-12-02~", "c. 29 Nov 2024? \u2013 c. 2 Dec 2024"),
    ("2024-11-2X/2024-12-0X", "20\u201329 Nov 2024 \u2013 1\u20139 Dec 2024"),
    # open ends
    ("../2024-12-01", "until 1 Dec 2024"),
    ("2024-12-01/..", "from 1 Dec 2024"),
    ("2024-12/..", "from Dec 2024"),
    ("../2024~", "until c. 2024"),
    ("2024-11-2X?/..", "from 20\u201329 Nov 2024?"),
]


@pytest.mark.parametrize("text,expected", HUMAN)
def test_human(text, expected):
    assert parse_edtf(text).human() == expected


@pytest.mark.parametrize("d,expected", [
    (D(2024, 12, 2), "2 Dec 2024"),
    (D(2024, 1, 31), "31 Jan 2024"),
    (D(1999, 5, 9), "9 May 1999"),
])
def test_format_day(d, expected):
    assert format_day(d) == expected


# ---------------------------------------------------------------------------
# properties

DAYS = st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31))


@given(DAYS, DAYS)
def test_property_day_interval_bounds(a, b):
    d1, d2 = min(a, b), max(a, b)
    ev = parse_edtf(f"{d1.isoformat()}/{d2.isoformat()}")
    assert ev.earliest == d1
    assert ev.latest == d2
    assert ev.sort_day == d1
    assert ev.interval and ev.precision == "day"
    assert ev.iso_bounds() == (d1.isoformat(), d2.isoformat())
    assert ev.human()  # never fails
    if d1 != d2:
        with pytest.raises(DateError, match="reversed"):
            parse_edtf(f"{d2.isoformat()}/{d1.isoformat()}")


@given(DAYS, st.sampled_from(["", "~", "?", "%"]))
def test_property_single_day(d, q):
    ev = parse_edtf(d.isoformat() + q)
    assert ev.earliest == ev.latest == d
    assert ev.approximate == (q in "~%" and q != "")
    assert ev.uncertain == (q in "?%" and q != "")
    text = ev.human()
    assert format_day(d) in text


EDTF_ALPHABET = "0123456789X-/.~?%T:Y xu[],"


def _check_any_text(text: str) -> None:
    try:
        ev = parse_edtf(text)
    except DateError as exc:
        assert repr(text) in str(exc)
        return
    # Anything accepted is internally consistent.
    assert ev.text == text
    assert ev.start is not None or ev.end is not None
    for part in (ev.start, ev.end):
        if part is not None:
            assert part.earliest <= part.latest
    if ev.start is not None and ev.end is not None:
        assert ev.end.latest >= ev.start.earliest
    assert isinstance(ev.human(), str)
    assert ev.sort_day is not None


@settings(max_examples=300)
@given(st.text())
def test_property_random_text_only_raises_date_error(text):
    _check_any_text(text)


@settings(max_examples=500)
@given(st.text(alphabet=EDTF_ALPHABET, max_size=25))
def test_property_edtf_like_text_only_raises_date_error(text):
    _check_any_text(text)


COMPONENT = st.text(alphabet="0123456789X", min_size=2, max_size=2)


@settings(max_examples=500)
@given(
    st.text(alphabet="0123456789X", min_size=4, max_size=4),
    st.none() | COMPONENT,
    st.none() | COMPONENT,
    st.sampled_from(["", "~", "?", "%"]),
)
def test_property_well_shaped_dates(year, month, day, q):
    text = year
    if month is not None:
        text += "-" + month
        if day is not None:
            text += "-" + day
    text += q
    _check_any_text(text)
    _check_any_text(f"{text}/..")
    _check_any_text(f"../{text}")


# ---------------------------------------------------------------------------
# speed

