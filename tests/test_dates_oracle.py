"""Our EDTF parser against the `edtf` package (PyPI, pinned in requirements.txt) as an oracle.

`edtf` is far too slow for the build (5-7 ms a parse) but implements the whole specification:
here, on generated strings (valid and near-valid), we accept exactly what its level 0 and level 1
grammar accepts and agree on the earliest and latest possible day, except for the differences
listed in DIFFERENCES, each deliberate and each checked below on its own example.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pyparsing
import pytest
from edtf.parser.grammar import level0Expression, level1Expression
from edtf.parser.grammar import parse_edtf as edtf_parse_any_level
from edtf.parser.parser_classes import Interval, UnspecifiedIntervalSection
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_core.reading.dates import DateError, EventDate, parse_edtf

LEVELS_0_1 = level0Expression ^ level1Expression
CRASHED = "crashed"


def oracle(text: str) -> Any:
    """The `edtf` object for `text` at levels 0-1, None if it refuses, CRASHED if it fails
    with anything but a parse error (its TypeError on some open ends)."""
    try:
        return LEVELS_0_1.parse_string(text, parse_all=True)[0]
    except pyparsing.ParseException:
        return None
    except Exception:  # noqa: BLE001 - the oracle's own bugs are a documented difference
        return CRASHED


def ours(text: str) -> EventDate | DateError:
    try:
        return parse_edtf(text)
    except DateError as error:
        return error


def _ymd(struct: Any) -> tuple[int, int, int]:
    return (struct.tm_year, struct.tm_mon, struct.tm_mday)


def oracle_bounds(obj: Any) -> tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]:
    """Earliest and latest day by the oracle; None for an open or unknown interval end (where
    it reports +-infinity, the other end +-10 years, or raises)."""
    if isinstance(obj, Interval):
        lower = None if isinstance(obj.lower, UnspecifiedIntervalSection) else obj.lower
        upper = None if isinstance(obj.upper, UnspecifiedIntervalSection) else obj.upper
        return (_ymd(lower.lower_strict()) if lower is not None else None,
                _ymd(upper.upper_strict()) if upper is not None else None)
    return _ymd(obj.lower_strict()), _ymd(obj.upper_strict())


def our_bounds(ev: EventDate) -> tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]:
    lo, hi = ev.earliest, ev.latest
    return ((lo.year, lo.month, lo.day) if lo is not None else None,
            (hi.year, hi.month, hi.day) if hi is not None else None)


_QUALIFIED_SEASON = re.compile(r"-2[1-4][~?%]")
_WINTER_END = re.compile(r"-24[~?%]?$")
_NEGATIVE_UNSPECIFIED = re.compile(r"(^|/)-[0-9]{4}-XX")


def _refused_with(fragment: str) -> Callable[[str, Any, Any], bool]:
    return lambda text, mine, theirs: (isinstance(mine, DateError) and fragment in str(mine)
                                       and theirs is not None)


# Each deliberate difference: (name, why, does it explain this (text, ours, oracle)?).
DIFFERENCES: list[tuple[str, str, Callable[[str, Any, Any], bool]]] = [
    ("reversed-interval", "edtf accepts an interval that ends before it starts; we refuse it",
     _refused_with("reversed")),
    ("no-known-end", "edtf accepts '/..' and '../' (or raises TypeError on them); an interval "
     "with neither end known says nothing, so we refuse it", _refused_with("at least one known end")),
    ("x-before-digit", "edtf's level 1 year grammar lets X stand between digits ('2X1X', bounds "
     "2010-2919); the specification's level 1 allows X only from the right, so we refuse it",
     _refused_with("X before a digit")),
    ("time-needs-full-date", "edtf accepts a time after a year or a month ('1985T10:00:00'); a "
     "time of day belongs to a day, so we refuse it", _refused_with("needs a full date")),
    ("significant-digits", "edtf accepts the level 2 significant-digits suffix on four-digit "
     "years ('1985S2') in its level 0 grammar; we refuse it as level 2",
     _refused_with("significant digits")),
    ("x-beyond-level-1", "we accept X for any trailing digits ('2024-11-2X', '2024-1X', "
     "'202X-XX') and X forms as interval ends, which edtf puts at level 2, refuses, or "
     "crashes on ('../201X')",
     lambda text, mine, theirs: isinstance(mine, EventDate) and theirs in (None, CRASHED)
     and "X" in text),
    ("qualified-season-or-long-year", "we accept a qualifier on a season or a long year, and "
     "long years as interval ends ('2001-21~', 'Y12345~', 'Y-20000/Y-15000'); edtf refuses them "
     "(it accepts a qualified season only inside an interval)",
     lambda text, mine, theirs: isinstance(mine, EventDate) and theirs in (None, CRASHED)
     and ("Y" in text or bool(_QUALIFIED_SEASON.search(text)))),
    ("29-february-any-year", "edtf accepts 29 February in every year ('2023-02-29', "
     "'0001-02-29'); we accept it only in leap years of the Gregorian calendar",
     _refused_with("day 29 does not exist in February")),
]


def explained(text: str, mine: Any, theirs: Any) -> str | None:
    for name, _, applies in DIFFERENCES:
        if applies(text, mine, theirs):
            return name
    return None


def check_against_oracle(text: str) -> None:
    mine, theirs = ours(text), oracle(text)
    if explained(text, mine, theirs):
        return
    if theirs is CRASHED:  # edtf raises TypeError on '..' beside some malformed ends
        assert isinstance(mine, DateError), f"edtf crashed on {text!r}, which we accept"
        return
    accepted = isinstance(mine, EventDate)
    assert accepted == (theirs is not None), (
        f"{text!r}: we {'accept' if accepted else 'refuse'} it, edtf "
        f"{'accepts' if theirs is not None else 'refuses'} it ({mine})")
    if accepted:
        check_bounds(text, mine, theirs)


def check_bounds(text: str, mine: EventDate, theirs: Any) -> None:
    low, high = our_bounds(mine)
    their_low, their_high = oracle_bounds(theirs)
    if _NEGATIVE_UNSPECIFIED.search(text):
        # edtf gets the bounds of a negative year with an unspecified month backwards
        # ('-0001-XX': 1 Dec to 31 Jan); they are the whole year.
        assert low is not None and high is not None, text
        assert (low[1:], high[1:]) == ((1, 1), (12, 31)) and low[0] == high[0], text
        assert their_low[0] == low[0] and their_low[1:] != (1, 1), text
        return
    assert low == their_low, f"{text!r}: earliest {low} here, {their_low} by edtf"
    if high is not None and _WINTER_END.search(text):
        # Deliberate: winter (24) runs from December to the end of the next February here
        # (the meteorological season); edtf ends it on 31 December.
        assert their_high == (high[0] - 1, 12, 31), text
        assert high[1] == 2, text
        return
    assert high == their_high, f"{text!r}: latest {high} here, {their_high} by edtf"


# ---------------------------------------------------------------------------
# every documented difference, on its own example

@pytest.mark.parametrize("name,text,we_accept,edtf_accepts", [
    ("reversed-interval", "2024-12-02/2024-12-01", False, True),
    ("no-known-end", "/..", False, CRASHED),
    ("no-known-end", "../", False, CRASHED),
    ("x-before-digit", "2X1X", False, True),
    ("time-needs-full-date", "1985T10:00:00", False, True),
    ("time-needs-full-date", "1985-04T10:00:00", False, True),
    ("significant-digits", "1985S2", False, True),
    ("x-beyond-level-1", "2024-11-2X", True, False),
    ("x-beyond-level-1", "202X-XX", True, False),
    ("x-beyond-level-1", "2024-06-XX/2024-07-03", True, False),
    ("x-beyond-level-1", "201X/..", True, False),
    ("x-beyond-level-1", "../201X", True, CRASHED),
    ("qualified-season-or-long-year", "2001-21~", True, False),
    ("qualified-season-or-long-year", "Y12345~", True, False),
    ("qualified-season-or-long-year", "Y-20000/Y-15000", True, False),
    ("29-february-any-year", "2023-02-29", False, True),
    ("29-february-any-year", "0001-02-29", False, True),
])
def test_documented_difference(name, text, we_accept, edtf_accepts):
    mine, theirs = ours(text), oracle(text)
    assert isinstance(mine, EventDate) == we_accept
    if edtf_accepts is CRASHED:
        assert theirs is CRASHED
    else:
        assert (theirs is not None and theirs is not CRASHED) == edtf_accepts
    assert explained(text, mine, theirs) == name


def test_level_2_forms_we_accept_are_level_2_in_edtf_with_the_same_bounds():
    for text in ["202X-XX", "2024-06-XX/2024-07-03", "201X/2020", "2024-XX-XX/2025"]:
        theirs = edtf_parse_any_level(text)
        assert our_bounds(parse_edtf(text)) == oracle_bounds(theirs), text
    # a single X digit in a month or day: edtf fails computing its bounds (or parsing it)
    for text in ["2024-11-2X", "2024-1X"]:
        with pytest.raises((ValueError, AttributeError)):
            oracle_bounds(edtf_parse_any_level(text))


def test_whitespace_and_winter_differences():
    # edtf strips and skips whitespace (pyparsing); a stray space in data is a mistake we report
    assert oracle(" 1985") is not None and oracle("1984 / 1985") is not None
    assert isinstance(ours(" 1985"), DateError) and isinstance(ours("1984 / 1985"), DateError)
    # winter: December to February here, December only in edtf
    assert oracle_bounds(oracle("2001-24")) == ((2001, 12, 1), (2001, 12, 31))
    assert our_bounds(parse_edtf("2001-24")) == ((2001, 12, 1), (2002, 2, 28))
    # unknown ends: edtf invents the other end +-10 years; we say the end is unknown
    assert oracle("/1985").lower.lower_strict().tm_year == 1975
    assert parse_edtf("/1985").earliest is None


# ---------------------------------------------------------------------------
# generated strings, valid and near-valid (the oracle is slow: modest example counts)

YEARS = st.one_of(
    st.integers(0, 9999).map(lambda y: f"{y:04d}"),
    st.integers(1, 9999).map(lambda y: f"-{y:04d}"),
    st.sampled_from(["-0000", "201X", "20XX", "2XXX", "XXXX", "2X1X", "20X4", "-201X", "0XXX",
                     "198", "19850", "Y170000002", "Y-170000002", "Y12345", "Y1985", "Y01985",
                     "Y17E7", "1985S2", "2024"]),
)
MONTHS = st.sampled_from(["01", "02", "04", "06", "09", "11", "12", "00", "13", "20", "21",
                          "22", "23", "24", "25", "XX", "0X", "1X", "2X", "X1", "1"])
DAYS = st.sampled_from(["01", "09", "10", "15", "28", "29", "30", "31", "00", "32", "XX",
                        "0X", "1X", "2X", "3X", "X1", "5"])
QUALIFIERS = st.sampled_from(["", "", "", "~", "?", "%", "~?"])
TIMES = st.sampled_from(["", "", "", "T00:00:00", "T23:20:30", "T24:00:00", "T24:00:01",
                         "T23:59:60", "T10:00", "T10:00:00Z", "T10:00:00-04", "T10:00:00+04:30",
                         "T10:00:00+00:30", "T10:00:00+00", "T10:00:00+14:00", "T10:00:00+14",
                         "T10:00:00+13:59", "T10:00:00-00:00", "T10:00:00+0430"])


@st.composite
def dates(draw: st.DrawFn) -> str:
    text = draw(YEARS)
    if draw(st.booleans()):
        text += "-" + draw(MONTHS)
        if draw(st.booleans()):
            text += "-" + draw(DAYS)
    return text + draw(TIMES) + draw(QUALIFIERS)


SIDES = st.one_of(dates(), st.sampled_from(["", ".."]))


@settings(max_examples=250, deadline=None)
@given(dates())
def test_single_dates_agree_with_edtf(text):
    check_against_oracle(text)


@settings(max_examples=250, deadline=None)
@given(SIDES, SIDES)
def test_intervals_agree_with_edtf(start, end):
    check_against_oracle(f"{start}/{end}")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789X-/.~?%TZ:+Y", max_size=14))
def test_near_valid_text_agrees_with_edtf(text):
    check_against_oracle(text)
