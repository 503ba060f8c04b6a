"""Read queries for afspraken: session keyword-only, a fixed number of statements each.

Every page needs the same picture of the plan with its derived status. `load_werkagenda` reads it
in six statements, with only the few updates per afspraak and mijlpaal that the status and the
pages read (`LATEST`), not the whole history; `app.afspraken.cache` keeps it per data revision so
a page reads it once per change, not once per request. The history of one afspraak is read on its
own (`with_history`). The statement count never grows with the data.
"""

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from app.afspraken.plan_history import PlanEntry, group_plan_changes
from app.domain.status import (
    AfspraakStatus,
    MijlpaalStatus,
    Status,
    afspraak_statuses,
    mijlpaal_status,
)
from app.garbage_collection import fewer_collections
from app.models import (
    Activiteit,
    ActiviteitPartij,
    Afhankelijkheid,
    AfhankelijkheidSoort,
    Afspraak,
    AfspraakPartij,
    KamerCommitment,
    KamerCommitmentAfspraak,
    Kamerstuk,
    Mijlpaal,
    Partij,
    PlanWijziging,
    Rol,
    Voortgang,
)


@dataclass
class MijlpaalView:
    mijlpaal: Mijlpaal
    afspraak_code: str
    status: MijlpaalStatus
    updates: list[Voortgang]  # newest first

    @property
    def key(self) -> str:
        return f"{self.afspraak_code}/{self.mijlpaal.label}"

    @property
    def name(self) -> str:
        """ "Mijlpaal A"; labels written as "Mijlpaal 1" in the Werkagenda stay as they are."""
        label = self.mijlpaal.label
        return label if label.lower().startswith("mijlpaal") else f"Mijlpaal {label}"

    @property
    def anchor(self) -> str:
        """An HTML id for its row: labels such as "Mijlpaal 1" hold spaces, which ids may not."""
        return "mijlpaal-" + re.sub(
            r"[^A-Za-z0-9]+", "-", f"{self.afspraak_code}-{self.mijlpaal.label}"
        )


@dataclass(slots=True)
class Deelname:
    """A party's part in an afspraak: its role and the note beside it (e.g. "mogelijk")."""

    partij: Partij
    role: Rol
    note: str

    @property
    def partij_id(self) -> int | None:
        return self.partij.id


class HistoryNotLoaded(RuntimeError):
    """A view of the latest updates only was asked for its whole history."""


@dataclass
class AfspraakView:
    afspraak: Afspraak
    status: AfspraakStatus
    mijlpalen: list[MijlpaalView]
    deelnames: list[Deelname]
    # On the afspraak itself, newest first: every one, or only the `LATEST` ones (`complete`).
    updates: list[Voortgang]
    parent_code: str | None = None
    children: list["AfspraakView"] = field(default_factory=list)
    complete: bool = True

    @property
    def code(self) -> str:
        return self.afspraak.code

    def partijen(self, role: Rol) -> list[Deelname]:
        return [d for d in self.deelnames if d.role is role]

    @property
    def next_mijlpaal(self) -> MijlpaalView | None:
        """The first mijlpaal still to come: not reached, not overdue, with a due date."""
        upcoming = [
            m
            for m in self.mijlpalen
            if not m.status.reached and not m.status.overdue and m.status.stands_on
        ]
        return min(upcoming, key=lambda m: m.status.stands_on or date.max, default=None)

    @property
    def reported_update(self) -> Voortgang | None:
        """The update whose status the afspraak's parties reported last (who and when)."""
        return next((u for u in self.updates if u.id == self.status.reported_id), None)

    @property
    def overdue_mijlpalen(self) -> list[MijlpaalView]:
        return [m for m in self.mijlpalen if m.status.overdue]

    @property
    def history(self) -> list[tuple[Voortgang, MijlpaalView | None]]:
        """Every update on the afspraak and its mijlpalen, newest first."""
        if not self.complete:
            raise HistoryNotLoaded(
                f"Afspraak {self.code} was read with its latest updates only; "
                "read it with `with_history` to show its history."
            )
        entries: list[tuple[Voortgang, MijlpaalView | None]] = [(u, None) for u in self.updates]
        entries += [(u, m) for m in self.mijlpalen for u in m.updates]
        return sorted(
            entries,
            key=lambda e: (e[0].effective_date, e[0].recorded_at, e[0].id or 0),
            reverse=True,
        )


