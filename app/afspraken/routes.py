"""Routes of the afspraak page: reading it, reporting progress inline, and editing the plan.

Each form URL answers with a whole page (it works without JavaScript) or, for htmx, with just the
fragment it replaces. A successful post redirects a plain browser back to the page and sends htmx
the refreshed fragments, with the status summary and the history swapped out of band.
"""

from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import Session
from werkzeug.wrappers import Response

from app.afspraken import bp
from app.afspraken.cache import current_werkagenda
from app.afspraken.forms import (
    PlanInput,
    VoortgangInput,
    parse_plan_form,
    parse_voortgang_form,
)
from app.afspraken.queries import (
    AfspraakDetails,
    AfspraakView,
    MijlpaalView,
    Werkagenda,
    document_choices,
    latest_plan_change,
    load_afspraak_details,
    load_afspraak_scope,
    with_history,
)
from app.afspraken.updates import edit_mijlpaal_plan, record_voortgang
from app.auth.permissions import (
    can_edit_plan,
    can_read_internal,
    can_report,
    login_required,
    secretariaat_required,
)
from app.clock import today
from app.db import get_session
from app.domain.labels import STATUS_LABELS
from app.domain.references import document_label
from app.htmx import is_fragment
from app.models import Mijlpaal
from app.read_model import kept, kept_html


def _werkagenda() -> Werkagenda:
    return current_werkagenda(today())


def _afspraak(werkagenda: Werkagenda, code: str) -> AfspraakView:
    view = werkagenda.get(code)
    if view is None:
        abort(404, description=f"Afspraak '{code}' bestaat niet.")
    return view


def _mijlpaal(view: AfspraakView, label: str) -> MijlpaalView:
    found = next((m for m in view.mijlpalen if m.mijlpaal.label == label), None)
    if found is None:
        abort(404, description=f"Afspraak {view.code} heeft geen mijlpaal '{label}'.")
    return found


def _require_reporter(view: AfspraakView) -> None:
    # Checked on every write, whatever the page showed: a forged post gets the same answer.
    if not can_report(current_user, view):
        abort(
            403,
            description=(
                f"U mag geen voortgang melden voor afspraak {view.code}: dat mogen alleen de "
                "opsteller en de partijen die eraan meewerken, en het secretariaat."
            ),
        )


def _page_context(werkagenda: Werkagenda, view: AfspraakView) -> dict[str, Any]:
    return {
        "werkagenda": werkagenda,
        "view": view,
        "status_labels": STATUS_LABELS,
        "may_report": can_report(current_user, view),
        "may_edit_plan": can_edit_plan(current_user),
        "show_internal": can_read_internal(current_user),
    }


@bp.get("/afspraken/<code>")
def detail(code: str) -> str:
    """The whole afspraak: text, parties, activities, mijlpalen, dependencies and history."""
    werkagenda = _werkagenda()
    live = _afspraak(werkagenda, code)
    view, details = kept(("afspraak page", code, werkagenda.today), lambda s: _read_page(live, s))
    context = _page_context(werkagenda, view)
    # The history is the longest part of the page; it differs only in the internal notes, so it
    # is kept per data revision for readers with and readers without them.
    history = kept_html(
        (view.code, context["show_internal"], werkagenda.today),
        "afspraken/partials/history.html",
        lambda: {**context, "details": details, "oob": False},
    )
    return render_template("afspraken/detail.html", details=details, history=history, **context)


def _read_page(view: AfspraakView, session: Session) -> tuple[AfspraakView, AfspraakDetails]:
    """The afspraak with its history, and what only its page shows (kept per data revision)."""
    whole = with_history(view, session=session)
    return whole, load_afspraak_details(whole, session=session)


@bp.get("/afspraken/<code>/status")
def status(code: str) -> Any:
    """The "Voortgang melden" link on its own: what a cancelled inline form swaps back in."""
    if not is_fragment():
        return redirect(url_for("afspraken.detail", code=code, _anchor="status"))
    werkagenda = _werkagenda()
    view = _afspraak(werkagenda, code)
    return render_template(
        "afspraken/partials/status_report_link.html", **_page_context(werkagenda, view)
    )


