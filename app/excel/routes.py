"""Routes of the Excel files: the public export, a party's template, and reading one back in."""

import os
from datetime import UTC, datetime
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from app.afspraken.cache import current_werkagenda
from app.auth.permissions import can_report_for_partij, login_required
from app.clock import today
from app.db import get_session
from app.excel import bp, uploads
from app.excel.imports import ImportPreview, ImportRefused, check_import, record_import
from app.excel.queries import export_workbook, template_items
from app.excel.store import ExportFailed, export_file
from app.inputs import body_limit
from app.read_model import kept, revision_token

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A party's filled-in template is tens of kilobytes; this leaves room for long texts.
MAX_UPLOAD = 2 * 1024 * 1024
TOO_LARGE = (
    "Het bestand is groter dan 2 MB en is niet ingelezen. Een ingevuld sjabloon is veel kleiner: "
    "download een nieuw sjabloon, vul het in en lever dat in."
)

EXPORT_FAILED = (
    "De Excel-export kon nu niet worden gemaakt; er is niets veranderd. Probeer het over een paar "
    "minuten opnieuw. Lukt het dan nog niet, meld het bij het secretariaat van de Werkgroep VBG."
)


def _xlsx(data: bytes, file_name: str) -> Response:
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/export/werkagenda.xlsx")
def export() -> Response:
    """The public Werkagenda and Kamer register as one workbook."""
    day = today()
    name = f"werkagenda-e5-{day.isoformat()}.xlsx"
    # Built once per data revision and day (at 50x it takes seconds); it says when it was made.
    # The Werkagenda is read only for a build: a download of a file built ahead needs none.
    try:
        file = export_file(
            day,
            revision_token(),
            lambda: export_workbook(day=day, werkagenda=current_werkagenda(day)),
        )
    except ExportFailed:
        current_app.logger.exception("Excel export: the build failed")
        abort(503, description=EXPORT_FAILED)
    if file is None:
        built = kept(
            ("export", day),
            lambda session: export_workbook(
                day=day, werkagenda=current_werkagenda(day), session=session
            ),
        )
        return _xlsx(built, name)
    response = send_file(file, mimetype=XLSX, as_attachment=True, download_name=name)
    response.content_length = os.fstat(file.fileno()).st_size  # a file object has no size
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/partijen/<code>/sjabloon.xlsx")
@login_required
def template(code: str) -> Response:
    """The party's template to report progress offline (its lead and the secretariaat)."""
    from reports.excel_template import build_template  # here, not at the top: see app/excel

    werkagenda = current_werkagenda(today())
    partij = werkagenda.partij(code)
    if partij is None:
        abort(404, description=f"Partij '{code}' bestaat niet.")
    if not can_report_for_partij(current_user, partij.id):
        abort(
            403,
            description=f"Het sjabloon van {partij.code} is voor de partij zelf en het "
            "secretariaat.",
        )
    data = build_template(
        partij.code, partij.name, template_items(werkagenda, partij), datetime.now(UTC)
    )
    return _xlsx(data, f"voortgang-{partij.code}-{werkagenda.today.isoformat()}.xlsx")


def _require_uploader() -> None:
    if not (current_user.is_secretariaat or current_user.partij_ids):
        abort(403, description="Alleen partij-rapporteurs en het secretariaat lezen Excel in.")


@bp.route("/excel/inlezen", methods=["GET", "POST"])
@body_limit(MAX_UPLOAD, TOO_LARGE)
@login_required
def upload() -> Any:
    """Upload a filled-in template; answers with a preview of every row, nothing recorded yet."""
    from reports.excel_import import ExcelFileError  # here, not at the top: see app/excel

    _require_uploader()
    if request.method == "GET":
        return _upload_page()
    sent = request.files.get("bestand")
    if sent is None or not sent.filename:
        return _upload_page("Kies het ingevulde Excel-bestand (.xlsx) en klik op 'Inlezen'.")
    data = sent.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return _upload_page(TOO_LARGE, status=413)
    try:
        preview = _check(data)
    except (ExcelFileError, ImportRefused) as error:
        return _upload_page(f"{sent.filename}: {error}")
    pending = uploads.keep(data, user_id=current_user.id, file_name=sent.filename)
    return _preview_page(preview, pending.token, pending.file_name)


@bp.post("/excel/inlezen/bevestigen")
@login_required
def confirm() -> Any:
    """Record every row of the previewed file in one transaction, or nothing."""
    from reports.excel_import import ExcelFileError  # here, not at the top: see app/excel

    _require_uploader()
    found = uploads.pending_upload(request.form.get("token", ""), user_id=current_user.id)
    if found is None:
        flash(
            "Deze voorvertoning is verlopen of hoort bij een ander bestand; er is niets "
            "vastgelegd. Lever het bestand opnieuw in.",
            "warning",
        )
        return redirect(url_for("excel.upload"))
    pending, data = found
    try:
        preview = _check(data)
    except (ExcelFileError, ImportRefused) as error:
        uploads.discard()
        return _upload_page(f"{pending.file_name}: {error}")
    if not preview.can_record:
        # Changed since the preview (an update, a plan edit): show what holds now.
        return _preview_page(preview, pending.token, pending.file_name, status=409)
    session = get_session()
    try:
        added = record_import(
            preview,
            session=session,
            recorded_by=current_user.name,
            recorded_by_id=current_user.id,
            today=today(),
        )
        session.commit()
    except IntegrityError:
        session.rollback()
        uploads.discard()
        flash("Dit bestand is intussen al ingelezen; er is niets dubbel vastgelegd.", "info")
        return redirect(url_for("partijen.detail", code=preview.partij.code))
    uploads.discard()
    flash(
        f"{len(added)} voortgangsmelding(en) uit {pending.file_name} vastgelegd voor "
        f"{preview.partij.code}.",
        "ok",
    )
    return redirect(url_for("partijen.detail", code=preview.partij.code))


def _check(data: bytes) -> ImportPreview:
    from reports.excel_import import read_party_file  # here, not at the top: see app/excel

    werkagenda = current_werkagenda(today())
    return check_import(
        read_party_file(data), session=get_session(), werkagenda=werkagenda, user=current_user
    )


def _upload_page(error: str = "", *, status: int | None = None) -> Any:
    html = render_template("excel/upload.html", error=error, max_mb=MAX_UPLOAD // (1024 * 1024))
    return html, status or (422 if error else 200)


def _preview_page(preview: ImportPreview, token: str, file_name: str, *, status: int = 200) -> Any:
    return (
        render_template("excel/preview.html", preview=preview, token=token, file_name=file_name),
        status,
    )
