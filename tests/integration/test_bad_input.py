"""Each input that once answered 500 now gets a Dutch answer, and nothing reaches the database."""

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session, col, func, select

from app.models import AccountRole, LoginThrottle, Partij, User, Voortgang
from app.seeding.load import LoadReport
from tests.conftest import AuthActions, csrf_token
from tests.factories import find_mijlpaal, make_user

HTMX = {"HX-Request": "true"}


@pytest.fixture
def secretariaat(session: Session, seeded: LoadReport, auth: AuthActions) -> AuthActions:
    make_user(session, email="sec@vbg.nl", name="Sanne Secretariaat", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    return auth


@pytest.mark.parametrize(
    "path", ["/agenda/partijen/%00.ics", "/afspraken/5a%00", "/?partij=KNMP%00", "/?a%00=1"]
)
def test_a_nul_in_the_address_is_refused_in_dutch(
    client: FlaskClient, seeded: LoadReport, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL-teken" in response.get_data(as_text=True)


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_saved(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    response = secretariaat.post(
        "/afspraken/3/mijlpalen/A/voortgang",
        {"status": "op_schema", "public_text": "Loopt\x00."},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert "NUL-teken" in response.get_data(as_text=True)
    saved = session.exec(select(Voortgang).where(col(Voortgang.public_text).startswith("Loopt")))
    assert saved.all() == []


def test_an_overlong_address_at_login_is_refused_before_the_database(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    response = client.post(
        "/inloggen",
        data={
            "email": "a" * 300 + "@vbg.nl",
            "password": "x" * 12,
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 401
    assert "Dit e-mailadres is te lang" in response.get_data(as_text=True)
    assert session.exec(select(func.count()).select_from(LoginThrottle)).one() == 0


def test_a_padded_date_phrase_is_stored_single_spaced(
    session: Session, secretariaat: AuthActions
) -> None:
    response = secretariaat.post(
        "/afspraken/3/mijlpalen/A/voortgang",
        {"status": "op_schema", "forecast_text": "  eind" + " " * 120 + "2027  "},
    )
    assert response.status_code == 302
    update = session.exec(select(Voortgang).order_by(col(Voortgang.id).desc())).first()
    assert update is not None and update.forecast_text == "eind 2027"


def test_a_date_phrase_longer_than_its_column_is_refused(
    session: Session, secretariaat: AuthActions
) -> None:
    mijlpaal = find_mijlpaal(session, "3", "A")
    phrase = "eind " + "x" * 100
    response = secretariaat.post(
        "/afspraken/3/mijlpalen/A/plan",
        {"text": "t", "planned_text": phrase, "reason": "r", "version": str(mijlpaal.version)},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Gebruik hoogstens 100 tekens (nu 105)" in response.get_data(as_text=True)


def test_a_party_id_of_5000_digits_is_an_unknown_party(
    session: Session, secretariaat: AuthActions
) -> None:
    knmp = session.exec(select(Partij).where(Partij.code == "KNMP")).one()
    response = secretariaat.post(
        "/gebruikers/nieuw",
        {
            "email": "nieuw@vbg.nl",
            "name": "Nieuw",
            "role": "partij_rapporteur",
            "password": "een-lang-wachtwoord",
            "partij": ["9" * 5000, str(knmp.id)],  # type: ignore[dict-item]
        },
    )
    assert response.status_code == 422
    assert "Onbekende partij" in response.get_data(as_text=True)
    assert session.exec(select(User).where(User.email == "nieuw@vbg.nl")).first() is None


@pytest.mark.parametrize("reminder", ["9" * 5000, "-1", "91"])
def test_a_reminder_out_of_bounds_is_refused(
    client: FlaskClient, seeded: LoadReport, reminder: str
) -> None:
    response = client.get(f"/agenda/mijlpalen.ics?herinnering={reminder}")
    assert response.status_code == 400
    assert "geef een aantal dagen van 0 tot en met 90" in response.get_data(as_text=True)


@pytest.mark.parametrize("user_id", ["2147483648", "9223372036854775808", "9" * 5000])
def test_an_account_number_beyond_the_database_range_is_not_found(
    client: FlaskClient, secretariaat: AuthActions, user_id: str
) -> None:
    assert client.get(f"/gebruikers/{user_id}").status_code == 404
    assert client.get("/gebruikers/2147483647").status_code == 404  # in range, no such row


def test_a_body_over_the_limit_is_refused_with_413_in_dutch(
    client: FlaskClient, seeded: LoadReport
) -> None:
    big = {"email": "a@b.nl", "password": "x" * (2 * 1024 * 1024)}
    response = client.post("/inloggen", data=big)
    assert response.status_code == 413
    assert "meer gegevens dan de app aanneemt" in response.get_data(as_text=True)
    htmx = client.post("/inloggen", data=big, headers=HTMX)
    assert htmx.status_code == 413
    assert htmx.get_data(as_text=True).startswith("Het formulier bevat meer gegevens")


def test_too_many_form_fields_are_refused_with_413(client: FlaskClient, seeded: LoadReport) -> None:
    fields = {f"veld{n}": "x" for n in range(500)}
    response = client.post("/inloggen", data=fields, content_type="multipart/form-data")
    assert response.status_code == 413


@pytest.mark.parametrize(
    "path",
    [
        "/afspraken/%3Cscript%3Ealert(1)",
        "/agenda/afspraken/%3Cscript%3Ealert(1).ics",
        "/afspraken/5a/mijlpalen/%3Cscript%3Ealert(1)",
        "/agenda/mijlpalen.ics?herinnering=%3Cscript%3Ealert(1)%3C/script%3E",
        "/agenda/mijlpalen.ics?periode=%3Cimg%20src=x%20onerror=alert(1)%3E",
    ],
)
def test_htmx_error_fragments_escape_what_they_quote(
    client: FlaskClient, seeded: LoadReport, path: str
) -> None:
    response = client.get(path, headers=HTMX)
    assert response.status_code in {400, 404}
    body = response.get_data(as_text=True)
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;" in body or "&lt;img" in body
