"""Pages about afspraken."""

from flask import Blueprint

bp = Blueprint("afspraken", __name__)

from app.afspraken import routes  # noqa: E402,F401  (routes attach themselves to bp)
