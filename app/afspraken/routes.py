"""Routes of the afspraken pages."""

from flask import render_template

from app.afspraken import bp
from app.afspraken.queries import list_afspraken_with_mijlpalen
from app.db import get_session


@bp.get("/")
def index() -> str:
    """The Werkagenda: every afspraak with its mijlpalen."""
    rows = list_afspraken_with_mijlpalen(session=get_session())
    return render_template("afspraken/list.html", rows=rows)
