"""Every view puts a mijlpaal on the same day: reached, else latest forecast, else the plan.

Issue 11 point 1: 3-A reported reached on 15-10-2026 stayed in /agenda/afspraken/3.ics on its
planned date (31-03-2025) while the planning chart showed the reached date. Each case below is
reported through the progress form on 3-A (planned "Q3/4 2024 – Q1 2025", due 31 March 2025) and
then read back from each view: the afspraak page, the partij page, the overview, the reporting list,
the planning chart and the calendar feeds.
"""

import json
import re
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session

from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.icalendar_checks import events_by_uid, parse_feed, whole

PLANNED = date(2025, 3, 31)
FORECAST = date(2026, 12, 31)  # "december 2026": soon, so the lists of what is due show it
REACHED = date(2026, 10, 15)
UID = "mijlpaal-3-A@e5-werkagenda"
ROW_KEY = "3/mijlpaal/A"
FIGURE_RE = re.compile(r'<script type="application/json" id="grafiek-figuur">(.*?)</script>', re.S)

FORECAST_FORM = {"forecast_text": "december 2026", "public_text": "Later dan gepland."}
NTB_FORM = {"forecast_text": "data n.t.b.", "public_text": "Nog onbekend wanneer."}
REACHED_FORM = {"reached": "on", "reached_on": "15-10-2026", "public_text": "Klaar."}

# (what is reported, in order; the day 3-A stands on; whether it is still open)
CASES = {
    "planned-only": ([], PLANNED, True),
    "forecast": ([FORECAST_FORM], FORECAST, True),
    "ntb-forecast": ([NTB_FORM], None, True),
    "reached-without-forecast": ([REACHED_FORM], REACHED, False),
    "reached-after-forecast": ([FORECAST_FORM, REACHED_FORM], REACHED, False),
}


@pytest.fixture(params=list(CASES))
def case(
    request: pytest.FixtureRequest, session: Session, seeded: LoadReport, auth: AuthActions
) -> tuple[date | None, bool]:
    """Report the case on 3-A as KNMP's lead (opsteller of 3); stay signed in."""
    forms, day, still_open = CASES[request.param]
    make_user(session)
    auth.login()
    for form in forms:
        response = auth.post("/afspraken/3/mijlpalen/A/voortgang", form)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return day, still_open


def _times(html: str) -> list[date]:
    return [date.fromisoformat(d) for d in re.findall(r'<time datetime="([0-9-]+)">', html)]


def _between(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def test_afspraak_page(client: FlaskClient, case: tuple[date | None, bool]) -> None:
    day, still_open = case
    row = _between(client.get("/afspraken/3").get_data(as_text=True), 'id="mijlpaal-3-A"', "</tr>")
    cells = row.split('<td class="utrecht-table__cell">')
    planned, expected = cells[2], cells[3]
    assert _times(planned) == [PLANNED]  # the plan stays as the baseline
    if not still_open:
        assert f'bereikt op <time datetime="{day}">' in expected
        assert _times(expected) == [day]  # and not the forecast it had before
    elif day == PLANNED:
        assert "zoals gepland" in expected and _times(expected) == []
    elif day is None:
        assert "data n.t.b." in expected and _times(expected) == []
    else:
        assert _times(expected) == [day]


def test_partij_page(client: FlaskClient, case: tuple[date | None, bool]) -> None:
    day, still_open = case
    html = client.get("/partijen/KNMP").get_data(as_text=True)
    rows = [r for r in html.split("<tr") if ">3-A</a>" in r]
    if not still_open:
        assert rows == []  # reached: not open any more
        return
    (row,) = rows
    assert _times(row) == ([day] if day else [])
    if day is None:
        assert "geen datum" in row


def test_overview(client: FlaskClient, case: tuple[date | None, bool]) -> None:
    day, still_open = case
    html = client.get("/").get_data(as_text=True)
    row = _between(html, 'data-afspraak="3"', "</tr>")
    cells = row.split('<td class="utrecht-table__cell">')
    upcoming, overdue = cells[3], cells[4]
    mentions = [c for c in (upcoming, overdue) if re.search(r"\bA[:( ]", c)]
    if not still_open:
        assert mentions == []
    elif day == FORECAST:
        assert "A: december 2026" in upcoming and _times(upcoming) == [FORECAST]
        assert "A (" not in overdue
    elif day == PLANNED:
        assert f'A (<time datetime="{PLANNED}">' in overdue
    else:
        assert "A (datum n.t.b.)" in overdue and "A:" not in upcoming  # late, no date to show


def test_reporting_list(client: FlaskClient, case: tuple[date | None, bool]) -> None:
    day, still_open = case
    html = client.get("/te-rapporteren").get_data(as_text=True)
    item = _between(html, 'data-afspraak="3"', "</tr>") if 'data-afspraak="3"' in html else ""
    item = item.replace("\u00a0", " ")  # dates are kept on one line with no-break spaces
    late = "Mijlpaal A is te laat (uiterlijk 31 maart 2025)"
    # Late while the plan's date passed without it being reached, also after "data n.t.b.".
    assert (late in item) is (still_open and day != FORECAST)
    soon = "Mijlpaal A moet uiterlijk 31 december 2026 bereikt zijn"
    assert (soon in item) is (day == FORECAST)


def _marker_day(figure: dict[str, Any]) -> date | None:
    days = [
        date.fromisoformat(x[:10])
        for t in figure["data"]
        if t.get("meta", {}).get("kind") == "mijlpaal"
        for x, y in zip(t["x"], t["y"], strict=True)
        if y == ROW_KEY
    ]
    assert len(days) <= 1
    return days[0] if days else None


@pytest.mark.parametrize("url", ["/planning/afspraken/3", "/planning"])
def test_planning_chart(client: FlaskClient, case: tuple[date | None, bool], url: str) -> None:
    day, _ = case
    html = client.get(url).get_data(as_text=True)
    match = FIGURE_RE.search(html)
    assert match
    figure = json.loads(match.group(1))
    assert _marker_day(figure) == day
    undated = [y for t in figure["data"] if t.get("meta", {}).get("kind") == "ntb" for y in t["y"]]
    assert (ROW_KEY in undated) is (day is None)


@pytest.mark.parametrize("url", ["/agenda/afspraken/3.ics", "/agenda/mijlpalen.ics"])
def test_feed(client: FlaskClient, case: tuple[date | None, bool], url: str) -> None:
    day, still_open = case
    response = client.get(whole(url))  # an overdue one lies before the feeds' default window
    assert response.status_code == 200
    event = events_by_uid(parse_feed(response.get_data())).get(UID)
    if day is None:
        assert event is None  # "data n.t.b.": no day to sit on
        return
    assert event is not None
    assert event.decoded("DTSTART") == day
    assert ("(bereikt)" in str(event["SUMMARY"])) is (not still_open)


def test_span_feed_of_a_reached_mijlpaal_is_its_day(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session)
    auth.login()
    for form in (FORECAST_FORM, REACHED_FORM):
        auth.post("/afspraken/3/mijlpalen/A/voortgang", form)
    response = client.get("/agenda/afspraken/3.ics?periode=span")
    event = events_by_uid(parse_feed(response.get_data()))[UID]
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (REACHED, date(2026, 10, 16))
