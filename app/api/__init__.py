"""Open data: the public Werkagenda and Kamer register as a read-only JSON and CSV API.

`/api/v1/...` answers in JSON (or CSV), built only from the public projection (`app/public/`);
`/open-data` is the page that explains it, with the OpenAPI document rendered on the server.
"""

from flask import Blueprint, Flask

bp = Blueprint("api", __name__)


def init_app(app: Flask) -> None:
    from app.api import http

    http.init_app(app)


from app.api import page, routes  # noqa: E402, F401  (routes register on bp)
