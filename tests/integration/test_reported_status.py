"""Where the app shows another status than a party reported, it says both, by whom, and why."""

import re

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session

from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import make_user

HTMX = {"HX-Request": "true"}
# KNMP reported "Op schema" on 5d on 25 November 2026, when two of 5d's mijlpalen were late.
SAID = (
    "Gemeld: Op schema (Rapporteur KNMP, 25 november 2026). "
    "Getoond: Vertraagd, omdat 2 mijlpalen te laat zijn."
)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def row(html: str, code: str) -> str:
    match = re.search(rf'data-afspraak="{re.escape(code)}".*?</tr>', html, re.S)
    assert match, f"no row for {code}"
    return text(match.group(0))


@pytest.fixture
def reported_op_schema(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> str:
    """KNMP's lead reports 5d as on schedule; returns the htmx answer to that post."""
    make_user(session)
    auth.login()
    response = auth.post(
        "/afspraken/5d/voortgang",
        {"status": "op_schema", "public_text": "Loopt volgens plan."},
        headers=HTMX,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_afspraak_page_says_what_was_reported_and_why_it_shows_otherwise(
    client: FlaskClient, reported_op_schema: str
) -> None:
    html = client.get("/afspraken/5d").get_data(as_text=True)
    summary = html[html.index('id="status-samenvatting"') : html.index('id="afspraak-kop"')]
    assert SAID in text(summary)
    assert '<time datetime="2026-11-25">25 november 2026</time>' in summary


def test_the_status_refreshed_after_saving_says_it_too(reported_op_schema: str) -> None:
    summary = reported_op_schema[reported_op_schema.index('id="status-samenvatting"') :]
    assert SAID in text(summary)


def test_overview_row_says_what_was_reported_and_why(
    client: FlaskClient, reported_op_schema: str
) -> None:
    html = client.get("/").get_data(as_text=True)
    assert SAID in row(html, "5d")
    # An afspraak without a report of its own only gives the reason, as before.
    assert "Gemeld" not in row(html, "5a")
    assert "2 mijlpalen te laat" in row(html, "5a")
    fragment = client.get("/?partij=KNMP", headers=HTMX).get_data(as_text=True)
    assert SAID in row(fragment, "5d")


def test_no_note_where_the_report_and_the_status_agree(
    client: FlaskClient, reported_op_schema: str, auth: AuthActions
) -> None:
    auth.post("/afspraken/5d/voortgang", {"status": "vertraagd", "public_text": "Loopt uit."})
    html = client.get("/afspraken/5d").get_data(as_text=True)
    assert "Gemeld:" not in html
    assert "Gemeld:" not in row(client.get("/").get_data(as_text=True), "5d")
