"""Migration 0007 on a filled database: accounts get session version 1, and feed tokens of accounts
that are already disabled are revoked (so enabling them again does not bring the tokens back)."""

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command

from app.cli import alembic_config
from tests.migration_rows import rows_at_revision

ROWS = [
    "INSERT INTO app_user (id, email, name, password_hash, role, active, created_at) VALUES "
    "(9001, 'actief@example.nl', 'Actief', 'x', 'lezer', true, '2026-01-01 00:00:00')",
    "INSERT INTO app_user (id, email, name, password_hash, role, active, created_at) VALUES "
    "(9002, 'uit@example.nl', 'Uit', 'x', 'lezer', false, '2026-01-01 00:00:00')",
    "INSERT INTO feedtoken (id, user_id, token_hash, created_at) VALUES "
    "(9001, 9001, 'a', '2026-01-01 00:00:00')",
    "INSERT INTO feedtoken (id, user_id, token_hash, created_at) VALUES "
    "(9002, 9002, 'b', '2026-01-01 00:00:00')",
]
CLEANUP = [
    "DELETE FROM feedtoken WHERE id IN (9001, 9002)",
    "DELETE FROM app_user WHERE id IN (9001, 9002)",
]


@pytest.fixture
def at_0004_with_rows(engine: sa.Engine, database_url: str) -> Iterator[None]:
    with rows_at_revision(engine, database_url, "0004", ROWS, CLEANUP):
        yield


def test_upgrade_versions_sessions_and_revokes_tokens_of_disabled_accounts(
    engine: sa.Engine, database_url: str, at_0004_with_rows: None
) -> None:
    command.upgrade(alembic_config(database_url), "0007")
    with engine.connect() as connection:
        versions = connection.exec_driver_sql(
            "SELECT id, session_version, last_login_ip FROM app_user WHERE id >= 9001 ORDER BY id"
        ).all()
        tokens = connection.exec_driver_sql(
            "SELECT user_id, revoked_at IS NOT NULL FROM feedtoken WHERE id >= 9001 ORDER BY id"
        ).all()
    assert [tuple(row) for row in versions] == [(9001, 1, None), (9002, 1, None)]
    assert [(user, bool(revoked)) for user, revoked in tokens] == [(9001, False), (9002, True)]
