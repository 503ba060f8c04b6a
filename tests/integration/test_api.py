"""The open-data API on the seeded Werkagenda: its document, every response against it, the rules.

Each response a test gets is also checked against the OpenAPI document the app serves
(`tests/apispec.py`): status code, content type, documented headers and body schema.
"""

import csv
import io
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_spec_validator import validate
from sqlmodel import Session, select
from werkzeug.test import TestResponse

from app.api.tables import neutralise
from app.models import Afspraak
from app.seeding.load import LoadReport
from tests.apispec import check_response

COLLECTIONS = [
    "/api/v1/afspraken",
    "/api/v1/mijlpalen",
    "/api/v1/activiteiten",
    "/api/v1/partijen",
    "/api/v1/toezeggingen",
    "/api/v1/moties",
    "/api/v1/kamerstukken",
    "/api/v1/afspraken/5d/voortgangsberichten",
]
ITEMS = [
    "/api/v1/",
    "/api/v1/openapi.json",
    "/api/v1/afspraken/5",
    "/api/v1/partijen/KNMP",
    "/api/v1/toezeggingen/tz-2026-vergoedingstermijnen-preferentiewissel",
    "/api/v1/moties/mt-bushoff-centraal-meldpunt",
    "/api/v1/kamerstukken/nota-2026-03-23",
]
# The ADR's own test regex for paths (/core/path-segments-kebab-case).
KEBAB = re.compile(
    r"^(\/|(\/_[a-z0-9]+|\/(([a-z0-9\-]+|{[^}]+})(\/([a-z0-9\-\.]+|{[^}]+}))*)(\/_[a-z]+)?)\/?)$"
)
SEMVER = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")
CAMEL = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")


@pytest.fixture
def document(client: FlaskClient, seeded: LoadReport) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    data: dict[str, Any] = response.get_json()
    return data


def get(client: FlaskClient, document: dict[str, Any], url: str, **kwargs: Any) -> TestResponse:
    response = client.get(url, **kwargs)
    check_response(document, url, response)
    return response


def test_the_document_is_valid_openapi_and_follows_the_design_rules(
    document: dict[str, Any],
) -> None:
    validate(document)  # openapi-spec-validator: OpenAPI 3.1 with JSON Schema 2020-12
    info = document["info"]
    assert SEMVER.match(info["version"])
    assert info["contact"]["name"] and info["contact"]["url"].endswith("/open-data")
    assert document["servers"] == [{"url": "/api/v1", "description": "Deze server"}]
    for path, item in document["paths"].items():
        # The document's own name is the one /core/publish-openapi prescribes.
        assert KEBAB.match(path) or path == "/openapi.json", path
        assert path == "/" or not path.endswith("/"), path
        assert set(item) == {"get"}, f"{path}: only GET"
        responses = item["get"]["responses"]
        assert "API-Version" in responses["200"]["headers"]
        assert {"304", "404", "405", "406", "500"} <= set(responses), path
        for code, response in responses.items():
            if code[0] in "45":
                assert list(response["content"]) == ["application/problem+json"], (path, code)
        for parameter in item["get"].get("parameters", []):
            if parameter["in"] == "query":
                assert CAMEL.match(parameter["name"]), parameter["name"]
    problem = document["components"]["schemas"]["Problem"]
    assert {"status", "title", "detail"} <= set(problem["required"])


