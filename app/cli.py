"""Command-line commands: `flask db` (migrations), `flask seed` (the Werkagenda), `flask users`,
`flask backup` and `flask restore`.

Every web worker imports this module too (to register the commands), so what only the commands
use, Alembic, the seed loader and the backup, is imported inside them: at the top it cost each
worker about 15 MB it never uses (issue 16).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlmodel import select

from app.auth.accounts import create_user, find_user, list_users, normalise_email
from app.auth.forms import email_problem, name_problem
from app.auth.passwords import password_problem
from app.config import PROJECT_ROOT
from app.db import get_engine, new_session, normalise_url
from app.domain.labels import ACCOUNT_ROLE_LABELS
from app.models import AccountRole, Afspraak

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

db_cli = AppGroup("db", help="Databaseschema bijwerken (Alembic-migraties).")
seed_cli = AppGroup("seed", help="De Werkagenda uit seed/werkagenda.yaml laden.")
users_cli = AppGroup("users", help="Accounts beheren.")
# Commands of `flask report` live beside the reports they make (brief, excel, template, import).
report_cli = AppGroup(
    "report", help="Rapportages: voortgangsbrief (Word), Excel-export en Excel van partijen."
)


def alembic_config(database_url: str) -> "AlembicConfig":
    """Alembic settings for this project, pointed at `database_url`."""
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", normalise_url(database_url).replace("%", "%%"))
    return config


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Bring the database schema up to REVISION (default: the newest)."""
    from alembic import command

    command.upgrade(alembic_config(current_app.config["DATABASE_URL"]), revision)
    click.echo(f"Databaseschema bijgewerkt tot {revision}.")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Take the database schema back to REVISION ('base' empties it)."""
    from alembic import command

    command.downgrade(alembic_config(current_app.config["DATABASE_URL"]), revision)
    click.echo(f"Databaseschema teruggezet tot {revision}.")


@seed_cli.command("load")
@click.option(
    "--file",
    "seed_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Het seedbestand (standaard seed/werkagenda.yaml).",
)
@click.option(
    "--dry-run", is_flag=True, help="Toon wat er zou veranderen, zonder iets op te slaan."
)
@click.option(
    "--if-empty", is_flag=True, help="Alleen laden als de database nog geen afspraken heeft."
)
def seed_load(seed_path: Path | None, dry_run: bool, if_empty: bool) -> None:
    """Check the seed file and load it; running it twice changes nothing."""
    from app.seeding.load import load_seed
    from app.seeding.source import SeedError, read_seed_source
    from app.seeding.validate import validate_seed

    path = seed_path or Path(current_app.config["SEED_FILE"])
    display = _display_name(path)
    if not schema_is_current():
        click.echo(
            "Het databaseschema is niet bijgewerkt; er is niets geladen. "
            "Voer eerst 'flask db upgrade' uit.",
            err=True,
        )
        raise SystemExit(1)
    with new_session() as session:
        if if_empty and session.exec(select(Afspraak.id).limit(1)).first() is not None:
            click.echo("De database bevat al afspraken; niets geladen (--if-empty).")
            return
        try:
            seed = validate_seed(read_seed_source(path, display))
        except SeedError as error:
            count = len(error.problems)
            click.echo(f"{display} is niet geladen: {count} probleem/problemen gevonden.", err=True)
            for problem in error.problems:
                click.echo(f"  {problem}", err=True)
            click.echo(
                "Er is niets gewijzigd. Herstel het bestand en probeer het opnieuw.", err=True
            )
            raise SystemExit(1) from error
        report = load_seed(session, seed, source_name=display)
        if dry_run:
            session.rollback()
            click.echo("Proefdraai (--dry-run): er is niets opgeslagen. Dit zou er veranderen:")
        else:
            session.commit()
        for line in report.lines():
            click.echo(line)


@users_cli.command("create-secretariaat")
@click.argument("email")
@click.option("--name", required=True, help="De naam zoals die in de app verschijnt.")
@click.option(
    "--password",
    help="Wordt gevraagd als u het weglaat; zo komt het niet in uw shellgeschiedenis.",
)
def users_create_secretariaat(email: str, name: str, password: str | None) -> None:
    """Create an account with the secretariaat role (e.g. the first account)."""
    if not schema_is_current():
        click.echo(
            "Het databaseschema is niet bijgewerkt. Voer eerst 'flask db upgrade' uit.", err=True
        )
        raise SystemExit(1)
    # Address and name are checked before the password is asked, so no one types it for nothing.
    if problem := email_problem(normalise_email(email)):
        click.echo(f"Geen account aangemaakt: '{email}' is geen e-mailadres. {problem}", err=True)
        raise SystemExit(1)
    if problem := name_problem(name.strip()):
        click.echo(f"Geen account aangemaakt (--name): {problem}", err=True)
        raise SystemExit(1)
    if password is None:
        password = click.prompt(
            "Wachtwoord", hide_input=True, confirmation_prompt="Herhaal het wachtwoord"
        )
    if problem := password_problem(password):
        click.echo(f"Geen account aangemaakt: {problem}", err=True)
        raise SystemExit(1)
    with new_session() as session:
        if find_user(email, session=session):
            click.echo(f"Geen account aangemaakt: {email} bestaat al.", err=True)
            raise SystemExit(1)
        create_user(
            session=session,
            email=email,
            name=name,
            password=password,
            role=AccountRole.SECRETARIAAT,
        )
        session.commit()
    click.echo(f"Secretariaatsaccount {normalise_email(email)} aangemaakt. Log in op /inloggen.")


@users_cli.command("list")
def users_list() -> None:
    """List the accounts; with none yet, say how to create the first one."""
    with new_session() as session:
        users = list_users(session=session)
    if not users:
        click.echo(
            "Er zijn nog geen accounts. Maak het eerste secretariaatsaccount aan met:\n"
            "  .venv/bin/flask --app wsgi users create-secretariaat naam@organisatie.nl "
            '--name "Uw naam"\n'
            "(het wachtwoord wordt gevraagd). Daarna beheert u accounts op /gebruikers."
        )
        return
    for user, partijen in users:
        codes = ", ".join(p.code for p in partijen)
        state = "" if user.active else " (uitgeschakeld)"
        click.echo(f"{user.email}\t{ACCOUNT_ROLE_LABELS[user.role]}\t{codes}{state}")


def schema_is_current() -> bool:
    """Whether the database is at the newest migration (loading into an older schema would fail)."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(
        ScriptDirectory.from_config(alembic_config(current_app.config["DATABASE_URL"])).get_heads()
    )
    bind = get_engine()
    if isinstance(bind, sa.Connection):
        return set(MigrationContext.configure(bind).get_current_heads()) == heads
    with bind.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Alle tabellen naar FILE schrijven (JSON-regels), terug te zetten in SQLite of PostgreSQL."""
    from alembic.migration import MigrationContext

    from app.backup import write_backup

    with _connection() as connection:
        revision = MigrationContext.configure(connection).get_current_revision() or ""
        with file.open("w", encoding="utf-8") as out:
            counts = write_backup(connection, out, revision=revision)
    click.echo(
        f"Back-up geschreven naar {file}: {sum(counts.values())} rijen in {len(counts)} tabellen."
    )


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file: Path) -> None:
    """Een back-up uit FILE terugzetten in deze lege, bijgewerkte database."""
    from alembic.migration import MigrationContext

    from app.backup import BackupError, restore_backup

    if not schema_is_current():
        raise click.ClickException(
            "Het databaseschema is niet bijgewerkt: voer eerst 'flask db upgrade' uit."
        )
    try:
        with _connection() as connection, file.open(encoding="utf-8") as lines:
            revision = MigrationContext.configure(connection).get_current_revision() or ""
            counts = restore_backup(connection, lines, revision=revision)
    except BackupError as error:
        raise click.ClickException(f"{file}: {error} Er is niets veranderd.") from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{file}: geen tekstbestand. Er is niets veranderd.") from None
    click.echo(f"Teruggezet uit {file}: {sum(counts.values())} rijen in {len(counts)} tabellen.")


@contextmanager
def _connection() -> Iterator[sa.Connection]:
    """One transaction on the app's database (a test's own connection when the app is bound)."""
    bind = get_engine()
    if isinstance(bind, sa.Connection):
        with bind.begin_nested():
            yield bind
        return
    with bind.begin() as connection:
        yield connection


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from app.excel import cli as excel_cli  # noqa: F401  (adds its commands to report_cli)

    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(db_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(report_cli)
    from app.opendata.cli import kamer_cli  # imports this module's schema_is_current

    app.cli.add_command(kamer_cli)
    from app.rounds import cli as rounds_cli  # noqa: F401  (adds `flask report brief`)
