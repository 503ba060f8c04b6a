"""The export's data rows written as XML (reports/sheet_rows.py) read as XlsxWriter's own cells."""

import csv
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from reports.sheet_rows import CellStyles, SheetRows, column_letter, splice
from reports.xlsx import DUTCH_DATE, FORMULA_TRIGGERS, clean_text
from tests.libreoffice import convert, needs_libreoffice


def written(rows: list[list[object]], heights: list[float | None] | None = None) -> bytes:
    """A one-sheet workbook: a header row by XlsxWriter, `rows` by SheetRows."""
    frame = BytesIO()
    workbook = xlsxwriter.Workbook(frame, {"constant_memory": True})
    formats = [
        workbook.add_format({"text_wrap": True, "valign": "top"}),
        workbook.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True}),
        workbook.add_format({"valign": "top", "num_format": DUTCH_DATE}),
    ]
    styles = CellStyles(*(int(f._get_xf_index()) for f in formats))
    width = max(len(r) for r in rows)
    body = SheetRows([styles] * width)
    for values, height in zip(rows, heights or [None] * len(rows), strict=True):
        body.write(values, height=height)
    sheet = workbook.add_worksheet("Blad")
    for column in range(width):
        sheet.write_string(0, column, f"Kop {column}")
    workbook.close()
    out = BytesIO()
    splice(frame.getvalue(), {1: body}, out)
    body.close()
    return out.getvalue()


def by_xlsxwriter(value: object) -> object:
    """The cell XlsxWriter itself writes for a text (as the export's inline strings), read back
    by openpyxl."""
    frame = BytesIO()
    workbook = xlsxwriter.Workbook(frame, {"constant_memory": True})
    workbook.add_worksheet("Blad").write_string(0, 0, value)
    workbook.close()
    return load_workbook(frame).active["A1"].value


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1))
@example("_x0041_ is Excel's notation for A")  # Excel would read an A
@example("=SOM(A1)")
def test_any_text_reads_back_as_xlsxwriter_writes_it_and_never_as_a_formula(text: str) -> None:
    cell = load_workbook(BytesIO(written([[text]]))).active["A2"]
    cleaned = clean_text(text)
    if not cleaned:
        assert cell.value is None
        return
    assert cell.value == by_xlsxwriter(cleaned)
    assert cell.data_type == "s"
    assert cell.quotePrefix == cleaned.startswith(FORMULA_TRIGGERS)


@pytest.mark.parametrize(
    "text",
    ["<b>A & B</b>", "  spaties  ", "regel 1\nregel 2", '"aanhaling"'],
)
def test_text_that_xml_would_read_otherwise_stays_as_written(text: str) -> None:
    assert load_workbook(BytesIO(written([[text]]))).active["A2"].value == text


@needs_libreoffice
def test_libreoffice_reads_the_rows_as_written(tmp_path: Path) -> None:
    rows: list[list[object]] = [["_x0041_ blijft zo", "A & <B>", 12], ["=1+1", "  rand ", 2.5]]
    source = tmp_path / "rijen.xlsx"
    source.write_bytes(written(rows))
    result = convert(source, "csv")
    lines = list(csv.reader(result.read_text(encoding="utf-8").splitlines()))
    assert lines == [
        ["Kop 0", "Kop 1", "Kop 2"],
        ["_x0041_ blijft zo", "A & <B>", "12"],
        ["=1+1", "  rand ", "2.5"],
    ]


def test_numbers_dates_and_yes_no_keep_their_kind_and_empty_values_give_no_cell() -> None:
    row: list[object] = [7, 2.5, date(2026, 7, 1), datetime(2026, 7, 2, 9, 30), True, None, ""]
    sheet = load_workbook(BytesIO(written([row, [False]]))).active
    a, b, c, d, e, f, g = sheet[2]
    assert (a.value, a.data_type) == (7, "n")
    assert (b.value, b.data_type) == (2.5, "n")
    assert (c.value, c.number_format) == (datetime(2026, 7, 1), DUTCH_DATE)
    assert (d.value, d.number_format) == (datetime(2026, 7, 2), DUTCH_DATE)
    assert e.value == "ja" and sheet["A3"].value == "nee"
    assert f.value is None and g.value is None
    assert c.alignment.wrap_text is not True and a.alignment.wrap_text is True


def test_rows_follow_the_header_with_their_heights_and_the_sheet_knows_its_size() -> None:
    sheet = load_workbook(BytesIO(written([["a", "b"], ["c"]], heights=[45, None]))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Kop 0", "Kop 1"],
        ["a", "b"],
        ["c", None],
    ]
    assert sheet.row_dimensions[2].height == 45
    assert sheet.row_dimensions[3].height is None
    assert sheet.calculate_dimension() == "A1:B3"


@pytest.mark.parametrize(("number", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ")])
def test_column_letters(number: int, letters: str) -> None:
    assert column_letter(number) == letters
