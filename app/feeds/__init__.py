"""Calendar feeds (iCalendar) of the milestones and Kamer commitments, and the page to subscribe."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)

from app.feeds import routes  # noqa: E402,F401  (routes attach themselves to bp)
