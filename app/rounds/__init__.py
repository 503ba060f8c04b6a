"""Reporting rounds (rapportagerondes) and the voortgangsbrief input each one feeds."""

from flask import Blueprint

bp = Blueprint("rounds", __name__)

from app.rounds import routes  # noqa: E402,F401  (routes attach themselves to bp)
