"""The Werkagenda as an Excel workbook: one sheet per kind of item, built from the public models.

Pure: public models in, .xlsx bytes out. Each sheet has a bold header row that stays in view
(frozen panes), an autofilter, column widths that fit their content, real Excel dates with a
Dutch date format and, beside each parsed date, the phrase as the Werkagenda or the Kamer wrote
it ("Q3-2026", "voor de zomer"), because the phrase is what was promised and the date only our
reading of it. Status columns carry a validation list of the Dutch labels, so someone who sorts
or edits the sheet keeps to the known statuses. User text cannot become a formula (reports/xlsx.py).
Only fields of the public projection exist here, so internal notes cannot appear.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import NamedTuple

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from app.domain.labels import (
    COMMITMENT_STATUS_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
)
from app.models import CommitmentKind
from app.public.models import (
    ActiviteitOut,
    AfspraakOut,
    CommitmentOut,
    MijlpaalOut,
    PeriodOut,
)
from reports.sheet_rows import CellStyles, SheetRows, splice
from reports.xlsx import DUTCH_DATE, wrapped_lines

HEADER_COLOUR = "#DCE3EA"

SHEETS = ("Afspraken", "Activiteiten", "Mijlpalen", "Voortgang", "Toezeggingen", "Moties")


class VoortgangRow(NamedTuple):
    """One progress update as the history sheet shows it: public fields only.

    A plain row, not a public model: at 50 times the seed's size the sheet holds 50,000 of them,
    and reading each as an ORM object and a pydantic model took longer than writing it.
    """

    id: int
    afspraak: str
    mijlpaal: str | None  # its key ("5a/A"), or None for an update on the afspraak itself
    effective_date: date
    recorded_at: datetime
    status: str | None
    public_text: str
    forecast_text: str
    forecast_end: date | None
    reached_on: date | None
    source: str | None  # the key of the Kamerstuk it cites


@dataclass(frozen=True)
class ExportData:
    """Everything the export shows, in public models; `generated` dates the workbook."""

    generated: datetime
    afspraken: Sequence[AfspraakOut]
    activiteiten: Sequence[ActiviteitOut]
    mijlpalen: Sequence[MijlpaalOut]
    # Newest first; may be a stream from the database, read once, while its session is open:
    # at 50 times the seed's size the rows take 60 MB when held all at once.
    voortgang: Iterable[VoortgangRow]
    commitments: Sequence[CommitmentOut]


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    wrap: bool = False
    status: dict[str, str] | None = None  # the labels of a status column's validation list


def build_export(data: ExportData) -> bytes:
    """The workbook of the whole Werkagenda and Kamer register, as .xlsx bytes.

    XlsxWriter writes the file and each sheet's header, layout and lists; the data rows are
    written as XML by reports/sheet_rows.py and put in after it (at 50 times the seed's size
    the sheets hold 400,000 cells, which XlsxWriter took 6–7 s to write, openpyxl over 30 s).
    """
    frame = BytesIO()
    workbook = xlsxwriter.Workbook(frame, {"constant_memory": True})
    workbook.set_properties(
        {
            "title": "Werkagenda E5: afspraken, mijlpalen, voortgang en Kamer",
            "author": "E5 Werkagenda tracker",
            # Fixed, so the same data gives the same workbook metadata.
            "created": data.generated.replace(tzinfo=None),
        }
    )
    styles = _Styles(workbook)
    toezeggingen = [c for c in data.commitments if c.kind is CommitmentKind.TOEZEGGING]
    moties = [c for c in data.commitments if c.kind is CommitmentKind.MOTIE]
    bodies: dict[int, SheetRows] = {}
    try:
        for number, (title, columns, rows) in enumerate(
            (
                ("Afspraken", AFSPRAAK_COLUMNS, (_afspraak(a) for a in data.afspraken)),
                ("Activiteiten", ACTIVITEIT_COLUMNS, (_activiteit(a) for a in data.activiteiten)),
                ("Mijlpalen", MIJLPAAL_COLUMNS, (_mijlpaal(m) for m in data.mijlpalen)),
                ("Voortgang", VOORTGANG_COLUMNS, (_voortgang(v) for v in data.voortgang)),
                ("Toezeggingen", TOEZEGGING_COLUMNS, (_toezegging(c) for c in toezeggingen)),
                ("Moties", MOTIE_COLUMNS, (_motie(c) for c in moties)),
            ),
            start=1,
        ):
            bodies[number] = _body(styles, columns, rows)
            _sheet(workbook.add_worksheet(title), styles, columns, bodies[number].last)
        workbook.close()
        out = BytesIO()
        splice(frame.getvalue(), bodies, out)
    finally:
        for body in bodies.values():
            body.close()
    return out.getvalue()


class _Styles:
    """The workbook's cell formats, one per mix of wrapping, date format and quote prefix."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._formats: dict[tuple[bool, bool, bool], Format] = {}
        self.header = workbook.add_format(
            {"bold": True, "bg_color": HEADER_COLOUR, "text_wrap": True, "valign": "top"}
        )

    def column(self, *, wrap: bool) -> CellStyles:
        """The style numbers of a column's text, quoted text and date cells."""
        return CellStyles(
            text=self._index(wrap=wrap),
            quoted=self._index(wrap=wrap, quote=True),
            day=self._index(wrap=wrap, is_date=True),
        )

    def _index(self, *, wrap: bool, is_date: bool = False, quote: bool = False) -> int:
        key = (wrap, is_date, quote)
        if key not in self._formats:
            spec: dict[str, object] = {"valign": "top", "text_wrap": wrap, "quote_prefix": quote}
            if is_date:
                spec["num_format"] = DUTCH_DATE
            self._formats[key] = self._workbook.add_format(spec)
        # XlsxWriter numbers a format (and writes it to the styles) when a cell first uses it;
        # the rows are written apart (reports/sheet_rows.py), so this asks for the number.
        return int(self._formats[key]._get_xf_index())


