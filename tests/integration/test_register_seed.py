"""The Kamer register from the seed: status history, deadlines in the year of their document,
document references."""

from datetime import date
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from sqlmodel import Session, col, select

from app.domain.commitments import (
    StatusChangeError,
    due_date,
    is_overdue,
    record_status_change,
)
from app.models import (
    CommitmentStatus,
    HistoryIsAppendOnly,
    KamerCommitment,
    KamerStatusWijziging,
    Kamerstuk,
    RecordedVia,
)
from app.seeding.load import LoadReport
from tests.integration.test_seed_load import edited_seed, load


def commitment(session: Session, key: str) -> KamerCommitment:
    return session.exec(select(KamerCommitment).where(KamerCommitment.key == key)).one()


def history(session: Session, key: str) -> list[tuple[str | None, str, str | None]]:
    rows = session.exec(
        select(KamerStatusWijziging, Kamerstuk.key)
        .join(KamerCommitment, col(KamerCommitment.id) == KamerStatusWijziging.commitment_id)
        .outerjoin(Kamerstuk, col(Kamerstuk.id) == KamerStatusWijziging.document_id)
        .where(KamerCommitment.key == key)
        .order_by(col(KamerStatusWijziging.id))
    ).all()
    return [(h.old_status, h.new_status, doc) for h, doc in rows]


def test_every_seeded_commitment_starts_its_history(session: Session, seeded: LoadReport) -> None:
    commitments = session.exec(select(KamerCommitment)).all()
    entries = session.exec(select(KamerStatusWijziging)).all()
    # One entry each, plus the earlier statuses two items carry (status_geschiedenis).
    assert len(entries) == len(commitments) + 2 > 30
    first: dict[int, KamerStatusWijziging] = {}
    last: dict[int, KamerStatusWijziging] = {}
    for e in sorted(entries, key=lambda e: e.id or 0):
        first.setdefault(e.commitment_id, e)
        last[e.commitment_id] = e
    for c in commitments:
        assert c.id is not None
        assert first[c.id].old_status is None
        assert (last[c.id].new_status, last[c.id].document_id) == (c.status, c.status_source_id)
        assert {first[c.id].recorded_via, last[c.id].recorded_via} == {RecordedVia.SEED}
    assert history(session, "tz-2024-slimmere-inkoopcycli") == [
        (None, "gestand_gedaan", "nota-2026-03-23")
    ]


@pytest.mark.parametrize(
    ("key", "steps"),
    [
        (
            "tz-2026-werkagenda-e5",
            [
                (None, "open", "nota-2026-03-23"),
                ("open", "gestand_gedaan", "aanbiedingsbrief-werkagenda-2026"),
            ],
        ),
        (
            "tz-2025-voortgangsbrief-voorjaar-2026",
            [(None, "open", "nota-2026-03-23"), ("open", "gestand_gedaan", "kst-29477-969")],
        ),
    ],
)
def test_earlier_statuses_of_the_seed_come_first_in_the_history(
    session: Session, seeded: LoadReport, key: str, steps: list[tuple[str | None, str, str]]
) -> None:
    assert history(session, key) == steps
    opened = session.exec(
        select(KamerStatusWijziging)
        .join(KamerCommitment, col(KamerCommitment.id) == KamerStatusWijziging.commitment_id)
        .where(KamerCommitment.key == key)
        .order_by(col(KamerStatusWijziging.id))
    ).first()
    assert opened is not None and opened.effective_date == date(2026, 3, 23)
    assert "23 maart 2026" in opened.reason


