"""An uploaded party template checked against the database, and recorded all at once.

The preview judges every row the way the progress form judges one update (the same parser, so
one rule in one place), plus what only an upload can get wrong: a key that does not exist, an
item of another party, an edited locked column. Recording is all or nothing: one error anywhere
and nothing is recorded. Each recorded row's `recorded_ref` is the file's SHA-256 and its row, so
the same file uploaded again adds nothing; a row equal to the item's latest update is skipped
too, so a file uploaded again with one more row filled in adds only that row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select
from werkzeug.datastructures import MultiDict

from app.afspraken.forms import VoortgangInput, parse_voortgang_form
from app.afspraken.queries import AfspraakView, MijlpaalView, Werkagenda
from app.afspraken.updates import record_voortgang
from app.auth.permissions import can_report, can_report_for_partij
from app.domain.labels import STATUS_LABELS
from app.domain.ownership import owned_by
from app.domain.periods import format_day
from app.models import Partij, RecordedVia, Voortgang, import_ref

if TYPE_CHECKING:  # the reader itself is imported where a file is read: see app/excel
    from reports.excel_import import FileRow, PartyFile

COLUMN_OF_FIELD = {
    "status": "Nieuwe status",
    "public_text": "Tekst voor de voortgangsbrief",
    "internal_note": "Interne notitie",
    "forecast_text": "Nieuwe verwachte datum",
    "reached_on": "Bereikt op",
}


class ImportRefused(ValueError):
    """The whole file is refused (another party's, an unknown party); the message is Dutch."""


class Outcome(StrEnum):
    CHANGE = "wijziging"
    ERROR = "fout"
    EMPTY = "leeg"
    UNCHANGED = "ongewijzigd"
    DONE = "al ingelezen"


@dataclass
class RowResult:
    row: int
    key: str
    outcome: Outcome
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    value: VoortgangInput | None = None
    afspraak_id: int | None = None
    mijlpaal_id: int | None = None


@dataclass
class ImportPreview:
    file: PartyFile
    partij: Partij
    rows: list[RowResult]

    def having(self, outcome: str) -> list[RowResult]:
        return [r for r in self.rows if r.outcome == outcome]

    @property
    def can_record(self) -> bool:
        """All or nothing: only a file without a single error, with something to record."""
        return not self.having(Outcome.ERROR) and bool(self.having(Outcome.CHANGE))

    def ref(self, row: RowResult) -> str:
        return import_ref(self.file.sha256, row.row)


def check_import(
    file: PartyFile, *, session: Session, werkagenda: Werkagenda, user: Any | None
) -> ImportPreview:
    """Every row of the file judged; `user` None is the command line (the secretariaat's)."""
    partij = werkagenda.partij(file.partij)
    if partij is None or partij.id is None:
        raise ImportRefused(
            f"Dit sjabloon is voor partij '{file.partij}', die de tracker niet (meer) kent. "
            "Download een nieuw sjabloon."
        )
    if user is not None and not can_report_for_partij(user, partij.id):
        raise ImportRefused(
            f"Dit sjabloon is van {partij.code}; u meldt alleen voortgang voor uw eigen "
            "partij(en). Download het sjabloon van uw partij op haar pagina."
        )
    done = _imported_rows(file.sha256, session=session)
    rows = [
        _check_row(r, werkagenda, partij, user, import_ref(file.sha256, r.row) in done)
        for r in file.rows
    ]
    return ImportPreview(file=file, partij=partij, rows=rows)


def record_import(
    preview: ImportPreview,
    *,
    session: Session,
    recorded_by: str,
    recorded_by_id: int | None,
    today: date,
) -> list[Voortgang]:
    """Add one Voortgang per changed row; the caller commits them in one transaction."""
    if not preview.can_record:
        raise ImportRefused("Er is niets vastgelegd: het bestand bevat fouten of geen wijzigingen.")
    added = []
    for row in preview.having(Outcome.CHANGE):
        assert row.value is not None and row.afspraak_id is not None
        added.append(
            record_voortgang(
                row.value,
                session=session,
                afspraak_id=row.afspraak_id,
                mijlpaal_id=row.mijlpaal_id,
                recorded_by=recorded_by,
                recorded_by_id=recorded_by_id,
                today=today,
                via=RecordedVia.IMPORT,
                ref=preview.ref(row),
            )
        )
    session.flush()  # a clash of (recorded_via, recorded_ref) shows here, before the commit
    return added


def _imported_rows(sha256: str, *, session: Session) -> set[str]:
    return {
        ref
        for ref in session.exec(
            select(Voortgang.recorded_ref).where(
                Voortgang.recorded_via == RecordedVia.IMPORT,
                col(Voortgang.recorded_ref).startswith(f"{sha256}:"),
            )
        )
        if ref is not None
    }


def _find(werkagenda: Werkagenda, key: str) -> tuple[AfspraakView, MijlpaalView | None] | None:
    code, slash, label = key.partition("/")
    view = werkagenda.get(code)
    if view is None:
        return None
    if not slash:
        return view, None
    mijlpaal = next((m for m in view.mijlpalen if m.mijlpaal.label == label), None)
    return (view, mijlpaal) if mijlpaal else None


def _check_row(
    row: FileRow, werkagenda: Werkagenda, partij: Partij, user: Any | None, done: bool
) -> RowResult:
    result = RowResult(row=row.row, key=row.key, outcome=Outcome.ERROR, errors=list(row.problems))
    found = _find(werkagenda, row.key) if row.key else None
    if found is None:
        result.errors.append(
            f"Er is geen afspraak of mijlpaal '{row.key}' in de Werkagenda. Gebruik alleen de "
            "rijen van het sjabloon."
        )
        return result
    view, mijlpaal = found
    assert partij.id is not None
    result.afspraak_id = view.afspraak.id
    result.mijlpaal_id = mijlpaal.mijlpaal.id if mijlpaal else None
    if row.mijlpaal != (mijlpaal is not None) and not result.errors:
        result.errors.append("De soort van de rij past niet bij de sleutel.")
    if not owned_by(view.deelnames, {partij.id}):
        result.errors.append(
            f"Afspraak {view.code} is niet van {partij.code} ({partij.code} is er geen opsteller "
            "of 'samen met'). Meld deze voortgang in het sjabloon van die partij."
        )
    elif user is not None and not can_report(user, view):
        result.errors.append(f"U mag geen voortgang melden voor afspraak {view.code}.")
    if row.empty:
        result.outcome = Outcome.ERROR if result.errors else Outcome.EMPTY
        return result
    value = _judge_fields(row, mijlpaal is not None, werkagenda.today, result.errors)
    if value is None or result.errors:
        return result
    result.value = value
    latest = (mijlpaal.updates if mijlpaal else view.updates)[:1]
    if done:
        result.outcome = Outcome.DONE
    elif latest and _same(value, latest[0]):
        result.outcome = Outcome.UNCHANGED
    else:
        result.outcome = Outcome.CHANGE
        result.changes = _describe(value, latest[0] if latest else None)
    return result


def _judge_fields(
    row: FileRow, for_mijlpaal: bool, today: date, errors: list[str]
) -> VoortgangInput | None:
    if not for_mijlpaal and (row.forecast_text or row.reached_text):
        errors.append(
            "Een afspraak krijgt geen verwachte of bereikte datum; die horen bij haar mijlpalen. "
            "Maak de kolommen 'Nieuwe verwachte datum' en 'Bereikt op' leeg."
        )
    if row.forecast_text and row.reached_text:
        errors.append(
            "Een bereikte mijlpaal krijgt geen nieuwe verwachte datum. Vul 'Nieuwe verwachte "
            "datum' of 'Bereikt op' in, niet allebei."
        )
    if errors:
        return None
    form = MultiDict(
        {
            "status": row.status,
            "public_text": row.public_text,
            "internal_note": row.internal_note,
            "forecast_text": row.forecast_text,
            "reached": "on" if row.reached_text else "",
            "reached_on": row.reached_text,
        }
    )
    value, problems = parse_voortgang_form(form, today=today, for_mijlpaal=for_mijlpaal)
    for name, message in problems.items():
        if name == "reached":  # the form's words are about its checkbox
            message = "Bij status 'Afgerond' hoort de datum waarop de mijlpaal bereikt is."
            name = "reached_on"
        column = COLUMN_OF_FIELD.get(name)
        errors.append(f"{column}: {message}" if column else message)
    return value


def _same(value: VoortgangInput, latest: Voortgang) -> bool:
    return (
        value.status_value == latest.status
        and value.public_text == latest.public_text.strip()
        and value.internal_note == latest.internal_note.strip()
        and value.forecast_text == latest.forecast_text
        and value.reached_on == latest.reached_on
    )


def _describe(value: VoortgangInput, latest: Voortgang | None) -> list[str]:
    changes = []
    if value.status_value:
        label = STATUS_LABELS[value.status_value]
        was = f" (was {STATUS_LABELS[latest.status]})" if latest and latest.status else ""
        changes.append(f"Status: {label}{was}")
    if value.public_text:
        changes.append(f"Tekst voor de brief: {value.public_text}")
    if value.internal_note:
        changes.append(f"Interne notitie: {value.internal_note}")
    if value.forecast:
        changes.append(f"Nieuwe verwachte datum: {value.forecast.text}")
    if value.reached_on:
        changes.append(f"Bereikt op {format_day(value.reached_on)}")
    return changes
