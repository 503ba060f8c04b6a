"""Jinja filters for Dutch display."""

from datetime import date

from flask import Flask

from app.domain.periods import format_day


def init_app(app: Flask) -> None:
    """Register the template filters."""
    app.add_template_filter(_dutch_date, "dutch_date")


def _dutch_date(value: date | None) -> str:
    return format_day(value) if value else ""
