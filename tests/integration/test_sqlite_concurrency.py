"""SQLite under threads: reads do not wait for writes, writes wait for each other, none fails.

These tests use their own SQLite file (not the suite's savepoint-per-test connection), because
locking only shows between real, separate connections. They run the same on either suite run.
"""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, col, func, select

from app import create_app
from app.config import TestConfig
from app.models import AccountRole, Voortgang
from app.seeding.validate import ValidSeed
from tests.conftest import csrf_token, seeded_sqlite_file
from tests.factories import PASSWORD, make_user

THREADS = 8
ROUNDS = 3
REPORT_URL = "/afspraken/3/mijlpalen/A/voortgang"


@pytest.fixture
def file_app(tmp_path: Path, valid_seed: ValidSeed) -> Iterator[tuple[Flask, sa.Engine]]:
    url, engine = seeded_sqlite_file(tmp_path / "threads.sqlite", valid_seed)
    with Session(engine) as session:
        for n in range(THREADS):
            make_user(
                session, email=f"sec{n}@vbg.nl", name=f"Sec {n}", role=AccountRole.SECRETARIAAT
            )
    yield create_app(TestConfig, DATABASE_URL=url), engine
    engine.dispose()


def _logged_in(app: Flask, n: int) -> tuple[FlaskClient, str]:
    client = app.test_client()
    token = csrf_token(client)
    response = client.post(
        "/inloggen", data={"email": f"sec{n}@vbg.nl", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return client, csrf_token(client, "/")


def test_eight_threads_reading_and_reporting_get_no_error_and_no_duplicate(
    file_app: tuple[Flask, sa.Engine],
) -> None:
    app, engine = file_app
    clients = [_logged_in(app, n) for n in range(THREADS)]
    statuses: list[tuple[str, int]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work(n: int) -> None:
        client, token = clients[n]
        try:
            start.wait()
            for r in range(ROUNDS):
                for path in ("/", "/afspraken/3"):
                    statuses.append((path, client.get(path).status_code))
                headers = {"HX-Request": "true"} if r % 2 else {}
                form = {"status": "op_schema", "public_text": f"draad {n} ronde {r}"}
                response = client.post(
                    REPORT_URL, data={**form, "csrf_token": token}, headers=headers
                )
                statuses.append((f"POST {headers}", response.status_code))
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert len(statuses) == THREADS * ROUNDS * 3
    assert [s for s in statuses if s[1] >= 500] == []
    assert {code for path, code in statuses if path.startswith("POST")} <= {200, 302}
    with Session(engine) as session:
        texts = session.exec(
            select(Voortgang.public_text, func.count())
            .where(col(Voortgang.public_text).startswith("draad "))
            .group_by(col(Voortgang.public_text))
        ).all()
    assert len(texts) == THREADS * ROUNDS  # every post landed ...
    assert {count for _text, count in texts} == {1}  # ... exactly once


def test_a_read_does_not_wait_for_a_writer_and_a_write_waits_its_turn(
    file_app: tuple[Flask, sa.Engine],
) -> None:
    app, engine = file_app
    client, token = _logged_in(app, 0)
    released = threading.Event()

    def hold_the_write_lock() -> None:
        with engine.connect() as connection:  # outside a request: BEGIN IMMEDIATE
            connection.begin()
            connection.exec_driver_sql("UPDATE mijlpaal SET position = position")
            released.wait(timeout=30)
            time.sleep(1.0)
            connection.rollback()

    writer = threading.Thread(target=hold_the_write_lock)
    writer.start()
    try:
        time.sleep(0.3)
        began = time.monotonic()
        assert client.get("/afspraken/3").status_code == 200
        assert time.monotonic() - began < 5  # the read did not queue behind the writer
    finally:
        released.set()
    # This write starts while the lock is still held for about a second: it waits, then lands.
    response = client.post(
        REPORT_URL,
        data={"status": "op_schema", "public_text": "na het wachten", "csrf_token": token},
    )
    writer.join()
    assert response.status_code == 302
    with Session(engine) as session:
        landed = session.exec(
            select(func.count()).where(Voortgang.public_text == "na het wachten")
        ).one()
    assert landed == 1
