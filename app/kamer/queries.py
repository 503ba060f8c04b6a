"""Read queries of the Kamer register: session keyword-only, a fixed number of statements each.

A register page reads the commitments of one kind with their links, the afspraken and their
owners (for the party filter) and the documents: never the whole Werkagenda with its updates.
"""

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.afspraken.plan_history import PlanEntry, group_plan_changes
from app.domain.commitments import OWED, due_date, is_overdue
from app.domain.labels import COMMITMENT_RELATION_LABELS
from app.domain.ownership import OWNER_ROLES
from app.domain.references import document_label
from app.frozen_rows import frozen_rows, select_columns
from app.models import (
    Afspraak,
    AfspraakPartij,
    CommitmentKind,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
    KamerCommitmentRelation,
    KamerStatusWijziging,
    Kamerstuk,
    Mijlpaal,
    Partij,
    PlanWijziging,
    Voortgang,
)

# The URL part and the page words of each kind.
PLURALS = {CommitmentKind.TOEZEGGING: "toezeggingen", CommitmentKind.MOTIE: "moties"}
KIND_OF_PLURAL = {plural: kind for kind, plural in PLURALS.items()}


def afspraak_order(code: str) -> tuple[int, str]:
    """Werkagenda order of a code: 1, 2, ..., 5, 5a, ..., 5f, 6, ..., 11."""
    m = re.match(r"([0-9]+)(.*)", code)
    return (int(m[1]), m[2]) if m else (10**6, code)


@dataclass
class CommitmentRow:
    """One toezegging or motie with what its list row and filters need."""

    commitment: KamerCommitment
    afspraken: list[Afspraak]
    documents: list[Kamerstuk]
    status_source: Kamerstuk | None
    owner_codes: frozenset[str]  # parties that own one of its afspraken
    today: date

    @property
    def key(self) -> str:
        return self.commitment.key

    @property
    def plural(self) -> str:
        return PLURALS[self.commitment.kind]

    @property
    def due(self) -> date | None:
        return due_date(self.commitment)

    @property
    def overdue(self) -> bool:
        return is_overdue(self.commitment, self.today)

    @property
    def owed(self) -> bool:
        return self.commitment.status in OWED

    @property
    def member_text(self) -> str:
        """ "Bushoff (GroenLinks-PvdA), Thiadens (PVV)" """
        return ", ".join(_member(m) for m in self.commitment.members)


def _member(member: dict[str, object]) -> str:
    name, fraction = str(member.get("name") or ""), str(member.get("fraction") or "")
    return f"{name} ({fraction})" if fraction else name


@dataclass
class Register:
    """The commitments of one kind, and the choices the filters offer."""

    today: date
    kind: CommitmentKind
    rows: list[CommitmentRow]
    afspraken: list[Afspraak]  # Werkagenda order
    partijen: list[Partij]  # those that own an afspraak, by name
    documents: list[Kamerstuk]  # by date, newest first

    def afspraak(self, code: str) -> Afspraak | None:
        return next((a for a in self.afspraken if a.code == code), None)

    def partij(self, code: str) -> Partij | None:
        return next((p for p in self.partijen if p.code == code), None)

    def document(self, key: str) -> Kamerstuk | None:
        return next((d for d in self.documents if d.key == key), None)


