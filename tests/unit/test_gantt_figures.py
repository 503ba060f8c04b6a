"""Tests for app.gantt.figures: the figure data of the planning charts, without a browser.

`build_gantt` makes plain dicts; every test here reads them through `go.Figure`, which checks each
property against plotly's schema (and raises on any it does not know).
"""

import dataclasses
import json
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from app.domain.labels import STATUS_LABELS
from app.domain.periods import Precision, parse_period
from app.domain.status import Status
from app.gantt.figures import (
    MS_PER_DAY,
    ROW_PX,
    STATUS_STYLES,
    TODAY_COLOUR,
    figure_config,
    figure_height,
)
from app.gantt.figures import build_gantt as build_figure
from app.gantt.rows import Dependency, GanttRow, RowKind, Span

TODAY = date(2026, 11, 25)


def build_gantt(rows: list[GanttRow], **options: Any) -> go.Figure:
    """The figure, validated by plotly."""
    return go.Figure(build_figure(rows, **options))


def span(phrase: str) -> Span:
    found = maybe_span(phrase)
    assert found is not None
    return found


def maybe_span(phrase: str) -> Span | None:
    period = parse_period(phrase) if phrase else None
    if period is None or period.start is None or period.end is None:
        return None
    return Span(period.start, period.end, period.precision)


def afspraak(code: str, planned: str | None = "Q1-2026", **overrides: Any) -> GanttRow:
    values: dict[str, Any] = {
        "key": code,
        "kind": RowKind.AFSPRAAK,
        "afspraak_code": code,
        "group": code.rstrip("abcdef"),
        "label": f"Afspraak {code}",
        "text": f"Titel van {code}",
        "status": Status.OP_SCHEMA,
        "planned": span(planned) if planned else None,
    }
    return GanttRow(**(values | overrides))


def activiteit(code: str, number: int, planned: str = "", **overrides: Any) -> GanttRow:
    values: dict[str, Any] = {
        "key": f"{code}/activiteit/{number}",
        "kind": RowKind.ACTIVITEIT,
        "afspraak_code": code,
        "group": code.rstrip("abcdef"),
        "label": f"Activiteit {number}",
        "text": f"Activiteit {number} van {code}",
        "status": Status.OP_SCHEMA,
        "planned_text": planned,
        "planned": maybe_span(planned),
    }
    return GanttRow(**(values | overrides))


def mijlpaal(code: str, label: str, planned: str = "", **overrides: Any) -> GanttRow:
    values: dict[str, Any] = {
        "key": f"{code}/mijlpaal/{label}",
        "kind": RowKind.MIJLPAAL,
        "afspraak_code": code,
        "group": code.rstrip("abcdef"),
        "label": f"Mijlpaal {label}",
        "text": f"Mijlpaal {label} van {code}",
        "status": Status.NOG_NIET_GESTART,
        "planned_text": planned,
        "planned": maybe_span(planned),
    }
    return GanttRow(**(values | overrides))


def traces(figure: Any, kind: str) -> list[Any]:
    return [t for t in figure.data if t.meta and t.meta["kind"] == kind]


def one(figure: Any, kind: str) -> Any:
    found = traces(figure, kind)
    assert len(found) == 1, f"{len(found)} traces of kind {kind}"
    return found[0]


def points(trace: Any) -> dict[str, Any]:
    """y key -> x value of each point of a marker trace."""
    return dict(zip(trace.y, trace.x, strict=True))


