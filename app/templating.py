"""Jinja filters and globals for Dutch display."""

from datetime import date, datetime

from flask import Flask

from app.clock import AMSTERDAM
from app.domain.labels import PRECISION_LABELS, ROLE_LABELS, field_label
from app.domain.periods import Precision, format_day
from app.models import Rol


def init_app(app: Flask) -> None:
    """Register the template filters and globals."""
    app.add_template_filter(_dutch_date, "dutch_date")
    app.add_template_filter(plan_value, "plan_value")
    app.add_template_filter(_local_date, "local_date")
    app.add_template_filter(field_label, "field_label")
    app.add_template_global(Rol, "Rol")
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS


def _dutch_date(value: date | None) -> str:
    return format_day(value) if value else ""


def _local_date(value: datetime) -> date:
    return value.astimezone(AMSTERDAM).date()


def plan_value(value: str | None, field: str) -> str:
    """A stored old or new plan value as a reader expects it: Dutch dates and words."""
    if value is None or value == "":
        return "(leeg)"
    if field.endswith("_precision") and value in {p.value for p in Precision}:
        return PRECISION_LABELS[Precision(value)]
    if field == "removed_at" or field.endswith(("_start", "_end", "_date")):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        day = _local_date(moment) if moment.tzinfo else moment.date()
        return format_day(day)
    return value
