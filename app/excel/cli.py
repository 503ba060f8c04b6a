"""`flask report excel`, `flask report template PARTIJ` and `flask report import FILE`."""

from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from app.afspraken.queries import load_werkagenda
from app.cli import report_cli
from app.clock import today
from app.db import new_session
from app.excel.imports import ImportRefused, Outcome, check_import, record_import
from app.excel.queries import load_export, template_items
from app.models import Voortgang

OUT = click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Het bestand dat wordt geschreven (.xlsx).",
)


@report_cli.command("excel")
@OUT
def report_excel(out: Path) -> None:
    """Write the whole public Werkagenda and Kamer register as an Excel workbook."""
    from reports.excel_export import build_export  # here, not at the top: see app/excel

    with new_session() as session:
        data = load_export(session=session, today=today(), generated=datetime.now(UTC))
        workbook = build_export(data)  # reads the history rows from the session as it writes
        updates = session.scalar(select(func.count()).select_from(Voortgang))
    _write(out, workbook)
    click.echo(
        f"Excel-export geschreven naar {out}: {len(data.afspraken)} afspraken, "
        f"{len(data.mijlpalen)} mijlpalen, {updates} voortgangsmeldingen, "
        f"{len(data.commitments)} toezeggingen en moties."
    )


@report_cli.command("template")
@click.argument("partij")
@OUT
def report_template(partij: str, out: Path) -> None:
    """Write the Excel template of party PARTIJ (its code, e.g. KNMP)."""
    from reports.excel_template import build_template  # here, not at the top: see app/excel

    with new_session() as session:
        werkagenda = load_werkagenda(session=session, today=today())
        found = werkagenda.partij(partij)
        if found is None:
            codes = ", ".join(p.code for p in werkagenda.partijen[:8])
            raise click.ClickException(
                f"Partij '{partij}' bestaat niet. Gebruik de afkorting, bijvoorbeeld {codes}."
            )
        items = template_items(werkagenda, found)
    _write(out, build_template(found.code, found.name, items, datetime.now(UTC)))
    click.echo(f"Sjabloon van {found.code} geschreven naar {out}: {len(items)} rijen.")


@report_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--commit", is_flag=True, help="Leg de wijzigingen vast (zonder: alleen tonen).")
def report_import(file: Path, commit: bool) -> None:
    """Check a filled-in party template; with --commit, record its rows (all or nothing)."""
    from reports.excel_import import ExcelFileError, read_party_file  # see app/excel

    try:
        data = file.read_bytes()
    except OSError as error:
        raise click.ClickException(f"{file} kan niet worden gelezen: {error.strerror}.") from None
    with new_session() as session:
        day = today()
        try:
            preview = check_import(
                read_party_file(data),
                session=session,
                werkagenda=load_werkagenda(session=session, today=day),
                user=None,
            )
        except (ExcelFileError, ImportRefused) as error:
            raise click.ClickException(f"{file}: {error} Er is niets vastgelegd.") from None
        for row in preview.rows:
            if row.outcome is Outcome.EMPTY:
                continue
            click.echo(f"rij {row.row} ({row.key or 'geen sleutel'}): {row.outcome.value}")
            for line in row.errors or row.changes:
                click.echo(f"  {line}")
        errors, changes = preview.having(Outcome.ERROR), preview.having(Outcome.CHANGE)
        if errors:
            raise click.ClickException(
                f"{len(errors)} rij(en) met een fout; er is niets vastgelegd (alles of niets)."
            )
        if not changes:
            click.echo("Niets te doen: dit bestand verandert niets.")
            return
        if not commit:
            click.echo(
                f"Proefdraai: {len(changes)} wijziging(en), niets vastgelegd. "
                "Voeg --commit toe om ze vast te leggen."
            )
            return
        try:
            record_import(
                preview,
                session=session,
                recorded_by=f"Excel-import {preview.partij.code}",
                recorded_by_id=None,
                today=day,
            )
            session.commit()
        except IntegrityError:
            session.rollback()
            raise click.ClickException(
                "Dit bestand is intussen al ingelezen; er is niets dubbel vastgelegd."
            ) from None
    click.echo(f"{len(changes)} voortgangsmelding(en) vastgelegd voor {preview.partij.code}.")


def _write(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as error:
        raise click.ClickException(f"{out} kan niet worden geschreven: {error.strerror}.") from None
