"""The secretariaat's powers: plan edits with their history, and user management."""

import re

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session, col, select

from app.models import AccountRole, Partij, PlanWijziging, User, UserPartij
from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import PASSWORD, find_mijlpaal, make_user

HTMX = {"HX-Request": "true"}


@pytest.fixture
def secretariaat(session: Session, seeded: LoadReport, auth: AuthActions) -> AuthActions:
    make_user(session, email="sec@vbg.nl", name="Sanne Secretariaat", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    return auth


def test_plan_edit_keeps_who_when_why_and_the_old_value(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    before = find_mijlpaal(session, "5a", "A")
    old_text, old_phrase = before.text, before.planned_text
    response = secretariaat.post(
        "/afspraken/5a/mijlpalen/A/plan",
        {
            "text": old_text,
            "planned_text": "Q1-2027",
            "reason": "Besluit BO Farmacie 12 november",
            "version": str(before.version),
        },
    )
    assert response.status_code == 302
    session.expire_all()
    after = find_mijlpaal(session, "5a", "A")
    assert (after.planned_text, str(after.due_date)) == ("Q1-2027", "2027-03-31")
    changes = session.exec(
        select(PlanWijziging)
        .where(PlanWijziging.entity_key == "5a/A")
        .order_by(col(PlanWijziging.field))
    ).all()
    by_field = {c.field: c for c in changes}
    assert by_field["planned_text"].old_value == old_phrase
    assert by_field["planned_text"].new_value == "Q1-2027"
    assert by_field["planned_end"].old_value == "2026-06-30"
    assert {c.changed_by for c in changes} == {"Sanne Secretariaat"}
    assert {c.reason for c in changes} == {"Besluit BO Farmacie 12 november"}
    assert "text" not in by_field  # unchanged fields leave no trace
    assert {"planned_start", "planned_precision"} <= set(by_field)  # derived, still stored
    html = client.get("/afspraken/5a").get_data(as_text=True)
    history = html[html.index('id="plangeschiedenis"') :]
    entries = re.findall(r"<li data-planwijziging>(.*?)</li>", history, re.S)
    assert len(entries) == 1  # one edit, one entry
    assert "<time datetime=" in entries[0]  # when: the day it was saved
    entry = plain(entries[0])
    assert "– Sanne Secretariaat" in entry
    assert (
        f"Mijlpaal A: '{old_phrase}' → 'Q1-2027', reden: Besluit BO Farmacie 12 november" in entry
    )
    for derived in ["uiterlijk", "30 juni 2026", "precisie", "begin periode", "kwarta"]:
        assert derived not in entry


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&#39;", "'").strip()


def test_an_edit_of_text_and_date_is_one_entry_naming_both(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    before = find_mijlpaal(session, "5a", "A")
    secretariaat.post(
        "/afspraken/5a/mijlpalen/A/plan",
        {
            "text": "Nieuwe omschrijving",
            "planned_text": "Q2-2027",
            "reason": "Herijking",
            "version": str(before.version),
        },
    )
    html = client.get("/afspraken/5a").get_data(as_text=True)
    history = html[html.index('id="plangeschiedenis"') :]
    [entry] = re.findall(r"<li data-planwijziging>(.*?)</li>", history, re.S)
    assert (
        f"Mijlpaal A: tekst '{before.text.strip()}' → 'Nieuwe omschrijving'; "
        f"periode '{before.planned_text}' → 'Q2-2027', reden: Herijking"
    ) in plain(entry)


@pytest.mark.parametrize("reason", ["", "Toch maar niet"])
def test_an_unchanged_save_says_niets_gewijzigd_with_htmx(
    client: FlaskClient, session: Session, secretariaat: AuthActions, reason: str
) -> None:
    m = find_mijlpaal(session, "5a", "A")
    response = secretariaat.post(
        "/afspraken/5a/mijlpalen/A/plan",
        {"text": m.text, "planned_text": m.planned_text, "reason": reason},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    row = html[: html.index("<template>")]
    assert row.lstrip().startswith('<tr class="utrecht-table__row" id="mijlpaal-5a-A">')
    assert '<p class="nl-paragraph app-muted app-row-note">Niets gewijzigd</p>' in row
    assert "Schrijf waarom" not in html  # nothing to record, so no reason needed
    assert "Niets gewijzigd: mijlpaal 5a-A had deze omschrijving en datum al." in html
    assert session.exec(select(PlanWijziging).where(PlanWijziging.entity_key == "5a/A")).all() == []


def test_an_unchanged_save_says_niets_gewijzigd_without_javascript(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    m = find_mijlpaal(session, "5a", "A")
    response = secretariaat.post(
        "/afspraken/5a/mijlpalen/A/plan",
        {"text": m.text, "planned_text": m.planned_text, "reason": ""},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/afspraken/5a#mijlpaal-5a-A"
    html = client.get("/afspraken/5a").get_data(as_text=True)
    assert "Niets gewijzigd: mijlpaal 5a-A had deze omschrijving en datum al." in html
    assert "Het plan is niet gewijzigd sinds het is geladen." in html


def test_plan_edit_errors_show_in_place_and_change_nothing(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    response = secretariaat.post(
        "/afspraken/5a/mijlpalen/A/plan",
        {"text": "x", "planned_text": "ooit", "reason": ""},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Onbekende datumaanduiding &#39;ooit&#39;" in html
    assert "Schrijf waarom het plan verandert" in html
    assert session.exec(select(PlanWijziging).where(PlanWijziging.entity_key == "5a/A")).all() == []


def _plan(text: str, planned_text: str, reason: str, version: int) -> dict[str, str]:
    return {"text": text, "planned_text": planned_text, "reason": reason, "version": str(version)}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
def test_a_plan_edit_from_an_older_version_is_refused_and_can_be_reapplied(
    client: FlaskClient, session: Session, secretariaat: AuthActions, headers: dict[str, str]
) -> None:
    url = "/afspraken/5a/mijlpalen/A/plan"
    opened = find_mijlpaal(session, "5a", "A")
    text, old_phrase, version = opened.text, opened.planned_text, opened.version
    form = client.get(url).get_data(as_text=True)
    assert f'name="version" value="{version}"' in form
    # Two secretariaat members opened the form; the first saves Q1-2027.
    first = secretariaat.post(url, _plan(text, "Q1-2027", "Eerste besluit", version))
    assert first.status_code == 302
    # The second, still on the old form, saves Q2-2027: refused, with the newer value shown.
    second = secretariaat.post(
        url, _plan(text, "Q2-2027", "Tweede besluit", version), headers=headers
    )
    assert second.status_code == (200 if headers else 409)
    html = second.get_data(as_text=True)
    assert "is gewijzigd sinds u het formulier opende" in html
    assert "<dd>Q1-2027</dd>" in html and "gewijzigd door Sanne Secretariaat" in html
    assert 'value="Q2-2027"' in html and "Tweede besluit" in html  # the user's input is kept
    session.expire_all()
    current = find_mijlpaal(session, "5a", "A")
    assert (current.planned_text, current.version) == ("Q1-2027", version + 1)
    # Saving again from the re-rendered form (it carries the new version) applies it on purpose.
    assert f'name="version" value="{version + 1}"' in html
    again = secretariaat.post(url, _plan(text, "Q2-2027", "Tweede besluit", version + 1))
    assert again.status_code == 302
    history = session.exec(
        select(PlanWijziging)
        .where(PlanWijziging.entity_key == "5a/A", PlanWijziging.field == "planned_text")
        .order_by(col(PlanWijziging.id))
    ).all()
    # Each history row records the value it really replaced: nothing vanished.
    assert [(h.old_value, h.new_value) for h in history] == [
        (old_phrase, "Q1-2027"),
        ("Q1-2027", "Q2-2027"),
    ]


def test_a_plan_edit_without_a_version_is_refused(
    session: Session, secretariaat: AuthActions
) -> None:
    before = find_mijlpaal(session, "5a", "A")
    response = secretariaat.post(
        "/afspraken/5a/mijlpalen/A/plan",
        {"text": before.text, "planned_text": "Q1-2027", "reason": "Oud formulier"},
    )
    assert response.status_code == 409
    session.expire_all()
    assert find_mijlpaal(session, "5a", "A").planned_text == before.planned_text


@pytest.mark.parametrize("role", [AccountRole.PARTIJ_RAPPORTEUR, AccountRole.LEZER])
def test_only_the_secretariaat_edits_the_plan(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions, role: AccountRole
) -> None:
    make_user(session, email="x@knmp.nl", role=role)
    auth.login("x@knmp.nl")
    assert client.get("/afspraken/3/mijlpalen/A/plan").status_code == 403
    response = auth.post(
        "/afspraken/3/mijlpalen/A/plan", {"text": "x", "planned_text": "Q1-2027", "reason": "y"}
    )
    assert response.status_code == 403
    assert find_mijlpaal(session, "3", "A").planned_text == "Q3/4 2024 – Q1 2025"
    assert "Plan wijzigen" not in client.get("/afspraken/3").get_data(as_text=True)


def test_secretariaat_creates_a_partij_rapporteur_who_can_log_in(
    client: FlaskClient, session: Session, secretariaat: AuthActions, auth: AuthActions
) -> None:
    zn = session.exec(select(Partij).where(Partij.code == "ZN")).one()
    response = secretariaat.post(
        "/gebruikers/nieuw",
        {
            "name": "Lead ZN",
            "email": "Lead@ZN.nl",
            "role": "partij_rapporteur",
            "partij": str(zn.id),
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = session.exec(select(User).where(User.email == "lead@zn.nl")).one()
    assert session.exec(
        select(UserPartij.partij_id).where(UserPartij.user_id == user.id)
    ).all() == [zn.id]
    assert "Lead ZN" in client.get("/gebruikers").get_data(as_text=True)
    auth.logout()
    auth.login("lead@zn.nl")
    assert "Voortgang melden" in client.get("/afspraken/6").get_data(as_text=True)  # ZN writes 6


def test_user_form_errors_are_shown_beside_the_fields(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    response = secretariaat.post(
        "/gebruikers/nieuw",
        {"name": "", "email": "geen-adres", "role": "partij_rapporteur", "password": "kort"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for message in [
        "Vul een geldig e-mailadres in",
        "Vul een naam in",
        "minstens één partij",
        "minstens 12 tekens",
    ]:
        assert message in html
    assert 'value="geen-adres"' in html  # kept for correction


def test_secretariaat_cannot_lock_itself_out(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    me = session.exec(select(User).where(User.email == "sec@vbg.nl")).one()
    response = secretariaat.post(
        f"/gebruikers/{me.id}",
        {"name": "Sanne", "email": "sec@vbg.nl", "role": "lezer", "active": "on"},
    )
    assert response.status_code == 422
    assert "eigen secretariaatsrechten" in response.get_data(as_text=True)


def test_deactivating_a_user_from_the_page(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    lead = make_user(session)
    response = secretariaat.post(
        f"/gebruikers/{lead.id}",
        {
            "name": lead.name,
            "email": lead.email,
            "role": "partij_rapporteur",
            "partij": [
                str(p)
                for p in session.exec(
                    select(UserPartij.partij_id).where(UserPartij.user_id == lead.id)
                )
            ],
        },
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(User, lead.id).active is False  # type: ignore[union-attr]


def test_user_pages_are_for_the_secretariaat_only(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    assert client.get("/gebruikers").status_code == 302  # anonymous: to the login page
    make_user(session)
    auth.login()
    assert client.get("/gebruikers").status_code == 403
    assert auth.post("/gebruikers/nieuw", {"name": "x"}).status_code == 403


def test_an_edited_address_is_stored_in_lower_case_and_still_logs_in(
    client: FlaskClient, session: Session, secretariaat: AuthActions, auth: AuthActions
) -> None:
    lead = make_user(session)
    partij_ids = session.exec(select(UserPartij.partij_id).where(UserPartij.user_id == lead.id))
    response = secretariaat.post(
        f"/gebruikers/{lead.id}",
        {
            "name": lead.name,
            "email": "Karin@KNMP.nl",
            "role": "partij_rapporteur",
            "active": "on",
            "partij": [str(p) for p in partij_ids],
        },
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(User, lead.id).email == "karin@knmp.nl"  # type: ignore[union-attr]
    auth.logout()
    assert auth.login("Karin@KNMP.nl").status_code == 302


def test_users_caption_counts_in_dutch(
    client: FlaskClient, session: Session, secretariaat: AuthActions
) -> None:
    assert ">1 account</caption>" in client.get("/gebruikers").get_data(as_text=True)
    make_user(session, email="tweede@vbg.nl", name="Tweede", role=AccountRole.LEZER)
    assert ">2 accounts</caption>" in client.get("/gebruikers").get_data(as_text=True)


def test_new_account_lists_the_parties_by_their_visible_name_with_a_filter(
    client: FlaskClient, secretariaat: AuthActions
) -> None:
    html = client.get("/gebruikers/nieuw").get_data(as_text=True)
    labels = re.findall(r'name="partij" value="\d+">\s*(.*?)\s*</label>', html, re.S)
    assert len(labels) > 30
    assert labels == sorted(labels, key=str.lower)
    assert "Koninklijke Nederlandse Maatschappij ter bevordering der Pharmacie (KNMP)" in labels
    # The filter needs JavaScript, so it is hidden until app.js shows it.
    assert re.search(r'<div class="[^"]*app-partij-filter" data-partij-filter hidden>', html)
    assert 'aria-controls="partij-keuzes"' in html and 'id="partij-keuzes"' in html