def bars(trace: Any) -> dict[str, tuple[str, int]]:
    """y key -> (first day, length in days) of each bar."""
    return {
        y: (base, x // MS_PER_DAY) for y, base, x in zip(trace.y, trace.base, trace.x, strict=True)
    }


def plan(copies: int = 1) -> list[GanttRow]:
    """A small plan of every kind of row, repeated `copies` times under new afspraak codes."""
    rows: list[GanttRow] = []
    for n in range(copies):
        code = str(n + 1)
        rows += [
            afspraak(code, "Q1-2026"),
            activiteit(code, 1, "Q1-2026", status=Status.VERTRAAGD),
            activiteit(code, 2, "", status=Status.VERTRAAGD),
            mijlpaal(code, "A", "Q2-2026", status=Status.VERTRAAGD, overdue=True),
            mijlpaal(
                code,
                "B",
                "Q3-2026",
                forecast_text="Q1-2027",
                forecast=span("Q1-2027"),
                status=Status.AANDACHT_NODIG,
            ),
            mijlpaal(code, "C", "15 december 2026", status=Status.OP_SCHEMA),
            mijlpaal(code, "D", "", status=Status.NOG_NIET_GESTART),
            mijlpaal(code, "E", "Q2-2026", reached_on=date(2026, 8, 3), status=Status.AFGEROND),
        ]
    return rows


def test_rows_are_y_categories_in_the_given_order_first_on_top() -> None:
    rows = [afspraak("5"), afspraak("5a"), activiteit("5a", 1, "Q2-2026"), afspraak("6")]

    figure = build_gantt(rows, today=TODAY)

    keys = ["5", "5a", "5a/activiteit/1", "6"]
    assert list(figure.layout.yaxis.categoryarray) == keys
    assert list(figure.layout.yaxis.tickvals) == keys
    assert list(figure.layout.yaxis.range) == [3.5, -0.5]  # reversed: row 0 at the top
    assert list(figure.layout.yaxis.ticktext) == [
        "<b>5. Titel van 5</b>",
        "<b>5a. Titel van 5a</b>",
        "Activiteit 1 · Activiteit 1 van 5a",
        "<b>6. Titel van 6</b>",
    ]
    assert figure.layout.yaxis.automargin is True


def test_activity_bar_runs_from_the_first_to_the_last_day_of_its_period() -> None:
    rows = [afspraak("1"), activiteit("1", 1, "Q3-2026"), activiteit("1", 2, "April - Mei 2026")]

    figure = build_gantt(rows, today=TODAY)

    assert bars(one(figure, "activiteit")) == {
        "1/activiteit/1": ("2026-07-01", 92),
        "1/activiteit/2": ("2026-04-01", 61),
    }


def test_quarter_milestone_is_its_quarter_with_the_marker_on_the_last_day() -> None:
    figure = build_gantt([afspraak("1"), mijlpaal("1", "A", "Q3-2026")], today=TODAY)

    assert bars(one(figure, "periode")) == {"1/mijlpaal/A": ("2026-07-01", 92)}
    assert points(one(figure, "mijlpaal")) == {"1/mijlpaal/A": "2026-09-30"}


def test_milestone_known_to_the_day_has_no_period() -> None:
    figure = build_gantt([afspraak("8"), mijlpaal("8", "3", "1 januari 2029")], today=TODAY)

    assert traces(figure, "periode") == []
    assert points(one(figure, "mijlpaal")) == {"8/mijlpaal/3": "2029-01-01"}


def test_milestone_without_date_is_shown_as_ntb_not_left_out() -> None:
    rows = [afspraak("4"), mijlpaal("4", "3", "data n.t.b."), activiteit("4", 1, "")]

    figure = build_gantt(rows, today=TODAY)

    ntb = one(figure, "ntb")
    assert set(ntb.y) == {"4/mijlpaal/3", "4/activiteit/1"}
    assert set(ntb.text) == {"datum n.t.b."}
    assert traces(figure, "mijlpaal") == []
    assert "data n.t.b. (nog niet gepland)" in ntb.hovertext[0]
    # At the left edge of the time axis, inside it.
    start, end = (date.fromisoformat(d) for d in figure.layout.xaxis.range)
    assert start < date.fromisoformat(ntb.x[0]) < start + (end - start) / 20


def test_moved_forecast_shows_baseline_and_forecast_with_a_slip_line() -> None:
    row = mijlpaal(
        "5a",
        "A",
        "Juni 2026",
        forecast_text="Q1-2027",
        forecast=span("Q1-2027"),
        status=Status.VERTRAAGD,
    )

    figure = build_gantt([afspraak("5a"), row], today=TODAY)

    assert bars(one(figure, "baseline")) == {"5a/mijlpaal/A": ("2026-06-01", 30)}
    assert points(one(figure, "baseline-datum")) == {"5a/mijlpaal/A": "2026-06-30"}
    assert bars(one(figure, "periode")) == {"5a/mijlpaal/A": ("2027-01-01", 90)}
    assert points(one(figure, "mijlpaal")) == {"5a/mijlpaal/A": "2027-03-31"}
    slip = one(figure, "verschuiving")
    assert list(slip.x) == ["2026-06-30", "2027-03-31", None]
    assert list(slip.y) == ["5a/mijlpaal/A", "5a/mijlpaal/A", None]
    assert (
        "Verwacht: Q1-2027 (1 januari 2027 – 31 maart 2027), 274 dagen later"
        in (one(figure, "mijlpaal").hovertext[0])
    )


@pytest.mark.parametrize(
    ("overrides", "moved"),
    [
        ({"forecast_text": "Q3-2026", "forecast": span("Q3-2026")}, False),
        ({"forecast_text": "september 2026", "forecast": span("september 2026")}, False),
        ({"forecast_text": "Q4-2026", "forecast": span("Q4-2026")}, True),
        ({"reached_on": date(2026, 8, 3)}, False),
        ({"reached_on": date(2026, 10, 3)}, True),
        ({"reached_on": date(2026, 6, 30)}, True),
        ({}, False),
    ],
)
def test_baseline_only_where_the_date_left_its_planned_period(
    overrides: dict[str, Any], moved: bool
) -> None:
    row = mijlpaal("1", "A", "Q3-2026", **overrides)

    figure = build_gantt([afspraak("1"), row], today=TODAY)

    assert row.moved is moved
    assert bool(traces(figure, "baseline-datum")) is moved
    assert bool(traces(figure, "verschuiving")) is moved


def test_reached_milestone_is_drawn_on_the_day_it_was_reached_without_a_period() -> None:
    row = mijlpaal("1", "A", "Q2-2026", reached_on=date(2026, 8, 3), status=Status.AFGEROND)

    figure = build_gantt([afspraak("1"), row], today=TODAY)

    assert points(one(figure, "mijlpaal")) == {"1/mijlpaal/A": "2026-08-03"}
    assert traces(figure, "periode") == []
    assert row.slip_days == 34
    assert (
        "Bereikt: 3 augustus 2026, 34 dagen later dan gepland"
        in (one(figure, "mijlpaal").hovertext[0])
    )


@pytest.mark.parametrize("status", list(Status))
def test_colour_and_symbol_per_status(status: Status) -> None:
    rows = [
        afspraak("1", status=status),
        activiteit("1", 1, "Q2-2026", status=status),
        mijlpaal("1", "A", "Q3-2026", status=status),
    ]

    figure = build_gantt(rows, today=TODAY)

    activity, marker = one(figure, "activiteit"), one(figure, "mijlpaal")
    assert activity.marker.color == STATUS_STYLES[status].colour
    assert marker.marker.color == STATUS_STYLES[status].colour
    assert marker.marker.symbol == STATUS_STYLES[status].symbol
    assert marker.name == activity.name == STATUS_LABELS[status]
    # One legend entry per status: the activities are toggled with the mijlpalen.
    assert activity.legendgroup == marker.legendgroup
    assert (activity.showlegend, marker.showlegend) == (False, True)


def test_statuses_differ_in_colour_and_symbol() -> None:
    styles = list(STATUS_STYLES.values())
    assert len({s.colour for s in styles}) == len({s.symbol for s in styles}) == len(Status)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", [s.colour for s in STATUS_STYLES.values()] + [TODAY_COLOUR])
def test_colours_have_three_to_one_contrast_against_white(colour: str) -> None:
    # WCAG 1.4.11: graphical objects need 3:1 against what is next to them (white here).
    assert 1.05 / (_luminance(colour) + 0.05) >= 3


def test_activity_without_status_of_its_own_says_it_shows_its_afspraak() -> None:
    rows = [afspraak("1"), activiteit("1", 1, "Q2-2026", status=Status.VERTRAAGD)]

    hover = one(build_gantt(rows, today=TODAY), "activiteit").hovertext[0]

    assert "Status van de afspraak: Vertraagd" in hover


def test_hover_shows_the_date_as_written_status_and_last_update() -> None:
    row = mijlpaal(
        "5b",
        "A",
        "Q3-2026",
        status=Status.VERTRAAGD,
        overdue=True,
        last_update=date(2026, 3, 11),
        text="Uitwerking <sub-afspraak> 5c & meer",
    )

    hover = one(build_gantt([afspraak("5b"), row], today=TODAY), "mijlpaal").hovertext[0]

    assert "<b>5b · Mijlpaal A</b>" in hover
    assert "Gepland: Q3-2026 (1 juli 2026 – 30 september 2026)" in hover
    assert "Status: Vertraagd (te laat)" in hover
    assert "Laatste update: 11 maart 2026" in hover
    assert "Uitwerking &lt;sub-afspraak&gt; 5c &amp; meer" in hover  # text is escaped


def test_long_labels_are_shortened_and_escaped() -> None:
    long = "Een <heel> lange omschrijving " * 5

    figure = build_gantt([afspraak("1"), activiteit("1", 1, "Q2-2026", text=long)], today=TODAY)

    label = figure.layout.yaxis.ticktext[1]
    assert label.startswith("Activiteit 1 · Een &lt;heel&gt; lange")
    assert label.endswith("…")
    assert len(label.replace("&lt;", "<").replace("&gt;", ">")) == 48


def test_today_line_and_label_sit_on_today() -> None:
    figure = build_gantt(plan(), today=TODAY)

    [line] = [s for s in figure.layout.shapes if s.name == "vandaag"]
    assert (line.x0, line.x1, line.yref, line.y0, line.y1) == (
        "2026-11-25",
        "2026-11-25",
        "paper",
        0,
        1,
    )
    assert line.line.color == TODAY_COLOUR
    [label] = [a for a in figure.layout.annotations if a.name == "vandaag"]
    assert label.x == "2026-11-25"
    assert label.text == "<b>vandaag</b> 25 november 2026"


def test_no_today_line_when_today_is_outside_the_window() -> None:
    figure = build_gantt(plan(), today=TODAY, window=(date(2026, 1, 1), date(2026, 7, 1)))

    assert [s for s in figure.layout.shapes if s.name == "vandaag"] == []
    assert [a for a in figure.layout.annotations if a.name == "vandaag"] == []


def test_the_range_covers_every_quarter_with_a_date_and_today() -> None:
    figure = build_gantt(plan(), today=TODAY)

    start, end = (date.fromisoformat(d) for d in figure.layout.xaxis.range)
    assert date(2025, 12, 1) < start < date(2026, 1, 1)  # Q1 2026, and a little room
    assert date(2027, 4, 1) < end < date(2027, 5, 1)  # through Q1 2027 (the forecast)


def test_quarter_labels_and_gridlines() -> None:
    figure = build_gantt(plan(), today=TODAY)

    labels = list(figure.layout.xaxis.ticktext)
    assert labels[:5] == ["Q1<br>2026", "Q2<br>2026", "Q3<br>2026", "Q4<br>2026", "Q1<br>2027"]
    assert figure.layout.xaxis.tickvals[0] == "2026-02-15"  # the middle of Q1
    lines = {s.x0 for s in figure.layout.shapes if s.type == "line" and s.name != "vandaag"}
    assert {"2026-04-01", "2026-07-01", "2026-10-01", "2027-01-01"} <= lines
    # The lower axis repeats the quarters for long charts.
    assert figure.layout.xaxis2.matches == "x"
    assert list(figure.layout.xaxis2.ticktext) == labels


def test_months_are_labelled_in_a_short_window() -> None:
    figure = build_gantt(plan(), today=TODAY, window=(date(2026, 7, 1), date(2026, 10, 1)))

    assert "jul<br>2026" in figure.layout.xaxis.ticktext
    assert "sep<br>2026" in figure.layout.xaxis.ticktext
    lines = {s.x0 for s in figure.layout.shapes if s.type == "line" and s.name != "vandaag"}
    assert {"2026-08-01", "2026-09-01"} <= lines


def test_trace_count_does_not_grow_with_the_number_of_rows() -> None:
    small, large = plan(1), plan(10)

    small_figure = build_gantt(small, today=TODAY)
    large_figure = build_gantt(large, today=TODAY)

    assert len(large) == 10 * len(small)
    assert len(large_figure.data) == len(small_figure.data) <= 16
    drawn = sum(len(t.y) for t in large_figure.data if t.meta["kind"] == "mijlpaal")
    assert drawn == 10 * sum(len(t.y) for t in small_figure.data if t.meta["kind"] == "mijlpaal")


def test_height_grows_with_the_rows_at_a_fixed_step() -> None:
    small, large = build_gantt(plan(1), today=TODAY), build_gantt(plan(10), today=TODAY)

    assert large.layout.height - small.layout.height == 9 * len(plan(1)) * ROW_PX
    assert small.layout.height == figure_height(len(plan(1)), legend_rows=3)


def test_dependency_arrow_runs_from_the_needed_afspraak_at_its_end_to_the_waiting_one() -> None:
    rows = [
        afspraak("5a", "Juni 2026"),
        mijlpaal("5a", "A", "Juni 2026"),
        afspraak("5b", "Q3-2026"),
        afspraak("6", None),
    ]
    dependencies = [Dependency("5b", "5a"), Dependency("6", "5a"), Dependency("9", "5a")]

    figure = build_gantt(rows, today=TODAY, dependencies=dependencies)

    arrows = [a for a in figure.layout.annotations if a.showarrow]
    # 6 has no dates and 9 is not in the chart: only 5b's arrow is drawn.
    assert len(arrows) == 1
    arrow = arrows[0]
    assert arrow.name == "5b wacht op 5a"
    assert (arrow.ax, arrow.ay, arrow.x, arrow.y) == ("2026-06-30", 0, "2026-06-30", 2)
    assert (arrow.axref, arrow.ayref) == ("x", "y")


def test_afspraak_rows_draw_their_extent() -> None:
    figure = build_gantt([afspraak("1", "Q2-Q3 2026"), afspraak("2", None)], today=TODAY)

    assert bars(one(figure, "looptijd")) == {"1": ("2026-04-01", 183)}


def test_bands_mark_every_other_top_level_group() -> None:
    rows = [afspraak("4"), afspraak("5"), afspraak("5a"), afspraak("5b"), afspraak("6")]

    figure = build_gantt(rows, today=TODAY)

    bands = [(s.y0, s.y1) for s in figure.layout.shapes if s.type == "rect"]
    assert bands == [(0.5, 3.5)]  # 5 with 5a and 5b


def test_figure_serialises_and_config_exports_png_at_full_height() -> None:
    figure = build_gantt(plan(2), today=TODAY, title="Planning <test>")

    text = pio.to_json(figure, validate=True)
    config = figure_config("werkagenda-e5-planning")

    assert '"type":"bar"' in text.replace(" ", "")
    assert figure.layout.title.text == "Planning &lt;test&gt;"
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "filename": "werkagenda-e5-planning",
        "width": 1400,
        "height": None,
        "scale": 2,
    }
    assert config["locale"] == "nl" and config["displaylogo"] is False
    assert config["showSendToCloud"] is False and config["plotlyServerURL"] == ""


