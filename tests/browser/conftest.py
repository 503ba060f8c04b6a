"""Fixtures for browser tests: a live server on its own database, and Debian's headless Chromium.

    @pytest.mark.browser  # optional: every test in tests/browser gets the marker automatically
    def test_overview(page, live_server, page_errors):
        page.goto(live_server.url + "/")
        ...
        assert page_errors == []
        assert_no_serious_axe_violations(page)  # from tests.browser.axe

The server runs on a separate database (a temporary SQLite file, or `<dbname>_browser` next to a
PostgreSQL DATABASE_URL), migrated and seeded once per run, because the other tests keep their
database inside rolled-back transactions. Browser tests share that database: a test that changes
data must not rely on another test's changes, nor break the seeded state for the tests after it.
Playwright never downloads a browser here; it drives /usr/bin/chromium (scripts/chromium.sh).
"""

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    sync_playwright,
)
from sqlmodel import Session
from werkzeug.serving import make_server

from app import create_app
from app.cli import alembic_config
from app.config import TestConfig
from app.db import make_engine, normalise_url
from app.seeding.load import load_seed
from app.seeding.validate import ValidSeed

BROWSER_TESTS = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in tests/browser `browser`, so `-m "not browser"` skips them all."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


# --- Database and server ---------------------------------------------------------------------


def recreate_postgres_database(url: str) -> str:
    """Drop and create `<dbname>_browser` on the server of `url`; return its URL."""
    main = sa.make_url(normalise_url(url))
    target = main.set(database=f"{main.database}_browser")
    admin = make_engine(main.set(database="postgres").render_as_string(hide_password=False))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            name = connection.dialect.identifier_preparer.quote(str(target.database))
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
    finally:
        admin.dispose()
    return target.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def browser_database_url(tmp_path_factory: pytest.TempPathFactory, valid_seed: ValidSeed) -> str:
    """A database of the browser tests' own, migrated to head and loaded with the project's seed."""
    main_url = os.environ.get("DATABASE_URL")
    if main_url:
        url = recreate_postgres_database(main_url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'browser.sqlite'}"
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            load_seed(session, valid_seed, source_name="seed/werkagenda.yaml")
            session.commit()
    finally:
        engine.dispose()
    return url


@dataclass(frozen=True)
class LiveServer:
    """The app served over HTTP: `url` is e.g. "http://127.0.0.1:40123" (no trailing slash)."""

    url: str
    app: Flask


@pytest.fixture(scope="session")
def live_server(browser_database_url: str) -> Iterator[LiveServer]:
    """The app on a real (threaded) Werkzeug server in a background thread, for the whole run."""
    app = create_app(TestConfig, DATABASE_URL=browser_database_url)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        app.extensions["e5_engine"].dispose()


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the whole run (Debian's; Playwright's own is never downloaded)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install it with `bash scripts/chromium.sh`.")
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context per test (no shared cookies or storage): Dutch, 1280x900."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page_errors() -> list[str]:
    """Console errors and uncaught exceptions of `page`, in order; assert it stays empty."""
    return []


@pytest.fixture
def failed_requests() -> list[str]:
    """Requests from `page` to the live server that got status >= 400 or no response at all."""
    return []


@pytest.fixture
def page(
    context: BrowserContext,
    live_server: LiveServer,
    page_errors: list[str],
    failed_requests: list[str],
) -> Page:
    """A new page in `context` that records its errors into `page_errors` and `failed_requests`."""

    def on_console(message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        # Chromium asks for /favicon.ico on its own; the app serves none (yet), and that 404 is
        # not an error of the page.
        if message.type == "error" and where != live_server.url + "/favicon.ico":
            page_errors.append(f"console error: {message.text}" + (f" ({where})" if where else ""))

    def on_page_error(error: Exception) -> None:
        page_errors.append(f"uncaught error: {error}")

    def ours(url: str) -> bool:
        return url == live_server.url or url.startswith(live_server.url + "/")

    def on_response(response: Response) -> None:
        if response.status >= 400 and ours(response.url):
            path = response.url.removeprefix(live_server.url)
            failed_requests.append(f"{response.status} {response.request.method} {path}")

    def on_request_failed(request: Request) -> None:
        if ours(request.url):
            path = request.url.removeprefix(live_server.url)
            failed_requests.append(f"failed ({request.failure}) {request.method} {path}")

    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return page