@dataclass
class Werkagenda:
    today: date
    afspraken: list[AfspraakView]  # Werkagenda order, children right after their parent
    partijen: list[Partij]
    needs: dict[str, list[tuple[str, Afhankelijkheid]]]  # code -> (code it needs, link)
    needed_by: dict[str, list[tuple[str, Afhankelijkheid]]]  # code -> (code that needs it, link)

    @property
    def top_level(self) -> list[AfspraakView]:
        return [a for a in self.afspraken if a.parent_code is None]

    def get(self, code: str) -> AfspraakView | None:
        return next((a for a in self.afspraken if a.code == code), None)

    def partij(self, code: str) -> Partij | None:
        return next((p for p in self.partijen if p.code == code), None)


@fewer_collections()
def load_werkagenda(*, session: Session, today: date, history: bool = False) -> Werkagenda:
    """The live plan with the derived status on `today`: with every update if `history`, else
    with the `LATEST` updates of each afspraak and mijlpaal (the status is the same)."""
    afspraken = session.exec(select(Afspraak).order_by(col(Afspraak.position))).all()
    mijlpalen = session.exec(
        select(Mijlpaal).order_by(col(Mijlpaal.afspraak_id), col(Mijlpaal.position))
    ).all()
    updates = session.exec(
        (select(Voortgang) if history else _latest_updates()).order_by(*NEWEST_FIRST)
    ).all()
    partijen = session.exec(select(Partij).order_by(col(Partij.code))).all()
    links = party_links(session)
    dependencies = session.exec(select(Afhankelijkheid).order_by(col(Afhankelijkheid.id))).all()
    werkagenda = assemble_werkagenda(
        today=today,
        afspraken=afspraken,
        mijlpalen=mijlpalen,
        updates=updates,
        partijen=partijen,
        links=links,
        dependencies=dependencies,
    )
    for view in werkagenda.afspraken:
        view.complete = history
    return werkagenda


def load_afspraak_scope(*, session: Session, code: str, today: date) -> Werkagenda | None:
    """The part of the live plan that one afspraak's status needs, or None if there is no such
    afspraak: the afspraak with its parent and sub-afspraken, and the afspraken it waits on
    (lateness goes one step only, app/domain/status.py), each with its mijlpalen and `LATEST`
    updates; parties and dependencies whole (small tables). The status and views of `code` are
    what `load_werkagenda` gives; the others' statuses may lack what they in turn wait on.

    For the htmx answer to a saved form, read through the request's own session so that it
    shows the write: at 50 times the seed's size the whole plan took 1-2 s there."""
    target = session.exec(select(Afspraak).where(Afspraak.code == code)).first()
    if target is None or target.id is None:
        return None
    dependencies = session.exec(select(Afhankelijkheid).order_by(col(Afhankelijkheid.id))).all()
    children = select(Afspraak.id).where(Afspraak.parent_id == target.id)
    waited_on = [
        d.depends_on_id
        for d in dependencies
        if d.afspraak_id == target.id and d.kind is AfhankelijkheidSoort.RANDVOORWAARDE
    ]
    ids = [target.id, *([target.parent_id] if target.parent_id else []), *waited_on]
    in_scope = sa.or_(col(Afspraak.id).in_(ids), col(Afspraak.id).in_(children))
    afspraken = session.exec(
        select(Afspraak).where(in_scope).order_by(col(Afspraak.position))
    ).all()
    scope = [a.id for a in afspraken]
    mijlpalen = session.exec(
        select(Mijlpaal)
        .where(col(Mijlpaal.afspraak_id).in_(scope))
        .order_by(col(Mijlpaal.afspraak_id), col(Mijlpaal.position))
    ).all()
    updates = session.exec(
        _latest_updates(col(Voortgang.afspraak_id).in_(scope)).order_by(*NEWEST_FIRST)
    ).all()
    partijen = session.exec(select(Partij).order_by(col(Partij.code))).all()
    links = party_links(session, col(AfspraakPartij.afspraak_id).in_(scope))
    return assemble_werkagenda(
        today=today,
        afspraken=afspraken,
        mijlpalen=mijlpalen,
        updates=updates,
        partijen=partijen,
        links=links,
        dependencies=dependencies,
    )