def load_register(*, session: Session, kind: CommitmentKind, today: date) -> Register:
    """Every live commitment of `kind` with its afspraken, documents and owning parties.

    Read as frozen rows straight from the columns (app/frozen_rows.py), as it is only ever kept:
    at 50 times the seed's size ORM objects of the 1,400 commitments and 850 afspraken beside
    their frozen copies took the build's peak to 14 MB."""
    commitments = frozen_rows(
        KamerCommitment,
        session.execute(
            select_columns(KamerCommitment).where(
                col(KamerCommitment.kind) == kind, col(KamerCommitment.removed_at).is_(None)
            )
        ),
    )
    afspraak_links = session.execute(
        sa.select(
            col(KamerCommitmentAfspraak.commitment_id), col(KamerCommitmentAfspraak.afspraak_id)
        )
        .join(KamerCommitment, col(KamerCommitment.id) == KamerCommitmentAfspraak.commitment_id)
        .where(col(KamerCommitment.kind) == kind)
    ).all()
    document_links = session.execute(
        sa.select(
            col(KamerCommitmentKamerstuk.commitment_id),
            col(KamerCommitmentKamerstuk.kamerstuk_id),
        )
        .join(KamerCommitment, col(KamerCommitment.id) == KamerCommitmentKamerstuk.commitment_id)
        .where(col(KamerCommitment.kind) == kind)
    ).all()
    afspraken = sorted(
        frozen_rows(
            Afspraak,
            session.execute(select_columns(Afspraak).where(col(Afspraak.removed_at).is_(None))),
        ),
        key=lambda a: afspraak_order(a.code),
    )
    # Two columns, not the links as objects: at 50 times the seed's size they are thousands.
    owner_links = session.exec(
        select(AfspraakPartij.afspraak_id, AfspraakPartij.partij_id).where(
            col(AfspraakPartij.role).in_(list(OWNER_ROLES))
        )
    ).all()
    partijen = session.exec(select(Partij).where(col(Partij.removed_at).is_(None))).all()
    documents = frozen_rows(
        Kamerstuk,
        session.execute(select_columns(Kamerstuk).where(col(Kamerstuk.removed_at).is_(None))),
    )

    afspraak_by_id = {a.id: a for a in afspraken}
    partij_by_id = {p.id: p for p in partijen}
    document_by_id = {d.id: d for d in documents}
    owners: dict[int, set[str]] = defaultdict(set)
    for afspraak_id, partij_id in owner_links:
        partij = partij_by_id.get(partij_id)
        if partij is not None:
            owners[afspraak_id].add(partij.code)
    linked_afspraken: dict[int, list[Afspraak]] = defaultdict(list)
    for a_link in afspraak_links:
        if (afspraak := afspraak_by_id.get(a_link.afspraak_id)) is not None:
            linked_afspraken[a_link.commitment_id].append(afspraak)
    linked_documents: dict[int, list[Kamerstuk]] = defaultdict(list)
    for d_link in document_links:
        if (document := document_by_id.get(d_link.kamerstuk_id)) is not None:
            linked_documents[d_link.commitment_id].append(document)

    rows = []
    for c in commitments:
        assert c.id is not None
        mine = sorted(linked_afspraken[c.id], key=lambda a: afspraak_order(a.code))
        rows.append(
            CommitmentRow(
                commitment=c,
                afspraken=mine,
                documents=_by_date(linked_documents[c.id]),
                status_source=document_by_id.get(c.status_source_id),
                owner_codes=frozenset(code for a in mine for code in owners[a.id or 0]),
                today=today,
            )
        )
    # What is still owed first, soonest due first; then the rest, by key.
    rows.sort(key=lambda r: (not r.owed, r.due or date.max, r.key))
    owning = {code for codes in owners.values() for code in codes}
    return Register(
        today=today,
        kind=kind,
        rows=rows,
        afspraken=afspraken,
        partijen=sorted(
            (p for p in partijen if p.code in owning), key=lambda p: p.label.casefold()
        ),
        documents=_by_date(documents),
    )


def _by_date(documents: Sequence[Kamerstuk]) -> list[Kamerstuk]:
    """Newest first; undated documents last, by key."""
    dated = sorted((d for d in documents if d.document_date), key=lambda d: d.key)
    dated.sort(key=lambda d: d.document_date or date.min, reverse=True)
    return dated + sorted((d for d in documents if not d.document_date), key=lambda d: d.key)


@dataclass
class Relation:
    words: str  # "Herhaalt", "Aangevuld door"
    other: KamerCommitment

    @property
    def plural(self) -> str:
        return PLURALS[self.other.kind]


@dataclass
class StatusEntry:
    change: KamerStatusWijziging
    document: Kamerstuk | None


@dataclass
class CommitmentDetail:
    row: CommitmentRow
    relations: list[Relation]
    history: list[StatusEntry]  # newest first
    plan_changes: list[PlanWijziging]  # newest first
    all_afspraken: list[Afspraak] = field(default_factory=list)

    @property
    def plan_history(self) -> list[PlanEntry]:
        return group_plan_changes(self.plan_changes)


