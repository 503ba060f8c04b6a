"""Load the Kamer's toezeggingen and moties into the one commitments table."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlmodel import select

from app.domain.periods import Precision
from app.models import (
    CommitmentKind,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
)
from app.seeding.schema import CommitmentIn
from app.seeding.sync import SeedSync


def load_commitments(sync: SeedSync) -> None:
    """Both blocks of the seed in one pass; history is recorded under the kind and the key."""
    session = sync.session
    existing = {row.key: row for row in session.exec(select(KamerCommitment))}
    afspraak_links: dict[int, list[KamerCommitmentAfspraak]] = defaultdict(list)
    for a_link in session.exec(select(KamerCommitmentAfspraak)):
        afspraak_links[a_link.commitment_id].append(a_link)
    document_links: dict[int, list[KamerCommitmentKamerstuk]] = defaultdict(list)
    for d_link in session.exec(select(KamerCommitmentKamerstuk)):
        document_links[d_link.commitment_id].append(d_link)
    afspraak_codes = sync.afspraak_codes
    document_keys = {i: k for k, i in sync.kamerstuk_ids.items()}

    def describe_afspraken(rows: Sequence[KamerCommitmentAfspraak]) -> str:
        return ", ".join(afspraak_codes[r.afspraak_id] for r in rows)

    def describe_documents(rows: Sequence[KamerCommitmentKamerstuk]) -> str:
        return ", ".join(document_keys[r.kamerstuk_id] for r in rows)

    blocks: list[tuple[CommitmentKind, str, list[CommitmentIn]]] = [
        (CommitmentKind.TOEZEGGING, "toezeggingen", sync.seed.file.toezeggingen),
        (CommitmentKind.MOTIE, "moties", sync.seed.file.moties),
    ]
    wanted: set[str] = set()
    for kind, block, specs in blocks:
        for i, spec in enumerate(specs):
            entity = kind.value
            values = _values(sync, kind, spec, block, i)
            row = sync.sync(entity, spec.key, existing.get(spec.key), KamerCommitment, values)
            existing[spec.key] = row
            wanted.add(spec.key)
            session.flush()
            assert row.id is not None
            commitment_id = row.id
            afspraak_ids = sorted({sync.afspraak_ids[c] for c in spec.afspraken})
            sync.sync_link_set(
                entity,
                spec.key,
                "afspraken",
                sorted(afspraak_links[commitment_id], key=lambda link: link.afspraak_id),
                [
                    KamerCommitmentAfspraak(commitment_id=commitment_id, afspraak_id=a)
                    for a in afspraak_ids
                ],
                describe_afspraken,
            )
            document_ids = sorted({sync.kamerstuk_ids[k] for k in spec.documenten})
            sync.sync_link_set(
                entity,
                spec.key,
                "documenten",
                sorted(document_links[commitment_id], key=lambda link: link.kamerstuk_id),
                [
                    KamerCommitmentKamerstuk(commitment_id=commitment_id, kamerstuk_id=d)
                    for d in document_ids
                ],
                describe_documents,
            )
        sync.mark_removed(
            kind.value,
            ((k, r) for k, r in existing.items() if r.kind == kind and k not in wanted),
        )


def _values(
    sync: SeedSync, kind: CommitmentKind, spec: CommitmentIn, block: str, index: int
) -> dict[str, Any]:
    period = sync.seed.periods.get((block, index, "termijn"))
    return {
        "kind": kind,
        "key": spec.key,
        "text": spec.tekst,
        "members": [{"name": m.naam, "fraction": m.fractie} for m in spec.leden],
        "origin": spec.herkomst,
        "origin_date": spec.herkomst_datum,
        "due_text": spec.termijn_tekst,
        "due_phrase": period.text if period else "",
        "due_start": period.start if period else None,
        "due_end": period.end if period else None,
        "due_precision": period.precision if period else Precision.UNKNOWN,
        "status": spec.status,
        "status_source_id": sync.kamerstuk_ids[spec.status_bron] if spec.status_bron else None,
        "remarks": spec.opmerkingen,
    }
