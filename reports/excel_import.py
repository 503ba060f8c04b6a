"""Read a filled-in party template (reports/excel_template.py) back into rows, checking its form.

Pure: .xlsx bytes in, rows out. What this module can judge from the file alone it judges here:
that it is an .xlsx at all (not a renamed .docx, not a zip bomb), that it is our template in the
current format, which locked cells were edited, which statuses are not in the list, and which
cells hold formulas. Whether a key exists, whose it is and whether the dates parse is the app's
part (app/excel/imports.py), because it needs the database and the progress form's rules.
"""

import hashlib
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.labels import STATUS_LABELS
from reports.excel_template import (
    CHECK_COLUMN,
    FORMAT,
    HEADERS,
    KIND_MIJLPAAL,
    LOCKED,
    MARKER_SHEET,
    SHEET,
    row_digest,
)

# A party's template is tens of kilobytes; unpacked, anything near this is not one (a zip bomb).
MAX_UNPACKED = 20 * 1024 * 1024
STATUS_BY_LABEL = {label.casefold(): code for code, label in STATUS_LABELS.items()}
NEW_TEMPLATE = "Download een nieuw sjabloon in de tracker en vul dat in."


class ExcelFileError(ValueError):
    """The file as a whole cannot be read as a party template; the message says why, in Dutch."""


@dataclass(frozen=True)
class FileRow:
    """One row of the sheet as filled in, with the problems the file alone shows."""

    row: int
    kind: str
    key: str
    status_label: str
    public_text: str
    internal_note: str
    forecast_text: str
    reached_text: str
    problems: tuple[str, ...] = ()

    @property
    def mijlpaal(self) -> bool:
        return self.kind == KIND_MIJLPAAL

    @property
    def status(self) -> str:
        """The status code for the label typed ("" for none or an unknown label)."""
        return STATUS_BY_LABEL.get(self.status_label.casefold(), "")

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.status_label,
                self.public_text,
                self.internal_note,
                self.forecast_text,
                self.reached_text,
            )
        )


@dataclass(frozen=True)
class PartyFile:
    partij: str
    generated: datetime | None
    sha256: str  # of the file's bytes: the identity of this upload (import_ref)
    rows: tuple[FileRow, ...] = field(default=())


