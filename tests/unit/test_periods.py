"""Tests for app.domain.periods: the Dutch date phrases of the Werkagenda E5."""

import calendar
import dataclasses
from datetime import date
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.periods import (
    YEAR_ADVICE,
    Period,
    PeriodError,
    Precision,
    day_after,
    format_day,
    parse_period,
)

P = Precision
Row = tuple[str, int | None, str | None, str | None, Precision]

# (phrase, context_year, start, end, precision); dates in ISO, None for unknown.
WERKAGENDA: list[Row] = [  # every phrase as the Werkagenda writes it
    ("Q2-2026", None, "2026-04-01", "2026-06-30", P.QUARTER),
    ("Q4-2026", None, "2026-10-01", "2026-12-31", P.QUARTER),
    ("Q3-2026", None, "2026-07-01", "2026-09-30", P.QUARTER),
    ("Q2 2026", None, "2026-04-01", "2026-06-30", P.QUARTER),
    ("Q1 2027", None, "2027-01-01", "2027-03-31", P.QUARTER),
    ("Q2-Q3", 2026, "2026-04-01", "2026-09-30", P.QUARTER_RANGE),
    ("Q1 – Q2", 2026, "2026-01-01", "2026-06-30", P.QUARTER_RANGE),
    ("Q2-3 2026", None, "2026-04-01", "2026-09-30", P.QUARTER_RANGE),
    ("Q3-4 2026", None, "2026-07-01", "2026-12-31", P.QUARTER_RANGE),
    ("Q3-4 2027", None, "2027-07-01", "2027-12-31", P.QUARTER_RANGE),
    ("Q3/4 2024 – Q1 2025", None, "2024-07-01", "2025-03-31", P.QUARTER_RANGE),
    ("Q3 en Q4-2026", None, "2026-07-01", "2026-12-31", P.QUARTER_RANGE),
    ("Q1-2026", None, "2026-01-01", "2026-03-31", P.QUARTER),
    ("Q1-2027", None, "2027-01-01", "2027-03-31", P.QUARTER),
    ("begin Q3-2026", None, "2026-07-01", "2026-07-31", P.PART_OF_QUARTER),
    ("Begin Q3-2026", None, "2026-07-01", "2026-07-31", P.PART_OF_QUARTER),
    ("eind Q2-2026", None, "2026-06-01", "2026-06-30", P.PART_OF_QUARTER),
    ("eind Q3-2026", None, "2026-09-01", "2026-09-30", P.PART_OF_QUARTER),
    ("eind 2026", None, "2026-10-01", "2026-12-31", P.PART_OF_YEAR),
    ("Voorjaar 2026", None, "2026-03-01", "2026-05-31", P.SEASON),
    ("voorjaar 2026", None, "2026-03-01", "2026-05-31", P.SEASON),
    ("Najaar 2026", None, "2026-09-01", "2026-11-30", P.SEASON),
    ("Juni 2026", None, "2026-06-01", "2026-06-30", P.MONTH),
    ("Juli 2026", None, "2026-07-01", "2026-07-31", P.MONTH),
    ("September 2026", None, "2026-09-01", "2026-09-30", P.MONTH),
    ("Februari 2027", None, "2027-02-01", "2027-02-28", P.MONTH),
    ("November 2027", None, "2027-11-01", "2027-11-30", P.MONTH),
    ("April - Mei 2026", None, "2026-04-01", "2026-05-31", P.MONTH),
    ("maart 25", None, "2025-03-01", "2025-03-31", P.MONTH),
    ("1 januari 2029", None, "2029-01-01", "2029-01-01", P.DAY),
    ("2025", None, "2025-01-01", "2025-12-31", P.YEAR),
    ("2025 – Q1 2026", None, "2025-01-01", "2026-03-31", P.QUARTER_RANGE),
    ("afronding in 2026", None, "2026-01-01", "2026-12-31", P.YEAR),
    ("2026", None, "2026-01-01", "2026-12-31", P.YEAR),
    ("data n.t.b.", None, None, None, P.UNKNOWN),
]

