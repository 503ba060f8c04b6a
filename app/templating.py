"""Jinja filters and globals for Dutch display."""

import re
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
    app.add_template_filter(keep_dates, "keep_dates")
    app.add_template_global(Rol, "Rol")
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS


_DUTCH_DAY = re.compile(
    r"\b(\d{1,2}) (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober"
    r"|november|december) (\d{4})\b"
)


def keep_dates(text: str) -> str:
    """Join the words of each Dutch date ("30 juni 2026") so a line never breaks inside it."""
    return _DUTCH_DAY.sub("\\1\u00a0\\2\u00a0\\3", text)


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