@bp.get("/afspraken/<code>/mijlpalen/<label>")
def mijlpaal_row(code: str, label: str) -> Any:
    """One mijlpaal's row (for htmx); a plain browser goes to its place on the afspraak page."""
    werkagenda = _werkagenda()
    view = _afspraak(werkagenda, code)
    mijlpaal = _mijlpaal(view, label)
    if not is_fragment():
        return redirect(url_for("afspraken.detail", code=code, _anchor=mijlpaal.anchor))
    return render_template(
        "afspraken/partials/mijlpaal_row.html", m=mijlpaal, **_page_context(werkagenda, view)
    )


@bp.route("/afspraken/<code>/voortgang", methods=["GET", "POST"])
@login_required
def report_afspraak(code: str) -> Any:
    """Report progress on the afspraak as a whole."""
    return _report(code, None)


@bp.route("/afspraken/<code>/mijlpalen/<label>/voortgang", methods=["GET", "POST"])
@login_required
def report_mijlpaal(code: str, label: str) -> Any:
    """Report progress on one mijlpaal: status, texts, a new forecast, or that it was reached."""
    return _report(code, label)


def _report(code: str, label: str | None) -> Any:
    werkagenda = _werkagenda()
    view = _afspraak(werkagenda, code)
    mijlpaal = _mijlpaal(view, label) if label is not None else None
    _require_reporter(view)
    if request.method == "GET":
        return _voortgang_form(werkagenda, view, mijlpaal, VoortgangInput(), {})
    documents = {d.key: d.id for d in document_choices(session=get_session()) if d.id}
    value, errors = parse_voortgang_form(
        request.form,
        today=werkagenda.today,
        for_mijlpaal=mijlpaal is not None,
        documents=documents,
    )
    if errors:
        return _voortgang_form(werkagenda, view, mijlpaal, value, errors)
    assert view.afspraak.id is not None
    record_voortgang(
        value,
        session=get_session(),
        afspraak_id=view.afspraak.id,
        mijlpaal_id=mijlpaal.mijlpaal.id if mijlpaal else None,
        recorded_by=current_user.name,
        recorded_by_id=current_user.id,
        today=werkagenda.today,
    )
    if mijlpaal is None:
        message = f"Voortgang voor afspraak {code} is opgeslagen."
        return _saved(code, None, message, anchor="status")
    message = f"Voortgang voor mijlpaal {code}-{label} is opgeslagen."
    return _saved(code, label, message, anchor=mijlpaal.anchor)


@bp.route("/afspraken/<code>/mijlpalen/<label>/plan", methods=["GET", "POST"])
@secretariaat_required
def edit_plan(code: str, label: str) -> Any:
    """Change a mijlpaal's wording or planned date (secretariaat only), saying why."""
    werkagenda = _werkagenda()
    view = _afspraak(werkagenda, code)
    mijlpaal = _mijlpaal(view, label)
    if request.method == "GET":
        m = mijlpaal.mijlpaal
        blank = PlanInput(m.text, m.planned_text, "", version=m.version)
        return _plan_form(werkagenda, view, mijlpaal, blank, {})
    value, errors = parse_plan_form(request.form, context_year=werkagenda.today.year)
    unchanged = f"Niets gewijzigd: mijlpaal {code}-{label} had deze omschrijving en datum al."
    if _same_plan(mijlpaal.mijlpaal, value):
        # Nothing to record, so no reason is asked for either: say so where the form was.
        return _saved(code, label, unchanged, anchor=mijlpaal.anchor, row_note="Niets gewijzigd")
    if errors:
        return _plan_form(werkagenda, view, mijlpaal, value, errors)
    # Locked and read afresh (FOR UPDATE on PostgreSQL; SQLite writes one at a time anyway), so
    # the version compared and the old values kept in the history are the current ones.
    row = get_session().get(
        Mijlpaal, mijlpaal.mijlpaal.id, with_for_update=True, populate_existing=True
    )
    assert row is not None
    if value.version != row.version:
        return _plan_conflict(werkagenda, view, mijlpaal, value, row)
    changes = edit_mijlpaal_plan(
        row, value, session=get_session(), key=mijlpaal.key, changed_by=current_user.name
    )
    if not changes:
        return _saved(code, label, unchanged, anchor=mijlpaal.anchor, row_note="Niets gewijzigd")
    message = (
        f"Plan van mijlpaal {code}-{label} gewijzigd; de oude waarde staat in de plangeschiedenis."
    )
    return _saved(code, label, message, anchor=mijlpaal.anchor)


