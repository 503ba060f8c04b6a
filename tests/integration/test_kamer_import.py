"""`flask kamer import`: Tweede Kamer open data (OData v4 Toezegging entities) into the register."""

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from sqlmodel import Session, col, func, select

from app.domain.commitments import record_status_change
from app.models import (
    CommitmentRelationKind,
    CommitmentStatus,
    CommitmentVenue,
    KamerCommitment,
    KamerCommitmentRelation,
    KamerStatusWijziging,
    Kamerstuk,
    PlanWijziging,
    RecordedVia,
)
from app.seeding.load import LoadReport

FIXTURE = Path(__file__).parent.parent / "fixtures" / "opendata" / "toezeggingen.json"
TABLES = (KamerCommitment, KamerStatusWijziging, PlanWijziging, Kamerstuk, KamerCommitmentRelation)


def counts(session: Session) -> dict[str, int]:
    return {m.__name__: session.exec(select(func.count()).select_from(m)).one() for m in TABLES}


def commitment(session: Session, key: str) -> KamerCommitment:
    return session.exec(select(KamerCommitment).where(KamerCommitment.key == key)).one()


def run(runner: FlaskCliRunner, path: Path, *args: str) -> str:
    result = runner.invoke(args=["kamer", "import", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_dry_run_shows_new_changed_and_unchanged_and_records_nothing(
    runner: FlaskCliRunner, session: Session, seeded: LoadReport
) -> None:
    before = counts(session)
    output = run(runner, FIXTURE)
    assert output.startswith("Proefdraai: er is niets opgeslagen.")
    assert "Nieuw: toezegging tz-202604-012 (TZ202604-012): 'De minister zegt toe" in output
    assert "Nieuw document: kst-29477-1001 (Kamerstuk 29 477, nr. 1001)" in output
    # Matched by its text (other quotes, case, punctuation), so it gets the Kamer's number.
    assert (
        "Gewijzigd: toezegging tz-2026-herziening-wgp-gvs, nummer (open data): (leeg) → "
        "'TZ202604-001'"
    ) in output
    assert "tz-2026-herziening-wgp-gvs, datum nakoming: (leeg) → '2026-06-30'" in output
    assert (
        "Gewijzigd: toezegging tz-2026-voortgangsbrief-q1-2027, status: open → gestand_gedaan "
        "(document kst-29477-1001)"
    ) in output
    assert "tz-202604-013 is aanvulling op tz-202604-012" in output
    assert "tz-202604-013 is herhaling van tz-2026-herziening-wgp-gvs" in output
    # Item 3 (text only, no Nummer) and item 5 (the same letter as the seed's) change nothing.
    assert "Ongewijzigd: 2 toezegging(en)." in output
    assert "item 7 (TZ202604-014): overgeslagen, in de open data verwijderd" in output
    assert "item 8 (2026Z01234): overgeslagen, een Zaak (Soort Motie)" in output
    assert counts(session) == before
    assert commitment(session, "tz-2026-herziening-wgp-gvs").tk_number is None


def test_commit_records_rows_history_and_sources(
    runner: FlaskCliRunner, session: Session, seeded: LoadReport
) -> None:
    before = counts(session)
    output = run(runner, FIXTURE, "--commit")
    assert output.startswith("Vastgelegd uit toezeggingen.json:")
    new = commitment(session, "tz-202604-012")
    assert (new.tk_number, new.status, new.fulfil_by.isoformat() if new.fulfil_by else None) == (
        "TZ202604-012",
        CommitmentStatus.OPEN,
        "2026-07-01",
    )
    assert new.made_to == "lid Coenradie (JA21)"
    assert (new.made_in, new.debate_number) == (CommitmentVenue.DEBAT, "2026A01894")
    assert new.promised_by == "Hermans, S.T.M., minister van Volksgezondheid, Welzijn en Sport"
    assert new.ministry == "Volksgezondheid, Welzijn en Sport"

    matched = commitment(session, "tz-2026-herziening-wgp-gvs")
    assert matched.tk_number == "TZ202604-001"
    assert matched.text.startswith("U zegt toe de Kamer voor de zomer")  # the seed's words stay
    edits = session.exec(
        select(PlanWijziging)
        .where(PlanWijziging.entity_key == matched.key)
        .order_by(col(PlanWijziging.id))
    ).all()
    assert [(e.field, e.old_value, e.new_value) for e in edits] == [
        ("tk_number", None, "TZ202604-001"),
        ("fulfil_by", None, "2026-06-30"),
        ("ministry", "", "Volksgezondheid, Welzijn en Sport"),
        ("promised_by", "", "Hermans, S.T.M., minister van Volksgezondheid, Welzijn en Sport"),
    ]
    assert {(e.changed_by, e.entity) for e in edits} == {("flask kamer import", "toezegging")}
    assert all("toezeggingen.json" in e.reason for e in edits)

    kept = commitment(session, "tz-2026-voortgangsbrief-q1-2027")
    letter = session.exec(select(Kamerstuk).where(Kamerstuk.reference == "29477-1001")).one()
    assert (kept.status, kept.status_source_id) == (CommitmentStatus.GESTAND_GEDAAN, letter.id)
    assert letter.document_date is not None and letter.document_date.isoformat() == "2027-02-15"
    entry = session.exec(
        select(KamerStatusWijziging)
        .where(KamerStatusWijziging.commitment_id == kept.id)
        .order_by(col(KamerStatusWijziging.id).desc())
    ).first()
    assert entry is not None
    assert (entry.old_status, entry.new_status, entry.recorded_via, entry.recorded_ref) == (
        CommitmentStatus.OPEN,
        CommitmentStatus.GESTAND_GEDAAN,
        RecordedVia.OPEN_DATA,
        "toezeggingen.json:TZ202604-002:Voldaan",
    )
    assert entry.changed_by == "flask kamer import"

    supplement = commitment(session, "tz-202604-013")
    relations = session.exec(
        select(KamerCommitmentRelation.kind, KamerCommitment.key)
        .join(KamerCommitment, col(KamerCommitment.id) == KamerCommitmentRelation.related_id)
        .where(KamerCommitmentRelation.commitment_id == supplement.id)
    ).all()
    assert set(relations) == {
        (CommitmentRelationKind.AANVULLING, "tz-202604-012"),
        (CommitmentRelationKind.HERHALING, "tz-2026-herziening-wgp-gvs"),
    }
    after = counts(session)
    assert after["KamerCommitment"] == before["KamerCommitment"] + 2  # items 1 and 6
    assert after["Kamerstuk"] == before["Kamerstuk"] + 1
    # Two first entries for the new ones, one change for item 4.
    assert after["KamerStatusWijziging"] == before["KamerStatusWijziging"] + 3


def test_importing_the_same_file_twice_records_nothing_the_second_time(
    runner: FlaskCliRunner, session: Session, seeded: LoadReport
) -> None:
    run(runner, FIXTURE, "--commit")
    before = counts(session)
    output = run(runner, FIXTURE, "--commit")
    assert "Geen wijzigingen: het register komt overeen met het bestand." in output
    assert "Ongewijzigd: 6 toezegging(en)." in output
    assert counts(session) == before


def test_an_old_file_does_not_undo_a_correction_made_in_the_register(
    runner: FlaskCliRunner, session: Session, seeded: LoadReport
) -> None:
    run(runner, FIXTURE, "--commit")
    kept = commitment(session, "tz-2026-voortgangsbrief-q1-2027")
    record_status_change(
        session, kept, CommitmentStatus.OPEN, changed_by="Secretariaat", via=RecordedVia.FORM
    )
    session.flush()
    run(runner, FIXTURE, "--commit")
    session.refresh(kept)
    assert kept.status == CommitmentStatus.OPEN


def write(tmp_path: Path, data: Any, name: str = "export.json") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data)
    path.write_text(text, encoding="utf-8")
    return path


def entity(**fields: Any) -> dict[str, Any]:
    return {"Nummer": "TZ202605-001", "Tekst": "Een toezegging.", "Status": "Openstaand"} | fields


GOOD = entity(Nummer="TZ202605-002", Tekst="Een goede toezegging.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{niet: json", "het bestand is geen geldige JSON (regel 1, kolom 2"),
        ({"@odata.context": "x", "waarde": []}, "geen OData-export: het bestand moet een object"),
        ([GOOD], "lijst 'value'"),
        ({"value": [GOOD, entity(Tekst="  ")]}, "item 2 (TZ202605-001): 'Tekst' ontbreekt"),
        (
            {"value": [GOOD, entity(DatumNakoming="31-12-2026")]},
            "item 2 (TZ202605-001): 'DatumNakoming' '31-12-2026' is geen datum; "
            "schrijf bijvoorbeeld 2026-06-30",
        ),
        (
            {"value": [GOOD, entity(DatumNakoming="2026-02-30")]},
            "'DatumNakoming' '2026-02-30' bestaat niet als datum",
        ),
        (
            {"value": [GOOD, entity(Status="Uitgesteld")]},
            "item 2 (TZ202605-001): onbekende 'Status' 'Uitgesteld'; bekend zijn 'Openstaand'",
        ),
        ({"value": [GOOD, 7]}, "item 2: geen object met velden maar int"),
        (
            {"value": [GOOD, entity(Nummer="TZ202605-002")]},
            "item 2 (TZ202605-002): Nummer TZ202605-002 staat ook bij item 1",
        ),
        (
            {"value": [GOOD, entity(KamerbriefNakoming="de brief van vorige week")]},
            "'KamerbriefNakoming' noemt geen herkenbaar Kamerstuk",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_changes_nothing(
    runner: FlaskCliRunner,
    session: Session,
    seeded: LoadReport,
    tmp_path: Path,
    data: Any,
    message: str,
) -> None:
    before = counts(session)
    result = runner.invoke(args=["kamer", "import", str(write(tmp_path, data)), "--commit"])
    assert result.exit_code == 1
    assert "export.json is niet ingelezen" in result.output
    assert message in result.output
    assert "Er is niets gewijzigd." in result.output
    assert "Traceback" not in result.output
    assert counts(session) == before


def test_a_binary_or_missing_file_gets_a_message(
    runner: FlaskCliRunner, session: Session, seeded: LoadReport, tmp_path: Path
) -> None:
    binary = tmp_path / "export.json"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    result = runner.invoke(args=["kamer", "import", str(binary)])
    assert result.exit_code == 1
    assert "het bestand is geen tekst (UTF-8)" in result.output
    result = runner.invoke(args=["kamer", "import", str(tmp_path / "weg.json")])
    assert result.exit_code == 1
    assert "weg.json is niet ingelezen" in result.output
    assert "kan niet worden gelezen" in result.output


def test_a_text_that_fits_two_toezeggingen_is_refused(
    runner: FlaskCliRunner, session: Session, seeded: LoadReport, tmp_path: Path
) -> None:
    twin = commitment(session, "tz-2026-data-uitwisseling")
    session.add(
        KamerCommitment(
            kind=twin.kind, key="tz-tweeling", text=twin.text + " ", status=CommitmentStatus.OPEN
        )
    )
    session.flush()
    before = counts(session)
    path = write(tmp_path, {"value": [{"Tekst": twin.text.upper(), "Status": "Openstaand"}]})
    result = runner.invoke(args=["kamer", "import", str(path), "--commit"])
    assert result.exit_code == 1
    assert "item 1 (zonder Nummer): de tekst past bij meer dan één toezegging" in result.output
    assert "tz-2026-data-uitwisseling" in result.output and "tz-tweeling" in result.output
    assert counts(session) == before


def test_closing_without_a_letter_is_reported_not_recorded(
    runner: FlaskCliRunner, session: Session, seeded: LoadReport, tmp_path: Path
) -> None:
    open_one = commitment(session, "tz-2026-data-uitwisseling")
    path = write(
        tmp_path, {"value": [entity(Nummer="TZ202605-009", Tekst=open_one.text, Status="Voldaan")]}
    )
    output = run(runner, path, "--commit")
    assert "status 'Voldaan' niet overgenomen voor tz-2026-data-uitwisseling" in output
    assert "noemt geen KamerbriefNakoming" in output
    session.refresh(open_one)
    assert (open_one.status, open_one.tk_number) == (CommitmentStatus.OPEN, "TZ202605-009")
