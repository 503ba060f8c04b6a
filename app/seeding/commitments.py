"""Load the Kamer's toezeggingen and moties into the one commitments table."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlmodel import select

from app.domain.periods import Precision
from app.domain.references import parse_reference
from app.models import (
    CommitmentKind,
    CommitmentStatus,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
    KamerStatusWijziging,
    RecordedVia,
)
from app.seeding.schema import CommitmentIn
from app.seeding.sync import CHANGED_BY, SeedSync


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
    with_history = set(session.exec(select(KamerStatusWijziging.commitment_id).distinct()))
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
            # The status goes through its own history (KamerStatusWijziging), not PlanWijziging.
            status = values.pop("status")
            source_id = values.pop("status_source_id")
            row = existing.get(spec.key)
            if row is None:
                values |= {"status": status, "status_source_id": source_id}
            row = sync.sync(entity, spec.key, row, KamerCommitment, values)
            existing[spec.key] = row
            wanted.add(spec.key)
            session.flush()
            assert row.id is not None
            commitment_id = row.id
            _sync_status(
                sync, row, spec, status, source_id, has_history=commitment_id in with_history
            )
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


def _sync_status(
    sync: SeedSync,
    row: KamerCommitment,
    spec: CommitmentIn,
    status: CommitmentStatus,
    source_id: int | None,
    *,
    has_history: bool,
) -> None:
    """Record the seed's status as a history entry: the first one, or a change since the last.

    A new history starts with the seed's `status_geschiedenis`, oldest first, so the current
    status is the newest entry. An existing history is never rewritten: earlier steps added to
    the file later are not slipped in before entries that are already there.
    """
    if has_history and (row.status, row.status_source_id) == (status, source_id):
        return
    assert row.id is not None
    first = not has_history
    previous: CommitmentStatus | None = row.status
    if first:
        previous = None
        for step in spec.status_geschiedenis:
            document_id = sync.kamerstuk_ids[step.bron] if step.bron else None
            sync.session.add(
                KamerStatusWijziging(
                    commitment_id=row.id,
                    changed_by=CHANGED_BY,
                    recorded_via=RecordedVia.SEED,
                    old_status=previous,
                    new_status=step.status,
                    document_id=document_id,
                    reason=step.toelichting or sync.reason,
                    effective_date=step.datum
                    or (sync.document_dates.get(document_id) if document_id else None),
                )
            )
            previous = step.status
    # After the earlier steps, or from no earlier status when the history starts here.
    entry = KamerStatusWijziging(
        commitment_id=row.id,
        changed_by=CHANGED_BY,
        recorded_via=RecordedVia.SEED,
        old_status=previous,
        new_status=status,
        document_id=source_id,
        reason=sync.reason,
        effective_date=sync.document_dates.get(source_id) if source_id else row.origin_date,
    )
    sync.session.add(entry)
    if not first:
        sync.report.changes.append(
            f"Gewijzigd: {row.kind.value} {row.key}, status: {row.status.value} → {status.value}"
        )
    row.status = status
    row.status_source_id = source_id


def _values(
    sync: SeedSync, kind: CommitmentKind, spec: CommitmentIn, block: str, index: int
) -> dict[str, Any]:
    period = sync.seed.periods.get((block, index, "termijn"))
    values: dict[str, Any] = {
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
        "kamerstuk_number": (
            parse_reference(spec.kamerstuk_nummer).normal if spec.kamerstuk_nummer else None
        ),
        "made_to": spec.toegezegd_aan,
        "made_in": spec.gedaan_in,
    }
    # The open-data number is often learnt from `flask kamer import`; a seed that does not name
    # one leaves the imported number alone.
    if spec.tk_nummer is not None:
        values["tk_number"] = spec.tk_nummer
    return values