OTHER_FORMS: list[Row] = [  # the remaining supported forms
    ("Q2-Q3 2026", None, "2026-04-01", "2026-09-30", P.QUARTER_RANGE),
    ("Q3/4 2026", None, "2026-07-01", "2026-12-31", P.QUARTER_RANGE),
    ("Q3/Q4 2026", None, "2026-07-01", "2026-12-31", P.QUARTER_RANGE),
    ("Q4 2024 – Q1 2025", None, "2024-10-01", "2025-03-31", P.QUARTER_RANGE),
    ("Q1-Q4 2026", None, "2026-01-01", "2026-12-31", P.QUARTER_RANGE),
    ("Q2-Q2 2026", None, "2026-04-01", "2026-06-30", P.QUARTER),
    ("Q2", 2026, "2026-04-01", "2026-06-30", P.QUARTER),
    ("Q4 2025 – 2026", None, "2025-10-01", "2026-12-31", P.QUARTER_RANGE),
    ("midden Q3-2026", None, "2026-08-01", "2026-08-31", P.PART_OF_QUARTER),
    ("medio Q3-2026", None, "2026-08-01", "2026-08-31", P.PART_OF_QUARTER),
    ("einde Q4-2026", None, "2026-12-01", "2026-12-31", P.PART_OF_QUARTER),
    ("begin 2026", None, "2026-01-01", "2026-03-31", P.PART_OF_YEAR),
    ("medio 2026", None, "2026-05-01", "2026-08-31", P.PART_OF_YEAR),
    ("midden 2026", None, "2026-05-01", "2026-08-31", P.PART_OF_YEAR),
    ("einde 2026", None, "2026-10-01", "2026-12-31", P.PART_OF_YEAR),
    ("eerste helft 2026", None, "2026-01-01", "2026-06-30", P.PART_OF_YEAR),
    ("tweede helft 2026", None, "2026-07-01", "2026-12-31", P.PART_OF_YEAR),
    ("voor de zomer 2026", None, "2026-01-01", "2026-06-30", P.PART_OF_YEAR),
    ("zomer 2026", None, "2026-06-01", "2026-08-31", P.SEASON),
    ("najaar 2026", None, "2026-09-01", "2026-11-30", P.SEASON),
    ("juni 2026", None, "2026-06-01", "2026-06-30", P.MONTH),
    ("december 2026 – januari 2027", None, "2026-12-01", "2027-01-31", P.MONTH),
    ("2025 – juni 2026", None, "2025-01-01", "2026-06-30", P.MONTH),
    ("jan 2026", None, "2026-01-01", "2026-01-31", P.MONTH),
    ("feb 2028", None, "2028-02-01", "2028-02-29", P.MONTH),
    ("mrt 2026", None, "2026-03-01", "2026-03-31", P.MONTH),
    ("apr 2026", None, "2026-04-01", "2026-04-30", P.MONTH),
    ("mei 2026", None, "2026-05-01", "2026-05-31", P.MONTH),
    ("jun 2026", None, "2026-06-01", "2026-06-30", P.MONTH),
    ("jul 2026", None, "2026-07-01", "2026-07-31", P.MONTH),
    ("aug 2026", None, "2026-08-01", "2026-08-31", P.MONTH),
    ("sep 2026", None, "2026-09-01", "2026-09-30", P.MONTH),
    ("sept 2026", None, "2026-09-01", "2026-09-30", P.MONTH),
    ("sept. 2026", None, "2026-09-01", "2026-09-30", P.MONTH),
    ("okt 2026", None, "2026-10-01", "2026-10-31", P.MONTH),
    ("nov 2026", None, "2026-11-01", "2026-11-30", P.MONTH),
    ("dec 2026", None, "2026-12-01", "2026-12-31", P.MONTH),
    ("9 september 2025", None, "2025-09-09", "2025-09-09", P.DAY),
    ("29 feb 2028", None, "2028-02-29", "2028-02-29", P.DAY),
    ("2029-01-01", None, "2029-01-01", "2029-01-01", P.DAY),
    ("1 januari 2026 – 5 maart 2026", None, "2026-01-01", "2026-03-05", P.DAY),
    ("in 2026", None, "2026-01-01", "2026-12-31", P.YEAR),
    ("afronding Q3-2026", None, "2026-07-01", "2026-09-30", P.QUARTER),
    ("in juni 2026", None, "2026-06-01", "2026-06-30", P.MONTH),
    ("2025 – 2026", None, "2025-01-01", "2026-12-31", P.YEAR),
    ("n.t.b.", None, None, None, P.UNKNOWN),
    ("nog niet bekend", None, None, None, P.UNKNOWN),
    ("ntb", None, None, None, P.UNKNOWN),
    ("nader te bepalen", None, None, None, P.UNKNOWN),
]

