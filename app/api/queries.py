"""Read the public projection for the API: every function returns public models, never rows.

The afspraken, mijlpalen and progress come from `load_werkagenda`, the snapshot the pages use, so
a status or a date reads the same in the API as on the page. That snapshot is the whole
Werkagenda in six statements, also for one item (issue 16 brings a read model that can serve
one afspraak alone). The register and the activiteiten are read here, each list in a fixed
number of statements.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select

from app.afspraken.queries import AfspraakView, Werkagenda, with_history
from app.models import (
    Activiteit,
    ActiviteitPartij,
    Afspraak,
    CommitmentKind,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
    Kamerstuk,
    Partij,
)
from app.public import project
from app.public.models import (
    ActiviteitOut,
    CommitmentOut,
    KamerstukOut,
    PartijOut,
    VoortgangOut,
)


def family(werkagenda: Werkagenda, code: str) -> set[str]:
    """An afspraak and its sub-afspraken ("5" is 5 and 5a-5f), as the feeds read it."""
    view = werkagenda.get(code)
    if view is None:
        return set()
    return {view.code, *(child.code for child in view.children)}


def voortgang(view: AfspraakView, *, session: Session) -> list[VoortgangOut]:
    """The progress history of one afspraak (its own and its mijlpalen's), newest first."""
    history = with_history(view, session=session).history
    source_ids = {u.source_id for u, _ in history if u.source_id is not None}
    keys = _kamerstuk_keys(session, source_ids)
    return [
        project.voortgang(
            update,
            view.code,
            mijlpaal.key if mijlpaal else None,
            keys.get(update.source_id) if update.source_id else None,
        )
        for update, mijlpaal in history
    ]


def activiteiten(*, session: Session) -> list[ActiviteitOut]:
    """Every activiteit in Werkagenda order, with the codes of its parties."""
    rows = session.exec(
        select(Activiteit, Afspraak.code)
        .join(Afspraak, col(Afspraak.id) == Activiteit.afspraak_id)
        .order_by(col(Afspraak.position), col(Activiteit.number))
    ).all()
    partijen: dict[int, list[str]] = defaultdict(list)
    for activiteit_id, code in session.exec(
        select(ActiviteitPartij.activiteit_id, Partij.code)
        .join(Partij, col(Partij.id) == ActiviteitPartij.partij_id)
        .order_by(col(Partij.code))
    ):
        partijen[activiteit_id].append(code)
    return [project.activiteit(row, code, partijen[row.id or 0]) for row, code in rows]


def partijen(*, session: Session, code: str | None = None) -> list[PartijOut]:
    statement = select(Partij).order_by(col(Partij.code))
    if code is not None:
        statement = statement.where(Partij.code == code)
    return [project.partij(row) for row in session.exec(statement)]


def kamerstukken(*, session: Session, key: str | None = None) -> list[KamerstukOut]:
    statement = select(Kamerstuk).order_by(col(Kamerstuk.key))
    if key is not None:
        statement = statement.where(Kamerstuk.key == key)
    return [project.kamerstuk(row) for row in session.exec(statement)]


def commitments(
    kind: CommitmentKind, *, session: Session, today: date, key: str | None = None
) -> list[CommitmentOut]:
    """The toezeggingen or moties (or the one with `key`) in key order, in four statements."""
    statement = (
        select(KamerCommitment)
        .where(KamerCommitment.kind == kind)
        .order_by(col(KamerCommitment.key))
    )
    if key is not None:
        statement = statement.where(KamerCommitment.key == key)
    rows = session.exec(statement).all()
    ids = [row.id for row in rows if row.id is not None]
    afspraken: dict[int, list[str]] = defaultdict(list)
    for commitment_id, code in session.exec(
        select(KamerCommitmentAfspraak.commitment_id, Afspraak.code)
        .join(Afspraak, col(Afspraak.id) == KamerCommitmentAfspraak.afspraak_id)
        .where(col(KamerCommitmentAfspraak.commitment_id).in_(ids))
        .order_by(col(Afspraak.position))
    ):
        afspraken[commitment_id].append(code)
    documents: dict[int, list[str]] = defaultdict(list)
    for commitment_id, doc_key in session.exec(
        select(KamerCommitmentKamerstuk.commitment_id, Kamerstuk.key)
        .join(Kamerstuk, col(Kamerstuk.id) == KamerCommitmentKamerstuk.kamerstuk_id)
        .where(col(KamerCommitmentKamerstuk.commitment_id).in_(ids))
        .order_by(col(Kamerstuk.key))
    ):
        documents[commitment_id].append(doc_key)
    keys = _kamerstuk_keys(session, {r.status_source_id for r in rows if r.status_source_id})
    return [
        project.commitment(
            row,
            today=today,
            afspraken=afspraken[row.id or 0],
            documents=documents[row.id or 0],
            document_keys=keys,
        )
        for row in rows
    ]


def afspraak_codes(*, session: Session) -> list[str]:
    return list(session.exec(select(Afspraak.code).order_by(col(Afspraak.position))))


def _kamerstuk_keys(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(Kamerstuk.id, Kamerstuk.key).where(col(Kamerstuk.id).in_(wanted)))
    return {i: k for i, k in rows if i is not None}
