"""Load seeded progress updates: only ever added, a reseed never rewrites history."""

from typing import Any

from sqlmodel import col, select

from app.models import Mijlpaal, RecordedVia, Voortgang
from app.seeding.sync import CHANGED_BY, SeedSync

COMPARED = (
    "afspraak_id",
    "mijlpaal_id",
    "effective_date",
    "status",
    "public_text",
    "reached_on",
    "source_id",
)


def load_voortgang(sync: SeedSync) -> None:
    """Add the seed's updates not stored yet; note the ones that differ from what is stored."""
    session = sync.session
    # Plain rows, not ORM objects: a reseed compares every seeded update (50,000 at 50 times the
    # seed) and changes none, so building objects for them is most of its work.
    # Compared as tuples in the order of COMPARED.
    stored = {
        seed_key: tuple(rest)
        for seed_key, *rest in session.exec(
            select(*(col(getattr(Voortgang, name)) for name in ("seed_key", *COMPARED))).where(
                col(Voortgang.seed_key).is_not(None)
            )
        )
    }
    mijlpaal_ids = {
        (afspraak_id, label): mijlpaal_id
        for mijlpaal_id, afspraak_id, label in session.exec(
            select(col(Mijlpaal.id), col(Mijlpaal.afspraak_id), col(Mijlpaal.label))
        )
    }
    new = []
    for spec in sync.seed.file.voortgang:
        afspraak_id = sync.afspraak_ids[spec.afspraak]
        values: dict[str, Any] = {
            "afspraak_id": afspraak_id,
            "mijlpaal_id": mijlpaal_ids[(afspraak_id, spec.mijlpaal)] if spec.mijlpaal else None,
            "effective_date": spec.datum,
            "status": spec.status,
            "public_text": spec.tekst,
            "reached_on": spec.bereikt_op,
            "source_id": sync.kamerstuk_ids[spec.bron] if spec.bron else None,
        }
        previous = stored.get(spec.key)
        if previous is None:
            values |= {
                "seed_key": spec.key,
                "recorded_by": CHANGED_BY,
                "recorded_via": RecordedVia.SEED,
                "recorded_ref": spec.key,
            }
            new.append(values)
            sync.report.created["voortgang"] += 1
        elif previous != tuple(values[name] for name in COMPARED):
            sync.report.notes.append(
                f"voortgang '{spec.key}' wijkt af van het opgeslagen bericht; voortgang wordt "
                "nooit overschreven. Voeg voor een correctie een nieuw bericht toe met een "
                "nieuwe key."
            )
    # Tens of thousands at 50 times the seed: one insert, not an object each (see sync.py).
    sync.insert(Voortgang, new)