SPELLINGS: list[Row] = [  # case, whitespace, kinds of dash, a closing full stop
    ("  Q2-2026  ", None, "2026-04-01", "2026-06-30", P.QUARTER),
    ("q2-2026", None, "2026-04-01", "2026-06-30", P.QUARTER),
    ("Q2–2026", None, "2026-04-01", "2026-06-30", P.QUARTER),
    ("Q2 — 2026", None, "2026-04-01", "2026-06-30", P.QUARTER),
    ("Q2\u00a02026", None, "2026-04-01", "2026-06-30", P.QUARTER),
    ("Q2-2026.", None, "2026-04-01", "2026-06-30", P.QUARTER),
    ("Q2 -Q3 2026", None, "2026-04-01", "2026-09-30", P.QUARTER_RANGE),
    ("Q1—Q2", 2026, "2026-01-01", "2026-06-30", P.QUARTER_RANGE),
    ("Q3 / 4 2026", None, "2026-07-01", "2026-12-31", P.QUARTER_RANGE),
    ("EIND Q2-2026", None, "2026-06-01", "2026-06-30", P.PART_OF_QUARTER),
    ("eind 2026.", None, "2026-10-01", "2026-12-31", P.PART_OF_YEAR),
    ("april–mei 2026", None, "2026-04-01", "2026-05-31", P.MONTH),
    ("2025-Q1 2026", None, "2025-01-01", "2026-03-31", P.QUARTER_RANGE),
    ("2025—2026", None, "2025-01-01", "2026-12-31", P.YEAR),
    ("Data N.T.B.", None, None, None, P.UNKNOWN),
]


