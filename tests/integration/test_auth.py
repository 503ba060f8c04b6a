"""Accounts: the CLI's first account, login, logout, session expiry, CSRF, who may see what."""

import time

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlmodel import Session, select

from app.models import AccountRole, User
from app.seeding.load import LoadReport, load_seed
from app.seeding.validate import ValidSeed
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_user


def test_cli_creates_first_secretariaat_with_hashed_password(
    runner: FlaskCliRunner, session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    result = runner.invoke(
        args=["users", "create-secretariaat", "Sec@VBG.nl", "--name", "Sanne"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Secretariaatsaccount sec@vbg.nl aangemaakt" in result.output
    user = session.exec(select(User).where(User.email == "sec@vbg.nl")).one()
    assert user.role is AccountRole.SECRETARIAAT
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    response = auth.login("sec@vbg.nl", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/te-rapporteren"


def test_cli_refuses_short_password_and_duplicate(runner: FlaskCliRunner, session: Session) -> None:
    short = runner.invoke(
        args=["users", "create-secretariaat", "a@b.nl", "--name", "A"], input="kort\nkort\n"
    )
    assert short.exit_code == 1
    assert "minstens 12 tekens" in short.output
    make_user(session, email="a@b.nl", role=AccountRole.SECRETARIAAT)
    duplicate = runner.invoke(
        args=["users", "create-secretariaat", "a@b.nl", "--name", "A", "--password", PASSWORD]
    )
    assert duplicate.exit_code == 1
    assert "a@b.nl bestaat al" in duplicate.output


def test_cli_says_which_of_address_and_name_is_wrong_before_asking_a_password(
    runner: FlaskCliRunner, session: Session
) -> None:
    bad_address = runner.invoke(
        args=["users", "create-secretariaat", "sanne.vbg.nl", "--name", "Sanne"], input=""
    )
    assert bad_address.exit_code == 1
    assert "'sanne.vbg.nl' is geen e-mailadres" in bad_address.output
    assert "zoals naam@organisatie.nl" in bad_address.output
    assert "naam op" not in bad_address.output  # a name was given
    assert "Wachtwoord" not in bad_address.output  # refused before the password is asked
    no_name = runner.invoke(
        args=["users", "create-secretariaat", "sanne@vbg.nl", "--name", "  "], input=""
    )
    assert no_name.exit_code == 1
    assert "(--name): Vul een naam in" in no_name.output
    assert "Wachtwoord" not in no_name.output
    assert session.exec(select(User)).all() == []


def test_wrong_password_is_refused_without_saying_which_part(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session)
    for email, password in [
        ("rapporteur@knmp.nl", "fout-wachtwoord-123"),
        ("niemand@x.nl", PASSWORD),
    ]:
        response = auth.login(email, password)
        assert response.status_code == 401
        assert "Het e-mailadres of het wachtwoord klopt niet" in response.get_data(as_text=True)
    assert client.get("/te-rapporteren").status_code == 302


def test_login_goes_back_to_the_page_asked_for_but_never_off_site(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    make_user(session)
    response = client.get("/te-rapporteren")
    assert response.headers["Location"] == "/inloggen?next=/te-rapporteren"
    token = _token(client)
    for next_value, expected in [
        ("/afspraken/3", "/afspraken/3"),
        ("//evil.example", "/te-rapporteren"),
        ("https://evil.example/", "/te-rapporteren"),
        ("/\t/evil.example", "/te-rapporteren"),  # browsers drop the tab: "//evil.example"
        ("/\n/evil.example", "/te-rapporteren"),
        ("/\\evil.example", "/te-rapporteren"),
    ]:
        response = client.post(
            "/inloggen",
            data={
                "email": "rapporteur@knmp.nl",
                "password": PASSWORD,
                "next": next_value,
                "csrf_token": token,
            },
        )
        assert response.headers["Location"] == expected
        token = _token(client, "/")


def test_logout_ends_the_session(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session)
    auth.login()
    assert client.get("/te-rapporteren").status_code == 200
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/te-rapporteren").status_code == 302


def test_logout_needs_a_post_with_token(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session)
    auth.login()
    assert client.get("/uitloggen").status_code == 405
    assert client.post("/uitloggen").status_code == 400  # no CSRF token: a forged logout
    assert client.get("/te-rapporteren").status_code == 200


def test_session_expires_after_the_absolute_limit(
    app: Flask, client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session)
    auth.login()
    with client.session_transaction() as cookie_session:
        assert cookie_session.permanent
        cookie_session["login_at"] = int(
            time.time() - app.config["SESSION_MAX_AGE"].total_seconds() - 60
        )
    response = client.get("/te-rapporteren", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Uw sessie is verlopen" in html
    assert '<h1 class="nl-heading nl-heading--level-1">Inloggen</h1>' in html


def test_idle_sessions_expire_with_the_cookie(app: Flask) -> None:
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 2 * 3600
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_deactivated_account_loses_its_session_at_once(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    user = make_user(session)
    auth.login()
    user.active = False
    session.add(user)
    session.commit()
    assert client.get("/te-rapporteren").status_code == 302
    assert auth.login().status_code == 401


def test_new_password_ends_other_sessions(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    from app.auth.passwords import hash_password

    user = make_user(session)
    auth.login()
    user.password_hash = hash_password("een-heel-ander-wachtwoord")
    session.add(user)
    session.commit()
    assert client.get("/te-rapporteren").status_code == 302


def test_post_without_csrf_token_is_refused_in_dutch(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    make_user(session)
    response = client.post("/inloggen", data={"email": "rapporteur@knmp.nl", "password": PASSWORD})
    assert response.status_code == 400
    assert "Het formulier is verlopen of kwam niet van deze website" in response.get_data(
        as_text=True
    )
    htmx = client.post("/inloggen", data={}, headers={"HX-Request": "true", "X-CSRFToken": "vals"})
    assert htmx.status_code == 400
    assert htmx.get_data(as_text=True).startswith("Het formulier is verlopen")


def test_internal_notes_are_for_signed_in_users_only(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    from app.models import Afspraak
    from tests.factories import make_voortgang

    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "6")).one()
    assert afspraak.id is not None
    make_voortgang(session, afspraak_id=afspraak.id, internal_note="Alleen voor intern gebruik")
    assert "Alleen voor intern gebruik" not in client.get("/afspraken/6").get_data(as_text=True)
    make_user(session, role=AccountRole.LEZER, email="lezer@vws.nl")
    auth.login("lezer@vws.nl")
    assert "Alleen voor intern gebruik" in client.get("/afspraken/6").get_data(as_text=True)


def _token(client: FlaskClient, path: str = "/inloggen") -> str:
    from tests.conftest import csrf_token

    return csrf_token(client, path)


def test_cli_lists_accounts_or_says_how_to_make_the_first(
    runner: FlaskCliRunner, session: Session, valid_seed: ValidSeed
) -> None:
    empty = runner.invoke(args=["users", "list"])
    assert "Er zijn nog geen accounts" in empty.output
    assert "users create-secretariaat" in empty.output
    load_seed(session, valid_seed, source_name="seed")
    make_user(session)
    listed = runner.invoke(args=["users", "list"])
    assert "rapporteur@knmp.nl\tPartij-rapporteur\tKNMP" in listed.output


def test_an_expired_session_sends_a_form_post_to_the_login_page(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session)
    auth.login()
    token = _token(client, "/")
    client.delete_cookie("session")  # what the browser does when the cookie's lifetime ends
    htmx = client.post(
        "/afspraken/3/voortgang",
        data={"status": "vertraagd", "csrf_token": token},
        headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/afspraken/3"},
    )
    assert htmx.status_code == 401
    assert htmx.headers["HX-Redirect"] == "/inloggen?next=/afspraken/3"
    page = client.get("/inloggen?next=/afspraken/3").get_data(as_text=True)
    assert "Uw sessie is verlopen, dus er is niets opgeslagen." in page
