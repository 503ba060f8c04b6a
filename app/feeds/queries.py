"""Read what the calendar feeds show, as plain rows: milestones and Kamer commitments, each with
the history of what its event shows.

A fixed number of statements whatever the data: `load_werkagenda`'s six for the live plan and its
derived status, then all afspraken (removed ones too), the removed milestones, the role links, and
two aggregates of the history per stable key (plan changes, progress updates). Commitments add
four more. Removed rows are read as well: their events must be sent as cancelled.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from app.afspraken.queries import AfspraakView, MijlpaalView, Werkagenda, load_werkagenda
from app.db import including_removed
from app.domain.ownership import owner_ids
from app.domain.status import Status
from app.models import (
    Afspraak,
    AfspraakPartij,
    CommitmentStatus,
    KamerCommitment,
    KamerCommitmentAfspraak,
    Mijlpaal,
    Partij,
    PlanWijziging,
    Rol,
    Voortgang,
)

# Fields whose change alters a milestone's event (its summary, dates or description); a changed
# position or precision alone does not.
MIJLPAAL_FIELDS = frozenset({"text", "planned_text", "planned_start", "planned_end", "removed_at"})
# The afspraak's fields that each of its milestone events shows: title and opsteller.
AFSPRAAK_FIELDS = frozenset({"title", "opsteller_note", Rol.OPSTELLER.value})
COMMITMENT_FIELDS = frozenset(
    {
        "text",
        "members",
        "origin",
        "due_text",
        "due_phrase",
        "due_start",
        "due_end",
        "status",
        "removed_at",
        "afspraken",
    }
)


@dataclass(frozen=True)
class Changes:
    """How often, and when last, something that an event shows was changed."""

    count: int = 0
    last: datetime | None = None

    def __add__(self, other: "Changes") -> "Changes":
        stamps = [s for s in (self.last, other.last) if s is not None]
        return Changes(self.count + other.count, max(stamps, default=None))


@dataclass(frozen=True)
class MijlpaalRow:
    """One milestone as its calendar event needs it; `status` is None once it was removed."""

    key: str  # the stable key, e.g. "5a/A"
    afspraak_code: str
    parent_code: str | None
    afspraak_title: str
    opsteller: str
    label: str
    text: str
    anchor: str | None  # its row on the afspraak page; None once removed
    planned_text: str
    planned_start: date | None
    planned_end: date | None
    forecast_text: str
    forecast_start: date | None
    forecast_end: date | None
    reached_on: date | None
    status: Status | None
    overdue: bool
    created_at: datetime
    public_changes: Changes  # plan changes and the progress a public event shows
    internal_changes: Changes  # the same plus internal notes, which only private feeds show
    internal_note: str = ""  # the latest one, for private feeds
    internal_note_date: date | None = None

    @property
    def removed(self) -> bool:
        return self.status is None

    @property
    def planned_due(self) -> date | None:
        return self.planned_end

    @property
    def forecast_due(self) -> date | None:
        return self.forecast_end


@dataclass(frozen=True)
class CommitmentRow:
    """A toezegging or motie as its calendar event needs it."""

    kind: str  # "toezegging" or "motie"
    key: str
    text: str
    members: tuple[str, ...]  # "Thiadens (PVV)"
    origin: str
    due_text: str
    due_phrase: str
    due_start: date | None
    due_end: date | None
    status: CommitmentStatus
    afspraak_codes: tuple[str, ...]
    removed: bool
    created_at: datetime
    changes: Changes


@dataclass
class FeedData:
    mijlpalen: list[MijlpaalRow] = field(default_factory=list)
    commitments: list[CommitmentRow] = field(default_factory=list)
    # Afspraak code -> ids of the parties that write it or work on it (removed afspraken too).
    owners: dict[str, frozenset[int]] = field(default_factory=dict)
    # Afspraak code -> codes of its sub-afspraken (5 -> 5a..5f).
    children: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # afspraak code -> title
    # The latest stored change of anything these feeds show: what an event that left a feed
    # (e.g. a party no longer working on an afspraak) leaves behind as its trace.
    version: datetime | None = None


def load_feed_data(
    *,
    session: Session,
    today: date,
    mijlpalen: bool = True,
    commitments: bool = False,
    werkagenda: Werkagenda | None = None,
) -> FeedData:
    """Milestones and/or commitments with their change history, live and removed (the live
    milestones from the Werkagenda given, else read here)."""
    plan_changes = _plan_changes(session)
    data = FeedData(version=max((c.last for c in plan_changes.values() if c.last), default=None))
    if mijlpalen:
        if werkagenda is None:
            werkagenda = load_werkagenda(session=session, today=today)
        _load_mijlpalen(data, session, werkagenda, plan_changes)
    if commitments:
        _load_commitments(data, session, plan_changes)
    return data


def _plan_changes(session: Session) -> dict[tuple[str, str, str], Changes]:
    """(entity, key, field) -> how often and when last it changed, for all plan history."""
    entity, key, name = (
        col(PlanWijziging.entity),
        col(PlanWijziging.entity_key),
        col(PlanWijziging.field),
    )
    # session.execute: SQLModel's exec() has no typed overload for five columns.
    rows = session.execute(
        sa.select(
            entity, key, name, func.count(), func.max(col(PlanWijziging.changed_at))
        ).group_by(entity, key, name)
    ).all()
    return {(e, k, f): Changes(n, last) for e, k, f, n, last in rows}


def _changes_of(
    plan_changes: Mapping[tuple[str, str, str], Changes],
    entity: str,
    key: str,
    fields: Iterable[str],
) -> Changes:
    total = Changes()
    for name in fields:
        total += plan_changes.get((entity, key, name), Changes())
    return total


def _progress_changes(session: Session) -> dict[int, tuple[Changes, Changes]]:
    """Mijlpaal id -> (updates a public event shows, those plus internal notes)."""
    # What a milestone's event shows of its progress: reported status, forecast, reached date.
    shown = sa.or_(
        col(Voortgang.status).is_not(None),
        col(Voortgang.forecast_text) != "",
        col(Voortgang.reached_on).is_not(None),
    )
    noted = sa.or_(shown, col(Voortgang.internal_note) != "")
    recorded_at = col(Voortgang.recorded_at)
    rows = session.execute(
        sa.select(
            col(Voortgang.mijlpaal_id),
            func.count(sa.case((shown, 1))),
            func.max(sa.case((shown, recorded_at))),
            func.count(sa.case((noted, 1))),
            func.max(sa.case((noted, recorded_at))),
        )
        .where(col(Voortgang.mijlpaal_id).is_not(None))
        .group_by(col(Voortgang.mijlpaal_id))
    ).all()
    return {
        mijlpaal_id: (Changes(n_public, last_public), Changes(n_internal, last_internal))
        for mijlpaal_id, n_public, last_public, n_internal, last_internal in rows
        if mijlpaal_id is not None
    }


def _load_mijlpalen(
    data: FeedData,
    session: Session,
    werkagenda: Werkagenda,
    plan_changes: Mapping[tuple[str, str, str], Changes],
) -> None:
    # A removed milestone's event is sent as cancelled, with its afspraak's code and title.
    # Plain rows of the columns used, not ORM objects: at 50 times the seed's size the whole
    # afspraken and their 8,600 party links as objects took 20 MB of each worker's peak memory.
    with including_removed(session):
        afspraken = {
            a.id: a
            for a in session.execute(
                sa.select(
                    col(Afspraak.id),
                    col(Afspraak.code),
                    col(Afspraak.title),
                    col(Afspraak.parent_id),
                    col(Afspraak.opsteller_note),
                )
            )
        }
        removed = session.exec(
            select(Mijlpaal)
            .where(col(Mijlpaal.removed_at).is_not(None))
            .order_by(col(Mijlpaal.afspraak_id), col(Mijlpaal.position))
        ).all()
    codes = {i: a.code for i, a in afspraken.items()}
    links: dict[str, list[sa.Row[Any]]] = defaultdict(list)
    opstellers: dict[str, list[str]] = defaultdict(list)
    # Removed parties are left out: they own nothing and are named in no event.
    for link in session.execute(
        sa.select(
            col(AfspraakPartij.afspraak_id),
            col(AfspraakPartij.partij_id),
            col(AfspraakPartij.role),
            col(Partij.code).label("partij_code"),
        )
        .join(Partij, col(Partij.id) == AfspraakPartij.partij_id)
        .order_by(col(AfspraakPartij.afspraak_id), col(AfspraakPartij.position))
    ):
        partij_code = link.partij_code
        code = codes[link.afspraak_id]
        links[code].append(link)
        if link.role is Rol.OPSTELLER:
            opstellers[code].append(partij_code)
    progress = _progress_changes(session)

    data.owners = {code: owner_ids(links.get(code, ())) for code in codes.values()}
    data.titles = {a.code: a.title for a in afspraken.values()}
    for afspraak in afspraken.values():
        if afspraak.parent_id is not None:
            data.children.setdefault(codes[afspraak.parent_id], []).append(afspraak.code)

    def afspraak_changes(code: str) -> Changes:
        return _changes_of(plan_changes, "afspraak", code, AFSPRAAK_FIELDS)

    def opsteller(afspraak: Afspraak | sa.Row[Any]) -> str:
        return afspraak.opsteller_note.strip() or ", ".join(opstellers[afspraak.code])

    stamps: list[datetime] = [s for s in (data.version,) if s is not None]
    for view in werkagenda.afspraken:
        for m in view.mijlpalen:
            public, internal = progress.get(m.mijlpaal.id or 0, (Changes(), Changes()))
            own = _changes_of(plan_changes, "mijlpaal", m.key, MIJLPAAL_FIELDS)
            plan = own + afspraak_changes(view.code)
            row = _live_row(view, m, opsteller(view.afspraak), plan + public, plan + internal)
            data.mijlpalen.append(row)
            # Public: an internal note must not show, not even in Last-Modified.
            stamps += [s for s in (row.created_at, public.last) if s]
    for gone in removed:
        afspraak = afspraken[gone.afspraak_id]
        key = f"{afspraak.code}/{gone.label}"
        public, internal = progress.get(gone.id or 0, (Changes(), Changes()))
        plan = _changes_of(plan_changes, "mijlpaal", key, MIJLPAAL_FIELDS)
        plan += afspraak_changes(afspraak.code)
        data.mijlpalen.append(
            MijlpaalRow(
                key=key,
                afspraak_code=afspraak.code,
                parent_code=codes.get(afspraak.parent_id) if afspraak.parent_id else None,
                afspraak_title=afspraak.title,
                opsteller=opsteller(afspraak),
                label=gone.label,
                text=gone.text,
                anchor=None,
                planned_text=gone.planned_text,
                planned_start=gone.planned_start,
                planned_end=gone.planned_end,
                forecast_text="",
                forecast_start=None,
                forecast_end=None,
                reached_on=None,
                status=None,
                overdue=False,
                created_at=gone.created_at,
                public_changes=plan + public,
                internal_changes=plan + internal,
            )
        )
        stamps += [s for s in (gone.created_at, public.last) if s]
    data.version = max(stamps, default=None)


def _live_row(
    view: AfspraakView,
    m: MijlpaalView,
    opsteller: str,
    public_changes: Changes,
    internal_changes: Changes,
) -> MijlpaalRow:
    # The forecast in force is the latest one given (updates are newest first), as in the status.
    forecast = next((u for u in m.updates if u.forecast_text), None)
    noted = next((u for u in m.updates if u.internal_note), None)
    return MijlpaalRow(
        key=m.key,
        afspraak_code=view.code,
        parent_code=view.parent_code,
        afspraak_title=view.afspraak.title,
        opsteller=opsteller,
        label=m.mijlpaal.label,
        text=m.mijlpaal.text,
        anchor=m.anchor,
        planned_text=m.mijlpaal.planned_text,
        planned_start=m.mijlpaal.planned_start,
        planned_end=m.mijlpaal.planned_end,
        forecast_text=forecast.forecast_text if forecast else "",
        forecast_start=forecast.forecast_start if forecast else None,
        forecast_end=m.status.forecast_due,
        reached_on=m.status.reached_on,
        status=m.status.status,
        overdue=m.status.overdue,
        created_at=m.mijlpaal.created_at,
        public_changes=public_changes,
        internal_changes=internal_changes,
        internal_note=noted.internal_note if noted else "",
        internal_note_date=noted.effective_date if noted else None,
    )


def _load_commitments(
    data: FeedData, session: Session, plan_changes: Mapping[tuple[str, str, str], Changes]
) -> None:
    links: dict[int, list[str]] = defaultdict(list)
    for commitment_id, code in session.exec(
        select(KamerCommitmentAfspraak.commitment_id, Afspraak.code).join(
            Afspraak, col(Afspraak.id) == KamerCommitmentAfspraak.afspraak_id
        )
    ):
        links[commitment_id].append(code)
    stamps = [s for s in (data.version,) if s is not None]
    # Removed commitments too: their events are sent as cancelled. The links above name only
    # afspraken still in the plan. Toezeggingen first, then moties, each by key: the order the
    # feed always had.
    with including_removed(session):
        items = session.exec(
            select(KamerCommitment).order_by(
                col(KamerCommitment.kind).desc(), col(KamerCommitment.key)
            )
        ).all()
    for item in items:
        kind = item.kind.value
        data.commitments.append(
            CommitmentRow(
                kind=kind,
                key=item.key,
                text=item.text,
                members=tuple(_member(m) for m in item.members),
                origin=item.origin,
                due_text=item.due_text,
                due_phrase=item.due_phrase,
                due_start=item.due_start,
                due_end=item.due_end,
                status=CommitmentStatus(item.status),
                afspraak_codes=tuple(sorted(links[item.id or 0])),
                removed=item.removed_at is not None,
                created_at=item.created_at,
                changes=_changes_of(plan_changes, kind, item.key, COMMITMENT_FIELDS),
            )
        )
        stamps.append(item.created_at)
    data.version = max(stamps, default=None)


def _member(member: Mapping[str, object]) -> str:
    name = str(member.get("name") or "").strip()
    fraction = str(member.get("fraction") or "").strip()
    return f"{name} ({fraction})" if fraction else name


def find_partij(code: str, *, session: Session) -> Partij | None:
    """A party by code, also one that left the plan (its feed keeps answering)."""
    with including_removed(session):
        return session.exec(select(Partij).where(Partij.code == code)).first()