def _iso(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _ids(rows: list[Row]) -> list[str]:
    return [repr(row[0]) + ("" if row[1] is None else f" @{row[1]}") for row in rows]


@pytest.mark.parametrize(
    ("phrase", "context_year", "start", "end", "precision"),
    WERKAGENDA + OTHER_FORMS + SPELLINGS,
    ids=_ids(WERKAGENDA + OTHER_FORMS + SPELLINGS),
)
def test_parse(
    phrase: str, context_year: int | None, start: str | None, end: str | None, precision: Precision
) -> None:
    period = parse_period(phrase, context_year=context_year)
    assert (period.start, period.end, period.precision) == (_iso(start), _iso(end), precision)
    assert period.text == phrase
    assert period.due == period.end


# (phrase, context_year, canonical)
CANONICAL: list[tuple[str, int | None, str]] = [
    ("1 januari 2029", None, "1 januari 2029"),
    ("2029-01-01", None, "1 januari 2029"),
    ("1 jan 2026 - 5 mrt 2027", None, "1 januari 2026 – 5 maart 2027"),
    ("Juni 2026", None, "juni 2026"),
    ("maart 25", None, "maart 2025"),
    ("April - Mei 2026", None, "april – mei 2026"),
    ("december 2026 – januari 2027", None, "december 2026 – januari 2027"),
    ("2025 – juni 2026", None, "januari 2025 – juni 2026"),
    ("Q2 2026", None, "Q2-2026"),
    ("Q2-Q2 2026", None, "Q2-2026"),
    ("Q2-3 2026", None, "Q2-Q3 2026"),
    ("Q3 en Q4-2026", None, "Q3-Q4 2026"),
    ("Q1 – Q2", 2026, "Q1-Q2 2026"),
    ("Q3/4 2024 – Q1 2025", None, "Q3-2024 – Q1-2025"),
    ("2025 – Q1 2026", None, "Q1-2025 – Q1-2026"),
    ("Begin Q3-2026", None, "begin Q3-2026"),
    ("medio Q3-2026", None, "midden Q3-2026"),
    ("eind Q2-2026", None, "eind Q2-2026"),
    ("Voorjaar 2026", None, "voorjaar 2026"),
    ("zomer 2026", None, "zomer 2026"),
    ("Najaar 2026", None, "najaar 2026"),
    ("begin 2026", None, "begin 2026"),
    ("midden 2026", None, "medio 2026"),
    ("eind 2026", None, "eind 2026"),
    ("eerste helft 2026", None, "eerste helft 2026"),
    ("voor de zomer 2026", None, "eerste helft 2026"),
    ("tweede helft 2026", None, "tweede helft 2026"),
    ("afronding in 2026", None, "2026"),
    ("2025 – 2026", None, "2025 – 2026"),
    ("data n.t.b.", None, "data n.t.b."),
    ("ntb", None, "data n.t.b."),
]


@pytest.mark.parametrize(("phrase", "context_year", "canonical"), CANONICAL)
def test_canonical(phrase: str, context_year: int | None, canonical: str) -> None:
    period = parse_period(phrase, context_year=context_year)
    assert period.canonical == canonical
    # The canonical phrase depends on start, end and precision only, not on the text.
    assert Period("", period.start, period.end, period.precision).canonical == canonical


SOURCE = "seed/werkagenda.yaml, regel 12"

# (phrase, context_year, how the message starts)
REFUSED: list[tuple[str, int | None, str]] = [
    ("Q5-2026", None, "Onbekende datumaanduiding"),
    ("Q0 2026", None, "Onbekende datumaanduiding"),
    ("Q3-Q2 2026", None, "Einde ligt vóór het begin in"),
    ("eind", None, "Onbekende datumaanduiding"),
    ("morgen", None, "Onbekende datumaanduiding"),
    ("", None, "Lege datumaanduiding"),
    ("  ", None, "Lege datumaanduiding"),
    ("Q2-Q3", None, "Jaartal ontbreekt in"),
    ("Q2", None, "Jaartal ontbreekt in"),
    ("32 januari 2026", None, "Ongeldige datum in"),
    ("Q2-2026 of zo", None, "Onbekende datumaanduiding"),
    ("Q2-26", None, "Onbekende datumaanduiding"),
    ("Q2-'26", None, "Onbekende datumaanduiding"),
    ("Q2 '26", None, "Onbekende datumaanduiding"),
    ("winter 2026", None, "Onbekende datumaanduiding"),
    ("juni", None, "Onbekende datumaanduiding"),
    ("Q3-Q2", 2026, "Einde ligt vóór het begin in"),
    ("Q1 2026-Q2", None, "Jaartal staat niet achter het laatste kwartaal in"),
    ("2026 – 2025", None, "Einde ligt vóór het begin in"),
    ("mei – april 2026", None, "Einde ligt vóór het begin in"),
    ("juni 2026 – april 2026", None, "Einde ligt vóór het begin in"),
    ("2026 – Q1 2026", None, "Einde ligt vóór het begin in"),
    ("29 februari 2026", None, "Ongeldige datum in"),
    ("2026-02-30", None, "Ongeldige datum in"),
    ("voorjaar 2026 – najaar 2026", None, "Onbekende datumaanduiding"),
    ("in", None, "Onbekende datumaanduiding"),
    ("data", None, "Onbekende datumaanduiding"),
]


@pytest.mark.parametrize(("phrase", "context_year", "reason"), REFUSED)
def test_refused(phrase: str, context_year: int | None, reason: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(phrase, context_year=context_year, source=SOURCE)
    assert str(caught.value).startswith(f"{reason} '{phrase}' ({SOURCE}): ")
    assert (caught.value.phrase, caught.value.source) == (phrase, SOURCE)


OUTSIDE_YEARS = "valt buiten de jaren 2000–2100 in"

# Every form with a year outside 2000-2100: refused with one message, before any date arithmetic.
OUT_OF_WINDOW: list[tuple[str, int | None, str]] = [
    ("Q4-9999", None, "9999"),
    ("31-12-9999", None, "9999"),
    ("31/12/9999", None, "9999"),
    ("0001-01-01", None, "0001"),
    ("9999-12-31", None, "9999"),
    ("1 januari 1999", None, "1999"),
    ("maart 2101", None, "2101"),
    ("begin Q3-2101", None, "2101"),
    ("eind 1999", None, "1999"),
    ("tweede helft 2101", None, "2101"),
    ("zomer 2101", None, "2101"),
    ("0999", None, "0999"),
    ("in 9999", None, "9999"),
    ("afronding in 2101", None, "2101"),
    ("Q2-Q3 2101", None, "2101"),
    ("Q3/4 1999 – Q1 2000", None, "1999"),
    ("Q2-Q3", 2101, "2101"),
    ("2025 – 2101", None, "2101"),
    ("december 2100 – januari 2101", None, "2101"),
    ("1999 – Q1 2000", None, "1999"),
]


@pytest.mark.parametrize(("phrase", "context_year", "year"), OUT_OF_WINDOW)
def test_years_outside_the_window_are_refused(
    phrase: str, context_year: int | None, year: str
) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(phrase, context_year=context_year, source=SOURCE)
    assert str(caught.value) == (
        f"Jaartal {year} {OUTSIDE_YEARS} '{phrase}' ({SOURCE}): gebruik een jaartal van 2000 tot "
        "en met 2100, bijvoorbeeld 'Q4-2026'."
    )
    assert caught.value.advice == YEAR_ADVICE


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("1 januari 2000", "2000-01-01", "2000-01-01"),
        ("Q1-2000", "2000-01-01", "2000-03-31"),
        ("31-12-2100", "2100-12-31", "2100-12-31"),
        ("Q4-2100", "2100-10-01", "2100-12-31"),
        ("2000 – 2100", "2000-01-01", "2100-12-31"),
        ("december 2100", "2100-12-01", "2100-12-31"),
    ],
)
def test_the_edge_years_are_accepted(phrase: str, start: str, end: str) -> None:
    period = parse_period(phrase)
    assert (period.start, period.end) == (date.fromisoformat(start), date.fromisoformat(end))


