"""Routes of the planning views, and the vendored plotly.js partial bundle that draws them.

Each page builds its figure on the server and hands it to the browser as JSON in a data block;
gantt.js draws it with plotly.js once that (deferred) script has loaded. `to_html` is not used:
its inline script calls Plotly while the page is still being parsed, before a deferred
plotly.min.js has run, and would need an inline-script exception in any future CSP.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask import abort, render_template, request, send_file, url_for
from markupsafe import Markup
from plotly.offline import get_plotlyjs_version
from werkzeug.wrappers import Response

from app.afspraken.cache import current_werkagenda
from app.clock import today
from app.domain.labels import STATUS_LABELS
from app.domain.periods import day_after, format_day, quarter_bounds, quarter_of, quarter_starts
from app.gantt import bp
from app.gantt.figures import (
    Figure,
    build_gantt,
    drawn_dependencies,
    extent,
    figure_config,
    quarter_label,
)
from app.gantt.forms import PeriodChoice, parse_period_choice
from app.gantt.queries import (
    Late,
    Planning,
    Slip,
    Slips,
    Window,
    afspraak_dependencies,
    afspraak_rows,
    default_window,
    find_slips,
    load_planning,
    partij_rows,
    window_rows,
    with_headers,
)
from app.gantt.rows import Dependency, GanttRow, RowKind
from app.pagination import PARAM, PER_PAGE, Page, group_by, paginate
from app.read_model import kept, kept_html

# Only the trace types the charts draw (scatter, bar): 1.2 MB instead of the package's 4.8 MB
# plotly.min.js. scripts/vendor_assets.sh pins it to the version the plotly package targets.
PLOTLY_JS = (
    Path(__file__).resolve().parent.parent / "static" / "vendor" / "plotly" / "plotly-basic.min.js"
)
PLOTLY_JS_VERSION = get_plotlyjs_version()
ONE_YEAR = 365 * 24 * 3600


@bp.get("/static-plotly/<version>/plotly.min.js")
def plotly_js(version: str) -> Response:
    """The plotly.js bundle; the URL changes with its version, so browsers may keep it for a year
    without asking again."""
    if version != PLOTLY_JS_VERSION:
        abort(404, description=f"plotly.js versie '{version}' is hier niet beschikbaar.")
    response = send_file(PLOTLY_JS, mimetype="text/javascript", max_age=ONE_YEAR, conditional=True)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


def _planning() -> Planning:
    """Every chart row with its status, kept per data revision (read, never change)."""
    day = today()
    return kept(
        ("planning", day),
        lambda session: load_planning(
            session=session, today=day, werkagenda=current_werkagenda(day)
        ),
    )


@dataclass(frozen=True)
class Chart:
    """One page's chart: its rows in the period shown, that period, and the figure as JSON."""

    rows: list[GanttRow]
    window: Window | None
    figure_json: Markup
    dependencies: list[Dependency]  # the arrows drawn
    page: Page[GanttRow] | None = None  # which afspraken of the period, on a paged chart
    page_problem: str | None = None


def _chart(build: Callable[[], Chart]) -> Chart:
    """The chart of this address (page, period) today, built once per data revision."""
    return kept(("chart", *_address()), lambda _session: build())


PERIOD_PARAMS = ("periode", "van", "tot")  # what the planning pages read, besides the page


def _address() -> tuple[str, ...]:
    """What of this page's address decides what it shows: the path, the period and the page,
    today. Other parameters change nothing, so they make no kept value of their own: a new junk
    parameter on every request would build the chart each time and push kept values out."""
    period = (request.args.get(name, "").strip() for name in PERIOD_PARAMS)  # parsed stripped
    return (request.path, *period, request.args.get(PARAM, ""), today().isoformat())


def _period_args() -> dict[str, str]:
    """The period asked for, for the page links (without other parameters: see `_address`)."""
    return {name: value for name in PERIOD_PARAMS if (value := request.args.get(name, ""))}


