"""Tests for timeline_core.reading.dates (EDTF parsing, ordering and display)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_core.reading.days import FarDay, format_year, ordinal
from timeline_core.reading.problems import quoted
from timeline_core.reading.dates import DATE_QUOTE
from timeline_core.reading.dates import (
    Clock,
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
    ("100X", D(1000, 1, 1), D(1009, 12, 31), "year", False, False),
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
    assert [f.name for f in dataclasses.fields(EventDate)] == [
        "text", "start", "end", "interval", "unknown_start", "unknown_end"]
    assert [f.name for f in dataclasses.fields(DatePart)] == [
        "text", "earliest", "latest", "precision", "approximate", "uncertain", "time"]


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
    ("-0000", "year zero (1 BCE) is written 0000"),
    ("-0000-01-01", "year zero"),
    # level 2 and beyond: seasons 25-41, exponents, significant digits, sets
    ("2024-25", "level 2 seasons 25-41 are not supported"),
    ("2024-41", "level 2 seasons"),
    ("2024-42", "month 42 does not exist (months are 01-12)"),
    ("2024-21-01", "a season (21) has no days"),
    ("Y17E7", "level 2"),
    ("Y12345S3", "level 2"),
    ("1985S2", "significant digits"),
    ("Y1985", "more than four digits"),
    ("Y01985", "more than four digits"),
    ("[2024-12-01,2024-12-03]", "sets"),
    ("{2024,2025}", "sets"),
    ("2004?-06-11", "at the very end"),
    # times of day
    ("2024-12-01T10:00", "needs seconds: write 10:00:00"),
    ("2024-12-01T10", "hh:mm:ss"),
    ("2024-12-01T25:00:00", "the time 25:00:00 does not exist"),
    ("2024-12-01T24:00:01", "the time 24:00:01 does not exist"),
    ("2024-12-01T10:60:00", "does not exist"),
    ("2024-12-01T10:00:60", "does not exist"),
    ("2024-12-01T10:00:00+00", "offset '+00' is not allowed"),
    ("2024-12-01T10:00:00+00:00", "+00:00 is written Z"),
    ("2024-12-01T10:00:00+15", "is not allowed"),
    ("2024-12-01T10:00:00+14", "is not allowed"),
    ("2024-12-01T10:00:00+14:30", "is not allowed"),
    ("2024-12-01T10:00:00+0430", "offset '+0430' is not a valid form"),
    ("2024-12-01T10:00:00z", "not a valid form"),
    ("2024-12-01T10:00:00~", "cannot carry a qualifier"),
    ("2024-12T10:00:00", "needs a full date"),
    ("2024T10:00:00", "needs a full date"),
    ("2024-02-30T10:00:00", "day 30 does not exist in February 2024"),
    ("2024-13-01T10:00:00", "month 13 does not exist"),
    ("2024-12-01t10:00:00", "e.g. 2024-12-03T14:00:00"),
    ("2024-12-01T10:00:00/2024-12-02", "without a time of day"),
    ("2024-12-01/2024-12-02T10:00:00", "give the day alone, e.g. 2024-12-02"),
    # digits
    ("24", "exactly 4 digits"),
    ("-24", "exactly 4 digits"),
    ("12024", "written with a Y, e.g. Y12024"),
    ("-12024", "written with a Y, e.g. Y-12024"),
    ("02024", "exactly 4 digits"),
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
    ("/", "at least one known end"),
    ("../..", "at least one known end"),
    ("/..", "at least one known end"),
    ("../", "at least one known end"),
    ("..", "only allowed as one side of an interval"),
    ("2024/2025/2026", "exactly one '/'"),
    ("2024-12-02/2024-12-01", "reversed"),
    ("2025/2024", "reversed"),
    ("2024-12/2024-11-30", "reversed"),
    ("2024-11-2X/2024-11-19", "reversed"),
    ("2024-12-01/2024-13-01", "in the interval end '2024-13-01': month 13"),
    ("2024-02-30/2024-03-01", "in the interval start '2024-02-30'"),
    ("2024-12-01/...", "open end"),
    ("2024-12-02/2024-12-01T10:00:00", "without a time of day"),
    ("-1984/-1985", "reversed"),
    ("2001-24/2001-11", "reversed"),
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
        # The input is quoted, shortened to a bounded length (problems.quoted)
        assert quoted(text, DATE_QUOTE) in str(exc)
        assert len(str(exc)) <= 490  # with "'date': " in front, within the fuzz tests' 500
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
# Every example of the EDTF specification's level 0 and level 1 sections (Library of Congress,
# 4 Feb 2019), accepted and shown to readers: (text, displayed, earliest day, latest day).
# Years are astronomical as in ISO 8601: 0000 is 1 BCE, -1985 is 1986 BCE.

SPEC_LEVEL_0 = [
    # Date
    ("1985-04-12", "12 Apr 1985", "1985-04-12", "1985-04-12"),
    ("1985-04", "Apr 1985", "1985-04-01", "1985-04-30"),
    ("1985", "1985", "1985-01-01", "1985-12-31"),
    # Date and time: local, UTC, and two offsets
    ("1985-04-12T23:20:30", "12 Apr 1985, 23:20:30", "1985-04-12", "1985-04-12"),
    ("1985-04-12T23:20:30Z", "12 Apr 1985, 23:20:30 UTC", "1985-04-12", "1985-04-12"),
    ("1985-04-12T23:20:30-04", "12 Apr 1985, 23:20:30 UTC-4", "1985-04-12", "1985-04-12"),
    ("1985-04-12T23:20:30+04:30", "12 Apr 1985, 23:20:30 UTC+4:30", "1985-04-12", "1985-04-12"),
    # Time interval
    ("1964/2008", "1964\u20132008", "1964-01-01", "2008-12-31"),
    ("2004-06/2006-08", "Jun 2004 \u2013 Aug 2006", "2004-06-01", "2006-08-31"),
    ("2004-02-01/2005-02-08", "1 Feb 2004 \u2013 8 Feb 2005", "2004-02-01", "2005-02-08"),
    ("2004-02-01/2005-02", "1 Feb 2004 \u2013 Feb 2005", "2004-02-01", "2005-02-28"),
    ("2004-02-01/2005", "1 Feb 2004 \u2013 2005", "2004-02-01", "2005-12-31"),
    ("2005/2006-02", "2005 \u2013 Feb 2006", "2005-01-01", "2006-02-28"),
]

SPEC_LEVEL_1 = [
    # Letter-prefixed calendar year
    ("Y170000002", "170,000,002", "+170000002-01-01", "+170000002-12-31"),
    ("Y-170000002", "170,000,003 BCE", "-170000002-01-01", "-170000002-12-31"),
    # Seasons
    ("2001-21", "spring 2001", "2001-03-01", "2001-05-31"),
    # Qualification of a date (complete)
    ("1984?", "1984?", "1984-01-01", "1984-12-31"),
    ("2004-06~", "c. Jun 2004", "2004-06-01", "2004-06-30"),
    ("2004-06-11%", "c. 11 Jun 2004?", "2004-06-11", "2004-06-11"),
    # Unspecified digit(s) from the right
    ("201X", "2010\u20132019", "2010-01-01", "2019-12-31"),
    ("20XX", "2000\u20132099", "2000-01-01", "2099-12-31"),
    ("2004-XX", "2004", "2004-01-01", "2004-12-31"),
    ("1985-04-XX", "Apr 1985", "1985-04-01", "1985-04-30"),
    ("1985-XX-XX", "1985", "1985-01-01", "1985-12-31"),
    # Extended interval: open ends
    ("1985-04-12/..", "from 12 Apr 1985", "1985-04-12", None),
    ("1985-04/..", "from Apr 1985", "1985-04-01", None),
    ("1985/..", "from 1985", "1985-01-01", None),
    ("../1985-04-12", "until 12 Apr 1985", None, "1985-04-12"),
    ("../1985-04", "until Apr 1985", None, "1985-04-30"),
    ("../1985", "until 1985", None, "1985-12-31"),
    # Extended interval: unknown ends
    ("1985-04-12/", "from 12 Apr 1985 to an unknown end", "1985-04-12", None),
    ("1985-04/", "from Apr 1985 to an unknown end", "1985-04-01", None),
    ("1985/", "from 1985 to an unknown end", "1985-01-01", None),
    ("/1985-04-12", "from an unknown start to 12 Apr 1985", None, "1985-04-12"),
    ("/1985-04", "from an unknown start to Apr 1985", None, "1985-04-30"),
    ("/1985", "from an unknown start to 1985", None, "1985-12-31"),
    # Extended interval: qualified ends
    ("1984~/2004-06", "c. 1984 \u2013 Jun 2004", "1984-01-01", "2004-06-30"),
    ("1984/2004-06~", "1984 \u2013 c. Jun 2004", "1984-01-01", "2004-06-30"),
    ("1984~/2004~", "c. 1984 \u2013 c. 2004", "1984-01-01", "2004-12-31"),
    ("1984?/2004%", "1984? \u2013 c. 2004?", "1984-01-01", "2004-12-31"),
    ("1984-06?/2004-08?", "Jun 1984? \u2013 Aug 2004?", "1984-06-01", "2004-08-31"),
    ("1984-06-02?/2004-08-08~", "2 Jun 1984? \u2013 c. 8 Aug 2004", "1984-06-02", "2004-08-08"),
    ("1984-06-02?/..", "from 2 Jun 1984?", "1984-06-02", None),
    # Negative calendar year
    ("-1985", "1986 BCE", "-1985-01-01", "-1985-12-31"),
]


@pytest.mark.parametrize("text,shown,earliest,latest", SPEC_LEVEL_0 + SPEC_LEVEL_1)
def test_spec_examples(text, shown, earliest, latest):
    ev = parse_edtf(text)
    assert ev.text == text
    assert ev.human() == shown
    assert ev.iso_bounds() == (earliest, latest)
    assert ev.interval == ("/" in text)


@pytest.mark.parametrize("text,unknown_start,unknown_end", [
    ("/1985", True, False), ("../1985", False, False),
    ("1985/", False, True), ("1985/..", False, False), ("1984/1985", False, False),
])
def test_unknown_ends_are_distinct_from_open_ends(text, unknown_start, unknown_end):
    ev = parse_edtf(text)
    assert (ev.unknown_start, ev.unknown_end) == (unknown_start, unknown_end)


# ---------------------------------------------------------------------------
# times of day

@pytest.mark.parametrize("text,clock,shown,machine", [
    ("2024-12-03T14:00:00+03:00", Clock(14, 0, 0, 180, "+03:00"),
     "3 Dec 2024, 14:00 UTC+3", "2024-12-03T14:00:00+03:00"),
    ("2024-12-03T03:00:00", Clock(3, 0, 0, None, ""), "3 Dec 2024, 03:00", "2024-12-03T03:00:00"),
    ("1985-04-12T23:20:30-04", Clock(23, 20, 30, -240, "-04"),
     "12 Apr 1985, 23:20:30 UTC-4", "1985-04-12T23:20:30-04:00"),
    ("2024-12-03T00:00:00Z", Clock(0, 0, 0, 0, "Z"), "3 Dec 2024, 00:00 UTC", "2024-12-03T00:00:00Z"),
    ("2024-12-03T09:05:00-00:30", Clock(9, 5, 0, -30, "-00:30"),
     "3 Dec 2024, 09:05 UTC-0:30", "2024-12-03T09:05:00-00:30"),
    ("2024-12-03T10:00:00+14:00", Clock(10, 0, 0, 840, "+14:00"),
     "3 Dec 2024, 10:00 UTC+14", "2024-12-03T10:00:00+14:00"),
    ("2024-12-03T24:00:00", Clock(24, 0, 0, None, ""), "3 Dec 2024, 24:00", "2024-12-03"),
    ("-0043-03-15T11:00:00", Clock(11, 0, 0, None, ""), "15 Mar 44 BCE, 11:00", None),
])
def test_time_of_day(text, clock, shown, machine):
    ev = parse_edtf(text)
    assert ev.start is ev.end and ev.start.time == clock
    assert ev.precision == "second"
    assert ev.human() == shown
    assert ev.html_datetime() == machine
    assert ev.earliest == ev.latest == ev.sort_day


def test_times_sort_within_their_day():
    texts = [
        "2024-12-04",
        "2024-12-03T14:00:00+03:00",   # 11:00 UTC
        "2024-12-03T12:00:00Z",        # 12:00 UTC
        "2024-12-03T10:00:00",         # local time, zone not stated
        "2024-12-03",                  # the whole day: before its times
        "2024-12-03T01:00:00+05:00",   # 20:00 UTC the day before, still in its own day
        "2024-12-02T23:00:00",
        "2024-12-03/2024-12-04",       # the day, then longer: after the single day
    ]
    ordered = sorted(texts, key=lambda t: parse_edtf(t).sort_key)
    assert ordered == [
        "2024-12-02T23:00:00",
        "2024-12-03",
        "2024-12-03/2024-12-04",
        "2024-12-03T01:00:00+05:00",
        "2024-12-03T10:00:00",
        "2024-12-03T14:00:00+03:00",
        "2024-12-03T12:00:00Z",
        "2024-12-04",
    ]


# ---------------------------------------------------------------------------
# seasons

@pytest.mark.parametrize("text,shown,earliest,latest", [
    ("2001-21", "spring 2001", "2001-03-01", "2001-05-31"),
    ("2001-22", "summer 2001", "2001-06-01", "2001-08-31"),
    ("2001-23", "autumn 2001", "2001-09-01", "2001-11-30"),
    # winter runs from December into the next year (February 2004 is a leap month)
    ("2001-24", "winter 2001", "2001-12-01", "2002-02-28"),
    ("2003-24", "winter 2003", "2003-12-01", "2004-02-29"),
    ("2001-21~", "c. spring 2001", "2001-03-01", "2001-05-31"),
    ("2001-22/2002-21", "summer 2001 \u2013 spring 2002", "2001-06-01", "2002-05-31"),
    ("-0500-22", "summer 501 BCE", "-0500-06-01", "-0500-08-31"),
    ("9999-24", "winter 9999", "9999-12-01", "+10000-02-29"),
])
def test_seasons(text, shown, earliest, latest):
    ev = parse_edtf(text)
    assert ev.human() == shown
    assert ev.iso_bounds() == (earliest, latest)
    assert ev.precision == "season"


# ---------------------------------------------------------------------------
# years before year 1 and beyond 9999

@pytest.mark.parametrize("text,shown,earliest,latest", [
    ("0000", "1 BCE", "0000-01-01", "0000-12-31"),
    ("0000-02-29", "29 Feb 1 BCE", "0000-02-29", "0000-02-29"),   # year 0 is a leap year
    ("-0001", "2 BCE", "-0001-01-01", "-0001-12-31"),
    ("-0004-02", "Feb 5 BCE", "-0004-02-01", "-0004-02-29"),      # so is -4
    ("-0043-03-15", "15 Mar 44 BCE", "-0043-03-15", "-0043-03-15"),
    ("-1985~", "c. 1986 BCE", "-1985-01-01", "-1985-12-31"),
    ("-201X", "2020\u20132011 BCE", "-2019-01-01", "-2010-12-31"),
    ("-0XXX", "1000\u20131 BCE", "-0999-01-01", "0000-12-31"),
    ("0XXX", "1 BCE\u2013999", "0000-01-01", "0999-12-31"),
    ("-2005/-1999-02", "2006 BCE \u2013 Feb 2000 BCE", "-2005-01-01", "-1999-02-28"),
    ("-0001/0001", "2 BCE\u20131", "-0001-01-01", "0001-12-31"),
    ("Y10000", "10,000", "+10000-01-01", "+10000-12-31"),
    ("Y-10000", "10,001 BCE", "-10000-01-01", "-10000-12-31"),
    ("Y-170000002/Y-10000", "170,000,003 BCE \u2013 10,001 BCE",
     "-170000002-01-01", "-10000-12-31"),
    ("Y12345~", "c. 12,345", "+12345-01-01", "+12345-12-31"),
])
def test_far_years(text, shown, earliest, latest):
    ev = parse_edtf(text)
    assert ev.human() == shown
    assert ev.iso_bounds() == (earliest, latest)


def test_far_days_compare_with_dates():
    far, near = parse_edtf("-1985").sort_day, parse_edtf("1985").sort_day
    assert isinstance(far, FarDay) and type(near) is date
    assert far < near and near > far and far <= far and not far > near
    assert sorted([near, far]) == [far, near]
    assert parse_edtf("Y10000").earliest > date.max
    assert str(far) == "-1985-01-01" and (far.year, far.month, far.day) == (-1985, 1, 1)


@given(st.dates())
def test_ordinal_continues_date_toordinal(d):
    assert ordinal(d.year, d.month, d.day) == d.toordinal()


@given(st.integers(-10**9, 10**9))
def test_ordinal_has_no_gaps_between_years(year):
    # 31 Dec of one year is the day before 1 Jan of the next, in every year
    assert ordinal(year + 1, 1, 1) - ordinal(year, 12, 31) == 1
    length = ordinal(year + 1, 1, 1) - ordinal(year, 1, 1)
    assert length == (366 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 365)


@pytest.mark.parametrize("year,shown", [
    (2024, "2024"), (1, "1"), (9999, "9999"), (10000, "10,000"), (170000002, "170,000,002"),
    (0, "1 BCE"), (-1, "2 BCE"), (-1985, "1986 BCE"), (-9998, "9999 BCE"), (-9999, "10,000 BCE"),
])
def test_format_year(year, shown):
    assert format_year(year) == shown


def test_everything_sorts_together():
    texts = ["2024-12-03T14:00:00+03:00", "Y-170000002", "-1985", "0000", "0001",
             "2001-24", "2002-01", "Y170000002", "2024-12-03", "1985-04-12/", "/1985-04-12",
             "../1985-04-11", "201X", "-201X"]
    ordered = sorted(texts, key=lambda t: parse_edtf(t).sort_key)
    assert ordered == ["Y-170000002", "-201X", "-1985", "0000", "0001",
                       "../1985-04-11", "/1985-04-12", "1985-04-12/",
                       "2001-24", "2002-01", "201X", "2024-12-03",
                       "2024-12-03T14:00:00+03:00", "Y170000002"]


@pytest.mark.parametrize("text,machine", [
    ("2024", "2024"), ("2024-12", "2024-12"), ("2024-12-02~", "2024-12-02"),
    ("2024-11-2X", "2024-11"), ("2024-1X", "2024"), ("202X", "2020"), ("2001-21", "2001"),
    ("Y170000002", "170000002"), ("-1985", None), ("0000", None), ("Y-170000002", None),
    ("../2024-12-01", "2024-12-01"), ("/2024-12", "2024-12"), ("2024-11-29/2024-12-02", "2024-11-29"),
])
def test_html_datetime(text, machine):
    assert parse_edtf(text).html_datetime() == machine


def test_data_format_page_shows_what_readers_see():
    """Every row of the Dates table in docs/data-format.md: the 'Shown as' column is exactly
    what the site prints for the 'Written' value."""
    page = (Path(__file__).resolve().parent.parent / "docs/data-format.md").read_text("utf-8")
    section = page.split("### Dates\n", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| [^|]+ \| ([^|]+) \|$", section, re.M)
    assert len(rows) >= 30
    for written, shown in rows:
        assert parse_edtf(written).human() == shown.strip(), written


# every accepted form, generated: order by sort_key agrees with the days, and display never fails
YEAR_TEXT = st.one_of(
    st.integers(0, 9999).map(lambda y: f"{y:04d}"),
    st.integers(1, 9999).map(lambda y: f"-{y:04d}"),
    st.integers(10_000, 10**12).map(lambda y: f"Y{y}"),
    st.integers(10_000, 10**12).map(lambda y: f"Y-{y}"),
)


@st.composite
def valid_values(draw: st.DrawFn) -> str:
    year = draw(YEAR_TEXT)
    if year.startswith("Y"):
        return year + draw(st.sampled_from(["", "~", "?", "%"]))
    d = draw(st.dates())
    form = draw(st.sampled_from(["year", "month", "day", "season", "time", "x"]))
    if form == "year":
        text = year
    elif form == "month":
        text = f"{year}-{d.month:02d}"
    elif form == "season":
        text = f"{year}-{draw(st.integers(21, 24))}"
    elif form == "x":
        text = year[:-1] + "X"
    else:
        text = f"{year}-{d.month:02d}-{min(d.day, 28):02d}"
    if form == "time":
        zone = draw(st.sampled_from(["", "Z", "+03:00", "-04", "+14:00", "-13:59", "+00:30"]))
        return f"{text}T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}:00{zone}"
    return text + draw(st.sampled_from(["", "~", "?", "%"]))


@settings(max_examples=300)
@given(valid_values(), valid_values())
def test_property_sort_key_follows_the_days(a, b):
    ea, eb = parse_edtf(a), parse_edtf(b)
    if ea.sort_day < eb.sort_day:
        assert ea.sort_key < eb.sort_key
    if ea.latest < eb.earliest:
        assert ea.sort_key[1] < eb.sort_key[0]
    for ev in (ea, eb):
        shown = ev.human()
        assert shown and format_year(ev.sort_day.year).removesuffix(" BCE") in shown
        assert ev.earliest <= ev.latest
        lo, hi = ev.iso_bounds()
        assert lo == ev.earliest.isoformat() and hi == ev.latest.isoformat()