def test_day_after_does_not_overflow() -> None:
    assert day_after(date(2100, 12, 31)) == date(2101, 1, 1)
    assert day_after(date.max) == date.max


def test_error_message_in_full() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("Q5-2026", source=SOURCE)
    assert str(caught.value) == (
        "Onbekende datumaanduiding 'Q5-2026' (seed/werkagenda.yaml, regel 12): gebruik bijvoorbeeld"
        " 'Q2-2026', 'eind 2026', 'Voorjaar 2026' of 'data n.t.b.'."
    )
    assert isinstance(caught.value, ValueError)


def test_error_without_source() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("morgen")
    assert str(caught.value).startswith("Onbekende datumaanduiding 'morgen': ")
    assert caught.value.source is None


def test_invalid_context_year() -> None:
    with pytest.raises(PeriodError, match="contextjaar 26"):
        parse_period("Q2-Q3", context_year=26, source=SOURCE)


@pytest.mark.parametrize(
    ("day", "text"),
    [(date(2029, 1, 1), "1 januari 2029"), (date(2025, 9, 9), "9 september 2025")],
)
def test_format_day(day: date, text: str) -> None:
    assert format_day(day) == text
    assert parse_period(text).start == day


# (start, end, precision) that no Period may have
INCONSISTENT: list[tuple[date | None, date | None, Precision]] = [
    (None, date(2026, 1, 1), P.DAY),
    (date(2026, 1, 1), None, P.DAY),
    (date(2026, 1, 1), date(2026, 1, 1), P.UNKNOWN),
    (date(2026, 2, 1), date(2026, 1, 31), P.MONTH),
]


