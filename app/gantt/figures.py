"""Planning rows to a Plotly Gantt figure. Pure: no Flask, no database; `today` is passed in.

Traces are made per kind and status (one bar trace per status for activities, one marker trace per
status for mijlpalen, one each for afspraak extents, baselines, periods, slips and "n.t.b."), never
per row, so a plan ten times as large draws with the same number of traces. Rows are y categories
in the given order; the today line, quarter gridlines and group bands are layout shapes, the
dependency arrows are annotations. The height grows with the rows at a fixed number of pixels each.
"""

import html
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from app.domain.labels import STATUS_LABELS
from app.domain.periods import format_day, next_quarter, quarter_of, quarter_start, quarter_starts
from app.domain.status import Status
from app.gantt.rows import Dependency, GanttRow, RowKind, Span

ROW_PX = 24
TITLE_PX = 36
LEGEND_ROW_PX = 22
LEGEND_COLUMNS = 3  # at the legend's entry width, in a figure of 800 pixels or more
LEGEND_ENTRY_PX = 235
AXIS_PX = 72  # the today label and the two-line quarter labels above the rows
BOTTOM_PX = 56  # the quarter labels below the rows
MIN_HEIGHT_PX = 320
LABEL_CHARS = 48  # row labels longer than this are shortened; the hover has the whole text
EXPORT_WIDTH_PX = 1400

MS_PER_DAY = 86_400_000


@dataclass(frozen=True)
class StatusStyle:
    colour: str
    symbol: str


# Rijkshuisstijl colours, each at least 3:1 against white (WCAG 1.4.11); the marker symbols differ
# as well, so the status never depends on colour alone (and the hover and the table name it).
STATUS_STYLES = {
    Status.OP_SCHEMA: StatusStyle("#39870c", "circle"),
    Status.AANDACHT_NODIG: StatusStyle("#c45500", "triangle-up"),
    Status.VERTRAAGD: StatusStyle("#d52b1e", "x"),
    Status.AFGEROND: StatusStyle("#01689b", "star"),
    Status.NOG_NIET_GESTART: StatusStyle("#696969", "diamond"),
}
STATUS_ORDER = (
    Status.VERTRAAGD,
    Status.AANDACHT_NODIG,
    Status.OP_SCHEMA,
    Status.NOG_NIET_GESTART,
    Status.AFGEROND,
)
EXTENT_COLOUR = "#5c6670"
BASELINE_COLOUR = "#535353"
PERIOD_FILL = "rgba(1, 104, 155, 0.16)"
PERIOD_LINE = "rgba(1, 104, 155, 0.55)"
UNPLANNED_COLOUR = "#535353"
TODAY_COLOUR = "#a90061"
ARROW_COLOUR = "#154273"
GRID_COLOUR = "#c3cad1"
MONTH_GRID_COLOUR = "#e6e9ec"
YEAR_GRID_COLOUR = "#8d99a6"
BAND_FILL = "#f1f4f7"

NAME_EXTENT = "Looptijd afspraak"
NAME_BASELINE = "Oorspronkelijke planning"
NAME_PERIOD = "Periode zonder exacte datum"
NAME_SLIP = "Verschuiving"
NAME_UNPLANNED = "Datum n.t.b."


