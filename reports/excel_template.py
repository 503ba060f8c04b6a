"""A party's Excel template: its afspraken and mijlpalen, to report progress on offline.

Pure: template rows in, .xlsx bytes out. The sheet is protected with only the input columns
unlocked, so the ids and the plan a row describes cannot be typed over by accident. Protection
without a password is a guard against slips, not a lock (anyone may lift it), so every row also
carries, in a hidden column, a fingerprint of each locked cell: reports/excel_import.py
recomputes them and names the locked column that was edited. A very hidden sheet names the
party, the format and when the file was made; the import checks that too. Permissions are never
taken from the file: the app checks every row against who uploads it.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.labels import STATUS_LABELS
from reports.xlsx import (
    DUTCH_DATE,
    WRAP,
    add_list_validation,
    clean_text,
    print_setup,
    put_date,
    put_text,
    set_height,
    wrapped_lines,
    write_header,
)

FORMAT = "e5-partijsjabloon-1"
SHEET = "Voortgang"
MARKER_SHEET = "_e5"
KIND_AFSPRAAK, KIND_MIJLPAAL = "Afspraak", "Mijlpaal"

# (title, width); the order is the file format: the import reads columns by these titles.
LOCKED = (
    ("Soort", 10),
    ("Sleutel", 10),
    ("Omschrijving", 50),
    ("Gepland", 14),
    ("Status nu", 16),
    ("Staat nu op", 18),
    ("Laatste tekst voor de brief", 40),
)
INPUTS = (
    ("Nieuwe status", 18),
    ("Tekst voor de voortgangsbrief", 50),
    ("Interne notitie", 40),
    ("Nieuwe verwachte datum", 20),
    ("Bereikt op", 16),
)
CHECK = ("Controle", 10)
HEADERS = tuple(title for title, _ in (*LOCKED, *INPUTS, CHECK))
FIRST_INPUT = len(LOCKED) + 1
FORECAST_COLUMN = HEADERS.index("Nieuwe verwachte datum") + 1
REACHED_COLUMN = HEADERS.index("Bereikt op") + 1
CHECK_COLUMN = len(HEADERS)
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
CLOSED_FILL = PatternFill("solid", fgColor="EEEEEE")


@dataclass(frozen=True)
class TemplateItem:
    """One row: an afspraak (key "3") or a mijlpaal (key "3/A") and where it stands now."""

    key: str
    mijlpaal: bool
    text: str
    planned: str
    status: str  # the Dutch label
    stands_on: date | None
    last_text: str

    def locked_values(self) -> tuple[object, ...]:
        kind = KIND_MIJLPAAL if self.mijlpaal else KIND_AFSPRAAK
        return (
            kind,
            self.key,
            self.text,
            self.planned,
            self.status,
            self.stands_on,
            self.last_text,
        )


def row_digest(values: Sequence[object]) -> str:
    """Fingerprints of a row's locked cells, one per column, as written or as read back."""
    return ",".join(hashlib.sha256(_canonical(v).encode()).hexdigest()[:8] for v in values)


def _canonical(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def build_template(
    partij_code: str, partij_name: str, items: Sequence[TemplateItem], generated: datetime
) -> bytes:
    """The party's template as .xlsx bytes."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET
    write_header(ws, HEADERS, [width for _, width in (*LOCKED, *INPUTS, CHECK)])
    ws.freeze_panes = "C2"
    for r, item in enumerate(items, start=2):
        _write_item(ws, r, item)
    ws.column_dimensions[get_column_letter(CHECK_COLUMN)].hidden = True
    add_list_validation(
        ws,
        FIRST_INPUT,
        list(STATUS_LABELS.values()),
        len(items),
        prompt="Kies de nieuwe status, of laat leeg als die niet verandert.",
    )
    ws.auto_filter.ref = f"A1:{get_column_letter(CHECK_COLUMN)}{max(len(items) + 1, 2)}"
    # Protected with the input cells unlocked; filtering and resizing stay possible.
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    print_setup(ws)
    _write_explanation(workbook.create_sheet("Uitleg"), partij_code, partij_name, generated)
    marker = workbook.create_sheet(MARKER_SHEET)
    for row in (("formaat", FORMAT), ("partij", partij_code), ("gemaakt", generated.isoformat())):
        marker.append(row)
    marker.protection.sheet = True
    marker.sheet_state = "veryHidden"
    workbook.properties.title = f"Voortgang {partij_code}"
    workbook.properties.creator = "E5 Werkagenda tracker"
    workbook.properties.created = workbook.properties.modified = generated.replace(tzinfo=None)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write_item(ws: Worksheet, r: int, item: TemplateItem) -> None:
    # As the cells will hold them, so the fingerprints match what the import reads back.
    values = tuple(clean_text(v) if isinstance(v, str) else v for v in item.locked_values())
    lines = wrapped_lines(item.text, LOCKED[2][1])
    set_height(ws, r, max(lines, wrapped_lines(item.last_text, LOCKED[6][1])))
    for c, value in enumerate(values, start=1):
        cell = ws.cell(row=r, column=c)
        if isinstance(value, date):
            put_date(cell, value)
        else:
            put_text(cell, None if value is None else str(value))
        cell.alignment = WRAP
    for c in range(FIRST_INPUT, CHECK_COLUMN):
        cell = ws.cell(row=r, column=c)
        cell.alignment = WRAP
        # An afspraak has no date of its own: only a mijlpaal gets a forecast or is reached.
        if not item.mijlpaal and c in (FORECAST_COLUMN, REACHED_COLUMN):
            cell.fill = CLOSED_FILL
            continue
        cell.protection = Protection(locked=False)
        cell.fill = INPUT_FILL
        if c == FORECAST_COLUMN:
            cell.number_format = "@"  # a phrase such as "Q2-2027": Excel must not make it a date
        elif c == REACHED_COLUMN:
            cell.number_format = DUTCH_DATE
    ws.cell(row=r, column=CHECK_COLUMN, value=row_digest(values))


def _write_explanation(
    ws: Worksheet, partij_code: str, partij_name: str, generated: datetime
) -> None:
    lines = (
        f"Voortgang van {partij_name} ({partij_code}) voor de Werkagenda E5",
        f"Gemaakt op {generated.strftime('%d-%m-%Y om %H:%M')} (UTC).",
        "",
        "Vul per afspraak of mijlpaal de gele kolommen in op het blad 'Voortgang'. "
        "Laat een rij leeg als er niets verandert.",
        "Nieuwe status: kies uit de lijst. Tekst voor de voortgangsbrief: wordt openbaar. "
        "Interne notitie: alleen voor ingelogde gebruikers.",
        "Nieuwe verwachte datum (alleen mijlpalen): bijvoorbeeld 'Q2-2027', 'eind 2026', "
        "'maart 2027' of '15-12-2026'.",
        "Bereikt op (alleen mijlpalen): de dag waarop de mijlpaal bereikt is, bijvoorbeeld "
        "15-10-2026.",
        "Wijzig de grijze kolommen niet: daaraan herkent de tracker de rij.",
        "Lever het bestand in via 'Excel inlezen' in de tracker; u ziet eerst wat er verandert.",
    )
    for number, line in enumerate(lines, start=1):
        cell = ws.cell(row=number, column=1)
        put_text(cell, line)
        if number == 1:
            cell.font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 120
