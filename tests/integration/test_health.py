"""The probes a load balancer asks: process up (/healthz) and ready to serve (/readyz)."""

import sqlalchemy as sa
from alembic import command
from flask.testing import FlaskClient

from app import create_app
from app.cli import alembic_config
from app.config import TestConfig


def test_healthz_answers_ok_in_plain_text_and_is_not_cached(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ok_on_a_migrated_database(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok\n")


def test_readyz_is_503_while_the_schema_is_behind(engine: sa.Engine, database_url: str) -> None:
    # Its own app on its own engine: the `client` fixture's test transaction would hold the
    # database that the downgrade needs.
    app = create_app(TestConfig, DATABASE_URL=database_url)
    config = alembic_config(database_url)
    command.downgrade(config, "0006")
    try:
        response = app.test_client().get("/readyz")
    finally:
        command.upgrade(config, "head")
        app.extensions["e5_engine"].dispose()
    assert response.status_code == 503
    assert "flask db upgrade" in response.get_data(as_text=True)
