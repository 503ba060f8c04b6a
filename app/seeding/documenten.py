"""Load the documents (Kamerstukken, letters, nota's) the plan and the commitments cite."""

from sqlmodel import col, select

from app.models import Kamerstuk
from app.seeding.schema import document_reference
from app.seeding.sync import SeedSync


def load_kamerstukken(sync: SeedSync) -> None:
    """Bring the documents in line with the seed; fill `sync.kamerstuk_ids`.

    A document that left the file is marked removed, never deleted: progress and commitments may
    still cite it.
    """
    existing = {k.key: k for k in sync.session.exec(select(Kamerstuk))}
    new = []
    for spec in sync.seed.file.documenten:
        values = {
            "key": spec.key,
            "kind": spec.soort,
            "reference": document_reference(spec),
            "citation": spec.citatie,
            "title": spec.titel,
            "document_date": spec.datum,
        }
        if sync.sync("kamerstuk", spec.key, existing.get(spec.key), Kamerstuk, values) is None:
            new.append(values)
    sync.insert(Kamerstuk, new)
    wanted = {spec.key for spec in sync.seed.file.documenten}
    sync.mark_removed("kamerstuk", ((k, r) for k, r in existing.items() if k not in wanted))
    sync.session.flush()
    stored = sync.session.exec(
        select(col(Kamerstuk.key), col(Kamerstuk.id), col(Kamerstuk.document_date))
    ).all()
    sync.kamerstuk_ids = {key: i for key, i, _ in stored if i is not None}
    sync.document_dates = {i: day for _, i, day in stored if i is not None}