@bp.get("/planning")
def whole() -> str:
    """The Werkagenda on a time line: the default period, a chosen one, or all of it."""
    planning = _planning()
    return _render(
        planning,
        lambda: planning.rows,
        heading="Planning van de Werkagenda",
        intro=(
            "Alle afspraken met hun activiteiten en mijlpalen op een tijdlijn, in de volgorde van "
            "de Werkagenda (5a–5f onder afspraak 5)."
        ),
        filename="werkagenda-e5-planning",
        endpoint_args={},
        paged=True,
    )


@bp.get("/planning/afspraken/<code>")
def afspraak(code: str) -> str:
    """One afspraak (with its sub-afspraken), and the afspraken it needs or that need it."""
    planning = _planning()
    view = planning.werkagenda.get(code)
    if view is None:
        abort(404, description=f"Afspraak '{code}' bestaat niet.")
    return _render(
        planning,
        lambda: afspraak_rows(planning, view),
        heading=f"Planning van afspraak {view.code}",
        intro=(
            f"{view.code}. {view.afspraak.title}. Afspraken die {view.code} eerst nodig heeft of "
            f"die op {view.code} wachten, staan er als één regel bij, met de pijlen ertussen."
        ),
        filename=f"werkagenda-e5-planning-afspraak-{view.code}",
        endpoint_args={"code": view.code},
        dependencies=afspraak_dependencies(planning, view),
        afspraak=view,
    )


@bp.get("/planning/partijen/<code>")
def partij(code: str) -> str:
    """What a party writes or works on, and the activities it is named for."""
    planning = _planning()
    found = planning.werkagenda.partij(code)
    if found is None:
        abort(404, description=f"Partij '{code}' bestaat niet.")
    return _render(
        planning,
        lambda: partij_rows(planning, found),
        heading=f"Planning van {found.name}",
        intro=(
            f"De afspraken waarvan {found.code} opsteller is of waaraan {found.code} meewerkt, en "
            f"de activiteiten elders waarbij {found.code} genoemd wordt."
        ),
        filename=f"werkagenda-e5-planning-{_file_part(found.code)}",
        endpoint_args={"code": found.code},
        partij=found,
        paged=True,
    )


@bp.get("/planning/verschuivingen")
def verschuivingen() -> str:
    """Mijlpalen whose forecast moved, by how much, and what waits on them."""
    planning = _planning()
    choice = parse_period_choice(request.args)
    shown = kept(("slips", *_address()), lambda _session: _slips_page(planning, choice))
    page_args = _period_args()

    def context() -> dict[str, Any]:
        return {
            "planning": planning,
            "slips": shown.slips,
            "moved": shown.moved,
            "late": shown.late,
            "rows": shown.chart.rows,
            **_window_context(choice, shown.chart.window, planning),
            "action": url_for("gantt.verschuivingen"),
            "status_labels": STATUS_LABELS,
            "dependencies": drawn_dependencies(shown.chart.rows, shown.chart.dependencies),
            **_chart_context(shown.chart, "werkagenda-e5-verschuivingen" + _period_suffix(choice)),
            "page": shown.page,
            "page_problem": shown.page_problem,
            "page_args": page_args,
            "per_page": PER_PAGE,
        }

    # The lists and chart show only data: rendered once per data revision and address.
    content = kept_html(
        ("slips page", *_address()),
        "gantt/partials/verschuivingen_content.html",
        context,
    )
    return render_template("gantt/verschuivingen.html", content=content)


@dataclass(frozen=True)
class SlipsPage:
    """One page of the verschuivingen: both lists over the period (for their counts), the
    slice of each this page shows, and the chart of just those mijlpalen."""

    slips: Slips
    moved: list[Slip]
    late: list[Late]
    chart: Chart
    page: Page[Slip | Late]
    page_problem: str | None


