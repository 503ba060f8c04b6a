"""Probes for a load balancer or orchestrator: is the process up, and can it serve?

Both answer plain text and are never cached. `/healthz` touches nothing (it is also the floor the
benchmark compares pages with); `/readyz` checks the database is reachable and at the newest
migration, so a host that was deployed before `flask db upgrade` ran gets no traffic yet.
"""

from flask import Blueprint, Response, current_app
from sqlalchemy.exc import SQLAlchemyError

from app.cli import schema_is_current

bp = Blueprint("health", __name__)


def _plain(text: str, status: int) -> Response:
    response = Response(text + "\n", status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz() -> Response:
    """The process is up and answering."""
    return _plain("ok", 200)


@bp.get("/readyz")
def readyz() -> Response:
    """The database answers and its schema is at the newest migration."""
    try:
        current = schema_is_current()
    except SQLAlchemyError:
        current_app.logger.exception("readyz: database not reachable")
        return _plain("niet gereed: de database is niet bereikbaar", 503)
    if not current:
        return _plain("niet gereed: het databaseschema is niet bijgewerkt (flask db upgrade)", 503)
    return _plain("ok", 200)
