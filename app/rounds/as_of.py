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
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from app.afspraken.queries import NEWEST_FIRST, assemble_werkagenda, party_links
from app.clock import AMSTERDAM
from app.db import including_removed
from app.frozen_rows import frozen, frozen_rows, select_columns
from app.models import (
    Afhankelijkheid,
    Afspraak,
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
from reports.brief_content import Earlier

Row = TypeVar("Row", bound=SQLModel)


def end_of_day(day: date) -> datetime:
    """The first moment after `day` in Amsterdam, in UTC: the exclusive end of a cut-off day."""
    return datetime.combine(day + timedelta(days=1), time(), AMSTERDAM).astimezone(UTC)


def werkagenda_as_of(*, session: Session, cutoff: date) -> WerkagendaSnapshot:
    """The public Werkagenda and Kamer register as they stood at the end of `cutoff`."""
    plan = _plan_as_of(session, cutoff)
    end, afspraken, mijlpalen = plan.end, plan.afspraken, plan.mijlpalen
    earlier_edits = session.exec(
        select(PlanWijziging)
        .where(col(PlanWijziging.changed_at) < end)
        .order_by(col(PlanWijziging.changed_at), col(PlanWijziging.id))
    ).all()
    with including_removed(session):
        document_keys: dict[int, str] = dict(
            session.execute(sa.select(col(Kamerstuk.id), col(Kamerstuk.key))).all()
        )
        partijen = session.exec(select(Partij).order_by(col(Partij.code))).all()
    codes = {a.id: a.code for a in afspraken}
    updates = frozen_rows(
        Voortgang,
        session.execute(
            select_columns(Voortgang)
            .where(col(Voortgang.effective_date) <= cutoff, col(Voortgang.recorded_at) < end)
            .order_by(*NEWEST_FIRST)
        ),
    )
    links = party_links(session)
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
            plan.commitments,
            cutoff=cutoff,
            end=end,
            afspraak_codes={i: c for i, c in codes.items() if c in shown_afspraken},
            document_keys=document_keys,
        ),
    )


def earlier_as_of(*, session: Session, cutoff: date) -> Earlier:
    """What a later brief compares with at `cutoff`: the updates and the commitments' statuses
    that `werkagenda_as_of` gives for it, without reading or projecting the rest (a previous
    round at 50 times the seed's size holds most of the 50,000 updates)."""
    plan = _plan_as_of(session, cutoff)
    codes = {a.id for a in plan.afspraken}
    mijlpalen = {m.id for m in plan.mijlpalen}
    update_ids = frozenset(
        id_
        for id_, afspraak_id, mijlpaal_id in session.execute(
            sa.select(
                col(Voortgang.id), col(Voortgang.afspraak_id), col(Voortgang.mijlpaal_id)
            ).where(col(Voortgang.effective_date) <= cutoff, col(Voortgang.recorded_at) < plan.end)
        )
        if afspraak_id in codes and (mijlpaal_id is None or mijlpaal_id in mijlpalen)
    )
    last: dict[int, CommitmentStatus] = {}
    for commitment_id, status, effective in session.execute(
        sa.select(
            col(KamerStatusWijziging.commitment_id),
            col(KamerStatusWijziging.new_status),
            col(KamerStatusWijziging.effective_date),
        )
        .where(col(KamerStatusWijziging.changed_at) < plan.end)
        .order_by(col(KamerStatusWijziging.changed_at), col(KamerStatusWijziging.id))
    ):
        if effective is None or effective <= cutoff:
            last[commitment_id] = status
    statuses = {
        c.key: last.get(c.id, CommitmentStatus.OPEN) for c in plan.commitments if c.id is not None
    }
    return Earlier(as_of=cutoff, update_ids=update_ids, statuses=statuses)


@dataclass(frozen=True)
class _Plan:
    """The plan rows as they stood at the end of a cut-off day, as frozen rows with every later
    plan edit undone; only those there then (not removed yet, already made)."""

    end: datetime
    afspraken: list[Afspraak]
    mijlpalen: list[Mijlpaal]  # of those afspraken
    commitments: list[KamerCommitment]


