"""Writes on afspraken: progress updates (appended, never changed) and plan edits (audited)."""

from datetime import date

from sqlmodel import Session

from app.afspraken.forms import PlanInput, VoortgangInput
from app.domain.periods import Precision
from app.models import Mijlpaal, PlanWijziging, RecordedVia, Voortgang, utcnow


def record_voortgang(
    value: VoortgangInput,
    *,
    session: Session,
    afspraak_id: int,
    mijlpaal_id: int | None,
    recorded_by: str,
    recorded_by_id: int | None,
    today: date,
    via: RecordedVia = RecordedVia.FORM,
    ref: str | None = None,
) -> Voortgang:
    """Append one progress update (from the web form of the signed-in account `recorded_by_id`,
    or an Excel import with its `ref`); the plan itself stays as it was (it is the baseline)."""
    forecast = value.forecast
    update = Voortgang(
        afspraak_id=afspraak_id,
        mijlpaal_id=mijlpaal_id,
        recorded_at=utcnow(),
        recorded_by=recorded_by,
        recorded_by_id=recorded_by_id,
        recorded_via=via,
        recorded_ref=ref,
        effective_date=today,
        status=value.status_value,
        public_text=value.public_text,
        internal_note=value.internal_note,
        forecast_text=forecast.text if forecast else "",
        forecast_start=forecast.start if forecast else None,
        forecast_end=forecast.end if forecast else None,
        forecast_precision=forecast.precision if forecast else None,
        reached_on=value.reached_on,
        source_id=value.source_id,
    )
    session.add(update)
    return update


def edit_mijlpaal_plan(
    mijlpaal: Mijlpaal, value: PlanInput, *, session: Session, key: str, changed_by: str
) -> list[PlanWijziging]:
    """Change a mijlpaal's wording and planned date, keeping who, when, why and the old value."""
    assert value.planned is not None
    new = {
        "text": value.text,
        "planned_text": value.planned.text,
        "planned_start": value.planned.start,
        "planned_end": value.planned.end,
        "planned_precision": value.planned.precision,
    }
    now = utcnow()
    changes: list[PlanWijziging] = []
    for field, new_value in new.items():
        old_value = getattr(mijlpaal, field)
        if old_value == new_value:
            continue
        changes.append(
            PlanWijziging(
                changed_at=now,
                changed_by=changed_by,
                reason=value.reason,
                entity="mijlpaal",
                entity_key=key,
                field=field,
                old_value=_text(old_value),
                new_value=_text(new_value),
            )
        )
        setattr(mijlpaal, field, new_value)
    session.add(mijlpaal)
    session.add_all(changes)
    return changes


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Precision):
        return value.value
    return value.isoformat() if isinstance(value, date) else str(value)
