"""Long lists come in pages of 50 (issue 16, item 2): the overview, the register, the documents
and a party's page. On the seed nothing changes; on a grown Werkagenda (tests/scale.py) page 2
shows the next rows, the counts stay over every row, and a bad page number never fails."""

import json
import re

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session, col, func, select

from app.models import Afspraak, CommitmentStatus
from app.seeding.load import LoadReport
from tests.integration.kamer_data import Q4_2026, close, make_commitment
from tests.scale import grow_werkagenda

HTMX = {"HX-Request": "true"}
# 11 top-level afspraken in the seed (afspraak 5 with 5a-5f under it): six copies make 66, so
# the overview has two pages, the second with 16 of them.
FACTOR = 6
EXTRA_TOEZEGGINGEN = 60


def rows(html: str) -> list[str]:
    return re.findall(r'<tr class="utrecht-table__row[^"]*" data-afspraak="([^"]+)"', html)


def commitments(html: str) -> list[str]:
    return re.findall(r'<tr class="utrecht-table__row" data-commitment="([^"]+)"', html)


def caption(html: str) -> str:
    match = re.search(r'<caption class="utrecht-table__caption">(.*?)</caption>', html)
    assert match, "no table caption"
    return match.group(1)


def alerts(html: str) -> list[str]:
    return re.findall(r'<div class="utrecht-alert__message">(.*?)</div>', html)


def top_level(session: Session) -> list[str]:
    """The top-level afspraken in Werkagenda order."""
    return list(
        session.exec(
            select(Afspraak.code)
            .where(col(Afspraak.parent_id).is_(None))
            .order_by(col(Afspraak.position))
        ).all()
    )


@pytest.fixture
def grown(session: Session, seeded: LoadReport) -> None:
    grow_werkagenda(session, FACTOR)


def test_the_seed_overview_has_no_page_links(client: FlaskClient, seeded: LoadReport) -> None:
    html = client.get("/").get_data(as_text=True)
    assert len(rows(html)) == 17
    assert "app-pagination" not in html
    assert caption(html) == "17 van 17 afspraken"
    # A page number on a one-page list shows that page and says why.
    other = client.get("/?pagina=2").get_data(as_text=True)
    assert rows(other) == rows(html)
    assert "Pagina 2 bestaat niet: er is maar één pagina. Pagina 1 wordt getoond." in other


def test_the_overview_shows_fifty_afspraken_a_page_with_their_sub_afspraken(
    client: FlaskClient, session: Session, grown: None
) -> None:
    parents = top_level(session)
    assert len(parents) == 66
    first = client.get("/").get_data(as_text=True)
    second = client.get("/?pagina=2").get_data(as_text=True)

    first_rows, second_rows = rows(first), rows(second)
    # 50 top-level afspraken per page, in Werkagenda order.
    assert [code for code in first_rows if code in parents] == parents[:50]
    assert [code for code in second_rows if code in parents] == parents[50:]
    assert not set(first_rows) & set(second_rows)
    total = session.exec(select(func.count()).select_from(Afspraak)).one()
    assert len(first_rows) + len(second_rows) == total == 17 * FACTOR
    # Each sub-afspraak ("5a", "x4-5a") on the page of its parent ("5", "x4-5"), after it.
    subs = 0
    for listed in (first_rows, second_rows):
        for i, code in enumerate(listed):
            if code not in parents:
                subs += 1
                assert code[:-1] in listed[:i], f"{code} without its parent on its page"
    assert subs == 6 * FACTOR
    # The counts are over every afspraak, not the page.
    assert caption(first) == f"{17 * FACTOR} van {17 * FACTOR} afspraken, pagina 1 van 2"
    assert caption(second) == f"{17 * FACTOR} van {17 * FACTOR} afspraken, pagina 2 van 2"

    nav = re.search(r'<nav class="app-pagination" aria-label="([^"]+)">(.*?)</nav>', second, re.S)
    assert nav, "no page links"
    assert nav.group(1) == "Pagina's van de afspraken"
    assert "Pagina 2 van 2" in nav.group(2)
    assert re.search(r'href="/"[^>]*rel="prev"[^>]*>Vorige</a>', nav.group(2))
    assert re.search(r'href="/\?pagina=2"[^>]*aria-current="page"', nav.group(2))
    assert '<span class="app-muted">Volgende</span>' in nav.group(2)  # no page 3


