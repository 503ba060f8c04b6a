"""Personal feeds behind a secret token: made, shown once, scoped, revoked; never a login."""

import hashlib
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, col, select

from app.models import AccountRole, FeedToken, User
from app.seeding.load import LoadReport
from tests.conftest import AuthActions, csrf_token
from tests.factories import find_mijlpaal, make_user, make_voortgang
from tests.icalendar_checks import events_by_uid, parse_feed, text, whole

TOKEN_URL = re.compile(r"http://localhost/agenda/persoonlijk/([A-Za-z0-9_-]+)\.ics")
NOTE = "INTERN: de achterban twijfelt nog"


def new_token(auth: AuthActions) -> str:
    """Make a personal link through the page's form and read it from the answer, as a user does."""
    response = auth.post("/agenda/persoonlijk", {})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "U ziet het alleen nu" in html
    match = TOKEN_URL.search(html)
    assert match, "the new link is on the page"
    assert f'href="webcal://localhost/agenda/persoonlijk/{match.group(1)}.ics"' in html
    return match.group(1)


def personal(client: FlaskClient, token: str, **kwargs: object) -> bytes:
    response = client.get(f"/agenda/persoonlijk/{token}.ics", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data()


def mijlpaal_id(session: Session, code: str, label: str) -> tuple[int, int]:
    m = find_mijlpaal(session, code, label)
    assert m.id is not None
    return m.afspraak_id, m.id


@pytest.fixture
def rapporteur(session: Session, seeded: LoadReport, auth: AuthActions) -> AuthActions:
    make_user(session, email="rapporteur@knmp.nl", name="Karin Knmp", partij_codes=("KNMP",))
    auth.login("rapporteur@knmp.nl")
    return auth


def test_token_is_shown_once_and_stored_only_as_its_hash(
    client: FlaskClient, session: Session, rapporteur: AuthActions
) -> None:
    token = new_token(rapporteur)
    assert len(token) >= 43  # 32 random bytes: 256 bits
    stored = session.exec(select(FeedToken)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(stored.model_dump())
    assert "karin" not in token.lower() and "knmp" not in token.lower()

    page = client.get("/agenda").get_data(as_text=True)
    assert token not in page  # never shown again
    assert "U heeft een persoonlijk agenda-adres, gemaakt op" in page
    assert "nog niet opgehaald" in page


def test_personal_feed_holds_the_parties_afspraken_with_internal_notes(
    client: FlaskClient, session: Session, rapporteur: AuthActions
) -> None:
    afspraak_id, id_5a = mijlpaal_id(session, "5a", "A")
    make_voortgang(session, afspraak_id=afspraak_id, mijlpaal_id=id_5a, internal_note=NOTE)
    afspraak_id, id_8 = mijlpaal_id(session, "8", "Mijlpaal 1")
    make_voortgang(session, afspraak_id=afspraak_id, mijlpaal_id=id_8, internal_note="ANDERS")
    token = new_token(rapporteur)

    response = client.get(whole(f"/agenda/persoonlijk/{token}.ics"))
    calendar = parse_feed(response.get_data())
    items = events_by_uid(calendar)
    codes = {uid.split("-")[1] for uid in items if uid.startswith("mijlpaal-")}
    assert "5a" in codes and "1" in codes
    assert {"5c", "8", "9", "11"}.isdisjoint(codes)  # KNMP neither writes nor works on these
    description = text(items["mijlpaal-5a-A@e5-werkagenda"], "DESCRIPTION")
    assert f"Interne notitie (1 november 2026): {NOTE}" in description
    assert "ANDERS" not in response.get_data(as_text=True)
    # Kamer commitments of its afspraken (6), not those of the whole Werkagenda.
    assert "toezegging-tz-2026-vergoedingstermijnen-preferentiewissel@e5-werkagenda" in items
    assert "toezegging-tz-2026-werkagenda-e5@e5-werkagenda" not in items
    assert str(calendar["X-WR-CALNAME"]) == "Werkagenda E5 – mijn agenda"
    assert {str(e["CLASS"]) for e in calendar.walk("VEVENT")} == {"PRIVATE"}
    assert b"SOURCE" not in response.get_data()  # the secret address is not repeated inside

    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, max-age=900"
    assert "Last-Modified" not in response.headers
    again = client.get(
        whole(f"/agenda/persoonlijk/{token}.ics"),
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


def test_secretariaat_personal_feed_holds_everything(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session, email="sec@vbg.nl", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    items = events_by_uid(parse_feed(personal(client, new_token(auth))))
    public = events_by_uid(parse_feed(client.get("/agenda/mijlpalen.ics").get_data()))
    assert {uid for uid in items if uid.startswith("mijlpaal-")} == set(public)
    assert "toezegging-tz-2026-werkagenda-e5@e5-werkagenda" in items


def test_options_apply_to_the_personal_feed(client: FlaskClient, rapporteur: AuthActions) -> None:
    response = rapporteur.post("/agenda/persoonlijk", {"periode": "span", "herinnering": "7"})
    token = TOKEN_URL.search(response.get_data(as_text=True))
    assert token
    assert f"/agenda/persoonlijk/{token.group(1)}.ics?periode=span&amp;herinnering=7" in (
        response.get_data(as_text=True)
    )
    calendar = parse_feed(personal(client, token.group(1), query_string={"herinnering": "7"}))
    assert calendar.walk("VALARM")
    # The page after the POST shows the form's options on every address; the plain page after
    # it, whose kept addresses have the same (empty) query, shows none of them.
    assert "/agenda/afspraken/3.ics?periode=span&amp;herinnering=7" in response.get_data(
        as_text=True
    )
    plain = client.get("/agenda").get_data(as_text=True)
    assert "/agenda/afspraken/3.ics" in plain and "periode=span" not in plain


def test_a_new_token_revokes_the_old_one(
    client: FlaskClient, session: Session, rapporteur: AuthActions
) -> None:
    first = new_token(rapporteur)
    response = rapporteur.post("/agenda/persoonlijk", {})
    assert "Uw vorige adres werkt niet meer." in response.get_data(as_text=True)
    match = TOKEN_URL.search(response.get_data(as_text=True))
    assert match
    second = match.group(1)
    assert second != first
    assert client.get(f"/agenda/persoonlijk/{first}.ics").status_code == 404
    personal(client, second)
    active = session.exec(select(FeedToken).where(col(FeedToken.revoked_at).is_(None))).all()
    assert len(active) == 1


def test_a_revoked_token_is_refused_at_once(
    client: FlaskClient, session: Session, rapporteur: AuthActions
) -> None:
    token = new_token(rapporteur)
    personal(client, token)
    response = rapporteur.post("/agenda/persoonlijk/intrekken", {})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/agenda#persoonlijk")
    page = client.get("/agenda").get_data(as_text=True)
    assert "Uw persoonlijke agenda-adres is ingetrokken." in page
    assert "U heeft nog geen persoonlijk agenda-adres." in page
    refused = client.get(f"/agenda/persoonlijk/{token}.ics")
    assert refused.status_code == 404
    assert "bestaat niet of is ingetrokken" in refused.get_data(as_text=True)
    assert b"BEGIN:VCALENDAR" not in refused.get_data()
    assert session.exec(select(FeedToken)).one().revoked_at is not None


def test_a_disabled_account_token_stops_working(
    client: FlaskClient, session: Session, rapporteur: AuthActions
) -> None:
    token = new_token(rapporteur)
    user = session.exec(select(User).where(User.email == "rapporteur@knmp.nl")).one()
    user.active = False
    session.add(user)
    session.commit()
    assert client.get(f"/agenda/persoonlijk/{token}.ics").status_code == 404


def test_the_token_never_signs_anyone_in(
    app: Flask, client: FlaskClient, session: Session, rapporteur: AuthActions
) -> None:
    token = new_token(rapporteur)
    stranger = app.test_client()
    response = stranger.get(f"/agenda/persoonlijk/{token}.ics")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers  # no session is started
    assert stranger.get("/te-rapporteren").status_code == 302  # still a stranger
    for attempt in (
        stranger.get(f"/te-rapporteren?token={token}"),
        stranger.get("/te-rapporteren", headers={"Authorization": f"Bearer {token}"}),
    ):
        assert attempt.status_code == 302
        assert "/inloggen" in attempt.headers["Location"]
    html = stranger.get(f"/agenda?token={token}").get_data(as_text=True)
    assert "Log in</a> om hem te maken" in html
    assert stranger.get(f"/afspraken/5a/voortgang?token={token}").status_code == 302


def test_token_use_is_noted_on_the_page(
    client: FlaskClient, session: Session, rapporteur: AuthActions
) -> None:
    token = new_token(rapporteur)
    personal(client, token)
    stored = session.exec(select(FeedToken)).one()
    session.refresh(stored)
    assert stored.last_used_at is not None
    assert "het laatst opgehaald op" in client.get("/agenda").get_data(as_text=True)


@pytest.mark.parametrize("token", ["abc", "A" * 43, "A" * 200, "..%2F..%2Fagenda"])
def test_unknown_tokens_are_404(client: FlaskClient, seeded: LoadReport, token: str) -> None:
    assert client.get(f"/agenda/persoonlijk/{token}.ics").status_code == 404


def test_token_forms_need_an_account_and_the_csrf_token(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    anonymous = client.post(
        "/agenda/persoonlijk", data={"csrf_token": csrf_token(client, "/agenda")}
    )
    assert anonymous.status_code == 302
    assert "/inloggen" in anonymous.headers["Location"]
    make_user(session, email="lezer@vws.nl", role=AccountRole.LEZER)
    auth.login("lezer@vws.nl")
    forged = client.post("/agenda/persoonlijk", data={})
    assert forged.status_code == 400
    assert client.post("/agenda/persoonlijk/intrekken", data={}).status_code == 400
    assert session.exec(select(FeedToken)).all() == []


def test_lezer_page_explains_the_whole_werkagenda(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session, email="lezer@vws.nl", role=AccountRole.LEZER)
    auth.login("lezer@vws.nl")
    html = client.get("/agenda").get_data(as_text=True)
    assert "Als lezer volgt u de hele Werkagenda" in html
    assert "Persoonlijk adres maken" in html
    assert "Adres intrekken" not in html  # nothing to revoke yet
