"""The pure Excel builders and reader: neutralised text, the template's form, refused files."""

import re
import zipfile
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from reports.excel_import import ExcelFileError, read_party_file
from reports.excel_template import HEADERS, MARKER_SHEET, SHEET, TemplateItem, build_template
from reports.xlsx import put_text

COLUMN = {title: number for number, title in enumerate(HEADERS, start=1)}
GENERATED = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
ITEMS = [
    TemplateItem("3", False, "Juridische verankering", "", "Vertraagd", None, "Gestart."),
    TemplateItem(
        "3/A", True, "=zestal bijeenkomsten", "Q3/4 2024", "Vertraagd", date(2025, 3, 31), ""
    ),
    TemplateItem("3/B", True, "Werk\rversie\x01", "maart 25", "Op schema", date(2025, 3, 31), ""),
]


def saved(workbook: Workbook) -> bytes:
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def template() -> Workbook:
    return load_workbook(BytesIO(build_template("KNMP", "KNMP", ITEMS, GENERATED)))


@pytest.mark.parametrize(
    "text", ["=1+1", "+316", "-5", "@SUM(A1:A2)", "\tTAB", "\rCR", '=HYPERLINK("x")']
)
def test_text_that_looks_like_a_formula_is_stored_as_quoted_text(text: str) -> None:
    workbook = Workbook()
    put_text(workbook.active["A1"], text)
    cell = load_workbook(BytesIO(saved(workbook))).active["A1"]
    # A carriage return is kept as a line feed, the line end of a cell.
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text.replace("\r", "\n"), "s", True)


@pytest.mark.parametrize("text", ["Gewone tekst", "3 - 4 weken", "e-mail@adres"])
def test_ordinary_text_is_not_marked(text: str) -> None:
    workbook = Workbook()
    put_text(workbook.active["A1"], text)
    cell = load_workbook(BytesIO(saved(workbook))).active["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", False)


def test_control_characters_an_xlsx_cannot_hold_are_dropped() -> None:
    workbook = Workbook()
    put_text(workbook.active["A1"], "voor\x01na\x0b")
    assert load_workbook(BytesIO(saved(workbook))).active["A1"].value == "voorna"


def test_an_untouched_template_reads_back_as_empty_rows() -> None:
    party = read_party_file(build_template("KNMP", "KNMP", ITEMS, GENERATED))
    assert party.partij == "KNMP" and party.generated == GENERATED
    assert [(r.row, r.key, r.mijlpaal, r.empty, r.problems) for r in party.rows] == [
        (2, "3", False, True, ()),
        (3, "3/A", True, True, ()),
        (4, "3/B", True, True, ()),
    ]


def test_filled_cells_are_read_as_typed_dates_included() -> None:
    workbook = template()
    ws = workbook[SHEET]
    ws.cell(row=3, column=COLUMN["Nieuwe status"], value="vertraagd")  # any case
    ws.cell(row=3, column=COLUMN["Nieuwe verwachte datum"], value=datetime(2027, 3, 15))
    ws.cell(row=4, column=COLUMN["Bereikt op"], value=datetime(2026, 10, 1))
    ws.cell(row=2, column=COLUMN["Bereikt op"], value=46000)  # a date serial without format
    rows = read_party_file(saved(workbook)).rows
    assert rows[1].status == "vertraagd" and rows[1].forecast_text == "15-03-2027"
    assert rows[2].reached_text == "2026-10-01"
    assert rows[0].reached_text == "2025-12-09"


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("Nieuwe status", "Bijna klaar", "'Bijna klaar' staat niet in de lijst"),
        ("Omschrijving", "Iets anders", "Grijze kolom 'Omschrijving' is gewijzigd"),
        ("Sleutel", "3/Z", "Grijze kolom 'Sleutel' is gewijzigd"),
        ("Staat nu op", datetime(2030, 1, 1), "Grijze kolom 'Staat nu op' is gewijzigd"),
        ("Controle", "weg", "komt niet uit het sjabloon"),
        ("Tekst voor de voortgangsbrief", "=1+1", "Een formule in kolom"),
    ],
)
def test_row_problems_the_file_alone_shows(column: str, value: object, problem: str) -> None:
    workbook = template()
    workbook[SHEET].cell(row=3, column=COLUMN[column], value=value)
    rows = read_party_file(saved(workbook)).rows
    assert [r.row for r in rows if r.problems] == [3]
    assert problem in " ".join(rows[1].problems)


def _zip(entries: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _marker_changed(key: str, value: str) -> bytes:
    workbook = template()
    marker = workbook[MARKER_SHEET]
    for row in marker.iter_rows():
        if row[0].value == key:
            row[1].value = value
    return saved(workbook)


def _header_changed() -> bytes:
    workbook = template()
    workbook[SHEET].cell(row=1, column=COLUMN["Interne notitie"], value="Notitie")
    return saved(workbook)


def _plain_workbook() -> bytes:
    return saved(Workbook())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Het bestand is leeg"),
        (b"%PDF-1.7 ...", "Dit is geen Excel-bestand (.xlsx)"),
        (b"PK\x03\x04kapot", "Het bestand is beschadigd"),
        (_zip({"word/document.xml": b"<w/>"}), "Dit bestand is een Word-document"),
        (_zip({"xl/workbook.xml": b"\0" * (25 * 1024 * 1024)}), "uitgepakt veel groter"),
        (_zip({"xl/workbook.xml": b"<niet-xml"}), "kon niet als Excel-werkmap worden gelezen"),
        (_plain_workbook(), "Dit is geen voortgangssjabloon van de tracker"),
        (_marker_changed("formaat", "e5-partijsjabloon-0"), "ander of ouder formaat"),
        (_marker_changed("partij", ""), "niet voor welke partij"),
        (_header_changed(), "Kolom 10 van het werkblad 'Voortgang' heet 'Notitie'"),
    ],
    ids=[
        "empty",
        "pdf",
        "broken-zip",
        "docx",
        "zip-bomb",
        "bad-xml",
        "other-workbook",
        "old-format",
        "no-party",
        "header",
    ],
)
def test_files_that_are_no_template_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ExcelFileError, match=re.escape(message)):
        read_party_file(data)
