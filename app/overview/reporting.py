"""What a party lead must report on: the rules of the "te rapporteren" list."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from app.afspraken.queries import AfspraakView, MijlpaalView
from app.domain.periods import format_day, quarter_bounds
from app.domain.status import Status


@dataclass
class ReportItem:
    afspraak: AfspraakView
    overdue: list[MijlpaalView] = field(default_factory=list)
    due_soon: list[MijlpaalView] = field(default_factory=list)
    stale: bool = False  # no update in the current reporting period (the calendar quarter)

    @property
    def reasons(self) -> list[str]:
        reasons = [f"{m.name} is te laat{_was_due(m)}" for m in self.overdue]
        reasons += [
            f"{m.name} moet uiterlijk {format_day(m.status.stands_on)} bereikt zijn"
            for m in self.due_soon
            if m.status.stands_on
        ]
        if self.stale:
            reasons.append("Nog geen voortgang gemeld dit kwartaal")
        return reasons


def to_report(afspraken: list[AfspraakView], *, today: date, soon: timedelta) -> list[ReportItem]:
    """Afspraken (in Werkagenda order) that need an update: overdue, then due soon, then stale."""
    period_start, _ = quarter_bounds(today)
    items: list[ReportItem] = []
    for view in afspraken:
        item = ReportItem(
            afspraak=view,
            overdue=view.overdue_mijlpalen,
            due_soon=[
                m
                for m in view.mijlpalen
                if not m.status.reached
                and not m.status.overdue
                and m.status.stands_on is not None
                and m.status.stands_on <= today + soon
            ],
            # A finished afspraak has nothing left to report on.
            stale=view.status.status is not Status.AFGEROND
            and (view.status.last_update is None or view.status.last_update < period_start),
        )
        if item.reasons:
            items.append(item)
    # Overdue first, then due soon, then not updated; a stable sort keeps the Werkagenda order
    # within each group (`position` counts within a parent, so it cannot order 5d against 3).
    return sorted(items, key=lambda i: 0 if i.overdue else 1 if i.due_soon else 2)


def _was_due(m: MijlpaalView) -> str:
    due = m.status.planned_due if m.status.unplanned_again else m.status.due
    return f" (uiterlijk {format_day(due)})" if due else ""
