"""Planning rows to a Plotly Gantt figure. Pure: no Flask, no database; `today` is passed in.

Traces are made per kind and status (one bar trace per status for activities, one marker trace per
status for mijlpalen, one each for afspraak extents, baselines, periods, slips and "n.t.b."), never
per row, so a plan ten times as large draws with the same number of traces. Rows are y categories
in the given order; the today line, quarter gridlines and group bands are layout shapes, the
dependency arrows are annotations. The height grows with the rows at a fixed number of pixels each.

The figure is plain dicts and lists in plotly's JSON form, as `go.Figure(...).to_plotly_json()`
would give it: `plotly.graph_objects` validated every shape, arrow and point on construction (a
fifth of the planning page's time at 50×, issue 16), for output that was the same. The unit tests
pass each figure through `go.Figure`, which still checks it against plotly's schema.
"""

import html
import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache
from typing import Any

import plotly.io as pio

from app.domain.periods import MAX_YEAR, MIN_YEAR, next_quarter, quarter_start, quarter_starts
from app.gantt.figures import axes, text, traces
from app.gantt.figures.style import (
    AXIS_PX,
    BOTTOM_PX,
    EXPORT_WIDTH_PX,
    LEGEND_COLUMNS,
    LEGEND_ENTRY_PX,
    LEGEND_ROW_PX,
    MIN_HEIGHT_PX,
    ROW_PX,
    TITLE_PX,
    YEAR_GRID_COLOUR,
)
from app.gantt.rows import Dependency, GanttRow, row_days

Figure = dict[str, Any]
DRAWN_TRACE_TYPES = ("bar", "scatter")


@cache
def template() -> dict[str, Any]:
    """Plotly's default template, as `go.Figure` puts it into every figure, for the trace types
    the chart draws (the entries of the other types style nothing here)."""
    full: dict[str, Any] = pio.templates[pio.templates.default].to_plotly_json()
    data = full.get("data", {})
    return {**full, "data": {kind: data[kind] for kind in DRAWN_TRACE_TYPES if kind in data}}


def build_gantt(
    rows: Sequence[GanttRow],
    *,
    today: date,
    dependencies: Iterable[Dependency] = (),
    window: tuple[date, date] | None = None,
    title: str = "",
) -> Figure:
    """A Gantt chart of `rows` in their order; `window` fixes the visible period."""
    start, end = _padded(window or extent(rows, today))
    hovers = text.Hovers()
    data = [
        *traces.extent_trace(rows, hovers),
        *traces.activity_traces(rows, hovers),
        *traces.baseline_traces(rows, hovers),
        *traces.period_trace(rows, hovers),
        *traces.slip_trace(rows),
        *traces.mijlpaal_traces(rows, hovers),
        *traces.unplanned_trace(rows, start + (end - start) * 0.015, hovers),
        *traces.lower_axis_trace(rows, start, end),
    ]
    legend_rows = math.ceil(
        sum(1 for t in data if t.get("showlegend") is not False) / LEGEND_COLUMNS
    )
    top = TITLE_PX + LEGEND_ROW_PX * legend_rows + AXIS_PX
    height = figure_height(len(rows), legend_rows)
    quarters = list(quarter_starts(start, end))
    tickvals, ticktext = axes.time_ticks(quarters, start, end)
    quarter_axis = {
        "type": "date",
        "range": [start.isoformat(), end.isoformat()],
        "tickmode": "array",
        "tickvals": tickvals,
        "ticktext": ticktext,
        "ticks": "",
        "showgrid": False,
        "zeroline": False,
        "showline": True,
        "linecolor": YEAR_GRID_COLOUR,
    }
    keys = [row.key for row in rows]
    layout = {
        "title": {
            "text": html.escape(title),
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "pad": {"l": 10},
            "y": 1 - 8 / height,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 16},
        },
        "height": height,
        "margin": {"t": top, "b": BOTTOM_PX, "l": 10, "r": 24, "autoexpand": True},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"family": "Verdana, Arial, sans-serif", "size": 12, "color": "#1a1a1a"},
        "barmode": "overlay",
        "hovermode": "closest",
        "hoverlabel": {
            "bgcolor": "white",
            "bordercolor": "#535353",
            "align": "left",
            "font": {"size": 12, "color": "#1a1a1a"},
        },
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - TITLE_PX / height,
            "yanchor": "top",
            "entrywidth": LEGEND_ENTRY_PX,
            "entrywidthmode": "pixels",
            "traceorder": "normal",
            "font": {"size": 12},
        },
        # The quarters above the rows and again below them: a chart of a hundred rows and more
        # is read far from its top. The lower axis only mirrors the upper one.
        "xaxis": {**quarter_axis, "side": "top"},
        "xaxis2": {
            **quarter_axis,
            "side": "bottom",
            "overlaying": "x",
            "matches": "x",
            "anchor": "y",
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": keys,
            "tickmode": "array",
            "tickvals": keys,
            "ticktext": [text.row_label(row) for row in rows],
            "range": [len(rows) - 0.5, -0.5],  # first row on top
            "automargin": True,
            "showgrid": False,
            "zeroline": False,
            "ticks": "",
            "fixedrange": True,
            "tickfont": {"size": 12},
        },
        "shapes": [
            *axes.group_bands(rows),
            *axes.gridlines(quarters, start, end),
            *axes.today_line(today, start, end),
        ],
        "annotations": [
            *axes.today_label(today, start, end),
            *axes.dependency_arrows(rows, dependencies),
        ],
        "template": template(),
    }
    return {"data": data, "layout": layout}


def figure_height(row_count: int, legend_rows: int = 2) -> int:
    """Pixels: a fixed header (with the legend) and footer, and a fixed height per row."""
    top = TITLE_PX + LEGEND_ROW_PX * legend_rows + AXIS_PX
    return max(MIN_HEIGHT_PX, top + BOTTOM_PX + ROW_PX * row_count)


def extent(rows: Iterable[GanttRow], today: date) -> tuple[date, date]:
    """From the first day of the first quarter to the first day after the last quarter that holds
    a date of the rows (or today)."""
    days = [today, *row_days(rows)]
    # Dates stored before phrases were held to the year window would take the axis past the
    # last quarter a date can start: keep the axis within the window.
    first, last = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)
    days = [min(max(day, first), last) for day in days]
    return quarter_start(min(days)), next_quarter(quarter_start(max(days)))


def _padded(span: tuple[date, date]) -> tuple[date, date]:
    """A little room on both sides, so a marker on the first or last day is drawn whole."""
    pad = max(timedelta(days=2), (span[1] - span[0]) * 0.012)
    return span[0] - pad, span[1] + pad


def figure_config(filename: str) -> dict[str, Any]:
    """Plotly's config for the page: Dutch locale, PNG export at a fixed width, no logo, and
    nothing that sends a chart or a visitor to plotly.com (users are on closed networks)."""
    return {
        "locale": "nl",
        "displaylogo": False,
        "showSendToCloud": False,
        "plotlyServerURL": "",
        "responsive": True,
        "scrollZoom": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "sendChartToCloud"],
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": EXPORT_WIDTH_PX,
            "height": None,  # the figure's own height: every row stays in the image
            "scale": 2,
        },
    }