def _slips_page(planning: Planning, choice: PeriodChoice) -> SlipsPage:
    """Page N shows the Nth `PER_PAGE` of each list, so that both tables and the chart stay
    small however many mijlpalen moved (at 50 times the seed's size: 3 MB of page before)."""
    slips = find_slips(planning)
    in_period, window = _windowed(planning, with_headers(planning, slips.rows), choice)
    if window is not None:
        slips = _slips_in(slips, {r.key for r in in_period})
    chunks = max(-(-len(slips.moved) // PER_PAGE), -(-len(slips.late) // PER_PAGE), 1)
    groups: list[list[Slip | Late]] = [
        [
            *slips.moved[i * PER_PAGE : (i + 1) * PER_PAGE],
            *slips.late[i * PER_PAGE : (i + 1) * PER_PAGE],
        ]
        for i in range(chunks)
    ]
    page, problem = paginate(groups, request.args, per_page=1)
    keys = {item.row.key for item in page.items}
    codes = {item.row.afspraak_code for item in page.items}
    rows = [
        r
        for r in in_period
        if r.key in keys or (r.kind is RowKind.AFSPRAAK and r.afspraak_code in codes)
    ]
    figure = build_gantt(
        rows,
        today=planning.today,
        dependencies=planning.dependencies,
        window=_axis(window),
        title=_chart_title("Verschoven en te late mijlpalen", window, planning),
    )
    return SlipsPage(
        slips,
        [item for item in page.items if isinstance(item, Slip)],
        [item for item in page.items if isinstance(item, Late)],
        Chart(rows, window, _figure_json(figure), planning.dependencies),
        page,
        problem,
    )


def _render(
    planning: Planning,
    rows: Callable[[], list[GanttRow]],  # called only when the chart is built anew
    *,
    heading: str,
    intro: str,
    filename: str,
    endpoint_args: dict[str, Any],
    dependencies: list[Dependency] | None = None,
    paged: bool = False,
    **extra: Any,
) -> str:
    if dependencies is None:
        dependencies = planning.dependencies
    choice = parse_period_choice(request.args)
    arrows = dependencies

    def build() -> Chart:
        shown, window = _windowed(planning, rows(), choice)
        page, problem = _chart_page(planning, shown) if paged else (None, None)
        if page is not None:
            shown = page.items
        figure = build_gantt(
            shown,
            today=planning.today,
            dependencies=arrows,
            window=_axis(window),
            title=_chart_title(heading, window, planning),
        )
        return Chart(shown, window, _figure_json(figure), arrows, page, problem)

    chart = _chart(build)
    page_args = {**endpoint_args, **_period_args()}
    # The table under the chart (its text alternative) is as long as the chart: kept with it.
    table = kept_html(
        ("chart table", *_address()),
        "gantt/partials/table.html",
        lambda: {
            "rows": chart.rows,
            "status_labels": STATUS_LABELS,
            "table_id": "planning-tabel",
            "caption": "Afspraken, activiteiten en mijlpalen in de volgorde van de grafiek: "
            f"{len(chart.rows)} regels",
        },
    )
    return render_template(
        "gantt/planning.html",
        planning=planning,
        rows=chart.rows,
        table=table,
        heading=heading,
        intro=intro,
        **_window_context(choice, chart.window, planning),
        action=url_for(request.endpoint or "gantt.whole", **endpoint_args),
        status_labels=STATUS_LABELS,
        dependencies=drawn_dependencies(chart.rows, chart.dependencies),
        **_chart_context(chart, filename + _period_suffix(choice)),
        page=chart.page,
        page_problem=chart.page_problem,
        page_endpoint=request.endpoint or "gantt.whole",
        page_args=page_args,
        **extra,
    )


# A chart of more afspraken than this is drawn in pages (at the seed's size it is one page).
CHART_PAGE = 25


def _chart_page(planning: Planning, rows: list[GanttRow]) -> tuple[Page[GanttRow], str | None]:
    """The page `?pagina=` asks for, counted in top-level afspraken: an afspraak comes with its
    sub-afspraken, activities and mijlpalen, so a page never cuts one."""
    top = {a.code: a.parent_code or a.code for a in planning.werkagenda.afspraken}
    groups = group_by(rows, lambda r: top.get(r.afspraak_code, r.afspraak_code))
    return paginate(groups, request.args, per_page=CHART_PAGE)


def _windowed(
    planning: Planning, rows: list[GanttRow], choice: PeriodChoice
) -> tuple[list[GanttRow], Window | None]:
    """The rows in the period the page shows, and that period (None: the whole plan)."""
    if choice.everything:
        return rows, None
    if choice.active:
        chosen = choice.window(extent(rows, planning.today))
        assert chosen is not None  # an active choice has a window
        return window_rows(rows, *chosen, default=False)
    start, end, late_since = default_window(rows, planning.today)
    return window_rows(rows, start, end, default=True, late_since=late_since)


def _axis(window: Window | None) -> tuple[date, date] | None:
    # The window's last day is shown whole: the axis runs to the start of the day after.
    return (window.start, day_after(window.end)) if window else None


def _chart_title(heading: str, window: Window | None, planning: Planning) -> str:
    shown = period_text(window) if window else "alles"
    return f"{heading}, {shown} – stand {format_day(planning.today)}"


def period_text(window: Window) -> str:
    """'Q3 2026 – Q1 2028' for whole quarters, else the first and last day."""
    first, last = quarter_bounds(window.start)[0], quarter_bounds(window.end)[1]
    if (first, last) == (window.start, window.end):
        return f"{quarter_label(first)} – {quarter_label(last)}"
    return f"{format_day(window.start)} – {format_day(window.end)}"


def _window_context(
    choice: PeriodChoice, window: Window | None, planning: Planning
) -> dict[str, Any]:
    """What the period form and the sentence under it need (gantt/partials/period.html)."""
    return {
        "choice": choice,
        "window": window,
        "window_text": period_text(window) if window else "",
        "late_quarter": (
            quarter_label(quarter_bounds(window.late_since)[0])
            if window and window.late_since
            else ""
        ),
        "quarter_options": _quarter_options(planning),
    }


def _slips_in(slips: Slips, keys: set[str]) -> Slips:
    return Slips(
        [s for s in slips.moved if s.row.key in keys], [x for x in slips.late if x.row.key in keys]
    )


def _figure_json(figure: Figure) -> Markup:
    return _script_json(json.dumps(figure, separators=(",", ":")))


def _chart_context(chart: Chart, filename: str) -> dict[str, Any]:
    return {
        "figure_json": chart.figure_json,
        "config_json": _script_json(json.dumps(figure_config(filename))),
        "plotly_js_url": url_for("gantt.plotly_js", version=PLOTLY_JS_VERSION),
    }


def _script_json(text: str) -> Markup:
    """JSON that is safe inside <script type="application/json">: no '</script>' can end it."""
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, escape)
    # Safe for bandit B704: every character that could end the script element is escaped above.
    return Markup(text)  # nosec B704


def _quarter_options(planning: Planning) -> list[tuple[str, str]]:
    """The quarters the plan spans, for the period form (kept: it reads every row)."""

    def options() -> list[tuple[str, str]]:
        first, last = extent(planning.rows, planning.today)
        return [
            (f"Q{quarter_of(q)}-{q.year}", f"Q{quarter_of(q)} {q.year}")
            for q in quarter_starts(first, last)
        ]

    return kept(("quarter options", planning.today), lambda _session: options())


def _period_suffix(choice: PeriodChoice) -> str:
    """The chosen period in an export's file name; the default period and 'alles' add nothing."""
    if not choice.active:
        return ""
    start = choice.start.isoformat() if choice.start else "begin"
    end = choice.end.isoformat() if choice.end else "eind"
    return f"-{start}-{end}"


def _file_part(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-").lower()
