"""Fixtures: a real database (SQLite, or PostgreSQL when DATABASE_URL is set) migrated once per run.

Each test runs inside an outer transaction that is rolled back afterwards; the app and its CLI are
bound to that same connection, so their commits become savepoints and nothing leaks between tests.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlmodel import Session, SQLModel

from app import create_app
from app.cli import alembic_config
from app.config import PROJECT_ROOT, TestConfig
from app.db import make_engine, normalise_url
from app.seeding.load import LoadReport, load_seed
from app.seeding.source import read_seed_source
from app.seeding.validate import ValidSeed, validate_seed

SEED_FILE = PROJECT_ROOT / "seed" / "werkagenda.yaml"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return normalise_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def reset_database(engine: sa.Engine) -> None:
    """Drop every table, including Alembic's own, so a run starts from an empty schema."""
    with engine.begin() as connection:
        metadata = sa.MetaData()
        metadata.reflect(connection)
        metadata.drop_all(connection)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(database_url)
    reset_database(engine)
    command.upgrade(alembic_config(database_url), "head")
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: sa.Engine) -> Iterator[sa.Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def session(connection: sa.Connection) -> Iterator[Session]:
    with Session(connection, join_transaction_mode="create_savepoint") as session:
        yield session


@pytest.fixture
def app(connection: sa.Connection, database_url: str) -> Flask:
    return create_app(TestConfig, DATABASE_URL=database_url, DATABASE_BIND=connection)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def valid_seed() -> ValidSeed:
    """The project's seed file, read and checked once per run."""
    return validate_seed(read_seed_source(SEED_FILE, "seed/werkagenda.yaml"))


@pytest.fixture
def seeded(session: Session, valid_seed: ValidSeed) -> LoadReport:
    """Load the project's seed inside the test's transaction."""
    report = load_seed(session, valid_seed, source_name="seed/werkagenda.yaml")
    session.commit()
    return report


def write_seed(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


__all__ = ["SQLModel", "write_seed"]
