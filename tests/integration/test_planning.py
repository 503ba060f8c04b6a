"""Planning views: rows from the seeded Werkagenda, the pages, plotly.js, and statement counts."""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.domain.periods import parse_period
from app.domain.status import Status
from app.gantt.queries import (
    afspraak_rows,
    find_slips,
    load_planning,
    partij_rows,
    rows_within,
)
from app.gantt.routes import PLOTLY_JS_VERSION
from app.gantt.rows import RowKind
from app.models import (
    Activiteit,
    ActiviteitPartij,
    Afhankelijkheid,
    AfhankelijkheidSoort,
    Afspraak,
    Mijlpaal,
    Partij,
)
from app.seeding.load import LoadReport
from tests.factories import make_voortgang

TODAY = date(2026, 11, 25)
PLOTLY_URL = f"/static-plotly/{PLOTLY_JS_VERSION}/plotly.min.js"
FIGURE_RE = re.compile(r'<script type="application/json" id="grafiek-figuur">(.*?)</script>', re.S)
ROW_RE = re.compile(r'data-row="([^"]+)"')


def figure_of(html: str) -> dict[str, Any]:
    match = FIGURE_RE.search(html)
    assert match, "no figure on the page"
    figure: dict[str, Any] = json.loads(match.group(1))
    return figure


