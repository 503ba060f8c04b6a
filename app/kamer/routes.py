"""Routes of the Kamer register: lists with filters, detail pages, and the secretariaat's edits.

The lists answer htmx with just their results (the filter form stays as the user left it), as
the overview does. The edit forms are pages of their own: they work without JavaScript, answer
422 with the errors beside the fields, and redirect to the detail page once saved.
"""

from collections.abc import Iterable
from dataclasses import astuple
from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select
from werkzeug.wrappers import Response

from app.auth.permissions import can_edit_plan, secretariaat_required
from app.clock import today
from app.db import get_session
from app.domain.commitments import NEEDS_DOCUMENT, StatusChangeError, record_status_change
from app.domain.labels import (
    COMMITMENT_KIND_LABELS,
    COMMITMENT_PERIOD_LABELS,
    COMMITMENT_STATUS_LABELS,
    COMMITMENT_VENUE_LABELS,
    DOCUMENT_KIND_LABELS,
    PRECISION_LABELS,
)
from app.domain.periods import format_day
from app.domain.references import document_label
from app.htmx import is_fragment
from app.kamer import bp
from app.kamer.filters import apply_filters, parse_filters
from app.kamer.forms import (
    CommitmentInput,
    StatusInput,
    input_of,
    new_key,
    parse_commitment_form,
    parse_status_form,
)
from app.kamer.queries import (
    KIND_OF_PLURAL,
    PLURALS,
    CommitmentDetail,
    Register,
    live_afspraken,
    live_documents,
    load_commitment,
    load_document,
    load_documents,
    load_register,
)
from app.kamer.updates import create_commitment, edit_commitment, taken_keys
from app.models import CommitmentKind, CommitmentStatus, KamerCommitment, Kamerstuk, RecordedVia
from app.pagination import paginate_items
from app.read_model import kept, kept_html

KINDS = "<any(toezeggingen, moties):plural>"


def _labels() -> dict[str, Any]:
    return {
        "status_labels": COMMITMENT_STATUS_LABELS,
        "kind_labels": COMMITMENT_KIND_LABELS,
        "venue_labels": COMMITMENT_VENUE_LABELS,
        "document_kind_labels": DOCUMENT_KIND_LABELS,
        "document_label": document_label,
        "precision_labels": PRECISION_LABELS,
        "may_edit": can_edit_plan(current_user),
    }


@bp.get(f"/kamer/{KINDS}")
def register(plural: str) -> Response:
    """All toezeggingen (or moties) with status, deadline and afspraken; filters in the URL."""
    kind = KIND_OF_PLURAL[plural]
    day = today()
    # Kept per data revision: the page shows 50 rows, but filters and counts need every one.
    reg = kept(("register", kind, day), lambda s: load_register(session=s, kind=kind, today=day))
    filters, problems = parse_filters(request.args, reg)
    rows = apply_filters(reg, filters)
    page, page_problem = paginate_items(rows, request.args)
    if page_problem:
        problems.append(page_problem)
    context = {
        "register": reg,
        "plural": plural,
        "rows": rows,
        "page": page,
        "filters": filters,
        "problems": problems,
        "period_labels": COMMITMENT_PERIOD_LABELS,
        **kept(("register form", kind, day), lambda _session: _form_values(reg)),
        **_labels(),
    }
    fragment = is_fragment()
    # The list itself shows only data: rendered once per data revision, filters and page.
    results = kept_html(
        (plural, astuple(filters), page.number, tuple(problems), fragment, day),
        "kamer/partials/results.html",
        lambda: {**context, "fragment": fragment},
    )
    if fragment:
        response = make_response(results)
    else:
        filter_form = kept_html(
            (plural, "filters", astuple(filters), day),
            "kamer/partials/filter_form.html",
            lambda: {**context, "fragment": False},
        )
        response = make_response(
            render_template("kamer/list.html", results=results, filter_form=filter_form, **context)
        )
    response.headers["Vary"] = "HX-Request"
    return response


