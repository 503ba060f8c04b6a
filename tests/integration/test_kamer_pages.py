"""The Kamer register's pages: lists with filters and search, detail pages, documents, and the
overdue notices on the overview and on *Te rapporteren*. Today is 25 November 2026."""

import re
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import (
    AccountRole,
    Afspraak,
    CommitmentKind,
    CommitmentRelationKind,
    CommitmentStatus,
    CommitmentVenue,
    KamerCommitment,
    KamerCommitmentRelation,
)
from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import make_user, make_voortgang
from tests.integration.kamer_data import Q1_2027, Q3_2026, Q4_2026, close, document, make_commitment

HTMX = {"HX-Request": "true"}


def listed(html: str) -> list[str]:
    return re.findall(r'<tr class="utrecht-table__row" data-commitment="([^"]+)"', html)


def row_of(html: str, key: str) -> str:
    match = re.search(rf'data-commitment="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {key}"
    return match.group(1)


@pytest.fixture
def register(session: Session, seeded: LoadReport) -> None:
    """Three toezeggingen and a motie of the tests' own, beside the seed's."""
    make_commitment(
        session,
        "tz-test-te-laat",
        text="De minister informeert de Kamer over de zuurstofvoorraad.",
        afspraken=("3",),
        documents=("kst-29477-969",),
        made_to="het lid Tielen",
        made_in=CommitmentVenue.DEBAT,
        origin="Commissiedebat Geneesmiddelenbeleid",
        origin_date=date(2026, 3, 12),
        tk_number="TZ202603-901",
        **Q3_2026,
    )
    make_commitment(session, "tz-test-dit-kwartaal", afspraken=("9",), **Q4_2026)
    gedaan = make_commitment(session, "tz-test-gedaan", afspraken=("6",), **Q3_2026)
    close(session, gedaan, CommitmentStatus.GESTAND_GEDAAN, "kst-29477-969")
    make_commitment(
        session,
        "mt-test-zuurstof",
        kind=CommitmentKind.MOTIE,
        text="Verzoekt de regering een reservevoorraad zuurstof aan te leggen.",
        members=[{"name": "Tielen", "fraction": "VVD"}, {"name": "Krul", "fraction": "CDA"}],
        kamerstuk_number="29477-970",
        afspraken=("3",),
        **Q1_2027,
    )


def test_toezeggingen_list_shows_status_deadline_and_overdue_badge(
    client: FlaskClient, register: None
) -> None:
    response = client.get("/kamer/toezeggingen")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert {"tz-test-te-laat", "tz-test-dit-kwartaal", "tz-test-gedaan"} <= set(listed(html))
    assert "mt-test-zuurstof" not in listed(html)
    late = row_of(html, "tz-test-te-laat")
    assert "Te laat" in late and "data-te-laat" in late
    assert "in het derde kwartaal" in late and "uiterlijk" in late and "30 september 2026" in late
    assert 'href="/afspraken/3"' in late
    # Fulfilled, or not yet due: no badge.
    assert "data-te-laat" not in row_of(html, "tz-test-gedaan")
    assert "Gestand gedaan" in row_of(html, "tz-test-gedaan")
    assert "data-te-laat" not in row_of(html, "tz-test-dit-kwartaal")
    # The count links to the filtered list; the main menu marks the register.
    assert re.search(r"\d+ toezeggingen zijn te laat", html)
    assert 'href="/kamer/toezeggingen?periode=te_laat"' in html
    assert re.search(r'href="/kamer/toezeggingen" aria-current="page">Toezeggingen en moties', html)


def test_moties_list_shows_members_and_fraction(client: FlaskClient, register: None) -> None:
    html = client.get("/kamer/moties").get_data(as_text=True)
    row = row_of(html, "mt-test-zuurstof")
    assert "Tielen (VVD), Krul (CDA)" in row
    assert "29477-970" in row
    assert "tz-test-te-laat" not in listed(html)


def test_the_list_answers_htmx_with_the_results_only(client: FlaskClient, register: None) -> None:
    response = client.get("/kamer/toezeggingen?status=gestand_gedaan", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert "tz-test-gedaan" in listed(html)
    assert "tz-test-te-laat" not in listed(html)
    assert 'id="filter-status"' in html and "hx-swap-oob" in html
    assert "Filters wissen" in html


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("status=gestand_gedaan", {"tz-test-gedaan"}, {"tz-test-te-laat", "tz-test-dit-kwartaal"}),
        ("afspraak=9", {"tz-test-dit-kwartaal"}, {"tz-test-te-laat", "tz-test-gedaan"}),
        # KNMP is opsteller of 3 and samen met on 6, and has no part in 9.
        ("partij=KNMP", {"tz-test-te-laat", "tz-test-gedaan"}, {"tz-test-dit-kwartaal"}),
        ("periode=te_laat", {"tz-test-te-laat"}, {"tz-test-dit-kwartaal", "tz-test-gedaan"}),
        ("periode=dit_kwartaal", {"tz-test-dit-kwartaal"}, {"tz-test-te-laat", "tz-test-gedaan"}),
        ("document=kst-29477-969", {"tz-test-te-laat", "tz-test-gedaan"}, {"tz-test-dit-kwartaal"}),
        ("q=zuurstofvoorraad", {"tz-test-te-laat"}, {"tz-test-gedaan"}),
        ("q=TZ202603-901", {"tz-test-te-laat"}, {"tz-test-gedaan"}),
        ("q=TIELEN+commissiedebat", set(), {"tz-test-gedaan"}),
        ("q=tz-test-gedaan", {"tz-test-gedaan"}, {"tz-test-te-laat"}),
        ("status=open&partij=KNMP&afspraak=3", {"tz-test-te-laat"}, {"tz-test-gedaan"}),
    ],
)
def test_filters_and_search(
    client: FlaskClient, register: None, query: str, present: set[str], absent: set[str]
) -> None:
    html = client.get(f"/kamer/toezeggingen?{query}").get_data(as_text=True)
    shown = set(listed(html))
    assert present <= shown
    assert not absent & shown
    assert "(gefilterd)" in html or not shown


