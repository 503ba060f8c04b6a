"""The one commitments table keeps the Kamer's distinctions, and progress sources stay unique."""

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.models import (
    Afspraak,
    CommitmentKind,
    CommitmentStatus,
    CommitmentVenue,
    KamerCommitment,
    RecordedVia,
    import_ref,
)
from app.seeding.load import LoadReport
from tests.factories import make_voortgang


def commitment(kind: CommitmentKind, key: str, **fields: object) -> KamerCommitment:
    return KamerCommitment(
        kind=kind, key=key, text="Tekst.", status=CommitmentStatus.OPEN, **fields
    )


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (CommitmentKind.TOEZEGGING, {"kamerstuk_number": "29477-969"}),
        (CommitmentKind.MOTIE, {"made_to": "de Kamer"}),
        (CommitmentKind.MOTIE, {"made_in": CommitmentVenue.DEBAT}),
    ],
)
def test_fields_of_one_kind_are_refused_on_the_other(
    session: Session, kind: CommitmentKind, fields: dict[str, object]
) -> None:
    session.add(commitment(kind, "tz-verkeerd", **fields))
    with pytest.raises(sa.exc.IntegrityError):
        session.flush()


def test_each_kind_keeps_its_own_fields(session: Session) -> None:
    session.add_all(
        [
            commitment(CommitmentKind.MOTIE, "mt-eigen", kamerstuk_number="29477-969"),
            commitment(
                CommitmentKind.TOEZEGGING,
                "tz-eigen",
                made_to="lid Bushoff",
                made_in=CommitmentVenue.DEBAT,
                tk_number="TZ202603-130",
            ),
        ]
    )
    session.commit()
    session.expire_all()
    rows = session.exec(
        select(KamerCommitment).where(col(KamerCommitment.key).in_(["mt-eigen", "tz-eigen"]))
    )
    stored = {c.key: c for c in rows}
    assert stored["mt-eigen"].kamerstuk_number == "29477-969"
    assert (stored["tz-eigen"].made_in, stored["tz-eigen"].tk_number) == (
        CommitmentVenue.DEBAT,
        "TZ202603-130",
    )


def test_the_same_import_row_cannot_be_recorded_twice(session: Session, seeded: LoadReport) -> None:
    afspraak_id = session.exec(select(Afspraak.id).where(Afspraak.code == "3")).one()
    assert afspraak_id is not None
    row = {"recorded_via": RecordedVia.IMPORT, "recorded_ref": import_ref("voortgang.xlsx", 12)}
    make_voortgang(session, afspraak_id=afspraak_id, **row)
    with pytest.raises(sa.exc.IntegrityError):
        make_voortgang(session, afspraak_id=afspraak_id, **row)