def party_links(
    session: Session, where: sa.ColumnElement[bool] | None = None
) -> Sequence[sa.Row[Any]]:
    """The party links (afspraak, partij, role, note) in the order `assemble_werkagenda` takes
    them, as columns, not objects: at 50 times the seed's size they are 8,600 rows."""
    return session.execute(
        sa.select(
            col(AfspraakPartij.afspraak_id),
            col(AfspraakPartij.partij_id),
            col(AfspraakPartij.role),
            col(AfspraakPartij.note),
        )
        .where(sa.true() if where is None else where)
        .order_by(col(AfspraakPartij.role), col(AfspraakPartij.position))
    ).all()


def with_history(view: AfspraakView, *, session: Session) -> AfspraakView:
    """The same afspraak with every update on it and its mijlpalen (one statement)."""
    updates = session.exec(
        select(Voortgang).where(Voortgang.afspraak_id == view.afspraak.id).order_by(*NEWEST_FIRST)
    ).all()
    by_mijlpaal: dict[int | None, list[Voortgang]] = defaultdict(list)
    for update in updates:
        by_mijlpaal[update.mijlpaal_id].append(update)
    return replace(
        view,
        updates=by_mijlpaal[None],
        mijlpalen=[replace(m, updates=by_mijlpaal[m.mijlpaal.id]) for m in view.mijlpalen],
        complete=True,
    )


NEWEST_FIRST = (
    col(Voortgang.effective_date).desc(),
    col(Voortgang.recorded_at).desc(),
    col(Voortgang.id).desc(),
)

# The updates the status fold and the pages read, per afspraak (its own) and per mijlpaal: the
# newest one that matches each condition. Folding these alone gives the status that folding the
# whole history gives (app/domain/status.py): the last update, the last reported status, the
# last reached date and the last update that undid one (a status other than afgerond without a
# date), the last forecast; and what the pages show beside it, the last public text and note.
LATEST: dict[str, sa.ColumnElement[bool]] = {
    "latest": sa.true(),
    "status": col(Voortgang.status).is_not(None),
    "reached": col(Voortgang.reached_on).is_not(None),
    "undone": sa.and_(
        col(Voortgang.status).is_not(None),
        col(Voortgang.status) != Status.AFGEROND,
        col(Voortgang.reached_on).is_(None),
    ),
    "forecast": col(Voortgang.forecast_text) != "",
    "public_text": col(Voortgang.public_text) != "",
    "internal_note": col(Voortgang.internal_note) != "",
}


def _latest_updates(where: sa.ColumnElement[bool] | None = None) -> SelectOfScalar[Voortgang]:
    """The `LATEST` updates: per item and condition, the update whose `_NewestKey` is the
    highest. All windows share one partition and no order, so the database sorts the updates
    once, not once per condition (at 50 times the seed's size: 0.19 s instead of 0.68 s).
    `where` narrows the updates looked at first; it must keep or drop an item's updates whole
    (a condition on the afspraak, say), or a window would see part of an item."""
    item = (col(Voortgang.afspraak_id), col(Voortgang.mijlpaal_id))
    key = _NewestKey(col(Voortgang.effective_date), col(Voortgang.recorded_at), col(Voortgang.id))
    ranked = (
        sa.select(
            col(Voortgang.id).label("id"),
            key.label("key"),
            *(
                sa.func.max(sa.case((condition, key)))
                .over(partition_by=item)
                .label(f"newest_{name}")
                for name, condition in LATEST.items()
            ),
        )
        .where(sa.true() if where is None else where)
        .subquery()
    )
    wanted = sa.or_(*(ranked.c.key == ranked.c[f"newest_{name}"] for name in LATEST))
    return select(Voortgang).where(col(Voortgang.id).in_(select(ranked.c.id).where(wanted)))