def test_search_reaches_origin_and_members(client: FlaskClient, register: None) -> None:
    html = client.get("/kamer/moties?q=krul").get_data(as_text=True)
    assert listed(html) == ["mt-test-zuurstof"]
    html = client.get("/kamer/toezeggingen?q=commissiedebat+geneesmiddelenbeleid").get_data(
        as_text=True
    )
    assert "tz-test-te-laat" in listed(html)


def test_no_match_says_so(client: FlaskClient, register: None) -> None:
    html = client.get("/kamer/moties?q=bestaat-nergens").get_data(as_text=True)
    assert listed(html) == []
    assert "Geen moties voor deze filters." in html


def test_unknown_filter_values_are_explained_and_ignored(
    client: FlaskClient, register: None
) -> None:
    everything = listed(client.get("/kamer/toezeggingen").get_data(as_text=True))
    response = client.get(
        "/kamer/toezeggingen?status=klaar&afspraak=99&partij=NIEMAND&periode=ooit&document=geen"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert listed(html) == everything
    for message in (
        "Status &#39;klaar&#39; bestaat niet",
        "Afspraak &#39;99&#39; bestaat niet",
        "Partij &#39;NIEMAND&#39; is geen opsteller",
        "Periode &#39;ooit&#39; bestaat niet",
        "Document &#39;geen&#39; bestaat niet",
    ):
        assert message in html


def test_toezegging_detail_shows_everything_about_it(
    client: FlaskClient, session: Session, register: None
) -> None:
    late = make_commitment(session, "tz-test-herhaling", text="Herhaalt de zuurstoftoezegging.")
    original = session.exec(
        select(KamerCommitment).where(KamerCommitment.key == "tz-test-te-laat")
    ).one()
    assert late.id is not None and original.id is not None
    session.add(
        KamerCommitmentRelation(
            commitment_id=late.id, related_id=original.id, kind=CommitmentRelationKind.HERHALING
        )
    )
    session.commit()

    response = client.get("/kamer/toezeggingen/tz-test-te-laat")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "De minister informeert de Kamer over de zuurstofvoorraad." in html
    assert "In een debat" in html and "het lid Tielen" in html
    assert "Commissiedebat Geneesmiddelenbeleid (<time" in html and "12 maart 2026" in html
    assert "in het derde kwartaal" in html
    assert "1 juli 2026</time> – <time" in html and "30 september 2026" in html
    assert "TZ202603-901" in html
    assert html.count("data-te-laat") >= 1 and "sinds" in html
    assert 'href="/afspraken/3"' in html
    assert 'href="/kamer/kamerstukken/kst-29477-969"' in html
    assert "Herhaald in" in html and 'href="/kamer/toezeggingen/tz-test-herhaling"' in html
    # The repeating one names the one it repeats.
    html = client.get("/kamer/toezeggingen/tz-test-herhaling").get_data(as_text=True)
    assert "Herhaalt" in html and 'href="/kamer/toezeggingen/tz-test-te-laat"' in html


def test_status_history_is_shown_newest_first_with_document_and_reason(
    client: FlaskClient, register: None
) -> None:
    html = client.get("/kamer/toezeggingen/tz-test-gedaan").get_data(as_text=True)
    history = html[html.index('id="statusgeschiedenis"') :]
    entries = re.split(r"<li data-statuswijziging=", history)[1:]
    assert len(entries) == 2
    # Newest first: the change to gestand gedaan, then the entry that opened it.
    assert "Open → " in entries[0] and "Gestand gedaan" in entries[0]
    assert "Open → " not in entries[1] and "Open" in entries[1]
    assert "Secretariaat Test" in entries[0]
    assert "Reden: In de brief gestand gedaan." in history
    assert history.index("Gestand gedaan") < history.index("Reden:")
    # The status line names the fulfilling document.
    status = html[html.index('id="status"') : html.index('id="status"') + 600]
    assert "Gestand gedaan" in status and "kst-29477-969" in status
    assert "data-te-laat" not in status


def test_motie_detail_shows_members_kamerstuk_and_settling_document(
    client: FlaskClient, session: Session, register: None
) -> None:
    motie = session.exec(
        select(KamerCommitment).where(KamerCommitment.key == "mt-test-zuurstof")
    ).one()
    close(session, motie, CommitmentStatus.AFGEDAAN, "nota-2026-03-23")
    html = client.get("/kamer/moties/mt-test-zuurstof").get_data(as_text=True)
    assert "Tielen (VVD), Krul (CDA)" in html
    assert "29477-970" in html
    assert "Verzoekt de regering een reservevoorraad zuurstof aan te leggen." in html
    assert "Afgedaan" in html and 'href="/kamer/kamerstukken/nota-2026-03-23"' in html
    assert 'href="/afspraken/3"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/kamer/toezeggingen/tz-bestaat-niet",
        "/kamer/moties/mt-bestaat-niet",
        "/kamer/kamerstukken/bestaat-niet",
        # A motie is not found under the toezeggingen, nor the other way round.
        "/kamer/toezeggingen/mt-test-zuurstof",
        "/kamer/moties/tz-test-te-laat",
        "/kamer/amendementen",
    ],
)
def test_unknown_keys_are_404(client: FlaskClient, register: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404


def test_document_page_lists_what_it_fulfils_settles_and_answers(
    client: FlaskClient, session: Session, register: None
) -> None:
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    assert afspraak.id is not None
    make_voortgang(
        session,
        afspraak_id=afspraak.id,
        source_id=document(session, "kst-29477-969").id,
        public_text="Zie de voortgangsbrief van 1 april.",
    )
    response = client.get("/kamer/kamerstukken/kst-29477-969")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h1 class="nl-heading nl-heading--level-1">Kamerstuk 29 477, nr. 969</h1>' in html
    assert "1 april 2026" in html and "Kamerstuk" in html
    settles = html[html.index('data-sectie="vervult"') : html.index('data-sectie="genoemd"')]
    assert "tz-test-gedaan" in settles and "tz-test-te-laat" not in settles
    linked = html[html.index('data-sectie="genoemd"') : html.index("statuswijzigingen-kop")]
    assert "tz-test-te-laat" in linked
    changes = html[html.index("statuswijzigingen-kop") : html.index("voortgang-kop")]
    assert "tz-test-gedaan" in changes and "Open → Gestand gedaan" in changes
    updates = html[html.index("voortgang-kop") :]
    assert (
        "Zie de voortgangsbrief van 1 april." in updates
        and 'href="/afspraken/3#geschiedenis"' in updates
    )


def test_documents_list(client: FlaskClient, register: None) -> None:
    response = client.get("/kamer/kamerstukken")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-document="kst-29477-969"' in html
    assert "Kamerstuk 29 477, nr. 969" in html
    assert "Kamervragen 2026Z03383" in html


def test_overview_says_how_many_are_late_and_links_to_the_register(
    client: FlaskClient, register: None
) -> None:
    html = client.get("/").get_data(as_text=True)
    notice = html[html.index("data-kamer-te-laat") :][:1200]
    assert "Te laat bij de Kamer" in notice
    assert re.search(r"\d+ toezeggingen</a>", notice)
    assert 'href="/kamer/toezeggingen?periode=te_laat"' in notice
    # The overview's htmx fragment (the results only) does not repeat it.
    assert "data-kamer-te-laat" not in client.get("/?status=vertraagd", headers=HTMX).get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("role", "codes", "sees", "misses"),
    [
        # KNMP reports on 3 (opsteller) and not on 9; the unlinked one is the secretariaat's.
        (AccountRole.PARTIJ_RAPPORTEUR, ("KNMP",), {"tz-test-te-laat"}, {"tz-test-los"}),
        (AccountRole.SECRETARIAAT, (), {"tz-test-te-laat", "tz-test-los", "tz-test-9"}, set()),
        (AccountRole.LEZER, (), set(), {"tz-test-te-laat", "tz-test-los"}),
    ],
)
def test_te_rapporteren_lists_overdue_commitments_of_ones_afspraken(
    client: FlaskClient,
    session: Session,
    auth: AuthActions,
    register: None,
    role: AccountRole,
    codes: tuple[str, ...],
    sees: set[str],
    misses: set[str],
) -> None:
    make_commitment(session, "tz-test-los", **Q3_2026)
    make_commitment(session, "tz-test-9", afspraken=("9",), **Q3_2026)
    make_user(session, email="wie@test.nl", role=role, partij_codes=codes)
    auth.login("wie@test.nl")
    html = client.get("/te-rapporteren").get_data(as_text=True)
    shown = set(re.findall(r'data-commitment="([^"]+)"', html))
    assert sees <= shown
    assert not misses & shown
    if role is AccountRole.PARTIJ_RAPPORTEUR:
        assert "tz-test-9" not in shown
    if sees:
        assert "Toezeggingen en moties te laat" in html and "Te laat" in html


def test_afspraak_page_links_its_commitments_to_their_pages(
    client: FlaskClient, register: None
) -> None:
    html = client.get("/afspraken/3").get_data(as_text=True)
    assert 'href="/kamer/toezeggingen/tz-test-te-laat"' in html
    assert 'href="/kamer/moties/mt-test-zuurstof"' in html