def test_plain_figure_is_what_plotly_makes_of_it() -> None:
    rows = plan(3)
    deps = [Dependency("2", "1"), Dependency("3", "2")]

    plain = build_figure(rows, today=TODAY, dependencies=deps, title="Planning")
    checked = go.Figure(plain).to_plotly_json()

    # JSON both ways: plotly turns tuples into lists and keeps no Python types of its own.
    assert json.loads(json.dumps(plain)) == json.loads(pio.to_json(checked, validate=False))
    # The template is plotly's default, for the trace types the chart draws.
    template = pio.templates[pio.templates.default].to_plotly_json()
    assert plain["layout"]["template"]["layout"] == template["layout"]
    assert plain["layout"]["template"]["data"] == {
        kind: template["data"][kind] for kind in ("bar", "scatter")
    }


def test_empty_plan_gives_an_empty_chart_around_today() -> None:
    figure = build_gantt([], today=TODAY)

    start, end = (date.fromisoformat(d) for d in figure.layout.xaxis.range)
    assert start < TODAY < end
    assert figure.data == ()


def test_spans_overlap_inclusively() -> None:
    q3 = span("Q3-2026")
    assert q3.overlaps(date(2026, 9, 30), date(2026, 12, 31))
    assert not q3.overlaps(date(2026, 10, 1), date(2026, 12, 31))
    assert q3.precision is Precision.QUARTER and not q3.exact


def test_rows_touch_a_period_through_plan_forecast_or_reached_date() -> None:
    row = mijlpaal("1", "A", "Q2-2026", forecast_text="Q4-2026", forecast=span("Q4-2026"))
    q3 = (date(2026, 7, 1), date(2026, 9, 30))

    assert not row.touches(*q3)
    assert row.touches(date(2026, 6, 1), date(2026, 6, 1))  # the plan
    assert row.touches(date(2026, 12, 1), date(2027, 1, 1))  # the forecast
    assert dataclasses.replace(row, reached_on=date(2026, 8, 1)).touches(*q3)
    assert not dataclasses.replace(row, planned=None, forecast=None).dated
    assert row.due == date(2026, 12, 31) and row.due - timedelta(days=1) == date(2026, 12, 30)
