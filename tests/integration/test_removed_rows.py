"""A row that left the plan shows on no page, htmx fragment, planning chart or table, or feed.

For each kind of seeded row, the test gives one row a text no other row has, checks that text is
shown somewhere (so the check can fail), removes the row and then requests every page that could
show it. Calendar feeds may still carry a removed row's event, but only as cancelled: that is how
a subscribed calendar learns to drop it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from flask.testing import FlaskClient
from sqlmodel import Session, col, select

from app.models import (
    AccountRole,
    Activiteit,
    ActiviteitPartij,
    Afspraak,
    AfspraakPartij,
    CommitmentKind,
    KamerCommitment,
    KamerCommitmentAfspraak,
    Kamerstuk,
    Mijlpaal,
    Partij,
    Voortgang,
    utcnow,
)
from app.seeding.load import LoadReport, load_seed
from app.seeding.source import read_seed_source
from app.seeding.validate import validate_seed
from tests.conftest import SEED_FILE, AuthActions
from tests.factories import make_user
from tests.icalendar_checks import parse_feed
from tests.integration.test_feed_tokens import new_token

HTMX = {"HX-Request": "true"}
AFSPRAAK = "6"  # has activities, mijlpalen, a toezegging and dependencies in the seed
TOEZEGGING = "tz-2026-vergoedingstermijnen-preferentiewissel"  # the row of the reported bug


@dataclass
class Target:
    """The row to remove, the unique texts it shows, and the afspraken and parties around it."""

    row: object
    markers: tuple[str, ...]
    afspraken: set[str] = field(default_factory=set)
    partijen: set[str] = field(default_factory=set)


def _afspraak(session: Session, code: str = AFSPRAAK) -> Afspraak:
    return session.exec(select(Afspraak).where(Afspraak.code == code)).one()


def _partij_codes(session: Session, afspraak_id: int | None) -> set[str]:
    links = select(Partij.code).join(AfspraakPartij, col(AfspraakPartij.partij_id) == Partij.id)
    return set(session.exec(links.where(AfspraakPartij.afspraak_id == afspraak_id)))


def _codes(session: Session, afspraak_ids: list[int]) -> set[str]:
    return set(session.exec(select(Afspraak.code).where(col(Afspraak.id).in_(afspraak_ids))))


def pick_afspraak(session: Session) -> Target:
    afspraak = _afspraak(session)
    afspraak.title = "Zqxafspraaktitel"
    return Target(afspraak, ("Zqxafspraaktitel",), {AFSPRAAK}, _partij_codes(session, afspraak.id))


def pick_activiteit(session: Session) -> Target:
    afspraak = _afspraak(session)
    activiteit = session.exec(
        select(Activiteit).where(Activiteit.afspraak_id == afspraak.id, Activiteit.number == 1)
    ).one()
    activiteit.text = "Zqxactiviteittekst"
    partijen = set(
        session.exec(
            select(Partij.code)
            .join(ActiviteitPartij, col(ActiviteitPartij.partij_id) == Partij.id)
            .where(ActiviteitPartij.activiteit_id == activiteit.id)
        )
    )
    return Target(
        activiteit,
        ("Zqxactiviteittekst",),
        {AFSPRAAK},
        partijen | _partij_codes(session, afspraak.id),
    )


def pick_mijlpaal(session: Session) -> Target:
    afspraak = _afspraak(session)
    mijlpaal = session.exec(
        select(Mijlpaal).where(Mijlpaal.afspraak_id == afspraak.id).order_by(Mijlpaal.position)
    ).first()
    assert mijlpaal is not None
    mijlpaal.text = "Zqxmijlpaaltekst"
    return Target(mijlpaal, ("Zqxmijlpaaltekst",), {AFSPRAAK}, _partij_codes(session, afspraak.id))


def pick_partij(session: Session) -> Target:
    # A party that writes afspraken and is named for activities: it shows almost everywhere.
    partij = session.exec(select(Partij).where(Partij.code == "KNMP")).one()
    partij.code, partij.name = "ZQXP", "Zqxpartijnaam"
    owned = session.exec(
        select(AfspraakPartij.afspraak_id).where(AfspraakPartij.partij_id == partij.id)
    ).all()
    # Three of its afspraken stand for all: each page reads the same snapshot of the plan.
    afspraken = set(sorted(_codes(session, list(owned)))[:3]) | {AFSPRAAK}
    return Target(partij, ("ZQXP", "Zqxpartijnaam"), afspraken, {"ZQXP"})


def pick_toezegging(session: Session) -> Target:
    toezegging = session.exec(
        select(KamerCommitment).where(KamerCommitment.key == TOEZEGGING)
    ).one()
    toezegging.text = "Zqxtoezeggingtekst"
    ids = session.exec(
        select(KamerCommitmentAfspraak.afspraak_id).where(
            KamerCommitmentAfspraak.commitment_id == toezegging.id
        )
    ).all()
    return Target(toezegging, ("Zqxtoezeggingtekst",), _codes(session, list(ids)))


def pick_motie(session: Session) -> Target:
    motie = session.exec(
        select(KamerCommitment)
        .where(KamerCommitment.kind == CommitmentKind.MOTIE)
        .join(
            KamerCommitmentAfspraak,
            col(KamerCommitmentAfspraak.commitment_id) == KamerCommitment.id,
        )
    ).first()
    assert motie is not None
    motie.text = "Zqxmotietekst"
    ids = session.exec(
        select(KamerCommitmentAfspraak.afspraak_id).where(
            KamerCommitmentAfspraak.commitment_id == motie.id
        )
    ).all()
    return Target(motie, ("Zqxmotietekst",), _codes(session, list(ids)))


def pick_document(session: Session) -> Target:
    # A document shows where it is the source of a progress update.
    update = session.exec(select(Voortgang).where(col(Voortgang.source_id).is_not(None))).first()
    assert update is not None
    document = session.get_one(Kamerstuk, update.source_id)
    document.citation = document.title = "Zqxdocumentcitaat"
    return Target(document, ("Zqxdocumentcitaat",), _codes(session, [update.afspraak_id]))


KINDS: dict[str, Callable[[Session], Target]] = {
    "afspraak": pick_afspraak,
    "activiteit": pick_activiteit,
    "mijlpaal": pick_mijlpaal,
    "partij": pick_partij,
    "toezegging": pick_toezegging,
    "motie": pick_motie,
    "document": pick_document,
}


def urls(session: Session, target: Target, token: str) -> list[tuple[str, dict[str, str]]]:
    """Every page, fragment, chart and feed that could show the target."""
    pages = [
        "/",
        "/?periode=te_laat",
        "/te-rapporteren",
        "/partijen",
        "/planning",
        "/planning?periode=2026",
        "/planning/verschuivingen",
        "/agenda",
        "/agenda/mijlpalen.ics",
        "/agenda/toezeggingen.ics",
        f"/agenda/persoonlijk/{token}.ics",
    ]
    fragments = ["/", "/?periode=te_laat", "/planning"]
    for code in sorted(target.afspraken):
        pages += [
            f"/afspraken/{code}",
            f"/afspraken/{code}/voortgang",
            f"/planning/afspraken/{code}",
            f"/agenda/afspraken/{code}.ics",
        ]
        fragments.append(f"/afspraken/{code}/status")
        if code != AFSPRAAK:
            continue  # the rows and forms of each mijlpaal: of the afspraak the kinds are in
        labels = select(Mijlpaal.label).where(Mijlpaal.afspraak_id == _afspraak(session, code).id)
        for label in session.exec(labels):
            fragments.append(f"/afspraken/{code}/mijlpalen/{label}")
            pages += [
                f"/afspraken/{code}/mijlpalen/{label}/voortgang",
                f"/afspraken/{code}/mijlpalen/{label}/plan",
            ]
    for code in sorted(target.partijen):
        pages += [
            f"/?partij={code}",
            f"/partijen/{code}",
            f"/planning/partijen/{code}",
            f"/agenda/partijen/{code}.ics",
        ]
        fragments.append(f"/?partij={code}")
    return [(url, {}) for url in pages] + [(url, HTMX) for url in fragments]


def shown_text(client: FlaskClient, url: str, headers: dict[str, str]) -> str:
    """What the answer shows; of a feed, only its live events (a cancelled one does not count)."""
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 404), (url, response.status_code)
    if response.status_code == 404:
        return ""
    if not url.split("?")[0].endswith(".ics"):
        return response.get_data(as_text=True)
    return "".join(
        event.to_ical().decode().replace("\r\n ", "")
        for event in parse_feed(response.get_data()).walk("VEVENT")
        if str(event.get("STATUS", "")) != "CANCELLED"
    )


def found(text: str, url: str, marker: str) -> bool:
    # A page may name what was asked for ("Partij 'ZQXP' bestaat niet"): that is not the row.
    return marker in text and marker not in url


def _secretariaat(session: Session, auth: AuthActions) -> str:
    make_user(session, email="secretariaat@e5.test", role=AccountRole.SECRETARIAAT, partij_codes=())
    session.commit()
    auth.login("secretariaat@e5.test")
    return new_token(auth)


@pytest.mark.parametrize("kind", KINDS)
def test_a_removed_row_shows_nowhere(
    kind: str, client: FlaskClient, auth: AuthActions, session: Session, seeded: LoadReport
) -> None:
    token = _secretariaat(session, auth)
    target = KINDS[kind](session)
    session.commit()
    requests = urls(session, target, token)
    missing = set(target.markers)
    for url, headers in requests:
        missing -= {m for m in missing if m in shown_text(client, url, headers)}
        if not missing:
            break
    assert not missing, "the check could not fail: the row is shown nowhere before removal"

    target.row.removed_at = utcnow()  # type: ignore[attr-defined]
    session.commit()

    seen = []
    for url, headers in requests:
        text = shown_text(client, url, headers)
        seen += [(url, headers, m) for m in target.markers if found(text, url, m)]
    assert seen == []


def test_a_toezegging_dropped_from_the_seed_leaves_its_afspraak_page(
    client: FlaskClient, session: Session, seeded: LoadReport, tmp_path: Path
) -> None:
    before = client.get(f"/afspraken/{AFSPRAAK}").get_data(as_text=True)
    toezegging = session.exec(
        select(KamerCommitment).where(KamerCommitment.key == TOEZEGGING)
    ).one()
    assert toezegging.text in before

    data = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    data["toezeggingen"] = [t for t in data["toezeggingen"] if t["key"] != TOEZEGGING]
    path = tmp_path / "werkagenda.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = load_seed(
        session, validate_seed(read_seed_source(path, "werkagenda.yaml")), source_name="test"
    )
    session.commit()

    assert any(TOEZEGGING in line and "verwijderd" in line for line in report.changes)
    after = client.get(f"/afspraken/{AFSPRAAK}").get_data(as_text=True)
    assert toezegging.text not in after
    assert client.get("/afspraken/6").status_code == 200