@pytest.mark.parametrize(("start", "end", "precision"), INCONSISTENT)
def test_inconsistent_period(start: date | None, end: date | None, precision: Precision) -> None:
    with pytest.raises(ValueError):
        Period("x", start, end, precision)


def test_period_is_a_frozen_value() -> None:
    period = parse_period("Q2-2026")
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.end = date(2026, 1, 1)  # type: ignore[misc]
    assert period == parse_period("Q2-2026")


def test_precision_from_plain_string() -> None:
    # A database column gives the precision back as a plain string.
    period = Period("Q2-2026", date(2026, 4, 1), date(2026, 6, 30), "quarter")  # type: ignore[arg-type]
    assert period.precision is P.QUARTER
    assert period.canonical == "Q2-2026"


# --- Property tests -------------------------------------------------------------------------

T = TypeVar("T", date, int, tuple[int, int])

years = st.integers(2000, 2100)
quarters = st.integers(1, 4)
months = st.integers(1, 12)
days = st.dates(date(2000, 1, 1), date(2100, 12, 31))
year_months = st.tuples(years, months)
year_quarters = st.tuples(years, quarters)


def _key(period: Period) -> tuple[date | None, date | None, Precision]:
    return period.start, period.end, period.precision


def _two(values: st.SearchStrategy[T]) -> st.SearchStrategy[list[T]]:
    """Two different values, smallest first."""
    return st.lists(values, min_size=2, max_size=2, unique=True).map(sorted)


def _months(first: tuple[int, int], last: tuple[int, int], precision: Precision) -> Period:
    """The period from the first day of month `first` to the last day of month `last`."""
    (year, month), (last_year, last_month) = first, last
    last_day = calendar.monthrange(last_year, last_month)[1]
    return Period("", date(year, month, 1), date(last_year, last_month, last_day), precision)


def _day_range(pair: list[date]) -> Period:
    return Period("", pair[0], pair[1], P.DAY)


def _month_range(pair: list[tuple[int, int]]) -> Period:
    return _months(pair[0], pair[1], P.MONTH)


def _quarter(year: int, quarter: int) -> Period:
    return _months((year, quarter * 3 - 2), (year, quarter * 3), P.QUARTER)


def _quarter_range(pair: list[tuple[int, int]]) -> Period:
    (year, quarter), (last_year, last_quarter) = pair
    return _months((year, quarter * 3 - 2), (last_year, last_quarter * 3), P.QUARTER_RANGE)


def _part_of_quarter(year: int, quarter: int, part: int) -> Period:
    month = quarter * 3 - 2 + part
    return _months((year, month), (year, month), P.PART_OF_QUARTER)


def _within_year(year: int, span: tuple[int, int], precision: Precision) -> Period:
    return _months((year, span[0]), (year, span[1]), precision)


def _year_range(pair: list[int]) -> Period:
    return _months((pair[0], 1), (pair[1], 12), P.YEAR)


PARTS_OF_YEAR = st.sampled_from([(1, 3), (5, 8), (10, 12), (1, 6), (7, 12)])
SEASONS = st.sampled_from([(3, 5), (6, 8), (9, 11)])

