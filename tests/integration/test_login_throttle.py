"""Login throttling: per address from one IP, per address, per IP, with a growing delay; a stranger
cannot keep the owner out; parallel guesses on PostgreSQL get no more tries than allowed."""

import re
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, col, delete, select
from werkzeug.test import TestResponse

from app import create_app
from app.auth import throttle
from app.auth.throttle import Attempt, Limit, begin_attempt, wait_text
from app.config import TestConfig
from app.models import AccountRole, LoginThrottle, User, utcnow
from app.seeding.load import LoadReport
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_user

OWNER_IP = "192.0.2.10"
WRONG = "fout-wachtwoord-123"


def attempt(
    client: FlaskClient, email: str, password: str, ip: str = OWNER_IP, **headers: str
) -> TestResponse:
    token = csrf_token(client)
    return client.post(
        "/inloggen",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
        headers=headers,
    )


def later(session: Session, delta: timedelta) -> None:
    """Let `delta` pass for the throttle: every recorded failure moves that far into the past."""
    session.expire_all()
    for row in session.exec(select(LoginThrottle)):
        row.last_failure_at -= delta
        session.add(row)
    session.commit()


def wait_of(response: TestResponse) -> tuple[int, str]:
    """The wait in seconds (Retry-After) and as the page says it."""
    assert response.status_code == 429, response.status_code
    match = re.search(
        r"Wacht (\d+ \w+) en probeer het dan opnieuw", response.get_data(as_text=True)
    )
    assert match, "the page says how long to wait"
    return int(response.headers["Retry-After"]), match.group(1)


def assert_waits(response: TestResponse, seconds: int) -> None:
    # Time passes while the test runs (each wrong password takes an Argon2 check).
    retry_after, said = wait_of(response)
    assert seconds - 10 < retry_after <= seconds
    assert said == wait_text(timedelta(seconds=retry_after))


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1, "1 seconde"),
        (30, "30 seconden"),
        (59.2, "1 minuut"),
        (60, "1 minuut"),
        (61, "2 minuten"),
        (900, "15 minuten"),
    ],
)
def test_wait_text(seconds: float, text: str) -> None:
    assert wait_text(timedelta(seconds=seconds)) == text


@pytest.fixture
def owner(session: Session, seeded: LoadReport) -> User:
    return make_user(session)


@pytest.mark.parametrize("email", ["rapporteur@knmp.nl", "niemand@example.nl"])
def test_after_five_failures_the_wait_starts_short_and_doubles(
    client: FlaskClient, session: Session, owner: User, email: str
) -> None:
    for _ in range(5):
        assert attempt(client, email, WRONG).status_code == 401
    refused = attempt(client, email, PASSWORD)
    assert_waits(refused, 30)
    assert "Te veel mislukte pogingen om in te loggen" in refused.get_data(as_text=True)

    later(session, timedelta(seconds=31))
    assert attempt(client, email, WRONG).status_code == 401  # the sixth failure: wait a minute
    assert_waits(attempt(client, email, PASSWORD), 60)
    later(session, timedelta(seconds=61))
    assert attempt(client, email, WRONG).status_code == 401
    assert_waits(attempt(client, email, PASSWORD), 120)


def test_the_wait_is_capped_and_retrying_does_not_make_it_longer(
    client: FlaskClient, session: Session, owner: User
) -> None:
    for _ in range(5):
        attempt(client, owner.email, WRONG)
    key = Attempt.of(owner.email, OWNER_IP).address_from_ip
    row = session.get(LoginThrottle, key)
    assert row is not None and row.failures == 5
    row.failures = 40
    session.add(row)
    session.commit()
    assert_waits(attempt(client, owner.email, PASSWORD), 900)

    for _ in range(3):  # refused attempts are not counted
        attempt(client, owner.email, PASSWORD)
    session.expire_all()
    assert session.get(LoginThrottle, key).failures == 40  # type: ignore[union-attr]
    later(session, timedelta(minutes=15, seconds=1))
    assert attempt(client, owner.email, PASSWORD).status_code == 302


def test_guesses_from_elsewhere_do_not_keep_the_owner_out(
    client: FlaskClient, session: Session, owner: User
) -> None:
    assert attempt(client, owner.email, PASSWORD).status_code == 302  # the owner's usual IP
    client.delete_cookie("session")
    # Five guesses from each of four IPs use up the address's 20 free failures...
    statuses = Counter(
        attempt(client, owner.email, WRONG, ip=f"198.51.100.{n % 4}").status_code for n in range(20)
    )
    assert statuses == {401: 20}
    # ...so a fifth IP must wait, though it never failed before.
    assert_waits(attempt(client, owner.email, WRONG, ip="198.51.100.4"), 30)
    # From a new IP the right password must wait too: the address is under attack.
    assert attempt(client, owner.email, PASSWORD, ip="203.0.113.7").status_code == 429
    # From the usual IP it works straight away.
    assert attempt(client, owner.email, PASSWORD).status_code == 302