@pytest.mark.parametrize("url", COLLECTIONS + ITEMS)
def test_every_resource_answers_as_documented_and_304s_on_its_etag(
    client: FlaskClient, document: dict[str, Any], url: str
) -> None:
    response = get(client, document, url)
    assert response.status_code == 200
    assert response.headers["API-Version"] == document["info"]["version"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers
    etag = response.headers["ETag"]
    again = get(client, document, url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    other = get(client, document, url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


@pytest.mark.parametrize("url", COLLECTIONS)
def test_a_client_follows_next_to_the_end_and_sees_every_item_once(
    client: FlaskClient, document: dict[str, Any], url: str
) -> None:
    first = get(client, document, f"{url}?pageSize=3").get_json()
    seen, pages, link = [], 0, first["_links"]["first"]["href"]
    while link:
        response = get(client, document, link)
        body = response.get_json()
        assert body["total"] == first["total"]
        assert len(body["items"]) <= 3
        seen += body["items"]
        pages += 1
        if body["_links"]["next"]:
            assert 'rel="next"' in response.headers["Link"]
        link = body["_links"]["next"] and body["_links"]["next"]["href"]
    assert len(seen) == first["total"] > 0
    assert pages == first["pages"] == -(-first["total"] // 3)
    whole = get(client, document, f"{url}?pageSize=100").get_json()
    assert seen == whole["items"]


def test_a_mijlpaal_has_its_date_as_written_parsed_and_where_it_stands_now(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    body = get(client, document, "/api/v1/mijlpalen?afspraak=5a&pageSize=100").get_json()
    assert body["items"], "afspraak 5a has mijlpalen"
    assert {m["afspraak"] for m in body["items"]} == {"5a"}
    first = body["items"][0]
    assert set(first["plan"]) == {"text", "start", "end", "precision"}
    assert first["plan"]["text"]
    assert first["status"] in {
        "op_schema",
        "aandacht_nodig",
        "vertraagd",
        "afgerond",
        "nog_niet_gestart",
    }
    family = get(client, document, "/api/v1/mijlpalen?afspraak=5&pageSize=100").get_json()
    assert {m["afspraak"] for m in family["items"]} >= {"5a", "5b"}


def test_filters_have_the_overviews_names_and_values(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    late = get(client, document, "/api/v1/afspraken?periode=te_laat&pageSize=100").get_json()
    assert late["items"] and all(a["overdue_mijlpalen"] > 0 for a in late["items"])
    knmp = get(client, document, "/api/v1/afspraken?partij=KNMP&rol=opsteller").get_json()
    assert "3" in [a["code"] for a in knmp["items"]]
    assert all(
        any(d["partij"] == "KNMP" and d["role"] == "opsteller" for d in a["deelnames"])
        for a in knmp["items"]
    )
    # The filters are carried into every link, so a client pages through the filtered set.
    assert "partij=KNMP" in knmp["_links"]["last"]["href"]
    vertraagd = get(client, document, "/api/v1/mijlpalen?status=vertraagd&pageSize=100")
    assert {m["status"] for m in vertraagd.get_json()["items"]} == {"vertraagd"}
    open_ = get(client, document, "/api/v1/toezeggingen?status=open&pageSize=100").get_json()
    assert open_["items"] and {t["status"] for t in open_["items"]} == {"open"}


def test_a_wrong_value_is_a_400_problem_naming_every_wrong_parameter_and_the_allowed_values(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    response = get(client, document, "/api/v1/mijlpalen?status=laat&partij=NIEMAND&pageSize=500")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 400 and problem["title"] and problem["detail"]
    wrong = {p["name"]: p for p in problem["invalid_params"]}
    assert set(wrong) == {"status", "partij", "pageSize"}
    assert "vertraagd" in wrong["status"]["allowed"]
    assert wrong["status"]["value"] == "laat"
    assert "KNMP" in wrong["partij"]["allowed"]
    assert wrong["pageSize"]["reason"] == "Mag hoogstens 100 zijn."


def test_unknown_items_trailing_slashes_and_other_methods_are_problems(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    missing = get(client, document, "/api/v1/afspraken/99")
    assert missing.status_code == 404
    assert missing.get_json()["detail"] == "Afspraak '99' bestaat niet."
    # /core/no-trailing-slash: a 404, not a redirect.
    slash = client.get("/api/v1/mijlpalen/")
    assert slash.status_code == 404 and slash.mimetype == "application/problem+json"
    assert "/api/v1/mijlpalen" in slash.get_json()["detail"]
    nowhere = client.get("/api/v2/afspraken")
    assert nowhere.status_code == 404 and nowhere.mimetype == "application/problem+json"
    assert nowhere.headers["API-Version"]
    for method in ("post", "put", "patch", "delete"):
        refused = getattr(client, method)("/api/v1/afspraken")
        assert refused.status_code == 405, method
        assert refused.mimetype == "application/problem+json"
        assert set(refused.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    xml = get(client, document, "/api/v1/afspraken", headers={"Accept": "application/xml"})
    assert xml.status_code == 406 and xml.get_json()["status"] == 406


def test_a_browser_elsewhere_may_read_it_with_a_preflight_but_no_credentials(
    client: FlaskClient, seeded: LoadReport
) -> None:
    preflight = client.options(
        "/api/v1/mijlpalen",
        headers={
            "Origin": "https://dashboard.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight.headers
    read = client.get("/api/v1/mijlpalen", headers={"Origin": "https://dashboard.example"})
    assert "ETag" in read.headers["Access-Control-Expose-Headers"]
    page = client.get("/", headers={"Origin": "https://dashboard.example"})
    assert "Access-Control-Allow-Origin" not in page.headers  # the pages stay same-origin


def test_an_afspraak_links_its_sub_afspraken_and_its_history(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    five = get(client, document, "/api/v1/afspraken/5").get_json()
    assert five["sub_afspraken"] == ["5a", "5b", "5c", "5d", "5e", "5f"]
    subs = [link["href"] for link in five["_links"]["sub_afspraken"]]
    assert subs[0].endswith("/api/v1/afspraken/5a")
    child = get(client, document, subs[3]).get_json()
    assert child["code"] == "5d"
    assert child["parent"] == "5" and child["_links"]["parent"]["href"].endswith("/afspraken/5")
    history = get(client, document, child["_links"]["voortgangsberichten"]["href"]).get_json()
    assert len(history["items"]) == 3, "5d has three seeded updates"
    assert all(
        set(v["forecast"] or {}) <= {"text", "start", "end", "precision"} for v in history["items"]
    )
    dates = [v["effective_date"] for v in history["items"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("url", COLLECTIONS)
def test_csv_is_the_whole_collection_for_dutch_excel(
    client: FlaskClient, document: dict[str, Any], url: str
) -> None:
    as_json = get(client, document, f"{url}?pageSize=100").get_json()
    for response in (
        get(client, document, f"{url}?format=csv"),
        get(client, document, url, headers={"Accept": "text/csv"}),
    ):
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        data = response.get_data()
        assert data.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) == 1 + as_json["total"]
        assert "_links" not in rows[0]
        etag = response.headers["ETag"]
        again = client.get(f"{url}?format=csv", headers={"If-None-Match": etag})
        assert again.status_code == 304


def test_csv_has_a_period_as_four_columns_and_neutralises_formulas(
    client: FlaskClient, document: dict[str, Any], session: Session
) -> None:
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    afspraak.title = '=HYPERLINK("http://evil.example")'
    session.add(afspraak)
    session.commit()
    mijlpalen = get(client, document, "/api/v1/mijlpalen?format=csv").get_data()
    header = mijlpalen.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[4:8] == ["plan.text", "plan.start", "plan.end", "plan.precision"]
    afspraken = get(client, document, "/api/v1/afspraken?format=csv").get_data().decode()
    rows = list(csv.reader(io.StringIO(afspraken.lstrip("\ufeff")), delimiter=";"))
    title = rows[0].index("title")
    three = next(r for r in rows if r[0] == "3")
    assert three[title] == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+31 6", "'+31 6"),
        ("-x", "'-x"),
        ("@SUM", "'@SUM"),
        ("Q3-2026", "Q3-2026"),
    ],
)
def test_neutralise(text: str, cell: str) -> None:
    assert neutralise(text) == cell


def test_the_open_data_page_renders_the_document_without_a_cdn(
    client: FlaskClient, document: dict[str, Any]
) -> None:
    response = client.get("/open-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<h1 class="nl-heading nl-heading--level-1">Open data</h1>' in html
    for path in document["paths"]:
        assert f"/api/v1{path}</code>" in html
    assert "curl -s" in html and "pageSize" in html
    assert "https://" not in re.sub(r'href="https?://localhost[^"]*"', "", html.split("<main")[1])
    assert 'href="/api/v1/mijlpalen?format=csv"' in html


def test_the_pages_link_their_csv(client: FlaskClient, seeded: LoadReport) -> None:
    overview = client.get("/?partij=KNMP").get_data(as_text=True)
    detail = client.get("/afspraken/5a").get_data(as_text=True)
    assert "/api/v1/mijlpalen?afspraak=5a&amp;format=csv" in detail
    assert "/api/v1/afspraken/5a/voortgangsberichten?format=csv" in detail
    assert re.search(r'href="/api/v1/afspraken\?[^"]*partij=KNMP[^"]*format=csv"', overview)
    partijen = client.get("/partijen").get_data(as_text=True)
    assert "/api/v1/partijen?format=csv" in partijen