class _NewestKey(sa.sql.functions.GenericFunction[str]):
    """A text that sorts as `NEWEST_FIRST` does, reversed: effective date, recorded at, id,
    each written at a fixed width, so that the newest update has the highest key. Were two keys
    ever equal, both updates would be read, and the fold (which orders them itself) would still
    take the newest: a key may tie, it must never put an older update above a newer one."""

    type = sa.String()
    inherit_cache = True


@compiles(_NewestKey, "sqlite")
def _newest_key_sqlite(element: _NewestKey, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps dates as 'YYYY-MM-DD' and times as 'YYYY-MM-DD HH:MM:SS.ffffff' text.
    day, recorded, id_ = (compiler.process(c, **kw) for c in element.clauses)
    return f"printf('%s|%s|%012d', {day}, {recorded}, {id_})"


@compiles(_NewestKey, "postgresql")
def _newest_key_postgresql(element: _NewestKey, compiler: SQLCompiler, **kw: Any) -> str:
    day, recorded, id_ = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"concat(to_char({day}, 'YYYY-MM-DD'), '|', "
        f"to_char({recorded}, 'YYYY-MM-DD HH24:MI:SS.US'), '|', lpad({id_}::text, 12, '0'))"
    )


def assemble_werkagenda(
    *,
    today: date,
    afspraken: Sequence[Afspraak],
    mijlpalen: Sequence[Mijlpaal],
    updates: Sequence[Voortgang],
    partijen: Sequence[Partij],
    links: Sequence[AfspraakPartij] | Sequence[sa.Row[Any]],
    dependencies: Sequence[Afhankelijkheid],
) -> Werkagenda:
    """The Werkagenda of rows already read, in the orders `load_werkagenda` reads them (the
    reporting rounds pass the rows as they stood on a cut-off day)."""
    codes = {a.id: a.code for a in afspraken}
    by_mijlpaal: dict[int, list[Voortgang]] = defaultdict(list)
    by_afspraak: dict[int, list[Voortgang]] = defaultdict(list)
    for update in updates:
        if update.mijlpaal_id is not None:
            by_mijlpaal[update.mijlpaal_id].append(update)
        else:
            by_afspraak[update.afspraak_id].append(update)

    mijlpaal_views: dict[int, list[MijlpaalView]] = defaultdict(list)
    for m in mijlpalen:
        if m.afspraak_id not in codes or m.id is None:
            continue
        history = by_mijlpaal[m.id]
        status = mijlpaal_status(m.due_date, history, today=today)
        mijlpaal_views[m.afspraak_id].append(MijlpaalView(m, codes[m.afspraak_id], status, history))

    partij_by_id = {p.id: p for p in partijen}
    deelnames: dict[int, list[Deelname]] = defaultdict(list)
    for link in links:
        partij = partij_by_id.get(link.partij_id)
        if partij is not None:
            deelnames[link.afspraak_id].append(Deelname(partij, link.role, link.note))

    needs: dict[str, list[tuple[str, Afhankelijkheid]]] = defaultdict(list)
    needed_by: dict[str, list[tuple[str, Afhankelijkheid]]] = defaultdict(list)
    for dep in dependencies:
        if dep.afspraak_id in codes and dep.depends_on_id in codes:
            needs[codes[dep.afspraak_id]].append((codes[dep.depends_on_id], dep))
            needed_by[codes[dep.depends_on_id]].append((codes[dep.afspraak_id], dep))

    statuses = afspraak_statuses(
        afspraak_updates={codes[i]: by_afspraak[i] for i in codes if i is not None},
        mijlpalen={codes[i]: [v.status for v in mijlpaal_views[i]] for i in codes if i is not None},
        prerequisites={
            code: [c for c, dep in deps if dep.kind is AfhankelijkheidSoort.RANDVOORWAARDE]
            for code, deps in needs.items()
        },
        today=today,
    )

    views: dict[int | None, AfspraakView] = {}
    for a in afspraken:
        assert a.id is not None
        views[a.id] = AfspraakView(
            afspraak=a,
            status=statuses[a.code],
            mijlpalen=mijlpaal_views[a.id],
            deelnames=deelnames[a.id],
            updates=by_afspraak[a.id],
            parent_code=codes.get(a.parent_id) if a.parent_id else None,
        )
    # Children grouped once: scanning every afspraak for each parent is quadratic at scale.
    children: dict[int, list[AfspraakView]] = defaultdict(list)
    for a in afspraken:
        if a.parent_id is not None:
            children[a.parent_id].append(views[a.id])
    ordered: list[AfspraakView] = []
    for a in afspraken:
        if a.parent_id is None:
            assert a.id is not None
            view = views[a.id]
            view.children.extend(children[a.id])
            ordered.append(view)
            ordered.extend(children[a.id])
    return Werkagenda(today, ordered, list(partijen), dict(needs), dict(needed_by))


