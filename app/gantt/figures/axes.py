"""Quarter ticks and gridlines, group bands, the today line and the dependency arrows."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from app.domain.periods import (
    format_day,
    next_quarter,
    quarter_of,
    quarter_start,
)
from app.gantt.figures.style import (
    ARROW_COLOUR,
    BAND_FILL,
    GRID_COLOUR,
    MONTH_GRID_COLOUR,
    TODAY_COLOUR,
    YEAR_GRID_COLOUR,
)
from app.gantt.rows import Dependency, GanttRow, RowKind


def quarter_label(first_day: date) -> str:
    """'Q3 2026' for the quarter that starts on `first_day`."""
    return f"Q{quarter_of(first_day)} {first_day.year}"


SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def time_ticks(quarters: Sequence[date], start: date, end: date) -> tuple[list[str], list[str]]:
    """Labels in the middle of each quarter ("Q3" over "2026", so eighteen quarters fit in 800
    pixels); for a year or less, of each month; over six years, of each year."""
    if len(quarters) > 24:
        ticks = [(date(y, 7, 1), str(y)) for y in sorted({q.year for q in quarters})]
    elif len(quarters) <= 4:
        ticks = [
            (m + (_next_month(m) - m) / 2, f"{SHORT_MONTHS[m.month - 1]}<br>{m.year}")
            for m in _months(start, end)
        ]
    else:
        ticks = [
            (q + (next_quarter(q) - q) / 2, quarter_label(q).replace(" ", "<br>")) for q in quarters
        ]
    shown = [(day, text) for day, text in ticks if start <= day <= end]
    return [day.isoformat() for day, _ in shown], [text for _, text in shown]


def _months(start: date, end: date) -> list[date]:
    month, months = date(start.year, start.month, 1), []
    while month < end:
        months.append(month)
        month = _next_month(month)
    return months


def gridlines(quarters: Sequence[date], start: date, end: date) -> list[dict[str, Any]]:
    """A line where each quarter starts (darker where a year starts); for a year or less, a
    light line where each month starts as well."""
    starts = _months(start, end) if len(quarters) <= 4 else list(quarters)
    lines = []
    for day in [*starts, end]:
        if not start < day < end:
            continue
        new_year, new_quarter = day.month == 1, quarter_start(day) == day
        colour = YEAR_GRID_COLOUR if new_year else GRID_COLOUR if new_quarter else MONTH_GRID_COLOUR
        lines.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": day.isoformat(),
                "x1": day.isoformat(),
                "y0": 0,
                "y1": 1,
                "layer": "below",
                "line": {"color": colour, "width": 1.5 if new_year else 1},
            }
        )
    return lines


def group_bands(rows: Sequence[GanttRow]) -> list[dict[str, Any]]:
    """A light band behind every other top-level afspraak, so 5 and 5a-5f read as one group."""
    bands: list[dict[str, Any]] = []
    groups: list[tuple[str, int, int]] = []
    for i, row in enumerate(rows):
        if groups and groups[-1][0] == row.group:
            groups[-1] = (row.group, groups[-1][1], i)
        else:
            groups.append((row.group, i, i))
    for n, (_, first, last) in enumerate(groups):
        if n % 2 == 1:
            bands.append(
                {
                    "type": "rect",
                    "xref": "paper",
                    "yref": "y",
                    "x0": 0,
                    "x1": 1,
                    "y0": first - 0.5,
                    "y1": last + 0.5,
                    "fillcolor": BAND_FILL,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
    return bands


def today_line(today: date, start: date, end: date) -> list[dict[str, Any]]:
    if not start <= today <= end:
        return []
    return [
        {
            "type": "line",
            "name": "vandaag",
            "xref": "x",
            "yref": "paper",
            "x0": today.isoformat(),
            "x1": today.isoformat(),
            "y0": 0,
            "y1": 1,
            "layer": "above",
            "line": {"color": TODAY_COLOUR, "width": 2, "dash": "dash"},
        }
    ]


def today_label(today: date, start: date, end: date) -> list[dict[str, Any]]:
    if not start <= today <= end:
        return []
    return [
        {
            "name": "vandaag",
            "text": f"<b>vandaag</b> {format_day(today)}",
            "xref": "x",
            "yref": "paper",
            "x": today.isoformat(),
            "y": 1,
            "yshift": 40,
            "xanchor": "center",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"color": TODAY_COLOUR, "size": 12},
            "bgcolor": "white",
        }
    ]


def drawn_dependencies(
    rows: Sequence[GanttRow], dependencies: Iterable[Dependency]
) -> list[Dependency]:
    """The dependencies whose two afspraken both have a dated row here: the arrows drawn."""
    dated = {r.afspraak_code for r in rows if r.kind is RowKind.AFSPRAAK and r.planned is not None}
    return [d for d in dependencies if d.afspraak_code in dated and d.depends_on in dated]


def dependency_arrows(
    rows: Sequence[GanttRow], dependencies: Iterable[Dependency]
) -> list[dict[str, Any]]:
    """An arrow from each needed afspraak's row, at the day it is expected to be done, straight to
    the row of the afspraak waiting on it: whatever that one plans before the arrow is at risk."""
    headers = {
        r.afspraak_code: (i, r.planned)
        for i, r in enumerate(rows)
        if r.kind is RowKind.AFSPRAAK and r.planned is not None
    }
    arrows = []
    for dep in drawn_dependencies(rows, dependencies):
        waiting_at = headers[dep.afspraak_code][0]
        needed_at, needed = headers[dep.depends_on]
        assert needed is not None
        done = needed.end.isoformat()
        arrows.append(
            {
                "name": f"{dep.afspraak_code} wacht op {dep.depends_on}",
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "x": done,
                "y": waiting_at,
                "ax": done,
                "ay": needed_at,
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 1.2,
                "arrowwidth": 1.5,
                "arrowcolor": ARROW_COLOUR,
                "standoff": 4,
                "startstandoff": 4,
                "text": "",
            }
        )
    return arrows
