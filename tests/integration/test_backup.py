"""`flask backup FILE` and `flask restore FILE`: every row of every table comes back, in an empty
database of the same kind as the one the suite runs on (SQLite or PostgreSQL)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlmodel import Session

from app import create_app
from app.backup import tables
from app.cli import alembic_config
from app.config import TestConfig
from app.db import make_engine
from app.models import AccountRole, Afspraak
from app.seeding.load import LoadReport
from tests.conftest import recreate_postgres_database
from tests.factories import make_user, make_voortgang


@pytest.fixture
def empty_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on a second, empty database, migrated to head."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    else:
        url = recreate_postgres_database(database_url, "_restore")
    command.upgrade(alembic_config(url), "head")
    app = create_app(TestConfig, DATABASE_URL=url)
    yield app
    app.extensions["e5_engine"].dispose()


def every_row(bind: sa.Engine | sa.Connection) -> dict[str, list[tuple[Any, ...]]]:
    def read(connection: sa.Connection) -> dict[str, list[tuple[Any, ...]]]:
        return {
            t.name: [
                tuple(row) for row in connection.execute(sa.select(t).order_by(*t.primary_key))
            ]
            for t in tables()
        }

    if isinstance(bind, sa.Connection):
        return read(bind)
    with bind.connect() as connection:
        return read(connection)


def test_a_backup_restores_every_row_of_every_table_into_an_empty_database(
    runner: FlaskCliRunner,
    session: Session,
    seeded: LoadReport,
    connection: sa.Connection,
    empty_app: Flask,
    tmp_path: Path,
) -> None:
    make_user(session, email="sec@vbg.nl", name="Sec", role=AccountRole.SECRETARIAAT)
    afspraak = session.get(Afspraak, 1)
    assert afspraak is not None and afspraak.id is not None
    make_voortgang(session, afspraak_id=afspraak.id, internal_note="Intern: niet publiceren")
    before = every_row(connection)
    assert {name for name, rows in before.items() if rows} >= {
        "afspraak",
        "mijlpaal",
        "partij",
        "kamer_commitment",
        "voortgang",
        "app_user",
    }

    backup = tmp_path / "e5.backup.jsonl"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert "Back-up geschreven" in result.output

    restored = empty_app.test_cli_runner().invoke(args=["restore", str(backup)])
    assert restored.exit_code == 0, restored.output
    engine = empty_app.extensions["e5_engine"]
    assert every_row(engine) == before

    # The id counters moved past the restored rows: the next row gets a fresh id.
    with Session(engine) as other:
        user = make_user(other, email="nieuw@vbg.nl", name="Nieuw", role=AccountRole.LEZER)
        new_id = user.id
    assert new_id is not None and new_id > max(row[0] for row in before["app_user"])


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(
    runner: FlaskCliRunner, seeded: LoadReport, connection: sa.Connection, tmp_path: Path
) -> None:
    backup = tmp_path / "e5.backup.jsonl"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    before = every_row(connection)
    result = runner.invoke(args=["restore", str(backup)])
    assert result.exit_code == 1
    assert "De database is niet leeg" in result.output and "Er is niets veranderd" in result.output
    assert every_row(connection) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "geen back-up"),
        ("hallo\n", "geen back-up"),
        ('{"format": "e5-werkagenda-backup", "version": 1, "revision": "0001"}\n', "schema 0001"),
        (
            '{"format": "e5-werkagenda-backup", "version": 1, "revision": "HEAD", "counts": {}}\n'
            '{"table": "onbekend", "row": {}}\n',
            "Regel 2",
        ),
    ],
)
def test_a_bad_backup_file_is_refused_with_its_reason(
    empty_app: Flask, database_url: str, tmp_path: Path, text: str, message: str
) -> None:
    engine = make_engine(empty_app.config["DATABASE_URL"])
    with engine.connect() as connection:
        head = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    engine.dispose()
    path = tmp_path / "bad.jsonl"
    path.write_text(text.replace('"HEAD"', f'"{head}"'), encoding="utf-8")
    result = empty_app.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 1
    assert message in result.output and "Er is niets veranderd" in result.output
