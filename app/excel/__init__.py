"""Excel: the public export of the Werkagenda and the parties' progress round trip.

The report builders (`reports/`) are imported inside the views and commands that use them, not at
the top: openpyxl, lxml and XlsxWriter cost every web worker about 12 MB of memory from its start,
also a worker that never makes a workbook (issue 16).
"""

from flask import Blueprint, Flask

bp = Blueprint("excel", __name__)


def init_app(app: Flask) -> None:
    from app.excel import store

    store.init_app(app)


from app.excel import routes  # noqa: E402,F401  (routes attach themselves to bp)