def build_gantt(
    rows: Sequence[GanttRow],
    *,
    today: date,
    dependencies: Iterable[Dependency] = (),
    window: tuple[date, date] | None = None,
    title: str = "",
) -> go.Figure:
    """A Gantt chart of `rows` in their order; `window` fixes the visible period."""
    start, end = _padded(window or extent(rows, today))
    traces = [
        *_extent_trace(rows),
        *_activity_traces(rows),
        *_baseline_traces(rows),
        *_period_trace(rows),
        *_slip_trace(rows),
        *_mijlpaal_traces(rows),
        *_unplanned_trace(rows, start + (end - start) * 0.015),
        *_lower_axis_trace(rows, start, end),
    ]
    legend_rows = math.ceil(sum(1 for t in traces if t.showlegend is not False) / LEGEND_COLUMNS)
    top = TITLE_PX + LEGEND_ROW_PX * legend_rows + AXIS_PX
    height = figure_height(len(rows), legend_rows)
    quarters = list(quarter_starts(start, end))
    tickvals, ticktext = _time_ticks(quarters, start, end)
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
    layout = go.Layout(
        title={
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
        height=height,
        margin={"t": top, "b": BOTTOM_PX, "l": 10, "r": 24, "autoexpand": True},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": "Verdana, Arial, sans-serif", "size": 12, "color": "#1a1a1a"},
        barmode="overlay",
        hovermode="closest",
        hoverlabel={
            "bgcolor": "white",
            "bordercolor": "#535353",
            "align": "left",
            "font": {"size": 12, "color": "#1a1a1a"},
        },
        showlegend=True,
        legend={
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
        xaxis={**quarter_axis, "side": "top"},
        xaxis2={**quarter_axis, "side": "bottom", "overlaying": "x", "matches": "x", "anchor": "y"},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": keys,
            "tickmode": "array",
            "tickvals": keys,
            "ticktext": [_row_label(row) for row in rows],
            "range": [len(rows) - 0.5, -0.5],  # first row on top
            "automargin": True,
            "showgrid": False,
            "zeroline": False,
            "ticks": "",
            "fixedrange": True,
            "tickfont": {"size": 12},
        },
        shapes=[
            *_group_bands(rows),
            *_gridlines(quarters, start, end),
            *_today_line(today, start, end),
        ],
        annotations=[*_today_label(today, start, end), *_arrows(rows, dependencies)],
    )
    return go.Figure(data=traces, layout=layout)


def figure_height(row_count: int, legend_rows: int = 2) -> int:
    """Pixels: a fixed header (with the legend) and footer, and a fixed height per row."""
    top = TITLE_PX + LEGEND_ROW_PX * legend_rows + AXIS_PX
    return max(MIN_HEIGHT_PX, top + BOTTOM_PX + ROW_PX * row_count)


def extent(rows: Iterable[GanttRow], today: date) -> tuple[date, date]:
    """From the first day of the first quarter to the first day after the last quarter that holds
    a date of the rows (or today)."""
    days = [today]
    for row in rows:
        for span in (row.planned, row.forecast):
            if span is not None:
                days += [span.start, span.end]
        if row.reached_on is not None:
            days.append(row.reached_on)
    return quarter_start(min(days)), next_quarter(quarter_start(max(days)))


def _padded(span: tuple[date, date]) -> tuple[date, date]:
    """A little room on both sides, so a marker on the first or last day is drawn whole."""
    pad = max(timedelta(days=2), (span[1] - span[0]) * 0.012)
    return span[0] - pad, span[1] + pad


def figure_config(filename: str) -> dict[str, Any]:
    """Plotly's config for the page: Dutch locale, PNG export at a fixed width, no logo."""
    return {
        "locale": "nl",
        "displaylogo": False,
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


# --- Traces ----------------------------------------------------------------------------------


def _bar(
    name: str,
    kind: str,
    rows: Sequence[GanttRow],
    spans: Sequence[Span],
    *,
    width: float,
    marker: dict[str, Any],
    legend: dict[str, Any],
) -> Any:
    """Horizontal bars from each span's first to (inclusive) last day."""
    return go.Bar(
        name=name,
        meta={"kind": kind},
        orientation="h",
        y=[row.key for row in rows],
        base=[span.start.isoformat() for span in spans],
        x=[((span.end - span.start).days + 1) * MS_PER_DAY for span in spans],
        width=width,
        marker=marker,
        hovertext=[_hover(r) for r in rows],
        hovertemplate="%{hovertext}<extra></extra>",
        **legend,
    )


def _markers(
    name: str,
    kind: str,
    rows: Sequence[GanttRow],
    days: Sequence[date],
    *,
    marker: dict[str, Any],
    legend: dict[str, Any],
    **extra: Any,
) -> Any:
    return go.Scatter(
        name=name,
        meta={"kind": kind},
        mode=extra.pop("mode", "markers"),
        y=[row.key for row in rows],
        x=[day.isoformat() for day in days],
        marker=marker,
        hovertext=[_hover(r) for r in rows],
        hovertemplate="%{hovertext}<extra></extra>",
        **legend,
        **extra,
    )


def _status_legend(status: Status, show: bool) -> dict[str, Any]:
    """Activities and mijlpalen of one status share a legend entry (and are hidden together)."""
    return {
        "legendgroup": f"status-{status.value}",
        "legendrank": 100 + STATUS_ORDER.index(status),
        "showlegend": show,
    }


def _extent_trace(rows: Sequence[GanttRow]) -> list[Any]:
    headers = [r for r in rows if r.kind is RowKind.AFSPRAAK and r.planned is not None]
    if not headers:
        return []
    return [
        _bar(
            NAME_EXTENT,
            "looptijd",
            headers,
            [r.planned for r in headers if r.planned],
            width=0.3,
            marker={"color": EXTENT_COLOUR},
            legend={"legendrank": 200},
        )
    ]


def _lower_axis_trace(rows: Sequence[GanttRow], start: date, end: date) -> list[Any]:
    """An invisible line on the lower quarter axis: plotly draws no axis without a trace."""
    if not rows:
        return []
    return [
        go.Scatter(
            name="",
            meta={"kind": "as"},
            xaxis="x2",
            mode="lines",
            x=[start.isoformat(), end.isoformat()],
            y=[rows[0].key, rows[0].key],
            line={"width": 0},
            hoverinfo="skip",
            showlegend=False,
        )
    ]


def _mijlpaal_statuses(rows: Sequence[GanttRow]) -> set[Status]:
    return {r.status for r in rows if r.kind is RowKind.MIJLPAAL and r.due is not None}


def _activity_traces(rows: Sequence[GanttRow]) -> list[Any]:
    with_marker = _mijlpaal_statuses(rows)
    traces = []
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
                    width=0.56,
                    marker={"color": STATUS_STYLES[status].colour},
                    # The legend shows the mijlpaal symbol of a status when there is one.
                    legend=_status_legend(status, show=status not in with_marker),
                )
            )
    return traces


