"""Writes on the register: a new toezegging or motie, and corrections kept as plan history.

Status changes are not here: they go through app/domain/commitments.py:record_status_change,
the one way a status changes (it appends the history entry).
"""

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from app.domain.periods import Precision
from app.kamer.forms import CommitmentInput
from app.kamer.queries import afspraak_order
from app.models import (
    Afspraak,
    CommitmentKind,
    CommitmentStatus,
    CommitmentVenue,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
    KamerStatusWijziging,
    Kamerstuk,
    PlanWijziging,
    RecordedVia,
    utcnow,
)


def _fields(kind: CommitmentKind, value: CommitmentInput) -> dict[str, Any]:
    due = value.due
    known = due is not None and due.precision is not Precision.UNKNOWN
    fields: dict[str, Any] = {
        "text": value.text,
        "origin": value.origin,
        "origin_date": value.origin_date,
        "due_text": value.due_text,
        "due_phrase": due.canonical if due is not None and known else value.due_text,
        "due_start": due.start if due else None,
        "due_end": due.end if due else None,
        "due_precision": due.precision if due else Precision.UNKNOWN,
        "tk_number": value.tk_number or None,
        "promised_by": value.promised_by,
        "members": value.members,
        "remarks": value.remarks,
    }
    if kind is CommitmentKind.TOEZEGGING:
        fields["made_to"] = value.made_to or None
        fields["made_in"] = CommitmentVenue(value.made_in) if value.made_in else None
    else:
        fields["kamerstuk_number"] = value.kamerstuk_reference
    return fields


def create_commitment(
    value: CommitmentInput,
    *,
    session: Session,
    kind: CommitmentKind,
    key: str,
    afspraken: Mapping[str, Afspraak],
    document: Kamerstuk | None,
    changed_by: str,
    changed_by_id: int | None,
) -> KamerCommitment:
    """Add a new, open toezegging or motie with its afspraken and the document it was made in.

    Its first status entry (from no status to open) starts its history, as the seed's do.
    """
    commitment = KamerCommitment(
        kind=kind, key=key, status=CommitmentStatus.OPEN, **_fields(kind, value)
    )
    session.add(commitment)
    session.flush()
    assert commitment.id is not None
    for code in value.afspraken:
        afspraak_id = afspraken[code].id
        assert afspraak_id is not None
        session.add(KamerCommitmentAfspraak(commitment_id=commitment.id, afspraak_id=afspraak_id))
    if document is not None and document.id is not None:
        session.add(KamerCommitmentKamerstuk(commitment_id=commitment.id, kamerstuk_id=document.id))
    session.add(
        KamerStatusWijziging(
            commitment_id=commitment.id,
            changed_by=changed_by,
            changed_by_id=changed_by_id,
            recorded_via=RecordedVia.FORM,
            old_status=None,
            new_status=CommitmentStatus.OPEN,
            document_id=document.id if document else None,
            effective_date=value.origin_date or (document.document_date if document else None),
            reason=value.reason or "Toegevoegd aan het register.",
        )
    )
    return commitment


def edit_commitment(
    commitment: KamerCommitment,
    value: CommitmentInput,
    *,
    session: Session,
    afspraken: Mapping[str, Afspraak],
    changed_by: str,
) -> list[PlanWijziging]:
    """Correct fields and the afspraken it is linked to; each change keeps who, when, why and
    the old value (entity "toezegging"/"motie", key: the commitment's key)."""
    assert commitment.id is not None
    now = utcnow()
    changes: list[PlanWijziging] = []

    def record(name: str, old: Any, new: Any) -> None:
        changes.append(
            PlanWijziging(
                changed_at=now,
                changed_by=changed_by,
                reason=value.reason,
                entity=commitment.kind.value,
                entity_key=commitment.key,
                field=name,
                old_value=_text(old),
                new_value=_text(new),
            )
        )

    fields = _fields(commitment.kind, value)
    if value.due_text == commitment.due_text:
        # The deadline as written stands: keep how it was read (the seed may have given an
        # explicit period for it), rather than record a reading of the same words as a change.
        for name in ("due_phrase", "due_start", "due_end", "due_precision"):
            del fields[name]
    for name, new in fields.items():
        old = getattr(commitment, name)
        if old != new:
            record(name, old, new)
            setattr(commitment, name, new)
    links = session.exec(
        select(KamerCommitmentAfspraak).where(
            KamerCommitmentAfspraak.commitment_id == commitment.id
        )
    ).all()
    by_id = {a.id: a for a in afspraken.values()}
    old_codes = sorted(
        (by_id[link.afspraak_id].code for link in links if link.afspraak_id in by_id),
        key=afspraak_order,
    )
    new_codes = sorted(set(value.afspraken), key=afspraak_order)
    if old_codes != new_codes:
        record("afspraken", ", ".join(old_codes), ", ".join(new_codes))
        for link in links:
            session.delete(link)
        session.flush()
        for code in new_codes:
            afspraak_id = afspraken[code].id
            assert afspraak_id is not None
            session.add(
                KamerCommitmentAfspraak(commitment_id=commitment.id, afspraak_id=afspraak_id)
            )
    session.add(commitment)
    session.add_all(changes)
    return changes


def taken_keys(*, session: Session) -> set[str]:
    """Every commitment key in use, removed ones too (a key is never given out twice)."""
    return set(session.exec(select(col(KamerCommitment.key))).all())


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, list):
        return ", ".join(
            f"{m.get('name', '')} ({m.get('fraction', '')})" if m.get("fraction") else m["name"]
            for m in value
        )
    return value.isoformat() if isinstance(value, date) else str(value)