def _plan_as_of(session: Session, cutoff: date) -> _Plan:
    end = end_of_day(cutoff)
    later_edits = session.exec(
        select(PlanWijziging)
        .where(col(PlanWijziging.changed_at) >= end)
        .order_by(col(PlanWijziging.changed_at).desc(), col(PlanWijziging.id).desc())
    ).all()
    # Frozen rows straight from their columns (app/frozen_rows.py), not ORM objects: at 50 times
    # the seed's size these are 5,000 rows, and a round's updates 51,750.
    with including_removed(session):
        afspraak_rows = _rows(session, Afspraak, col(Afspraak.position))
        mijlpaal_rows = _rows(session, Mijlpaal, col(Mijlpaal.afspraak_id), col(Mijlpaal.position))
        commitment_rows = _rows(
            session, KamerCommitment, col(KamerCommitment.kind).desc(), col(KamerCommitment.key)
        )
    afspraken = [
        a
        for a in _as_they_were(Afspraak, afspraak_rows, "afspraak", lambda a: a.code, later_edits)
        if _present(a, end)
    ]
    present = {a.id for a in afspraken}
    every_code = {a.id: a.code for a in afspraak_rows}  # history keys of removed ones too
    mijlpalen = [
        m
        for m in _as_they_were(
            Mijlpaal,
            mijlpaal_rows,
            "mijlpaal",
            lambda m: f"{every_code[m.afspraak_id]}/{m.label}",
            later_edits,
        )
        if _present(m, end) and m.created_at < end and m.afspraak_id in present
    ]
    commitments = [
        c
        for c in _as_they_were(KamerCommitment, commitment_rows, None, lambda c: c.key, later_edits)
        if _present(c, end) and c.created_at < end and c.id is not None
    ]
    return _Plan(end, afspraken, mijlpalen, commitments)


def _commitments(
    session: Session,
    rows: Sequence[KamerCommitment],
    *,
    cutoff: date,
    end: datetime,
    afspraak_codes: dict[int | None, str],
    document_keys: dict[int, str],
) -> list[CommitmentHistoryOut]:
    history: dict[int, list[KamerStatusWijziging]] = defaultdict(list)
    entries = frozen_rows(
        KamerStatusWijziging,
        session.execute(
            select_columns(KamerStatusWijziging)
            .where(col(KamerStatusWijziging.changed_at) < end)
            .order_by(col(KamerStatusWijziging.changed_at), col(KamerStatusWijziging.id))
        ),
    )
    for entry in entries:
        if entry.effective_date is None or entry.effective_date <= cutoff:
            history[entry.commitment_id].append(entry)
    afspraken: dict[int, list[str]] = defaultdict(list)
    for commitment_id, afspraak_id in session.execute(
        sa.select(
            col(KamerCommitmentAfspraak.commitment_id), col(KamerCommitmentAfspraak.afspraak_id)
        )
    ):
        if afspraak_id in afspraak_codes:
            afspraken[commitment_id].append(afspraak_codes[afspraak_id])
    documents: dict[int, list[str]] = defaultdict(list)
    for commitment_id, kamerstuk_id in session.execute(
        sa.select(
            col(KamerCommitmentKamerstuk.commitment_id),
            col(KamerCommitmentKamerstuk.kamerstuk_id),
        )
    ):
        if kamerstuk_id in document_keys:
            documents[commitment_id].append(document_keys[kamerstuk_id])

    result = []
    for row in rows:
        assert row.id is not None
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


def _rows(session: Session, model: type[Row], *order: Any) -> list[Row]:
    return frozen_rows(model, session.execute(select_columns(model).order_by(*order)))


def _as_they_were(
    model: type[Row],
    rows: Iterable[Row],
    entity: str | None,
    key_of: Any,
    later_edits: Sequence[PlanWijziging],
) -> list[Row]:
    """Frozen copies of `model`'s `rows` with every later plan edit undone, newest first
    (`entity` None: the commitment kinds, whose history entity is the row's own kind)."""
    edits: dict[tuple[str, str], list[PlanWijziging]] = defaultdict(list)
    for edit in later_edits:
        edits[(edit.entity, edit.entity_key)].append(edit)
    columns = sa.inspect(model).columns
    copies = []
    for row in rows:
        kind = entity or str(getattr(row, "kind", ""))
        old: dict[str, Any] = {}
        for edit in edits.get((kind, key_of(row)), []):  # newest first: the oldest value wins
            if edit.field in columns:
                old[edit.field] = _value(columns[edit.field].type, edit.old_value)
        copies.append(frozen(row, **old) if old else row)
    return copies


def _value(column_type: Any, text: str | None) -> Any:
    """A stored old value (text) back in the column's type."""
    if text is None:
        return None
    if isinstance(column_type, sa.types.TypeDecorator):  # SQLModel's UTCDateTime
        column_type = column_type.impl
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
    return _present_at(row.removed_at, end)


def _present_at(removed: datetime | None, end: datetime) -> bool:
    if removed is None:
        return True
    removed = removed if removed.tzinfo else removed.replace(tzinfo=UTC)
    return removed >= end
