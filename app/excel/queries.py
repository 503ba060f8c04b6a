"""What the Excel files show, read from the database into the public models or template rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.afspraken.queries import Werkagenda, load_werkagenda
from app.db import read_session
from app.domain.labels import STATUS_LABELS
from app.domain.ownership import owned_by
from app.garbage_collection import fewer_collections
from app.models import (
    Activiteit,
    ActiviteitPartij,
    Afspraak,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
    Kamerstuk,
    Mijlpaal,
    Partij,
    Voortgang,
)
from app.public import project

if TYPE_CHECKING:  # the builders are imported where a workbook is made: see app/excel
    from reports.excel_export import ExportData, VoortgangRow
    from reports.excel_template import TemplateItem


def load_export(
    *,
    session: Session,
    today: date,
    generated: datetime,
    werkagenda: Werkagenda | None = None,
) -> ExportData:
    """The whole public Werkagenda and Kamer register (a fixed number of statements).

    `werkagenda` is the live one with its statuses on `today` if the caller has it (the pages
    keep it per data revision); the history sheet is read apart, as plain rows.
    """
    from reports.excel_export import ExportData

    if werkagenda is None:
        werkagenda = load_werkagenda(session=session, today=today)
    document_keys = {k.id: k.key for k in session.exec(select(Kamerstuk)) if k.id is not None}
    codes = {a.afspraak.id: a.code for a in werkagenda.afspraken}

    activity_partijen: dict[int, list[str]] = defaultdict(list)
    for activiteit_id, code in session.exec(
        select(ActiviteitPartij.activiteit_id, Partij.code)
        .join(Partij, col(Partij.id) == ActiviteitPartij.partij_id)
        .order_by(col(Partij.code))
    ):
        activity_partijen[activiteit_id].append(code)
    activiteiten = [
        project.activiteit(a, codes[a.afspraak_id], activity_partijen[a.id or 0])
        for a in session.exec(
            select(Activiteit).order_by(col(Activiteit.afspraak_id), col(Activiteit.number))
        )
        if a.afspraak_id in codes
    ]

    mijlpalen = [project.mijlpaal(m) for view in werkagenda.afspraken for m in view.mijlpalen]

    commitment_afspraken: dict[int, list[str]] = defaultdict(list)
    for commitment_id, code in session.exec(
        select(KamerCommitmentAfspraak.commitment_id, Afspraak.code)
        .join(Afspraak, col(Afspraak.id) == KamerCommitmentAfspraak.afspraak_id)
        .order_by(col(Afspraak.position))
    ):
        commitment_afspraken[commitment_id].append(code)
    commitment_documents: dict[int, list[str]] = defaultdict(list)
    for commitment_id, key in session.exec(
        select(KamerCommitmentKamerstuk.commitment_id, Kamerstuk.key)
        .join(Kamerstuk, col(Kamerstuk.id) == KamerCommitmentKamerstuk.kamerstuk_id)
        .order_by(col(Kamerstuk.document_date), col(Kamerstuk.key))
    ):
        commitment_documents[commitment_id].append(key)
    commitments = [
        project.commitment(
            c,
            today=today,
            afspraken=commitment_afspraken[c.id or 0],
            documents=commitment_documents[c.id or 0],
            document_keys=document_keys,
        )
        for c in session.exec(
            select(KamerCommitment).order_by(col(KamerCommitment.kind), col(KamerCommitment.key))
        )
    ]
    return ExportData(
        generated=generated,
        afspraken=[project.afspraak(view, werkagenda) for view in werkagenda.afspraken],
        activiteiten=activiteiten,
        mijlpalen=mijlpalen,
        voortgang=_voortgang_rows(session),
        commitments=commitments,
    )


@fewer_collections()
def export_workbook(
    *, day: date, werkagenda: Werkagenda | None = None, session: Session | None = None
) -> bytes:
    """The export's workbook as the data stand now, read in `session` or a read session."""
    from reports.excel_export import build_export

    if session is None:
        with read_session() as own:
            return export_workbook(day=day, werkagenda=werkagenda, session=own)
    data = load_export(
        session=session, today=day, generated=datetime.now(UTC), werkagenda=werkagenda
    )
    return build_export(data)


def _voortgang_rows(session: Session) -> Iterator[VoortgangRow]:
    """Every progress update's public fields, newest first, in one statement, streamed (in
    batches: a server-side cursor on PostgreSQL) so that they are never all held at once."""
    from reports.excel_export import VoortgangRow

    # session.execute: SQLModel's exec() has no typed overload for eleven columns.
    query = (
        sa.select(
            col(Voortgang.id),
            col(Afspraak.code),
            col(Mijlpaal.label),
            col(Voortgang.effective_date),
            col(Voortgang.recorded_at),
            col(Voortgang.status),
            col(Voortgang.public_text),
            col(Voortgang.forecast_text),
            col(Voortgang.forecast_end),
            col(Voortgang.reached_on),
            col(Kamerstuk.key),
        )
        .join(Afspraak, col(Afspraak.id) == Voortgang.afspraak_id)
        .outerjoin(Mijlpaal, col(Mijlpaal.id) == Voortgang.mijlpaal_id)
        .outerjoin(Kamerstuk, col(Kamerstuk.id) == Voortgang.source_id)
        .order_by(col(Voortgang.effective_date).desc(), col(Voortgang.id).desc())
    )
    for id, code, label, *rest in session.execute(query.execution_options(yield_per=2000)):
        yield VoortgangRow(id, code, f"{code}/{label}" if label is not None else None, *rest)


def template_items(werkagenda: Werkagenda, partij: Partij) -> list[TemplateItem]:
    """The afspraken the party owns (opsteller or samen met) and their mijlpalen, in plan order."""
    from reports.excel_template import TemplateItem

    items: list[TemplateItem] = []
    for view in werkagenda.afspraken:
        if not owned_by(view.deelnames, {partij.id or 0}):
            continue
        items.append(
            TemplateItem(
                key=view.code,
                mijlpaal=False,
                text=view.afspraak.title,
                planned="",
                status=STATUS_LABELS[view.status.status],
                stands_on=None,
                last_text=next((u.public_text for u in view.updates if u.public_text), ""),
            )
        )
        for m in view.mijlpalen:
            items.append(
                TemplateItem(
                    key=m.key,
                    mijlpaal=True,
                    text=m.mijlpaal.text,
                    planned=m.mijlpaal.planned_text,
                    status=STATUS_LABELS[m.status.status],
                    stands_on=m.status.stands_on,
                    last_text=next((u.public_text for u in m.updates if u.public_text), ""),
                )
            )
    return items
