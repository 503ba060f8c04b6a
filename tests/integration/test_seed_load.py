"""`flask seed load`: idempotent, updates in place, keeps history, explains bad files."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskCliRunner
from sqlmodel import Session, col, func, select

from app.db import including_removed
from app.models import (
    Activiteit,
    ActiviteitPartij,
    Afhankelijkheid,
    Afspraak,
    AfspraakPartij,
    HistoryIsAppendOnly,
    KamerCommitment,
    Mijlpaal,
    Partij,
    PlanWijziging,
    RecordedVia,
    Rol,
    Voortgang,
)
from app.seeding.load import LoadReport
from tests.conftest import SEED_FILE
from tests.factories import find_mijlpaal

TABLES = (Partij, Afspraak, Mijlpaal, KamerCommitment, Voortgang)


def counts(session: Session) -> dict[str, int]:
    return {m.__name__: session.exec(select(func.count()).select_from(m)).one() for m in TABLES}


def edited_seed(tmp_path: Path, old: str, new: str) -> Path:
    text = SEED_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"expected {old!r} once in the seed"
    path = tmp_path / "werkagenda.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def load(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=["seed", "load", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_first_load_reports_what_it_created(runner: FlaskCliRunner, session: Session) -> None:
    output = load(runner)
    assert "Nieuw: 38 partijen" in output
    assert "17 afspraken, 75 activiteiten, 47 mijlpalen" in output
    assert counts(session)["Afspraak"] == 17


def test_second_load_changes_nothing(runner: FlaskCliRunner, session: Session) -> None:
    load(runner)
    before = counts(session)
    output = load(runner)
    assert "Geen wijzigingen" in output
    assert counts(session) == before
    assert session.exec(select(func.count()).select_from(PlanWijziging)).one() == 0


def test_a_reseed_that_changes_nothing_writes_nothing(
    runner: FlaskCliRunner, connection: sa.Connection
) -> None:
    load(runner)
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    sa.event.listen(connection, "before_cursor_execute", record)
    try:
        load(runner)
    finally:
        sa.event.remove(connection, "before_cursor_execute", record)

    assert "SELECT" in statements
    assert [s for s in statements if s in {"INSERT", "UPDATE", "DELETE"}] == []


def test_edited_title_updates_the_row_in_place_and_keeps_the_old_value(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    row = session.exec(select(Afspraak).where(Afspraak.code == "5a")).one()
    original_id = row.id
    path = edited_seed(
        tmp_path, "titel: Uniforme definities", "titel: Uniforme definities van tekorten"
    )

    output = load(runner, "--file", str(path))

    assert (
        "Gewijzigd: afspraak 5a, titel: 'Uniforme definities' → 'Uniforme definities van tekorten'"
        in output
    )
    session.expire_all()
    row = session.exec(select(Afspraak).where(Afspraak.code == "5a")).one()
    assert (row.id, row.title) == (original_id, "Uniforme definities van tekorten")
    change = session.exec(select(PlanWijziging).where(PlanWijziging.entity_key == "5a")).one()
    assert (change.field, change.old_value, change.new_value) == (
        "title",
        "Uniforme definities",
        "Uniforme definities van tekorten",
    )
    assert change.changed_by == "flask seed load"
    assert "werkagenda.yaml" in change.reason
    assert change.changed_at is not None


def test_moved_milestone_keeps_its_row_and_records_the_old_date(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    before = find_mijlpaal(session, "8", "Mijlpaal 3")
    path = edited_seed(tmp_path, '"1 januari 2029"', '"1 juli 2029"')
    output = load(runner, "--file", str(path))
    assert output.splitlines()[-2:] == [
        "Gewijzigd: mijlpaal 8/Mijlpaal 3, periode: '1 januari 2029' → '1 juli 2029'",
        "Gewijzigd: mijlpaal 8/Mijlpaal 3, uiterlijk: '2029-01-01' → '2029-07-01'",
    ]
    session.expire_all()
    after = find_mijlpaal(session, "8", "Mijlpaal 3")
    assert after.id == before.id
    assert after.due_date == date(2029, 7, 1)
    changes = {
        c.field: (c.old_value, c.new_value)
        for c in session.exec(
            select(PlanWijziging).where(PlanWijziging.entity_key == "8/Mijlpaal 3")
        )
    }
    assert changes["planned_text"] == ("1 januari 2029", "1 juli 2029")
    assert changes["planned_end"] == ("2029-01-01", "2029-07-01")


def test_dropped_milestone_is_marked_removed_not_deleted(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    text = SEED_FILE.read_text(encoding="utf-8")
    start = text.index("      - label: Mijlpaal 4\n")
    end = text.index("\n", text.index("periode:", start)) + 1
    path = tmp_path / "werkagenda.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")

    output = load(runner, "--file", str(path))

    assert "mijlpaal 4/Mijlpaal 4, verwijderd: (leeg) → '20" in output
    session.expire_all()
    with including_removed(session):  # reads hide removed rows unless told otherwise
        dropped = find_mijlpaal(session, "4", "Mijlpaal 4")
    assert dropped.removed_at is not None
    load(runner)  # put back
    session.expire_all()
    assert find_mijlpaal(session, "4", "Mijlpaal 4").removed_at is None


def test_reseed_never_deletes_or_rewrites_progress(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    seeded = session.exec(select(Voortgang).where(col(Voortgang.seed_key).is_not(None))).all()
    assert seeded, "the seed states progress facts"
    target = seeded[0]
    afspraak_id = target.afspraak_id
    session.add(
        Voortgang(
            afspraak_id=afspraak_id,
            recorded_by="knmp-lead",
            recorded_via=RecordedVia.FORM,
            effective_date=date(2026, 11, 1),
            public_text="Update van een partij.",
        )
    )
    session.commit()
    text_before = target.public_text

    path = edited_seed(tmp_path, f"key: {target.seed_key}\n", f"key: {target.seed_key}-renamed\n")
    load(runner, "--file", str(path))

    session.expire_all()
    kept = session.get(Voortgang, target.id)
    assert kept is not None and kept.public_text == text_before
    assert session.exec(select(Voortgang).where(Voortgang.recorded_by == "knmp-lead")).one()
    # The renamed entry was added as a new update; the old one stays.
    assert session.exec(
        select(Voortgang).where(Voortgang.seed_key == f"{target.seed_key}-renamed")
    ).one()


def test_changed_progress_text_is_reported_not_overwritten(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    target = session.exec(select(Voortgang).where(col(Voortgang.seed_key).is_not(None))).first()
    assert target is not None
    text = SEED_FILE.read_text(encoding="utf-8")
    block_start = text.index(f"key: {target.seed_key}\n")
    datum_at = text.index("datum: ", block_start)
    line_end = text.index("\n", datum_at)
    path = tmp_path / "werkagenda.yaml"
    path.write_text(text[:datum_at] + "datum: 2000-01-01" + text[line_end:], encoding="utf-8")

    output = load(runner, "--file", str(path))

    assert f"voortgang '{target.seed_key}' wijkt af" in output
    session.expire_all()
    assert session.get(Voortgang, target.id).effective_date == target.effective_date  # type: ignore[union-attr]


def test_dry_run_prints_changes_and_saves_nothing(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    path = edited_seed(tmp_path, "titel: Uniforme definities", "titel: Andere titel")
    output = load(runner, "--file", str(path), "--dry-run")
    assert "Proefdraai" in output
    assert "Gewijzigd: afspraak 5a, titel: 'Uniforme definities' → 'Andere titel'" in output
    session.expire_all()
    assert (
        session.exec(select(Afspraak.title).where(Afspraak.code == "5a")).one()
        == "Uniforme definities"
    )
    assert session.exec(select(func.count()).select_from(PlanWijziging)).one() == 0


def test_dry_run_on_empty_database_saves_nothing(runner: FlaskCliRunner, session: Session) -> None:
    output = load(runner, "--dry-run")
    assert "Nieuw: 38 partijen" in output
    assert counts(session)["Afspraak"] == 0


def test_if_empty_skips_a_filled_database(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    assert "Nieuw" in load(runner, "--if-empty")
    path = edited_seed(tmp_path, "titel: Uniforme definities", "titel: Andere titel")
    assert "niets geladen" in load(runner, "--if-empty", "--file", str(path))
    assert (
        session.exec(select(Afspraak.title).where(Afspraak.code == "5a")).one()
        == "Uniforme definities"
    )


def test_bad_file_is_refused_with_line_and_nothing_changes(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    before = counts(session)
    text = SEED_FILE.read_text(encoding="utf-8")
    title_line = next(
        line for line in text.splitlines() if line.strip() == "titel: Uniforme definities"
    )
    indent = title_line[: len(title_line) - len(title_line.lstrip())]
    path = edited_seed(tmp_path, title_line + "\n", f"{title_line}\n{indent}titel: Dubbel\n")
    path = edited_seed_text(path, '"1 januari 2029"', '"1 januari 20299"')

    result = runner.invoke(args=["seed", "load", "--file", str(path)])

    assert result.exit_code == 1
    assert "niet geladen" in result.output
    assert "sleutel 'titel' staat twee keer" in result.output
    assert "is niet geladen: 1 probleem" in result.output  # later checks wait for a readable file
    assert "Er is niets gewijzigd" in result.output
    assert counts(session) == before


def edited_seed_text(path: Path, old: str, new: str) -> Path:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


def test_unknown_period_in_real_seed_names_its_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = edited_seed(tmp_path, '"1 januari 2029"', '"1 januarie 2029"')
    line = next(
        i
        for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "1 januarie 2029" in text
    )
    result = runner.invoke(args=["seed", "load", "--file", str(path)])
    assert result.exit_code == 1
    assert f"werkagenda.yaml:{line}:" in result.output
    assert "'1 januarie 2029'" in result.output


def test_progress_rows_cannot_be_changed_or_deleted(session: Session, seeded: LoadReport) -> None:
    update = session.exec(select(Voortgang)).first()
    assert update is not None
    update.public_text = "herschreven"
    with pytest.raises(HistoryIsAppendOnly):
        session.flush()
    session.rollback()
    update = session.exec(select(Voortgang)).first()
    session.delete(update)
    with pytest.raises(HistoryIsAppendOnly):
        session.flush()


def _without_entry(text: str, key: str) -> str:
    """The seed text without the toezegging or motie `key` (up to the next entry)."""
    start = text.index(f"  - key: {key}\n")
    end = text.index("\n  - key: ", start + 1) + 1
    return text[:start] + text[end:]


def test_dropped_toezegging_and_motie_are_removed_under_their_own_kind(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    text = SEED_FILE.read_text(encoding="utf-8")
    for key in ("tz-2026-vergoedingstermijnen-preferentiewissel", "mt-bushoff-centraal-meldpunt"):
        text = _without_entry(text, key)
    path = tmp_path / "werkagenda.yaml"
    path.write_text(text, encoding="utf-8")

    output = load(runner, "--file", str(path))

    assert "toezegging tz-2026-vergoedingstermijnen-preferentiewissel, verwijderd" in output
    assert "motie mt-bushoff-centraal-meldpunt, verwijderd" in output
    session.expire_all()
    with including_removed(session):
        removed = session.exec(
            select(KamerCommitment.kind, PlanWijziging.entity)
            .join(PlanWijziging, PlanWijziging.entity_key == KamerCommitment.key)
            .where(
                col(KamerCommitment.removed_at).is_not(None), PlanWijziging.field == "removed_at"
            )
            .order_by(col(KamerCommitment.key))
        ).all()
    assert removed == [("motie", "motie"), ("toezegging", "toezegging")]


def test_seeded_progress_says_it_came_from_the_seed(session: Session, seeded: LoadReport) -> None:
    updates = session.exec(select(Voortgang)).all()
    assert updates
    assert {(u.recorded_via, u.recorded_ref == u.seed_key, u.recorded_by_id) for u in updates} == {
        (RecordedVia.SEED, True, None)
    }


NEW_AFSPRAAK = """\
  - code: "12"
    titel: Nieuwe afspraak
    tekst: Een afspraak die er bij een reseed bij komt.
    opsteller:
      partijen: [VWS]
    samen_met:
      partijen: [KNMP, {partij: ZN, noot: adviseert}]
    activiteiten:
      - nr: 1
        tekst: Eerste activiteit
        periode: Q1-2027
        partijen: [KNMP, VWS]
    mijlpalen:
      - label: A
        tekst: Eerste mijlpaal
        periode: Q2-2027
    subafspraken:
      - code: 12a
        titel: Nieuwe subafspraak
        tekst: Onder de nieuwe afspraak.
        opsteller:
          partijen: [KNMP]
        afhankelijkheden:
          - afspraak: "12"
            soort: randvoorwaarde
            toelichting: eerst de hoofdafspraak