def traces(figure: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [t for t in figure["data"] if t.get("meta", {}).get("kind") == kind]


def afspraak_id(session: Session, code: str) -> int:
    found = session.exec(select(Afspraak).where(Afspraak.code == code)).one()
    assert found.id is not None
    return found.id


def forecast(session: Session, code: str, label: str, phrase: str, **overrides: Any) -> None:
    """Record a forecast for a seeded mijlpaal, as a party would report it."""
    a_id = afspraak_id(session, code)
    mijlpaal = session.exec(
        select(Mijlpaal).where(Mijlpaal.afspraak_id == a_id, Mijlpaal.label == label)
    ).one()
    period = parse_period(phrase)
    make_voortgang(
        session,
        afspraak_id=a_id,
        mijlpaal_id=mijlpaal.id,
        forecast_text=phrase,
        forecast_start=period.start,
        forecast_end=period.end,
        forecast_precision=period.precision,
        **overrides,
    )


# --- Rows ------------------------------------------------------------------------------------


def test_rows_follow_the_werkagenda_with_5a_to_5f_under_5(
    session: Session, seeded: LoadReport
) -> None:
    planning = load_planning(session=session, today=TODAY)

    headers = [r.afspraak_code for r in planning.rows if r.kind is RowKind.AFSPRAAK]
    assert headers == ["1", "2", "3", "4", "5", "5a", "5b", "5c", "5d", "5e", "5f"] + [
        str(n) for n in range(6, 12)
    ]
    counts = {kind: sum(1 for r in planning.rows if r.kind is kind) for kind in RowKind}
    assert counts == {RowKind.AFSPRAAK: 17, RowKind.ACTIVITEIT: 75, RowKind.MIJLPAAL: 47}
    # Each afspraak's activities, then its mijlpalen, right under it.
    keys = [r.key for r in planning.rows]
    at = keys.index("5a")
    assert keys[at : at + 6] == [
        "5a",
        "5a/activiteit/1",
        "5a/activiteit/2",
        "5a/activiteit/3",
        "5a/mijlpaal/A",
        "5a/mijlpaal/B",
    ]
    assert {r.group for r in planning.rows if r.afspraak_code.startswith("5")} == {"5"}


def test_rows_keep_dates_as_written_with_their_precision(
    session: Session, seeded: LoadReport
) -> None:
    rows = {r.key: r for r in load_planning(session=session, today=TODAY).rows}

    q3 = rows["5b/mijlpaal/A"]
    assert q3.planned_text == "Q3-2026"
    assert q3.planned is not None
    assert (q3.planned.start, q3.planned.end, q3.planned.exact) == (
        date(2026, 7, 1),
        date(2026, 9, 30),
        False,
    )
    assert q3.overdue and q3.status is Status.VERTRAAGD
    assert rows["8/mijlpaal/Mijlpaal 3"].planned.exact  # type: ignore[union-attr]
    unplanned = rows["4/mijlpaal/Mijlpaal 3"]
    assert (unplanned.planned_text, unplanned.planned, unplanned.dated) == (
        "data n.t.b.",
        None,
        False,
    )
    # An afspraak row spans its items; 5 spans 5a-5f, which have the dates.
    assert rows["5"].planned is not None and rows["5a"].planned is not None
    assert rows["5"].planned.start <= rows["5a"].planned.start


def test_activity_rows_carry_their_parties(session: Session, seeded: LoadReport) -> None:
    rows = {r.key: r for r in load_planning(session=session, today=TODAY).rows}

    assert rows["10/activiteit/4"].partijen == ("IGJ", "VWS")


def test_afspraak_view_has_its_rows_and_the_afspraken_around_it(
    session: Session, seeded: LoadReport
) -> None:
    planning = load_planning(session=session, today=TODAY)
    view = planning.werkagenda.get("5b")
    assert view is not None

    rows = afspraak_rows(planning, view)

    headers = [r.afspraak_code for r in rows if r.kind is RowKind.AFSPRAAK]
    # 5b needs 5a, 5c and 5f; 5 and 9 need 5b.
    assert headers == ["5", "5a", "5b", "5c", "5f", "9"]
    assert {r.afspraak_code for r in rows if r.kind is not RowKind.AFSPRAAK} == {"5b"}


def test_parent_afspraak_view_holds_its_sub_afspraken(session: Session, seeded: LoadReport) -> None:
    planning = load_planning(session=session, today=TODAY)
    view = planning.werkagenda.get("5")
    assert view is not None

    items = {r.afspraak_code for r in afspraak_rows(planning, view) if r.kind is RowKind.MIJLPAAL}

    assert items == {"5a", "5b", "5c", "5d", "5e", "5f"}


def test_partij_view_has_what_it_writes_or_works_on(session: Session, seeded: LoadReport) -> None:
    planning = load_planning(session=session, today=TODAY)
    knmp = planning.werkagenda.partij("KNMP")
    assert knmp is not None

    rows = partij_rows(planning, knmp)

    headers = [r.afspraak_code for r in rows if r.kind is RowKind.AFSPRAAK]
    assert "3" in headers and "5d" in headers  # opsteller
    assert "1" in headers and "10" in headers  # samen met
    assert len([r for r in rows if r.afspraak_code == "10"]) == 1 + 6 + 3  # the whole of 10


def test_partij_view_shows_only_the_activities_it_is_named_for_elsewhere(
    session: Session, seeded: LoadReport
) -> None:
    planning = load_planning(session=session, today=TODAY)
    igj = planning.werkagenda.partij("IGJ")
    assert igj is not None

    rows = partij_rows(planning, igj)

    # IGJ takes no part in afspraak 2, but its activity 4 names IGJ.
    assert [r.key for r in rows if r.afspraak_code == "2"] == ["2", "2/activiteit/4"]


def test_period_keeps_what_touches_it_and_counts_the_undated(
    session: Session, seeded: LoadReport
) -> None:
    planning = load_planning(session=session, today=TODAY)

    rows, undated = rows_within(planning.rows, date(2026, 7, 1), date(2026, 9, 30))

    items = [r for r in rows if r.kind is not RowKind.AFSPRAAK]
    assert items and all(r.touches(date(2026, 7, 1), date(2026, 9, 30)) for r in items)
    assert "10/activiteit/3" in {r.key for r in items}  # Q3-2026
    assert "10/activiteit/1" not in {r.key for r in items}  # Q2-2026
    assert undated == sum(
        1 for r in planning.rows if r.kind is not RowKind.AFSPRAAK and not r.dated
    )
    assert undated == 44
    headers = {r.afspraak_code for r in rows if r.kind is RowKind.AFSPRAAK}
    # 5 has no items of its own; it stays above 5a-5f, whose items fall in the period.
    assert headers == {r.afspraak_code for r in items} | {"5"}


def test_period_keeps_the_afspraken_shown_for_their_dependencies(
    session: Session, seeded: LoadReport
) -> None:
    planning = load_planning(session=session, today=TODAY)
    view = planning.werkagenda.get("5b")
    assert view is not None

    rows, _ = rows_within(afspraak_rows(planning, view), date(2026, 7, 1), date(2026, 9, 30))

    headers = [r.afspraak_code for r in rows if r.kind is RowKind.AFSPRAAK]
    assert headers == ["5", "5a", "5b", "5c", "5f", "9"]
    far, _ = rows_within(afspraak_rows(planning, view), date(2028, 1, 1), date(2028, 12, 31))
    assert far == []


def test_slips_measure_the_move_and_name_what_waits(session: Session, seeded: LoadReport) -> None:
    forecast(session, "5a", "A", "Q1-2027", status=Status.VERTRAAGD)
    # Reached inside its planned quarter: no slip.
    forecast(session, "1", "C", "Q4-2026", reached_on=date(2026, 11, 2), status=Status.AFGEROND)

    slips = find_slips(load_planning(session=session, today=TODAY))

    [slip] = slips.moved
    assert slip.row.key == "5a/mijlpaal/A"
    assert slip.days == (date(2027, 3, 31) - date(2026, 6, 30)).days == 274
    waiting = {risk.afspraak.afspraak_code: risk for risk in slip.dependents}
    assert set(waiting) == {"5", "5b", "5c", "5f", "9"}
    # 5b's mijlpaal A (Q3-2026) falls before 5a's new date; B (Q1-2027) on the same day.
    assert [m.label for m in waiting["5b"].mijlpalen] == ["Mijlpaal A", "Mijlpaal B"]
    assert "5a/mijlpaal/A" not in {x.row.key for x in slips.late}
    assert "1/mijlpaal/C" not in {r.key for r in slips.rows}


def test_late_without_forecast_is_listed_by_days_late(session: Session, seeded: LoadReport) -> None:
    slips = find_slips(load_planning(session=session, today=TODAY))

    assert slips.moved == []
    assert slips.late[0].row.key == "3/mijlpaal/A"  # Q1 2025: the longest overdue
    assert slips.late[0].days == (TODAY - date(2025, 3, 31)).days
    assert [x.days for x in slips.late] == sorted((x.days for x in slips.late), reverse=True)
    assert all(x.row.overdue for x in slips.late)


# --- Pages -----------------------------------------------------------------------------------


def test_planning_page_embeds_the_figure_and_the_same_rows_as_a_table(
    client: FlaskClient, seeded: LoadReport
) -> None:
    response = client.get("/planning?periode=alles")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    figure = figure_of(html)
    categories = figure["layout"]["yaxis"]["categoryarray"]
    table = html[html.index('id="planning-tabel"') :]
    assert ROW_RE.findall(table) == categories
    assert len(categories) == 17 + 75 + 47
    # plotly.js once, from the app, deferred; no CDN and no inlined copy.
    assert html.count(f'<script src="{PLOTLY_URL}" defer></script>') == 1
    assert "cdn" not in html.lower()
    assert len(html) < 400_000
    assert '<script type="text/javascript">' not in html
    assert "5b wacht op 5a" in html  # the arrows in words
    assert 'aria-current="page">Planning</a>' in html
    assert "Getoond: alles, de hele planning." in html
    assert '<option value="alles" selected>Alles</option>' in html


def test_plotly_js_is_the_partial_bundle_of_the_package_version_and_cached_for_good(
    client: FlaskClient,
) -> None:
    with client.get(PLOTLY_URL) as response:
        status, mimetype, cache = response.status_code, response.mimetype, response.cache_control
        text = response.get_data(as_text=True)

    assert status == 200
    assert mimetype == "text/javascript"
    assert cache.max_age == 365 * 24 * 3600
    assert cache.immutable and cache.public
    # The basic bundle (scatter and bar, all the charts draw) of the version the figures target.
    assert text.startswith(f"/**\n* plotly.js (basic - minified) v{PLOTLY_JS_VERSION}\n")
    assert len(text) < 1_500_000  # the full plotly.min.js is 4.8 MB
    assert client.get("/static-plotly/0.0.1/plotly.min.js").status_code == 404


def test_plotly_is_loaded_only_on_planning_pages(client: FlaskClient, seeded: LoadReport) -> None:
    for path in ("/", "/afspraken/5b", "/partijen/KNMP"):
        assert "plotly" not in client.get(path).get_data(as_text=True)


def test_afspraak_and_partij_pages_link_to_their_planning(
    client: FlaskClient, seeded: LoadReport
) -> None:
    assert 'href="/planning/afspraken/5b"' in client.get("/afspraken/5b").get_data(as_text=True)
    assert 'href="/planning/partijen/KNMP"' in client.get("/partijen/KNMP").get_data(as_text=True)


def test_afspraak_planning_draws_only_its_own_dependencies(
    client: FlaskClient, seeded: LoadReport
) -> None:
    html = client.get("/planning/afspraken/5b").get_data(as_text=True)

    figure = figure_of(html)
    arrows = {a["name"] for a in figure["layout"]["annotations"] if a.get("showarrow")}
    assert arrows == {
        "5b wacht op 5a",
        "5b wacht op 5c",
        "5b wacht op 5f",
        "5 wacht op 5b",
        "9 wacht op 5b",
    }
    assert "Planning van afspraak 5b" in html
    assert 'href="/afspraken/5b"' in html


def test_partij_planning_page(client: FlaskClient, seeded: LoadReport) -> None:
    response = client.get("/planning/partijen/BG Pharma")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Planning van Bond van Groothandelaren" in html
    assert 'data-row="10/activiteit/1"' in html
    assert "werkagenda-e5-planning-bg-pharma" in html  # the export's file name


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/planning/afspraken/99", "Afspraak &#39;99&#39; bestaat niet."),
        ("/planning/partijen/NIEMAND", "Partij &#39;NIEMAND&#39; bestaat niet."),
    ],
)
def test_unknown_code_is_404_in_dutch(
    client: FlaskClient, seeded: LoadReport, path: str, message: str
) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert message in response.get_data(as_text=True)


