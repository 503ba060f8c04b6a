"""Rows put into the database at an old revision, to check that later migrations carry them over."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import command

from app.cli import alembic_config


@contextmanager
def rows_at_revision(
    engine: sa.Engine,
    database_url: str,
    revision: str,
    rows: Sequence[str],
    cleanup: Sequence[str],
) -> Iterator[None]:
    """Downgrade to `revision` and insert `rows`; afterwards back to head and run `cleanup`."""
    config = alembic_config(database_url)
    command.downgrade(config, revision)
    try:
        with engine.begin() as connection:
            for statement in rows:
                connection.exec_driver_sql(statement)
        yield
    finally:
        command.upgrade(config, "head")
        with engine.begin() as connection:
            for statement in cleanup:
                connection.exec_driver_sql(statement)
