"""Load the plan: afspraken with their roles, activiteiten, mijlpalen and afhankelijkheden."""

from collections import defaultdict
from collections.abc import Sequence

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
from app.seeding.schema import PartijRefIn, RolIn
from app.seeding.source import Path_
from app.seeding.sync import SeedSync, planned
from app.seeding.validate import FlatAfspraak


def load_plan(sync: SeedSync) -> None:
    """Afspraken in file order (parents first), then what hangs under them."""
    existing = {a.code: a for a in sync.session.exec(select(Afspraak))}
    for position, flat in enumerate(sync.seed.afspraken, start=1):
        spec = flat.spec
        values = {
            "code": spec.code,
            "parent_id": sync.afspraak_ids[flat.parent_code] if flat.parent_code else None,
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
        row = sync.sync("afspraak", spec.code, existing.get(spec.code), Afspraak, values)
        existing[spec.code] = row
        sync.session.flush()
        assert row.id is not None
        sync.afspraak_ids[spec.code] = row.id
    wanted = {flat.spec.code for flat in sync.seed.afspraken}
    sync.mark_removed("afspraak", ((c, a) for c, a in existing.items() if c not in wanted))
    sync.afspraak_codes = {a.id: c for c, a in existing.items() if a.id is not None}

    _load_roles(sync)
    _load_activiteiten(sync)
    _load_mijlpalen(sync)
    _load_afhankelijkheden(sync)


def _load_roles(sync: SeedSync) -> None:
    existing: dict[tuple[int, str], list[AfspraakPartij]] = defaultdict(list)
    for link in sync.session.exec(select(AfspraakPartij).order_by(col(AfspraakPartij.position))):
        existing[(link.afspraak_id, link.role)].append(link)

    def describe(rows: Sequence[AfspraakPartij]) -> str:
        return ", ".join(
            sync.partij_codes[r.partij_id] + (f" ({r.note})" if r.note else "") for r in rows
        )

    for flat in sync.seed.afspraken:
        afspraak_id = sync.afspraak_ids[flat.spec.code]
        for role in Rol:
            spec: RolIn = getattr(flat.spec, role.value)
            wanted = [
                AfspraakPartij(
                    afspraak_id=afspraak_id,
                    partij_id=sync.partij_ids[sync.seed.partij_code(_ref_name(ref))],
                    role=role,
                    position=position,
                    note=ref.noot if isinstance(ref, PartijRefIn) else "",
                )
                for position, ref in enumerate(_unique_refs(sync, spec), start=1)
            ]
            sync.sync_link_set(
                "afspraak",
                flat.spec.code,
                role.value,
                existing[(afspraak_id, role)],
                wanted,
                describe,
            )


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
    wanted: set[tuple[int, int]] = set()
    for flat in sync.seed.afspraken:
        afspraak_id = sync.afspraak_ids[flat.spec.code]
        for i, spec in enumerate(flat.spec.activiteiten):
            key = f"{flat.spec.code}/{spec.nr}"
            values = {
                "afspraak_id": afspraak_id,
                "number": spec.nr,
                "text": spec.tekst,
                "partijen_note": spec.partijen_tekst,
                **planned(_period(sync, flat, "activiteiten", i)),
            }
            row = sync.sync(
                "activiteit", key, existing.get((afspraak_id, spec.nr)), Activiteit, values
            )
            session.flush()
            assert row.id is not None
            activiteit_id = row.id
            wanted.add((afspraak_id, spec.nr))
            partij_ids = sorted({sync.partij_ids[sync.seed.partij_code(p)] for p in spec.partijen})
            sync.sync_link_set(
                "activiteit",
                key,
                "partijen",
                sorted(links[activiteit_id], key=lambda link: link.partij_id),
                [ActiviteitPartij(activiteit_id=activiteit_id, partij_id=p) for p in partij_ids],
                lambda rows: sync.partij_list(r.partij_id for r in rows),
            )
    codes = sync.afspraak_codes
    sync.mark_removed(
        "activiteit",
        ((f"{codes.get(k[0], k[0])}/{k[1]}", a) for k, a in existing.items() if k not in wanted),
    )


def _load_mijlpalen(sync: SeedSync) -> None:
    existing = {(m.afspraak_id, m.label): m for m in sync.session.exec(select(Mijlpaal))}
    wanted: set[tuple[int, str]] = set()
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
            sync.sync("mijlpaal", key, existing.get((afspraak_id, spec.label)), Mijlpaal, values)
            wanted.add((afspraak_id, spec.label))
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

    def describe(rows: Sequence[Afhankelijkheid]) -> str:
        return "; ".join(
            f"{r.kind} {codes.get(r.depends_on_id, r.depends_on_id)}: {r.explanation}"
            for r in sorted(rows, key=lambda r: (r.kind, codes.get(r.depends_on_id, "")))
        )

    for flat in sync.seed.afspraken:
        afspraak_id = sync.afspraak_ids[flat.spec.code]
        wanted = [
            Afhankelijkheid(
                afspraak_id=afspraak_id,
                depends_on_id=sync.afspraak_ids[dep.afspraak],
                kind=dep.soort,
                explanation=dep.toelichting,
            )
            for dep in flat.spec.afhankelijkheden
        ]
        sync.sync_link_set(
            "afspraak", flat.spec.code, "afhankelijkheden", existing[afspraak_id], wanted, describe
        )


def _period(sync: SeedSync, flat: FlatAfspraak, block: str, index: int) -> Period | None:
    path: Path_ = (*flat.path, block, index, "periode")
    return sync.seed.periods.get(path)
