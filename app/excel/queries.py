"""What the Excel files show, read from the database into the public models or template rows."""

from collections import defaultdict
from datetime import date, datetime

from sqlmodel import Session, col, select

from app.afspraken.queries import Werkagenda, load_werkagenda
from app.domain.labels import STATUS_LABELS
from app.domain.ownership import owned_by
from app.models import (
    Activiteit,
    ActiviteitPartij,
    Afspraak,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
    Kamerstuk,
    Partij,
)
from app.public import project
from reports.excel_export import ExportData
from reports.excel_template import TemplateItem


def load_export(*, session: Session, today: date, generated: datetime) -> ExportData:
    """The whole public Werkagenda and Kamer register (a fixed number of statements)."""
    werkagenda = load_werkagenda(session=session, today=today, history=True)
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
    updates = [
        project.voortgang(
            u,
            view.code,
            m.key if m else None,
            document_keys.get(u.source_id) if u.source_id else None,
        )
        for view in werkagenda.afspraken
        for u, m in view.history
    ]

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
        voortgang=sorted(updates, key=lambda v: (v.effective_date, v.id), reverse=True),
        commitments=commitments,
    )


def template_items(werkagenda: Werkagenda, partij: Partij) -> list[TemplateItem]:
    """The afspraken the party owns (opsteller or samen met) and their mijlpalen, in plan order."""
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
