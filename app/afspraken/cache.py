"""The read model: the derived Werkagenda, read once per change of the data, not per request.

Each worker keeps the Werkagenda of the latest data revision it saw (app/revision.py). A request
reads the revision token (one row) and gets the kept Werkagenda when the token and the day are
the same; otherwise it reads the Werkagenda afresh. Workers never tell each other anything: they
all compare with the same token, so they all show the same state.

The Werkagenda is read in a session of its own (`read_session`): the request's session may have
written, and what it has not committed must not be kept for others; and the kept objects must not
be the ones the request goes on to change. What a request writes and shows before it commits
(the htmx answer to a saved form) it reads through its own session instead (`load_werkagenda`).
The kept Werkagenda is shared: code that gets it reads it and never changes it.
"""

import threading
from dataclasses import dataclass
from datetime import date

from flask import current_app

from app.afspraken.queries import Werkagenda, load_werkagenda
from app.db import read_session
from app.revision import current_token

_EXTENSION = "e5_werkagenda_cache"


@dataclass(frozen=True)
class _Kept:
    token: str
    today: date
    werkagenda: Werkagenda


class WerkagendaCache:
    """The Werkagenda of one revision and day; one per app (so one per worker)."""

    def __init__(self) -> None:
        self._kept: _Kept | None = None
        self._lock = threading.Lock()

    def get(self, today: date) -> Werkagenda:
        with read_session() as session:
            # The token is read before the plan: if a write lands in between, the plan kept
            # is newer than its token, and the next request (reading the new token) reads again.
            token = current_token(session)
            kept = self._kept
            if kept is not None and kept.token == token and kept.today == today:
                return kept.werkagenda
            werkagenda = load_werkagenda(session=session, today=today)
        with self._lock:
            self._kept = _Kept(token, today, werkagenda)
        return werkagenda


def current_werkagenda(today: date) -> Werkagenda:
    """The live Werkagenda with its derived status on `today`, as every worker sees it now."""
    cache: WerkagendaCache = current_app.extensions.setdefault(_EXTENSION, WerkagendaCache())
    return cache.get(today)