def test_a_history_step_added_later_does_not_rewrite_an_existing_history(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    key = "tz-2026-herziening-wgp-gvs"
    old = '    termijn: "voor de zomer 2026"\n    status: open\n'
    step = "    status_geschiedenis:\n      - status: open\n        bron: kv-2026Z03383\n"
    path = edited_seed(tmp_path, old, old.replace("    status: open", step + "    status: open"))
    assert "Geen wijzigingen" in load(runner, "--file", str(path))
    assert history(session, key) == [(None, "open", None)]


def test_a_changed_status_in_the_seed_is_appended_not_rewritten(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    key = "tz-2026-herziening-wgp-gvs"
    old = f"  - key: {key}\n"
    text = edited_seed(tmp_path, old, old).read_text(encoding="utf-8")
    start = text.index(old)
    end = text.index("    status: open\n", start)
    text = (
        text[:end]
        + "    status: gestand_gedaan\n    status_bron: nota-2026-03-23\n"
        + text[end + len("    status: open\n") :]
    )
    path = tmp_path / "werkagenda.yaml"
    path.write_text(text, encoding="utf-8")

    output = load(runner, "--file", str(path))

    assert f"toezegging {key}, status: open → gestand_gedaan" in output
    session.expire_all()
    assert history(session, key) == [
        (None, "open", None),
        ("open", "gestand_gedaan", "nota-2026-03-23"),
    ]
    assert commitment(session, key).status == CommitmentStatus.GESTAND_GEDAAN
    # Loading the same file again adds nothing.
    assert "Geen wijzigingen" in load(runner, "--file", str(path))
    assert len(history(session, key)) == 2


def test_deadline_as_written_takes_the_year_of_its_document(
    session: Session, seeded: LoadReport
) -> None:
    # "dit voorjaar" stands in the nota of March 2026, though the promise dates from 2025.
    item = commitment(session, "tz-2025-planning-evaluatie-preferentiebeleid")
    assert (item.due_text, item.due_start, item.due_end) == (
        "dit voorjaar",
        date(2026, 3, 1),
        date(2026, 5, 31),
    )


def test_documents_carry_their_normal_reference(session: Session, seeded: LoadReport) -> None:
    refs = dict(session.exec(select(Kamerstuk.key, Kamerstuk.reference)).all())
    assert refs["kst-29477-969"] == "29477-969"
    assert refs["kst-29477-776"] == "29477-776"  # filed under the first of three dossiers
    assert refs["kv-2026Z03383"] == "2026Z03383"
    assert refs["nota-2026-03-23"] is None


def test_two_citations_of_one_kamerstuk_are_refused(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    path = edited_seed(
        tmp_path,
        '    citatie: "Kamerstuk 21 501-31, nr. 693"',
        '    citatie: "Kamerstukken II, 2025-2026, 29477, nr. 969"',
    )
    result = runner.invoke(args=["seed", "load", "--file", str(path)])
    assert result.exit_code != 0
    assert "document 29477-969 staat er al als 'kst-29477-969'" in result.output
    assert session.exec(select(Kamerstuk)).all() == []


def test_a_status_change_needs_a_document_to_close_and_is_append_only(
    session: Session, seeded: LoadReport
) -> None:
    motie = commitment(session, "mt-evaluatie-preferentiebeleid")  # open
    with pytest.raises(StatusChangeError, match="Kies het document"):
        record_status_change(
            session,
            motie,
            CommitmentStatus.AFGEDAAN,
            changed_by="Secretariaat",
            via=RecordedVia.FORM,
        )
    document = session.exec(select(Kamerstuk).where(Kamerstuk.key == "nota-2026-03-23")).one()
    entry = record_status_change(
        session,
        motie,
        CommitmentStatus.AFGEDAAN,
        changed_by="Secretariaat",
        via=RecordedVia.FORM,
        document_id=document.id,
        reason="Afgedaan met de voortgangsbrief.",
    )
    session.commit()
    assert (entry.old_status, motie.status, motie.status_source_id) == (
        CommitmentStatus.OPEN,
        CommitmentStatus.AFGEDAAN,
        document.id,
    )
    assert history(session, motie.key)[-1] == ("open", "afgedaan", "nota-2026-03-23")
    with pytest.raises(StatusChangeError, match="niets gewijzigd"):
        record_status_change(
            session,
            motie,
            CommitmentStatus.AFGEDAAN,
            changed_by="Secretariaat",
            via=RecordedVia.FORM,
            document_id=document.id,
        )
    entry.reason = "Herschreven"
    with pytest.raises(HistoryIsAppendOnly):
        session.commit()
    session.rollback()


@pytest.mark.parametrize(
    ("status", "fulfil_by", "due_end", "overdue"),
    [
        (CommitmentStatus.OPEN, None, date(2026, 9, 30), True),
        (CommitmentStatus.DEELS, None, date(2026, 9, 30), True),
        (CommitmentStatus.OPEN, None, date(2026, 12, 31), False),
        (CommitmentStatus.OPEN, None, None, False),  # no deadline: never overdue
        (CommitmentStatus.GESTAND_GEDAAN, None, date(2026, 9, 30), False),
        (CommitmentStatus.VERVALLEN, None, date(2026, 9, 30), False),
        # The Kamer's DatumNakoming wins over the deadline as written.
        (CommitmentStatus.OPEN, date(2027, 1, 31), date(2026, 9, 30), False),
        (CommitmentStatus.OPEN, date(2026, 11, 1), date(2026, 12, 31), True),
    ],
)
def test_overdue(
    status: CommitmentStatus, fulfil_by: date | None, due_end: date | None, overdue: bool
) -> None:
    item = KamerCommitment(
        kind="toezegging", key="x", text="x", status=status, fulfil_by=fulfil_by, due_end=due_end
    )
    assert due_date(item) == (fulfil_by or due_end)
    assert is_overdue(item, date(2026, 12, 2)) is overdue
