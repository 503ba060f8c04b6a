"""Read queries for afspraken: session keyword-only, a fixed number of statements each."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.models import Afspraak, Mijlpaal


@dataclass
class AfspraakRow:
    afspraak: Afspraak
    mijlpalen: list[Mijlpaal]
    subafspraken: list["AfspraakRow"] = field(default_factory=list)


def list_afspraken_with_mijlpalen(*, session: Session) -> list[AfspraakRow]:
    """Top-level afspraken in Werkagenda order, each with its mijlpalen and its sub-afspraken."""
    afspraken = session.exec(
        select(Afspraak).where(col(Afspraak.removed_at).is_(None)).order_by(col(Afspraak.position))
    ).all()
    mijlpalen: dict[int | None, list[Mijlpaal]] = defaultdict(list)
    for mijlpaal in session.exec(
        select(Mijlpaal)
        .where(col(Mijlpaal.removed_at).is_(None))
        .order_by(col(Mijlpaal.afspraak_id), col(Mijlpaal.position))
    ):
        mijlpalen[mijlpaal.afspraak_id].append(mijlpaal)
    rows = {a.id: AfspraakRow(a, mijlpalen[a.id]) for a in afspraken}
    top_level: list[AfspraakRow] = []
    for afspraak in afspraken:
        row = rows[afspraak.id]
        parent = rows.get(afspraak.parent_id) if afspraak.parent_id else None
        (parent.subafspraken if parent else top_level).append(row)
    return top_level
