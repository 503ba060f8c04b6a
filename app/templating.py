"""Jinja filters and globals for Dutch display."""

from datetime import date, datetime

from flask import Flask

from app.clock import AMSTERDAM
from app.domain.periods import format_day
from app.models import Rol
from app.seeding.load import FIELD_LABELS

# Plan fields as the secretariat knows them (the seed report's labels, plus the date parts).
_FIELD_LABELS = FIELD_LABELS | {
    "planned_start": "begin periode",
    "planned_precision": "precisie",
    "removed_at": "verwijderd",
}


def init_app(app: Flask) -> None:
    """Register the template filters and globals."""
    app.add_template_filter(_dutch_date, "dutch_date")
    app.add_template_filter(_local_date, "local_date")
    app.add_template_filter(_field_label, "field_label")
    app.add_template_global(Rol, "Rol")


def _dutch_date(value: date | None) -> str:
    return format_day(value) if value else ""


def _local_date(value: datetime) -> date:
    return value.astimezone(AMSTERDAM).date()


def _field_label(name: str) -> str:
    return _FIELD_LABELS.get(name, name)
