"""Who owns an afspraak: the parties that write it (opsteller) or work on it (samen met).

One rule answers every question about it: a partij-rapporteur may report on the afspraken its
parties own; a party's page, planning chart and calendar feed show the afspraken it owns; the
agenda page offers a feed for each party that owns one. A party that is only informed
(informeren) owns nothing: it is told, it does not deliver.
"""

from collections.abc import Collection, Iterable
from enum import StrEnum
from typing import Protocol


class Rol(StrEnum):
    """A party's part in an afspraak (stored in `AfspraakPartij.role`)."""

    OPSTELLER = "opsteller"  # writes the work plan
    SAMEN_MET = "samen_met"  # works on it
    INFORMEREN = "informeren"  # is informed / consulted


OWNER_ROLES = frozenset({Rol.OPSTELLER, Rol.SAMEN_MET})


class RoleLink(Protocol):
    """One party's role in one afspraak (an `AfspraakPartij` row or a `Deelname` satisfies it)."""

    @property
    def partij_id(self) -> int | None: ...
    @property
    def role(self) -> Rol: ...


def is_owner_role(role: Rol) -> bool:
    """Does this role make its party an owner of the afspraak?"""
    return role in OWNER_ROLES


def owner_ids(links: Iterable[RoleLink]) -> frozenset[int]:
    """The ids of the parties that own the afspraak these links belong to."""
    return frozenset(
        link.partij_id for link in links if link.partij_id is not None and is_owner_role(link.role)
    )


def owned_by(links: Iterable[RoleLink], partij_ids: Collection[int]) -> bool:
    """Does one of these parties own the afspraak these links belong to?"""
    return not owner_ids(links).isdisjoint(partij_ids)
