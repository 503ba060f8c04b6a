"""Alembic migrations build the whole model on SQLite and PostgreSQL, both ways, with no drift."""

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from app import create_app
from app.cli import alembic_config
from app.config import TestConfig


def test_models_and_migrations_agree(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_downgrade_to_base_and_upgrade_to_head(engine: sa.Engine, database_url: str) -> None:
    config = alembic_config(database_url)
    command.downgrade(config, "base")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}

    command.upgrade(config, "head")
    tables = set(sa.inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_cli_chain_on_a_new_database(tmp_path: Path) -> None:
    """What scripts/run.sh does: migrate, seed if empty, serve; then remove the schema again."""
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    app = create_app(TestConfig, DATABASE_URL=url)
    runner = app.test_cli_runner()

    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    seeded = runner.invoke(args=["seed", "load", "--if-empty"])
    assert "17 afspraken" in seeded.output
    again = runner.invoke(args=["seed", "load", "--if-empty"])
    assert "niets geladen" in again.output

    page = app.test_client().get("/")
    assert "5d. Snelle aanpassing van de vergoeding" in page.get_data(as_text=True)

    downgraded = runner.invoke(args=["db", "downgrade", "base"])
    assert downgraded.exit_code == 0, downgraded.output
    engine = app.extensions["e5_engine"]
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_seed_load_on_an_unmigrated_database_says_what_to_do(tmp_path: Path) -> None:
    app = create_app(TestConfig, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite'}")
    result = app.test_cli_runner().invoke(args=["seed", "load"])
    assert result.exit_code == 1
    assert "Het databaseschema is niet bijgewerkt" in result.output
    assert "flask db upgrade" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    app.extensions["e5_engine"].dispose()
