"""Dates typed into the app: refused with a message at the field, and never a page down.

Issue 11 point 2 (reached together with a new forecast) and point 9 (a year such as 9999 in a
forecast, a reached date, a plan phrase or a planning period answered 500 for every visitor).
"""

import re
from datetime import date

import pytest
from flask.testing import FlaskClient
from markupsafe import escape
from sqlmodel import Session, col, func, select

from app.models import AccountRole, Voortgang
from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import find_mijlpaal, make_user, make_voortgang

HTMX = {"HX-Request": "true"}
REPORT_C = "/afspraken/3/mijlpalen/C/voortgang"
EVERY_VIEW = [
    "/",
    "/afspraken/3",
    "/partijen/KNMP",
    "/te-rapporteren",
    "/planning",
    "/planning/afspraken/3",
    "/planning/partijen/KNMP",
    "/planning/verschuivingen",
    "/agenda/mijlpalen.ics",
    "/agenda/mijlpalen.ics?periode=span&herinnering=7",
    "/agenda/afspraken/3.ics",
    "/agenda/partijen/KNMP.ics",
]
REACHED_WITH_FORECAST = (
    "Een bereikte mijlpaal krijgt geen nieuwe verwachte datum. Maak dit veld leeg, of vink "
    "'Mijlpaal bereikt' uit als de mijlpaal nog niet bereikt is."
)
OUTSIDE_9999 = (
    "Jaartal 9999 valt buiten de jaren 2000–2100 in 'Q4-9999': gebruik een jaartal van 2000 tot "
    "en met 2100, bijvoorbeeld 'Q4-2026'."
)


@pytest.fixture
def knmp_lead(session: Session, seeded: LoadReport, auth: AuthActions) -> AuthActions:
    make_user(session)
    auth.login()
    return auth


def updates(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Voortgang)).one()


def error_at(html: str, field: str) -> str:
    """The message shown at one field of the form."""
    match = re.search(rf'id="[^"]*{field}-fout"><strong>Fout:</strong> ([^<]*)</div>', html)
    assert match, f"no error at {field}"
    return match.group(1)


def assert_every_view_answers(client: FlaskClient) -> None:
    for url in EVERY_VIEW:
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        pytest.param(
            {"reached": "on", "reached_on": "01-11-2026", "forecast_text": "Q2-2027"},
            "forecast_text",
            REACHED_WITH_FORECAST,
            id="reached-with-forecast",
        ),
        pytest.param({"forecast_text": "Q4-9999"}, "forecast_text", OUTSIDE_9999, id="q4-9999"),
        pytest.param(
            {"reached": "on", "reached_on": "0001-01-01"},
            "reached_on",
            "'0001-01-01' ligt niet tussen 2000 en 2100. Controleer het jaartal.",
            id="reached-year-1",
        ),
    ],
)
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_progress_form_refuses_at_the_field_and_saves_nothing(
    client: FlaskClient,
    session: Session,
    knmp_lead: AuthActions,
    form: dict[str, str],
    field: str,
    message: str,
    htmx: bool,
) -> None:
    before = updates(session)
    response = knmp_lead.post(
        REPORT_C, {**form, "public_text": "Wat er gebeurde."}, headers=HTMX if htmx else {}
    )
    html = response.get_data(as_text=True)
    if htmx:  # htmx swaps only 2xx: the form row comes back in place, with the message
        assert response.status_code == 200
        assert html.lstrip().startswith('<tr class="utrecht-table__row app-form-row"')
    else:
        assert response.status_code == 422
        assert "<html" in html
    assert error_at(html, field) == str(escape(message))
    assert "Wat er gebeurde." in html  # nothing typed is lost
    assert updates(session) == before
    assert_every_view_answers(client)


def test_planning_period_outside_the_window_is_explained(
    client: FlaskClient, seeded: LoadReport
) -> None:
    for url in ("/planning?periode=Q4-9999", "/planning/afspraken/1?van=0001-01-01"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "valt buiten de jaren 2000–2100; gebruik een jaartal van 2000 tot en met 2100" in (
            html.replace("&#39;", "'")
        )


def test_plan_edit_outside_the_window_is_refused(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session, email="sanne@vws.nl", name="Sanne", role=AccountRole.SECRETARIAAT)
    auth.login("sanne@vws.nl")
    response = auth.post(
        "/afspraken/3/mijlpalen/C/plan",
        {"text": "Wetswijziging", "planned_text": "Q4-9999", "reason": "Tikfout"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert str(escape(OUTSIDE_9999)) in error_at(response.get_data(as_text=True), "planned_text")
    assert find_mijlpaal(session, "3", "C").planned_text != "Q4-9999"


def test_dates_stored_before_the_window_check_take_no_view_down(
    client: FlaskClient, session: Session, knmp_lead: AuthActions
) -> None:
    """A forecast 31-12-9999 and a reached date 1-1-0001 saved before the fix still render."""
    c = find_mijlpaal(session, "3", "C")
    make_voortgang(
        session,
        afspraak_id=c.afspraak_id,
        mijlpaal_id=c.id,
        forecast_text="Q4-9999",
        forecast_start=date(9999, 10, 1),
        forecast_end=date(9999, 12, 31),
        forecast_precision="quarter",
    )
    b = find_mijlpaal(session, "3", "B")
    make_voortgang(
        session,
        afspraak_id=b.afspraak_id,
        mijlpaal_id=b.id,
        status="afgerond",
        reached_on=date(1, 1, 1),
    )
    assert session.exec(select(func.max(col(Voortgang.forecast_end)))).one() == date(9999, 12, 31)
    assert_every_view_answers(client)
