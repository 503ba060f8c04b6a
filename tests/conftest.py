"""Fixtures: a real database (SQLite, or PostgreSQL when DATABASE_URL is set) migrated once per run.

Two databases are prepared once per run: the test database, empty, and a copy that also holds the
project's seed (`<dbname>_seeded` next to a PostgreSQL DATABASE_URL, a second file on SQLite). A
test that asks for `seeded` (directly or through another fixture) runs on the copy; every other
test sees the empty one. Loading the seed once instead of in every test saves about half a second
per test.

Each test runs inside an outer transaction that is rolled back afterwards; the app and its CLI are
bound to that same connection, so their commits become savepoints and nothing leaks between tests.

Each test gets an app of its own, but the apps share their compiled templates (`TEMPLATE_CACHE`):
compiling the templates anew took a fresh app about a quarter of a second on its first pages, and
more than that again under coverage. A test that builds an app itself can share them too with
`share_compiled_templates(app)`.
"""

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import HealthCheck, settings
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlmodel import Session, SQLModel
from werkzeug.test import TestResponse

from app import create_app
from app.cli import alembic_config
from app.config import PROJECT_ROOT, TestConfig
from app.db import make_engine, normalise_url
from app.seeding.load import LoadReport, load_seed
from app.seeding.source import read_seed_source
from app.seeding.validate import ValidSeed, validate_seed
from tests.factories import PASSWORD

SEED_FILE = PROJECT_ROOT / "seed" / "werkagenda.yaml"

# Timing is the benchmark's business, not the tests': on a busy machine Hypothesis's per-example
# deadline and its "too slow" check fail tests whose results are right.
settings.register_profile("e5", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("e5")


BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--browser-tests-last",
        action="store_true",
        help="run tests/browser after the other tests (scripts/test.sh gives it to one of its two"
        " side-by-side runs, so that they do not both drive Chromium at the same time)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--browser-tests-last"):
        items.sort(key=lambda item: item.path.is_relative_to(BROWSER_TESTS))  # stable


class SharedTemplateCache(BytecodeCache):
    """Jinja's compiled templates in memory, for every app of the run.

    Jinja keys them by template name and checks them against a checksum of the source, so an
    edited template is compiled again; all apps come from `create_app`, so their Jinja options
    (which shape the compiled code) are the same.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = SharedTemplateCache()


def share_compiled_templates(app: Flask) -> Flask:
    """Let `app` use (and add to) the templates the run has compiled already."""
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    return app


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


def _drop_database(connection: sa.Connection, name: str) -> None:
    """DROP ... WITH (FORCE), again after a moment if an autovacuum worker was in the database:
    a role that is not superuser may not end that worker, and it leaves within a second."""
    for attempt in range(5):
        try:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            return
        except sa.exc.ProgrammingError:
            if attempt == 4:
                raise
            time.sleep(1)


def recreate_postgres_database(url: str, suffix: str, *, template: str | None = None) -> str:
    """Drop and create `<dbname><suffix>` on the server of `url` (a copy of `template` if
    given); return its URL. The test role needs the CREATEDB right."""
    main = sa.make_url(normalise_url(url))
    target = main.set(database=f"{main.database}{suffix}")
    admin = make_engine(main.set(database="postgres").render_as_string(hide_password=False))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            quote = connection.dialect.identifier_preparer.quote
            name = quote(str(target.database))
            copy = f" TEMPLATE {quote(template)}" if template else ""
            _drop_database(connection, name)
            connection.exec_driver_sql(f"CREATE DATABASE {name}{copy}")
    finally:
        admin.dispose()
    return target.render_as_string(hide_password=False)


@dataclass(frozen=True)
class SeededDatabase:
    """The seeded copy: its URL, an engine on it, and what loading the seed reported."""

    url: str
    engine: sa.Engine
    report: LoadReport


@pytest.fixture(scope="session")
def seeded_database(
    database_url: str, valid_seed: ValidSeed, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SeededDatabase]:
    """A second database, migrated to head and loaded with the project's seed, once per run."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path_factory.mktemp('seeded-db') / 'seeded.sqlite'}"
    else:
        url = normalise_url(recreate_postgres_database(database_url, "_seeded"))
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        report = load_seed(session, valid_seed, source_name="seed/werkagenda.yaml")
        session.commit()
    yield SeededDatabase(url, engine, report)
    engine.dispose()


def wants_seed(request: pytest.FixtureRequest) -> bool:
    """Whether the test asked for `seeded`, itself or through one of its fixtures."""
    return "seeded" in request.fixturenames


@pytest.fixture
def connection(request: pytest.FixtureRequest, engine: sa.Engine) -> Iterator[sa.Connection]:
    bind = request.getfixturevalue("seeded_database").engine if wants_seed(request) else engine
    with bind.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def session(connection: sa.Connection) -> Iterator[Session]:
    with Session(connection, join_transaction_mode="create_savepoint") as session:
        yield session


@pytest.fixture
def app(request: pytest.FixtureRequest, connection: sa.Connection, database_url: str) -> Flask:
    # The URL is what the CLI's migration commands open; it names the database `connection` is on.
    url = request.getfixturevalue("seeded_database").url if wants_seed(request) else database_url
    return share_compiled_templates(
        create_app(TestConfig, DATABASE_URL=url, DATABASE_BIND=connection)
    )


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
def seeded(connection: sa.Connection, seeded_database: SeededDatabase) -> LoadReport:
    """The project's seed is in the test's database (the seeded copy, see `connection`).

    Returns what loading it reported. The test's changes are rolled back like any other test's.
    """
    return seeded_database.report


# In a form's hidden field, or in the htmx headers on <body> that every page carries.
CSRF_RE = re.compile(r'(?:name="csrf_token" value="|"X-CSRFToken": ")([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/inloggen") -> str:
    """The CSRF token of the client's session, as a page hands it to a form."""
    match = CSRF_RE.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class AuthActions:
    """Log the test client in and out through the real login form."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str = "rapporteur@knmp.nl", password: str = PASSWORD) -> TestResponse:
        token = csrf_token(self._client)
        return self._client.post(
            "/inloggen", data={"email": email, "password": password, "csrf_token": token}
        )

    def logout(self) -> TestResponse:
        return self._client.post("/uitloggen", data={"csrf_token": csrf_token(self._client, "/")})

    def post(self, path: str, data: dict[str, str], **kwargs: Any) -> TestResponse:
        """POST with the session's CSRF token, as the app's own forms do."""
        token = csrf_token(self._client, "/")
        return self._client.post(path, data={**data, "csrf_token": token}, **kwargs)


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap Argon2 parameters, for tests that log in dozens of times; use it before make_user."""
    from argon2 import PasswordHasher

    from app.auth import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    dummy = cheap.hash("not-a-real-password")
    monkeypatch.setattr(passwords, "_dummy_hash", lambda: dummy)


def seeded_sqlite_file(path: Path, seed: ValidSeed) -> tuple[str, sa.Engine]:
    """A SQLite file of its own, migrated and seeded, for tests that need separate connections
    (locking, processes) instead of the suite's savepoint-per-test connection."""
    url = f"sqlite:///{path}"
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        load_seed(session, seed, source_name="seed/werkagenda.yaml")
        session.commit()
    return url, engine


def write_seed(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


__all__ = ["SQLModel", "write_seed"]
