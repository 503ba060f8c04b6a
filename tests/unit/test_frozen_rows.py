"""Frozen rows (app/frozen_rows.py): read as the ORM object, refuse changes, keep sharing."""

from collections import defaultdict
from dataclasses import FrozenInstanceError, dataclass, field
from datetime import date

import pytest

from app.frozen_rows import FrozenRow, frozen, frozen_copy
from app.models import Mijlpaal, Partij, PartijSoort


def partij(code: str = "KNMP", name: str = "Koninklijke Nederlandse Maatschappij") -> Partij:
    return Partij(id=3, code=code, name=name, kind=PartijSoort.KOEPEL, aliases=["knmp"])


@dataclass
class View:
    partij: Partij
    others: list[Partij]
    by_code: dict[str, list[Partij]]
    pair: tuple[str, Partij]
    day: date = date(2026, 7, 1)
    codes: list[str] = field(default_factory=lambda: ["3", "5a"])


def test_a_frozen_row_has_the_columns_and_the_properties_of_its_model() -> None:
    original = partij()
    row = frozen(original)
    assert isinstance(row, FrozenRow) and not isinstance(row, Partij)
    assert (row.id, row.code, row.name, row.kind, row.aliases) == (
        3,
        "KNMP",
        "Koninklijke Nederlandse Maatschappij",
        PartijSoort.KOEPEL,
        ["knmp"],
    )
    assert row.label == original.label == "Koninklijke Nederlandse Maatschappij (KNMP)"
    mijlpaal = frozen(
        Mijlpaal(
            id=1,
            afspraak_id=2,
            label="A",
            text="t",
            planned_text="Q3-2026",
            planned_end=date(2026, 9, 30),
        )
    )
    assert mijlpaal.due_date == date(2026, 9, 30)


def test_a_frozen_row_cannot_be_changed() -> None:
    row = frozen(partij())
    with pytest.raises(FrozenInstanceError):
        row.name = "Anders"
    with pytest.raises(AttributeError):
        row.extra = 1
    assert row.name == "Koninklijke Nederlandse Maatschappij"


def test_a_copy_replaces_every_orm_object_and_keeps_what_is_shared_shared() -> None:
    knmp, zn = partij(), partij("ZN", "ZN")
    index: defaultdict[str, list[Partij]] = defaultdict(list, {"KNMP": [knmp]})
    view = View(partij=knmp, others=[knmp, zn], by_code=index, pair=("zn", zn))
    copy = frozen_copy([view, view])
    assert copy[0] is copy[1]  # one view, shared, stays one copy
    first = copy[0]
    assert isinstance(first.partij, FrozenRow) and first.partij.code == "KNMP"
    assert first.others[0] is first.partij and first.by_code["KNMP"][0] is first.partij
    assert first.pair == ("zn", first.others[1])
    assert isinstance(first.by_code, defaultdict) and first.by_code["nieuw"] == []
    assert view.partij is knmp  # the original is left as it was
    assert first.codes is view.codes and first.day == view.day


def test_a_value_without_orm_objects_is_the_same_object() -> None:
    value = {"codes": ["3", "5a"], "dag": (date(2026, 7, 1), 3)}
    assert frozen_copy(value) is value
