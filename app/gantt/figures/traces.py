"""The traces of the planning chart: one per kind and status, never one per row.

Each trace is a plain dict in plotly's JSON form: building them as `plotly.graph_objects` validated
every value of every point (a fifth of the planning page's time at 50×, issue 16). The unit tests
feed each figure through `go.Figure`, which checks the same schema.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from app.domain.labels import STATUS_LABELS
from app.domain.status import Status
from app.gantt.figures.style import (
    BASELINE_COLOUR,
    EXTENT_COLOUR,
    MS_PER_DAY,
    NAME_BASELINE,
    NAME_EXTENT,
    NAME_PERIOD,
    NAME_SLIP,
    NAME_UNPLANNED,
    PERIOD_FILL,
    PERIOD_LINE,
    STATUS_ORDER,
    STATUS_STYLES,
    UNPLANNED_COLOUR,
)
from app.gantt.figures.text import Hovers
from app.gantt.rows import GanttRow, RowKind, Span

Trace = dict[str, Any]


def _bar(
    name: str,
    kind: str,
    rows: Sequence[GanttRow],
    spans: Sequence[Span],
    hovers: Hovers,
    *,
    width: float,
    marker: dict[str, Any],
    legend: dict[str, Any],
) -> Trace:
    """Horizontal bars from each span's first to (inclusive) last day."""
    return {
        "type": "bar",
        "name": name,
        "meta": {"kind": kind},
        "orientation": "h",
        "y": [row.key for row in rows],
        "base": [span.start.isoformat() for span in spans],
        "x": [((span.end - span.start).days + 1) * MS_PER_DAY for span in spans],
        "width": width,
        "marker": marker,
        "hovertext": [hovers[r] for r in rows],
        "hovertemplate": "%{hovertext}<extra></extra>",
        **legend,
    }


def _markers(
    name: str,
    kind: str,
    rows: Sequence[GanttRow],
    days: Sequence[date],
    hovers: Hovers,
    *,
    marker: dict[str, Any],
    legend: dict[str, Any],
    **extra: Any,
) -> Trace:
    return {
        "type": "scatter",
        "name": name,
        "meta": {"kind": kind},
        "mode": extra.pop("mode", "markers"),
        "y": [row.key for row in rows],
        "x": [day.isoformat() for day in days],
        "marker": marker,
        "hovertext": [hovers[r] for r in rows],
        "hovertemplate": "%{hovertext}<extra></extra>",
        **legend,
        **extra,
    }


def _status_legend(status: Status, show: bool) -> dict[str, Any]:
    """Activities and mijlpalen of one status share a legend entry (and are hidden together)."""
    return {
        "legendgroup": f"status-{status.value}",
        "legendrank": 100 + STATUS_ORDER.index(status),
        "showlegend": show,
    }


def extent_trace(rows: Sequence[GanttRow], hovers: Hovers) -> list[Trace]:
    headers = [r for r in rows if r.kind is RowKind.AFSPRAAK and r.planned is not None]
    if not headers:
        return []
    return [
        _bar(
            NAME_EXTENT,
            "looptijd",
            headers,
            [r.planned for r in headers if r.planned],
            hovers,
            width=0.3,
            marker={"color": EXTENT_COLOUR},
            legend={"legendrank": 200},
        )
    ]


def lower_axis_trace(rows: Sequence[GanttRow], start: date, end: date) -> list[Trace]:
    """An invisible line on the lower quarter axis: plotly draws no axis without a trace."""
    if not rows:
        return []
    return [
        {
            "type": "scatter",
            "name": "",
            "meta": {"kind": "as"},
            "xaxis": "x2",
            "mode": "lines",
            "x": [start.isoformat(), end.isoformat()],
            "y": [rows[0].key, rows[0].key],
            "line": {"width": 0},
            "hoverinfo": "skip",
            "showlegend": False,
        }
    ]


def _mijlpaal_statuses(rows: Sequence[GanttRow]) -> set[Status]:
    return {r.status for r in rows if r.kind is RowKind.MIJLPAAL and r.due is not None}


def activity_traces(rows: Sequence[GanttRow], hovers: Hovers) -> list[Trace]:
    with_marker = _mijlpaal_statuses(rows)
    traces: list[Trace] = []
    for status in STATUS_ORDER:
        chosen = [
            r
            for r in rows
            if r.kind is RowKind.ACTIVITEIT and r.status is status and r.planned is not None
        ]
        if chosen:
            traces.append(
                _bar(
                    STATUS_LABELS[status],
                    "activiteit",
                    chosen,
                    [r.planned for r in chosen if r.planned],
                    hovers,
                    width=0.56,
                    marker={"color": STATUS_STYLES[status].colour},
                    # The legend shows the mijlpaal symbol of a status when there is one.
                    legend=_status_legend(status, show=status not in with_marker),
                )
            )
    return traces