all_periods = st.one_of(
    days.map(lambda day: Period("", day, day, P.DAY)),
    _two(days).map(_day_range),
    year_months.map(lambda ym: _months(ym, ym, P.MONTH)),
    _two(year_months).map(_month_range),
    st.builds(_quarter, years, quarters),
    _two(year_quarters).map(_quarter_range),
    st.builds(_part_of_quarter, years, quarters, st.integers(0, 2)),
    st.builds(_within_year, years, PARTS_OF_YEAR, st.just(P.PART_OF_YEAR)),
    st.builds(_within_year, years, SEASONS, st.just(P.SEASON)),
    years.map(lambda year: _year_range([year, year])),
    _two(years).map(_year_range),
    st.just(Period("", None, None, P.UNKNOWN)),
)


@given(period=all_periods)
def test_canonical_round_trip(period: Period) -> None:
    parsed = parse_period(period.canonical)
    assert _key(parsed) == _key(period)
    assert parsed.canonical == period.canonical


# A small grammar of the supported forms. "{-}" stands for any dash, "{ }" for any space; the plain
# spelling uses "-" and " ". Quarters, months and years are filled in increasing order.
TEMPLATES = [
    "Q{q}{-}{y}",
    "Q{q}{ }{y}",
    "Q{q}{-}Q{q2}{ }{y}",
    "Q{q}{-}Q{q2}",
    "Q{q}{-}{q2}{ }{y}",
    "Q{q}/{q2}{ }{y}",
    "Q{q}{ }/{ }Q{q2}{ }{y}",
    "Q{q}{ }en{ }Q{q2}{-}{y}",
    "Q{q}{ }{y}{-}Q{q2}{ }{y2}",
    "Q{q}/{q2}{ }{y}{-}Q{q3}{ }{y2}",
    "{qpart}{ }Q{q}{-}{y}",
    "{ypart}{ }{y}",
    "{season}{ }{y}",
    "{m}{ }{y}",
    "{m}{ }{yy}",
    "{m}{-}{m2}{ }{y}",
    "{m}{ }{y}{-}{m2}{ }{y2}",
    "{d}{ }{m}{ }{y}",
    "{y}",
    "in{ }{y}",
    "afronding{ }in{ }{y}",
    "{y}{-}{y2}",
    "{y}{-}Q{q}{ }{y2}",
    "data{ }n.t.b.",
    "ntb",
    "nog{ }niet{ }bekend",
]
MONTH_SPELLINGS = [
    ["januari", "jan", "jan."],
    ["februari", "feb"],
    ["maart", "mrt"],
    ["april", "apr"],
    ["mei"],
    ["juni", "jun"],
    ["juli", "jul"],
    ["augustus", "aug"],
    ["september", "sep", "sept", "sept."],
    ["oktober", "okt"],
    ["november", "nov"],
    ["december", "dec"],
]
QUARTER_PARTS = ["begin", "midden", "medio", "eind"]
YEAR_PARTS = ["begin", "medio", "eind", "eerste helft", "tweede helft", "voor de zomer"]
DASHES = st.sampled_from(["-", " - ", "–", " – ", "—", " — ", "- ", " -"])
SPACES = st.sampled_from([" ", "  ", "\t", "\u00a0"])
AROUND = st.sampled_from(["", " ", "  ", "\n"])
STOPS = st.sampled_from(["", ".", " ."])


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str, int]:
    """(a phrase in random case and spacing, the same phrase spelled plainly, a context year)."""
    template = draw(st.sampled_from(TEMPLATES))
    y, y2 = draw(_two(years))
    m, m2 = draw(_two(months))
    q, q2, q3 = sorted(draw(st.lists(quarters, min_size=3, max_size=3)))
    filled = (
        template.replace("{-}", "\x01")
        .replace("{ }", "\x02")
        .format(
            y=y,
            y2=y2,
            yy=f"{y % 100:02d}",
            q=q,
            q2=q2,
            q3=q3,
            m=draw(st.sampled_from(MONTH_SPELLINGS[m - 1])),
            m2=draw(st.sampled_from(MONTH_SPELLINGS[m2 - 1])),
            d=draw(st.integers(1, 28)),
            qpart=draw(st.sampled_from(QUARTER_PARTS)),
            ypart=draw(st.sampled_from(YEAR_PARTS)),
            season=draw(st.sampled_from(["voorjaar", "zomer", "najaar"])),
        )
    )
    plain = filled.replace("\x01", "-").replace("\x02", " ")
    variant = draw(AROUND)
    for char in filled:
        if char == "\x01":
            variant += draw(DASHES)
        elif char == "\x02":
            variant += draw(SPACES)
        else:
            variant += char.upper() if draw(st.booleans()) else char
    variant += draw(STOPS) + draw(AROUND)
    return variant, plain, draw(years)


