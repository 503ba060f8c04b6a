"""Migration 0003 on a filled database: existing milestones and commitments get a created_at."""

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command

from app.cli import alembic_config
from tests.migration_rows import rows_at_revision

ROWS = [
    "INSERT INTO afspraak (id, code, position, title, agreement_text, goal, result, context, "
    "attention_points, monitoring, existing_initiatives, remarks, opsteller_note, samen_met_note, "
    "informeren_note) VALUES (9001, 'm3', 99, 'Migratietest', 'x', '', '', '', '', '', '', '', '', "
    "'', '')",
    "INSERT INTO mijlpaal (id, afspraak_id, label, position, text, planned_text, "
    "planned_precision) VALUES (9001, 9001, 'A', 1, 'tekst', '', 'unknown')",
    # A progress row pointing at the mijlpaal: SQLite must not copy the table under it.
    "INSERT INTO voortgang (id, afspraak_id, mijlpaal_id, recorded_at, recorded_by, "
    "effective_date, public_text, internal_note, forecast_text) VALUES (9001, 9001, 9001, "
    "'2026-01-01 00:00:00', 'test', '2026-01-01', '', '', '')",
    "INSERT INTO toezegging (id, key, text, members, origin, due_text, due_phrase, due_precision, "
    "status, remarks) VALUES (9001, 'tz-migratie', 't', '[]', '', '', '', 'unknown', 'open', '')",
    "INSERT INTO motie (id, key, text, members, origin, due_text, due_phrase, due_precision, "
    "status, remarks) VALUES (9001, 'mt-migratie', 't', '[]', '', '', '', 'unknown', 'open', '')",
]
CLEANUP = [
    "DELETE FROM voortgang WHERE id = 9001",
    "DELETE FROM mijlpaal WHERE id = 9001",
    "DELETE FROM kamer_status_wijziging WHERE commitment_id IN (SELECT id FROM kamer_commitment "
    "WHERE key IN ('tz-migratie', 'mt-migratie'))",
    "DELETE FROM kamer_commitment WHERE key IN ('tz-migratie', 'mt-migratie')",
    "DELETE FROM afspraak WHERE id = 9001",
]


@pytest.fixture
def at_0002_with_rows(engine: sa.Engine, database_url: str) -> Iterator[None]:
    with rows_at_revision(engine, database_url, "0002", ROWS, CLEANUP):
        yield


def test_upgrade_dates_existing_rows_and_downgrade_keeps_them(
    engine: sa.Engine, database_url: str, at_0002_with_rows: None
) -> None:
    config = alembic_config(database_url)
    command.upgrade(config, "0004")  # the last revision with separate toezegging and motie tables
    created = sa.column("created_at", sa.DateTime())
    with engine.connect() as connection:
        stamps = [
            connection.execute(
                sa.select(created).select_from(sa.table(table)).where(sa.column("id") == 9001)
            ).scalar_one()
            for table in ("mijlpaal", "toezegging", "motie")
        ]
        assert connection.exec_driver_sql("SELECT count(*) FROM feedtoken").scalar_one() == 0
    assert all(stamp is not None for stamp in stamps)
    assert len(set(stamps)) == 1  # one moment: the migration

    command.downgrade(config, "0002")
    with engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("mijlpaal")}
        assert "created_at" not in columns
        assert "feedtoken" not in sa.inspect(connection).get_table_names()
        # The rows survive the downgrade (SQLite dropped the column in place, no table copy).
        assert connection.exec_driver_sql("SELECT text FROM mijlpaal WHERE id = 9001").scalar_one()