@dataclass
class ActiviteitView:
    activiteit: Activiteit
    partijen: list[Partij]


@dataclass
class AfspraakDetails:
    """What only the afspraak page shows, besides the Werkagenda snapshot."""

    activiteiten: list[ActiviteitView]
    plan_changes: list[PlanWijziging]  # newest first
    commitments: list[KamerCommitment]  # toezeggingen first, then moties, each by key
    sources: dict[int, Kamerstuk]

    @property
    def plan_history(self) -> list[PlanEntry]:
        """The plan changes as one entry per edit, newest first."""
        return group_plan_changes(self.plan_changes)


def load_afspraak_details(view: AfspraakView, *, session: Session) -> AfspraakDetails:
    """Activities, plan history, Kamer commitments and cited documents of one afspraak."""
    afspraak_id = view.afspraak.id
    activiteiten = session.exec(
        select(Activiteit)
        .where(Activiteit.afspraak_id == afspraak_id)
        .order_by(col(Activiteit.number))
    ).all()
    activity_partijen: dict[int, list[Partij]] = defaultdict(list)
    for link, partij in session.exec(
        select(ActiviteitPartij, Partij)
        .join(Partij, col(Partij.id) == ActiviteitPartij.partij_id)
        .join(Activiteit, col(Activiteit.id) == ActiviteitPartij.activiteit_id)
        .where(Activiteit.afspraak_id == afspraak_id)
        .order_by(col(Partij.code))
    ):
        activity_partijen[link.activiteit_id].append(partij)
    plan_changes = session.exec(
        select(PlanWijziging)
        .where(
            or_(
                PlanWijziging.entity_key == view.code,
                col(PlanWijziging.entity_key).startswith(f"{view.code}/"),
            )
        )
        .order_by(col(PlanWijziging.changed_at).desc(), col(PlanWijziging.id).desc())
    ).all()
    commitments = session.exec(
        select(KamerCommitment)
        .join(
            KamerCommitmentAfspraak,
            col(KamerCommitmentAfspraak.commitment_id) == KamerCommitment.id,
        )
        .where(KamerCommitmentAfspraak.afspraak_id == afspraak_id)
        # "toezegging" sorts after "motie": descending keeps toezeggingen first, as they were.
        .order_by(col(KamerCommitment.kind).desc(), col(KamerCommitment.key))
    ).all()
    source_ids = {u.source_id for u, _ in view.history if u.source_id is not None}
    sources = {
        k.id: k for k in session.exec(select(Kamerstuk).where(col(Kamerstuk.id).in_(source_ids)))
    }
    return AfspraakDetails(
        activiteiten=[ActiviteitView(a, activity_partijen[a.id or 0]) for a in activiteiten],
        plan_changes=list(plan_changes),
        commitments=list(commitments),
        sources={i: k for i, k in sources.items() if i is not None},
    )


def latest_plan_change(entity_key: str, *, session: Session) -> PlanWijziging | None:
    """The most recent plan edit of one mijlpaal (key "5a/A"), if any."""
    return session.exec(
        select(PlanWijziging)
        .where(PlanWijziging.entity == "mijlpaal", PlanWijziging.entity_key == entity_key)
        .order_by(col(PlanWijziging.changed_at).desc(), col(PlanWijziging.id).desc())
        .limit(1)
    ).first()


def document_choices(*, session: Session) -> list[Kamerstuk]:
    """The documents a progress update may cite: not removed, newest first."""
    return list(
        session.exec(
            select(Kamerstuk)
            .where(col(Kamerstuk.removed_at).is_(None))
            .order_by(col(Kamerstuk.document_date).desc(), col(Kamerstuk.key))
        )
    )
