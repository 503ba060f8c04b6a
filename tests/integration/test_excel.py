"""The Excel export and the party round trip: files read with openpyxl, uploads by the client."""

import hashlib
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, col, select
from werkzeug.test import TestResponse

from app.afspraken.queries import load_werkagenda
from app.domain.ownership import owned_by
from app.domain.periods import Precision
from app.domain.status import Status
from app.models import (
    AccountRole,
    Afspraak,
    Kamerstuk,
    RecordedVia,
    Voortgang,
    import_ref,
)
from app.seeding.load import LoadReport
from reports.excel_export import SHEETS
from reports.excel_template import HEADERS, MARKER_SHEET, SHEET
from reports.xlsx import DUTCH_DATE
from tests.conftest import AuthActions, csrf_token
from tests.factories import find_mijlpaal, make_user, make_voortgang
from tests.libreoffice import convert, needs_libreoffice

TODAY = date(2026, 11, 25)  # TestConfig.TODAY
SECRET_NOTE = "interne-notitie-die-nooit-in-excel-mag-7f3a"
COLUMN = {title: number for number, title in enumerate(HEADERS, start=1)}


@pytest.fixture(autouse=True)
def _upload_dir(app: Flask, tmp_path: Path) -> None:
    app.config["EXCEL_UPLOAD_DIR"] = str(tmp_path / "uploads")


def workbook_of(response: TestResponse) -> Workbook:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(BytesIO(response.data))


def all_cells(workbook: Workbook) -> Iterator[object]:
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            yield from row


# --- the export -----------------------------------------------------------------------------


