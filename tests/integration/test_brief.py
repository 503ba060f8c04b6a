"""The voortgangsbrief input: reporting rounds, the as-of read, the Word file, HTML and CLI.

The seed is loaded when the test run starts, so a cut-off from today on sees it; what a test adds
"later" is stamped days after that cut-off.
"""

import html
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlmodel import Session, select

from app.clock import AMSTERDAM
from app.domain.commitments import record_status_change
from app.models import (
    AccountRole,
    CommitmentStatus,
    KamerCommitment,
    Kamerstuk,
    PlanWijziging,
    Rapportageronde,
    RecordedVia,
)
from app.rounds.as_of import earlier_as_of, end_of_day, werkagenda_as_of
from app.rounds.queries import brief_for
from app.seeding.load import LoadReport
from reports.brief_content import Earlier
from reports.dutch import day
from tests.conftest import AuthActions
from tests.factories import find_mijlpaal, make_user, make_voortgang

SECRET = "GEHEIM-INTERN-NOTITIE-7f3a91"
TODAY = datetime.now(AMSTERDAM).date()  # the day the seed was loaded, where the app lives
PREVIOUS = TODAY  # the previous round: the seed as loaded
CUTOFF = TODAY + timedelta(days=30)
BETWEEN = datetime.now(UTC) + timedelta(days=2)  # recorded between the two cut-offs
AFTER = end_of_day(CUTOFF) + timedelta(hours=1)  # recorded after the cut-off day ended
FULFILLED = "tz-2026-herziening-wgp-gvs"  # open in the seed
ALREADY_CLOSED = "tz-2026-werkagenda-e5"  # gestand gedaan in the seed: not again in this brief
CODES = [
    "1",
    "2",
    "3",
    "4",
    "5",
    "5a",
    "5b",
    "5c",
    "5d",
    "5e",
    "5f",
    "6",
    "7",
    "8",
    "9",
    "10",
    "11",
]
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _commitment(session: Session, key: str) -> KamerCommitment:
    return session.exec(select(KamerCommitment).where(KamerCommitment.key == key)).one()


def _between_rounds(session: Session) -> None:
    """Progress with an internal note and a fulfilled toezegging, both after the previous round."""
    m = find_mijlpaal(session, "3", "A")
    update = make_voortgang(
        session,
        afspraak_id=m.afspraak_id,
        mijlpaal_id=m.id,
        effective_date=TODAY + timedelta(days=2),
        recorded_at=BETWEEN,
        public_text="De werkgroep heeft de zesde bijeenkomst gehouden.",
        internal_note=SECRET,
        reached_on=TODAY + timedelta(days=2),
    )
    assert update.id
    letter = session.exec(select(Kamerstuk).where(Kamerstuk.key == "nota-2026-03-23")).one()
    entry = record_status_change(
        session,
        _commitment(session, FULFILLED),
        CommitmentStatus.GESTAND_GEDAAN,
        changed_by="test",
        via=RecordedVia.FORM,
        document_id=letter.id,
        effective_date=TODAY + timedelta(days=3),
    )
    entry.changed_at = BETWEEN
    session.add(Rapportageronde(name="Vorige ronde", cutoff=PREVIOUS, opened_by="test"))
    session.add(Rapportageronde(name="Voortgangsbrief test", cutoff=CUTOFF, opened_by="test"))
    session.commit()


def _text(document: docx.document.Document) -> list[str]:
    lines = [f"{p.style.name}|{p.text}" for p in document.paragraphs]
    for table in document.tables:
        lines += ["|".join(cell.text for cell in row.cells) for row in table.rows]
    return lines


