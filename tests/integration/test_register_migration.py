"""Migration 0008 on a filled database: every toezegging and motie starts its status history with
its current status, and documents get the reference read from their citation."""

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command

from app.cli import alembic_config
from tests.migration_rows import rows_at_revision

ROWS = [
    "INSERT INTO kamerstuk (id, key, kind, citation, title, document_date) VALUES "
    "(9001, 'brief-oud', 'kamerstuk', 'Kamerstukken II, 2025-2026, 29 477, nr. 969', '', "
    "'2026-03-30')",
    "INSERT INTO kamerstuk (id, key, kind, citation, title) VALUES "
    "(9002, 'nota-oud', 'nota', 'nota kenmerk 4366545-1095887-GMT', '')",
    "INSERT INTO kamer_commitment (id, kind, key, text, members, origin, origin_date, due_text, "
    "due_phrase, due_precision, status, status_source_id, remarks, created_at) VALUES "
    "(9001, 'toezegging', 'tz-oud', 'Ik zeg toe', '[]', 'debat', '2026-02-01', '', '', "
    "'unknown', 'gestand_gedaan', 9001, '', '2026-02-01 00:00:00')",
    "INSERT INTO kamer_commitment (id, kind, key, text, members, origin, origin_date, due_text, "
    "due_phrase, due_precision, status, remarks, created_at) VALUES "
    "(9002, 'motie', 'mt-oud', 'Verzoekt de regering', '[]', 'debat', '2026-02-02', '', '', "
    "'unknown', 'open', '', '2026-02-01 00:00:00')",
]
CLEANUP = [
    "DELETE FROM kamer_status_wijziging WHERE commitment_id IN (9001, 9002)",
    "DELETE FROM kamer_commitment WHERE id IN (9001, 9002)",
    "DELETE FROM kamerstuk WHERE id IN (9001, 9002)",
]


@pytest.fixture
def at_0007_with_rows(engine: sa.Engine, database_url: str) -> Iterator[None]:
    with rows_at_revision(engine, database_url, "0007", ROWS, CLEANUP):
        yield


def test_upgrade_starts_status_history_and_reads_references(
    engine: sa.Engine, database_url: str, at_0007_with_rows: None
) -> None:
    command.upgrade(alembic_config(database_url), "0008")
    with engine.connect() as connection:
        history = connection.exec_driver_sql(
            "SELECT commitment_id, old_status, new_status, document_id, effective_date, "
            "changed_by FROM kamer_status_wijziging WHERE commitment_id >= 9001 "
            "ORDER BY commitment_id"
        ).all()
        references = connection.exec_driver_sql(
            "SELECT id, reference FROM kamerstuk WHERE id >= 9001 ORDER BY id"
        ).all()
    assert [tuple(row[:4]) for row in history] == [
        (9001, None, "gestand_gedaan", 9001),
        (9002, None, "open", None),
    ]
    # Dated by the settling document, else by the origin.
    assert [str(row[4]) for row in history] == ["2026-03-30", "2026-02-02"]
    assert {row[5] for row in history} == {"migratie 0008"}
    assert [tuple(row) for row in references] == [(9001, "29477-969"), (9002, None)]