def _baseline_traces(rows: Sequence[GanttRow]) -> list[Any]:
    """The plan of every moved mijlpaal: a hatched outline over its period and a hollow marker."""
    moved = [r for r in rows if r.moved and r.planned is not None]
    if not moved:
        return []
    legend = {"legendgroup": "baseline", "legendrank": 300}
    periods = [r for r in moved if r.planned and not r.planned.exact]
    traces = []
    if periods:
        traces.append(
            _bar(
                NAME_BASELINE,
                "baseline",
                periods,
                [r.planned for r in periods if r.planned],
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


def _period_trace(rows: Sequence[GanttRow]) -> list[Any]:
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
            width=0.5,
            marker={"color": PERIOD_FILL, "line": {"color": PERIOD_LINE, "width": 1}},
            legend={"legendrank": 210},
        )
    ]


def _slip_trace(rows: Sequence[GanttRow]) -> list[Any]:
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
        go.Scatter(
            name=NAME_SLIP,
            meta={"kind": "verschuiving"},
            mode="lines",
            x=x,
            y=y,
            line={"color": BASELINE_COLOUR, "width": 2, "dash": "dot"},
            hoverinfo="skip",
            connectgaps=False,
            legendrank=310,
        )
    ]


def _mijlpaal_traces(rows: Sequence[GanttRow]) -> list[Any]:
    traces = []
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


def _unplanned_trace(rows: Sequence[GanttRow], x: date) -> list[Any]:
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


# --- Axes, shapes and annotations ------------------------------------------------------------


