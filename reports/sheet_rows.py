"""Data rows written as SpreadsheetML and put into the sheets of a workbook XlsxWriter made.

At 50 times the seed's size the export holds about 400,000 cells. XlsxWriter, in pure Python,
spends some 16 µs on each (checks, a dict per row, escaping through several layers): 6–7 s on a
slow machine, far over the 2 s a report may take. A cell is one short XML element, so the rows
are written here as text (about 1 µs a cell), while XlsxWriter still writes everything else of
the file: styles, column widths, the header row, frozen panes, filters, validation lists, print
setup and the package itself. `splice` then puts each sheet's rows after its header row.

What a cell may hold follows XlsxWriter's own writer: inline strings (as its constant-memory
mode writes them), numbers as `%.16G`, text escaped for XML and for Excel's `_xHHHH_` notation.
"""

import re
import shutil
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from tempfile import SpooledTemporaryFile
from typing import IO, BinaryIO

from reports.xlsx import FORMULA_TRIGGERS, clean_text

EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system, for dates after 1900

# Excel reads "_x0041_" in a string as the character it names; a literal one is kept by
# escaping its underscore, as Excel and XlsxWriter do.
_EXCEL_ESCAPE_RE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_DIMENSION_RE = re.compile(rb'<dimension ref="[^"]*"/>')
_SHEET_RE = re.compile(r"xl/worksheets/sheet(\d+)\.xml")
_WHITESPACE = (" ", "\t", "\n")


@dataclass(frozen=True)
class CellStyles:
    """The style numbers (xf indexes) of one column's cells: text, quoted text and dates."""

    text: int
    quoted: int
    day: int


def column_letter(number: int) -> str:
    """The letters of a 0-based column number: 0 is A, 26 is AA."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class SheetRows:
    """The data rows of one sheet, from its second row on, kept in a temporary file (the
    history sheet's rows are tens of megabytes of XML at 50 times the seed's size)."""

    def __init__(self, styles: Sequence[CellStyles]) -> None:
        self._columns = [_Column(column_letter(n), s) for n, s in enumerate(styles)]
        self._file: IO[bytes] = SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
        self.last = 0  # the last row written, 0-based as XlsxWriter counts (0: the header)

    def write(self, values: Sequence[object], *, height: float | None = None) -> None:
        """The next row: a cell for each value that is not empty, `height` in points if set."""
        self.last += 1
        number = self.last + 1  # the row's number as Excel shows it
        size = f' ht="{height:g}" customHeight="1"' if height else ""
        parts = [f'<row r="{number}"{size}>']
        for column, value in zip(self._columns, values, strict=False):
            # Text first, by exact type: this runs 400,000 times at 50 times the seed's size.
            if type(value) is str:
                cell = column.text(value)
            elif value is None:
                continue
            elif isinstance(value, date):
                day = value.date() if isinstance(value, datetime) else value
                cell = f' s="{column.styles.day}"><v>{(day - EXCEL_EPOCH).days}</v></c>'
            elif isinstance(value, bool):
                cell = column.text("ja" if value else "nee")
            elif isinstance(value, int):
                cell = f' s="{column.styles.text}"><v>{value}</v></c>'
            elif isinstance(value, float):
                cell = f' s="{column.styles.text}"><v>{value:.16G}</v></c>'
            else:
                cell = column.text(str(value))
            if cell:
                parts.append(f'<c r="{column.letter}{number}"{cell}')
        parts.append("</row>")
        self._file.write("".join(parts).encode())

    def copy_to(self, target: IO[bytes]) -> None:
        self._file.seek(0)
        shutil.copyfileobj(self._file, target, 1024 * 1024)

    def close(self) -> None:
        self._file.close()


class _Column:
    """One column's letter and styles, and the cells of its short texts (codes, statuses and
    dates as written repeat thousands of times in a sheet)."""

    __slots__ = ("letter", "styles", "_short")

    def __init__(self, letter: str, styles: CellStyles) -> None:
        self.letter = letter
        self.styles = styles
        self._short: dict[str, str] = {}

    def text(self, value: str) -> str:
        """The rest of a text cell after its reference, or "" for a text that is empty once
        cleaned: never a formula (the quote prefix, as reports/xlsx.py explains)."""
        cell = self._short.get(value)
        if cell is None:
            cell = _text_cell(clean_text(value), self.styles)
            if len(value) <= 64:
                self._short[value] = cell
        return cell


def _text_cell(text: str, styles: CellStyles) -> str:
    if not text:
        return ""
    style = styles.quoted if text.startswith(FORMULA_TRIGGERS) else styles.text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text:
        text = _EXCEL_ESCAPE_RE.sub(r"_x005F\1", text)
    space = (
        ' xml:space="preserve"'
        if text.startswith(_WHITESPACE) or text.endswith(_WHITESPACE)
        else ""
    )
    return f' s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def splice(workbook: bytes, rows: Mapping[int, SheetRows], out: BinaryIO) -> None:
    """The workbook with each sheet's rows after its header row: `rows` maps a sheet's number
    (1 for the first added) to its rows, and each such sheet's dimension is set to them."""
    with (
        zipfile.ZipFile(BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            match = _SHEET_RE.fullmatch(info.filename)
            sheet = rows.get(int(match.group(1))) if match else None
            data = source.read(info)
            if sheet is None:
                target.writestr(info, data)
                continue
            head, end, tail = data.partition(b"</sheetData>")
            if not end:
                raise ValueError(f"{info.filename} has no rows to add to")
            last_column = _last_column(head)
            head = _DIMENSION_RE.sub(
                f'<dimension ref="A1:{last_column}{sheet.last + 1}"/>'.encode(), head, count=1
            )
            with target.open(info, "w") as entry:
                entry.write(head)
                sheet.copy_to(entry)
                entry.write(end + tail)


def _last_column(head: bytes) -> str:
    """The last column of the header row XlsxWriter wrote (its dimension says it)."""
    match = re.search(rb'<dimension ref="A1(?::([A-Z]+)\d+)?"/>', head)
    return match.group(1).decode() if match and match.group(1) else "A"
