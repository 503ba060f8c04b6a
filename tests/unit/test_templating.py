"""How stored plan values read in the plan history."""

import pytest

from app.templating import keep_dates, plan_value


@pytest.mark.parametrize(
    ("value", "field", "shown"),
    [
        ("2026-06-30", "planned_end", "30 juni 2026"),
        ("2026-04-01", "planned_start", "1 april 2026"),
        ("quarter", "planned_precision", "kwartaal"),
        ("part_of_year", "planned_precision", "deel van een jaar"),
        ("2026-11-25T23:30:00+00:00", "removed_at", "26 november 2026"),  # Amsterdam's date
        ("Q3-2026", "planned_text", "Q3-2026"),
        ("niet-iso", "planned_end", "niet-iso"),
        (None, "text", "(leeg)"),
        ("", "planned_text", "(leeg)"),
    ],
)
def test_plan_values_read_in_dutch(value: str | None, field: str, shown: str) -> None:
    assert plan_value(value, field) == shown


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Mijlpaal A is te laat (uiterlijk 30 juni 2026)", "(uiterlijk 30\u00a0juni\u00a02026)"),
        (
            "moet uiterlijk 1 december 2026 bereikt zijn",
            "uiterlijk 1\u00a0december\u00a02026 bereikt",
        ),
        ("Nog geen voortgang gemeld dit kwartaal", "Nog geen voortgang gemeld dit kwartaal"),
        ("Q3 2026 en 12 juni", "Q3 2026 en 12 juni"),  # no whole date: left alone
    ],
)
def test_keep_dates_joins_the_words_of_a_date(text: str, kept: str) -> None:
    assert kept in keep_dates(text)
