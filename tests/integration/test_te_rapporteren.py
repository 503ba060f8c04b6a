"""The reporting list: what needs an update from the signed-in user."""

import re

from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import AccountRole, Afspraak
from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import make_user, make_voortgang


def listed(html: str) -> list[str]:
    return re.findall(r'data-afspraak="([^"]+)"', html)


def test_lead_sees_only_afspraken_of_its_parties_most_urgent_first(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session, partij_codes=("NAPCO",))
    auth.login()
    html = client.get("/te-rapporteren").get_data(as_text=True)
    # NAPCO writes 2 and works on 3, 4, 5a, 5d and 7; all have overdue mijlpalen on 25 November
    # 2026, so they are listed in Werkagenda order.
    assert listed(html) == ["2", "3", "4", "5a", "5d", "7"]
    # The words of a date are joined by no-break spaces, so the date stays on one line.
    assert "Mijlpaal 4 moet uiterlijk 31\u00a0december\u00a02026 bereikt zijn" in html
    assert "Mijlpaal 1 is te laat" in html
    assert "Nog geen voortgang gemeld dit kwartaal" in html


def test_an_update_this_quarter_takes_stale_off_the_list(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session, partij_codes=("ZN",))
    auth.login()
    assert "6" in listed(client.get("/te-rapporteren").get_data(as_text=True))
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "6")).one()
    assert afspraak.id is not None
    make_voortgang(session, afspraak_id=afspraak.id, status="op_schema")
    # 6 has one undated mijlpaal: with a fresh update nothing is left to report.
    assert "6" not in listed(client.get("/te-rapporteren").get_data(as_text=True))


def test_secretariaat_sees_everything_that_needs_chasing(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session, email="sec@vbg.nl", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    html = client.get("/te-rapporteren").get_data(as_text=True)
    assert len(listed(html)) == 17
    # Afspraak 10 labels its milestones "Mijlpaal 1" etc.; afspraak 2 just "1".
    assert "Mijlpaal 1 is te laat" in html
    assert "Mijlpaal Mijlpaal" not in html


def test_lezer_is_told_there_is_nothing_to_report(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session, email="lezer@vws.nl", role=AccountRole.LEZER)
    auth.login("lezer@vws.nl")
    response = auth.login("lezer@vws.nl")
    assert response.headers["Location"] == "/"
    html = client.get("/te-rapporteren").get_data(as_text=True)
    assert "Met de rol lezer meldt u geen voortgang" in html
    assert listed(html) == []
