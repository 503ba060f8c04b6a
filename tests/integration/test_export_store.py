"""The Excel export as one file per data revision, built in a child process, shared by workers.

These tests use their own SQLite file (not the suite's savepoint-per-test connection): the files
are only made for a real database, and the build's child process opens its own connections.
"""

import os
import threading
import time
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlmodel import Session, select
from werkzeug.test import TestResponse

from app import create_app
from app.config import TestConfig
from app.excel import store
from app.models import AccountRole, Mijlpaal
from app.read_model import revision_token
from app.revision import current_token
from app.seeding.validate import ValidSeed
from reports.excel_export import SHEETS, ExportData
from tests.conftest import csrf_token, seeded_sqlite_file
from tests.factories import PASSWORD, make_user

URL = "/export/werkagenda.xlsx"


@pytest.fixture
def file_app(tmp_path: Path, valid_seed: ValidSeed) -> Iterator[tuple[Flask, sa.Engine]]:
    url, engine = seeded_sqlite_file(tmp_path / "export.sqlite", valid_seed)
    yield create_app(TestConfig, DATABASE_URL=url, EXPORT_DIR=str(tmp_path / "exports")), engine
    engine.dispose()


def _download(app: Flask) -> TestResponse:
    """The export as a new visitor gets it (the file the response streams is closed after)."""
    with app.test_client().get(URL) as response:
        response.get_data()
    return response


def _files(app: Flask) -> list[Path]:
    return sorted(Path(app.config["EXPORT_DIR"]).glob("*/*.xlsx"))


