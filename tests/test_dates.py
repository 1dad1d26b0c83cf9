"""dates: the accepted EDTF subset, the spans it means, and everything else refused with DateError."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dashboard.core.dates import DateError, parse_date, parse_point, today

D = date.fromisoformat
TODAY = D("2026-11-23")  # frozen by conftest

ACCEPTED = [
    # text, start, end, precision, canonical text
    ("2025", "2025-01-01", "2025-12-31", "year", "2025"),
    ("2025-02", "2025-02-01", "2025-02-28", "month", "2025-02"),
    ("2024-02", "2024-02-01", "2024-02-29", "month", "2024-02"),
    ("2025-12", "2025-12-01", "2025-12-31", "month", "2025-12"),
    ("2025-04-07", "2025-04-07", "2025-04-07", "day", "2025-04-07"),
    ("2024-02-29", "2024-02-29", "2024-02-29", "day", "2024-02-29"),
    ("2000-02-29", "2000-02-29", "2000-02-29", "day", "2000-02-29"),
    ("0001", "0001-01-01", "0001-12-31", "year", "0001"),
    ("9999-12-31", "9999-12-31", "9999-12-31", "day", "9999-12-31"),
    ("2003~", "2003-01-01", "2003-12-31", "year", "2003~"),
    ("2009?", "2009-01-01", "2009-12-31", "year", "2009?"),
    ("2010-05%", "2010-05-01", "2010-05-31", "month", "2010-05%"),
    ("2003/2009", "2003-01-01", "2009-12-31", "range", "2003/2009"),
    ("2025-04/2025-06-15", "2025-04-01", "2025-06-15", "range", "2025-04/2025-06-15"),
    ("2025-04-07/2025-04", "2025-04-07", "2025-04-30", "range", "2025-04-07/2025-04"),
    ("2003~/2009?", "2003-01-01", "2009-12-31", "range", "2003~/2009?"),
    ("1999/..", "1999-01-01", "2026-11-23", "range", "1999/.."),  # open end: today
    ("2030/..", "2030-01-01", "2030-12-31", "range", "2030/.."),  # ...or its own end if later
    ("2026-11/..", "2026-11-01", "2026-11-30", "range", "2026-11/.."),
    ("../2025-04", "2025-04-01", "2025-04-30", "range", "../2025-04"),  # open start: where the end begins
    ("  2025  ", "2025-01-01", "2025-12-31", "year", "2025"),
    ("2025/2025", "2025-01-01", "2025-12-31", "year", "2025"),  # a one-point range is that point
]


@pytest.mark.parametrize(("text", "start", "end", "precision", "canonical"), ACCEPTED)
def test_accepted(text, start, end, precision, canonical):
    span = parse_date(text)
    assert (span.start, span.end) == (D(start), D(end))
    assert span.precision == precision
    assert span.text == canonical


def test_year_as_int_is_the_same_as_text():
    assert parse_date(2025) == parse_date("2025")


@pytest.mark.parametrize(
    ("text", "approximate", "uncertain"),
    [("2003", False, False), ("2003~", True, False), ("2003?", False, True), ("2003%", True, True),
     ("2003~/2009", True, False), ("2003/2009?", False, True), ("../2009%", True, True)],
)  # fmt: skip
def test_qualifiers(text, approximate, uncertain):
    span = parse_date(text)
    assert (span.approximate, span.uncertain) == (approximate, uncertain)


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("2025-04-07", "7 April 2025"),
        ("2025-04", "April 2025"),
        ("2025", "2025"),
        ("2003~", "c. 2003"),
        ("2009?", "2009 (?)"),
        ("2010-05%", "c. May 2010 (?)"),
        ("2003/2009", "2003 – 2009"),
        ("1999/..", "from 1999 on"),
        ("../2025-04", "until April 2025"),
    ],
)
def test_human(text, human):
    assert parse_date(text).human() == human


REJECTED = [
    ("", "is not a date"),
    ("25", "is not a date"),
    ("20250", "is not a date"),
    ("2025-2", "is not a date"),
    ("2025-4-7", "is not a date"),
    ("2025-04-07T00:00", "is not a date"),
    ("April 2025", "is not a date"),
    ("2025 ~", "is not a date"),
    ("2025~~", "is not a date"),
    ("-2025", "is not a date"),
    ("+2025", "is not a date"),
    ("٢٠٢٥", "is not a date"),  # Arabic-Indic digits
    ("２０２５", "is not a date"),  # full-width digits
    ("2025\n/2026", "is not a date"),
    ("2025-02-30", "day 30 does not exist in February 2025"),
    ("2023-02-29", "day 29 does not exist in February 2023"),
    ("1900-02-29", "day 29 does not exist"),
    ("2025-04-31", "day 31 does not exist in April 2025"),
    ("2025-01-00", "day 0 does not exist"),
    ("2025-13-01", "month 13 does not exist"),
    ("2025-00", "month 0 does not exist"),
    ("0000", "year 0000 does not exist"),
    ("2025/2024", "ends before it starts"),
    ("2025-04-07/2025-04-06", "ends before it starts"),
    ("2025-05/2025-04", "ends before it starts"),
    ("../..", "at least one known end"),
    ("2025/2026/2027", "exactly one '/'"),
    ("2025/", "is not a date"),
    ("/2025", "is not a date"),
    ("2025-02-30/..", "day 30 does not exist"),
]


@pytest.mark.parametrize(("text", "fragment"), REJECTED)
def test_rejected(text, fragment):
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)  # pydantic turns ValueErrors into field errors


def test_trailing_newline_is_stripped():
    assert parse_date("2025\n").text == "2025"


def test_parse_point_does_not_strip():
    with pytest.raises(DateError):
        parse_point("2025\n")


def test_today_is_frozen_by_environment(monkeypatch):
    assert today() == TODAY
    monkeypatch.setenv("DASHBOARD_TODAY", "2030-01-02")
    assert parse_date("2025/..").end == D("2030-01-02")
    monkeypatch.delenv("DASHBOARD_TODAY")
    assert today() == date.today()


# --- properties -----------------------------------------------------------------------------

QUALIFIER = st.sampled_from(["", "~", "?", "%"])


@st.composite
def points(draw) -> str:
    year = draw(st.integers(1, 9999))
    text = f"{year:04d}"
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision != "year":
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if precision == "day":
            text += f"-{draw(st.integers(1, calendar.monthrange(year, month)[1])):02d}"
    return text + draw(QUALIFIER)


@st.composite
def ranges(draw) -> str:
    a, b = draw(points()), draw(points())
    kind = draw(st.sampled_from(["closed", "open-end", "open-start"]))
    if kind == "open-end":
        return f"{a}/.."
    if kind == "open-start":
        return f"../{b}"
    lower, upper = parse_point(a), parse_point(b)
    assume(lower != upper and upper.last_day >= lower.first_day)
    return f"{a}/{b}"


@given(st.one_of(points(), ranges()))
def test_canonical_strings_round_trip(text):
    span = parse_date(text)
    assert span.text == text
    assert span.start <= span.end
    assert parse_date(span.text) == span
    assert span.precision == ("range" if "/" in text else span.lower.precision)


@given(points())
def test_a_point_covers_its_whole_period(text):
    span = parse_date(text)
    point = parse_point(text)
    assert span.start == point.first_day and span.end == point.last_day
    if point.precision == "year":
        assert (span.start.month, span.start.day, span.end.month, span.end.day) == (1, 1, 12, 31)
    assert span.start.year == span.end.year == point.year


@given(points(), points())
def test_a_range_covers_both_ends(a, b):
    lower, upper = parse_point(a), parse_point(b)
    assume(lower != upper)
    text = f"{a}/{b}"
    if upper.last_day < lower.first_day:
        with pytest.raises(DateError):
            parse_date(text)
    else:
        span = parse_date(text)
        assert (span.start, span.end) == (lower.first_day, upper.last_day)


@given(points())
def test_open_end_runs_at_least_to_today(text):
    span = parse_date(f"{text}/..")
    assert span.end == max(TODAY, parse_point(text).last_day)


def _only_date_errors(text):
    try:
        span = parse_date(text)
    except DateError:
        return
    assert span.start <= span.end
    assert parse_date(span.text) == span


@given(st.text(max_size=30))
def test_garbage_raises_only_date_error(text):
    _only_date_errors(text)


@given(st.text(alphabet="0123456789-/.~?% ", max_size=25))
def test_near_misses_raise_only_date_error(text):
    _only_date_errors(text)


@given(st.from_regex(r"\A(\.\.|\d{1,5}(-\d{1,2}(-\d{1,2})?)?[~?%]?)(/(\.\.|\d{4}(-\d{2}(-\d{2})?)?[~?%]?))?\Z"))
def test_date_shaped_strings_raise_only_date_error(text):
    _only_date_errors(text)


def test_open_end_follows_today_between_calls(monkeypatch):
    """Parsed dates are cached; an open end must still move with today."""
    monkeypatch.setenv("DASHBOARD_TODAY", "2030-01-02")
    first = parse_date("2024-05/..")
    monkeypatch.setenv("DASHBOARD_TODAY", "2031-03-04")
    assert (first.end, parse_date("2024-05/..").end) == (D("2030-01-02"), D("2031-03-04"))
    assert parse_date("2024-05") is parse_date("2024-05")  # closed dates are parsed once