def quarter_label(first_day: date) -> str:
    """'Q3 2026' for the quarter that starts on `first_day`."""
    return f"Q{quarter_of(first_day)} {first_day.year}"


SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _time_ticks(quarters: Sequence[date], start: date, end: date) -> tuple[list[str], list[str]]:
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


def _gridlines(quarters: Sequence[date], start: date, end: date) -> list[dict[str, Any]]:
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


def _group_bands(rows: Sequence[GanttRow]) -> list[dict[str, Any]]:
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


def _today_line(today: date, start: date, end: date) -> list[dict[str, Any]]:
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


def _today_label(today: date, start: date, end: date) -> list[dict[str, Any]]:
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


def _arrows(rows: Sequence[GanttRow], dependencies: Iterable[Dependency]) -> list[dict[str, Any]]:
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


# --- Text ------------------------------------------------------------------------------------


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _row_label(row: GanttRow) -> str:
    if row.kind is RowKind.AFSPRAAK:
        return f"<b>{html.escape(_shorten(f'{row.afspraak_code}. {row.text}', LABEL_CHARS))}</b>"
    return html.escape(_shorten(f"{row.label} · {row.text}", LABEL_CHARS))


def _wrap(text: str, width: int = 64, lines: int = 4) -> str:
    wrapped = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], _shorten(" ".join(wrapped[lines - 1 :]), width)]
    return "<br>".join(html.escape(line) for line in wrapped)


def _phrase(text: str, span: Span | None) -> str:
    """The date phrase as written and the due date it means, or that it is not planned yet."""
    written = html.escape(text) if text else "geen datum"
    if span is None:
        return f"{written} (nog niet gepland)"
    if span.exact:
        return format_day(span.end) if not text else f"{written} ({format_day(span.end)})"
    return f"{written} ({format_day(span.start)} – {format_day(span.end)})"


def _days(days: int) -> str:
    n = abs(days)
    unit = "dag" if n == 1 else "dagen"
    return f"{n} {unit} {'later' if days > 0 else 'eerder'}"


def _hover(row: GanttRow) -> str:
    lines = []
    if row.kind is RowKind.AFSPRAAK:
        lines.append(f"<b>Afspraak {html.escape(row.afspraak_code)}</b>")
        lines.append(_wrap(row.text))
        if row.planned is not None:
            lines.append(
                f"Looptijd: {format_day(row.planned.start)} – {format_day(row.planned.end)}"
            )
        lines.append(f"Status: {STATUS_LABELS[row.status]}")
    else:
        lines.append(f"<b>{html.escape(row.afspraak_code)} · {html.escape(row.label)}</b>")
        lines.append(_wrap(row.text))
        lines.append(f"Gepland: {_phrase(row.planned_text, row.planned)}")
        if row.forecast is not None or row.forecast_text:
            verwacht = f"Verwacht: {_phrase(row.forecast_text, row.forecast)}"
            if row.slip_days and row.reached_on is None:
                verwacht += f", {_days(row.slip_days)}"
            lines.append(verwacht)
        if row.reached_on is not None:
            bereikt = f"Bereikt: {format_day(row.reached_on)}"
            if row.slip_days:
                bereikt += f", {_days(row.slip_days)} dan gepland"
            lines.append(bereikt)
        if row.kind is RowKind.ACTIVITEIT:
            lines.append(f"Status van de afspraak: {STATUS_LABELS[row.status]}")
        else:
            status = STATUS_LABELS[row.status] + (" (te laat)" if row.overdue else "")
            lines.append(f"Status: {status}")
        if row.partijen:
            lines.append(_wrap("Partijen: " + ", ".join(row.partijen)))
    lines += [html.escape(reason) for reason in row.reasons]
    last = format_day(row.last_update) if row.last_update else "nog geen"
    lines.append(f"Laatste update: {last}")
    return "<br>".join(lines)


def tick_text(rows: Sequence[GanttRow]) -> list[str]:
    """The row labels as drawn on the y axis (for tests and the table)."""
    return [_row_label(row) for row in rows]
