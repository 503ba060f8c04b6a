"""Dates as a Dutch letter writes them, through Babel's Dutch locale: "30 juni 2026", "Q3 2026"."""

from datetime import date

from babel.dates import format_date


def day(value: date) -> str:
    """'30 juni 2026'."""
    return format_date(value, "d MMMM y", locale="nl")


def quarter(value: date) -> str:
    """'Q3 2026': the Werkagenda's own way of naming a quarter (Babel's Dutch says 'K3')."""
    return format_date(value, "'Q'Q y", locale="nl")
