"""Today's date where the Werkagenda lives; tests and demos may pin it with the TODAY setting."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def today() -> date:
    pinned = current_app.config.get("TODAY")
    if pinned:
        return pinned if isinstance(pinned, date) else date.fromisoformat(str(pinned))
    return datetime.now(AMSTERDAM).date()