def _form_values(reg: Register) -> dict[str, Any]:
    """What the filter form and the count above it show: the same for every visitor."""
    return {
        "overdue_count": sum(1 for r in reg.rows if r.overdue),
        "afspraak_options": [(a.code, f"{a.code}. {_short(a.title)}") for a in reg.afspraken],
        "partij_options": [(p.code, p.label) for p in reg.partijen],
        "document_options": [(d.key, _short(document_label(d))) for d in reg.documents],
    }


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _detail_or_404(kind: CommitmentKind, key: str) -> CommitmentDetail:
    detail = load_commitment(session=get_session(), kind=kind, key=key, today=today())
    if detail is None:
        noun = COMMITMENT_KIND_LABELS[kind]
        abort(404, description=f"{noun} '{key}' bestaat niet.")
    return detail


@bp.get(f"/kamer/{KINDS}/<key>")
def commitment(plural: str, key: str) -> str:
    """One toezegging or motie: text, origin, deadline, status, afspraken and its history."""
    detail = _detail_or_404(KIND_OF_PLURAL[plural], key)
    return render_template("kamer/detail.html", detail=detail, plural=plural, **_labels())


@bp.route(f"/kamer/{KINDS}/nieuw", methods=["GET", "POST"])
@secretariaat_required
def new_commitment(plural: str) -> Any:
    """Add a toezegging or motie after a debate or letter (secretariaat only)."""
    kind = KIND_OF_PLURAL[plural]
    session = get_session()
    afspraken = {a.code: a for a in live_afspraken(session=session)}
    documents = {d.key: d for d in live_documents(session=session)}
    if request.method == "GET":
        return _commitment_form(kind, plural, None, CommitmentInput(), {}, afspraken, documents)
    value, errors = parse_commitment_form(
        request.form,
        kind=kind,
        afspraak_codes=set(afspraken),
        documents=documents,
        needs_reason=False,
    )
    _check_tk_number(value, None, errors)
    if errors:
        return _commitment_form(kind, plural, None, value, errors, afspraken, documents)
    document = documents.get(value.document) if value.document else None
    year = (
        (document.document_date.year if document and document.document_date else None)
        or (value.origin_date.year if value.origin_date else None)
        or today().year
    )
    key = new_key(kind, value, year=year, taken=taken_keys(session=session))
    create_commitment(
        value,
        session=session,
        kind=kind,
        key=key,
        afspraken=afspraken,
        document=document,
        changed_by=current_user.name,
        changed_by_id=current_user.id,
    )
    session.commit()
    flash(f"{COMMITMENT_KIND_LABELS[kind]} {key} is toegevoegd.", "ok")
    return redirect(url_for("kamer.commitment", plural=plural, key=key))


@bp.route(f"/kamer/{KINDS}/<key>/bewerken", methods=["GET", "POST"])
@secretariaat_required
def edit(plural: str, key: str) -> Any:
    """Correct a text or another field, or the afspraken it is linked to, saying why."""
    kind = KIND_OF_PLURAL[plural]
    detail = _detail_or_404(kind, key)
    session = get_session()
    c = detail.row.commitment
    afspraken = {a.code: a for a in live_afspraken(session=session)}
    linked = [a.code for a in detail.row.afspraken]
    if request.method == "GET":
        return _commitment_form(kind, plural, detail, input_of(c, linked), {}, afspraken, {})
    context_year = c.origin_date.year if c.origin_date else None
    if context_year is None:
        dated = [d.document_date for d in detail.row.documents if d.document_date]
        context_year = min(dated).year if dated else None
    value, errors = parse_commitment_form(
        request.form,
        kind=kind,
        afspraak_codes=set(afspraken) | set(linked),
        documents={},
        needs_reason=True,
        context_year=context_year,
        stored_due_text=c.due_text,
    )
    _check_tk_number(value, c, errors)
    if errors:
        return _commitment_form(kind, plural, detail, value, errors, afspraken, {})
    changes = edit_commitment(
        c, value, session=session, afspraken=afspraken, changed_by=current_user.name
    )
    session.commit()
    if changes:
        flash(
            f"{COMMITMENT_KIND_LABELS[kind]} {key} gewijzigd; de oude waarde staat in de "
            "wijzigingsgeschiedenis.",
            "ok",
        )
    else:
        flash(f"Niets gewijzigd: {COMMITMENT_KIND_LABELS[kind].lower()} {key} was al zo.", "info")
    return redirect(url_for("kamer.commitment", plural=plural, key=key))


