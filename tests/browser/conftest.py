"""Fixtures for browser tests: a live server on its own database, and Debian's headless Chromium.

    @pytest.mark.browser  # optional: every test in tests/browser gets the marker automatically
    def test_overview(page, live_server, page_errors):
        page.goto("/")  # the context's base URL is the live server
        ...
        assert page_errors == []
        assert_no_serious_axe_violations(page)  # from tests.browser.axe

    def test_report(page, sign_in, page_errors):
        sign_in(page, LEAD)  # or login(page, LEAD.email, LEAD.password) through the real form

The server runs on a separate database (a temporary SQLite file, or `<dbname>_browser` next to a
PostgreSQL DATABASE_URL), copied once per run from the seeded test database (tests/conftest.py),
because the other tests keep their database inside rolled-back transactions. Browser tests share
that database: a test that changes data must not rely on another test's changes, nor break the
seeded state for the tests after it.
Playwright never downloads a browser here; it drives /usr/bin/chromium (scripts/chromium.sh).
"""

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    StorageState,
    sync_playwright,
)
from sqlmodel import Session
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from app.db import make_engine
from app.models import AccountRole
from tests.conftest import SeededDatabase, recreate_postgres_database
from tests.factories import PASSWORD, make_user

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
HTTP_STATUS_LOG = re.compile(r"Failed to load resource: the server responded with a status of \d+")
# Chromium's console text when the Content-Security-Policy blocks something.
CSP_LOG = re.compile(r"Refused to|Content Security Policy")
# Reports every CSP violation of the page (also those Chromium does not log) as a console error.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in tests/browser `browser`, so `-m "not browser"` skips them all."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


# --- Database and server ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_database_url(
    tmp_path_factory: pytest.TempPathFactory, seeded_database: SeededDatabase
) -> str:
    """A database of the browser tests' own: a copy of the seeded test database (at head)."""
    source = sa.make_url(seeded_database.url)
    # No connection may be open on the database that is copied (PostgreSQL refuses a busy
    # template); the seeded engine's pool reconnects when the integration tests need it again.
    seeded_database.engine.dispose()
    if source.get_backend_name() == "sqlite":
        target = tmp_path_factory.mktemp("browser-db") / "browser.sqlite"
        shutil.copyfile(str(source.database), target)
        return f"sqlite:///{target}"
    return recreate_postgres_database(
        os.environ["DATABASE_URL"], "_browser", template=str(source.database)
    )


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


