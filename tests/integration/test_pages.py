"""The afspraken page shows the chain from YAML to browser."""

from flask.testing import FlaskClient

from app.seeding.load import LoadReport


def test_afspraken_page_lists_afspraken_with_milestones(
    client: FlaskClient, seeded: LoadReport
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "1. Duidelijke informatie voor patiënten" in html
    assert "5d. Snelle aanpassing van de vergoeding" in html
    # 5d's last milestone: phrase as written and its parsed due date.
    assert "De doorlooptijd van het opnemen van nieuwe TT-artikelen" in html
    assert '<time datetime="2027-03-31">31 maart 2027</time>' in html
    assert "11. Doorhaling van registraties" in html
    assert html.index("5f.") < html.index("6. Vergoedingstermijnen")


def test_milestone_without_date_says_so(client: FlaskClient, seeded: LoadReport) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "data n.t.b." in html
    assert "nog niet gepland" in html


def test_empty_database_explains_how_to_load(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "Er zijn nog geen afspraken geladen" in html
    assert "seed load" in html
