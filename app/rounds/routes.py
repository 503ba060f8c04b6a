"""Routes of the reporting rounds: the list, opening a round, a round's brief as HTML and Word,
and a preview of any peildatum for the secretariaat."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select
from werkzeug.wrappers import Response

from app.auth.permissions import login_required, secretariaat_required
from app.clock import today
from app.db import get_session
from app.models import Rapportageronde
from app.rounds import bp
from app.rounds.forms import Errors, RoundInput, parse_cutoff, parse_round_form
from app.rounds.queries import Brief, brief_for, list_rounds
from reports.dutch import day

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/rapportage")
@login_required
def index() -> str:
    """The rounds, newest first; the secretariaat opens a new one here."""
    return _index_page(RoundInput("", "", None), {})


@bp.post("/rapportage")
@secretariaat_required
def open_round() -> Response | tuple[str, int]:
    value, errors = parse_round_form(request.form)
    session = get_session()
    if (
        not errors
        and session.exec(
            select(Rapportageronde.id).where(Rapportageronde.name == value.name)
        ).first()
    ):
        errors["name"] = f"Er is al een ronde '{value.name}'. Kies een andere naam."
    if errors or value.cutoff is None:
        return _index_page(value, errors), 200
    entry = Rapportageronde(
        name=value.name,
        cutoff=value.cutoff,
        opened_by=current_user.name,
        opened_by_id=current_user.id,
    )
    session.add(entry)
    session.commit()
    flash(f"Ronde '{entry.name}' geopend, peildatum {day(entry.cutoff)}.", "ok")
    return redirect(url_for("rounds.detail", round_id=entry.id))


@bp.get("/rapportage/<int:round_id>")
@login_required
def detail(round_id: int) -> str:
    entry = _round(round_id)
    brief = brief_for(
        entry.cutoff, session=get_session(), generated_on=today(), round_name=entry.name
    )
    return render_template(
        "rounds/detail.html",
        entry=entry,
        brief=brief,
        download=url_for("rounds.docx", round_id=round_id),
    )


@bp.get("/rapportage/<int:round_id>/voortgangsbrief.docx")
@login_required
def docx(round_id: int) -> Response:
    entry = _round(round_id)
    brief = brief_for(
        entry.cutoff, session=get_session(), generated_on=today(), round_name=entry.name
    )
    return _download(brief, f"voortgangsbrief-{entry.cutoff.isoformat()}.docx")


@bp.get("/rapportage/voorvertoning")
@secretariaat_required
def preview() -> str | tuple[str, int]:
    """The brief of any peildatum, before a round is opened for it."""
    cutoff, problem = _asked_cutoff()
    if cutoff is None:
        return _index_page(RoundInput("", "", None), {}, {"peildatum": problem or ""}), 200
    brief = brief_for(cutoff, session=get_session(), generated_on=today())
    return render_template(
        "rounds/detail.html",
        entry=None,
        brief=brief,
        download=url_for("rounds.preview_docx", peildatum=cutoff.isoformat()),
    )


@bp.get("/rapportage/voorvertoning/voortgangsbrief.docx")
@secretariaat_required
def preview_docx() -> Response | tuple[str, int]:
    cutoff, problem = _asked_cutoff()
    if cutoff is None:
        return _index_page(RoundInput("", "", None), {}, {"peildatum": problem or ""}), 200
    brief = brief_for(cutoff, session=get_session(), generated_on=today())
    return _download(brief, f"voortgangsbrief-voorvertoning-{cutoff.isoformat()}.docx")


def _asked_cutoff() -> tuple[date | None, str | None]:
    text = request.args.get("peildatum", "")
    if not text.strip():
        return None, "Vul een peildatum in voor de voorvertoning, bijvoorbeeld 2027-03-31."
    return parse_cutoff(text)


def _index_page(value: RoundInput, errors: Errors, preview_errors: Errors | None = None) -> str:
    return render_template(
        "rounds/list.html",
        rounds=list_rounds(session=get_session()),
        value=value,
        errors=errors,
        preview_errors=preview_errors or {},
        today=today(),
    )


def _round(round_id: int) -> Rapportageronde:
    entry = get_session().get(Rapportageronde, round_id)
    if entry is None:
        abort(404, description="Deze rapportageronde bestaat niet.")
    return entry


def _download(brief: Brief, filename: str) -> Response:
    response = Response(brief.docx(), mimetype=DOCX)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