def test_period_view_narrows_the_axis_and_the_rows(client: FlaskClient, seeded: LoadReport) -> None:
    html = client.get("/planning?van=2026-07-01&tot=2026-12-31").get_data(as_text=True)

    figure = figure_of(html)
    start, end = (date.fromisoformat(d[:10]) for d in figure["layout"]["xaxis"]["range"])
    assert date(2026, 6, 25) < start < date(2026, 7, 1)
    assert date(2027, 1, 1) < end < date(2027, 1, 8)
    assert figure["layout"]["xaxis"]["ticktext"][:2] == ["jul<br>2026", "aug<br>2026"]
    assert traces(figure, "ntb") == []
    assert "44 activiteiten en mijlpalen hebben nog geen datum (n.t.b.)" in html
    assert "Planning van de Werkagenda, 1 juli 2026 – 31 december 2026" in html
    assert 'data-row="10/activiteit/1"' not in html


def test_other_parameters_reuse_the_kept_chart_and_stay_out_of_its_links(
    client: FlaskClient, seeded: LoadReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.gantt.routes as routes

    built: list[str] = []
    real = routes.build_gantt

    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(kwargs["title"])
        return real(*args, **kwargs)

    monkeypatch.setattr(routes, "build_gantt", counted)
    pages = [
        client.get(f"/planning?periode=alles&{junk}").get_data(as_text=True)
        for junk in ("x=1", "x=2", "utm_source=mail", "periode=Q1-2027")
    ]
    assert len(built) == 1  # one chart for the period asked, whatever else the address holds
    assert len(set(pages)) == 1
    assert "x=1" not in pages[0] and "utm_source" not in pages[0]
    client.get("/planning?periode=Q1-2027")
    client.get("/planning?periode=alles&pagina=2")
    assert len(built) == 3  # another period or page is another chart


def test_quarter_view_on_an_afspraak(client: FlaskClient, seeded: LoadReport) -> None:
    html = client.get("/planning/afspraken/10?periode=Q4-2026").get_data(as_text=True)

    rows = ROW_RE.findall(html[html.index('id="planning-tabel"') :])
    assert rows == ["10", "10/activiteit/5", "10/activiteit/6", "10/mijlpaal/Mijlpaal 3"]
    assert '<option value="Q4-2026" selected>' in html


@pytest.mark.parametrize(
    "query",
    ["periode=Q5-2026", "van=morgen", "van=2026-12-31&tot=2026-01-01", "van=%3Cscript%3E"],
)
def test_bad_period_is_explained_not_fatal(
    client: FlaskClient, seeded: LoadReport, query: str
) -> None:
    response = client.get(f"/planning?{query}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="utrecht-alert utrecht-alert--error" role="alert"' in html
    assert re.search(r"(geen datum of periode die we kennen|ligt vóór de begindatum)", html)
    assert "<script>" not in html
    assert "Nu wordt de standaardperiode getoond." in html
    assert "Getoond: de standaardperiode, Q1 2025 – Q1 2028" in html
    assert len(figure_of(html)["layout"]["yaxis"]["categoryarray"]) == 138  # the default period


def rows_of(html: str) -> list[str]:
    return ROW_RE.findall(html[html.index('id="planning-tabel"') :])


def test_default_period_runs_from_last_quarter_to_five_ahead_and_back_to_the_oldest_late(
    client: FlaskClient, seeded: LoadReport
) -> None:
    html = client.get("/planning").get_data(as_text=True)

    # Today is 25 November 2026: from Q3 2026 to Q1 2028, but 3's mijlpaal A is late since
    # Q1 2025 and still open, so the period starts there.
    assert (
        "Getoond: de standaardperiode, Q1 2025 – Q1 2028: het vorige kwartaal tot en met vijf "
        "kwartalen vooruit, en terug tot Q1 2025 omdat daar de oudste mijlpaal ligt die nog open "
        "en te laat is."
    ) in html
    figure = figure_of(html)
    start, end = (date.fromisoformat(d[:10]) for d in figure["layout"]["xaxis"]["range"])
    assert date(2024, 12, 1) < start < date(2025, 1, 1)
    assert date(2028, 4, 1) < end < date(2028, 5, 1)
    rows = rows_of(html)
    assert rows == figure["layout"]["yaxis"]["categoryarray"]
    # Only 8's mijlpaal 3 (1 januari 2029) lies outside; the undated items stay.
    assert "8/mijlpaal/Mijlpaal 3" not in rows and "8" in rows
    assert "4/mijlpaal/Mijlpaal 3" in rows  # data n.t.b.
    assert len(rows) == 139 - 1
    assert "<strong>1 activiteit of mijlpaal valt buiten deze periode.</strong>" in html
    assert 'href="/planning?periode=alles">Toon alles</a>' in html
    title = figure["layout"]["title"]["text"]
    assert title == "Planning van de Werkagenda, Q1 2025 – Q1 2028 – stand 25 november 2026"
    # The period form: the default first, then everything, then the quarters; no JavaScript.
    form = html[html.index('aria-label="Periode kiezen"') :]
    form = form[: form.index("</form>")]
    assert re.findall(r'<option value="([^"]*)"', form)[:3] == ["", "alles", "Q3-2024"]
    assert '<option value="">Standaardperiode</option>' in form
    assert 'method="get" action="/planning"' in html


def test_default_period_starts_last_quarter_when_nothing_is_late_before(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    # Every late mijlpaal before Q3 2026 reached: the standard start holds.
    planning = load_planning(session=session, today=TODAY)
    for row in planning.rows:
        if row.overdue and row.due is not None and row.due < date(2026, 7, 1):
            label = row.key.split("/mijlpaal/")[1]
            forecast(session, row.afspraak_code, label, "Q4-2026", reached_on=date(2026, 11, 2))

    html = client.get("/planning").get_data(as_text=True)

    assert "Getoond: de standaardperiode, Q3 2026 – Q1 2028: het vorige kwartaal" in html
    assert "oudste mijlpaal" not in html
    rows = rows_of(html)
    assert "10/activiteit/1" not in rows  # Q2-2026: before the period
    assert "10/activiteit/3" in rows  # Q3-2026
    # Every afspraak keeps a row: each has an item in the period or one without a date.
    assert len({r for r in rows if "/" not in r}) == 17
    dated = {r.key for r in planning.rows if r.kind is not RowKind.AFSPRAAK and r.dated}
    left_out = len(dated - set(rows))
    assert left_out > 10
    assert (
        f"<strong>{left_out} activiteiten en mijlpalen vallen buiten deze periode.</strong>" in html
    )
    whole = rows_of(client.get("/planning?periode=alles").get_data(as_text=True))
    assert len(whole) == 139 and set(rows) < set(whole)


def test_an_afspraak_wholly_outside_the_period_is_left_out_and_counted(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    later = Afspraak(code="12", position=99, title="Later", agreement_text="Later")
    session.add(later)
    session.flush()
    assert later.id is not None
    for n, phrase in ((1, "Q2-2029"), (2, "Q3-2029")):
        period = parse_period(phrase)
        session.add(
            Mijlpaal(
                afspraak_id=later.id,
                label=f"M{n}",
                position=n,
                text=f"Mijlpaal {n}",
                planned_text=phrase,
                planned_start=period.start,
                planned_end=period.end,
                planned_precision=period.precision,
            )
        )
    session.commit()

    html = client.get("/planning").get_data(as_text=True)

    assert not {"12", "12/mijlpaal/M1", "12/mijlpaal/M2"} & set(rows_of(html))
    # With 8's mijlpaal 3 (1 januari 2029).
    assert (
        "<strong>1 afspraak en 3 activiteiten en mijlpalen vallen buiten deze periode.</strong>"
        in html
    )
    assert "12/mijlpaal/M2" in rows_of(client.get("/planning?periode=alles").get_data(as_text=True))


def test_default_period_of_one_afspraak_counts_what_it_leaves_out(
    client: FlaskClient, seeded: LoadReport
) -> None:
    html = client.get("/planning/afspraken/8").get_data(as_text=True)

    assert "8/mijlpaal/Mijlpaal 3" not in rows_of(html)
    assert "<strong>1 activiteit of mijlpaal valt buiten deze periode.</strong>" in html
    assert 'href="/planning/afspraken/8?periode=alles">Toon alles</a>' in html
    everything = client.get("/planning/afspraken/8?periode=ALLES").get_data(as_text=True)
    assert "8/mijlpaal/Mijlpaal 3" in rows_of(everything)
    assert "Niets valt buiten" not in everything and "valt buiten" not in everything


def test_slip_page_lists_moves_and_what_waits(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    forecast(session, "5a", "A", "Q1-2027", status=Status.VERTRAAGD)

    html = client.get("/planning/verschuivingen").get_data(as_text=True)

    moved = html[html.index('id="verschoven"') : html.index('id="te-laat"')]
    assert 'data-row="5a/mijlpaal/A"' in moved
    assert "274 dagen later" in moved
    assert "In gevaar:</strong> Mijlpaal A (Q3-2026), Mijlpaal B (Q1-2027)" in moved
    figure = figure_of(html)
    [baseline] = traces(figure, "baseline-datum")
    assert baseline["y"] == ["5a/mijlpaal/A"] and baseline["x"] == ["2026-06-30"]
    [slip] = traces(figure, "verschuiving")
    assert slip["x"][:2] == ["2026-06-30", "2027-03-31"]


def test_slip_page_leaves_a_move_beyond_the_default_period_out(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    # Planned on 1 januari 2029, now expected in Q2 2029: beyond the default period.
    forecast(session, "8", "Mijlpaal 3", "Q2-2029", status=Status.VERTRAAGD)

    html = client.get("/planning/verschuivingen").get_data(as_text=True)
    everything = client.get("/planning/verschuivingen?periode=alles").get_data(as_text=True)

    assert "Verschoven (0)" in html and "Verschoven (1)" in everything
    assert "<strong>1 activiteit of mijlpaal valt buiten deze periode.</strong>" in html
    assert 'data-row="8/mijlpaal/Mijlpaal 3"' not in html
    assert 'data-row="8/mijlpaal/Mijlpaal 3"' in everything
    assert "Te laat zonder nieuwe verwachting (26)" in html  # the late ones all stay
    garbage = client.get("/planning/verschuivingen?periode=%ff%fe").get_data(as_text=True)
    assert "Nu wordt de standaardperiode getoond." in garbage


def test_slip_page_without_forecasts_shows_the_late_ones(
    client: FlaskClient, seeded: LoadReport
) -> None:
    html = client.get("/planning/verschuivingen").get_data(as_text=True)

    assert "Geen enkele mijlpaal heeft een verwachting die afwijkt van de planning." in html
    assert "Te laat zonder nieuwe verwachting (26)" in html
    assert 'data-row="3/mijlpaal/A"' in html


def test_empty_database_says_there_is_nothing(client: FlaskClient) -> None:
    html = client.get("/planning").get_data(as_text=True)

    assert "Er is hier niets te tonen." in html
    assert "grafiek-figuur" not in html


# --- Statement counts ------------------------------------------------------------------------


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    """The SQL statements the app's database connection runs inside the block."""
    statements: list[str] = []
    bind = app.extensions["e5_engine"]

    def record(*args: Any) -> None:
        statements.append(args[2])

    sa.event.listen(bind, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(bind, "before_cursor_execute", record)


def grow(session: Session) -> None:
    """A twelfth afspraak with as many activities, mijlpalen, links and updates again."""
    extra = Afspraak(code="12", position=99, title="Extra", agreement_text="Extra")
    session.add(extra)
    session.flush()
    assert extra.id is not None
    partij = session.exec(select(Partij).where(Partij.code == "KNMP")).one()
    for n in range(1, 9):
        activiteit = Activiteit(
            afspraak_id=extra.id,
            number=n,
            text=f"Activiteit {n}",
            planned_text="Q3-2027",
            planned_start=date(2027, 7, 1),
            planned_end=date(2027, 9, 30),
            planned_precision="quarter",
        )
        session.add(activiteit)
        session.flush()
        assert activiteit.id is not None and partij.id is not None
        session.add(ActiviteitPartij(activiteit_id=activiteit.id, partij_id=partij.id))
        session.add(
            Mijlpaal(
                afspraak_id=extra.id,
                label=f"M{n}",
                position=n,
                text=f"Mijlpaal {n}",
                planned_text="Q4-2027",
                planned_start=date(2027, 10, 1),
                planned_end=date(2027, 12, 31),
                planned_precision="quarter",
            )
        )
    session.add(
        Afhankelijkheid(
            afspraak_id=extra.id,
            depends_on_id=afspraak_id(session, "5a"),
            kind=AfhankelijkheidSoort.RANDVOORWAARDE,
        )
    )
    session.commit()
    for n in range(1, 9):
        forecast(session, "12", f"M{n}", "Q1-2028")


@pytest.mark.parametrize(
    "path",
    [
        "/planning",
        "/planning/afspraken/5",
        "/planning/partijen/KNMP",
        "/planning/verschuivingen",
        "/planning?periode=Q3-2026",
    ],
)
def test_statement_count_does_not_grow_with_the_data(
    app: Flask, client: FlaskClient, session: Session, seeded: LoadReport, path: str
) -> None:
    # The first request after a change reads the Werkagenda anew (the read model keeps it per
    # data revision); the next one reads it from what was kept. Both counts must stay the same.
    with counting(app) as cold_before:
        assert client.get(path).status_code == 200
    with counting(app) as before:
        assert client.get(path).status_code == 200
    grow(session)
    with counting(app) as cold_after:
        html = client.get(path).get_data(as_text=True)
    with counting(app) as after:
        assert client.get(path).status_code == 200

    if path in ("/planning", "/planning/verschuivingen"):
        assert 'data-row="12/mijlpaal/M8"' in html  # the new rows are on the page
    if path == "/planning/partijen/KNMP":
        assert 'data-row="12/activiteit/8"' in html
    assert len(cold_after) == len(cold_before) <= 20
    assert len(after) == len(before) < len(cold_before)
