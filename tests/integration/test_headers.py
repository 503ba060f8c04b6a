"""Security headers on every kind of response, and templates that keep to the CSP."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from app import create_app
from app.config import PROJECT_ROOT, TestConfig
from app.headers import CONTENT_SECURITY_POLICY, EMPTY_STYLE_HASH, PLOTLY_MAPLIBRE_STYLE_HASH
from app.seeding.load import LoadReport

TEMPLATES = PROJECT_ROOT / "app" / "templates"


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_the_policy_allows_no_inline_script_and_no_framing() -> None:
    policy = directives(CONTENT_SECURITY_POLICY)
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    # <style> elements only from the app, or with exactly the contents plotly.js adds.
    assert policy["style-src"] == f"'self' '{EMPTY_STYLE_HASH}' '{PLOTLY_MAPLIBRE_STYLE_HASH}'"
    assert EMPTY_STYLE_HASH == "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    # The one concession: style attributes, which plotly.js draws with.
    unsafe = [name for name, value in policy.items() if "unsafe" in value]
    assert unsafe == ["style-src-attr"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/inloggen", 200),
        ("GET", "/planning", 200),
        ("GET", "/agenda/mijlpalen.ics", 200),
        ("GET", "/static/app.css", 200),
        ("GET", "/bestaat-niet", 404),
        ("GET", "/te-rapporteren", 302),
        ("POST", "/inloggen", 400),  # no CSRF token
    ],
)
def test_every_response_carries_the_security_headers(
    client: FlaskClient, seeded: LoadReport, method: str, path: str, status: int
) -> None:
    with client.open(path, method=method) as response:  # a static file is sent as a stream
        headers = response.headers
        assert response.status_code == status
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # development and tests: no HTTPS


def test_hsts_only_in_production(connection: sa.Connection, database_url: str) -> None:
    app = create_app(
        TestConfig, DATABASE_URL=database_url, DATABASE_BIND=connection, ENV_NAME="production"
    )
    response = app.test_client().get("/inloggen")
    assert response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


# What a CSP without 'unsafe-inline' blocks: a script element with code, an on* handler, a style
# attribute or element, a javascript: URL. JSON data blocks are not run, so they are fine.
INLINE = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"),
    "event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "htmx inline handler": re.compile(r"\shx-on[:-]"),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_have_nothing_the_policy_would_block(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert found == []


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<button onclick="x()">',
        '<div hx-on:click="x()">',
        '<form class="a" style="width: 1rem">',
        "<style>p {}</style>",
        '<a href="javascript:void(0)">',
    ],
)
def test_the_template_check_finds_what_it_looks_for(html: str) -> None:
    assert any(pattern.search(html) for pattern in INLINE.values())


def test_the_template_check_lets_script_files_and_json_data_through() -> None:
    html = (
        '<script src="/static/app.js" defer></script>\n'
        '<script type="application/json" id="grafiek-figuur">{}</script>\n'
        '<p class="description">Beschrijving</p>'
    )
    assert not any(pattern.search(html) for pattern in INLINE.values())
