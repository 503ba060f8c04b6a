"""What the Kamer register decides about a toezegging or motie: when it is due, whether it is
overdue, and how a status change is recorded (append-only, with who, when, document and why)."""

from datetime import date
from typing import Protocol

from sqlmodel import Session

from app.models import (
    CommitmentStatus,
    KamerCommitment,
    KamerStatusWijziging,
    RecordedVia,
)

# Still owed to the Kamer: these can be overdue and belong on "te rapporteren".
OWED = frozenset({CommitmentStatus.OPEN, CommitmentStatus.DEELS})
# Closed statuses need the document that closed them, as the Kamer's register does.
NEEDS_DOCUMENT = frozenset({CommitmentStatus.GESTAND_GEDAAN, CommitmentStatus.AFGEDAAN})


class CommitmentDates(Protocol):
    @property
    def status(self) -> CommitmentStatus: ...
    @property
    def fulfil_by(self) -> date | None: ...
    @property
    def due_end(self) -> date | None: ...


def due_date(commitment: CommitmentDates) -> date | None:
    """The date the Kamer registered (DatumNakoming), else the end of the deadline as written."""
    return commitment.fulfil_by or commitment.due_end


def is_overdue(commitment: CommitmentDates, today: date) -> bool:
    """Still owed and its due date has passed."""
    due = due_date(commitment)
    return commitment.status in OWED and due is not None and due < today


class StatusChangeError(ValueError):
    """A status change that cannot be recorded; the message says what to fix."""


def record_status_change(
    session: Session,
    commitment: KamerCommitment,
    new_status: CommitmentStatus,
    *,
    changed_by: str,
    via: RecordedVia,
    changed_by_id: int | None = None,
    document_id: int | None = None,
    reason: str = "",
    effective_date: date | None = None,
    ref: str | None = None,
) -> KamerStatusWijziging:
    """Append one history entry and bring the commitment's current status in line with it.

    A gestand gedaan toezegging or an afgedaan motie names the document that did it. The caller
    commits; a refused change raises StatusChangeError before anything is added.
    """
    if new_status in NEEDS_DOCUMENT and document_id is None:
        raise StatusChangeError(
            "Kies het document waarmee de toezegging gestand is gedaan of de motie is afgedaan."
        )
    if new_status == commitment.status and document_id == commitment.status_source_id:
        raise StatusChangeError("De status en het document zijn al zo; er is niets gewijzigd.")
    assert commitment.id is not None
    entry = KamerStatusWijziging(
        commitment_id=commitment.id,
        changed_by=changed_by,
        changed_by_id=changed_by_id,
        recorded_via=via,
        recorded_ref=ref,
        old_status=commitment.status,
        new_status=new_status,
        document_id=document_id,
        reason=reason,
        effective_date=effective_date,
    )
    session.add(entry)
    commitment.status = new_status
    commitment.status_source_id = document_id
    return entry
