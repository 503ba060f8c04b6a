"""Excel: the public export of the Werkagenda and the parties' progress round trip."""

from flask import Blueprint

bp = Blueprint("excel", __name__)

from app.excel import routes  # noqa: E402,F401  (routes attach themselves to bp)
