"""Text and JS go out compressed to clients that accept it; a logged-in user's HTML does not."""

import gzip

import brotli
from flask.testing import FlaskClient
from sqlmodel import Session

from app.config import PROJECT_ROOT
from app.gantt.routes import PLOTLY_JS, PLOTLY_JS_VERSION
from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import make_user

PLOTLY_URL = f"/static-plotly/{PLOTLY_JS_VERSION}/plotly.min.js"


def test_the_plotly_bundle_goes_out_gzipped_and_unpacks_to_the_file(client: FlaskClient) -> None:
    response = client.get(PLOTLY_URL, headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.get_data()
    assert len(body) < PLOTLY_JS.stat().st_size / 3
    assert gzip.decompress(body) == PLOTLY_JS.read_bytes()


def test_an_anonymous_page_and_a_feed_go_out_in_the_preferred_encoding(
    client: FlaskClient, seeded: LoadReport
) -> None:
    page = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    feed = client.get("/agenda/mijlpalen.ics", headers={"Accept-Encoding": "gzip"})

    assert page.headers["Content-Encoding"] == "br"
    assert "Werkagenda" in brotli.decompress(page.get_data()).decode()
    assert feed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(feed.get_data()).startswith(b"BEGIN:VCALENDAR")


def test_nothing_is_compressed_for_a_client_that_does_not_ask(
    client: FlaskClient, seeded: LoadReport
) -> None:
    response = client.get("/")

    assert "Content-Encoding" not in response.headers
    assert "Werkagenda" in response.get_data(as_text=True)


def test_a_logged_in_users_page_is_not_compressed_but_its_scripts_are(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    make_user(session)
    auth.login()

    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    script = client.get(PLOTLY_URL, headers={"Accept-Encoding": "gzip"})

    # The page holds the session's CSRF token beside text from the URL (BREACH).
    assert page.status_code == 200
    assert "Content-Encoding" not in page.headers
    assert "X-CSRFToken" in page.get_data(as_text=True)
    assert script.headers["Content-Encoding"] == "gzip"


def test_a_static_file_is_read_compressed_and_closed(client: FlaskClient) -> None:
    htmx = PROJECT_ROOT / "app" / "static" / "vendor" / "htmx" / "htmx.min.js"

    # A file left open would fail the test: warnings are errors, ResourceWarning included.
    response = client.get("/static/vendor/htmx/htmx.min.js", headers={"Accept-Encoding": "gzip"})

    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.get_data()) == htmx.read_bytes()


def test_a_compressed_api_response_unpacks_to_the_same_json_and_its_etag_gives_304(
    client: FlaskClient, seeded: LoadReport
) -> None:
    plain = client.get("/api/v1/afspraken", headers={"Accept-Encoding": "identity"})
    packed = client.get("/api/v1/afspraken", headers={"Accept-Encoding": "gzip"})

    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    # Each encoding has its own ETag, and each is honoured on the next request.
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = client.get(
        "/api/v1/afspraken",
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]},
    )
    assert again.status_code == 304


def test_a_feed_is_the_same_calendar_in_gzip_or_plain_each_with_its_own_etag(
    client: FlaskClient, seeded: LoadReport
) -> None:
    # Feeds are kept compressed (app/feeds/routes.py): gzip as kept, or unpacked per request.
    packed = client.get("/agenda/mijlpalen.ics", headers={"Accept-Encoding": "br;q=1, gzip;q=0.5"})
    plain = client.get("/agenda/mijlpalen.ics", headers={"Accept-Encoding": "identity"})
    bare = client.get("/agenda/mijlpalen.ics")

    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers and "Content-Encoding" not in bare.headers
    calendar = plain.get_data()
    assert calendar.startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VEVENT" in calendar
    assert gzip.decompress(packed.get_data()) == calendar == bare.get_data()
    assert all("Accept-Encoding" in r.headers["Vary"] for r in (packed, plain, bare))
    assert packed.headers["ETag"] != plain.headers["ETag"] == bare.headers["ETag"]
    for response, encoding in ((packed, "gzip"), (plain, "identity")):
        again = client.get(
            "/agenda/mijlpalen.ics",
            headers={"Accept-Encoding": encoding, "If-None-Match": response.headers["ETag"]},
        )
        assert again.status_code == 304 and again.get_data() == b""
    # A client's plain copy is not current for its gzip request: the ETags differ.
    crossed = client.get(
        "/agenda/mijlpalen.ics",
        headers={"Accept-Encoding": "gzip", "If-None-Match": plain.headers["ETag"]},
    )
    assert crossed.status_code == 200
