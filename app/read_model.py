"""What the pages derive from the data, kept per data revision: read once per change, not per
request (issue 16).

Each worker keeps, for the latest data revision it saw (app/revision.py), the values computed
from it under a key: the Werkagenda with its statuses on a day, the late commitments, a public
calendar feed. A request reads the revision token (one row); with the same token it gets the
kept value, otherwise it computes the value afresh and the old ones are dropped. Workers never
tell each other anything: they all compare with the same token, so they all show one state.

Values are computed in a session of their own (`read_session`): the request's session may have
written, and what it has not committed must not be kept for others; and the kept objects must not
be the ones the request goes on to change. What a request writes and shows before it commits (the
htmx answer to a saved form) it reads through its own session instead. A kept value is shared:
code that gets one reads it and never changes it. It holds no ORM objects: each row in it is
replaced by a frozen, read-only copy (app/frozen_rows.py), which cannot be changed and has no
ORM state: at 50 times the seed's size the kept Werkagenda takes 10 MB per worker instead of 21.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, render_template
from markupsafe import Markup
from sqlalchemy import orm
from sqlmodel import Session

from app.db import read_session
from app.frozen_rows import frozen_copy
from app.garbage_collection import fewer_collections
from app.revision import current_token

T = TypeVar("T")

_EXTENSION = "e5_read_model"
# Enough for every page's values on one day; a feed at 50x is about 1 MB, so this bounds memory.
SIZE = 24


class RevisionCache:
    """Values computed from one revision of the data, by key, the least recently used dropped."""

    def __init__(self, size: int = SIZE) -> None:
        self._size = size
        self._token: str | None = None
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[Session], T]) -> T:
        token = _request_token()
        if token is not None:
            found, value = self._find(token, key)
            if found:
                return value  # type: ignore[no-any-return]
        with read_session() as session:
            # The token is read before the data: if a write lands in between, the value kept is
            # newer than its token, and the next request (reading the new token) computes again.
            if token is None:
                token = current_token(session)
                _remember_token(token)
                found, value = self._find(token, key)
                if found:
                    return value  # type: ignore[no-any-return]
            with fewer_collections():
                value = frozen_copy(compute(session))
        with self._lock:
            if token != self._token:
                self._token, self._values = token, OrderedDict()
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def _find(self, token: str, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if token == self._token and key in self._values:
                self._values.move_to_end(key)
                return True, self._values[key]
        return False, None


# A request reads the token once, however many kept values it uses; a commit in the request
# (the request's own write) makes it read the token again.
_TOKEN = "e5_revision_token"


def _request_token() -> str | None:
    return g.get(_TOKEN) if has_request_context() else None


def _remember_token(token: str) -> None:
    if has_request_context():
        setattr(g, _TOKEN, token)


@sa.event.listens_for(orm.Session, "after_commit")
def _forget_token(_session: orm.Session) -> None:
    if has_request_context():
        g.pop(_TOKEN, None)


def revision_token() -> str:
    """The data revision this request sees (read once per request, as `kept` does)."""
    token = _request_token()
    if token is None:
        with read_session() as session:
            token = current_token(session)
        _remember_token(token)
    return token


def kept(key: Hashable, compute: Callable[[Session], T]) -> T:
    """`compute(session)` for the data as it is now, computed once per data revision and key."""
    cache: RevisionCache = current_app.extensions[_EXTENSION]
    return cache.get(key, compute)


def kept_html(key: Hashable, template: str, context: Callable[[], dict[str, Any]]) -> Markup:
    """`template` rendered with `context()`, kept per data revision under `key` (which must name
    everything the output depends on besides the data: filters, page, day, fragment or not).

    For the parts of a page that only show data: at 50 times the seed's size rendering a list of
    50 afspraken takes longer than all else a request does. Such a template must not show
    anything of the visitor (their account, a CSRF token, flashed messages).
    """
    html: str = kept(
        ("html", template, key), lambda _session: render_template(template, **context())
    )
    # Safe for bandit B704: the output of our own autoescaping template.
    return Markup(html)  # nosec B704


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = RevisionCache()