def _same_plan(mijlpaal: Mijlpaal, value: PlanInput) -> bool:
    """The form holds the mijlpaal's wording and date as they are (the form strips its input)."""
    same_text = value.text == mijlpaal.text.strip()
    return same_text and value.planned_text == mijlpaal.planned_text.strip()


def _voortgang_form(
    werkagenda: Werkagenda,
    view: AfspraakView,
    mijlpaal: MijlpaalView | None,
    value: VoortgangInput,
    errors: dict[str, str],
) -> Any:
    context = {
        "m": mijlpaal,
        "value": value,
        "errors": errors,
        "document_options": [
            (d.key, document_label(d)) for d in document_choices(session=get_session())
        ],
        **_page_context(werkagenda, view),
    }
    if is_fragment():
        partial = "mijlpaal_form_row.html" if mijlpaal else "afspraak_form.html"
        # 200, not 4xx: htmx swaps only successful responses, and the errors must show in place.
        return render_template(f"afspraken/partials/{partial}", **context)
    html = render_template("afspraken/voortgang_page.html", **context)
    return html, 422 if errors else 200


def _plan_form(
    werkagenda: Werkagenda,
    view: AfspraakView,
    mijlpaal: MijlpaalView,
    value: PlanInput,
    errors: dict[str, str],
) -> Any:
    context = {"m": mijlpaal, "value": value, "errors": errors, **_page_context(werkagenda, view)}
    if is_fragment():
        return render_template("afspraken/partials/plan_form_row.html", **context)
    return render_template("afspraken/plan_page.html", **context), 422 if errors else 200


def _plan_conflict(
    werkagenda: Werkagenda,
    view: AfspraakView,
    mijlpaal: MijlpaalView,
    value: PlanInput,
    row: Mijlpaal,
) -> Any:
    """Someone saved the plan since this form was opened: show theirs, keep this user's input."""
    last = latest_plan_change(mijlpaal.key, session=get_session())
    message = (
        "Het plan van deze mijlpaal is gewijzigd sinds u het formulier opende, dus uw wijziging "
        "is niet opgeslagen. Hieronder staat wat nu in het plan staat, en daaronder uw invoer. "
        "Wilt u uw versie toch opslaan, pas haar dan zo nodig aan en klik nog eens op "
        "'Plan wijzigen'."
    )
    conflict = {
        "text": row.text,
        "planned_text": row.planned_text,
        "changed_by": last.changed_by if last else "",
    }
    value.version = row.version  # a second save is a deliberate choice over the newer plan
    context = {
        "m": mijlpaal,
        "value": value,
        "errors": {"form": message},
        "conflict": conflict,
        **_page_context(werkagenda, view),
    }
    if is_fragment():
        return render_template("afspraken/partials/plan_form_row.html", **context)
    return render_template("afspraken/plan_page.html", **context), 409


def _saved(code: str, label: str | None, message: str, *, anchor: str, row_note: str = "") -> Any:
    """Commit the write, then redirect a plain browser or give htmx the refreshed fragments.

    The fragments are rendered before the commit (they see the write through the session), so
    nothing is read after it: a committed write never answers with an error, which would make
    the user send it again.
    """
    if not is_fragment():
        get_session().commit()
        flash(message, "info" if row_note else "ok")
        return redirect(url_for("afspraken.detail", code=code, _anchor=anchor))
    # Read again, through this request's session: the status and history include the write.
    # Only what this afspraak's fragments show, not the whole plan (app/afspraken/queries.py).
    werkagenda = load_afspraak_scope(session=get_session(), code=code, today=today())
    if werkagenda is None:
        abort(404, description=f"Afspraak '{code}' bestaat niet.")
    view = with_history(_afspraak(werkagenda, code), session=get_session())
    details = load_afspraak_details(view, session=get_session())
    html = render_template(
        "afspraken/partials/saved.html",
        m=_mijlpaal(view, label) if label else None,
        details=details,
        message=message,
        row_note=row_note,
        **_page_context(werkagenda, view),
    )
    get_session().commit()
    response: Response = make_response(html)
    return response
