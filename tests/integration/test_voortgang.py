"""Progress updates: who may post them, how forms answer (page and htmx), and that history grows."""

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session, col, func, select

from app.models import AccountRole, Afspraak, RecordedVia, User, Voortgang
from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import make_user

HTMX = {"HX-Request": "true"}


def voortgang_count(session: Session, code: str) -> int:
    return session.exec(
        select(func.count())
        .select_from(Voortgang)
        .join(Afspraak, col(Afspraak.id) == Voortgang.afspraak_id)
        .where(Afspraak.code == code)
    ).one()


@pytest.fixture
def knmp_lead(session: Session, seeded: LoadReport, auth: AuthActions) -> AuthActions:
    """Signed in as KNMP's lead: opsteller of 3, samen met on 5d, nothing to say about 9."""
    make_user(session)
    auth.login()
    return auth


def test_lead_posts_mijlpaal_update_as_plain_form(
    client: FlaskClient, session: Session, knmp_lead: AuthActions
) -> None:
    response = knmp_lead.post(
        "/afspraken/3/mijlpalen/C/voortgang",
        {
            "status": "aandacht_nodig",
            "public_text": "Concept AMvB ligt bij de Raad van State.",
            "internal_note": "Nog afstemmen met VWS-juristen.",
            "forecast_text": "Q1-2027",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/afspraken/3#mijlpaal-3-C"
    update = session.exec(select(Voortgang).order_by(col(Voortgang.id).desc())).first()
    assert update is not None
    assert update.recorded_by == "Rapporteur KNMP"
    account = session.exec(select(User).where(User.email == "rapporteur@knmp.nl")).one()
    assert (update.recorded_by_id, update.recorded_via, update.recorded_ref) == (
        account.id,
        RecordedVia.FORM,
        None,
    )
    assert update.effective_date == date(2026, 11, 25)
    assert update.forecast_end == date(2027, 3, 31)
    html = client.get("/afspraken/3").get_data(as_text=True)
    assert "Voortgang voor mijlpaal 3-C is opgeslagen." in html
    history = html[html.index("Voortgang (nieuwste eerst)") :]
    assert history.index("Concept AMvB ligt bij de Raad van State.") < history.index("</ol>")
    # Plan stays the baseline; the forecast shows beside it with the slip.
    assert "2025 – Q1 2026" in html and "Q1-2027" in html and "+365 dagen t.o.v. plan" in html


def test_htmx_update_returns_row_and_refreshes_status_and_history(
    client: FlaskClient, session: Session, knmp_lead: AuthActions
) -> None:
    response = knmp_lead.post(
        "/afspraken/3/mijlpalen/A/voortgang",
        {"reached": "on", "reached_on": "2026-11-20", "public_text": "Besluit genomen."},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<tr class="utrecht-table__row" id="mijlpaal-3-A">')
    assert 'bereikt op <time datetime="2026-11-20">20 november 2026</time>' in html
    assert (
        '<div id="status-samenvatting" hx-swap-oob="true">' in html and 'id="geschiedenis"' in html
    )
    assert html.count("hx-swap-oob=") == 4  # status, history, plan history, message
    assert "Voortgang voor mijlpaal 3-A is opgeslagen." in html


def test_htmx_form_opens_in_place_and_shows_errors_in_place(
    client: FlaskClient, session: Session, knmp_lead: AuthActions
) -> None:
    form = client.get("/afspraken/3/mijlpalen/B/voortgang", headers=HTMX)
    assert form.status_code == 200
    assert (
        form.get_data(as_text=True)
        .lstrip()
        .startswith('<tr class="utrecht-table__row app-form-row"')
    )
    before = voortgang_count(session, "3")
    response = knmp_lead.post(
        "/afspraken/3/mijlpalen/B/voortgang",
        {"forecast_text": "volgende week", "public_text": "Bijna klaar."},
        headers=HTMX,
    )
    assert response.status_code == 200  # htmx swaps only 2xx; the errors must show in place
    html = response.get_data(as_text=True)
    assert "&#39;volgende week&#39; is geen datum die de app kent" in html
    assert 'aria-invalid="true"' in html
    assert "Bijna klaar." in html  # what was typed is kept
    assert voortgang_count(session, "3") == before


def test_plain_form_with_errors_answers_422_with_the_page(
    client: FlaskClient, session: Session, knmp_lead: AuthActions
) -> None:
    response = knmp_lead.post("/afspraken/3/voortgang", {"internal_note": "alleen intern"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" in html
    assert "Alleen een interne notitie is geen voortgangsmelding." in html
    assert "alleen intern" in html


def test_afspraak_level_update_via_htmx(
    client: FlaskClient, session: Session, knmp_lead: AuthActions
) -> None:
    response = knmp_lead.post(
        "/afspraken/5d/voortgang",
        {"status": "op_schema", "public_text": "Werkgroep TT-artikelen gestart."},
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<p id="status-melden">')  # the form closes again
    assert "Werkgroep TT-artikelen gestart." in html


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/afspraken/9/voortgang"),
        ("post", "/afspraken/9/voortgang"),
        ("get", "/afspraken/9/mijlpalen/Mijlpaal 1/voortgang"),
        ("post", "/afspraken/9/mijlpalen/Mijlpaal 1/voortgang"),
        ("post", "/afspraken/5c/mijlpalen/1/voortgang"),
    ],
)
def test_lead_of_another_party_is_refused_with_403(
    client: FlaskClient, session: Session, knmp_lead: AuthActions, method: str, path: str
) -> None:
    before = voortgang_count(session, path.split("/")[2])
    if method == "get":
        response = client.get(path)
    else:
        response = knmp_lead.post(path, {"status": "afgerond", "public_text": "Gedaan."})
    assert response.status_code == 403
    assert "U mag geen voortgang melden voor afspraak" in response.get_data(as_text=True)
    assert voortgang_count(session, path.split("/")[2]) == before


def test_refusal_reaches_htmx_as_a_message(
    client: FlaskClient, session: Session, knmp_lead: AuthActions
) -> None:
    response = knmp_lead.post("/afspraken/9/voortgang", {"status": "vertraagd"}, headers=HTMX)
    assert response.status_code == 403
    assert response.get_data(as_text=True).startswith("U mag geen voortgang melden voor afspraak 9")


def test_no_buttons_where_the_lead_may_not_report(
    client: FlaskClient, session: Session, knmp_lead: AuthActions
) -> None:
    assert "Voortgang melden" in client.get("/afspraken/3").get_data(as_text=True)
    assert "Voortgang melden" not in client.get("/afspraken/9").get_data(as_text=True)


def test_lezer_may_not_report(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session, email="lezer@vws.nl", role=AccountRole.LEZER)
    auth.login("lezer@vws.nl")
    assert auth.post("/afspraken/3/voortgang", {"status": "vertraagd"}).status_code == 403


def test_secretariaat_may_report_anywhere(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session, email="sec@vbg.nl", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    response = auth.post("/afspraken/9/voortgang", {"status": "vertraagd", "public_text": "x"})
    assert response.status_code == 302


def test_anonymous_post_goes_to_login_and_saves_nothing(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    before = voortgang_count(session, "3")
    response = auth.post("/afspraken/3/voortgang", {"status": "vertraagd"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen?next=")
    htmx = auth.post("/afspraken/3/voortgang", {"status": "vertraagd"}, headers=HTMX)
    assert htmx.status_code == 401
    assert htmx.headers["HX-Redirect"].startswith("/inloggen?next=")
    assert voortgang_count(session, "3") == before


def test_forged_post_without_token_saves_nothing(
    client: FlaskClient, session: Session, knmp_lead: AuthActions
) -> None:
    before = voortgang_count(session, "3")
    response = client.post("/afspraken/3/voortgang", data={"status": "vertraagd"})
    assert response.status_code == 400
    assert voortgang_count(session, "3") == before


def test_a_correction_is_a_new_update_and_status_follows_the_latest(
    client: FlaskClient, session: Session, knmp_lead: AuthActions
) -> None:
    before = voortgang_count(session, "3")
    knmp_lead.post(
        "/afspraken/3/mijlpalen/B/voortgang", {"reached": "on", "reached_on": "2026-11-01"}
    )
    knmp_lead.post(
        "/afspraken/3/mijlpalen/B/voortgang",
        {"status": "vertraagd", "public_text": "Correctie: het besluit is nog niet genomen."},
    )
    assert voortgang_count(session, "3") == before + 2  # both kept, nothing rewritten
    html = client.get("/afspraken/3").get_data(as_text=True)
    row = html[html.index('id="mijlpaal-3-B"') :]
    row = row[: row.index("</tr>")]
    assert "bereikt op" not in row and "te laat" in row


def test_unknown_mijlpaal_is_404(client: FlaskClient, knmp_lead: AuthActions) -> None:
    response = client.get("/afspraken/3/mijlpalen/Z/voortgang")
    assert response.status_code == 404
    assert "Afspraak 3 heeft geen mijlpaal &#39;Z&#39;." in response.get_data(as_text=True)