@given(spelling=spellings())
def test_spelling_variants(spelling: tuple[str, str, int]) -> None:
    variant, plain, context_year = spelling
    period = parse_period(variant, context_year=context_year)
    assert period.text == variant
    assert _key(period) == _key(parse_period(plain, context_year=context_year))
    assert period.start is None or period.end is not None and period.start <= period.end


def _parses_or_refuses(text: str, context_year: int | None) -> None:
    try:
        period = parse_period(text, context_year=context_year)
    except PeriodError as error:
        assert error.phrase == text
    else:
        assert period.text == text
        assert period.start is None or period.end is not None and period.start <= period.end


@given(text=st.text(), context_year=st.none() | years)
def test_random_text(text: str, context_year: int | None) -> None:
    _parses_or_refuses(text, context_year)


# Random text rarely looks like a date phrase; a soup of their pieces gets deeper into the parser.
PIECES = ["Q", "q2", "Q3", "4", "2026", "2025", "26", "1", "32", "0", "-", "–", "/", " ", "."]
PIECES += ["juni", "mei", "n.t.b.", " en ", "eind ", "begin ", "medio ", "voorjaar ", "in "]
soups = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


@settings(max_examples=500)
@given(text=soups, context_year=st.none() | years)
def test_random_pieces(text: str, context_year: int | None) -> None:
    _parses_or_refuses(text, context_year)


@pytest.mark.parametrize(
    ("phrase", "year", "canonical"),
    [
        ("in het derde kwartaal", 2026, "Q3-2026"),
        ("In het eerste kwartaal van het nieuwe jaar", 2026, "Q1-2027"),
        ("in het eerste kwartaal van 2027", 2026, "Q1-2027"),
        ("voor de zomer", 2026, "eerste helft 2026"),
        ("na de zomer", 2026, "na de zomer 2026"),
        ("dit voorjaar", 2026, "voorjaar 2026"),
        ("in het voorjaar van 2026", 2025, "voorjaar 2026"),
        ("deze zomer", 2026, "zomer 2026"),
        ("eind dit jaar", 2026, "eind 2026"),
        ("begin volgend jaar", 2026, "begin 2027"),
        ("eind 2026", None, "eind 2026"),
    ],
)
def test_deadline_phrases_of_letters_and_debates(
    phrase: str, year: int | None, canonical: str
) -> None:
    period = parse_period(phrase, context_year=year)
    assert period.canonical == canonical
    # The canonical phrase names its year and reads back to the same period without context.
    again = parse_period(period.canonical)
    assert (again.start, again.end, again.precision) == (period.start, period.end, period.precision)


@pytest.mark.parametrize("phrase", ["in het derde kwartaal", "dit voorjaar", "voor de zomer"])
def test_a_deadline_without_year_needs_the_document_year(phrase: str) -> None:
    with pytest.raises(PeriodError, match="Jaartal ontbreekt.*jaar op van het document"):
        parse_period(phrase)


@pytest.mark.parametrize("phrase", ["zo snel mogelijk", "in de eerstvolgende voortgangsbrief"])
def test_deadlines_that_name_no_period_are_refused(phrase: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(phrase, context_year=2026)
