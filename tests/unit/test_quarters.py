"""Quarter arithmetic (app/domain/periods.py): the one place the tracker computes quarters."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.periods import (
    next_quarter,
    quarter_bounds,
    quarter_of,
    quarter_start,
    quarter_starts,
)


def D(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("day", "offset", "start", "end"),
    [
        pytest.param("2026-01-01", 0, "2026-01-01", "2026-03-31", id="q1-first-day"),
        pytest.param("2026-03-31", 0, "2026-01-01", "2026-03-31", id="q1-last-day"),
        pytest.param("2026-04-01", 0, "2026-04-01", "2026-06-30", id="q2-first-day"),
        pytest.param("2026-08-15", 0, "2026-07-01", "2026-09-30", id="q3-middle"),
        pytest.param("2026-12-31", 0, "2026-10-01", "2026-12-31", id="q4-last-day"),
        pytest.param("2026-08-15", 1, "2026-10-01", "2026-12-31", id="q3-next"),
        pytest.param("2026-12-31", 1, "2027-01-01", "2027-03-31", id="q4-next-crosses-year"),
        pytest.param("2026-10-01", 2, "2027-04-01", "2027-06-30", id="q4-plus-two"),
        pytest.param("2026-01-01", -1, "2025-10-01", "2025-12-31", id="q1-previous-crosses-year"),
        pytest.param("2026-05-20", -2, "2025-10-01", "2025-12-31", id="q2-minus-two"),
        pytest.param("2026-05-20", 4, "2027-04-01", "2027-06-30", id="plus-one-year"),
        pytest.param("2026-05-20", -5, "2025-01-01", "2025-03-31", id="minus-five"),
        pytest.param("2026-11-30", 9, "2029-01-01", "2029-03-31", id="plus-nine"),
        pytest.param("2028-02-29", 0, "2028-01-01", "2028-03-31", id="leap-day"),
        pytest.param("2027-12-31", -3, "2027-01-01", "2027-03-31", id="q4-minus-three"),
    ],
)
def test_quarter_bounds(day: str, offset: int, start: str, end: str) -> None:
    assert quarter_bounds(D(day), offset) == (D(start), D(end))


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)),
    offset=st.integers(-40, 40),
)
def test_quarter_bounds_properties(day: date, offset: int) -> None:
    start, end = quarter_bounds(day, offset)
    assert start.day == 1 and start.month in (1, 4, 7, 10)
    assert end.month == start.month + 2
    assert end + timedelta(days=1) == quarter_bounds(day, offset + 1)[0]
    assert quarter_bounds(start) == (start, end)
    assert quarter_bounds(end) == (start, end)
    this_start, this_end = quarter_bounds(day)
    assert this_start <= day <= this_end


@pytest.mark.parametrize(
    ("day", "quarter", "start", "following"),
    [
        ("2026-01-01", 1, "2026-01-01", "2026-04-01"),
        ("2026-03-31", 1, "2026-01-01", "2026-04-01"),
        ("2026-04-01", 2, "2026-04-01", "2026-07-01"),
        ("2026-09-30", 3, "2026-07-01", "2026-10-01"),
        ("2026-11-15", 4, "2026-10-01", "2027-01-01"),
    ],
)
def test_quarter_of_start_and_next(day: str, quarter: int, start: str, following: str) -> None:
    assert quarter_of(D(day)) == quarter
    assert quarter_start(D(day)) == D(start)
    assert next_quarter(D(day)) == D(following)


@pytest.mark.parametrize(
    ("start", "end", "firsts"),
    [
        pytest.param("2026-08-15", "2026-08-16", ["2026-07-01"], id="inside-one"),
        pytest.param("2026-07-01", "2026-10-01", ["2026-07-01"], id="end-is-exclusive"),
        pytest.param(
            "2026-11-01", "2027-04-02", ["2026-10-01", "2027-01-01", "2027-04-01"], id="over-year"
        ),
        pytest.param("2026-07-01", "2026-07-01", [], id="empty"),
    ],
)
def test_quarter_starts(start: str, end: str, firsts: list[str]) -> None:
    assert list(quarter_starts(D(start), D(end))) == [D(f) for f in firsts]
