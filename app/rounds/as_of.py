"""The Werkagenda as the tracker held it at the end of a day: what a reporting round reports on.

Both kinds of history are append-only, so the past is a query, not a copy:

- progress counts when the state it reports held by the cut-off (`effective_date <= cutoff`) AND
  it was recorded by the end of that day in Amsterdam (`recorded_at < end`): an update typed in
  later about an earlier day belongs to the next round, so regenerating a brief never changes it;
- the plan of an afspraak, mijlpaal, toezegging or motie is today's row with every plan edit made
  since undone (a `PlanWijziging` keeps the old value), removed rows included while they were not
  yet removed; a mijlpaal or commitment that entered the tracker later (`created_at`) is left out;
- a commitment's status is the last `KamerStatusWijziging` recorded by then (and not taking effect
  later), with the document that set it.

Party links and dependencies have no dated history of their own and are read as they are now.
The rows are frozen copies (app/frozen_rows.py) with the plan edits undone, so nothing can be
written back.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from app.afspraken.queries import assemble_werkagenda
from app.clock import AMSTERDAM
from app.db import including_removed
from app.frozen_rows import frozen, frozen_rows, select_columns
from app.models import (
    Afhankelijkheid,
    Afspraak,
    AfspraakPartij,
    CommitmentStatus,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
    KamerStatusWijziging,
    Kamerstuk,
    Mijlpaal,
    Partij,
    PlanWijziging,
    Voortgang,
)
from app.public import project
from app.public.models import AfhankelijkheidOut, CommitmentHistoryOut, WerkagendaSnapshot

Row = TypeVar("Row", bound=SQLModel)


def end_of_day(day: date) -> datetime:
    """The first moment after `day` in Amsterdam, in UTC: the exclusive end of a cut-off day."""
    return datetime.combine(day + timedelta(days=1), time(), AMSTERDAM).astimezone(UTC)


def werkagenda_as_of(*, session: Session, cutoff: date) -> WerkagendaSnapshot:
    """The public Werkagenda and Kamer register as they stood at the end of `cutoff`."""
    end = end_of_day(cutoff)
    later_edits = session.exec(
        select(PlanWijziging)
        .where(col(PlanWijziging.changed_at) >= end)
        .order_by(col(PlanWijziging.changed_at).desc(), col(PlanWijziging.id).desc())
    ).all()
    earlier_edits = session.exec(
        select(PlanWijziging)
        .where(col(PlanWijziging.changed_at) < end)
        .order_by(col(PlanWijziging.changed_at), col(PlanWijziging.id))
    ).all()
    with including_removed(session):
        afspraak_rows = session.exec(select(Afspraak).order_by(col(Afspraak.position))).all()
        mijlpaal_rows = session.exec(
            select(Mijlpaal).order_by(col(Mijlpaal.afspraak_id), col(Mijlpaal.position))
        ).all()
        commitment_rows = session.exec(
            select(KamerCommitment).order_by(col(KamerCommitment.kind).desc(), KamerCommitment.key)
        ).all()
        kamerstukken = session.exec(select(Kamerstuk)).all()
        partijen = session.exec(select(Partij).order_by(col(Partij.code))).all()

    afspraken = [
        a
        for a in _as_they_were(afspraak_rows, "afspraak", lambda a: a.code, later_edits)
        if _present(a, end)
    ]
    codes = {a.id: a.code for a in afspraken}
    every_code = {a.id: a.code for a in afspraak_rows}  # history keys of removed ones too
    mijlpalen = [
        m
        for m in _as_they_were(
            mijlpaal_rows,
            "mijlpaal",
            lambda m: f"{every_code[m.afspraak_id]}/{m.label}",
            later_edits,
        )
        if _present(m, end) and m.created_at < end and m.afspraak_id in codes
    ]
    # As frozen rows, not ORM objects: at 50 times the seed's size a round holds 50,000 updates.
    updates = frozen_rows(
        Voortgang,
        session.execute(
            select_columns(Voortgang)
            .where(col(Voortgang.effective_date) <= cutoff, col(Voortgang.recorded_at) < end)
            .order_by(
                col(Voortgang.effective_date).desc(),
                col(Voortgang.recorded_at).desc(),
                col(Voortgang.id).desc(),
            )
        ),
    )
    links = session.exec(
        select(AfspraakPartij).order_by(col(AfspraakPartij.role), col(AfspraakPartij.position))
    ).all()
    dependencies = session.exec(select(Afhankelijkheid).order_by(col(Afhankelijkheid.id))).all()
    werkagenda = assemble_werkagenda(
        today=cutoff,
        afspraken=afspraken,
        mijlpalen=mijlpalen,
        updates=[u for u in updates if u.afspraak_id in codes],
        partijen=partijen,
        links=[link for link in links if link.afspraak_id in codes],
        dependencies=dependencies,
    )

    document_keys = {k.id: k.key for k in kamerstukken if k.id is not None}
    mijlpaal_keys = {m.id: f"{codes[m.afspraak_id]}/{m.label}" for m in mijlpalen}
    shown_afspraken = {a.code for a in werkagenda.afspraken}
    return WerkagendaSnapshot(
        as_of=cutoff,
        afspraken=[project.afspraak(view, werkagenda) for view in werkagenda.afspraken],
        mijlpalen=[project.mijlpaal(m) for view in werkagenda.afspraken for m in view.mijlpalen],
        updates=[
            project.voortgang(
                u,
                codes[u.afspraak_id],
                mijlpaal_keys.get(u.mijlpaal_id) if u.mijlpaal_id else None,
                document_keys.get(u.source_id) if u.source_id else None,
            )
            for u in updates
            if u.afspraak_id in codes and (u.mijlpaal_id is None or u.mijlpaal_id in mijlpaal_keys)
        ],
        plan_changes=[project.plan_wijziging(row) for row in earlier_edits],
        dependencies=[
            AfhankelijkheidOut(
                afspraak=codes[d.afspraak_id],
                depends_on=codes[d.depends_on_id],
                kind=d.kind.value,
                explanation=d.explanation,
            )
            for d in dependencies
            if d.afspraak_id in codes and d.depends_on_id in codes
        ],
        commitments=_commitments(
            session,
            commitment_rows,
            later_edits,
            cutoff=cutoff,
            end=end,
            afspraak_codes={i: c for i, c in codes.items() if c in shown_afspraken},
            document_keys=document_keys,
        ),
    )


def _commitments(
    session: Session,
    rows: Sequence[KamerCommitment],
    later_edits: Sequence[PlanWijziging],
    *,
    cutoff: date,
    end: datetime,
    afspraak_codes: dict[int | None, str],
    document_keys: dict[int, str],
) -> list[CommitmentHistoryOut]:
    history: dict[int, list[KamerStatusWijziging]] = defaultdict(list)
    for entry in session.exec(
        select(KamerStatusWijziging)
        .where(col(KamerStatusWijziging.changed_at) < end)
        .order_by(col(KamerStatusWijziging.changed_at), col(KamerStatusWijziging.id))
    ):
        if entry.effective_date is None or entry.effective_date <= cutoff:
            history[entry.commitment_id].append(entry)
    afspraken: dict[int, list[str]] = defaultdict(list)
    for link in session.exec(select(KamerCommitmentAfspraak)):
        if link.afspraak_id in afspraak_codes:
            afspraken[link.commitment_id].append(afspraak_codes[link.afspraak_id])
    documents: dict[int, list[str]] = defaultdict(list)
    for doc_link in session.exec(select(KamerCommitmentKamerstuk)):
        if doc_link.kamerstuk_id in document_keys:
            documents[doc_link.commitment_id].append(document_keys[doc_link.kamerstuk_id])

    result = []
    for row in _as_they_were(rows, None, lambda c: c.key, later_edits):
        if not _present(row, end) or row.created_at >= end or row.id is None:
            continue
        row_id = row.id
        entries = history[row_id]
        if entries:
            last = entries[-1]
            row = frozen(row, status=last.new_status, status_source_id=last.document_id)
        else:
            row = frozen(row, status=CommitmentStatus.OPEN, status_source_id=None)
        result.append(
            CommitmentHistoryOut(
                commitment=project.commitment(
                    row,
                    today=cutoff,
                    afspraken=sorted(afspraken[row_id]),
                    documents=sorted(documents[row_id]),
                    document_keys=document_keys,
                ),
                history=[project.status_wijziging(e, document_keys) for e in entries],
            )
        )
    return result


def _as_they_were(
    rows: Iterable[Row],
    entity: str | None,
    key_of: Any,
    later_edits: Sequence[PlanWijziging],
) -> list[Row]:
    """Frozen copies of `rows` with every later plan edit undone, newest first (`entity` None:
    the commitment kinds, whose history entity is the row's own kind)."""
    edits: dict[tuple[str, str], list[PlanWijziging]] = defaultdict(list)
    for edit in later_edits:
        edits[(edit.entity, edit.entity_key)].append(edit)
    copies = []
    for row in rows:
        kind = entity or str(getattr(row, "kind", ""))
        columns = sa.inspect(type(row)).columns
        old: dict[str, Any] = {}
        for edit in edits.get((kind, key_of(row)), []):  # newest first: the oldest value wins
            if edit.field in columns:
                old[edit.field] = _value(columns[edit.field].type, edit.old_value)
        copies.append(frozen(row, **old))
    return copies


def _value(column_type: Any, text: str | None) -> Any:
    """A stored old value (text) back in the column's type."""
    if text is None:
        return None
    if isinstance(column_type, sa.DateTime):
        moment = datetime.fromisoformat(text)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if isinstance(column_type, sa.Date):
        return date.fromisoformat(text)
    if isinstance(column_type, sa.Integer):
        return int(text)
    return text


def _present(row: Any, end: datetime) -> bool:
    """Not removed by the end of the cut-off day."""
    removed: datetime | None = row.removed_at
    if removed is None:
        return True
    removed = removed if removed.tzinfo else removed.replace(tzinfo=UTC)
    return removed >= end
