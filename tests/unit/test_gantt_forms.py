"""Tests for app.gantt.forms: the period of a planning view from the query string."""

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from app.gantt.forms import parse_period_choice

EXTENT = (date(2024, 7, 1), date(2029, 4, 1))


@pytest.mark.parametrize(
    ("args", "start", "end", "description"),
    [
        ({"periode": "Q3-2026"}, date(2026, 7, 1), date(2026, 9, 30), "Q3-2026"),
        ({"periode": "najaar 2026"}, date(2026, 9, 1), date(2026, 11, 30), "najaar 2026"),
        (
            {"van": "2026-07-01", "tot": "2026-12-31"},
            date(2026, 7, 1),
            date(2026, 12, 31),
            "1 juli 2026 – 31 december 2026",
        ),
        (
            {"van": "Q3-2026", "tot": "Q4-2026"},
            date(2026, 7, 1),
            date(2026, 12, 31),
            "1 juli 2026 – 31 december 2026",
        ),
        ({"van": "15-12-2026"}, date(2026, 12, 15), None, "vanaf 15 december 2026"),
        ({"tot": "2026"}, None, date(2026, 12, 31), "tot en met 31 december 2026"),
    ],
)
def test_period_from_the_query_string(
    args: dict[str, str], start: date | None, end: date | None, description: str
) -> None:
    choice = parse_period_choice(MultiDict(args))

    assert choice.errors == {}
    assert (choice.start, choice.end) == (start, end)
    assert choice.active
    assert choice.description == description
    assert choice.window(EXTENT) == (start or EXTENT[0], end or EXTENT[1])


def test_no_period_is_the_default_period() -> None:
    choice = parse_period_choice(MultiDict({"periode": "", "van": " ", "tot": ""}))

    assert not choice.active and choice.errors == {}
    assert choice.default and not choice.everything
    assert choice.window(EXTENT) is None


@pytest.mark.parametrize("value", ["alles", "Alles", " ALLES "])
def test_alles_is_the_whole_plan(value: str) -> None:
    choice = parse_period_choice(MultiDict({"periode": value}))

    assert choice.everything and not choice.default and not choice.active
    assert choice.periode == "alles" and choice.errors == {}


def test_alles_with_dates_is_an_error_and_the_default() -> None:
    choice = parse_period_choice(MultiDict({"periode": "alles", "tot": "2026"}))

    assert "niet allebei" in choice.errors["periode"]
    assert choice.default and not choice.everything


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ({"periode": "Q5-2026"}, "periode", "De periode 'Q5-2026' is geen datum of periode"),
        ({"van": "gisteren"}, "van", "De begindatum 'gisteren' is geen datum of periode"),
        ({"tot": "31-02-2026"}, "tot", "De einddatum '31-02-2026' is geen datum of periode"),
        ({"van": "data n.t.b."}, "van", "is niet bekend (n.t.b.)"),
        (
            {"van": "2026-12-31", "tot": "2026-07-01"},
            "tot",
            "De einddatum (1 juli 2026) ligt vóór de begindatum (31 december 2026).",
        ),
        ({"periode": "Q3-2026", "van": "2026-07-01"}, "periode", "niet allebei"),
        ({"van": "x" * 41}, "van", "De begindatum is te lang"),
    ],
)
def test_bad_period_gives_a_dutch_message_and_the_default_period(
    args: dict[str, str], field: str, message: str
) -> None:
    choice = parse_period_choice(MultiDict(args))

    assert message in choice.errors[field]
    assert not choice.active and choice.default
    assert choice.window(EXTENT) is None