def test_page_links_keep_the_filters_and_answer_htmx_with_the_results(
    client: FlaskClient, grown: None
) -> None:
    html = client.get("/?rol=opsteller").get_data(as_text=True)
    assert 'href="/?rol=opsteller&amp;pagina=2"' in html
    assert 'hx-get="/?rol=opsteller&amp;pagina=2" hx-target="#resultaten"' in html

    fragment = client.get("/?rol=opsteller&pagina=2", headers=HTMX)
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert "<html" not in body and "<form" not in body
    assert rows(body) == rows(client.get("/?rol=opsteller&pagina=2").get_data(as_text=True))
    assert "afspraken, pagina 2 van 2 getoond." in body  # the live region says where one is


@pytest.mark.parametrize(
    ("value", "page", "message"),
    [
        ("0", 1, "Pagina 0 bestaat niet; pagina 1 wordt getoond."),
        ("-1", 1, "Pagina -1 bestaat niet; pagina 1 wordt getoond."),
        ("abc", 1, "Pagina &#39;abc&#39; is geen paginanummer; pagina 1 wordt getoond."),
        ("99999", 2, "Pagina 99999 bestaat niet: er zijn 2 pagina&#39;s. Pagina 2 wordt getoond."),
    ],
)
def test_a_bad_page_number_shows_the_nearest_page(
    client: FlaskClient, grown: None, value: str, page: int, message: str
) -> None:
    for headers in ({}, HTMX):
        response = client.get(f"/?pagina={value}", headers=headers)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert message in alerts(html)
        expected = client.get("/" if page == 1 else f"/?pagina={page}", headers=headers)
        assert rows(html) == rows(expected.get_data(as_text=True))


