"""Load the documents (Kamerstukken, letters, nota's) the plan and the commitments cite."""

from sqlmodel import select

from app.models import Kamerstuk
from app.seeding.schema import document_reference
from app.seeding.sync import SeedSync


def load_kamerstukken(sync: SeedSync) -> None:
    """Bring the documents in line with the seed; fill `sync.kamerstuk_ids`.

    A document that left the file is marked removed, never deleted: progress and commitments may
    still cite it.
    """
    existing = {k.key: k for k in sync.session.exec(select(Kamerstuk))}
    for spec in sync.seed.file.documenten:
        values = {
            "key": spec.key,
            "kind": spec.soort,
            "reference": document_reference(spec),
            "citation": spec.citatie,
            "title": spec.titel,
            "document_date": spec.datum,
        }
        existing[spec.key] = sync.sync(
            "kamerstuk", spec.key, existing.get(spec.key), Kamerstuk, values
        )
    sync.session.flush()
    wanted = {spec.key for spec in sync.seed.file.documenten}
    sync.mark_removed("kamerstuk", ((k, r) for k, r in existing.items() if k not in wanted))
    sync.kamerstuk_ids = {key: row.id for key, row in existing.items() if row.id is not None}
    sync.document_dates = {
        row.id: row.document_date for row in existing.values() if row.id is not None
    }
