"""The secretariaat maintains the register: add, correct, change a status; others read only.

Every field change is a PlanWijziging with its old value; every status change a
KamerStatusWijziging (through record_status_change). Bad input saves nothing.
"""

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session, col, func, select

from app.domain.periods import Precision
from app.models import (
    AccountRole,
    Afspraak,
    CommitmentKind,
    CommitmentStatus,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
    KamerStatusWijziging,
    PlanWijziging,
    Voortgang,
)
from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.integration.kamer_data import Q3_2026, document, make_commitment


@pytest.fixture
def secretariaat(session: Session, seeded: LoadReport, auth: AuthActions) -> AuthActions:
    make_user(session, email="sec@vbg.nl", name="Sanne Secretariaat", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    return auth


def commitment(session: Session, key: str) -> KamerCommitment:
    session.expire_all()
    return session.exec(select(KamerCommitment).where(KamerCommitment.key == key)).one()


def counts(session: Session) -> tuple[int, int, int, int]:
    session.expire_all()
    return (
        session.exec(select(func.count()).select_from(KamerCommitment)).one(),
        session.exec(select(func.count()).select_from(KamerStatusWijziging)).one(),
        session.exec(select(func.count()).select_from(PlanWijziging)).one(),
        session.exec(select(func.count()).select_from(KamerCommitmentAfspraak)).one(),
    )


def linked_codes(session: Session, c: KamerCommitment) -> list[str]:
    return sorted(
        session.exec(
            select(Afspraak.code)
            .join(KamerCommitmentAfspraak, col(KamerCommitmentAfspraak.afspraak_id) == Afspraak.id)
            .where(KamerCommitmentAfspraak.commitment_id == c.id)
        )
    )


def test_add_a_toezegging_after_a_letter(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    response = secretariaat.post(
        "/kamer/toezeggingen/nieuw",
        {
            "text": "U zegt toe de Kamer in het derde kwartaal te informeren over de zuurstof.",
            "made_in": "brief",
            "made_to": "de vaste commissie VWS",
            "origin": "Antwoorden op Kamervragen",
            "document": "kv-2026Z03383",
            "due_text": "in het derde kwartaal",
            "tk_number": "tz202603-777",
            "afspraken": "6",
            "members": "Coenradie (JA21)",
            "reason": "Antwoorden van 11 maart 2026",
        },
    )
    assert response.status_code == 302
    key = response.headers["Location"].rsplit("/", 1)[-1]
    assert key.startswith("tz-2026-")
    c = commitment(session, key)
    assert c.kind is CommitmentKind.TOEZEGGING and c.status is CommitmentStatus.OPEN
    # No year in the phrase: it takes the year of the document (11 March 2026).
    assert (c.due_start, c.due_end, c.due_precision) == (
        date(2026, 7, 1),
        date(2026, 9, 30),
        Precision.QUARTER,
    )
    assert c.due_text == "in het derde kwartaal"
    assert c.tk_number == "TZ202603-777" and c.made_to == "de vaste commissie VWS"
    assert c.members == [{"name": "Coenradie", "fraction": "JA21"}]
    assert linked_codes(session, c) == ["6"]
    doc = session.exec(
        select(KamerCommitmentKamerstuk).where(KamerCommitmentKamerstuk.commitment_id == c.id)
    ).one()
    assert doc.kamerstuk_id == document(session, "kv-2026Z03383").id
    entry = session.exec(
        select(KamerStatusWijziging).where(KamerStatusWijziging.commitment_id == c.id)
    ).one()
    assert (entry.old_status, entry.new_status, entry.changed_by) == (
        None,
        CommitmentStatus.OPEN,
        "Sanne Secretariaat",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is toegevoegd" in page and "zuurstof" in page


def test_add_a_motie_with_its_kamerstuk(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    response = secretariaat.post(
        "/kamer/moties/nieuw",
        {
            "text": "Verzoekt de regering een centraal meldpunt in te richten.",
            "members": "Bushoff (GroenLinks-PvdA)\nTielen (VVD)",
            "kamerstuk_number": "Kamerstukken II, 2025-2026, 29477, nr. 971",
            "origin_date": "2026-04-02",
            "due_text": "voor de zomer",
        },
    )
    assert response.status_code == 302
    c = commitment(session, response.headers["Location"].rsplit("/", 1)[-1])
    assert c.kind is CommitmentKind.MOTIE
    assert c.kamerstuk_number == "29477-971"
    assert [m["fraction"] for m in c.members] == ["GroenLinks-PvdA", "VVD"]
    assert c.due_end is not None and c.due_end.year == 2026  # the year of its date


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"text": ""}, "text", "Schrijf de tekst van de toezegging"),
        ({"due_text": "ooit eens"}, "due_text", "is geen termijn die de app kent"),
        # No document and no date: a phrase without a year is refused, never given one.
        ({"due_text": "in het derde kwartaal"}, "due_text", "Jaartal ontbreekt"),
        ({"afspraken": "99"}, "afspraken", "Afspraak 99 bestaat niet"),
        ({"document": "geen-document"}, "document", "Kies een document uit de lijst"),
        ({"origin_date": "31-02-2026"}, "origin_date", "geen datum"),
        ({"made_in": "telefoon"}, "made_in", "Kies &#39;In een debat&#39;"),
        ({"members": "Bushoff (GL (PvdA))"}, "members", "Schrijf één lid per regel"),
        ({"tk_number": "x" * 41}, "tk_number", "Gebruik hoogstens 40 tekens"),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(
    client: FlaskClient,
    session: Session,
    secretariaat: AuthActions,
    form: dict[str, str],
    field: str,
    message: str,
) -> None:
    before = counts(session)
    data = {"text": "Een toezegging met een fout.", "origin": "Debat van vandaag"} | form
    response = secretariaat.post("/kamer/toezeggingen/nieuw", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert f'id="{field}-fout"' in html or field == "afspraken"
    assert "Er is niets opgeslagen" in html
    assert "Debat van vandaag" in html  # what was typed is kept
    assert counts(session) == before


def test_a_duplicate_tk_number_is_refused(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    make_commitment(session, "tz-test-nummer", tk_number="TZ209903-001")
    before = counts(session)
    response = secretariaat.post(
        "/kamer/toezeggingen/nieuw", {"text": "Nog een.", "tk_number": "TZ209903-001"}
    )
    assert response.status_code == 422
    assert "hoort al bij toezegging tz-test-nummer" in response.get_data(as_text=True)
    assert counts(session) == before


def test_mark_a_motie_afgedaan_by_a_document(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    motie = make_commitment(session, "mt-test-af", kind=CommitmentKind.MOTIE)
    url = "/kamer/moties/mt-test-af/status"
    assert "Status opslaan" in client.get(url).get_data(as_text=True)
    response = secretariaat.post(
        url,
        {"status": "afgedaan", "document": "kst-29477-969", "reason": "Afgedaan in de brief."},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/kamer/moties/mt-test-af#statusgeschiedenis")
    after = commitment(session, "mt-test-af")
    nota = document(session, "kst-29477-969")
    assert (after.status, after.status_source_id) == (CommitmentStatus.AFGEDAAN, nota.id)
    entries = session.exec(
        select(KamerStatusWijziging)
        .where(KamerStatusWijziging.commitment_id == motie.id)
        .order_by(col(KamerStatusWijziging.id))
    ).all()
    assert len(entries) == 2
    last = entries[-1]
    assert (last.old_status, last.new_status, last.document_id) == (
        CommitmentStatus.OPEN,
        CommitmentStatus.AFGEDAAN,
        nota.id,
    )
    assert (last.changed_by, last.reason) == ("Sanne Secretariaat", "Afgedaan in de brief.")
    assert last.effective_date == date(2026, 4, 1)  # the document's date
    html = client.get("/kamer/moties/mt-test-af").get_data(as_text=True)
    history = html[html.index('id="statusgeschiedenis"') :]
    assert history.index("Open → ") < history.index("Reden: Afgedaan in de brief.")
    assert "Sanne Secretariaat" in history


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"status": "afgedaan", "reason": "Klaar."}, "document", "Kies het document waarmee"),
        ({"status": "open", "reason": "Nog steeds."}, "form", "er is niets gewijzigd"),
        ({"status": "klaar", "reason": "x"}, "status", "Kies de nieuwe status"),
        ({"status": "deels"}, "reason", "Schrijf waarom de status verandert"),
        (
            {"status": "deels", "reason": "x", "effective_date": "2027-01-01"},
            "effective_date",
            "niet in de toekomst",
        ),
    ],
)
def test_a_refused_status_change_saves_nothing(
    client: FlaskClient,
    session: Session,
    secretariaat: AuthActions,
    form: dict[str, str],
    field: str,
    message: str,
) -> None:
    make_commitment(session, "mt-test-niet", kind=CommitmentKind.MOTIE)
    before = counts(session)
    response = secretariaat.post("/kamer/moties/mt-test-niet/status", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert field == "form" or f'id="{field}-fout"' in html
    assert counts(session) == before
    assert commitment(session, "mt-test-niet").status is CommitmentStatus.OPEN


def test_correct_a_text_and_the_afspraken_keeping_the_old_values(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    make_commitment(
        session, "tz-test-fout", text="De minister informeert de Kamr.", afspraken=("3",), **Q3_2026
    )
    url = "/kamer/toezeggingen/tz-test-fout/bewerken"
    form = client.get(url).get_data(as_text=True)
    assert "De minister informeert de Kamr." in form and 'value="3" checked' in form
    response = secretariaat.post(
        url,
        {
            "text": "De minister informeert de Kamer.",
            "due_text": "in het derde kwartaal",
            "afspraken": ["6", "9"],  # type: ignore[dict-item]
            "reason": "Tikfout; hoort bij 6 en 9",
        },
    )
    assert response.status_code == 302
    c = commitment(session, "tz-test-fout")
    assert c.text == "De minister informeert de Kamer."
    assert linked_codes(session, c) == ["6", "9"]
    # The deadline as written did not change: its reading stays (no history line for it).
    assert c.due_end == date(2026, 9, 30)
    rows = {
        r.field: r
        for r in session.exec(
            select(PlanWijziging).where(
                PlanWijziging.entity == "toezegging", PlanWijziging.entity_key == "tz-test-fout"
            )
        )
    }
    assert set(rows) == {"text", "afspraken"}
    assert (rows["text"].old_value, rows["text"].new_value) == (
        "De minister informeert de Kamr.",
        "De minister informeert de Kamer.",
    )
    assert (rows["afspraken"].old_value, rows["afspraken"].new_value) == ("3", "6, 9")
    assert rows["text"].changed_by == "Sanne Secretariaat"
    assert rows["text"].reason == "Tikfout; hoort bij 6 en 9"
    html = client.get("/kamer/toezeggingen/tz-test-fout").get_data(as_text=True)
    history = html[html.index('id="wijzigingen"') :]
    assert "'De minister informeert de Kamr.' → 'De minister informeert de Kamer.'" in history
    assert "afspraken '3' → '6, 9'" in history
    assert "reden: Tikfout; hoort bij 6 en 9" in history


def test_a_new_deadline_is_read_in_the_year_of_the_commitment(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    make_commitment(session, "tz-test-termijn", origin_date=date(2025, 10, 1), **Q3_2026)
    response = secretariaat.post(
        "/kamer/toezeggingen/tz-test-termijn/bewerken",
        {
            "text": "Tekst van tz-test-termijn.",
            "due_text": "voor de zomer",
            "reason": "Handelingen",
        },
    )
    assert response.status_code == 302
    c = commitment(session, "tz-test-termijn")
    assert c.due_text == "voor de zomer" and c.due_end is not None and c.due_end.year == 2025
    fields = set(
        session.exec(
            select(PlanWijziging.field).where(PlanWijziging.entity_key == "tz-test-termijn")
        )
    )
    assert {"due_text", "due_end", "due_start"} <= fields


def test_an_edit_needs_a_reason_and_saves_nothing_without_one(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    make_commitment(session, "tz-test-reden", text="Oud.")
    before = counts(session)
    response = secretariaat.post(
        "/kamer/toezeggingen/tz-test-reden/bewerken", {"text": "Nieuw.", "reason": ""}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="reason-fout"' in html and "Schrijf waarom dit verandert" in html
    assert "Nieuw." in html
    assert counts(session) == before
    assert commitment(session, "tz-test-reden").text == "Oud."


def test_an_edit_that_changes_nothing_records_nothing(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    make_commitment(session, "tz-test-zelfde", text="Zelfde.")
    before = counts(session)
    response = secretariaat.post(
        "/kamer/toezeggingen/tz-test-zelfde/bewerken", {"text": "Zelfde.", "reason": "Niets"}
    )
    assert response.status_code == 302
    assert counts(session) == before
    assert "Niets gewijzigd" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("role", [AccountRole.LEZER, AccountRole.PARTIJ_RAPPORTEUR])
@pytest.mark.parametrize(
    "path",
    [
        "/kamer/toezeggingen/nieuw",
        "/kamer/moties/mt-test-403/status",
        "/kamer/moties/mt-test-403/bewerken",
    ],
)
def test_other_roles_read_only(
    client: FlaskClient,
    session: Session,
    seeded: LoadReport,
    auth: AuthActions,
    role: AccountRole,
    path: str,
) -> None:
    make_commitment(session, "mt-test-403", kind=CommitmentKind.MOTIE)
    make_user(session, email="ander@test.nl", role=role)
    auth.login("ander@test.nl")
    before = counts(session)
    form = {"text": "Gewijzigd.", "status": "vervallen", "reason": "Mag niet."}
    assert auth.post(path, form).status_code == 403
    assert client.get(path).status_code == 403
    assert counts(session) == before
    # The register itself is readable, without the secretariaat's buttons.
    html = client.get("/kamer/moties/mt-test-403").get_data(as_text=True)
    assert "Status wijzigen" not in html and "corrigeren" not in html


def test_a_post_without_the_csrf_token_is_refused(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    make_commitment(session, "mt-test-csrf", kind=CommitmentKind.MOTIE)
    before = counts(session)
    response = client.post(
        "/kamer/moties/mt-test-csrf/status", data={"status": "vervallen", "reason": "x"}
    )
    assert response.status_code == 400
    assert counts(session) == before


def test_a_progress_update_can_cite_a_document(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    form = client.get("/afspraken/3/voortgang").get_data(as_text=True)
    assert 'name="source"' in form and "Kamerstuk 29 477, nr. 969" in form
    response = secretariaat.post(
        "/afspraken/3/voortgang",
        {"status": "op_schema", "public_text": "Zie de brief.", "source": "kst-29477-969"},
    )
    assert response.status_code == 302
    update = session.exec(select(Voortgang).where(Voortgang.public_text == "Zie de brief.")).one()
    assert update.source_id == document(session, "kst-29477-969").id
    html = client.get("/afspraken/3").get_data(as_text=True)
    assert 'bron: <a class="nl-link" href="/kamer/kamerstukken/kst-29477-969">' in html
    page = client.get("/kamer/kamerstukken/kst-29477-969").get_data(as_text=True)
    assert "Zie de brief." in page


def test_a_progress_update_citing_an_unknown_document_is_refused(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    before = session.exec(select(func.count()).select_from(Voortgang)).one()
    response = secretariaat.post(
        "/afspraken/3/voortgang", {"status": "op_schema", "source": "bestaat-niet"}
    )
    assert response.status_code == 422
    assert "Kies een document uit de lijst" in response.get_data(as_text=True)
    assert session.exec(select(func.count()).select_from(Voortgang)).one() == before
