"""Planning views: Gantt charts of the Werkagenda, per afspraak, per partij, per period, slips."""

from flask import Blueprint

# gantt.js and gantt.css are only loaded on these pages, so they live with the blueprint.
bp = Blueprint("gantt", __name__, static_folder="static", static_url_path="/static-gantt")

from app.gantt import routes  # noqa: E402,F401  (routes attach themselves to bp)
