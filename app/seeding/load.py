"""Load a checked seed into the database.

Rows are found by their stable keys (party code, afspraak code, mijlpaal label, ...) and updated
in place; every changed field is recorded as a PlanWijziging with its old value (`sync.py`). Rows
that left the file are marked removed, never deleted. Seeded progress (`voortgang`) is only ever
added: a reseed never rewrites history. Each part of the file has its loader module; they run in
the order their references need (parties and documents before the plan, the plan before the
commitments and progress that point into it).
"""

from sqlmodel import Session

from app.db import including_removed
from app.seeding.commitments import load_commitments
from app.seeding.documenten import load_kamerstukken
from app.seeding.partijen import load_partijen
from app.seeding.plan import load_plan
from app.seeding.progress import load_voortgang
from app.seeding.report import LoadReport
from app.seeding.source import gc_paused
from app.seeding.sync import SeedSync
from app.seeding.validate import ValidSeed

__all__ = ["LoadReport", "load_seed"]


@gc_paused()
def load_seed(session: Session, seed: ValidSeed, *, source_name: str) -> LoadReport:
    """Bring the database in line with `seed`; the caller commits (or rolls back for a dry run)."""
    sync = SeedSync(session, seed, reason=f"seed geladen uit {source_name}")
    with including_removed(session):  # it must find removed rows to bring them back
        load_partijen(sync)
        load_kamerstukken(sync)
        load_plan(sync)
        load_commitments(sync)
        load_voortgang(sync)
        session.flush()
    return sync.report
