"""Turn database rows and the views the pages use into the public models, field by field."""

from collections.abc import Iterable, Mapping
from datetime import date

from app.afspraken.queries import AfspraakView, MijlpaalView, Werkagenda
from app.domain.commitments import due_date, is_overdue
from app.domain.periods import Precision
from app.models import (
    Activiteit,
    KamerCommitment,
    KamerStatusWijziging,
    Kamerstuk,
    Partij,
    PlanWijziging,
    Voortgang,
)
from app.public.models import (
    ActiviteitOut,
    AfspraakOut,
    CommitmentOut,
    DeelnameOut,
    KamerstukOut,
    LidOut,
    MijlpaalOut,
    PartijOut,
    PeriodOut,
    PlanWijzigingOut,
    StatusWijzigingOut,
    VoortgangOut,
)


def period(text: str, start: date | None, end: date | None, precision: Precision) -> PeriodOut:
    return PeriodOut(text=text, start=start, end=end, precision=Precision(precision))


def partij(row: Partij) -> PartijOut:
    return PartijOut(code=row.code, name=row.name, kind=row.kind.value)


def mijlpaal(view: MijlpaalView) -> MijlpaalOut:
    row, status = view.mijlpaal, view.status
    forecast = next((u for u in view.updates if u.forecast_text), None)  # updates: newest first
    return MijlpaalOut(
        key=view.key,
        afspraak=view.afspraak_code,
        label=row.label,
        text=row.text,
        plan=period(row.planned_text, row.planned_start, row.planned_end, row.planned_precision),
        forecast=_forecast(forecast) if forecast else None,
        reached_on=status.reached_on,
        due=status.stands_on,
        slip_days=status.slip_days,
        status=status.status,
        overdue=status.overdue,
    )


def activiteit(row: Activiteit, afspraak_code: str, partijen: Iterable[str]) -> ActiviteitOut:
    return ActiviteitOut(
        key=f"{afspraak_code}/{row.number}",
        afspraak=afspraak_code,
        number=row.number,
        text=row.text,
        period=period(row.planned_text, row.planned_start, row.planned_end, row.planned_precision),
        partijen=list(partijen),
    )


def voortgang(
    row: Voortgang, afspraak_code: str, mijlpaal_key: str | None, source_key: str | None
) -> VoortgangOut:
    assert row.id is not None
    return VoortgangOut(
        id=row.id,
        afspraak=afspraak_code,
        mijlpaal=mijlpaal_key,
        effective_date=row.effective_date,
        recorded_on=row.recorded_at.date(),
        status=row.status,
        public_text=row.public_text,
        forecast=_forecast(row) if row.forecast_text else None,
        reached_on=row.reached_on,
        source=source_key,
    )


def afspraak(view: AfspraakView, werkagenda: Werkagenda) -> AfspraakOut:
    row, status = view.afspraak, view.status
    return AfspraakOut(
        code=row.code,
        parent=view.parent_code,
        title=row.title,
        agreement_text=row.agreement_text,
        goal=row.goal,
        result=row.result,
        status=status.status,
        status_reasons=list(status.reasons),
        overdue_mijlpalen=status.overdue_count,
        last_update=status.last_update,
        deelnames=[
            DeelnameOut(partij=d.partij.code, role=d.role.value, note=d.note)
            for d in view.deelnames
        ],
        sub_afspraken=[child.code for child in view.children],
        needs=[code for code, link in werkagenda.needs.get(row.code, [])],
        needed_by=[code for code, link in werkagenda.needed_by.get(row.code, [])],
    )


def kamerstuk(row: Kamerstuk) -> KamerstukOut:
    return KamerstukOut(
        key=row.key,
        kind=row.kind,
        reference=row.reference,
        citation=row.citation,
        title=row.title,
        date=row.document_date,
    )


def commitment(
    row: KamerCommitment,
    *,
    today: date,
    afspraken: Iterable[str],
    documents: Iterable[str],
    document_keys: Mapping[int, str],
) -> CommitmentOut:
    """`document_keys` maps Kamerstuk ids to keys (for the document that settled it)."""
    members = row.members or []
    deadline = (
        period(row.due_phrase, row.due_start, row.due_end, row.due_precision)
        if row.due_phrase
        else None
    )
    return CommitmentOut(
        key=row.key,
        kind=row.kind,
        tk_number=row.tk_number,
        text=row.text,
        members=[LidOut(name=m.get("name", ""), fraction=m.get("fraction") or "") for m in members],
        kamerstuk_number=row.kamerstuk_number,
        made_to=row.made_to,
        made_in=row.made_in.value if row.made_in else None,
        origin=row.origin,
        origin_date=row.origin_date,
        due_text=row.due_text,
        deadline=deadline,
        due=due_date(row),
        status=row.status,
        status_document=document_keys.get(row.status_source_id) if row.status_source_id else None,
        overdue=is_overdue(row, today),
        afspraken=list(afspraken),
        documents=list(documents),
    )


def status_wijziging(
    row: KamerStatusWijziging, document_keys: Mapping[int, str]
) -> StatusWijzigingOut:
    return StatusWijzigingOut(
        changed_on=row.changed_at.date(),
        effective_date=row.effective_date,
        old_status=row.old_status,
        new_status=row.new_status,
        document=document_keys.get(row.document_id) if row.document_id else None,
        reason=row.reason,
    )


def _forecast(row: Voortgang) -> PeriodOut:
    precision = row.forecast_precision or Precision.UNKNOWN
    return period(row.forecast_text, row.forecast_start, row.forecast_end, precision)


def plan_wijziging(row: PlanWijziging) -> PlanWijzigingOut:
    return PlanWijzigingOut(
        entity=row.entity,
        key=row.entity_key,
        field=row.field,
        old_value=row.old_value,
        new_value=row.new_value,
        reason=row.reason,
        changed_on=row.changed_at.date(),
    )
