"""Load a checked seed into the database.

Rows are found by their stable keys (party code, afspraak code, mijlpaal label, ...) and updated
in place; every changed field is recorded as a PlanWijziging with its old value. Rows that left the
file are marked removed, never deleted. Seeded progress (`voortgang`) is only ever added: a
reseed never rewrites history.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, col, select

from app.db import including_removed
from app.domain.labels import ENTITY_LABELS, FIELD_LABELS
from app.domain.periods import Period, Precision
from app.models import (
    Activiteit,
    ActiviteitPartij,
    Afhankelijkheid,
    Afspraak,
    AfspraakPartij,
    Kamerstuk,
    Mijlpaal,
    Motie,
    MotieAfspraak,
    MotieKamerstuk,
    Partij,
    PartijLid,
    PlanWijziging,
    Rol,
    Toezegging,
    ToezeggingAfspraak,
    ToezeggingKamerstuk,
    Voortgang,
    utcnow,
)
from app.seeding.schema import CommitmentIn, PartijRefIn, RolIn
from app.seeding.source import Path_
from app.seeding.validate import FlatAfspraak, ValidSeed

CHANGED_BY = "flask seed load"

Row = TypeVar("Row", bound=SQLModel)

# Follow from another field that is reported already (the phrase and its due date).
DERIVED_FIELDS = {"planned_start", "planned_precision", "due_start", "due_precision"}


@dataclass
class LoadReport:
    """What a load changed (or, in a dry run, would change)."""

    created: Counter[str] = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.changes)

    def lines(self) -> list[str]:
        """The report as Dutch text lines for the command line."""
        out = []
        if self.created:
            parts = [f"{n} {ENTITY_LABELS.get(e, e)}" for e, n in self.created.items()]
            out.append("Nieuw: " + ", ".join(parts))
        out.extend(self.changes)
        if not self.has_changes:
            out.append("Geen wijzigingen: de database komt overeen met het seedbestand.")
        out.extend(f"Let op: {note}" for note in self.notes)
        return out


def load_seed(session: Session, seed: ValidSeed, *, source_name: str) -> LoadReport:
    """Bring the database in line with `seed`; the caller commits (or rolls back for a dry run)."""
    loader = _Loader(session, seed, reason=f"seed geladen uit {source_name}")
    with including_removed(session):  # it must find removed rows to bring them back
        loader.run()
    return loader.report


def _display(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _planned(period: Period | None) -> dict[str, Any]:
    return {
        "planned_text": period.text if period else "",
        "planned_start": period.start if period else None,
        "planned_end": period.end if period else None,
        "planned_precision": period.precision if period else Precision.UNKNOWN,
    }


class _Loader:
    def __init__(self, session: Session, seed: ValidSeed, reason: str) -> None:
        self.session = session
        self.seed = seed
        self.reason = reason
        self.now = utcnow()
        self.report = LoadReport()
        self.partij_ids: dict[str, int] = {}
        self.partij_codes: dict[int, str] = {}
        self.afspraak_ids: dict[str, int] = {}
        self.afspraak_codes: dict[int, str] = {}
        self.kamerstuk_ids: dict[str, int] = {}
        self._new_rows: set[tuple[str, str]] = set()

    def run(self) -> None:
        self._load_partijen()
        self._load_kamerstukken()
        self._load_afspraken()
        self._load_commitments(Toezegging, ToezeggingAfspraak, ToezeggingKamerstuk, "toezegging")
        self._load_commitments(Motie, MotieAfspraak, MotieKamerstuk, "motie")
        self._load_voortgang()
        self.session.flush()

    # -- generic helpers -------------------------------------------------------------------------

    def _audit(self, entity: str, key: str, field_name: str, old: Any, new: Any) -> None:
        self.session.add(
            PlanWijziging(
                changed_by=CHANGED_BY,
                reason=self.reason,
                entity=entity,
                entity_key=key,
                field=field_name,
                old_value=_display(old),
                new_value=_display(new),
            )
        )
        if field_name in DERIVED_FIELDS:
            return
        label = FIELD_LABELS.get(field_name, field_name)
        shown_old, shown_new = _short(_display(old)), _short(_display(new))
        self.report.changes.append(f"Gewijzigd: {entity} {key}, {label}: {shown_old} → {shown_new}")

    def _sync(
        self, entity: str, key: str, row: Row | None, model: type[Row], values: dict[str, Any]
    ) -> Row:
        """Insert the row, or update the fields that differ and record each change."""
        if row is None:
            row = model(**values)
            self.session.add(row)
            self.report.created[entity] += 1
            return row
        for name, new in values.items():
            old = getattr(row, name)
            if old != new:
                setattr(row, name, new)
                self._audit(entity, key, name, old, new)
        removed_at = getattr(row, "removed_at", None)
        if removed_at is not None:
            self._audit(entity, key, "removed_at", removed_at, None)
            setattr(row, "removed_at", None)  # noqa: B010  (not every table has the column)
        return row

    def _mark_removed(self, entity: str, rows: Iterable[tuple[str, Any]]) -> None:
        for key, row in rows:
            if row.removed_at is None:
                row.removed_at = self.now
                self._audit(entity, key, "removed_at", None, self.now)

    def _sync_link_set(
        self,
        entity: str,
        key: str,
        field_name: str,
        existing: list[Any],
        wanted: list[Any],
        describe: Any,
    ) -> None:
        """Replace a set of link rows when it differs from the wanted one, recording old and new."""
        old_text = describe(existing)
        new_text = describe(wanted)
        if old_text == new_text:
            return
        for row in existing:
            self.session.delete(row)
        self.session.flush()
        self.session.add_all(wanted)
        if existing or self._existed(entity, key):
            self._audit(entity, key, field_name, old_text or None, new_text or None)

    def _existed(self, entity: str, key: str) -> bool:
        # A brand-new row's links are part of its creation, not a change worth a history line.
        return (entity, key) not in self._new_rows

    def _codes(self, ids: Iterable[int]) -> str:
        return ", ".join(self.partij_codes[i] for i in ids)

    # -- partijen ---------------------------------------------------------------------------------

    def _load_partijen(self) -> None:
        existing = {p.code: p for p in self.session.exec(select(Partij))}
        for spec in self.seed.file.partijen:
            values = {
                "code": spec.code,
                "name": spec.naam,
                "kind": spec.soort,
                "aliases": list(spec.aliassen),
            }
            if spec.code not in existing:
                self._new_rows.add(("partij", spec.code))
            row = self._sync("partij", spec.code, existing.get(spec.code), Partij, values)
            existing[spec.code] = row
        self.session.flush()
        wanted_codes = {spec.code for spec in self.seed.file.partijen}
        self._mark_removed("partij", ((c, p) for c, p in existing.items() if c not in wanted_codes))
        self.partij_ids = {code: row.id for code, row in existing.items() if row.id is not None}
        self.partij_codes = {i: c for c, i in self.partij_ids.items()}

        links: dict[int, list[PartijLid]] = defaultdict(list)
        for link in self.session.exec(select(PartijLid)):
            links[link.group_id].append(link)
        for spec in self.seed.file.partijen:
            group_id = self.partij_ids[spec.code]
            member_ids = sorted({self.partij_ids[self.seed.partij_code(m)] for m in spec.leden})
            self._sync_link_set(
                "partij",
                spec.code,
                "leden",
                sorted(links[group_id], key=lambda link: link.member_id),
                [PartijLid(group_id=group_id, member_id=m) for m in member_ids],
                lambda rows: self._codes(r.member_id for r in rows),
            )

    # -- documenten -------------------------------------------------------------------------------

    def _load_kamerstukken(self) -> None:
        existing = {k.key: k for k in self.session.exec(select(Kamerstuk))}
        for spec in self.seed.file.documenten:
            values = {
                "key": spec.key,
                "kind": spec.soort,
                "citation": spec.citatie,
                "title": spec.titel,
                "document_date": spec.datum,
            }
            existing[spec.key] = self._sync(
                "kamerstuk", spec.key, existing.get(spec.key), Kamerstuk, values
            )
        self.session.flush()
        wanted = {spec.key for spec in self.seed.file.documenten}
        self._mark_removed("kamerstuk", ((k, r) for k, r in existing.items() if k not in wanted))
        self.kamerstuk_ids = {key: row.id for key, row in existing.items() if row.id is not None}

    # -- afspraken --------------------------------------------------------------------------------

    def _load_afspraken(self) -> None:
        existing = {a.code: a for a in self.session.exec(select(Afspraak))}
        for position, flat in enumerate(self.seed.afspraken, start=1):
            spec = flat.spec
            if spec.code not in existing:
                self._new_rows.add(("afspraak", spec.code))
            values = {
                "code": spec.code,
                "parent_id": self.afspraak_ids[flat.parent_code] if flat.parent_code else None,
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
            row = self._sync("afspraak", spec.code, existing.get(spec.code), Afspraak, values)
            existing[spec.code] = row
            self.session.flush()
            assert row.id is not None
            self.afspraak_ids[spec.code] = row.id
        wanted = {flat.spec.code for flat in self.seed.afspraken}
        self._mark_removed("afspraak", ((c, a) for c, a in existing.items() if c not in wanted))
        # Every afspraak's code by id, removed ones too: what hung under a removed afspraak is
        # recorded under its code, the stable key the feeds and history look for.
        self.afspraak_codes = {a.id: c for c, a in existing.items() if a.id is not None}

        self._load_roles()
        self._load_activiteiten()
        self._load_mijlpalen()
        self._load_afhankelijkheden()

    def _load_roles(self) -> None:
        existing: dict[tuple[int, str], list[AfspraakPartij]] = defaultdict(list)
        for link in self.session.exec(
            select(AfspraakPartij).order_by(col(AfspraakPartij.position))
        ):
            existing[(link.afspraak_id, link.role)].append(link)
        for flat in self.seed.afspraken:
            afspraak_id = self.afspraak_ids[flat.spec.code]
            for role in Rol:
                spec: RolIn = getattr(flat.spec, role.value)
                wanted = [
                    AfspraakPartij(
                        afspraak_id=afspraak_id,
                        partij_id=self.partij_ids[self.seed.partij_code(self._ref_name(ref))],
                        role=role,
                        position=position,
                        note=ref.noot if isinstance(ref, PartijRefIn) else "",
                    )
                    for position, ref in enumerate(self._unique_refs(spec), start=1)
                ]
                self._sync_link_set(
                    "afspraak",
                    flat.spec.code,
                    role.value,
                    existing[(afspraak_id, role)],
                    wanted,
                    self._describe_roles,
                )

    def _unique_refs(self, spec: RolIn) -> list[str | PartijRefIn]:
        """Role references with a party named twice (code and alias) kept once."""
        seen: set[str] = set()
        refs = []
        for ref in spec.partijen:
            code = self.seed.partij_code(self._ref_name(ref))
            if code not in seen:
                seen.add(code)
                refs.append(ref)
        return refs

    @staticmethod
    def _ref_name(ref: str | PartijRefIn) -> str:
        return ref.partij if isinstance(ref, PartijRefIn) else ref

    def _describe_roles(self, rows: list[AfspraakPartij]) -> str:
        return ", ".join(
            self.partij_codes[r.partij_id] + (f" ({r.note})" if r.note else "") for r in rows
        )

    def _load_activiteiten(self) -> None:
        existing = {(a.afspraak_id, a.number): a for a in self.session.exec(select(Activiteit))}
        links: dict[int, list[ActiviteitPartij]] = defaultdict(list)
        for link in self.session.exec(select(ActiviteitPartij)):
            links[link.activiteit_id].append(link)
        wanted: set[tuple[int, int]] = set()
        for flat in self.seed.afspraken:
            afspraak_id = self.afspraak_ids[flat.spec.code]
            for i, spec in enumerate(flat.spec.activiteiten):
                key = f"{flat.spec.code}/{spec.nr}"
                period = self._period(flat, "activiteiten", i)
                values = {
                    "afspraak_id": afspraak_id,
                    "number": spec.nr,
                    "text": spec.tekst,
                    "partijen_note": spec.partijen_tekst,
                    **_planned(period),
                }
                if (afspraak_id, spec.nr) not in existing:
                    self._new_rows.add(("activiteit", key))
                row = self._sync(
                    "activiteit", key, existing.get((afspraak_id, spec.nr)), Activiteit, values
                )
                self.session.flush()
                assert row.id is not None
                wanted.add((afspraak_id, spec.nr))
                partij_ids = sorted(
                    {self.partij_ids[self.seed.partij_code(p)] for p in spec.partijen}
                )
                self._sync_link_set(
                    "activiteit",
                    key,
                    "partijen",
                    sorted(links[row.id], key=lambda link: link.partij_id),
                    [ActiviteitPartij(activiteit_id=row.id, partij_id=p) for p in partij_ids],
                    lambda rows: self._codes(r.partij_id for r in rows),
                )
        codes = self.afspraak_codes
        self._mark_removed(
            "activiteit",
            (
                (f"{codes.get(k[0], k[0])}/{k[1]}", a)
                for k, a in existing.items()
                if k not in wanted
            ),
        )

    def _load_mijlpalen(self) -> None:
        existing = {(m.afspraak_id, m.label): m for m in self.session.exec(select(Mijlpaal))}
        wanted: set[tuple[int, str]] = set()
        for flat in self.seed.afspraken:
            afspraak_id = self.afspraak_ids[flat.spec.code]
            for position, spec in enumerate(flat.spec.mijlpalen, start=1):
                period = self._period(flat, "mijlpalen", position - 1)
                values = {
                    "afspraak_id": afspraak_id,
                    "label": spec.label,
                    "position": position,
                    "text": spec.tekst,
                    **_planned(period),
                }
                key = f"{flat.spec.code}/{spec.label}"
                self._sync(
                    "mijlpaal", key, existing.get((afspraak_id, spec.label)), Mijlpaal, values
                )
                wanted.add((afspraak_id, spec.label))
        codes = self.afspraak_codes
        self._mark_removed(
            "mijlpaal",
            (
                (f"{codes.get(k[0], k[0])}/{k[1]}", m)
                for k, m in existing.items()
                if k not in wanted
            ),
        )
        self.session.flush()

    def _load_afhankelijkheden(self) -> None:
        existing: dict[int, list[Afhankelijkheid]] = defaultdict(list)
        for row in self.session.exec(select(Afhankelijkheid).order_by(col(Afhankelijkheid.id))):
            existing[row.afspraak_id].append(row)
        codes = self.afspraak_codes

        def describe(rows: list[Afhankelijkheid]) -> str:
            return "; ".join(
                f"{r.kind} {codes.get(r.depends_on_id, r.depends_on_id)}: {r.explanation}"
                for r in sorted(rows, key=lambda r: (r.kind, codes.get(r.depends_on_id, "")))
            )

        for flat in self.seed.afspraken:
            afspraak_id = self.afspraak_ids[flat.spec.code]
            wanted = [
                Afhankelijkheid(
                    afspraak_id=afspraak_id,
                    depends_on_id=self.afspraak_ids[dep.afspraak],
                    kind=dep.soort,
                    explanation=dep.toelichting,
                )
                for dep in flat.spec.afhankelijkheden
            ]
            self._sync_link_set(
                "afspraak",
                flat.spec.code,
                "afhankelijkheden",
                existing[afspraak_id],
                wanted,
                describe,
            )

    def _period(self, flat: FlatAfspraak, block: str, index: int) -> Period | None:
        path: Path_ = (*flat.path, block, index, "periode")
        return self.seed.periods.get(path)

    # -- toezeggingen en moties -------------------------------------------------------------------

    def _load_commitments(
        self,
        model: type[Toezegging] | type[Motie],
        afspraak_link: type[ToezeggingAfspraak] | type[MotieAfspraak],
        document_link: type[ToezeggingKamerstuk] | type[MotieKamerstuk],
        entity: str,
    ) -> None:
        block = "toezeggingen" if model is Toezegging else "moties"
        specs: list[CommitmentIn] = getattr(self.seed.file, block)
        owner = f"{entity}_id"
        existing: dict[str, Any] = {row.key: row for row in self.session.exec(select(model))}
        afspraak_links: dict[int, list[Any]] = defaultdict(list)
        for link in self.session.exec(select(afspraak_link)):
            afspraak_links[getattr(link, owner)].append(link)
        document_links: dict[int, list[Any]] = defaultdict(list)
        for link in self.session.exec(select(document_link)):
            document_links[getattr(link, owner)].append(link)
        afspraak_codes = self.afspraak_codes
        document_keys = {i: k for k, i in self.kamerstuk_ids.items()}

        for i, spec in enumerate(specs):
            period = self.seed.periods.get((block, i, "termijn"))
            values = {
                "key": spec.key,
                "text": spec.tekst,
                "members": [{"name": m.naam, "fraction": m.fractie} for m in spec.leden],
                "origin": spec.herkomst,
                "origin_date": spec.herkomst_datum,
                "due_text": spec.termijn_tekst,
                "due_phrase": period.text if period else "",
                "due_start": period.start if period else None,
                "due_end": period.end if period else None,
                "due_precision": period.precision if period else Precision.UNKNOWN,
                "status": spec.status,
                "status_source_id": self.kamerstuk_ids[spec.status_bron]
                if spec.status_bron
                else None,
                "remarks": spec.opmerkingen,
            }
            if spec.key not in existing:
                self._new_rows.add((entity, spec.key))
            row = self._sync(entity, spec.key, existing.get(spec.key), model, values)
            existing[spec.key] = row
            self.session.flush()
            afspraak_ids = sorted({self.afspraak_ids[c] for c in spec.afspraken})
            self._sync_link_set(
                entity,
                spec.key,
                "afspraken",
                sorted(afspraak_links[row.id], key=lambda link: link.afspraak_id),
                [afspraak_link(**{owner: row.id, "afspraak_id": a}) for a in afspraak_ids],
                lambda rows: ", ".join(afspraak_codes[r.afspraak_id] for r in rows),
            )
            document_ids = sorted({self.kamerstuk_ids[k] for k in spec.documenten})
            self._sync_link_set(
                entity,
                spec.key,
                "documenten",
                sorted(document_links[row.id], key=lambda link: link.kamerstuk_id),
                [document_link(**{owner: row.id, "kamerstuk_id": d}) for d in document_ids],
                lambda rows: ", ".join(document_keys[r.kamerstuk_id] for r in rows),
            )
        wanted = {spec.key for spec in specs}
        self._mark_removed(entity, ((k, r) for k, r in existing.items() if k not in wanted))

    # -- voortgang --------------------------------------------------------------------------------

    def _load_voortgang(self) -> None:
        stored = {
            v.seed_key: v
            for v in self.session.exec(
                select(Voortgang).where(col(Voortgang.seed_key).is_not(None))
            )
        }
        mijlpaal_ids = {
            (m.afspraak_id, m.label): m.id
            for m in self.session.exec(select(Mijlpaal))
            if m.id is not None
        }
        for spec in self.seed.file.voortgang:
            afspraak_id = self.afspraak_ids[spec.afspraak]
            values: dict[str, Any] = {
                "afspraak_id": afspraak_id,
                "mijlpaal_id": mijlpaal_ids[(afspraak_id, spec.mijlpaal)]
                if spec.mijlpaal
                else None,
                "effective_date": spec.datum,
                "status": spec.status,
                "public_text": spec.tekst,
                "reached_on": spec.bereikt_op,
                "source_id": self.kamerstuk_ids[spec.bron] if spec.bron else None,
            }
            previous = stored.get(spec.key)
            if previous is None:
                self.session.add(Voortgang(seed_key=spec.key, recorded_by=CHANGED_BY, **values))
                self.report.created["voortgang"] += 1
            elif any(getattr(previous, name) != value for name, value in values.items()):
                self.report.notes.append(
                    f"voortgang '{spec.key}' wijkt af van het opgeslagen bericht; voortgang wordt "
                    "nooit overschreven. Voeg voor een correctie een nieuw bericht toe met een "
                    "nieuwe key."
                )


def _short(text: str | None, limit: int = 80) -> str:
    if text is None:
        return "(leeg)"
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