def read_party_file(data: bytes) -> PartyFile:
    """The rows of a filled-in template; raises ExcelFileError for a file that is not one."""
    _check_container(data)
    try:
        workbook = load_workbook(BytesIO(data), read_only=False, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ExcelFileError(
            "Het bestand kon niet als Excel-werkmap worden gelezen (het is beschadigd of in een "
            f"ander formaat). {NEW_TEMPLATE}"
        ) from error
    if MARKER_SHEET not in workbook.sheetnames or SHEET not in workbook.sheetnames:
        raise ExcelFileError(
            "Dit is geen voortgangssjabloon van de tracker: het werkblad 'Voortgang' of het "
            f"kenmerk van het sjabloon ontbreekt. {NEW_TEMPLATE}"
        )
    marker = {
        str(key): "" if value is None else str(value)
        for key, value in workbook[MARKER_SHEET].iter_rows(max_col=2, values_only=True)
        if key is not None
    }
    if marker.get("formaat") != FORMAT:
        raise ExcelFileError(
            f"Dit sjabloon heeft een ander of ouder formaat dan de tracker leest. {NEW_TEMPLATE}"
        )
    partij = marker.get("partij", "").strip()
    if not partij:
        raise ExcelFileError(f"In dit sjabloon staat niet voor welke partij het is. {NEW_TEMPLATE}")
    ws = workbook[SHEET]
    header = [_text(ws.cell(row=1, column=c).value) for c in range(1, len(HEADERS) + 1)]
    for number, (found, wanted) in enumerate(zip(header, HEADERS, strict=True), start=1):
        if found != wanted:
            raise ExcelFileError(
                f"Kolom {number} van het werkblad 'Voortgang' heet '{found}' in plaats van "
                f"'{wanted}': de kolommen zijn gewijzigd. {NEW_TEMPLATE}"
            )
    rows = tuple(row for r in range(2, ws.max_row + 1) if (row := _read_row(ws, r)) is not None)
    return PartyFile(
        partij=partij,
        generated=_datetime(marker.get("gemaakt", "")),
        sha256=hashlib.sha256(data).hexdigest(),
        rows=rows,
    )


def _check_container(data: bytes) -> None:
    if not data:
        raise ExcelFileError("Het bestand is leeg. Kies het ingevulde Excel-bestand (.xlsx).")
    if not data.startswith(b"PK\x03\x04"):
        raise ExcelFileError(
            "Dit is geen Excel-bestand (.xlsx). Sla het sjabloon op als Excel-werkmap (.xlsx) "
            "en lever het opnieuw in."
        )
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise ExcelFileError(
            "Het bestand is beschadigd: het kon niet worden uitgepakt. Sla het opnieuw op als "
            "Excel-werkmap (.xlsx)."
        ) from error
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        kind = "een Word-document" if "word/document.xml" in names else "geen Excel-werkmap"
        raise ExcelFileError(
            f"Dit bestand is {kind}, ook al eindigt de naam misschien op .xlsx. Lever het "
            "ingevulde sjabloon in (een Excel-werkmap)."
        )
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED:
        raise ExcelFileError(
            "Het bestand is uitgepakt veel groter dan een voortgangssjabloon kan zijn. "
            f"{NEW_TEMPLATE}"
        )


def _read_row(ws: Worksheet, r: int) -> FileRow | None:
    cells = [ws.cell(row=r, column=c) for c in range(1, CHECK_COLUMN + 1)]
    values = [cell.value for cell in cells]
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
        return None
    problems: list[str] = []
    formulas = [HEADERS[i] for i, cell in enumerate(cells) if cell.data_type == "f"]
    if formulas:
        problems.append(
            f"Een formule in kolom {', '.join(repr(f) for f in formulas)}: typ de waarde zelf."
        )
    locked = values[: len(LOCKED)]
    expected = _text(values[CHECK_COLUMN - 1]).split(",")
    found = row_digest(locked).split(",")
    if len(expected) != len(found):
        problems.append(
            "Deze rij komt niet uit het sjabloon (de controlekolom ontbreekt of is gewijzigd). "
            "Gebruik alleen de rijen van het sjabloon."
        )
    else:
        edited = [title for (title, _), a, b in zip(LOCKED, expected, found, strict=True) if a != b]
        if edited:
            names = ", ".join(f"'{t}'" for t in edited)
            problems.append(
                f"Grijze kolom {names} is gewijzigd; die mag niet veranderen. Zet de "
                f"oorspronkelijke waarde terug, of {NEW_TEMPLATE[0].lower()}{NEW_TEMPLATE[1:]}"
            )
    status_label = _text(values[len(LOCKED)])
    if status_label and status_label.casefold() not in STATUS_BY_LABEL:
        choices = ", ".join(STATUS_LABELS.values())
        problems.append(f"Nieuwe status: '{status_label}' staat niet in de lijst ({choices}).")
    offset = len(LOCKED)
    return FileRow(
        row=r,
        kind=_text(values[0]),
        key=_text(values[1]),
        status_label=status_label,
        public_text=_text(values[offset + 1], strip_lines=False),
        internal_note=_text(values[offset + 2], strip_lines=False),
        forecast_text=_phrase(values[offset + 3]),
        reached_text=_day(values[offset + 4]),
        problems=tuple(problems),
    )


def _text(value: object, *, strip_lines: bool = True) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return " ".join(text.split()) if strip_lines else text


def _phrase(value: object) -> str:
    # Excel turns "15-12-2026" into a date despite the text format when it is pasted in.
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return _text(value)


def _day(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        serial: datetime = from_excel(value)  # a date serial that lost its format
        return serial.date().isoformat()
    return _text(value)


def _datetime(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
