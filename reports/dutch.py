"""Dates as a Dutch letter writes them, through Babel's Dutch locale: "30 juni 2026", "Q3 2026"."""

from datetime import date
from functools import lru_cache

from babel.dates import format_date


# Kept per date: Babel parses its pattern on every call (about 50 µs), and a brief at 50 times
# the seed's size writes 55,000 dates, of a few hundred distinct days.
@lru_cache(maxsize=4096)
def day(value: date) -> str:
    """'30 juni 2026'."""
    return format_date(value, "d MMMM y", locale="nl")


def quarter(value: date) -> str:
    """'Q3 2026': the Werkagenda's own way of naming a quarter (Babel's Dutch says 'K3')."""
    return format_date(value, "'Q'Q y", locale="nl")
