"""No internal note, account or remark can be found in any API or CSV response.

Every afspraak and every mijlpaal gets a progress update with a unique internal note, typed by an
account with a unique name and address; afspraken and commitments get a unique remark, and the
plan history a unique reason. Then the test reads every collection (all pages, and as CSV),
every item and every history, and looks for each secret. The public text of those same updates
must be there, so the crawl did reach them.
"""

from datetime import date

from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import (
    AccountRole,
    Afspraak,
    KamerCommitment,
    Mijlpaal,
    PlanWijziging,
    Voortgang,
)
from app.seeding.load import LoadReport
from tests.factories import make_user, make_voortgang

SECRET = "GEHEIM-7f3a9c"
ACCOUNT_NAME = "Rapporteur Zeven Foxtrot"
ACCOUNT_EMAIL = "zeven.foxtrot@geheim.example"


def _plant_secrets(session: Session) -> list[str]:
    user = make_user(session, email=ACCOUNT_EMAIL, name=ACCOUNT_NAME, role=AccountRole.SECRETARIAAT)
    publics = []
    for afspraak in session.exec(select(Afspraak)).all():
        assert afspraak.id is not None
        afspraak.remarks = f"{SECRET}-opmerking-{afspraak.code}"
        session.add(afspraak)
        text = f"Openbaar bericht bij {afspraak.code}"
        make_voortgang(
            session,
            afspraak_id=afspraak.id,
            recorded_by=ACCOUNT_NAME,
            recorded_by_id=user.id,
            effective_date=date(2026, 11, 20),
            public_text=text,
            internal_note=f"{SECRET}-afspraak-{afspraak.code}",
        )
        publics.append(text)
    for mijlpaal in session.exec(select(Mijlpaal)).all():
        make_voortgang(
            session,
            afspraak_id=mijlpaal.afspraak_id,
            mijlpaal_id=mijlpaal.id,
            recorded_by=ACCOUNT_NAME,
            recorded_by_id=user.id,
            effective_date=date(2026, 11, 21),
            internal_note=f"{SECRET}-mijlpaal-{mijlpaal.id}",
        )
    for commitment in session.exec(select(KamerCommitment)).all():
        commitment.remarks = f"{SECRET}-kamer-{commitment.key}"
        session.add(commitment)
    session.add(
        PlanWijziging(
            changed_by=ACCOUNT_NAME,
            reason=f"{SECRET}-reden",
            entity="mijlpaal",
            entity_key="5a/A",
            field="text",
            old_value="oud",
            new_value="nieuw",
        )
    )
    session.commit()
    return publics


def _crawl(client: FlaskClient) -> dict[str, str]:
    """Every API and CSV response there is, by URL."""
    bodies: dict[str, str] = {}

    def read(url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.get_data(as_text=True)
        return bodies[url]

    def collection(url: str) -> list[dict[str, object]]:
        items: list[dict[str, object]] = []
        link: str | None = f"{url}?pageSize=100"
        while link:
            read(link)
            body = client.get(link).get_json()
            items += body["items"]
            link = body["_links"]["next"] and body["_links"]["next"]["href"]
        read(f"{url}?format=csv")
        return items

    read("/api/v1/")
    read("/api/v1/openapi.json")
    read("/open-data")
    for afspraak in collection("/api/v1/afspraken"):
        read(f"/api/v1/afspraken/{afspraak['code']}")
        collection(f"/api/v1/afspraken/{afspraak['code']}/voortgangsberichten")
    for name in ("mijlpalen", "activiteiten", "kamerstukken"):
        items = collection(f"/api/v1/{name}")
        if name == "kamerstukken":
            for item in items:
                read(f"/api/v1/kamerstukken/{item['key']}")
    for partij in collection("/api/v1/partijen"):
        read(f"/api/v1/partijen/{partij['code']}")
    for name in ("toezeggingen", "moties"):
        for item in collection(f"/api/v1/{name}"):
            read(f"/api/v1/{name}/{item['key']}")
    return bodies


def test_no_response_holds_an_internal_note_an_account_or_a_remark(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    publics = _plant_secrets(session)
    notes = session.exec(select(Voortgang).where(Voortgang.internal_note != "")).all()
    assert len(notes) > 60  # one per afspraak and per mijlpaal, besides the seed's own
    bodies = _crawl(client)
    assert len(bodies) > 120
    everything = "\n".join(bodies.values())
    for public in publics:
        assert public in everything, f"the crawl never reached '{public}'"
    for secret in [SECRET, ACCOUNT_NAME, ACCOUNT_EMAIL, *(n.internal_note for n in notes)]:
        leaks = [url for url, body in bodies.items() if secret in body]
        assert leaks == [], f"'{secret}' found in {leaks[:3]}"
