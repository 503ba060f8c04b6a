"""Load the plan: afspraken with their roles, activiteiten, mijlpalen and afhankelijkheden."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from app.domain.periods import Period
from app.models import (
    Activiteit,
    ActiviteitPartij,
    Afhankelijkheid,
    Afspraak,
    AfspraakPartij,
    Mijlpaal,
    Rol,
)
from app.seeding.schema import ActiviteitIn, PartijRefIn, RolIn
from app.seeding.source import Path_
from app.seeding.sync import SeedSync, planned
from app.seeding.validate import FlatAfspraak


def load_plan(sync: SeedSync) -> None:
    """Afspraken in file order (parents first), then what hangs under them."""
    session = sync.session
    existing = {a.code: a for a in session.exec(select(Afspraak))}
    ids = {code: row.id for code, row in existing.items() if row.id is not None}

    def values_of(position: int, flat: FlatAfspraak) -> dict[str, Any]:
        spec = flat.spec
        return {
            "code": spec.code,
            "parent_id": ids.get(flat.parent_code) if flat.parent_code else None,
            "position": position,
            "title": spec.titel,
            "agreement_text": spec.tekst,
            "goal": spec.doel,
            "result": spec.resultaat,
            "context": spec.context,
            "attention_points": spec.aandachtspunten,
            "monitoring": spec.monitoring,
            "existing_initiatives": spec.initiatieven,
            "remarks": spec.opmerkingen,
            "opsteller_note": spec.opsteller.tekst,
            "samen_met_note": spec.samen_met.tekst,
            "informeren_note": spec.informeren.tekst,
        }

    # New afspraken first, in file order and in one insert; a new subafspraak of a new parent
    # gets its parent_id once the parent has an id. Then the existing ones, whose parent (new or
    # not) has its id by now.
    numbered = list(enumerate(sync.seed.afspraken, start=1))
    new = [(p, flat) for p, flat in numbered if flat.spec.code not in existing]
    sync.insert(Afspraak, [values_of(p, flat) for p, flat in new])
    if new:
        stored = session.exec(select(col(Afspraak.code), col(Afspraak.id)))
        ids = {code: i for code, i in stored if i is not None}
        orphans = [
            {"row_id": ids[flat.spec.code], "parent": ids[flat.parent_code]}
            for _, flat in new
            if flat.parent_code and flat.parent_code not in existing
        ]
        if orphans:
            table = Afspraak.__table__  # type: ignore[attr-defined]
            session.execute(
                sa.update(table)
                .where(table.c.id == sa.bindparam("row_id"))
                .values(parent_id=sa.bindparam("parent")),
                orphans,
            )
    for position, flat in numbered:
        code = flat.spec.code
        sync.sync("afspraak", code, existing.get(code), Afspraak, values_of(position, flat))
    sync.afspraak_ids = {flat.spec.code: ids[flat.spec.code] for flat in sync.seed.afspraken}
    wanted = set(sync.afspraak_ids)
    sync.mark_removed("afspraak", ((c, a) for c, a in existing.items() if c not in wanted))
    sync.afspraak_codes = {i: c for c, i in ids.items()}

    _load_roles(sync)
    _load_activiteiten(sync)
    _load_mijlpalen(sync)
    _load_afhankelijkheden(sync)


def _load_roles(sync: SeedSync) -> None:
    existing: dict[tuple[int, str], list[AfspraakPartij]] = defaultdict(list)
    for link in sync.session.exec(select(AfspraakPartij).order_by(col(AfspraakPartij.position))):
        existing[(link.afspraak_id, link.role)].append(link)

    def describe(rows: Sequence[Any]) -> str:
        return ", ".join(
            sync.partij_codes[r.partij_id] + (f" ({r.note})" if r.note else "") for r in rows
        )

    new_links: list[dict[str, Any]] = []
    for flat in sync.seed.afspraken:
        afspraak_id = sync.afspraak_ids[flat.spec.code]
        for role in Rol:
            spec: RolIn = getattr(flat.spec, role.value)
            wanted = [
                {
                    "afspraak_id": afspraak_id,
                    "partij_id": sync.partij_ids[sync.seed.partij_code(_ref_name(ref))],
                    "role": role,
                    "position": position,
                    "note": ref.noot if isinstance(ref, PartijRefIn) else "",
                }
                for position, ref in enumerate(_unique_refs(sync, spec), start=1)
            ]
            sync.sync_link_set(
                "afspraak",
                flat.spec.code,
                role.value,
                existing[(afspraak_id, role)],
                wanted,
                describe,
                new_links,
            )
    sync.insert(AfspraakPartij, new_links)


def _unique_refs(sync: SeedSync, spec: RolIn) -> list[str | PartijRefIn]:
    """Role references with a party named twice (code and alias) kept once."""
    seen: set[str] = set()
    refs = []
    for ref in spec.partijen:
        code = sync.seed.partij_code(_ref_name(ref))
        if code not in seen:
            seen.add(code)
            refs.append(ref)
    return refs


def _ref_name(ref: str | PartijRefIn) -> str:
    return ref.partij if isinstance(ref, PartijRefIn) else ref


def _load_activiteiten(sync: SeedSync) -> None:
    session = sync.session
    existing = {(a.afspraak_id, a.number): a for a in session.exec(select(Activiteit))}
    links: dict[int, list[ActiviteitPartij]] = defaultdict(list)
    for link in session.exec(select(ActiviteitPartij)):
        links[link.activiteit_id].append(link)
    # New rows first, all in one insert, so that every activiteit has its id; then, in file
    # order, each existing row's fields and each row's parties, as the history tells them.
    specs: list[tuple[str, int, ActiviteitIn, dict[str, Any], Activiteit | None]] = []
    new = []
    for flat in sync.seed.afspraken:
        afspraak_id = sync.afspraak_ids[flat.spec.code]
        for i, spec in enumerate(flat.spec.activiteiten):
            values = {
                "afspraak_id": afspraak_id,
                "number": spec.nr,
                "text": spec.tekst,
                "partijen_note": spec.partijen_tekst,
                **planned(_period(sync, flat, "activiteiten", i)),
            }
            row = existing.get((afspraak_id, spec.nr))
            key = f"{flat.spec.code}/{spec.nr}"
            if row is None:
                sync.sync("activiteit", key, None, Activiteit, values)
                new.append(values)
            specs.append((key, afspraak_id, spec, values, row))
    sync.insert(Activiteit, new)
    ids = {(a.afspraak_id, a.number): a.id for a in existing.values()}
    if new:
        stored = select(col(Activiteit.afspraak_id), col(Activiteit.number), col(Activiteit.id))
        ids = {(afspraak_id, number): i for afspraak_id, number, i in session.exec(stored)}
    new_links: list[dict[str, Any]] = []
    for key, afspraak_id, spec, values, row in specs:
        if row is not None:
            sync.sync("activiteit", key, row, Activiteit, values)
        activiteit_id = ids[(afspraak_id, spec.nr)]
        assert activiteit_id is not None
        partij_ids = sorted({sync.partij_ids[sync.seed.partij_code(p)] for p in spec.partijen})
        sync.sync_link_set(
            "activiteit",
            key,
            "partijen",
            sorted(links[activiteit_id], key=lambda link: link.partij_id),
            [{"activiteit_id": activiteit_id, "partij_id": p} for p in partij_ids],
            lambda rows: sync.partij_list(r.partij_id for r in rows),
            new_links,
        )
    sync.insert(ActiviteitPartij, new_links)
    wanted = {(afspraak_id, spec.nr) for _, afspraak_id, spec, _, _ in specs}
    codes = sync.afspraak_codes
    sync.mark_removed(
        "activiteit",
        ((f"{codes.get(k[0], k[0])}/{k[1]}", a) for k, a in existing.items() if k not in wanted),
    )


def _load_mijlpalen(sync: SeedSync) -> None:
    existing = {(m.afspraak_id, m.label): m for m in sync.session.exec(select(Mijlpaal))}
    wanted: set[tuple[int, str]] = set()
    new = []
    for flat in sync.seed.afspraken:
        afspraak_id = sync.afspraak_ids[flat.spec.code]
        for position, spec in enumerate(flat.spec.mijlpalen, start=1):
            values = {
                "afspraak_id": afspraak_id,
                "label": spec.label,
                "position": position,
                "text": spec.tekst,
                **planned(_period(sync, flat, "mijlpalen", position - 1)),
            }
            key = f"{flat.spec.code}/{spec.label}"
            row = existing.get((afspraak_id, spec.label))
            if sync.sync("mijlpaal", key, row, Mijlpaal, values) is None:
                new.append(values)
            wanted.add((afspraak_id, spec.label))
    sync.insert(Mijlpaal, new)
    codes = sync.afspraak_codes
    sync.mark_removed(
        "mijlpaal",
        ((f"{codes.get(k[0], k[0])}/{k[1]}", m) for k, m in existing.items() if k not in wanted),
    )
    sync.session.flush()


def _load_afhankelijkheden(sync: SeedSync) -> None:
    existing: dict[int, list[Afhankelijkheid]] = defaultdict(list)
    for row in sync.session.exec(select(Afhankelijkheid).order_by(col(Afhankelijkheid.id))):
        existing[row.afspraak_id].append(row)
    codes = sync.afspraak_codes

    def describe(rows: Sequence[Any]) -> str:
        return "; ".join(
            f"{r.kind} {codes.get(r.depends_on_id, r.depends_on_id)}: {r.explanation}"
            for r in sorted(rows, key=lambda r: (r.kind, codes.get(r.depends_on_id, "")))
        )

    new_links: list[dict[str, Any]] = []
    for flat in sync.seed.afspraken:
        afspraak_id = sync.afspraak_ids[flat.spec.code]
        wanted = [
            {
                "afspraak_id": afspraak_id,
                "depends_on_id": sync.afspraak_ids[dep.afspraak],
                "kind": dep.soort,
                "explanation": dep.toelichting,
            }
            for dep in flat.spec.afhankelijkheden
        ]
        sync.sync_link_set(
            "afspraak",
            flat.spec.code,
            "afhankelijkheden",
            existing[afspraak_id],
            wanted,
            describe,
            new_links,
        )
    sync.insert(Afhankelijkheid, new_links)


def _period(sync: SeedSync, flat: FlatAfspraak, block: str, index: int) -> Period | None:
    path: Path_ = (*flat.path, block, index, "periode")
    return sync.seed.periods.get(path)