"""
NEW_UPDATE = """\
  - key: vg-12-gestart
    afspraak: "12"
    mijlpaal: A
    datum: 2026-11-01
    tekst: Gestart.
"""


def test_rows_new_in_a_reseed_are_created_whole_and_linked(
    runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    load(runner)
    text = SEED_FILE.read_text(encoding="utf-8")
    text = text.replace("\ndocumenten:\n", "\n" + NEW_AFSPRAAK + "\ndocumenten:\n", 1)
    text = text.replace("\nvoortgang:\n", "\nvoortgang:\n" + NEW_UPDATE, 1)
    path = tmp_path / "werkagenda.yaml"
    path.write_text(text, encoding="utf-8")

    output = load(runner, "--file", str(path))

    assert output.splitlines()[0] == (
        "Nieuw: 2 afspraken, 1 activiteiten, 1 mijlpalen, 1 voortgangsberichten"
    )
    assert "Gewijzigd: afspraak 12" not in output  # creating a row is no change of it
    parent = session.exec(select(Afspraak).where(Afspraak.code == "12")).one()
    sub = session.exec(select(Afspraak).where(Afspraak.code == "12a")).one()
    assert (parent.parent_id, parent.position, sub.parent_id, sub.position) == (
        None,
        18,
        parent.id,
        19,
    )
    assert (sub.samen_met_note, sub.remarks, sub.removed_at) == ("", "", None)
    roles = session.exec(
        select(AfspraakPartij.role, Partij.code, AfspraakPartij.position, AfspraakPartij.note)
        .join(Partij, col(Partij.id) == AfspraakPartij.partij_id)
        .where(AfspraakPartij.afspraak_id == parent.id)
        .order_by(col(AfspraakPartij.role), col(AfspraakPartij.position))
    ).all()
    assert [tuple(r) for r in roles] == [
        (Rol.OPSTELLER, "VWS", 1, ""),
        (Rol.SAMEN_MET, "KNMP", 1, ""),
        (Rol.SAMEN_MET, "ZN", 2, "adviseert"),
    ]
    activiteit = session.exec(select(Activiteit).where(Activiteit.afspraak_id == parent.id)).one()
    assert (activiteit.number, activiteit.planned_text, activiteit.planned_end) == (
        1,
        "Q1-2027",
        date(2027, 3, 31),
    )
    partijen = session.exec(
        select(Partij.code)
        .join(ActiviteitPartij, col(ActiviteitPartij.partij_id) == Partij.id)
        .where(ActiviteitPartij.activiteit_id == activiteit.id)
        .order_by(col(Partij.code))
    ).all()
    assert partijen == ["KNMP", "VWS"]
    mijlpaal = find_mijlpaal(session, "12", "A")
    assert (mijlpaal.version, mijlpaal.planned_end, mijlpaal.created_at is not None) == (
        1,
        date(2027, 6, 30),
        True,
    )
    dependency = session.exec(
        select(Afhankelijkheid).where(Afhankelijkheid.afspraak_id == sub.id)
    ).one()
    assert (dependency.depends_on_id, dependency.kind, dependency.explanation) == (
        parent.id,
        "randvoorwaarde",
        "eerst de hoofdafspraak",
    )
    update = session.exec(select(Voortgang).where(Voortgang.seed_key == "vg-12-gestart")).one()
    assert (update.mijlpaal_id, update.recorded_via, update.internal_note) == (
        mijlpaal.id,
        RecordedVia.SEED,
        "",
    )
    assert update.recorded_at is not None
    changes = session.exec(
        select(PlanWijziging).where(col(PlanWijziging.entity_key).in_(["12", "12a", "12/1"]))
    ).all()
    assert changes == []
    assert "Geen wijzigingen" in load(runner, "--file", str(path))
