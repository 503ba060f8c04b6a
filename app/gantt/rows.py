"""Plain rows of a planning chart: what `queries` builds and `figures` draws (no ORM, no Flask).

A row is an afspraak (a header with the extent of its items), an activiteit (a bar over its planned
period) or a mijlpaal (a marker at its due date, with the plan kept as the baseline when the
forecast or the reached date lies elsewhere). Dates keep their precision: "Q3-2026" stays a span
from 1 July to 30 September, and "data n.t.b." has no span at all.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.periods import Precision
from app.domain.status import Status, stands_on


@dataclass(frozen=True)
class Span:
    """A period as planned or forecast: first and last day (the due date) and how precise it is."""

    start: date
    end: date
    precision: Precision

    @property
    def exact(self) -> bool:
        """Known to the day: drawn as a marker alone, without a shaded period."""
        return self.precision is Precision.DAY

    def overlaps(self, start: date, end: date) -> bool:
        return self.start <= end and start <= self.end


class RowKind(StrEnum):
    AFSPRAAK = "afspraak"
    ACTIVITEIT = "activiteit"
    MIJLPAAL = "mijlpaal"


@dataclass(frozen=True)
class GanttRow:
    key: str  # unique per chart: "5a", "5a/activiteit/1", "5a/mijlpaal/A"
    kind: RowKind
    afspraak_code: str
    group: str  # code of the top-level afspraak: 5a-5f belong to group "5"
    label: str  # "5a", "Activiteit 1", "Mijlpaal A"
    text: str  # the title or description as written
    status: Status  # activities have none of their own: they show their afspraak's
    planned_text: str = ""  # the date phrase as written, e.g. "Q3-2026" or "" (n.t.b.)
    planned: Span | None = None  # afspraak rows: the extent of their items
    forecast_text: str = ""
    forecast: Span | None = None
    reached_on: date | None = None
    overdue: bool = False
    last_update: date | None = None
    partijen: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # e.g. ("5b wacht op 5a",)
    anchor: str = ""  # id of the mijlpaal's row on the afspraak page

    @property
    def planned_due(self) -> date | None:
        return self.planned.end if self.planned else None

    @property
    def forecast_due(self) -> date | None:
        return self.forecast.end if self.forecast else None

    @property
    def unplanned_again(self) -> bool:
        """A mijlpaal whose latest forecast is "data n.t.b.": its plan no longer holds."""
        return (
            self.kind is RowKind.MIJLPAAL
            and self.reached_on is None
            and bool(self.forecast_text)
            and self.forecast is None
        )

    @property
    def expected(self) -> Span | None:
        """The period it is now expected in: the latest forecast, else the plan (none after a
        forecast of "data n.t.b.")."""
        return None if self.unplanned_again else self.forecast or self.planned

    @property
    def due(self) -> date | None:
        """Where its marker goes: a mijlpaal's day as `status.stands_on` decides it for every
        view; an activity's or afspraak's last planned day."""
        if self.kind is RowKind.MIJLPAAL:
            return stands_on(self)
        return self.planned.end if self.planned else None

    @property
    def dated(self) -> bool:
        return self.due is not None

    @property
    def moved(self) -> bool:
        """A mijlpaal whose forecast or reached date lies outside its plan: draw the baseline."""
        if self.kind is not RowKind.MIJLPAAL or self.planned is None:
            return False
        if self.reached_on is not None:
            return not self.planned.start <= self.reached_on <= self.planned.end
        return self.forecast is not None and self.forecast.end != self.planned.end

    @property
    def slip_days(self) -> int | None:
        """Days from the planned due date to the forecast or reached date (negative: earlier)."""
        if not self.moved or self.planned is None or self.due is None:
            return None
        return (self.due - self.planned.end).days

    def touches(self, start: date, end: date) -> bool:
        """Anything of it (plan, forecast or reached date) falls within start..end."""
        spans = [s for s in (self.planned, self.forecast) if s is not None]
        if any(s.overlaps(start, end) for s in spans):
            return True
        return self.reached_on is not None and start <= self.reached_on <= end


def row_days(rows: Iterable[GanttRow]) -> list[date]:
    """The days the rows are planned, expected or reached on: span ends and reached days."""
    days: list[date] = []
    for row in rows:
        for span in (row.planned, row.forecast):
            if span is not None:
                days += [span.start, span.end]
        if row.reached_on is not None:
            days.append(row.reached_on)
    return days


@dataclass(frozen=True)
class Dependency:
    """`afspraak_code` needs `depends_on` first (a randvoorwaarde)."""

    afspraak_code: str
    depends_on: str
    explanation: str = ""
