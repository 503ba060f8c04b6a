"""Writing cells that Excel and LibreOffice read as data, never as something to run.

Text from users (public texts, titles, notes) goes through `put_text`. openpyxl stores any string
that starts with "=" as a formula, and Excel re-parses a cell beginning with "=", "+", "-" or
"@" as a formula as soon as someone edits it. OWASP's advice for CSV is to prefix such a value
with a single quote; in .xlsx the same apostrophe is the cell's `quotePrefix` style flag (what
Excel itself stores when one types '=...), together with the explicit string type. So the text
reads exactly as written, is never a formula, and stays text when the cell is edited. Tab and
carriage return lead the OWASP list too and get the same treatment.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reports.xml_text import xml_safe

# A carriage return is stored as a line feed (below), so a leading one is marked as well.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")

# 413 is Dutch (Netherlands): month names in Dutch whatever language the reader's Excel speaks.
DUTCH_DATE = "[$-413]d mmmm yyyy"
HEADER_FILL = PatternFill("solid", fgColor="DCE3EA")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def clean_text(text: str) -> str:
    """The text without the characters an .xlsx cannot hold (openpyxl and lxml refuse them), and
    with line feeds for line ends (XML turns a bare carriage return into one anyway)."""
    cleaned = xml_safe(text)
    return cleaned.replace("\r\n", "\n").replace("\r", "\n")


def put_text(cell: Any, text: str | None) -> None:
    """Write user text as text: never a formula, also not after someone edits the cell."""
    value = clean_text(text or "")
    cell.value = value or None
    if value:
        cell.data_type = "s"  # openpyxl made "=..." a formula on assignment
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True


def put_date(cell: Any, day: date | None) -> None:
    """A real Excel date (a number with a Dutch date format), empty when unknown."""
    cell.value = day
    if day is not None:
        cell.number_format = DUTCH_DATE


def put_value(cell: Any, value: object) -> None:
    """Dates as dates, numbers as numbers, everything else as (neutralised) text."""
    if isinstance(value, datetime):
        put_date(cell, value.date())
    elif isinstance(value, date):
        put_date(cell, value)
    elif isinstance(value, bool):
        put_text(cell, "ja" if value else "nee")
    elif isinstance(value, int | float):
        cell.value = value
    else:
        put_text(cell, None if value is None else str(value))


def write_header(ws: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    """A bold header row with the column widths; the rows below it stay in view when scrolling."""
    for number, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=number, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(number)].width = width
    ws.row_dimensions[1].height = 30  # two lines: headers such as "Gepland (zoals geschreven)"
    ws.freeze_panes = "B2"  # the header row and the first (key) column


def write_rows(ws: Worksheet, rows: Sequence[Sequence[object]], wrap: frozenset[int]) -> None:
    """Data rows from row 2; columns in `wrap` (1-based) wrap their text."""
    for r, values in enumerate(rows, start=2):
        lines = 1
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            put_value(cell, value)
            cell.alignment = WRAP if c in wrap else TOP
            if c in wrap and isinstance(value, str):
                width = ws.column_dimensions[get_column_letter(c)].width or 10
                lines = max(lines, wrapped_lines(value, width))
        set_height(ws, r, lines)


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines `text` takes in a column `width` characters wide."""
    per_line = max(int(width * 1.25), 1)  # a width unit is about one digit; text runs narrower
    return sum(max(1, -(-len(part) // per_line)) for part in text.splitlines() or [""])


def set_height(ws: Worksheet, row: int, lines: int) -> None:
    # openpyxl cannot measure text, and LibreOffice does not grow a wrapped row it opens, so the
    # row gets a height for its longest text (15 points a line, at most Excel's 409).
    if lines > 1:
        ws.row_dimensions[row].height = min(15 * lines, 409)


def print_setup(ws: Worksheet) -> None:
    """Landscape, as wide as one page, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"


def add_autofilter(ws: Worksheet, columns: int, rows: int) -> None:
    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows + 1, 2)}"


def add_list_validation(
    ws: Worksheet, column: int, choices: Sequence[str], rows: int, *, prompt: str
) -> DataValidation:
    """A dropdown of `choices` on one column below the header; other values are refused."""
    # An inline list is a quoted, comma-separated string of at most 255 characters.
    formula = '"' + ",".join(choices) + '"'
    assert len(formula) <= 255 and not any("," in c or '"' in c for c in choices)
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ongeldige status",
        error="Kies een status uit de lijst.",
        promptTitle="Status",
        prompt=prompt,
        showInputMessage=True,
    )
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{max(rows + 1, 2)}")
    ws.add_data_validation(validation)
    return validation
