"""Every route of the URL map, as every role: who may read, who may write, who is sent to log in.

The table below has one row per endpoint and method. A route added to the app without a row here
fails `test_every_route_has_an_expectation`, so nobody ships a page whose access was never
decided. Outcomes are what a user sees: `OK` (the page, a saved write, or a form that explains a
validation error), `LOGIN` (sent to the login page), `FORBIDDEN` (403).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from plotly.offline import get_plotlyjs_version
from sqlmodel import Session
from werkzeug.test import TestResponse

from app.models import AccountRole, Rapportageronde
from app.seeding.load import LoadReport
from tests.conftest import AuthActions, csrf_token
from tests.factories import make_user

OK, LOGIN, FORBIDDEN = "ok", "login", "403"
ROLES = ("anoniem", "lezer", "rapporteur-knmp", "secretariaat")


@dataclass(frozen=True)
class Expectation:
    url: str
    anoniem: str
    lezer: str
    rapporteur_knmp: str  # KNMP is opsteller of 3 and has no part in 9
    secretariaat: str

    def outcome(self, role: str) -> str:
        return str(getattr(self, role.replace("-", "_")))


def public(url: str) -> Expectation:
    return Expectation(url, OK, OK, OK, OK)


def signed_in(url: str) -> Expectation:
    return Expectation(url, LOGIN, OK, OK, OK)


def secretariaat_only(url: str) -> Expectation:
    return Expectation(url, LOGIN, FORBIDDEN, FORBIDDEN, OK)


def reporters_of(url: str, *, knmp: str) -> Expectation:
    return Expectation(url, LOGIN, FORBIDDEN, knmp, OK)


MATRIX: dict[tuple[str, str], Expectation] = {
    ("overview.index", "GET"): public("/"),
    ("overview.te_rapporteren", "GET"): signed_in("/te-rapporteren"),
    ("afspraken.detail", "GET"): public("/afspraken/3"),
    ("afspraken.status", "GET"): public("/afspraken/3/status"),
    ("afspraken.mijlpaal_row", "GET"): public("/afspraken/3/mijlpalen/A"),
    ("afspraken.report_afspraak", "GET"): reporters_of("/afspraken/9/voortgang", knmp=FORBIDDEN),
    ("afspraken.report_afspraak", "POST"): reporters_of("/afspraken/9/voortgang", knmp=FORBIDDEN),
    ("afspraken.report_mijlpaal", "GET"): reporters_of(
        "/afspraken/3/mijlpalen/A/voortgang", knmp=OK
    ),
    ("afspraken.report_mijlpaal", "POST"): reporters_of(
        "/afspraken/3/mijlpalen/A/voortgang", knmp=OK
    ),
    ("afspraken.edit_plan", "GET"): secretariaat_only("/afspraken/3/mijlpalen/A/plan"),
    ("afspraken.edit_plan", "POST"): secretariaat_only("/afspraken/3/mijlpalen/A/plan"),
    ("kamer.register", "GET"): public("/kamer/toezeggingen"),
    ("kamer.commitment", "GET"): public("/kamer/moties/mt-bushoff-centraal-meldpunt"),
    ("kamer.new_commitment", "GET"): secretariaat_only("/kamer/toezeggingen/nieuw"),
    ("kamer.new_commitment", "POST"): secretariaat_only("/kamer/moties/nieuw"),
    ("kamer.edit", "GET"): secretariaat_only("/kamer/toezeggingen/tz-2026-werkagenda-e5/bewerken"),
    ("kamer.edit", "POST"): secretariaat_only(
        "/kamer/moties/mt-bushoff-centraal-meldpunt/bewerken"
    ),
    ("kamer.change_status", "GET"): secretariaat_only(
        "/kamer/moties/mt-bushoff-centraal-meldpunt/status"
    ),
    ("kamer.change_status", "POST"): secretariaat_only(
        "/kamer/toezeggingen/tz-2026-werkagenda-e5/status"
    ),
    ("kamer.documents", "GET"): public("/kamer/kamerstukken"),
    ("kamer.document", "GET"): public("/kamer/kamerstukken/nota-2026-03-23"),
    ("partijen.index", "GET"): public("/partijen"),
    ("partijen.detail", "GET"): public("/partijen/KNMP"),
    ("gantt.whole", "GET"): public("/planning"),
    ("gantt.afspraak", "GET"): public("/planning/afspraken/3"),
    ("gantt.partij", "GET"): public("/planning/partijen/KNMP"),
    ("gantt.verschuivingen", "GET"): public("/planning/verschuivingen"),
    ("gantt.static", "GET"): public("/static-gantt/gantt.js"),
    ("gantt.plotly_js", "GET"): public("/static-plotly/{plotly}/plotly.min.js"),
    ("feeds.index", "GET"): public("/agenda"),
    ("feeds.mijlpalen", "GET"): public("/agenda/mijlpalen.ics"),
    ("feeds.afspraak", "GET"): public("/agenda/afspraken/3.ics"),
    ("feeds.partij", "GET"): public("/agenda/partijen/KNMP.ics"),
    ("feeds.toezeggingen", "GET"): public("/agenda/toezeggingen.ics"),
    # The token is the key; a wrong one opens nothing, whoever asks (and never logs anyone in).
    ("feeds.persoonlijk", "GET"): Expectation(
        "/agenda/persoonlijk/onbekend.ics", "404", "404", "404", "404"
    ),
    ("feeds.new_token", "POST"): signed_in("/agenda/persoonlijk"),
    ("feeds.revoke_token", "POST"): signed_in("/agenda/persoonlijk/intrekken"),
    ("excel.export", "GET"): public("/export/werkagenda.xlsx"),
    ("excel.template", "GET"): reporters_of("/partijen/KNMP/sjabloon.xlsx", knmp=OK),
    ("excel.upload", "GET"): reporters_of("/excel/inlezen", knmp=OK),
    # Without a file: the form says to choose one.
    ("excel.upload", "POST"): reporters_of("/excel/inlezen", knmp=OK),
    # Without a previewed upload: back to the upload form, nothing recorded.
    ("excel.confirm", "POST"): reporters_of("/excel/inlezen/bevestigen", knmp=OK),
    ("auth.login", "GET"): public("/inloggen"),
    ("auth.login", "POST"): public("/inloggen"),
    ("auth.logout", "POST"): public("/uitloggen"),
    ("auth.users", "GET"): secretariaat_only("/gebruikers"),
    ("auth.new_user", "GET"): secretariaat_only("/gebruikers/nieuw"),
    ("auth.new_user", "POST"): secretariaat_only("/gebruikers/nieuw"),
    ("auth.edit_user", "GET"): secretariaat_only("/gebruikers/{lezer_id}"),
    ("auth.edit_user", "POST"): secretariaat_only("/gebruikers/{lezer_id}"),
    ("rounds.index", "GET"): signed_in("/rapportage"),
    ("rounds.open_round", "POST"): secretariaat_only("/rapportage"),
    ("rounds.detail", "GET"): signed_in("/rapportage/{ronde_id}"),
    ("rounds.docx", "GET"): signed_in("/rapportage/{ronde_id}/voortgangsbrief.docx"),
    ("rounds.preview", "GET"): secretariaat_only("/rapportage/voorvertoning?peildatum=2026-12-31"),
    ("rounds.preview_docx", "GET"): secretariaat_only(
        "/rapportage/voorvertoning/voortgangsbrief.docx?peildatum=2026-12-31"
    ),
    ("pages.toegankelijkheid", "GET"): public("/toegankelijkheid"),
    ("health.healthz", "GET"): public("/healthz"),
    ("health.readyz", "GET"): public("/readyz"),
    ("static", "GET"): public("/static/app.css"),
    # The open-data API and its page: public, read-only.
    ("api.page", "GET"): public("/open-data"),
    ("api.index", "GET"): public("/api/v1/"),
    ("api.openapi", "GET"): public("/api/v1/openapi.json"),
    ("api.afspraken", "GET"): public("/api/v1/afspraken"),
    ("api.afspraak", "GET"): public("/api/v1/afspraken/3"),
    ("api.voortgangsberichten", "GET"): public("/api/v1/afspraken/3/voortgangsberichten"),
    ("api.mijlpalen", "GET"): public("/api/v1/mijlpalen"),
    ("api.activiteiten", "GET"): public("/api/v1/activiteiten"),
    ("api.partijen", "GET"): public("/api/v1/partijen"),
    ("api.partij", "GET"): public("/api/v1/partijen/KNMP"),
    ("api.toezeggingen", "GET"): public("/api/v1/toezeggingen"),
    ("api.toezegging", "GET"): public(
        "/api/v1/toezeggingen/tz-2026-vergoedingstermijnen-preferentiewissel"
    ),
    ("api.moties", "GET"): public("/api/v1/moties"),
    ("api.motie", "GET"): public("/api/v1/moties/mt-bushoff-centraal-meldpunt"),
    ("api.kamerstukken", "GET"): public("/api/v1/kamerstukken"),
    ("api.kamerstuk", "GET"): public("/api/v1/kamerstukken/nota-2026-03-23"),
}


def routes(app: Flask) -> Iterator[tuple[str, str]]:
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method


def test_every_route_has_an_expectation(app: Flask) -> None:
    assert sorted(set(routes(app)) - set(MATRIX)) == []
    assert sorted(set(MATRIX) - set(routes(app))) == []  # no row for a route that is gone


def outcome_of(response: TestResponse) -> str:
    if response.status_code == 302 and "/inloggen" in response.headers.get("Location", ""):
        return LOGIN
    if response.status_code == 403:
        return FORBIDDEN
    # A page, a write that redirects on, or a form that explains what to correct.
    if response.status_code in {200, 302, 401, 409, 422}:
        return OK
    return str(response.status_code)


@pytest.fixture
def signed_in_as(
    request: pytest.FixtureRequest, session: Session, seeded: LoadReport, auth: AuthActions
) -> dict[str, int]:
    lezer = make_user(session, email="lezer@vws.nl", name="Lees", role=AccountRole.LEZER)
    ronde = Rapportageronde(
        name="Voortgangsbrief Q4 2026", cutoff=date(2026, 12, 31), opened_by="Sec"
    )
    session.add(ronde)
    session.commit()
    role = request.param
    if role == "lezer":
        auth.login("lezer@vws.nl")
    elif role == "rapporteur-knmp":
        make_user(session)
        auth.login()
    elif role == "secretariaat":
        make_user(session, email="sec@vbg.nl", name="Sec", role=AccountRole.SECRETARIAAT)
        auth.login("sec@vbg.nl")
    return {"lezer_id": lezer.id or 0, "ronde_id": ronde.id or 0}


@pytest.mark.parametrize("signed_in_as", ROLES, indirect=True)
def test_each_role_gets_what_the_matrix_says(
    app: Flask, client: FlaskClient, signed_in_as: dict[str, int], request: pytest.FixtureRequest
) -> None:
    role = request.node.callspec.params["signed_in_as"]
    seen, wanted = {}, {}
    # Logging out last: after it the rest of the table would run as anonymous.
    rows = sorted(MATRIX.items(), key=lambda item: (item[0][0] == "auth.logout", item[0]))
    for (endpoint, method), expectation in rows:
        url = expectation.url.format(plotly=get_plotlyjs_version(), **signed_in_as)
        if method == "GET":
            response = client.get(url)
        else:
            # A real form post with the session's token and no fields: the write is checked for
            # permission before anything is validated.
            token = csrf_token(client, "/toegankelijkheid")
            response = client.post(url, data={"csrf_token": token})
        seen[(endpoint, method)] = outcome_of(response)
        response.close()  # static files are streamed from an open file
        wanted[(endpoint, method)] = expectation.outcome(role)
    assert seen == wanted
