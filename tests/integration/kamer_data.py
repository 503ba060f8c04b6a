"""Rows of the Kamer register for the register's tests: own keys, so seed edits do not move them.

Today in the tests is 25 November 2026 (TestConfig.TODAY): the quarter is Q4 2026.
"""

from datetime import date
from typing import Any

from sqlmodel import Session, select

from app.domain.commitments import record_status_change
from app.domain.periods import Precision
from app.models import (
    Afspraak,
    CommitmentKind,
    CommitmentStatus,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
    KamerStatusWijziging,
    Kamerstuk,
    RecordedVia,
)


def document(session: Session, key: str) -> Kamerstuk:
    return session.exec(select(Kamerstuk).where(Kamerstuk.key == key)).one()


def make_commitment(
    session: Session,
    key: str,
    *,
    kind: CommitmentKind = CommitmentKind.TOEZEGGING,
    afspraken: tuple[str, ...] = (),
    documents: tuple[str, ...] = (),
    **fields: Any,
) -> KamerCommitment:
    """A commitment with its first status entry (open), linked to afspraken and documents."""
    values: dict[str, Any] = {"text": f"Tekst van {key}.", "status": CommitmentStatus.OPEN}
    values.update(fields)
    commitment = KamerCommitment(kind=kind, key=key, **values)
    session.add(commitment)
    session.flush()
    assert commitment.id is not None
    session.add(
        KamerStatusWijziging(
            commitment_id=commitment.id,
            changed_by="test",
            recorded_via=RecordedVia.FORM,
            new_status=commitment.status,
            document_id=commitment.status_source_id,
        )
    )
    for code in afspraken:
        afspraak = session.exec(select(Afspraak).where(Afspraak.code == code)).one()
        assert afspraak.id is not None
        session.add(KamerCommitmentAfspraak(commitment_id=commitment.id, afspraak_id=afspraak.id))
    for doc in documents:
        kamerstuk_id = document(session, doc).id
        assert kamerstuk_id is not None
        session.add(
            KamerCommitmentKamerstuk(commitment_id=commitment.id, kamerstuk_id=kamerstuk_id)
        )
    session.commit()
    return commitment


def due_in(start: date, end: date, text: str, precision: Precision) -> dict[str, Any]:
    return {
        "due_text": text,
        "due_phrase": text,
        "due_start": start,
        "due_end": end,
        "due_precision": precision,
    }


Q3_2026 = due_in(date(2026, 7, 1), date(2026, 9, 30), "in het derde kwartaal", Precision.QUARTER)
Q4_2026 = due_in(date(2026, 10, 1), date(2026, 12, 31), "eind dit jaar", Precision.QUARTER)
Q1_2027 = due_in(date(2027, 1, 1), date(2027, 3, 31), "Q1-2027", Precision.QUARTER)


def close(
    session: Session, commitment: KamerCommitment, status: CommitmentStatus, doc: str
) -> None:
    record_status_change(
        session,
        commitment,
        status,
        changed_by="Secretariaat Test",
        via=RecordedVia.FORM,
        document_id=document(session, doc).id,
        reason="In de brief gestand gedaan.",
        effective_date=date(2026, 4, 1),
    )
    session.commit()
