"""`flask kamer import FILE [--commit]`: Tweede Kamer open data into the register."""

from pathlib import Path

import click
from flask.cli import AppGroup

from app.cli import schema_is_current
from app.db import new_session
from app.opendata.apply import import_toezeggingen
from app.opendata.parse import OpenDataError, read_export

kamer_cli = AppGroup("kamer", help="Het Kamerregister: toezeggingen uit de open data van de Kamer.")


@kamer_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--commit", is_flag=True, help="Leg de wijzigingen vast (zonder: alleen tonen).")
def kamer_import(file: Path, commit: bool) -> None:
    """Read an OData export of Toezegging entities; show, and with --commit record, the changes."""
    if not schema_is_current():
        _refuse(["het databaseschema is niet bijgewerkt; voer eerst 'flask db upgrade' uit"], file)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        _refuse([f"het bestand kan niet worden gelezen: {file} bestaat niet"], file)
    except OSError as exc:
        _refuse([f"het bestand kan niet worden gelezen ({exc.strerror or exc})"], file)
    try:
        export = read_export(raw)
    except OpenDataError as error:
        _refuse(error.problems, file)
    with new_session() as session:
        try:
            report = import_toezeggingen(session, export, file_name=file.name)
        except OpenDataError as error:
            session.rollback()
            _refuse(error.problems, file)
        if commit:
            session.commit()
            click.echo(f"Vastgelegd uit {file.name}:")
        else:
            session.rollback()
            click.echo("Proefdraai: er is niets opgeslagen. Met --commit wordt dit vastgelegd:")
        for line in report.lines():
            click.echo(line)


def _refuse(problems: list[str], file: Path) -> None:
    click.echo(f"{file.name} is niet ingelezen: {len(problems)} probleem/problemen.", err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    click.echo("Er is niets gewijzigd. Herstel het bestand en probeer het opnieuw.", err=True)
    raise SystemExit(1)