def _body(styles: _Styles, columns: Sequence[Column], rows: Iterable[list[object]]) -> SheetRows:
    """A sheet's data rows, each as high as its longest wrapped text needs (LibreOffice does
    not grow a wrapped row it opens)."""
    body = SheetRows([styles.column(wrap=c.wrap) for c in columns])
    wrapped = [(n, c.width) for n, c in enumerate(columns) if c.wrap]
    for values in rows:
        lines = max(
            (wrapped_lines(v, width) for n, width in wrapped if isinstance(v := values[n], str)),
            default=1,
        )
        body.write(values, height=min(15 * lines, 409) if lines > 1 else None)
    return body


def _sheet(ws: Worksheet, styles: _Styles, columns: Sequence[Column], last: int) -> None:
    """A bold header row and column widths, frozen panes, a filter, print setup and status
    lists, for a sheet whose data rows run to row `last` (0-based)."""
    for number, column in enumerate(columns):
        ws.set_column(number, number, column.width)
    ws.set_row(0, 30)  # two lines: headers such as "Gepland (zoals geschreven)"
    for number, column in enumerate(columns):
        ws.write_string(0, number, column.title, styles.header)
    ws.freeze_panes(1, 1)  # the header row and the first (key) column
    ws.autofilter(0, 0, max(last, 1), len(columns) - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # as wide as one page
    ws.repeat_rows(0)
    for number, column in enumerate(columns):
        if column.status:
            ws.data_validation(
                1,
                number,
                max(last, 1),
                number,
                {
                    "validate": "list",
                    "source": list(column.status.values()),
                    "ignore_blank": True,
                    "error_title": "Ongeldige status",
                    "error_message": "Kies een status uit de lijst.",
                    "input_title": "Status",
                    "input_message": "Kies een status.",
                },
            )


def _label(status: str | None, labels: dict[str, str]) -> str:
    return labels[status] if status else ""


def _phrase(period: PeriodOut | None) -> str:
    return period.text if period else ""


def _codes(items: Sequence[str]) -> str:
    return ", ".join(items)


AFSPRAAK_COLUMNS = (
    Column("Afspraak", 10),
    Column("Hoort bij", 10),
    Column("Titel", 40, wrap=True),
    Column("Status", 16, status=STATUS_LABELS),
    Column("Toelichting status", 40, wrap=True),
    Column("Mijlpalen te laat", 10),
    Column("Laatste voortgang", 18),
    Column(ROLE_LABELS["opsteller"], 20, wrap=True),
    Column(ROLE_LABELS["samen_met"], 30, wrap=True),
    Column(ROLE_LABELS["informeren"], 25, wrap=True),
    Column("Wacht op", 12),
    Column("Nodig voor", 12),
    Column("Doel", 50, wrap=True),
    Column("Resultaat", 50, wrap=True),
    Column("Afspraak (tekst)", 60, wrap=True),
)


def _afspraak(a: AfspraakOut) -> list[object]:
    def parties(role: str) -> str:
        return ", ".join(
            d.partij + (f" ({d.note})" if d.note else "") for d in a.deelnames if d.role == role
        )

    return [
        a.code,
        a.parent or "",
        a.title,
        STATUS_LABELS[a.status],
        "; ".join(a.status_reasons),
        a.overdue_mijlpalen,
        a.last_update,
        parties("opsteller"),
        parties("samen_met"),
        parties("informeren"),
        _codes(a.needs),
        _codes(a.needed_by),
        a.goal,
        a.result,
        a.agreement_text,
    ]


ACTIVITEIT_COLUMNS = (
    Column("Activiteit", 10),
    Column("Afspraak", 10),
    Column("Nr.", 6),
    Column("Omschrijving", 60, wrap=True),
    Column("Periode (zoals geschreven)", 20),
    Column("Begin", 18),
    Column("Einde", 18),
    Column("Partijen", 30, wrap=True),
)


def _activiteit(a: ActiviteitOut) -> list[object]:
    return [
        a.key,
        a.afspraak,
        a.number,
        a.text,
        a.period.text,
        a.period.start,
        a.period.end,
        _codes(a.partijen),
    ]


MIJLPAAL_COLUMNS = (
    Column("Mijlpaal", 12),
    Column("Afspraak", 10),
    Column("Label", 10),
    Column("Omschrijving", 60, wrap=True),
    Column("Gepland (zoals geschreven)", 20),
    Column("Gepland uiterlijk", 18),
    Column("Verwacht (zoals gemeld)", 20),
    Column("Verwacht uiterlijk", 18),
    Column("Bereikt op", 18),
    Column("Staat op", 18),
    Column("Verschoven (dagen)", 12),
    Column("Status", 16, status=STATUS_LABELS),
    Column("Te laat", 8),
)


def _mijlpaal(m: MijlpaalOut) -> list[object]:
    return [
        m.key,
        m.afspraak,
        m.label,
        m.text,
        m.plan.text,
        m.plan.end,
        _phrase(m.forecast),
        m.forecast.end if m.forecast else None,
        m.reached_on,
        m.due,
        m.slip_days,
        STATUS_LABELS[m.status],
        m.overdue,
    ]


VOORTGANG_COLUMNS = (
    Column("Nr.", 8),
    Column("Afspraak", 10),
    Column("Mijlpaal", 12),
    Column("Stand per", 18),
    Column("Gemeld op", 18),
    Column("Status", 16, status=STATUS_LABELS),
    Column("Voortgang (tekst voor de brief)", 70, wrap=True),
    Column("Verwacht (zoals gemeld)", 20),
    Column("Verwacht uiterlijk", 18),
    Column("Bereikt op", 18),
    Column("Bron", 24),
)


def _voortgang(v: VoortgangRow) -> list[object]:
    return [
        v.id,
        v.afspraak,
        v.mijlpaal or "",
        v.effective_date,
        v.recorded_at.date(),
        _label(v.status, STATUS_LABELS),
        v.public_text,
        v.forecast_text,
        v.forecast_end if v.forecast_text else None,
        v.reached_on,
        v.source or "",
    ]


def _commitment_columns(first: Sequence[Column]) -> tuple[Column, ...]:
    return (
        *first,
        Column("Tekst", 70, wrap=True),
        Column("Herkomst", 40, wrap=True),
        Column("Datum herkomst", 18),
        Column("Termijn (zoals geschreven)", 24, wrap=True),
        Column("Termijn uiterlijk", 18),
        Column("Uiterlijk", 18),
        Column("Status", 16, status=COMMITMENT_STATUS_LABELS),
        Column("Afgedaan met", 24),
        Column("Te laat", 8),
        Column("Afspraken", 14),
        Column("Documenten", 30, wrap=True),
    )


def _commitment_values(c: CommitmentOut) -> list[object]:
    return [
        c.text,
        c.origin,
        c.origin_date,
        c.due_text,
        c.deadline.end if c.deadline else None,
        c.due,
        COMMITMENT_STATUS_LABELS[c.status],
        c.status_document or "",
        c.overdue,
        _codes(c.afspraken),
        _codes(c.documents),
    ]


def _members(c: CommitmentOut) -> str:
    return ", ".join(m.name + (f" ({m.fraction})" if m.fraction else "") for m in c.members)


TOEZEGGING_COLUMNS = _commitment_columns(
    (
        Column("Toezegging", 30),
        Column("TK-nummer", 16),
        Column("Gedaan aan", 24, wrap=True),
        Column("Gedaan in", 10),
    )
)


def _toezegging(c: CommitmentOut) -> list[object]:
    return [c.key, c.tk_number or "", c.made_to or "", c.made_in or "", *_commitment_values(c)]


MOTIE_COLUMNS = _commitment_columns(
    (
        Column("Motie", 30),
        Column("TK-nummer", 16),
        Column("Kamerstuk", 14),
        Column("Indieners", 30, wrap=True),
    )
)


def _motie(c: CommitmentOut) -> list[object]:
    return [c.key, c.tk_number or "", c.kamerstuk_number or "", _members(c), *_commitment_values(c)]