def _xml(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


def _generate(session: Session) -> bytes:
    return brief_for(CUTOFF, session=session, generated_on=TODAY).docx()


def test_brief_docx_has_table_headings_dutch_dates_and_the_fulfilled_toezegging(
    session: Session, seeded: LoadReport
) -> None:
    _between_rounds(session)
    data = _generate(session)
    document = docx.Document(BytesIO(data))
    lines = _text(document)
    text = "\n".join(lines)

    table = document.tables[0]
    assert table.style is not None and table.style.name == "Table Grid"
    assert [c.text for c in table.rows[0].cells] == ["Afspraak", "Status", "Voortgang"]
    assert [row.cells[0].text.split(".")[0] for row in table.rows[1:]] == CODES
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert (
        "Heading 1",
        "Afspraak 5. Goed afgestemde en snelle reactie op (dreigende) tekorten",
    ) in [
        (style, t[: len("Afspraak 5. Goed afgestemde en snelle reactie op (dreigende) tekorten")])
        for style, t in headings
    ]
    assert {t.split(".")[0] for s, t in headings if s == "Heading 2"} == {
        f"Afspraak 5{x}" for x in "abcdef"
    }
    assert {t.split(".")[0] for s, t in headings if s == "Heading 1"} >= {
        f"Afspraak {c}" for c in CODES if not c.startswith("5") or c == "5"
    }

    stated = document.paragraphs[1].text
    assert stated == (
        f"Rapportageronde: Voortgangsbrief test. Peildatum: {day(CUTOFF)}. "
        f"Gegenereerd op {day(TODAY)}."
    )
    assert day(CUTOFF).split()[1] in {
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december",
    }  # fmt: skip
    assert not ISO_DATE.search(text), ISO_DATE.findall(text)[:5]

    # Reached since the previous round, with its public text; the internal note nowhere.
    assert f"Mijlpaal A is bereikt op {day(TODAY + timedelta(days=2))}" in text
    assert "De werkgroep heeft de zesde bijeenkomst gehouden." in text
    assert SECRET not in _xml(data)

    kamer = text[text.index("U doet de volgende toezeggingen in deze brief gestand:") :]
    fulfilled = kamer[: kamer.index("U doet de volgende moties af:")]
    assert _commitment(session, FULFILLED).text in fulfilled
    assert _commitment(session, ALREADY_CLOSED).text not in fulfilled
    assert "Er zijn geen moties afgedaan in deze periode." in kamer

    # Overdue without an update: flagged for the author and still listed under its afspraak.
    assert any(line.startswith("Normal|Let op: ") for line in lines)
    assert "Let op: Mijlpaal A van afspraak 1 " in text
    assert "Mijlpaal A (gepland Q2-2026) is te laat (uiterlijk 30 juni 2026)." in text

    footer = _xml(data)
    assert "PAGE" in footer and "NUMPAGES" in footer and 'w:fldCharType="begin"' in footer


def test_the_same_cutoff_gives_the_same_content_after_later_changes(
    session: Session, seeded: LoadReport
) -> None:
    _between_rounds(session)
    before = _text(docx.Document(BytesIO(_generate(session))))

    m = find_mijlpaal(session, "1", "C")
    # About a day before the cut-off, but typed in after it: it counts for the next round.
    make_voortgang(
        session,
        afspraak_id=m.afspraak_id,
        mijlpaal_id=m.id,
        effective_date=CUTOFF - timedelta(days=1),
        recorded_at=AFTER,
        public_text="Later gemeld: C is verschoven.",
        forecast_text="Q4-2027",
        forecast_start=date(2027, 10, 1),
        forecast_end=date(2027, 12, 31),
    )
    # A plan edit and a removal after the cut-off: undone in the as-of read.
    old, old_text = m.planned_text, m.text
    m.planned_text, m.text = "Q1-2028", "Nieuwe tekst na de peildatum."
    session.add(m)
    for field, old_value, new_value in (
        ("planned_text", old, "Q1-2028"),
        ("text", old_text, "Nieuwe tekst na de peildatum."),
    ):
        session.add(
            PlanWijziging(
                changed_at=AFTER,
                changed_by="test",
                reason="na de peildatum",
                entity="mijlpaal",
                entity_key="1/C",
                field=field,
                old_value=old_value,
                new_value=new_value,
            )
        )
    session.commit()
    entry = record_status_change(
        session,
        _commitment(session, "tz-evaluatie-preferentiebeleid-uitkomsten"),
        CommitmentStatus.VERVALLEN,
        changed_by="test",
        via=RecordedVia.FORM,
    )
    entry.changed_at = AFTER
    session.commit()

    after = _text(docx.Document(BytesIO(_generate(session))))
    assert after == before
    assert "Later gemeld" not in "\n".join(after)
    # ... while the live state did change, and a later cut-off sees it.
    later = werkagenda_as_of(session=session, cutoff=CUTOFF + timedelta(days=2))
    assert next(x for x in later.mijlpalen if x.key == "1/C").plan.text == "Q1-2028"
    now = werkagenda_as_of(session=session, cutoff=CUTOFF)
    assert next(x for x in now.mijlpalen if x.key == "1/C").plan.text == old


def test_as_of_keeps_a_mijlpaal_removed_after_the_cutoff(
    session: Session, seeded: LoadReport
) -> None:
    m = find_mijlpaal(session, "3", "C")
    m.removed_at = AFTER
    session.add(m)
    session.add(
        PlanWijziging(
            changed_at=AFTER,
            changed_by="test",
            reason="uit de Werkagenda",
            entity="mijlpaal",
            entity_key="3/C",
            field="removed_at",
            old_value=None,
            new_value=AFTER.isoformat(),
        )
    )
    session.commit()
    assert "3/C" in {x.key for x in werkagenda_as_of(session=session, cutoff=CUTOFF).mijlpalen}
    later = werkagenda_as_of(session=session, cutoff=CUTOFF + timedelta(days=2))
    assert "3/C" not in {x.key for x in later.mijlpalen}


def test_what_a_later_brief_compares_with_is_read_as_the_whole_snapshot_gives_it(
    session: Session, seeded: LoadReport
) -> None:
    # Progress and a status change between the rounds, one recorded after the cut-off day, a
    # mijlpaal removed after the cut-off, another removed before it and put back after it.
    _between_rounds(session)
    late = find_mijlpaal(session, "1", "A")
    make_voortgang(
        session,
        afspraak_id=late.afspraak_id,
        mijlpaal_id=late.id,
        effective_date=CUTOFF,
        recorded_at=AFTER,
        public_text="Later gemeld over de peildatum",
    )
    removed, restored = find_mijlpaal(session, "3", "C"), find_mijlpaal(session, "2", "1")
    make_voortgang(
        session,
        afspraak_id=restored.afspraak_id,
        mijlpaal_id=restored.id,
        effective_date=TODAY,
        recorded_at=datetime.now(UTC),
        public_text="Gemeld voor de vorige ronde",
    )
    removed.removed_at = AFTER
    before_cutoff = BETWEEN.isoformat()
    session.add_all(
        [
            removed,
            PlanWijziging(
                changed_at=AFTER,
                changed_by="test",
                reason="uit de Werkagenda",
                entity="mijlpaal",
                entity_key="2/1",
                field="removed_at",
                old_value=before_cutoff,  # removed between the rounds, back after the cut-off
                new_value=None,
            ),
        ]
    )
    session.commit()

    for cutoff in (PREVIOUS, CUTOFF, CUTOFF + timedelta(days=2)):
        whole = Earlier.of(werkagenda_as_of(session=session, cutoff=cutoff))
        assert earlier_as_of(session=session, cutoff=cutoff) == whole
    at_cutoff = earlier_as_of(session=session, cutoff=CUTOFF)
    assert at_cutoff.statuses[FULFILLED] is CommitmentStatus.GESTAND_GEDAAN
    assert earlier_as_of(session=session, cutoff=PREVIOUS).statuses[FULFILLED] is not (
        CommitmentStatus.GESTAND_GEDAAN
    )
    assert at_cutoff.update_ids - earlier_as_of(session=session, cutoff=PREVIOUS).update_ids

    def keys(cutoff: date) -> set[str]:
        return {m.key for m in werkagenda_as_of(session=session, cutoff=cutoff).mijlpalen}

    assert "2/1" in keys(PREVIOUS) and "2/1" not in keys(CUTOFF) and "2/1" in keys(AFTER.date())
    assert "3/C" in keys(CUTOFF) and "3/C" not in keys(CUTOFF + timedelta(days=2))
    restored_updates = {
        u.id
        for u in werkagenda_as_of(session=session, cutoff=PREVIOUS).updates
        if u.mijlpaal == "2/1"
    }
    assert restored_updates and not restored_updates & at_cutoff.update_ids


def test_secretariaat_opens_a_round_and_the_preview_shows_the_same_content(
    client: FlaskClient, auth: AuthActions, session: Session, seeded: LoadReport, app: Flask
) -> None:
    app.config["TODAY"] = TODAY
    make_user(session, email="sec@vbg.nl", name="Sec", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    response = auth.post("/rapportage", {"name": "Voortgangsbrief Q1 2027", "cutoff": "2027-02-30"})
    assert response.status_code == 200
    assert "is geen geldige peildatum" in response.get_data(as_text=True)
    assert session.exec(select(Rapportageronde)).all() == []

    response = auth.post(
        "/rapportage", {"name": "Voortgangsbrief Q1 2027", "cutoff": CUTOFF.isoformat()}
    )
    assert response.status_code == 302
    ronde = session.exec(select(Rapportageronde)).one()
    assert (ronde.name, ronde.cutoff, ronde.opened_by) == ("Voortgangsbrief Q1 2027", CUTOFF, "Sec")
    again = auth.post(
        "/rapportage", {"name": "Voortgangsbrief Q1 2027", "cutoff": CUTOFF.isoformat()}
    )
    assert "Er is al een ronde" in again.get_data(as_text=True)

    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    download = client.get(f"/rapportage/{ronde.id}/voortgangsbrief.docx")
    assert download.mimetype.endswith("wordprocessingml.document")
    document = docx.Document(BytesIO(download.data))
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading") or paragraph.text.startswith(
            "Rapportageronde"
        ):
            assert paragraph.text.replace("\u00a0", " ") in page.replace("\u00a0", " ")
    assert page.count('data-afspraak="') == len(CODES)
    assert "Voortgangsbrief Q1 2027" in client.get("/rapportage").get_data(as_text=True)

    preview = client.get("/rapportage/voorvertoning?peildatum=morgen")
    assert preview.status_code == 200
    assert "&#39;morgen&#39; is geen geldige peildatum" in preview.get_data(as_text=True)
    assert "voorvertoning (geen ronde)" in client.get(
        f"/rapportage/voorvertoning?peildatum={TODAY.isoformat()}"
    ).get_data(as_text=True)


def test_lezer_reads_rounds_but_may_not_open_one(
    client: FlaskClient, auth: AuthActions, session: Session, seeded: LoadReport
) -> None:
    make_user(session, email="lezer@vws.nl", name="Lees", role=AccountRole.LEZER)
    auth.login("lezer@vws.nl")
    page = client.get("/rapportage").get_data(as_text=True)
    assert "Nieuwe ronde openen" not in page
    response = auth.post("/rapportage", {"name": "X", "cutoff": "2027-03-31"})
    assert response.status_code == 403
    assert session.exec(select(Rapportageronde)).all() == []


def test_cli_writes_the_brief_and_refuses_a_bad_date(
    runner: FlaskCliRunner, tmp_path: Path, seeded: LoadReport
) -> None:
    out = tmp_path / "brief.docx"
    result = runner.invoke(
        args=["report", "brief", "--cutoff", CUTOFF.isoformat(), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "Input voortgangsbrief: voorvertoning (geen ronde)"
    assert len(document.tables[0].rows) == len(CODES) + 1

    bad = runner.invoke(
        args=["report", "brief", "--cutoff", "31-03-2027", "--out", str(tmp_path / "x.docx")]
    )
    assert bad.exit_code != 0
    assert "'31-03-2027' is geen geldige peildatum" in bad.output
    assert "Traceback" not in bad.output and isinstance(bad.exception, SystemExit)
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Vul een peildatum in"),
        ("2027-3-31", "geen geldige peildatum"),
        ("2027-02-29", "geen geldige peildatum"),
        ("9999-01-01", "tussen 2000 en 2100"),
        ("x" * 500, "geen geldige peildatum"),
    ],
)
def test_bad_peildatum_in_the_form_is_explained(
    client: FlaskClient, auth: AuthActions, session: Session, text: str, message: str
) -> None:
    make_user(session, email="sec@vbg.nl", name="Sec", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    response = auth.post("/rapportage", {"name": "Ronde", "cutoff": text})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert session.exec(select(Rapportageronde)).all() == []


def test_text_xml_cannot_hold_is_dropped_from_the_brief_and_the_excel_export(
    session: Session, client: FlaskClient, seeded: LoadReport
) -> None:
    # A control character and a non-character, as an open-data import or a pasted field may bring.
    m = find_mijlpaal(session, "3", "A")
    make_voortgang(
        session,
        afspraak_id=m.afspraak_id,
        mijlpaal_id=m.id,
        effective_date=TODAY,
        recorded_at=datetime.now(UTC) - timedelta(minutes=1),
        public_text="Bijeenkomst\x01 gehouden en\ufffe verslag gedeeld.",
    )
    session.commit()

    text = "\n".join(_text(docx.Document(BytesIO(_generate(session)))))
    workbook = client.get("/export/werkagenda.xlsx")

    assert "Bijeenkomst gehouden en verslag gedeeld." in text
    assert workbook.status_code == 200
    assert b"Bijeenkomst gehouden en verslag gedeeld." in b"".join(
        zipfile.ZipFile(BytesIO(workbook.get_data())).read(n)
        for n in zipfile.ZipFile(BytesIO(workbook.get_data())).namelist()
    )
