"""The overview's filters: read from the query string, applied to the Werkagenda snapshot."""

from dataclasses import dataclass
from datetime import date

from werkzeug.datastructures import MultiDict

from app.afspraken.queries import AfspraakView, MijlpaalView, Werkagenda
from app.domain.labels import PERIOD_LABELS
from app.domain.periods import quarter_bounds
from app.domain.status import Status
from app.models import Rol


@dataclass
class OverviewFilters:
    partij: str = ""
    rol: str = ""
    status: str = ""
    periode: str = ""

    @property
    def active(self) -> bool:
        return bool(self.partij or self.rol or self.status or self.periode)


def parse_filters(
    args: MultiDict[str, str], werkagenda: Werkagenda
) -> tuple[OverviewFilters, list[str]]:
    """Filters from the URL; unknown values are dropped with a message rather than failing."""
    problems: list[str] = []
    filters = OverviewFilters(
        partij=args.get("partij", ""),
        rol=args.get("rol", ""),
        status=args.get("status", ""),
        periode=args.get("periode", ""),
    )
    if filters.partij and werkagenda.partij(filters.partij) is None:
        problems.append(
            f"Partij '{filters.partij}' bestaat niet; het filter op partij is genegeerd."
        )
        filters.partij = ""
    if filters.rol and filters.rol not in {r.value for r in Rol}:
        problems.append(f"Rol '{filters.rol}' bestaat niet; het filter op rol is genegeerd.")
        filters.rol = ""
    if filters.status and filters.status not in {s.value for s in Status}:
        problems.append(
            f"Status '{filters.status}' bestaat niet; het filter op status is genegeerd."
        )
        filters.status = ""
    if filters.periode and filters.periode not in PERIOD_LABELS:
        problems.append(f"Periode '{filters.periode}' bestaat niet; het filter is genegeerd.")
        filters.periode = ""
    return filters, problems


def apply_filters(werkagenda: Werkagenda, filters: OverviewFilters) -> list[AfspraakView]:
    """The afspraken that pass every filter, in Werkagenda order."""
    return [a for a in werkagenda.afspraken if _passes(a, filters, werkagenda.today)]


def _passes(view: AfspraakView, filters: OverviewFilters, today: date) -> bool:
    if filters.partij:
        roles = {d.role.value for d in view.deelnames if d.partij.code == filters.partij}
        if not roles or (filters.rol and filters.rol not in roles):
            return False
    elif filters.rol and not any(d.role.value == filters.rol for d in view.deelnames):
        return False
    if filters.status and view.status.status != Status(filters.status):
        return False
    if filters.periode:
        return any(in_period(m, filters.periode, today) for m in view.mijlpalen)
    return True


def in_period(mijlpaal: MijlpaalView, periode: str, today: date) -> bool:
    """Whether a mijlpaal falls in a period of PERIOD_LABELS (the API filters by it too)."""
    status = mijlpaal.status
    if periode == "te_laat":
        return status.overdue
    start, end = quarter_bounds(today, 0 if periode == "dit_kwartaal" else 1)
    return not status.reached and status.stands_on is not None and start <= status.stands_on <= end
