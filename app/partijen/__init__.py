"""Pages about partijen: who takes part in what."""

from flask import Blueprint

bp = Blueprint("partijen", __name__)

from app.partijen import routes  # noqa: E402,F401  (routes attach themselves to bp)