def _check_tk_number(
    value: CommitmentInput, current: KamerCommitment | None, errors: dict[str, str]
) -> None:
    if not value.tk_number or "tk_number" in errors:
        return
    other = (
        get_session()
        .exec(select(KamerCommitment).where(KamerCommitment.tk_number == value.tk_number))
        .first()
    )
    if other is not None and (current is None or other.id != current.id):
        errors["tk_number"] = (
            f"Nummer {value.tk_number} hoort al bij {other.kind.value} {other.key}. "
            "Controleer het nummer."
        )


def _commitment_form(
    kind: CommitmentKind,
    plural: str,
    detail: CommitmentDetail | None,
    value: CommitmentInput,
    errors: dict[str, str],
    afspraken: dict[str, Any],
    documents: dict[str, Any],
) -> Any:
    html = render_template(
        "kamer/form.html",
        kind=kind,
        plural=plural,
        detail=detail,
        value=value,
        errors=errors,
        afspraken=list(afspraken.values()),
        document_options=_document_options(documents.values()),
        **_labels(),
    )
    return html, 422 if errors else 200


def _document_options(documents: Iterable[Kamerstuk]) -> list[tuple[str, str]]:
    """Choices of a document field: its reference or title, and its date."""
    options = []
    for d in documents:
        when = f" ({format_day(d.document_date)})" if d.document_date else ""
        options.append((d.key, _short(document_label(d), 80) + when))
    return options


@bp.route(f"/kamer/{KINDS}/<key>/status", methods=["GET", "POST"])
@secretariaat_required
def change_status(plural: str, key: str) -> Any:
    """Record a status change with the document that brings it and why (secretariaat only)."""
    kind = KIND_OF_PLURAL[plural]
    detail = _detail_or_404(kind, key)
    session = get_session()
    documents = {d.key: d for d in live_documents(session=session)}
    if request.method == "GET":
        return _status_form(detail, plural, StatusInput(), {}, documents)
    value, errors = parse_status_form(request.form, documents=documents, today=today())
    if errors:
        return _status_form(detail, plural, value, errors, documents)
    document = documents.get(value.document) if value.document else None
    c = detail.row.commitment
    try:
        record_status_change(
            session,
            c,
            CommitmentStatus(value.status),
            changed_by=current_user.name,
            changed_by_id=current_user.id,
            via=RecordedVia.FORM,
            document_id=document.id if document else None,
            reason=value.reason,
            effective_date=value.effective_date
            or (document.document_date if document else None)
            or today(),
        )
    except StatusChangeError as error:
        field = "document" if value.status in NEEDS_DOCUMENT and document is None else "form"
        return _status_form(detail, plural, value, {field: str(error)}, documents)
    session.commit()
    flash(
        f"Status van {COMMITMENT_KIND_LABELS[kind].lower()} {key} is nu "
        f"'{COMMITMENT_STATUS_LABELS[value.status]}'.",
        "ok",
    )
    return redirect(
        url_for("kamer.commitment", plural=plural, key=key, _anchor="statusgeschiedenis")
    )


def _status_form(
    detail: CommitmentDetail,
    plural: str,
    value: StatusInput,
    errors: dict[str, str],
    documents: dict[str, Any],
) -> Any:
    html = render_template(
        "kamer/status_form.html",
        detail=detail,
        plural=plural,
        value=value,
        errors=errors,
        document_options=_document_options(documents.values()),
        **_labels(),
    )
    return html, 422 if errors else 200


@bp.get("/kamer/kamerstukken")
def documents() -> str:
    """Every document: Kamerstukken, Kamervragen, letters and notas, with what refers to them."""
    rows = load_documents(session=get_session())
    page, problem = paginate_items(rows, request.args)
    return render_template(
        "kamer/documents.html", rows=rows, page=page, problem=problem, **_labels()
    )


@bp.get("/kamer/kamerstukken/<key>")
def document(key: str) -> str:
    """One document: what it fulfils, settles or answers, and the progress updates citing it."""
    detail = load_document(session=get_session(), key=key)
    if detail is None:
        abort(404, description=f"Document '{key}' bestaat niet.")
    return render_template("kamer/document.html", detail=detail, plurals=PLURALS, **_labels())
