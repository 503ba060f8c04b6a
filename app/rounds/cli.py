"""`flask report brief --cutoff YYYY-MM-DD --out FILE.docx`: the voortgangsbrief input of a
round's cut-off, or of any date."""

from pathlib import Path

import click

from app.cli import report_cli
from app.clock import today
from app.db import new_session
from app.rounds.forms import parse_cutoff
from app.rounds.queries import brief_for


@report_cli.command("brief")
@click.option("--cutoff", "cutoff_text", required=True, help="De peildatum, als 2027-03-31.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Het Word-bestand (.docx) dat wordt geschreven.",
)
def report_brief(cutoff_text: str, out: Path) -> None:
    """Write the voortgangsbrief input (Word) as the tracker stood at the end of --cutoff."""
    cutoff, problem = parse_cutoff(cutoff_text)
    if cutoff is None:
        raise click.ClickException(f"--cutoff: {problem} Er is niets geschreven.")
    with new_session() as session:
        brief = brief_for(cutoff, session=session, generated_on=today())
    try:
        out.write_bytes(brief.docx())
    except OSError as error:
        raise click.ClickException(f"{out} kon niet worden geschreven: {error.strerror}.") from None
    click.echo(f"Voortgangsbrief ({brief.content.stated}) geschreven naar {out}.")
