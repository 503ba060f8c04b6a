"""Routes of the overview and the reporting list."""

from dataclasses import astuple
from datetime import date, timedelta

from flask import make_response, render_template, request
from flask_login import current_user
from sqlmodel import Session
from werkzeug.wrappers import Response

from app.afspraken.cache import current_werkagenda
from app.afspraken.queries import AfspraakView
from app.auth.permissions import can_report, login_required
from app.clock import today
from app.domain.labels import PERIOD_LABELS, ROLE_LABELS, STATUS_LABELS
from app.domain.periods import quarter_bounds
from app.htmx import is_fragment
from app.kamer.queries import OverdueCommitment, overdue_commitments
from app.models import AccountRole, CommitmentKind
from app.overview import bp
from app.overview.filters import apply_filters, parse_filters
from app.overview.reporting import to_report
from app.pagination import PARAM, Page, group_by, paginate
from app.read_model import kept, kept_html

# A mijlpaal is "binnenkort" when it is due within this many days.
SOON = timedelta(days=42)


@bp.get("/")
def index() -> Response:
    """All afspraken with their status; the filters live in the URL so a view can be shared."""
    werkagenda = current_werkagenda(today())
    filters, problems = parse_filters(request.args, werkagenda)
    asked = request.args.get(PARAM, "")

    def listing(_session: Session) -> tuple[list[AfspraakView], Page[AfspraakView], str | None]:
        rows = apply_filters(werkagenda, filters)
        # 50 afspraken a page, each with the sub-afspraken that follow it (5 with 5a-5f): a page
        # never separates a sub-afspraak from its parent. The counts stay over every row.
        groups = group_by(rows, lambda a: a.parent_code or a.code)
        return (rows, *paginate(groups, {PARAM: asked}))

    # Kept per data revision, filters and page: at 50x the filters and grouping walk 850 rows.
    rows, page, page_problem = kept(
        ("overview rows", astuple(filters), asked, werkagenda.today), listing
    )
    if page_problem:
        problems.append(page_problem)
    fragment = is_fragment()
    # The notice stands above the filters, which htmx does not swap: only the page needs it.
    late = [] if fragment else _late_commitments(werkagenda.today)
    context = {
        "werkagenda": werkagenda,
        "rows": rows,
        "page": page,
        "filters": filters,
        "problems": problems,
        "status_labels": STATUS_LABELS,
    }
    results = kept_html(
        (astuple(filters), page.number, tuple(problems), fragment, werkagenda.today),
        "overview/partials/results.html",
        lambda: {**context, "fragment": fragment},
    )
    if fragment:
        response = make_response(results)
    else:
        response = make_response(
            render_template(
                "overview/list.html",
                results=results,
                late_toezeggingen=sum(
                    1 for i in late if i.commitment.kind is CommitmentKind.TOEZEGGING
                ),
                late_moties=sum(1 for i in late if i.commitment.kind is CommitmentKind.MOTIE),
                **context,
                role_labels=ROLE_LABELS,
                period_labels=PERIOD_LABELS,
                partij_options=[
                    (p.code, p.label)
                    for p in sorted(werkagenda.partijen, key=lambda p: p.label.lower())
                ],
            )
        )
    response.headers["Vary"] = "HX-Request"
    return response


def _late_commitments(day: date) -> list[OverdueCommitment]:
    """The late toezeggingen and moties on `day`, kept per data revision (read, never change)."""
    return kept(("late commitments", day), lambda s: overdue_commitments(session=s, today=day))


@bp.get("/te-rapporteren")
@login_required
def te_rapporteren() -> str:
    """What needs an update from the signed-in user: overdue, due soon, or not updated lately."""
    werkagenda = current_werkagenda(today())
    mine = [a for a in werkagenda.afspraken if can_report(current_user, a)]
    items = to_report(mine, today=werkagenda.today, soon=SOON)
    # Overdue toezeggingen and moties of the afspraken this user reports on; the secretariaat
    # sees every one, also those linked to no afspraak (they are the secretariaat's to chase).
    mine_ids = {a.afspraak.id for a in mine}
    late = [
        item
        for item in _late_commitments(werkagenda.today)
        if current_user.role is AccountRole.SECRETARIAAT or item.afspraak_ids & mine_ids
    ]
    codes = {a.afspraak.id: a.code for a in werkagenda.afspraken}
    return render_template(
        "overview/te_rapporteren.html",
        items=items,
        late_commitments=late,
        afspraak_codes=codes,
        werkagenda=werkagenda,
        reporting_period=quarter_bounds(werkagenda.today),
        soon_days=SOON.days,
        status_labels=STATUS_LABELS,
    )
