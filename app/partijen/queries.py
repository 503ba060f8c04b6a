"""A party's view of the Werkagenda, selected from the snapshot (no extra statements)."""

from dataclasses import dataclass

from app.afspraken.queries import AfspraakView, MijlpaalView, Werkagenda
from app.domain.ownership import owned_by
from app.models import Partij, Rol


@dataclass
class PartijRow:
    partij: Partij
    counts: dict[Rol, int]


@dataclass
class PartijOverview:
    by_role: dict[Rol, list[tuple[AfspraakView, str]]]  # (afspraak, note such as "mogelijk")
    upcoming: list[MijlpaalView]  # next due first, from afspraken it writes or works on
    overdue: list[MijlpaalView]


def partijen_with_counts(werkagenda: Werkagenda) -> list[PartijRow]:
    counts: dict[int | None, dict[Rol, int]] = {
        p.id: dict.fromkeys(Rol, 0) for p in werkagenda.partijen
    }
    for view in werkagenda.afspraken:
        for d in view.deelnames:
            counts[d.partij.id][d.role] += 1
    return [
        PartijRow(p, counts[p.id])
        for p in sorted(werkagenda.partijen, key=lambda p: p.name.lower())
    ]


def partij_overview(werkagenda: Werkagenda, partij: Partij) -> PartijOverview:
    by_role: dict[Rol, list[tuple[AfspraakView, str]]] = {role: [] for role in Rol}
    for view in werkagenda.afspraken:
        for d in view.deelnames:
            if d.partij.id == partij.id:
                by_role[d.role].append((view, d.note))
    owned = [view for view in werkagenda.afspraken if owned_by(view.deelnames, {partij.id or 0})]
    open_mijlpalen = [m for view in owned for m in view.mijlpalen if not m.status.reached]
    upcoming = sorted(
        (m for m in open_mijlpalen if not m.status.overdue and m.status.stands_on),
        key=lambda m: m.status.stands_on or werkagenda.today,
    )
    overdue = sorted(
        (m for m in open_mijlpalen if m.status.overdue),
        key=lambda m: m.status.stands_on or werkagenda.today,
    )
    return PartijOverview(by_role=by_role, upcoming=upcoming, overdue=overdue)
