"""The public projection of the seeded Werkagenda and register: every item converts."""

from datetime import date

from sqlmodel import Session, select

from app.afspraken.queries import load_werkagenda
from app.models import KamerCommitment, KamerStatusWijziging, Kamerstuk
from app.public import project
from app.seeding.load import LoadReport

TODAY = date(2026, 12, 2)


def test_every_afspraak_and_mijlpaal_projects(session: Session, seeded: LoadReport) -> None:
    werkagenda = load_werkagenda(session=session, today=TODAY)
    afspraken = [project.afspraak(view, werkagenda) for view in werkagenda.afspraken]
    assert [a.code for a in afspraken][:3] == ["1", "2", "3"]
    five = next(a for a in afspraken if a.code == "5")
    assert five.sub_afspraken == ["5a", "5b", "5c", "5d", "5e", "5f"]
    mijlpalen = [project.mijlpaal(m) for view in werkagenda.afspraken for m in view.mijlpalen]
    assert len(mijlpalen) == 47
    assert sum(1 for m in mijlpalen if m.plan.end is not None) > 40
    assert any(m.overdue for m in mijlpalen)


def test_every_commitment_projects_with_its_history(session: Session, seeded: LoadReport) -> None:
    keys = {k.id: k.key for k in session.exec(select(Kamerstuk)) if k.id is not None}
    rows = session.exec(select(KamerCommitment)).all()
    out = [
        project.commitment(r, today=TODAY, afspraken=[], documents=[], document_keys=keys)
        for r in rows
    ]
    by_key = {c.key: c for c in out}
    # "in het derde kwartaal" of 2026 has passed and it is still open.
    assert by_key["tz-2026-vergoedingstermijnen-preferentiewissel"].overdue is True
    assert by_key["tz-2024-slimmere-inkoopcycli"].status_document == "nota-2026-03-23"
    history = [
        project.status_wijziging(h, keys) for h in session.exec(select(KamerStatusWijziging))
    ]
    # One entry per commitment, plus the two earlier statuses of status_geschiedenis in the seed.
    assert len(history) == len(rows) + 2
