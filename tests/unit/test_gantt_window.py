"""Tests for the default period of the planning pages and what a period leaves out."""

import dataclasses
from datetime import date

import pytest

from app.domain.status import Status
from app.gantt.queries import default_window, window_rows
from app.gantt.rows import GanttRow
from tests.unit.test_gantt_figures import activiteit, afspraak, mijlpaal, span


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        # The quarter before this one, this one, and five more.
        (date(2026, 11, 25), date(2026, 7, 1), date(2028, 3, 31)),
        (date(2026, 10, 1), date(2026, 7, 1), date(2028, 3, 31)),
        (date(2026, 9, 30), date(2026, 4, 1), date(2027, 12, 31)),
        (date(2027, 1, 5), date(2026, 10, 1), date(2028, 6, 30)),
    ],
)
def test_default_window_from_last_quarter_to_five_ahead(
    today: date, start: date, end: date
) -> None:
    assert default_window([], today) == (start, end, None)


def test_default_window_reaches_back_to_the_oldest_open_late_mijlpaal() -> None:
    late = mijlpaal("1", "A", "Q1-2025", status=Status.VERTRAAGD, overdue=True)
    later = mijlpaal("1", "B", "15 mei 2026", status=Status.VERTRAAGD, overdue=True)
    reached = mijlpaal("1", "C", "Q1-2024", reached_on=date(2024, 12, 1), status=Status.AFGEROND)
    rows = [afspraak("1"), late, later, reached]

    assert default_window(rows, date(2026, 11, 25)) == (
        date(2025, 1, 1),
        date(2028, 3, 31),
        date(2025, 3, 31),
    )
    # Late but within the standard period: the standard start holds.
    assert default_window([afspraak("1"), later], date(2026, 7, 20)) == (
        date(2026, 4, 1),
        date(2027, 12, 31),
        None,
    )


def rows_of_two_afspraken() -> list[GanttRow]:
    return [
        afspraak("1", "Q2-Q3 2026"),
        activiteit("1", 1, "Q2-2026"),
        activiteit("1", 2, "Q3-2026"),
        activiteit("1", 3, ""),  # n.t.b.
        mijlpaal("1", "A", "Q2-2026"),
        afspraak("2", "2029"),
        mijlpaal("2", "A", "Q1-2029"),
        mijlpaal("2", "B", "Q2-2029"),
    ]


def test_default_period_keeps_the_undated_and_counts_what_is_left_out() -> None:
    rows = rows_of_two_afspraken()

    kept, window = window_rows(rows, date(2026, 7, 1), date(2028, 3, 31), default=True)

    assert [r.key for r in kept] == ["1", "1/activiteit/2", "1/activiteit/3"]
    assert (window.left_out_afspraken, window.left_out_items, window.undated) == (1, 4, 0)
    assert window.default


def test_chosen_period_leaves_the_undated_out_and_counts_them_apart() -> None:
    rows = rows_of_two_afspraken()

    kept, window = window_rows(rows, date(2026, 7, 1), date(2028, 3, 31), default=False)

    assert [r.key for r in kept] == ["1", "1/activiteit/2"]
    # The undated activity is counted as undated, not as outside the period.
    assert (window.left_out_afspraken, window.left_out_items, window.undated) == (1, 4, 1)


def test_a_moved_mijlpaal_stays_while_its_plan_or_forecast_touches_the_period() -> None:
    planned = mijlpaal("1", "A", "Q2-2026")
    moved = dataclasses.replace(planned, forecast_text="Q1-2029", forecast=span("Q1-2029"))

    for start, end in (
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2029, 1, 1), date(2029, 3, 31)),
    ):
        kept, window = window_rows([afspraak("1"), moved], start, end, default=True)
        assert [r.key for r in kept] == ["1", "1/mijlpaal/A"]
        assert window.left_out_items == 0
    kept, window = window_rows(
        [afspraak("1"), moved], date(2027, 1, 1), date(2027, 12, 31), default=True
    )
    assert kept == [] and (window.left_out_afspraken, window.left_out_items) == (1, 1)