def _mijlpaal_texts(data: bytes) -> list[object]:
    sheet = load_workbook(BytesIO(data), read_only=True)["Mijlpalen"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    column = header.index("Omschrijving")
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_export_is_built_once_into_a_file_and_served_from_it(
    file_app: tuple[Flask, sa.Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = file_app
    import reports.excel_export

    real = reports.excel_export.build_export
    builder = tmp_path / "builder.pid"

    def noted(data: ExportData) -> bytes:
        builder.write_text(str(os.getpid()))
        return real(data)

    monkeypatch.setattr(reports.excel_export, "build_export", noted)
    forks = threading.active_count() == 1
    first = _download(app)
    assert first.status_code == 200
    assert first.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert first.headers["Content-Disposition"] == (
        "attachment; filename=werkagenda-e5-2026-11-25.xlsx"
    )
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    assert first.headers["Content-Length"] == str(len(first.data))
    assert load_workbook(BytesIO(first.data)).sheetnames == list(SHEETS)
    [file] = _files(app)
    assert file.read_bytes() == first.data
    # Built in a child process, whose memory went back to the system, where this process has
    # one thread (as a gunicorn sync worker); beside other threads (an earlier test may have
    # left one) in the asking thread.
    assert (int(builder.read_text()) != os.getpid()) is forks
    built = file.stat().st_mtime_ns

    again = _download(app)  # another visitor, as another worker would be
    assert again.data == first.data
    assert _files(app) == [file] and file.stat().st_mtime_ns == built  # not built again


def test_a_write_makes_a_new_file_and_removes_the_old_one(
    file_app: tuple[Flask, sa.Engine],
) -> None:
    app, engine = file_app
    before = _download(app).data
    [old] = _files(app)
    with Session(engine) as session:
        mijlpaal = session.exec(select(Mijlpaal).order_by(Mijlpaal.id)).first()  # type: ignore[arg-type]
        assert mijlpaal is not None
        mijlpaal.text = "Een nieuwe tekst voor deze mijlpaal"
        session.add(mijlpaal)
        session.commit()

    after = _download(app).data
    assert "Een nieuwe tekst voor deze mijlpaal" in _mijlpaal_texts(after)
    assert "Een nieuwe tekst voor deze mijlpaal" not in _mijlpaal_texts(before)
    [new] = _files(app)
    assert new != old and not old.exists()


def test_a_file_being_sent_stays_whole_when_a_newer_build_removes_it(
    file_app: tuple[Flask, sa.Engine],
) -> None:
    app, engine = file_app
    first = _download(app).data
    with app.test_request_context():
        sending = store.export_file(date(2026, 11, 25), revision_token(), lambda: b"unused")
    assert sending is not None
    with Session(engine) as session:
        mijlpaal = session.exec(select(Mijlpaal)).first()
        assert mijlpaal is not None
        mijlpaal.text = "Nieuwer"
        session.add(mijlpaal)
        session.commit()
    assert _download(app).data != first  # the newer build removed the older file
    assert not Path(sending.name).exists()
    with sending:
        assert sending.read() == first


def test_workers_asking_at_once_get_one_build(
    file_app: tuple[Flask, sa.Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = file_app
    builds = tmp_path / "builds.log"
    real = store._build_apart

    def counted(build: object, out: Path, engine: sa.Engine) -> None:
        with builds.open("a") as log:
            log.write("build\n")
        real(build, out, engine)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_build_apart", counted)
    answers: list[bytes] = []
    start = threading.Barrier(4)

    def ask() -> None:
        start.wait()
        answers.append(_download(app).data)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds.read_text() == "build\n"
    assert len(answers) == 4 and len(set(answers)) == 1 and answers[0].startswith(b"PK")


@pytest.mark.parametrize("threaded", [False, True], ids=["forked", "in-thread"])
def test_a_failed_build_leaves_no_file_and_the_next_request_builds_again(
    file_app: tuple[Flask, sa.Engine], monkeypatch: pytest.MonkeyPatch, threaded: bool
) -> None:
    app, _ = file_app
    import reports.excel_export

    real = reports.excel_export.build_export

    def broken(*_: object) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(reports.excel_export, "build_export", broken)
    if threaded:  # as under a threaded server, which builds in the thread that asks
        monkeypatch.setattr(store.threading, "active_count", lambda: 2)
    failed = _download(app)
    assert failed.status_code == 503
    assert "De Excel-export kon nu niet worden gemaakt" in failed.get_data(as_text=True)
    folder = Path(app.config["EXPORT_DIR"])
    assert [p.name for p in folder.glob("*/*") if p.name != ".lock"] == []

    monkeypatch.setattr(reports.excel_export, "build_export", real)
    assert _download(app).status_code == 200
    assert len(_files(app)) == 1


REPORT_URL = "/afspraken/3/mijlpalen/A/voortgang"


def _secretariaat(app: Flask, engine: sa.Engine) -> FlaskClient:
    with Session(engine) as session:
        make_user(session, email="sec@vbg.nl", name="Sec", role=AccountRole.SECRETARIAAT)
    client = app.test_client()
    login = {"email": "sec@vbg.nl", "password": PASSWORD, "csrf_token": csrf_token(client)}
    assert client.post("/inloggen", data=login).status_code == 302
    return client


def _report(client: FlaskClient, engine: sa.Engine, text: str) -> str:
    """A progress update through the form; the data's new token."""
    form = {"status": "op_schema", "public_text": text, "csrf_token": csrf_token(client, "/")}
    assert client.post(REPORT_URL, data=form).status_code == 302
    with Session(engine) as session:
        return current_token(session)


def test_a_write_builds_the_new_export_ahead_once_the_data_are_quiet(
    file_app: tuple[Flask, sa.Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    others = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
    if others:  # a process with other threads builds nothing ahead (app/excel/store.py)
        pytest.skip(f"needs a process of one thread, as a gunicorn worker; also running: {others}")
    app, engine = file_app
    app.config.update(EXPORT_PREBUILD=True, EXPORT_PREBUILD_DELAY=3.0)
    builds = tmp_path / "builds.log"
    real = store.export_file

    def noted(day: date, token: str, *args: Any, **kwargs: Any) -> Any:
        with builds.open("a") as log:
            log.write(f"{os.getpid()} {token}\n")
        return real(day, token, *args, **kwargs)

    monkeypatch.setattr(store, "export_file", noted)  # the builder process is forked with it
    client = _secretariaat(app, engine)
    first = _report(client, engine, "eerste melding")
    second = _report(client, engine, "tweede melding, binnen drie seconden")
    assert first != second
    folder = Path(app.config["EXPORT_DIR"])
    _wait_for(folder, f"2026-11-25-{second}.xlsx")
    [built] = folder.glob(f"*/2026-11-25-{second}.xlsx")
    # Only the second write's process built: the first saw a newer token after its wait.
    [line] = builds.read_text().splitlines()
    pid, token = line.split()
    assert token == second and int(pid) != os.getpid()
    assert "tweede melding, binnen drie seconden" in _voortgang_texts(built.read_bytes())

    served = _download(app)  # a visitor after the build gets that file, not a new build
    assert served.data == built.read_bytes()
    assert builds.read_text().count("\n") == 1


def _wait_for(folder: Path, name: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    # The builder renames its finished file into place, so the file is whole once it is there.
    while not list(folder.glob(f"*/{name}")):
        assert time.monotonic() < deadline, f"{name} was not built ahead"
        time.sleep(0.1)


def _voortgang_texts(data: bytes) -> list[object]:
    sheet = load_workbook(BytesIO(data), read_only=True)["Voortgang"]
    return [value for row in sheet.iter_rows(min_row=2, values_only=True) for value in row]