def new_context(browser: Browser, live_server: LiveServer, **options: Any) -> BrowserContext:
    """A fresh browser context (no shared cookies or storage): Dutch, 1280x900, based on the server.

    Relative URLs resolve against the live server: `page.goto("/afspraken/3")`.
    """
    context = browser.new_context(
        locale="nl-NL",
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """A fresh browser context per test, with the live server as its base URL."""
    context = new_context(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def page_errors() -> list[str]:
    """Console errors and uncaught exceptions of `page`, in order; assert it stays empty.

    An error status of the server is no console error here: see `failed_requests` for those.
    """
    return []


@pytest.fixture
def csp_violations() -> list[str]:
    """What the Content-Security-Policy blocked on `page` or `nojs_page`; any fails the test."""
    return []


@pytest.fixture
def failed_requests() -> list[str]:
    """Requests from `page` to the live server that got status >= 400 or no response at all."""
    return []


def watch(
    page: Page,
    live_server: LiveServer,
    page_errors: list[str],
    failed_requests: list[str],
    csp_violations: list[str] | None = None,
) -> Page:
    """Record the page's console errors, uncaught exceptions and failed requests to the server."""

    def ours(url: str) -> bool:
        return url == live_server.url or url.startswith(live_server.url + "/")

    def on_console(message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        # Chromium also logs every 4xx/5xx answer of our server ("Failed to load resource: ...");
        # those are in `failed_requests` with method and path, where a test that expects a 403 or
        # a 422 can say so, so they are not counted twice here.
        if message.type == "error" and not (ours(where) and HTTP_STATUS_LOG.match(message.text)):
            page_errors.append(f"console error: {message.text}" + (f" ({where})" if where else ""))
        if csp_violations is not None and CSP_LOG.search(message.text):
            csp_violations.append(message.text)

    def on_page_error(error: Exception) -> None:
        page_errors.append(f"uncaught error: {error}")

    def on_response(response: Response) -> None:
        if response.status >= 400 and ours(response.url):
            path = response.url.removeprefix(live_server.url)
            failed_requests.append(f"{response.status} {response.request.method} {path}")

    def on_request_failed(request: Request) -> None:
        # A navigation cancels what the old page was still fetching (say its favicon); that is
        # the browser's doing, not a failure of the server.
        if ours(request.url) and request.failure != "net::ERR_ABORTED":
            path = request.url.removeprefix(live_server.url)
            failed_requests.append(f"failed ({request.failure}) {request.method} {path}")

    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return page


@pytest.fixture
def page(
    context: BrowserContext,
    live_server: LiveServer,
    page_errors: list[str],
    failed_requests: list[str],
    csp_violations: list[str],
) -> Iterator[Page]:
    """A new page in `context` that records its errors into `page_errors` and `failed_requests`.

    Whatever the test asserts, a CSP violation on any page it visited fails it.
    """
    yield watch(context.new_page(), live_server, page_errors, failed_requests, csp_violations)
    assert csp_violations == [], "the Content-Security-Policy blocked something"


@pytest.fixture
def nojs_page(
    browser: Browser,
    live_server: LiveServer,
    page_errors: list[str],
    failed_requests: list[str],
    csp_violations: list[str],
) -> Iterator[Page]:
    """Like `page`, but in a context of its own with JavaScript switched off (no htmx)."""
    context = new_context(browser, live_server, java_script_enabled=False)
    yield watch(context.new_page(), live_server, page_errors, failed_requests, csp_violations)
    context.close()
    assert csp_violations == [], "the Content-Security-Policy blocked something"


# --- Accounts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """An account of the browser database; `partijen` only count for a partij-rapporteur."""

    email: str
    name: str
    role: AccountRole
    partijen: tuple[str, ...] = ()
    password: str = PASSWORD


# In the seed, KNMP is opsteller of 3, 4, 5 and 5d, samen met on 1, 2, 5a, 5b, 5d, 5e, 5f, 6, 7 and
# 10, and has no part in 5c, 8, 9 and 11. NHG works along on 3 and 7 and is only informed about 1.
LEAD = Account(
    "rapporteur@knmp.nl", "Rapporteur KNMP", AccountRole.PARTIJ_RAPPORTEUR, partijen=("KNMP",)
)
NHG_LEAD = Account(
    "rapporteur@nhg.nl", "Rapporteur NHG", AccountRole.PARTIJ_RAPPORTEUR, partijen=("NHG",)
)
SECRETARIAAT = Account("secretariaat@vbg.nl", "Secretariaat VBG", AccountRole.SECRETARIAAT)
LEZER = Account("lezer@vbg.nl", "Lezer VBG", AccountRole.LEZER)
# Logging out ends every session of an account, so the logout test has an account of its own
# (a logout of LEAD would end the session that `sign_in` hands to the other tests).
LOGS_OUT = Account(
    "uitloggen@knmp.nl", "Uitlogger KNMP", AccountRole.PARTIJ_RAPPORTEUR, partijen=("KNMP",)
)
ACCOUNTS = (LEAD, NHG_LEAD, SECRETARIAAT, LEZER, LOGS_OUT)


@pytest.fixture(scope="session")
def accounts(browser_database_url: str) -> dict[str, int]:
    """Create the ACCOUNTS in the browser database, once per run; returns e-mail -> user id."""
    engine = make_engine(browser_database_url)
    try:
        with Session(engine) as session:
            ids: dict[str, int] = {}
            for account in ACCOUNTS:  # make_user commits each account
                user = make_user(
                    session,
                    email=account.email,
                    name=account.name,
                    role=account.role,
                    partij_codes=account.partijen,
                    password=account.password,
                )
                assert user.id is not None
                ids[account.email] = user.id
    finally:
        engine.dispose()
    return ids


def login(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form at /inloggen and wait for the page it sends the user to."""
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    if "/inloggen" in page.url:
        problem = page.locator("[role=alert]").all_inner_texts()
        raise AssertionError(f"could not log in as {email}: {problem}")


SignIn = Callable[[Page | BrowserContext, Account], None]


@pytest.fixture(scope="session")
def sign_in(browser: Browser, live_server: LiveServer, accounts: dict[str, int]) -> SignIn:
    """`sign_in(page_or_context, account)`: give the context a session of `account`, fast.

    Each account logs in once per run through the real form (see `login`); later contexts get a
    copy of that session cookie. Tests about logging in or out use `login` itself.
    """
    states: dict[str, StorageState] = {}

    def state(account: Account) -> StorageState:
        if account.email not in states:
            context = new_context(browser, live_server)
            try:
                login(context.new_page(), account.email, account.password)
                states[account.email] = context.storage_state()
            finally:
                context.close()
        return states[account.email]

    def sign_in(target: Page | BrowserContext, account: Account) -> None:
        context = target.context if isinstance(target, Page) else target
        context.add_cookies(list(state(account)["cookies"]))

    return sign_in


def wait_for_htmx(page: Page) -> None:
    """Wait until htmx has no request in flight and has settled (and wired up) what it swapped in.

    New content only gets its hx-* behaviour when it settles; a click before that would follow
    the plain link instead. After a full navigation the same holds for the whole page: htmx is
    loaded with `defer` and wires the page up on DOMContentLoaded, so a change made while the
    page is still loading is lost (it failed CI once: the filter never fired).
    """
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    page.wait_for_function(
        "(busy) => document.readyState === 'complete' && !document.querySelector(busy)", arg=busy
    )
