"""Read-only pages: overview with filters (page and fragment), afspraak, partij, statement."""

from flask.testing import FlaskClient

from app.seeding.load import LoadReport


def test_overview_lists_afspraken_nested_with_status(
    client: FlaskClient, seeded: LoadReport
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "1. Duidelijke informatie voor patiënten" in html
    assert (
        html.index("5. Goed afgestemde")
        < html.index("5a. Uniforme definities")
        < html.index("6. Vergoedingstermijnen")
    )
    assert 'class="utrecht-table__row app-sub" data-afspraak="5a"' in html
    assert "17 van 17 afspraken" in html
    # 5b needs 5a first, and 5a has overdue milestones on 25 November 2026.
    assert "5b wacht op 5a" in html


def test_overview_filter_returns_fragment_for_htmx(client: FlaskClient, seeded: LoadReport) -> None:
    response = client.get("/?partij=KNMP&rol=opsteller", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html
    rows = [line for line in html.splitlines() if "data-afspraak=" in line]
    assert [r.split('data-afspraak="')[1].split('"')[0] for r in rows] == ["3", "4", "5", "5d"]
    assert 'hx-swap-oob="innerHTML">4 van 17 afspraken getoond.</p>' in html
    # The form stays as the user left it (a choice made meanwhile must survive); only the link to
    # clear the filters follows the answer, out of band.
    assert "<select" not in html
    assert '<span id="filters-wissen" hx-swap-oob="true"><a ' in html
    assert "Filters wissen</a></span>" in html


def test_overview_fragment_without_filters_empties_the_clear_link(
    client: FlaskClient, seeded: LoadReport
) -> None:
    html = client.get("/", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<span id="filters-wissen" hx-swap-oob="true"></span>' in html
    assert "17 van 17 afspraken getoond." in html


def test_overview_page_form_syncs_requests_and_targets_only_the_results(
    client: FlaskClient, seeded: LoadReport
) -> None:
    html = client.get("/?partij=KNMP").get_data(as_text=True)
    assert 'hx-target="#resultaten" hx-sync="this:replace"' in html
    assert '<option value="KNMP" selected>' in html
    assert '<span id="filters-wissen"><a ' in html


def test_overview_filter_as_full_page_keeps_choices(
    client: FlaskClient, seeded: LoadReport
) -> None:
    html = client.get("/?status=nog_niet_gestart").get_data(as_text=True)
    assert '<option value="nog_niet_gestart" selected>' in html
    assert "1 van 17 afspraken (gefilterd)" in html
    assert 'data-afspraak="6"' in html


def test_unknown_filter_value_is_explained_not_fatal(
    client: FlaskClient, seeded: LoadReport
) -> None:
    response = client.get("/?partij=XYZ")
    assert response.status_code == 200
    assert "Partij &#39;XYZ&#39; bestaat niet" in response.get_data(as_text=True)


def test_empty_database_explains_how_to_load(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "Er zijn nog geen afspraken geladen" in html
    assert "seed load" in html


def test_afspraak_page_shows_plan_parties_and_dependencies(
    client: FlaskClient, seeded: LoadReport
) -> None:
    html = client.get("/afspraken/5b").get_data(as_text=True)
    assert "5b. Data-uitwisseling" in html
    assert "Q3-2026" in html and '<time datetime="2026-09-30">30 september 2026</time>' in html
    # Both directions: 5b waits on 5a, and 9 waits on 5b.
    waits_on = html.index("Waar 5b op wacht")
    waited_by = html.index("Wat op 5b wacht")
    assert waits_on < html.index("5a. Uniforme definities", waits_on) < waited_by
    assert html.index("9. Parallelhandel", waited_by) > waited_by
    assert "Voortgang (nieuwste eerst)" in html


def test_milestone_without_date_says_so(client: FlaskClient, seeded: LoadReport) -> None:
    html = client.get("/afspraken/5b").get_data(as_text=True)
    assert "geen datum" in html and "nog niet gepland" in html


def test_unknown_afspraak_is_404_in_dutch(client: FlaskClient, seeded: LoadReport) -> None:
    response = client.get("/afspraken/99")
    assert response.status_code == 404
    assert "Afspraak &#39;99&#39; bestaat niet." in response.get_data(as_text=True)


def test_partij_page_groups_by_role(client: FlaskClient, seeded: LoadReport) -> None:
    html = client.get("/partijen/KNMP").get_data(as_text=True)
    opsteller = html.index('id="rol-opsteller"')
    samen_met = html.index('id="rol-samen_met"')
    assert opsteller < html.index("3. Juridische verankering", opsteller) < samen_met
    assert "Wat er van KNMP verwacht wordt" in html


def test_partijen_list_and_unknown_partij(client: FlaskClient, seeded: LoadReport) -> None:
    assert "Koninklijke" in client.get("/partijen").get_data(as_text=True)
    assert client.get("/partijen/NIEMAND").status_code == 404


def test_accessibility_statement(client: FlaskClient) -> None:
    html = client.get("/toegankelijkheid").get_data(as_text=True)
    assert "Toegankelijkheidsverklaring" in html
    assert "WCAG" in html


def test_afspraak_and_partij_pages_offer_their_feed_with_copy_button(
    client: FlaskClient, seeded: LoadReport
) -> None:
    afspraak = client.get("/afspraken/5b").get_data(as_text=True)
    assert 'href="webcal://localhost/agenda/afspraken/5b.ics"' in afspraak
    assert '<code class="app-feed__url" id="feed-feeds-afspraak-5b">' in afspraak
    assert 'data-copy="feed-feeds-afspraak-5b"' in afspraak
    partij = client.get("/partijen/BG Pharma").get_data(as_text=True)
    assert 'href="webcal://localhost/agenda/partijen/BG%20Pharma.ics"' in partij
    assert 'data-copy="feed-feeds-partij-BG-Pharma"' in partij
