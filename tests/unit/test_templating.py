"""How stored plan values read in the plan history."""

import pytest

from app.templating import plan_value


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
