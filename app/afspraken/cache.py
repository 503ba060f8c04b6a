"""The live Werkagenda as the pages read it: kept per data revision (app/read_model.py)."""

from datetime import date

from app.afspraken.queries import Werkagenda, load_werkagenda
from app.read_model import kept


def current_werkagenda(today: date) -> Werkagenda:
    """The live Werkagenda with its derived status on `today`, as every worker sees it now; the
    latest updates only (`with_history` reads one afspraak's history). Read it, never change it:
    its rows are frozen copies (app/frozen_rows.py), not ORM objects."""
    return kept(
        ("werkagenda", today), lambda session: load_werkagenda(session=session, today=today)
    )
