"""The ownership rule (app/domain/ownership.py) and the label tables (app/domain/labels.py)."""

from dataclasses import dataclass
from enum import StrEnum

import pytest

from app.domain import labels
from app.domain.ownership import Rol, is_owner_role, owned_by, owner_ids
from app.domain.periods import Precision
from app.domain.status import AfspraakStatus, Status
from app.models import AccountRole, CommitmentStatus


@dataclass(frozen=True)
class Link:
    partij_id: int | None
    role: Rol


@pytest.mark.parametrize(
    ("role", "owner"),
    [(Rol.OPSTELLER, True), (Rol.SAMEN_MET, True), (Rol.INFORMEREN, False)],
)
def test_writing_or_working_on_an_afspraak_owns_it_being_told_does_not(
    role: Rol, owner: bool
) -> None:
    assert is_owner_role(role) is owner
    assert owned_by([Link(7, role)], {7}) is owner


LINKS = [
    Link(1, Rol.OPSTELLER),
    Link(2, Rol.SAMEN_MET),
    Link(3, Rol.INFORMEREN),
    Link(None, Rol.OPSTELLER),  # a party not yet stored owns nothing it can be asked about
]


def test_owner_ids_are_the_writers_and_workers_only() -> None:
    assert owner_ids(LINKS) == {1, 2}
    assert owner_ids([]) == frozenset()


@pytest.mark.parametrize(
    ("partij_ids", "owned"),
    [({1}, True), ({2, 9}, True), ({3}, False), ({9}, False), (set(), False)],
)
def test_owned_by_any_of_the_parties(partij_ids: set[int], owned: bool) -> None:
    assert owned_by(LINKS, partij_ids) is owned


@pytest.mark.parametrize(
    ("table", "enum"),
    [
        (labels.STATUS_LABELS, Status),
        (labels.ROLE_LABELS, Rol),
        (labels.ACCOUNT_ROLE_LABELS, AccountRole),
        (labels.PRECISION_LABELS, Precision),
        (labels.COMMITMENT_STATUS_LABELS, CommitmentStatus),
    ],
)
def test_every_coded_value_has_exactly_one_word(table: dict[str, str], enum: type[StrEnum]) -> None:
    assert set(table) == {member.value for member in enum}
    assert all(word.strip() for word in table.values())


def test_labels_are_read_by_enum_member_and_by_stored_value() -> None:
    assert labels.STATUS_LABELS[Status.VERTRAAGD] == "Vertraagd"
    assert labels.STATUS_LABELS["vertraagd"] == "Vertraagd"
    assert AfspraakStatus(Status.AANDACHT_NODIG).label == "Aandacht nodig"
    assert labels.ROLE_LABELS[Rol.SAMEN_MET] == "Samen met"


@pytest.mark.parametrize(
    ("field", "word"),
    [
        ("title", "titel"),
        ("planned_text", "periode"),
        ("planned_start", "begin periode"),  # only on the plan history, not in the seed report
        ("removed_at", "verwijderd"),
        ("no_such_field", "no_such_field"),
    ],
)
def test_field_label(field: str, word: str) -> None:
    assert labels.field_label(field) == word


def test_the_seed_report_leaves_out_fields_that_follow_from_the_period() -> None:
    assert "planned_start" not in labels.FIELD_LABELS
    assert labels.FIELD_LABELS.items() <= labels.PLAN_FIELD_LABELS.items()
