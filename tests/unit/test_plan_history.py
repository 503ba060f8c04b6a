"""Tests for app.afspraken.plan_history: one entry per edit, derived fields stored but not shown."""

from datetime import UTC, datetime, timedelta

import pytest

from app.afspraken.plan_history import group_plan_changes
from app.models import PlanWijziging

T = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def row(
    field: str,
    *,
    key: str = "3/B",
    at: datetime = T,
    by: str = "Secretariaat VBG",
    reason: str = "Besluit BO",
    entity: str = "mijlpaal",
    id: int = 0,
) -> PlanWijziging:
    return PlanWijziging(
        id=id,
        changed_at=at,
        changed_by=by,
        reason=reason,
        entity=entity,
        entity_key=key,
        field=field,
        old_value="oud",
        new_value="nieuw",
    )


def test_one_edit_of_a_date_is_one_entry_showing_only_the_phrase() -> None:
    rows = [
        row(f, id=i)
        for i, f in enumerate(
            ["planned_text", "planned_start", "planned_end", "planned_precision"], start=1
        )
    ]
    [entry] = group_plan_changes(rows)
    assert [r.field for r in entry.rows] == [
        "planned_text",
        "planned_start",
        "planned_end",
        "planned_precision",
    ]
    assert [r.field for r in entry.shown] == ["planned_text"]
    assert (entry.subject, entry.changed_by, entry.reason, entry.changed_at) == (
        "Mijlpaal B",
        "Secretariaat VBG",
        "Besluit BO",
        T,
    )


def test_text_and_date_in_one_edit_show_both() -> None:
    [entry] = group_plan_changes(
        [row("text", id=1), row("planned_text", id=2), row("planned_end", id=3)]
    )
    assert [r.field for r in entry.shown] == ["text", "planned_text"]


def test_a_derived_field_alone_is_shown_rather_than_an_empty_entry() -> None:
    [entry] = group_plan_changes([row("planned_precision")])
    assert [r.field for r in entry.shown] == ["planned_precision"]


@pytest.mark.parametrize(
    "second",
    [
        pytest.param(row("planned_end", key="3/C"), id="other-mijlpaal"),
        pytest.param(row("planned_end", by="Iemand anders"), id="other-person"),
        pytest.param(row("planned_end", reason="Andere reden"), id="other-reason"),
        pytest.param(row("planned_end", at=T - timedelta(minutes=1)), id="other-moment"),
        pytest.param(row("planned_text"), id="same-field-again"),
        pytest.param(row("planned_end", entity="afspraak"), id="other-entity"),
    ],
)
def test_separate_edits_stay_separate(second: PlanWijziging) -> None:
    entries = group_plan_changes([row("planned_text"), second])
    assert len(entries) == 2


def test_rows_stamped_a_moment_apart_by_one_load_are_one_entry() -> None:
    rows = [row("planned_text"), row("planned_end", at=T - timedelta(milliseconds=3))]
    assert len(group_plan_changes(rows)) == 1


@pytest.mark.parametrize(
    ("entity", "key", "subject"),
    [
        ("mijlpaal", "5a/A", "Mijlpaal A"),
        ("mijlpaal", "10/Mijlpaal 1", "Mijlpaal 1"),
        ("afspraak", "5a", "Afspraak 5a"),
        ("activiteit", "3/2", "Activiteit 2"),
    ],
)
def test_subject_names_the_item_as_the_page_does(entity: str, key: str, subject: str) -> None:
    [entry] = group_plan_changes([row("text", entity=entity, key=key)])
    assert entry.subject == subject


def test_entries_keep_the_newest_first_order() -> None:
    rows = [row("text", at=T), row("text", at=T - timedelta(days=1)), row("text", key="3/A")]
    entries = group_plan_changes(rows)
    assert [(e.first.entity_key, e.changed_at) for e in entries] == [
        ("3/B", T),
        ("3/B", T - timedelta(days=1)),
        ("3/A", T),
    ]