def test_the_register_shows_fifty_a_page_and_counts_every_one(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    before = commitments(client.get("/kamer/toezeggingen").get_data(as_text=True))
    for i in range(EXTRA_TOEZEGGINGEN):
        made = make_commitment(session, f"tz-test-lang-{i:02}", afspraken=("3",), **Q4_2026)
        if i % 4 == 0:
            close(session, made, CommitmentStatus.GESTAND_GEDAAN, "kst-29477-969")
    session.commit()
    total = len(before) + EXTRA_TOEZEGGINGEN
    assert total > 50

    first = client.get("/kamer/toezeggingen").get_data(as_text=True)
    second = client.get("/kamer/toezeggingen?pagina=2").get_data(as_text=True)
    assert len(commitments(first)) == 50
    assert len(commitments(second)) == total - 50
    assert not set(commitments(first)) & set(commitments(second))
    assert caption(second) == f"{total} van {total} toezeggingen, pagina 2 van 2"
    # The overdue notice counts every toezegging, whatever the page shows.
    notice = re.search(r"data-te-laat-melding><strong>(\d+) toezegging", first)
    again = re.search(r"data-te-laat-melding><strong>(\d+) toezegging", second)
    assert notice and again and notice.group(1) == again.group(1)

    # A filter goes into the page links, and a page past the end shows the last one.
    filtered = client.get("/kamer/toezeggingen?q=tz-test-lang").get_data(as_text=True)
    assert caption(filtered) == (
        f"{EXTRA_TOEZEGGINGEN} van {total} toezeggingen (gefilterd), pagina 1 van 2"
    )
    assert 'href="/kamer/toezeggingen?q=tz-test-lang&amp;pagina=2"' in filtered
    filtered_second = client.get("/kamer/toezeggingen?q=tz-test-lang&pagina=2").get_data(
        as_text=True
    )
    assert len(commitments(filtered_second)) == EXTRA_TOEZEGGINGEN - 50
    assert set(commitments(filtered)) | set(commitments(filtered_second)) == {
        f"tz-test-lang-{i:02}" for i in range(EXTRA_TOEZEGGINGEN)
    }
    late = client.get("/kamer/toezeggingen?pagina=7", headers=HTMX).get_data(as_text=True)
    assert commitments(late) == commitments(second)
    assert "Pagina 7 bestaat niet: er zijn 2 pagina&#39;s. Pagina 2 wordt getoond." in late


def test_the_seed_register_and_documents_have_no_page_links(
    client: FlaskClient, seeded: LoadReport
) -> None:
    for path in ("/kamer/toezeggingen", "/kamer/moties", "/kamer/kamerstukken"):
        html = client.get(path).get_data(as_text=True)
        assert "app-pagination" not in html, path
    bad = client.get("/kamer/kamerstukken?pagina=abc")
    assert bad.status_code == 200
    assert "Pagina &#39;abc&#39; is geen paginanummer; pagina 1 wordt getoond." in bad.get_data(
        as_text=True
    )


def test_a_party_page_shows_fifty_afspraken_per_role_and_links_to_all(
    client: FlaskClient, seeded: LoadReport, session: Session
) -> None:
    seed_html = client.get("/partijen/KNMP").get_data(as_text=True)
    assert "De eerste 50" not in seed_html and "app-pagination" not in seed_html
    seed_heading = re.search(r'id="rol-samen_met">Samen met \((\d+)\)', seed_html)
    assert seed_heading
    samen_met = int(seed_heading.group(1))
    grow_werkagenda(session, FACTOR)

    html = client.get("/partijen/KNMP").get_data(as_text=True)
    heading = re.search(r'id="rol-samen_met">Samen met \((\d+)\)', html)
    assert heading and int(heading.group(1)) == samen_met * FACTOR > 50  # over every afspraak
    section = html.split('id="rol-samen_met"', 1)[1].split("</section>", 1)[0]
    assert section.count('<li class="utrecht-unordered-list__item">') == 50
    assert f"De eerste 50 van {samen_met * FACTOR}." in section
    assert 'href="/?partij=KNMP&amp;rol=samen_met"' in section
    overview = client.get("/?partij=KNMP&rol=samen_met").get_data(as_text=True)
    assert caption(overview).startswith(f"{samen_met * FACTOR} van ")

    bad = client.get("/partijen/KNMP?pagina=-1")
    assert bad.status_code == 200
    assert "Pagina -1 bestaat niet; pagina 1 wordt getoond." in bad.get_data(as_text=True)


def chart_afspraken(html: str) -> list[str]:
    """The afspraak rows of a planning page's table, in order."""
    return re.findall(r'data-row="([^"]+)" data-kind="afspraak"', html)


def test_the_seed_planning_has_no_page_links(client: FlaskClient, seeded: LoadReport) -> None:
    html = client.get("/planning?periode=alles").get_data(as_text=True)
    assert "app-pagination" not in html
    assert "5a" in chart_afspraken(html)


def test_a_long_planning_comes_in_pages_of_25_afspraken(
    client: FlaskClient, session: Session, grown: None
) -> None:
    order = top_level(session)  # 66 top-level afspraken: pages of 25, 25 and 16
    first = client.get("/planning?periode=alles").get_data(as_text=True)
    assert 'aria-label="Pagina\'s van de planning"' in first
    shown = chart_afspraken(first)
    assert [c for c in shown if c in order] == order[:25]
    assert "5a" in shown  # a sub-afspraak stays with its parent
    third = client.get("/planning?periode=alles&pagina=3").get_data(as_text=True)
    assert [c for c in chart_afspraken(third) if c in order] == order[50:]
    assert 'href="/planning?periode=alles&amp;pagina=2"' in third  # the period stays chosen
    wrong = client.get("/planning?periode=alles&pagina=9")
    assert wrong.status_code == 200
    assert (
        "Pagina 9 bestaat niet: er zijn 3 pagina&#39;s. Pagina 3 wordt getoond."
        in wrong.get_data(as_text=True)
    )


def chart_keys(html: str) -> set[str]:
    """The mijlpalen the page's chart draws: the rows of its traces, from the figure JSON."""
    match = re.search(r'<script type="application/json" id="grafiek-figuur">(.*?)</script>', html)
    assert match, "no figure on the page"
    figure = json.loads(match.group(1))
    rows = (y for trace in figure["data"] for y in trace.get("y") or [])
    return {y for y in rows if isinstance(y, str) and "/mijlpaal/" in y}


def slip_rows(html: str, table: str) -> list[str]:
    """The mijlpalen in one of the verschuivingen tables (none when the table is not drawn)."""
    parts = html.split(f'<table class="utrecht-table" id="{table}">', 1)
    body = parts[1].split("</table>", 1)[0] if len(parts) == 2 else ""
    return re.findall(r'<tr class="utrecht-table__row" data-row="([^"]+)"', body)


def test_the_seed_verschuivingen_have_no_page_links(
    client: FlaskClient, seeded: LoadReport
) -> None:
    html = client.get("/planning/verschuivingen?periode=alles").get_data(as_text=True)
    assert "app-pagination" not in html
    assert slip_rows(html, "verschoven") or slip_rows(html, "te-laat")


def test_verschuivingen_come_in_pages_of_50_with_the_chart_of_that_page(
    client: FlaskClient, grown: None
) -> None:
    first = client.get("/planning/verschuivingen?periode=alles").get_data(as_text=True)
    counts = re.search(
        r"Verschoven \((\d+)\).*Te laat zonder nieuwe verwachting \((\d+)\)", first, re.S
    )
    assert counts, "no counts in the headings"
    total_moved, total_late = int(counts.group(1)), int(counts.group(2))
    pages = -(-max(total_moved, total_late) // 50)
    assert pages > 1
    assert f"Pagina 1 van {pages}" in first
    assert 'href="/planning/verschuivingen?periode=alles&amp;pagina=2"' in first

    moved: list[str] = []
    late: list[str] = []
    for number in range(1, pages + 1):
        html = client.get(f"/planning/verschuivingen?periode=alles&pagina={number}").get_data(
            as_text=True
        )
        on_page = slip_rows(html, "verschoven"), slip_rows(html, "te-laat")
        assert all(len(rows) <= 50 for rows in on_page)
        # The chart draws this page's mijlpalen and no others.
        assert chart_keys(html) == set(on_page[0] + on_page[1])
        moved += on_page[0]
        late += on_page[1]
    assert (len(moved), len(late)) == (total_moved, total_late)
    assert len(set(moved + late)) == total_moved + total_late  # no row on two pages

    wrong = client.get("/planning/verschuivingen?periode=alles&pagina=nul")
    assert wrong.status_code == 200
    assert "is geen paginanummer; pagina 1 wordt getoond." in wrong.get_data(as_text=True)


def feed_afspraken(html: str) -> list[str]:
    """The afspraken whose feed the agenda page offers, in order."""
    return re.findall(
        r'<code class="app-feed__url" id="feed-afspraak-\d+">[^<]*/agenda/afspraken/([^<?]+)\.ics',
        html,
    )


def test_the_seed_agenda_page_offers_every_afspraak_on_one_page(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    html = client.get("/agenda").get_data(as_text=True)
    assert "app-pagination" not in html
    count = session.exec(select(func.count()).select_from(Afspraak)).one()
    assert len(feed_afspraken(html)) == count
    assert f"Toon de {count} afspraken" in html


def test_the_agenda_page_offers_the_afspraken_in_pages_of_50(
    client: FlaskClient, session: Session, grown: None
) -> None:
    order = top_level(session)  # 66 top-level afspraken: 50 on the first page, 16 on the second
    count = session.exec(select(func.count()).select_from(Afspraak)).one()
    first = client.get("/agenda?herinnering=1").get_data(as_text=True)
    assert f"Toon de {count} afspraken" in first
    shown = feed_afspraken(first)
    assert [c for c in shown if c in order] == order[:50]
    assert "5a" in shown  # a sub-afspraak stays with its parent
    # Page links keep the feed options and land on the list.
    assert 'href="/agenda?herinnering=1&amp;pagina=2#afspraken"' in first
    assert "herinnering=1" in first.split('id="feed-afspraak-0">', 1)[1].split("</code>", 1)[0]
    second = client.get("/agenda?herinnering=1&pagina=2").get_data(as_text=True)
    assert [c for c in feed_afspraken(second) if c in order] == order[50:]
    assert '<details class="app-details" open>' in second
    wrong = client.get("/agenda?pagina=7")
    assert wrong.status_code == 200
    assert "Pagina 7 bestaat niet" in wrong.get_data(as_text=True)
