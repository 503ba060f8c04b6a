"""Routes of the partijen pages."""

from typing import Any

from flask import abort, render_template, request
from flask_login import current_user

from app.afspraken.cache import current_werkagenda
from app.auth.permissions import can_report_for_partij
from app.clock import today
from app.domain.labels import ROLE_LABELS, STATUS_LABELS
from app.models import Rol
from app.pagination import PARAM, PER_PAGE, paginate_items
from app.partijen import bp
from app.partijen.queries import partij_overview, partijen_with_counts
from app.read_model import kept_html


@bp.get("/partijen")
def index() -> str:
    """Every party, with how many afspraken it writes, works on or is informed about."""
    werkagenda = current_werkagenda(today())
    # Counted and rendered once per data revision: at 50 times the seed's size it walks 8,600
    # party links.
    table = kept_html(
        werkagenda.today,
        "partijen/partials/table.html",
        lambda: {"rows": partijen_with_counts(werkagenda), "Rol": Rol},
    )
    return render_template("partijen/list.html", table=table, werkagenda=werkagenda)


@bp.get("/partijen/<code>")
def detail(code: str) -> str:
    """Everything a party takes part in, grouped by role, and what is due from it next."""
    werkagenda = current_werkagenda(today())
    partij = werkagenda.partij(code)
    if partij is None:
        abort(404, description=f"Partij '{code}' bestaat niet.")
    day = werkagenda.today

    def lists() -> dict[str, Any]:
        overview = partij_overview(werkagenda, partij)
        # The open mijlpalen (all overdue ones and the next ten) come in pages of 50; each role's
        # list shows its first 50 afspraken and links to the overview filtered on the party and
        # role, which has pages of its own. The counts in the headings are over everything.
        page, problem = paginate_items(overview.overdue + overview.upcoming[:10], request.args)
        return {
            "partij": partij,
            "overview": overview,
            "page": page,
            "problem": problem,
            "role_limit": PER_PAGE,
            # by member: the page reads .value
            "role_labels": {role: ROLE_LABELS[role] for role in Rol},
            "status_labels": STATUS_LABELS,
        }

    # The page number as asked: the partial says which page it shows instead of a bad one.
    asked = request.args.get(PARAM, "")
    return render_template(
        "partijen/detail.html",
        partij=partij,
        # The feed link in it is absolute, so it is kept per scheme and host too.
        lists=kept_html(
            (partij.code, asked, request.host_url, day), "partijen/partials/lists.html", lists
        ),
        may_exchange=can_report_for_partij(current_user, partij.id),
    )