def load_commitment(
    *, session: Session, kind: CommitmentKind, key: str, today: date
) -> CommitmentDetail | None:
    """One toezegging or motie with its links, relations, status history and plan history."""
    c = session.exec(
        select(KamerCommitment).where(KamerCommitment.kind == kind, KamerCommitment.key == key)
    ).first()
    if c is None or c.id is None:
        return None
    afspraken = session.exec(
        select(Afspraak)
        .join(KamerCommitmentAfspraak, col(KamerCommitmentAfspraak.afspraak_id) == Afspraak.id)
        .where(KamerCommitmentAfspraak.commitment_id == c.id)
    ).all()
    documents = session.exec(
        select(Kamerstuk)
        .join(KamerCommitmentKamerstuk, col(KamerCommitmentKamerstuk.kamerstuk_id) == Kamerstuk.id)
        .where(KamerCommitmentKamerstuk.commitment_id == c.id)
    ).all()
    relations: list[Relation] = []
    for link, other in session.exec(
        select(KamerCommitmentRelation, KamerCommitment)
        .join(KamerCommitment, col(KamerCommitment.id) == KamerCommitmentRelation.related_id)
        .where(KamerCommitmentRelation.commitment_id == c.id)
    ):
        relations.append(Relation(COMMITMENT_RELATION_LABELS[link.kind][0], other))
    for link, other in session.exec(
        select(KamerCommitmentRelation, KamerCommitment)
        .join(KamerCommitment, col(KamerCommitment.id) == KamerCommitmentRelation.commitment_id)
        .where(KamerCommitmentRelation.related_id == c.id)
    ):
        relations.append(Relation(COMMITMENT_RELATION_LABELS[link.kind][1], other))
    changes = session.exec(
        select(KamerStatusWijziging)
        .where(KamerStatusWijziging.commitment_id == c.id)
        .order_by(col(KamerStatusWijziging.changed_at).desc(), col(KamerStatusWijziging.id).desc())
    ).all()
    wanted = {x.document_id for x in changes} | {c.status_source_id}
    cited = {
        d.id: d
        for d in session.exec(select(Kamerstuk).where(col(Kamerstuk.id).in_(wanted - {None})))
    }
    plan_changes = session.exec(
        select(PlanWijziging)
        .where(PlanWijziging.entity == kind.value, PlanWijziging.entity_key == key)
        .order_by(col(PlanWijziging.changed_at).desc(), col(PlanWijziging.id).desc())
    ).all()
    row = CommitmentRow(
        commitment=c,
        afspraken=sorted(afspraken, key=lambda a: afspraak_order(a.code)),
        documents=_by_date(list(documents)),
        status_source=cited.get(c.status_source_id),
        owner_codes=frozenset(),
        today=today,
    )
    return CommitmentDetail(
        row=row,
        relations=sorted(relations, key=lambda r: (r.words, r.other.key)),
        history=[StatusEntry(x, cited.get(x.document_id)) for x in changes],
        plan_changes=list(plan_changes),
    )


def live_afspraken(*, session: Session) -> list[Afspraak]:
    """Every afspraak not removed, in Werkagenda order (the choices of the edit forms)."""
    rows = session.exec(select(Afspraak).where(col(Afspraak.removed_at).is_(None))).all()
    return sorted(rows, key=lambda a: afspraak_order(a.code))


def live_documents(*, session: Session) -> list[Kamerstuk]:
    """Every document not removed, newest first (the choices of the forms)."""
    return _by_date(
        list(session.exec(select(Kamerstuk).where(col(Kamerstuk.removed_at).is_(None))).all())
    )


@dataclass
class DocumentRow:
    document: Kamerstuk
    linked: int  # commitments made, cited or answered in it
    settled: int  # commitments it fulfilled or settled (their current status source)
    cited_by_updates: int

    @property
    def label(self) -> str:
        return document_label(self.document)


