"""Load the Kamer's toezeggingen and moties into the one commitments table."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import col, select

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

    def describe_afspraken(rows: Sequence[Any]) -> str:
        return ", ".join(afspraak_codes[r.afspraak_id] for r in rows)

    def describe_documents(rows: Sequence[Any]) -> str:
        return ", ".join(document_keys[r.kamerstuk_id] for r in rows)

    blocks: list[tuple[CommitmentKind, str, list[CommitmentIn]]] = [
        (CommitmentKind.TOEZEGGING, "toezeggingen", sync.seed.file.toezeggingen),
        (CommitmentKind.MOTIE, "moties", sync.seed.file.moties),
    ]
    # New rows first, in file order and in one insert, so that each has its id; then, in file
    # order, each row's fields, status and links, as the history tells them.
    items: list[list[tuple[CommitmentIn, dict[str, Any], _Status, KamerCommitment | None]]] = []
    new = []
    for kind, block, specs in blocks:
        block_items = []
        for i, spec in enumerate(specs):
            values = _values(sync, kind, spec, block, i)
            # The status goes through its own history (KamerStatusWijziging), not PlanWijziging.
            status = _Status(values.pop("status"), values.pop("status_source_id"))
            row = existing.get(spec.key)
            if row is None:
                sync.sync(kind.value, spec.key, None, KamerCommitment, values)
                new.append(values | {"status": status.status, "status_source_id": status.source})
            block_items.append((spec, values, status, row))
        items.append(block_items)
    sync.insert(KamerCommitment, new)
    ids = {key: row.id for key, row in existing.items()}
    if new:
        ids = dict(session.exec(select(col(KamerCommitment.key), col(KamerCommitment.id))).all())
    history: list[dict[str, Any]] = []
    new_afspraak_links: list[dict[str, Any]] = []
    new_document_links: list[dict[str, Any]] = []
    wanted: set[str] = set()
    for (kind, _, _), block_items in zip(blocks, items, strict=True):
        entity = kind.value
        for spec, values, status, row in block_items:
            commitment_id = ids[spec.key]
            assert commitment_id is not None
            wanted.add(spec.key)
            if row is None:
                _start_history(sync, commitment_id, spec, status, values["origin_date"], history)
            else:
                sync.sync(entity, spec.key, row, KamerCommitment, values)
                has_history = commitment_id in with_history
                _sync_status(sync, row, spec, status, has_history=has_history, history=history)
            afspraak_ids = sorted({sync.afspraak_ids[c] for c in spec.afspraken})
            sync.sync_link_set(
                entity,
                spec.key,
                "afspraken",
                sorted(afspraak_links[commitment_id], key=lambda link: link.afspraak_id),
                [{"commitment_id": commitment_id, "afspraak_id": a} for a in afspraak_ids],
                describe_afspraken,
                new_afspraak_links,
            )
            document_ids = sorted({sync.kamerstuk_ids[k] for k in spec.documenten})
            sync.sync_link_set(
                entity,
                spec.key,
                "documenten",
                sorted(document_links[commitment_id], key=lambda link: link.kamerstuk_id),
                [{"commitment_id": commitment_id, "kamerstuk_id": d} for d in document_ids],
                describe_documents,
                new_document_links,
            )
        sync.mark_removed(
            entity,
            ((k, r) for k, r in existing.items() if r.kind == kind and k not in wanted),
        )
    sync.insert(KamerStatusWijziging, history)
    sync.insert(KamerCommitmentAfspraak, new_afspraak_links)
    sync.insert(KamerCommitmentKamerstuk, new_document_links)


@dataclass(frozen=True)
class _Status:
    """A commitment's status as the seed gives it, and the document that says so."""

    status: CommitmentStatus
    source: int | None


def _start_history(
    sync: SeedSync,
    commitment_id: int,
    spec: CommitmentIn,
    status: _Status,
    origin_date: date | None,
    history: list[dict[str, Any]],
) -> None:
    """The first history of a commitment: the seed's `status_geschiedenis`, oldest first, then
    the current status as the newest entry."""
    previous: CommitmentStatus | None = None
    for step in spec.status_geschiedenis:
        document_id = sync.kamerstuk_ids[step.bron] if step.bron else None
        history.append(
            {
                "commitment_id": commitment_id,
                "changed_by": CHANGED_BY,
                "recorded_via": RecordedVia.SEED,
                "old_status": previous,
                "new_status": step.status,
                "document_id": document_id,
                "reason": step.toelichting or sync.reason,
                "effective_date": step.datum
                or (sync.document_dates.get(document_id) if document_id else None),
            }
        )
        previous = step.status
    history.append(_entry(sync, commitment_id, previous, status, origin_date))


def _entry(
    sync: SeedSync,
    commitment_id: int,
    previous: CommitmentStatus | None,
    status: _Status,
    origin_date: date | None,
) -> dict[str, Any]:
    return {
        "commitment_id": commitment_id,
        "changed_by": CHANGED_BY,
        "recorded_via": RecordedVia.SEED,
        "old_status": previous,
        "new_status": status.status,
        "document_id": status.source,
        "reason": sync.reason,
        "effective_date": sync.document_dates.get(status.source) if status.source else origin_date,
    }


def _sync_status(
    sync: SeedSync,
    row: KamerCommitment,
    spec: CommitmentIn,
    status: _Status,
    *,
    has_history: bool,
    history: list[dict[str, Any]],
) -> None:
    """Record the seed's status as a history entry: the first one, or a change since the last.

    An existing history is never rewritten: earlier steps added to the file later are not
    slipped in before entries that are already there.
    """
    if has_history and (row.status, row.status_source_id) == (status.status, status.source):
        return
    assert row.id is not None
    if has_history:
        history.append(_entry(sync, row.id, row.status, status, row.origin_date))
        sync.report.changes.append(
            f"Gewijzigd: {row.kind.value} {row.key}, status: {row.status.value} → "
            f"{status.status.value}"
        )
    else:
        _start_history(sync, row.id, spec, status, row.origin_date, history)
    row.status = status.status
    row.status_source_id = status.source


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
