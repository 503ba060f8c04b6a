"""Planning rows from the Werkagenda snapshot and the activities, and the views selected from them.

`load_planning` runs `load_werkagenda`'s statements plus two (activities, and the parties linked to
them): a fixed number, whatever the size of the plan. The selections (one afspraak, one partij, a
period, the slips) work in memory on what it read.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from app.afspraken.queries import AfspraakView, MijlpaalView, Werkagenda, load_werkagenda
from app.domain.ownership import is_owner_role, owned_by
from app.domain.periods import MIN_YEAR, Precision, quarter_bounds
from app.gantt.rows import Dependency, GanttRow, RowKind, Span, row_days
from app.models import Activiteit, ActiviteitPartij, AfhankelijkheidSoort, Partij, Voortgang


@dataclass
class Planning:
    werkagenda: Werkagenda
    rows: list[GanttRow]  # Werkagenda order: each afspraak, then its activities and mijlpalen
    dependencies: list[Dependency]  # randvoorwaarden only: the hard prerequisites

    @property
    def today(self) -> date:
        return self.werkagenda.today


def load_planning(
    *, session: Session, today: date, werkagenda: Werkagenda | None = None
) -> Planning:
    """Every afspraak, activiteit and mijlpaal as chart rows, with status on `today` (from the
    Werkagenda given, else read here)."""
    if werkagenda is None:
        werkagenda = load_werkagenda(session=session, today=today)
    activiteiten = session.exec(
        select(Activiteit).order_by(col(Activiteit.afspraak_id), col(Activiteit.number))
    ).all()
    partijen_by_activiteit: dict[int, list[str]] = defaultdict(list)
    for activiteit_id, code in session.exec(
        select(ActiviteitPartij.activiteit_id, Partij.code)
        .join(Partij, col(Partij.id) == ActiviteitPartij.partij_id)
        .order_by(col(Partij.code))
    ):
        partijen_by_activiteit[activiteit_id].append(code)
    by_afspraak: dict[int, list[Activiteit]] = defaultdict(list)
    for activiteit in activiteiten:
        by_afspraak[activiteit.afspraak_id].append(activiteit)

    items: dict[str, list[GanttRow]] = {}
    for view in werkagenda.afspraken:
        group = view.parent_code or view.code
        activity_rows = [
            _activiteit_row(view, group, a, tuple(partijen_by_activiteit[a.id or 0]))
            for a in by_afspraak[view.afspraak.id or 0]
        ]
        items[view.code] = activity_rows + [_mijlpaal_row(m, group) for m in view.mijlpalen]

    rows: list[GanttRow] = []
    for view in werkagenda.afspraken:
        own = items[view.code]
        family = own + [r for child in view.children for r in items[child.code]]
        rows.append(_afspraak_row(view, _extent(family)))
        rows += own
    dependencies = [
        Dependency(code, needed, link.explanation)
        for code, links in werkagenda.needs.items()
        for needed, link in links
        if link.kind is AfhankelijkheidSoort.RANDVOORWAARDE
    ]
    return Planning(werkagenda, rows, dependencies)


def _span(start: date | None, end: date | None, precision: Precision | str | None) -> Span | None:
    if start is None or end is None:
        return None
    return Span(start, end, Precision(precision or Precision.DAY))


def _extent(rows: list[GanttRow]) -> Span | None:
    """From the first to the last day any of the rows is planned, expected or reached."""
    days = row_days(rows)
    if not days:
        return None
    return Span(min(days), max(days), Precision.QUARTER_RANGE)


def _afspraak_row(view: AfspraakView, extent: Span | None) -> GanttRow:
    takes_part = [d.partij.code for d in view.deelnames if is_owner_role(d.role)]
    return GanttRow(
        key=view.code,
        kind=RowKind.AFSPRAAK,
        afspraak_code=view.code,
        group=view.parent_code or view.code,
        label=f"Afspraak {view.code}",
        text=view.afspraak.title,
        status=view.status.status,
        planned=extent,
        last_update=view.status.last_update,
        partijen=tuple(dict.fromkeys(takes_part)),
        reasons=view.status.reasons,
    )


def _activiteit_row(
    view: AfspraakView, group: str, activiteit: Activiteit, partijen: tuple[str, ...]
) -> GanttRow:
    return GanttRow(
        key=f"{view.code}/activiteit/{activiteit.number}",
        kind=RowKind.ACTIVITEIT,
        afspraak_code=view.code,
        group=group,
        label=f"Activiteit {activiteit.number}",
        text=activiteit.text,
        # An activity has no status of its own; it shows its afspraak's (the hover says so).
        status=view.status.status,
        planned_text=activiteit.planned_text,
        planned=_span(
            activiteit.planned_start, activiteit.planned_end, activiteit.planned_precision
        ),
        last_update=view.status.last_update,
        partijen=partijen,
    )


def _mijlpaal_row(view: MijlpaalView, group: str) -> GanttRow:
    m = view.mijlpaal
    forecast = _latest_forecast(view.updates)
    label = m.label if m.label.lower().startswith("mijlpaal") else f"Mijlpaal {m.label}"
    return GanttRow(
        key=f"{view.afspraak_code}/mijlpaal/{m.label}",
        kind=RowKind.MIJLPAAL,
        afspraak_code=view.afspraak_code,
        group=group,
        label=label,
        text=m.text,
        status=view.status.status,
        planned_text=m.planned_text,
        planned=_span(m.planned_start, m.planned_end, m.planned_precision),
        forecast_text=view.status.forecast_text,
        forecast=(
            _span(
                forecast.forecast_start or forecast.forecast_end,
                forecast.forecast_end,
                forecast.forecast_precision,
            )
            if forecast is not None
            else None
        ),
        reached_on=view.status.reached_on,
        overdue=view.status.overdue,
        last_update=view.status.last_update,
        anchor=view.anchor,
    )


def _latest_forecast(updates: list[Voortgang]) -> Voortgang | None:
    """The update whose forecast counts (updates are newest first, as the status reads them)."""
    return next((u for u in updates if u.forecast_text), None)


# --- Views -----------------------------------------------------------------------------------


def afspraak_rows(planning: Planning, view: AfspraakView) -> list[GanttRow]:
    """The afspraak with its sub-afspraken, and as context the afspraken it needs or that need it
    (as one row each, so the dependency arrows have both ends)."""
    own = {view.code} | {child.code for child in view.children}
    context = {d.depends_on for d in planning.dependencies if d.afspraak_code in own} | {
        d.afspraak_code for d in planning.dependencies if d.depends_on in own
    }
    return [
        r
        for r in planning.rows
        if r.afspraak_code in own or (r.kind is RowKind.AFSPRAAK and r.afspraak_code in context)
    ]


def afspraak_dependencies(planning: Planning, view: AfspraakView) -> list[Dependency]:
    """The randvoorwaarden the afspraak (or a sub-afspraak of it) is on either side of."""
    own = {view.code} | {child.code for child in view.children}
    return [d for d in planning.dependencies if d.afspraak_code in own or d.depends_on in own]


def partij_rows(planning: Planning, partij: Partij) -> list[GanttRow]:
    """Afspraken the party writes or works on, whole; elsewhere only the activities it is named
    for (with their afspraak's row above them)."""
    involved = {
        view.code
        for view in planning.werkagenda.afspraken
        if owned_by(view.deelnames, {partij.id or 0})
    }
    named = {
        r.afspraak_code
        for r in planning.rows
        if r.kind is RowKind.ACTIVITEIT and partij.code in r.partijen
    }
    return [
        r
        for r in planning.rows
        if r.afspraak_code in involved
        or (r.afspraak_code in named and (r.kind is RowKind.AFSPRAAK or partij.code in r.partijen))
    ]


# The default period of the planning pages: what a programme secretariat looks at between two
# progress reports, the quarter before this one up to five quarters ahead (3-6 months back, 15-18
# months ahead), whole quarters as the Werkagenda plans in them.
QUARTERS_BACK = 1
QUARTERS_AHEAD = 5


@dataclass(frozen=True)
class Window:
    """The period a planning page shows, and what it leaves out."""

    start: date
    end: date
    default: bool  # the standard period, not one the visitor chose
    late_since: date | None = None  # the default reaches back to the oldest open late mijlpaal
    left_out_afspraken: int = 0  # afspraken with nothing in the period
    left_out_items: int = 0  # dated activiteiten and mijlpalen outside the period
    undated: int = 0  # undated items left out of a chosen period


def default_window(rows: list[GanttRow], today: date) -> tuple[date, date, date | None]:
    """The standard period around `today`; it starts earlier when a mijlpaal that is still open is
    late from before then, so nothing that is late drops off the default view. Also returns that
    mijlpaal's due date (None when the standard start holds)."""
    start = quarter_bounds(today, -QUARTERS_BACK)[0]
    end = quarter_bounds(today, QUARTERS_AHEAD)[1]
    late = [r.due for r in rows if r.overdue and r.reached_on is None and r.due is not None]
    oldest = min(late, default=None)
    if oldest is not None and oldest < start:
        # A date stored before phrases were held to the year window may lie before it.
        return max(quarter_bounds(oldest)[0], date(MIN_YEAR, 1, 1)), end, oldest
    return start, end, None


def window_rows(
    rows: list[GanttRow], start: date, end: date, *, default: bool, late_since: date | None = None
) -> tuple[list[GanttRow], Window]:
    """The rows of `rows_within` the period, and the counts of what it left out. The default
    period keeps the undated items: they are current work without a date yet, shown at the left
    edge as on the whole planning; a period the visitor chose leaves them out."""
    chosen, undated = rows_within(rows, start, end, keep_undated=default)
    kept = {r.key for r in chosen}
    left_out = [r for r in rows if r.key not in kept]
    window = Window(
        start,
        end,
        default,
        late_since,
        left_out_afspraken=sum(1 for r in left_out if r.kind is RowKind.AFSPRAAK),
        left_out_items=sum(1 for r in left_out if r.kind is not RowKind.AFSPRAAK and r.dated),
        undated=undated,
    )
    return chosen, window


def rows_within(
    rows: list[GanttRow], start: date, end: date, *, keep_undated: bool = False
) -> tuple[list[GanttRow], int]:
    """The items that touch start..end under their afspraak's row, and how many undated items
    were left out (they could fall in any period; the page says how many). An afspraak row with
    no items of its own here (5 above 5a-5f, or one shown for its dependencies) stays when its
    extent touches the period. With `keep_undated`, undated items stay (and count as none)."""
    items = [r for r in rows if r.kind is not RowKind.AFSPRAAK]
    kept = {r.key for r in items if r.touches(start, end) or (keep_undated and not r.dated)}
    with_items = {r.afspraak_code for r in items}
    codes = {r.afspraak_code for r in items if r.key in kept}
    undated = sum(1 for r in items if not r.dated and r.key not in kept)
    chosen = [
        r
        for r in rows
        if r.key in kept
        or (
            r.kind is RowKind.AFSPRAAK
            and (
                r.afspraak_code in codes
                or (r.afspraak_code not in with_items and r.touches(start, end))
            )
        )
    ]
    return chosen, undated


@dataclass(frozen=True)
class AtRisk:
    """An afspraak that needs the slipped one first, and its open mijlpalen due by the new date."""

    afspraak: GanttRow
    mijlpalen: tuple[GanttRow, ...]


@dataclass(frozen=True)
class Slip:
    row: GanttRow
    days: int  # positive: later than planned
    dependents: tuple[AtRisk, ...]


@dataclass(frozen=True)
class Late:
    """A mijlpaal past its due date with no new forecast: it slips by at least `days`."""

    row: GanttRow
    days: int
    dependents: tuple[AtRisk, ...]


@dataclass
class Slips:
    moved: list[Slip]  # the forecast or reached date moved from the plan, most days first
    late: list[Late]  # overdue without a forecast, longest overdue first

    @property
    def rows(self) -> list[GanttRow]:
        return [s.row for s in self.moved] + [x.row for x in self.late]


def find_slips(planning: Planning) -> Slips:
    """Mijlpalen whose forecast moved (or that were reached elsewhere than planned), and the
    ones past due without a forecast, with the afspraken that wait on theirs (one step, as the
    status rules count it)."""
    headers = {r.afspraak_code: r for r in planning.rows if r.kind is RowKind.AFSPRAAK}
    open_mijlpalen: dict[str, list[GanttRow]] = defaultdict(list)
    for r in planning.rows:
        if r.kind is RowKind.MIJLPAAL and r.reached_on is None:
            open_mijlpalen[r.afspraak_code].append(r)

    def dependents(row: GanttRow, by: date | None) -> tuple[AtRisk, ...]:
        if row.reached_on is not None:
            return ()  # delivered: nothing waits on it any more
        waiting = [
            d.afspraak_code for d in planning.dependencies if d.depends_on == row.afspraak_code
        ]
        return tuple(
            AtRisk(
                headers[code],
                tuple(
                    m
                    for m in open_mijlpalen[code]
                    if by is not None and m.due is not None and m.due <= by
                ),
            )
            for code in dict.fromkeys(waiting)
            if code in headers
        )

    moved = [
        Slip(r, r.slip_days, dependents(r, r.due)) for r in planning.rows if r.slip_days is not None
    ]
    late = [
        Late(r, (planning.today - r.planned.end).days, dependents(r, None))
        for r in planning.rows
        if r.overdue and not r.moved and r.planned is not None
    ]
    moved.sort(key=lambda s: -s.days)
    late.sort(key=lambda x: -x.days)
    return Slips(moved, late)


def with_headers(planning: Planning, items: list[GanttRow]) -> list[GanttRow]:
    """`items` in Werkagenda order, each group under its afspraak's row."""
    keys = {r.key for r in items}
    codes = {r.afspraak_code for r in items}
    return [
        r
        for r in planning.rows
        if r.key in keys or (r.kind is RowKind.AFSPRAAK and r.afspraak_code in codes)
    ]