def test_export_has_every_sheet_with_headers_filters_and_dates(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    assert afspraak.id is not None
    make_voortgang(
        session,
        afspraak_id=afspraak.id,
        public_text='=HYPERLINK("http://evil.example","klik")',
        internal_note=SECRET_NOTE,
    )
    make_voortgang(session, afspraak_id=afspraak.id, public_text="@SUM(1+1)", internal_note="")
    workbook = workbook_of(client.get("/export/werkagenda.xlsx"))

    assert workbook.sheetnames == list(SHEETS)
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "B2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert all(cell.font.bold for cell in ws[1]), ws.title
        assert ws.column_dimensions["A"].width >= 6
    mijlpalen = workbook["Mijlpalen"]
    header = [c.value for c in mijlpalen[1]]
    rows = {r[0].value: dict(zip(header, r, strict=True)) for r in mijlpalen.iter_rows(min_row=2)}
    assert len(rows) == 47
    three_a = rows["3/A"]
    assert isinstance(three_a["Gepland uiterlijk"].value, datetime)
    assert three_a["Gepland uiterlijk"].number_format == DUTCH_DATE
    assert three_a["Gepland (zoals geschreven)"].value  # the phrase as written, beside the date
    assert three_a["Status"].value in {
        "Op schema",
        "Vertraagd",
        "Nog niet gestart",
        "Afgerond",
        "Aandacht nodig",
    }
    # Status columns offer the Dutch labels as a list.
    lists = {
        ws.title: [v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"]
        for ws in workbook.worksheets
    }
    for title in ("Afspraken", "Mijlpalen", "Voortgang"):
        assert any("Op schema" in f and "Vertraagd" in f for f in lists[title]), title
    for title in ("Toezeggingen", "Moties"):
        assert any("Gestand gedaan" in f for f in lists[title]), title
    # Commitment deadlines: the Kamer's words beside our date.
    toezeggingen = workbook["Toezeggingen"]
    header = [c.value for c in toezeggingen[1]]
    by_key = {
        r[0].value: dict(zip(header, r, strict=True)) for r in toezeggingen.iter_rows(min_row=2)
    }
    werkagenda_e5 = by_key["tz-2026-werkagenda-e5"]
    assert werkagenda_e5["Termijn (zoals geschreven)"].value == "in het derde kwartaal"
    assert werkagenda_e5["Termijn uiterlijk"].value == datetime(2026, 9, 30)
    assert werkagenda_e5["Status"].value == "Gestand gedaan"
    assert by_key["tz-2026-vergoedingstermijnen-preferentiewissel"]["Te laat"].value == "ja"


def test_export_history_sheet_lists_every_update_newest_first(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    mijlpaal = find_mijlpaal(session, "3", "A")
    document = session.exec(select(Kamerstuk).order_by(col(Kamerstuk.key))).first()
    assert afspraak.id is not None and mijlpaal.id is not None and document is not None
    newest = make_voortgang(
        session,
        afspraak_id=afspraak.id,
        mijlpaal_id=mijlpaal.id,
        effective_date=date(2026, 11, 20),
        recorded_at=datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
        status=Status.VERTRAAGD,
        public_text="Later dan gepland.",
        internal_note=SECRET_NOTE,
        forecast_text="Q1-2027",
        forecast_start=date(2027, 1, 1),
        forecast_end=date(2027, 3, 31),
        forecast_precision=Precision.QUARTER,
        source_id=document.id,
    )
    # An end date without a phrase is not a forecast: the sheet leaves both empty.
    make_voortgang(
        session,
        afspraak_id=afspraak.id,
        effective_date=date(2026, 11, 19),
        forecast_end=date(2027, 6, 30),
    )
    sheet = workbook_of(client.get("/export/werkagenda.xlsx"))["Voortgang"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(2)]

    count = len(session.exec(select(Voortgang)).all())
    assert len(rows) == count
    days = [r["Stand per"] for r in rows]
    assert days == sorted(days, reverse=True)
    assert rows[0] == {
        "Nr.": newest.id,
        "Afspraak": "3",
        "Mijlpaal": "3/A",
        "Stand per": datetime(2026, 11, 20),
        "Gemeld op": datetime(2026, 11, 21),
        "Status": "Vertraagd",
        "Voortgang (tekst voor de brief)": "Later dan gepland.",
        "Verwacht (zoals gemeld)": "Q1-2027",
        "Verwacht uiterlijk": datetime(2027, 3, 31),
        "Bereikt op": None,
        "Bron": document.key,
    }
    assert (rows[1]["Mijlpaal"], rows[1]["Verwacht uiterlijk"]) == (None, None)
    assert sheet["D2"].number_format == DUTCH_DATE


def test_export_has_no_formula_and_no_internal_note(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    assert afspraak.id is not None
    texts = ["=1+1", "+31 6 1234", "-2 dagen", "@SUM(A1)", "\tdeel", "\rregel"]
    for text in texts:
        make_voortgang(
            session, afspraak_id=afspraak.id, public_text=text, internal_note=SECRET_NOTE
        )
    workbook = workbook_of(client.get("/export/werkagenda.xlsx"))
    cells = list(all_cells(workbook))
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert not [c.coordinate for c in cells if SECRET_NOTE in str(c.value or "")]
    stored = [t.replace("\r", "\n") for t in texts]  # the line end of a cell
    neutralised = {c.value: c for c in cells if c.value in stored}
    assert set(neutralised) == set(stored)
    assert all(c.data_type == "s" and c.quotePrefix for c in neutralised.values())


@needs_libreoffice
def test_export_converts_to_pdf_with_libreoffice(
    client: FlaskClient, seeded: LoadReport, tmp_path: Path
) -> None:
    source = tmp_path / "werkagenda.xlsx"
    source.write_bytes(client.get("/export/werkagenda.xlsx").data)
    pdf = convert(source, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_export_from_the_command_line(
    runner: FlaskCliRunner, seeded: LoadReport, tmp_path: Path
) -> None:
    out = tmp_path / "export.xlsx"
    result = runner.invoke(args=["report", "excel", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "47 mijlpalen" in result.output
    assert load_workbook(out).sheetnames == list(SHEETS)


def test_overview_links_to_the_export(client: FlaskClient, seeded: LoadReport) -> None:
    assert 'href="/export/werkagenda.xlsx"' in client.get("/").get_data(as_text=True)


# --- the template ---------------------------------------------------------------------------


@pytest.fixture
def knmp(session: Session, seeded: LoadReport, auth: AuthActions) -> int:
    """Signed in as the KNMP rapporteur; returns the account id."""
    user = make_user(session)
    auth.login()
    assert user.id is not None
    return user.id


def template_of(client: FlaskClient, code: str = "KNMP") -> Workbook:
    return workbook_of(client.get(f"/partijen/{code}/sjabloon.xlsx"))


def row_of(ws: object, key: str) -> int:
    for r in range(2, ws.max_row + 1):  # type: ignore[attr-defined]
        if ws.cell(row=r, column=COLUMN["Sleutel"]).value == key:  # type: ignore[attr-defined]
            return r
    raise AssertionError(f"no row {key}")


def test_template_lists_the_partys_items_locked_with_a_status_list(
    client: FlaskClient, knmp: int, session: Session
) -> None:
    workbook = template_of(client)
    ws = workbook[SHEET]
    keys = [ws.cell(row=r, column=COLUMN["Sleutel"]).value for r in range(2, ws.max_row + 1)]
    werkagenda = load_werkagenda(session=session, today=TODAY)
    knmp_id = werkagenda.partij("KNMP").id  # type: ignore[union-attr]
    owned = [v for v in werkagenda.afspraken if owned_by(v.deelnames, {knmp_id or 0})]
    assert keys == [k for v in owned for k in (v.code, *(m.key for m in v.mijlpalen))]
    assert "3" in keys and "3/A" in keys and "9" not in keys
    assert ws.protection.sheet is True
    r = row_of(ws, "3/A")
    assert ws.cell(row=r, column=COLUMN["Sleutel"]).protection.locked is True
    for title in (
        "Nieuwe status",
        "Tekst voor de voortgangsbrief",
        "Interne notitie",
        "Nieuwe verwachte datum",
        "Bereikt op",
    ):
        assert ws.cell(row=r, column=COLUMN[title]).protection.locked is False, title
    assert ws.column_dimensions["M"].hidden is True  # the check column
    statuses = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert statuses and "Aandacht nodig" in statuses[0].formula1
    assert str(statuses[0].sqref).startswith("H2:")
    marker = workbook[MARKER_SHEET]
    assert marker.sheet_state == "veryHidden"
    assert {row[0]: row[1] for row in marker.iter_rows(values_only=True)}["partij"] == "KNMP"
    assert "sjabloon.xlsx" in client.get("/partijen/KNMP").get_data(as_text=True)


def test_template_of_another_party_is_refused(client: FlaskClient, knmp: int) -> None:
    response = client.get("/partijen/ZN/sjabloon.xlsx")
    assert response.status_code == 403
    assert "sjabloon.xlsx" not in client.get("/partijen/ZN").get_data(as_text=True)


def test_template_from_the_command_line(
    runner: FlaskCliRunner, seeded: LoadReport, tmp_path: Path
) -> None:
    out = tmp_path / "knmp.xlsx"
    result = runner.invoke(args=["report", "template", "KNMP", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out)[MARKER_SHEET]["B2"].value == "KNMP"
    result = runner.invoke(args=["report", "template", "GEEN", "--out", str(out)])
    assert result.exit_code == 1 and "bestaat niet" in result.output


# --- the round trip -------------------------------------------------------------------------


def filled(workbook: Workbook, rows: dict[str, dict[str, object]]) -> bytes:
    ws = workbook[SHEET]
    for key, values in rows.items():
        r = row_of(ws, key)
        for title, value in values.items():
            ws.cell(row=r, column=COLUMN[title], value=value)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client: FlaskClient, data: bytes, name: str = "knmp.xlsx") -> TestResponse:
    token = csrf_token(client, "/excel/inlezen")
    return client.post(
        "/excel/inlezen",
        data={"csrf_token": token, "bestand": (BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def confirm(client: FlaskClient, preview: TestResponse) -> TestResponse:
    match = re.search(r'name="token" value="([^"]+)"', preview.get_data(as_text=True))
    assert match, "no Vastleggen form on the preview"
    token = csrf_token(client, "/excel/inlezen")
    return client.post(
        "/excel/inlezen/bevestigen", data={"csrf_token": token, "token": match.group(1)}
    )


def imported(session: Session) -> list[Voortgang]:
    session.expire_all()
    return list(session.exec(select(Voortgang).where(Voortgang.recorded_via == RecordedVia.IMPORT)))


GOOD = {
    "3/A": {
        "Nieuwe status": "Vertraagd",
        "Tekst voor de voortgangsbrief": "Uitgesteld tot het voorjaar.",
        "Interne notitie": "Bestuur beslist in januari.",
        "Nieuwe verwachte datum": "Q2-2027",
    },
    "3": {"Tekst voor de voortgangsbrief": "Werkgroep is gestart."},
}


def test_round_trip_previews_then_records_in_one_go(
    client: FlaskClient, knmp: int, session: Session
) -> None:
    data = filled(template_of(client), GOOD)
    preview = upload(client, data)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html[:800]
    assert "Q2-2027" in html and "Uitgesteld tot het voorjaar." in html and "Vastleggen (2" in html
    assert imported(session) == []  # a preview records nothing

    response = confirm(client, preview)
    assert response.status_code == 302 and response.headers["Location"].endswith("/partijen/KNMP")
    rows = sorted(imported(session), key=lambda v: v.mijlpaal_id or 0)
    assert len(rows) == 2
    mijlpaal = find_mijlpaal(session, "3", "A")
    on_mijlpaal = next(v for v in rows if v.mijlpaal_id == mijlpaal.id)
    assert on_mijlpaal.status == "vertraagd"
    assert on_mijlpaal.forecast_text == "Q2-2027" and on_mijlpaal.forecast_end == date(2027, 6, 30)
    assert on_mijlpaal.internal_note == "Bestuur beslist in januari."
    assert on_mijlpaal.recorded_by_id == knmp and on_mijlpaal.effective_date == TODAY
    sha = hashlib.sha256(data).hexdigest()
    assert {v.recorded_ref for v in rows} == {
        import_ref(sha, row_of(load_workbook(BytesIO(data))[SHEET], k)) for k in ("3", "3/A")
    }
    assert "2 voortgangsmelding(en)" in client.get("/partijen/KNMP").get_data(as_text=True)

    # The same file again: recognised row by row, nothing to record.
    again = upload(client, data)
    html = again.get_data(as_text=True)
    assert again.status_code == 200 and "Al ingelezen" in html and "Vastleggen" not in html
    assert len(imported(session)) == 2

    # The same template with one more row filled in: only that row is new.
    workbook = load_workbook(BytesIO(data))
    more = filled(workbook, {"3/B": {"Tekst voor de voortgangsbrief": "Concept ligt klaar."}})
    preview = upload(client, more)
    html = preview.get_data(as_text=True)
    assert "Geen wijziging" in html and "Vastleggen (1 " in html
    assert confirm(client, preview).status_code == 302
    assert len(imported(session)) == 3


def test_confirming_twice_records_once(client: FlaskClient, knmp: int, session: Session) -> None:
    preview = upload(client, filled(template_of(client), GOOD))
    assert confirm(client, preview).status_code == 302
    second = confirm(client, preview)  # the token was used up
    assert second.status_code == 302 and second.headers["Location"].endswith("/excel/inlezen")
    assert len(imported(session)) == 2


def test_every_bad_row_is_named_and_nothing_is_recorded(
    client: FlaskClient, knmp: int, session: Session
) -> None:
    make_user(session, email="sec@vbg.nl", name="Sec", role=AccountRole.SECRETARIAAT)
    zn_ws = load_workbook(BytesIO(_template_as_secretariaat(client, "ZN")))[SHEET]
    login_knmp(client)
    knmp_file = template_of(client)
    ws = knmp_file[SHEET]
    knmp_keys = [ws.cell(row=r, column=COLUMN["Sleutel"]).value for r in range(2, ws.max_row + 1)]
    zn_rows = {
        zn_ws.cell(row=r, column=COLUMN["Sleutel"]).value: r for r in range(2, zn_ws.max_row + 1)
    }
    foreign = next(k for k in zn_rows if k not in knmp_keys and "/" in str(k))
    # A whole row of ZN's template (check column included) pasted over KNMP's last row.
    for c in range(1, len(HEADERS) + 1):
        ws.cell(row=ws.max_row, column=c, value=zn_ws.cell(row=zn_rows[foreign], column=c).value)
    ws.cell(row=row_of(ws, "1/A"), column=COLUMN["Sleutel"], value="3/ZZ")
    data = filled(
        knmp_file,
        {
            "3/A": {"Nieuwe status": "Prima"},
            "3/B": {"Nieuwe verwachte datum": "als het meezit"},
            "3/C": {"Omschrijving": "Anders", "Tekst voor de voortgangsbrief": "x"},
            "3": {"Tekst voor de voortgangsbrief": "Goed."},
            "3/ZZ": {"Tekst voor de voortgangsbrief": "Onbekend."},
            foreign: {"Tekst voor de voortgangsbrief": "Van een ander."},
        },
    )
    preview = upload(client, data)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    numbers = {key: row_of(load_workbook(BytesIO(data))[SHEET], key) for key in ("3/A", "3/B")}
    assert f"Rij {numbers['3/A']}: Nieuwe status: &#39;Prima&#39; staat niet in de lijst" in html
    assert f"Rij {numbers['3/B']}: Nieuwe verwachte datum: &#39;als het meezit&#39;" in html
    assert "Grijze kolom &#39;Omschrijving&#39; is gewijzigd" in html
    assert "Er is geen afspraak of mijlpaal &#39;3/ZZ&#39;" in html
    assert f"Afspraak {foreign.split('/')[0]} is niet van KNMP" in html
    assert "Vastleggen" not in html and "er wordt niets vastgelegd" in html
    assert imported(session) == []


def test_a_row_gone_bad_since_the_preview_stops_the_whole_file(
    client: FlaskClient, knmp: int, session: Session
) -> None:
    preview = upload(client, filled(template_of(client), GOOD))
    mijlpaal = find_mijlpaal(session, "3", "A")
    mijlpaal.removed_at = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # the plan changed meanwhile
    session.add(mijlpaal)
    session.commit()
    response = confirm(client, preview)
    assert response.status_code == 409
    assert "Er is geen afspraak of mijlpaal &#39;3/A&#39;" in response.get_data(as_text=True)
    assert imported(session) == []  # not even the good row on afspraak 3


def _template_as_secretariaat(client: FlaskClient, code: str) -> bytes:
    auth = AuthActions(client)
    auth.logout()
    auth.login("sec@vbg.nl")
    data = client.get(f"/partijen/{code}/sjabloon.xlsx").data
    auth.logout()
    return data


def login_knmp(client: FlaskClient) -> None:
    AuthActions(client).login()


def test_a_preview_with_errors_cannot_be_confirmed(
    client: FlaskClient, knmp: int, session: Session, app: Flask
) -> None:
    good = upload(client, filled(template_of(client), GOOD))
    token = re.search(r'name="token" value="([^"]+)"', good.get_data(as_text=True))
    assert token
    bad = upload(client, filled(template_of(client), {"3/A": {"Nieuwe status": "Prima"}}))
    assert "Vastleggen" not in bad.get_data(as_text=True)
    # The earlier preview's token was replaced by the bad file's: confirming it is refused.
    response = client.post(
        "/excel/inlezen/bevestigen",
        data={"csrf_token": csrf_token(client, "/excel/inlezen"), "token": token.group(1)},
    )
    assert response.status_code == 302
    assert imported(session) == []


def test_another_partys_file_is_refused_as_a_whole(
    client: FlaskClient, knmp: int, session: Session
) -> None:
    make_user(session, email="sec@vbg.nl", name="Sec", role=AccountRole.SECRETARIAAT)
    data = _template_as_secretariaat(client, "ZN")
    login_knmp(client)
    response = upload(client, data, "zn.xlsx")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Dit sjabloon is van ZN" in html
    # The secretariaat may read it in for ZN.
    AuthActions(client).logout()
    AuthActions(client).login("sec@vbg.nl")
    assert "Voorvertoning" in upload(client, data, "zn.xlsx").get_data(as_text=True)


def _docx() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Dit is platte tekst, geen spreadsheet.", "Dit is geen Excel-bestand (.xlsx)"),
        (b"PK\x03\x04 maar verder kapot", "Het bestand is beschadigd"),
        (_docx(), "Dit bestand is een Word-document"),
    ],
    ids=["text", "broken-zip", "docx-renamed"],
)
def test_a_file_that_is_no_template_gets_a_clear_message(
    client: FlaskClient, knmp: int, data: bytes, message: str
) -> None:
    response = upload(client, data, "voortgang.xlsx")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_an_oversized_upload_is_refused_before_it_is_read(client: FlaskClient, knmp: int) -> None:
    # The body is built here, in memory: the test client would spool a large file to a temporary
    # file that nobody closes when the app (rightly) never reads it.
    head = (
        '--grens\r\nContent-Disposition: form-data; name="bestand"; filename="groot.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    body = head.encode() + b"PK\x03\x04" + b"0" * (3 * 1024 * 1024) + b"\r\n--grens--\r\n"
    response = client.post(
        "/excel/inlezen", data=body, content_type="multipart/form-data; boundary=grens"
    )
    assert response.status_code == 413
    assert "groter dan 2 MB" in response.get_data(as_text=True)


def test_upload_without_csrf_token_is_refused(
    client: FlaskClient, knmp: int, session: Session
) -> None:
    data = filled(template_of(client), GOOD)
    response = client.post(
        "/excel/inlezen",
        data={"bestand": (BytesIO(data), "knmp.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    preview = upload(client, data)
    match = re.search(r'name="token" value="([^"]+)"', preview.get_data(as_text=True))
    assert match
    response = client.post("/excel/inlezen/bevestigen", data={"token": match.group(1)})
    assert response.status_code == 400
    assert imported(session) == []


# --- import from the command line -----------------------------------------------------------


def test_import_command_shows_then_commits(
    client: FlaskClient, knmp: int, runner: FlaskCliRunner, session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "knmp.xlsx"
    path.write_bytes(filled(template_of(client), GOOD))
    result = runner.invoke(args=["report", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Proefdraai: 2 wijziging(en)" in result.output and "Q2-2027" in result.output
    assert imported(session) == []
    result = runner.invoke(args=["report", "import", str(path), "--commit"])
    assert result.exit_code == 0, result.output
    assert len(imported(session)) == 2
    assert {v.recorded_by for v in imported(session)} == {"Excel-import KNMP"}
    result = runner.invoke(args=["report", "import", str(path), "--commit"])
    assert result.exit_code == 0 and "verandert niets" in result.output
    assert len(imported(session)) == 2


def test_import_command_refuses_a_bad_file_without_a_traceback(
    runner: FlaskCliRunner, seeded: LoadReport, tmp_path: Path
) -> None:
    path = tmp_path / "brief.xlsx"
    path.write_bytes(_docx())
    result = runner.invoke(args=["report", "import", str(path), "--commit"])
    assert result.exit_code == 1
    assert "Word-document" in result.output and "Traceback" not in result.output
    missing = runner.invoke(args=["report", "import", str(tmp_path / "weg.xlsx")])
    assert missing.exit_code == 1 and "kan niet worden gelezen" in missing.output
