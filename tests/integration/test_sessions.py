"""Sessions end everywhere: a copied cookie dies with logout, a new password or a disabled account;
re-enabling an account brings back neither its old sessions nor its old feed address."""

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, col, select

from app.feeds.tokens import create_token
from app.models import AccountRole, FeedToken, User, UserPartij
from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_user


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """A second browser holding a copy of the client's session cookie (say, a stolen one)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def signed_in(client: FlaskClient) -> bool:
    return client.get("/te-rapporteren").status_code == 200


def test_a_copied_cookie_is_anonymous_after_logout(
    app: Flask, client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session)
    auth.login()
    thief = copy_of(app, client)
    assert signed_in(thief)  # the copy works as long as the session does

    assert auth.logout().status_code == 302

    assert not signed_in(thief)
    assert "Uitloggen" not in thief.get("/").get_data(as_text=True)
    assert not signed_in(client)
    auth.login()  # logging in again gives a new session that works
    assert signed_in(client)
    assert not signed_in(thief)


def test_logout_ends_the_users_other_sessions_too(
    app: Flask, client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session)
    laptop = app.test_client()
    AuthActions(laptop).login()
    auth.login()
    auth.logout()
    assert not signed_in(laptop)


def test_another_users_logout_leaves_this_session_alone(
    app: Flask, client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session)
    make_user(session, email="lezer@vws.nl", name="Lezer", role=AccountRole.LEZER)
    auth.login()
    other = AuthActions(app.test_client())
    other.login("lezer@vws.nl")
    other.logout()
    assert signed_in(client)


def _secretariaat(app: Flask, session: Session) -> AuthActions:
    make_user(session, email="sec@vbg.nl", name="Sanne", role=AccountRole.SECRETARIAAT)
    secretariaat = AuthActions(app.test_client())
    secretariaat.login("sec@vbg.nl")
    return secretariaat


def _edit(secretariaat: AuthActions, user: User, session: Session, **changes: str) -> None:
    partijen = session.exec(select(UserPartij.partij_id).where(UserPartij.user_id == user.id))
    form = {
        "name": user.name,
        "email": user.email,
        "role": user.role.value,
        "partij": [str(p) for p in partijen],
        "active": "on",
        "password": "",
        **changes,
    }
    response = secretariaat.post(f"/gebruikers/{user.id}", form)  # type: ignore[arg-type]
    assert response.status_code == 302, response.get_data(as_text=True)


def test_disabling_an_account_ends_its_sessions_and_revoking_stays(
    app: Flask, client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    lead = make_user(session)
    auth.login()
    thief = copy_of(app, client)
    secretariaat = _secretariaat(app, session)

    _edit(secretariaat, lead, session, active="")
    assert not signed_in(client)
    assert not signed_in(thief)

    _edit(secretariaat, lead, session, active="on")
    assert not signed_in(client)  # re-enabling does not revive a session from before
    assert not signed_in(thief)
    assert auth.login().status_code == 302
    assert signed_in(client)


def test_re_enabling_an_account_does_not_revive_its_feed_address(
    app: Flask, client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    lead = make_user(session)
    assert lead.id is not None
    token = create_token(lead.id, session=session)
    session.commit()
    feed = f"/agenda/persoonlijk/{token}.ics"
    assert client.get(feed).status_code == 200
    secretariaat = _secretariaat(app, session)

    _edit(secretariaat, lead, session, active="")
    assert client.get(feed).status_code == 404
    session.expire_all()
    stored = session.exec(select(FeedToken).where(FeedToken.user_id == lead.id)).one()
    assert stored.revoked_at is not None

    _edit(secretariaat, lead, session, active="on")
    assert client.get(feed).status_code == 404
    active = session.exec(select(FeedToken).where(col(FeedToken.revoked_at).is_(None))).all()
    assert active == []


def test_a_new_password_ends_every_session_of_the_account(
    app: Flask, client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    lead = make_user(session)
    auth.login()
    thief = copy_of(app, client)
    secretariaat = _secretariaat(app, session)

    _edit(secretariaat, lead, session, password="een-heel-ander-wachtwoord")

    assert not signed_in(client)
    assert not signed_in(thief)
    assert auth.login(password=PASSWORD).status_code == 401
    assert auth.login(password="een-heel-ander-wachtwoord").status_code == 302


def test_a_new_own_password_keeps_the_session_that_set_it(
    app: Flask, client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session, email="sec@vbg.nl", name="Sanne", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    other_device = app.test_client()
    AuthActions(other_device).login("sec@vbg.nl")
    me = session.exec(select(User).where(User.email == "sec@vbg.nl")).one()

    _edit(auth, me, session, password="een-heel-ander-wachtwoord")

    assert client.get("/gebruikers").status_code == 200
    assert not signed_in(other_device)


def test_the_session_version_is_stored_and_raised_in_the_database(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    lead = make_user(session)
    assert lead.session_version == 1
    auth.login()
    with client.session_transaction() as cookie_session:
        assert cookie_session["_user_id"].startswith(f"{lead.id}:1:")
    auth.logout()
    auth.logout()  # a second logout (now signed out) changes nothing
    session.expire_all()
    assert session.get(User, lead.id).session_version == 2  # type: ignore[union-attr]