def load_documents(*, session: Session) -> list[DocumentRow]:
    """Every document with how many commitments and updates refer to it."""
    documents = live_documents(session=session)
    linked: dict[int, int] = defaultdict(int)
    for link in session.exec(select(KamerCommitmentKamerstuk)):
        linked[link.kamerstuk_id] += 1
    settled: dict[int, int] = defaultdict(int)
    for source_id in session.exec(
        select(KamerCommitment.status_source_id).where(
            col(KamerCommitment.status_source_id).is_not(None),
            col(KamerCommitment.removed_at).is_(None),
        )
    ):
        if source_id is not None:
            settled[source_id] += 1
    cited: dict[int, int] = defaultdict(int)
    for source_id in session.exec(
        select(Voortgang.source_id).where(col(Voortgang.source_id).is_not(None))
    ):
        if source_id is not None:
            cited[source_id] += 1
    return [
        DocumentRow(d, linked[d.id or 0], settled[d.id or 0], cited[d.id or 0]) for d in documents
    ]


@dataclass
class CitingUpdate:
    update: Voortgang
    afspraak_code: str
    mijlpaal_label: str | None


@dataclass
class DocumentDetail:
    document: Kamerstuk
    settles: list[KamerCommitment]  # its current status source
    linked: list[KamerCommitment]  # made, cited or answered in it
    status_changes: list[tuple[KamerStatusWijziging, KamerCommitment]]  # newest first
    updates: list[CitingUpdate]  # newest first

    @property
    def label(self) -> str:
        return document_label(self.document)


def load_document(*, session: Session, key: str) -> DocumentDetail | None:
    """One document and everything that refers to it."""
    document = session.exec(select(Kamerstuk).where(Kamerstuk.key == key)).first()
    if document is None or document.id is None:
        return None
    settles = session.exec(
        select(KamerCommitment)
        .where(KamerCommitment.status_source_id == document.id)
        .order_by(col(KamerCommitment.kind).desc(), col(KamerCommitment.key))
    ).all()
    linked = session.exec(
        select(KamerCommitment)
        .join(
            KamerCommitmentKamerstuk,
            col(KamerCommitmentKamerstuk.commitment_id) == KamerCommitment.id,
        )
        .where(KamerCommitmentKamerstuk.kamerstuk_id == document.id)
        .order_by(col(KamerCommitment.kind).desc(), col(KamerCommitment.key))
    ).all()
    changes = session.exec(
        select(KamerStatusWijziging, KamerCommitment)
        .join(KamerCommitment, col(KamerCommitment.id) == KamerStatusWijziging.commitment_id)
        .where(KamerStatusWijziging.document_id == document.id)
        .order_by(col(KamerStatusWijziging.changed_at).desc(), col(KamerStatusWijziging.id).desc())
    ).all()
    updates = session.exec(
        select(Voortgang, Afspraak.code, Mijlpaal.label)
        .join(Afspraak, col(Afspraak.id) == Voortgang.afspraak_id)
        .outerjoin(Mijlpaal, col(Mijlpaal.id) == Voortgang.mijlpaal_id)
        .where(Voortgang.source_id == document.id)
        .order_by(col(Voortgang.effective_date).desc(), col(Voortgang.id).desc())
    ).all()
    return DocumentDetail(
        document=document,
        settles=list(settles),
        linked=list(linked),
        status_changes=[(change, c) for change, c in changes],
        updates=[CitingUpdate(u, code, label) for u, code, label in updates],
    )


@dataclass
class OverdueCommitment:
    commitment: KamerCommitment
    afspraak_ids: frozenset[int]
    today: date

    @property
    def due(self) -> date | None:
        return due_date(self.commitment)

    @property
    def plural(self) -> str:
        return PLURALS[self.commitment.kind]


def overdue_commitments(*, session: Session, today: date) -> list[OverdueCommitment]:
    """Toezeggingen and moties still owed past their due date, oldest due first (2 statements)."""
    owed = session.exec(
        select(KamerCommitment).where(
            col(KamerCommitment.status).in_(list(OWED)), col(KamerCommitment.removed_at).is_(None)
        )
    ).all()
    late = [c for c in owed if is_overdue(c, today)]
    ids = [c.id for c in late]
    links: dict[int, set[int]] = defaultdict(set)
    # Run even when nothing is late, so the page's statement count does not depend on the data.
    for link in session.exec(
        select(KamerCommitmentAfspraak).where(col(KamerCommitmentAfspraak.commitment_id).in_(ids))
    ):
        links[link.commitment_id].add(link.afspraak_id)
    items = [OverdueCommitment(c, frozenset(links[c.id or 0]), today) for c in late]
    return sorted(items, key=lambda i: (i.due or date.max, i.commitment.key))