def test_one_ip_trying_many_addresses_is_slowed_down(
    client: FlaskClient, session: Session, owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throttle, "IP", Limit(10, timedelta(seconds=30), timedelta(minutes=15)))
    for n in range(10):
        assert attempt(client, f"gebruiker{n}@example.nl", WRONG, ip="198.51.100.9").status_code
    assert_waits(attempt(client, owner.email, PASSWORD, ip="198.51.100.9"), 30)
    assert attempt(client, owner.email, PASSWORD).status_code == 302  # other IPs are not affected


def test_a_success_forgets_the_failures_from_that_ip_only(
    client: FlaskClient, session: Session, owner: User
) -> None:
    for _ in range(4):
        attempt(client, owner.email, WRONG)
    assert attempt(client, owner.email, PASSWORD).status_code == 302
    client.delete_cookie("session")
    keys = Attempt.of(owner.email, OWNER_IP)
    session.expire_all()
    assert session.get(LoginThrottle, keys.address_from_ip) is None
    # The wider counts keep the four failures: a good login does not wipe what was guessed.
    assert session.get(LoginThrottle, keys.address).failures == 4  # type: ignore[union-attr]
    assert session.get(LoginThrottle, keys.ip).failures == 4  # type: ignore[union-attr]
    for _ in range(5):
        assert attempt(client, owner.email, WRONG).status_code == 401
    assert attempt(client, owner.email, PASSWORD).status_code == 429


def test_failures_are_forgotten_after_a_day(
    client: FlaskClient, session: Session, owner: User
) -> None:
    for _ in range(5):
        attempt(client, owner.email, WRONG)
    later(session, timedelta(days=1, seconds=1))
    assert attempt(client, "ander@example.nl", WRONG).status_code == 401  # prunes the old rows
    session.expire_all()
    assert session.get(LoginThrottle, Attempt.of(owner.email, OWNER_IP).address) is None
    assert attempt(client, owner.email, PASSWORD).status_code == 302


def test_an_over_long_address_or_password_is_refused_without_a_500(
    client: FlaskClient, session: Session, owner: User
) -> None:
    assert attempt(client, "a" * 5000 + "@example.nl", WRONG).status_code == 401
    assert attempt(client, owner.email, "x" * 100_000).status_code == 401
    # Past the request-size limit the body is not even read.
    assert attempt(client, owner.email, "x" * 2_000_000).status_code == 413


@pytest.mark.parametrize("hops", [0, 1])
def test_the_client_ip_comes_from_x_forwarded_for_only_behind_a_configured_proxy(
    connection: sa.Connection, database_url: str, session: Session, owner: User, hops: int
) -> None:
    app = create_app(
        TestConfig, DATABASE_URL=database_url, DATABASE_BIND=connection, PROXY_HOPS=hops
    )
    client = app.test_client()
    for n in range(5):
        forwarded = {"X-Forwarded-For": f"203.0.113.{n}"}
        assert attempt(client, owner.email, WRONG, ip="10.0.0.1", **forwarded).status_code == 401
    other = attempt(
        client, owner.email, WRONG, ip="10.0.0.1", **{"X-Forwarded-For": "203.0.113.99"}
    )
    # Without a proxy, the header is anyone's to send and is ignored: the guesser is one IP.
    assert other.status_code == (401 if hops else 429)


# --- parallel guesses on PostgreSQL --------------------------------------------------------------


@pytest.fixture
def committed_app(database_url: str, engine: sa.Engine) -> Iterator[Flask]:
    """The app on its own engine, so each request commits for real, as on a server."""
    if not database_url.startswith("postgresql"):
        pytest.skip("needs a PostgreSQL DATABASE_URL")
    app = create_app(TestConfig, DATABASE_URL=database_url, WTF_CSRF_ENABLED=False)
    with Session(engine) as session:
        session.exec(delete(LoginThrottle))
        make_user(session, email="lezer@example.nl", role=AccountRole.LEZER)
    yield app
    app.extensions["e5_engine"].dispose()
    with Session(engine) as session:
        session.exec(delete(LoginThrottle))
        session.exec(delete(User).where(col(User.email) == "lezer@example.nl"))
        session.commit()


@pytest.mark.postgres_only
def test_parallel_guesses_get_no_more_tries_than_allowed(committed_app: Flask) -> None:
    guesses = 30
    start = threading.Barrier(guesses)
    statuses: list[int] = []

    def guess(_: Any) -> None:
        client = committed_app.test_client()
        start.wait()
        response = client.post(
            "/inloggen",
            data={"email": "lezer@example.nl", "password": WRONG},
            environ_base={"REMOTE_ADDR": OWNER_IP},
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert Counter(statuses) == {401: throttle.ADDRESS_FROM_IP.free, 429: guesses - 5}


def test_a_parallel_attempt_stamped_a_moment_later_makes_nobody_wait(session: Session) -> None:
    # Two logins from one office IP: the one that gets the row lock second read the clock first.
    attempt = Attempt.of("a@vbg.nl", "10.0.0.9")
    later, earlier = utcnow(), utcnow() - timedelta(seconds=1)
    assert begin_attempt(attempt, usual_ip=False, session=session, now=later) is None
    other = Attempt.of("b@vbg.nl", "10.0.0.9")  # shares only the IP key
    assert begin_attempt(other, usual_ip=False, session=session, now=earlier) is None