def baseline_traces(rows: Sequence[GanttRow], hovers: Hovers) -> list[Trace]:
    """The plan of every moved mijlpaal (or one whose forecast became "data n.t.b."): a hatched
    outline over its period and a hollow marker."""
    moved = [r for r in rows if (r.moved or r.unplanned_again) and r.planned is not None]
    if not moved:
        return []
    legend = {"legendgroup": "baseline", "legendrank": 300}
    periods = [r for r in moved if r.planned and not r.planned.exact]
    traces: list[Trace] = []
    if periods:
        traces.append(
            _bar(
                NAME_BASELINE,
                "baseline",
                periods,
                [r.planned for r in periods if r.planned],
                hovers,
                width=0.7,
                marker={
                    "color": "rgba(255, 255, 255, 0)",
                    "line": {"color": BASELINE_COLOUR, "width": 1},
                    "pattern": {"shape": "/", "fgcolor": "#8d99a6", "size": 6, "solidity": 0.25},
                },
                legend={**legend, "showlegend": False},
            )
        )
    traces.append(
        _markers(
            NAME_BASELINE,
            "baseline-datum",
            moved,
            [r.planned.end for r in moved if r.planned],
            hovers,
            marker={
                "symbol": "diamond-open",
                "size": 11,
                "color": BASELINE_COLOUR,
                "line": {"width": 2, "color": BASELINE_COLOUR},
            },
            legend={**legend, "showlegend": True},
        )
    )
    return traces


def period_trace(rows: Sequence[GanttRow], hovers: Hovers) -> list[Trace]:
    """The period a mijlpaal is expected in when no exact day is known: "Q3-2026" is a span."""
    chosen = [
        r
        for r in rows
        if r.kind is RowKind.MIJLPAAL
        and r.reached_on is None
        and r.expected is not None
        and not r.expected.exact
    ]
    if not chosen:
        return []
    return [
        _bar(
            NAME_PERIOD,
            "periode",
            chosen,
            [r.expected for r in chosen if r.expected],
            hovers,
            width=0.5,
            marker={"color": PERIOD_FILL, "line": {"color": PERIOD_LINE, "width": 1}},
            legend={"legendrank": 210},
        )
    ]


def slip_trace(rows: Sequence[GanttRow]) -> list[Trace]:
    """A dotted line from the planned due date to the forecast or reached date, per moved row."""
    x: list[str | None] = []
    y: list[str | None] = []
    for r in rows:
        if r.moved and r.planned is not None and r.due is not None:
            x += [r.planned.end.isoformat(), r.due.isoformat(), None]
            y += [r.key, r.key, None]
    if not x:
        return []
    return [
        {
            "type": "scatter",
            "name": NAME_SLIP,
            "meta": {"kind": "verschuiving"},
            "mode": "lines",
            "x": x,
            "y": y,
            "line": {"color": BASELINE_COLOUR, "width": 2, "dash": "dot"},
            "hoverinfo": "skip",
            "connectgaps": False,
            "legendrank": 310,
        }
    ]


def mijlpaal_traces(rows: Sequence[GanttRow], hovers: Hovers) -> list[Trace]:
    traces: list[Trace] = []
    for status in STATUS_ORDER:
        chosen = [
            r
            for r in rows
            if r.kind is RowKind.MIJLPAAL and r.status is status and r.due is not None
        ]
        if chosen:
            style = STATUS_STYLES[status]
            traces.append(
                _markers(
                    STATUS_LABELS[status],
                    "mijlpaal",
                    chosen,
                    [r.due for r in chosen if r.due],
                    hovers,
                    marker={
                        "symbol": style.symbol,
                        "size": 13,
                        "color": style.colour,
                        "line": {"width": 1, "color": "white"},
                    },
                    legend=_status_legend(status, show=True),
                )
            )
    return traces


def unplanned_trace(rows: Sequence[GanttRow], x: date, hovers: Hovers) -> list[Trace]:
    """Items without any date, shown at the left edge as "datum n.t.b." rather than left out."""
    chosen = [r for r in rows if r.kind is not RowKind.AFSPRAAK and not r.dated]
    if not chosen:
        return []
    return [
        _markers(
            NAME_UNPLANNED,
            "ntb",
            chosen,
            [x] * len(chosen),
            hovers,
            mode="markers+text",
            text=["datum n.t.b."] * len(chosen),
            textposition="middle right",
            textfont={"color": UNPLANNED_COLOUR, "size": 11},
            marker={
                "symbol": "square-open",
                "size": 10,
                "color": UNPLANNED_COLOUR,
                "line": {"width": 2, "color": UNPLANNED_COLOUR},
            },
            legend={"legendrank": 320},
        )
    ]
