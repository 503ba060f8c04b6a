"""A Werkagenda several times the size of the seed, to show that no page's work grows with the data.

`grow_werkagenda(session, factor)` adds `factor - 1` copies of the loaded plan (afspraken "x2-1",
"x2-5a", ... with their mijlpalen, activiteiten, parties, dependencies and Kamer links), and gives
every copy and every original afspraak more of everything that piles up over time: progress updates
(with forecasts, reached dates and cited documents), plan changes, extra mijlpalen and activiteiten,
new parties and accounts. The originals grow too, so a page about afspraak 3 also has more to show.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from app.domain.periods import Precision
from app.domain.status import Status
from app.models import (
    AccountRole,
    Activiteit,
    ActiviteitPartij,
    Afhankelijkheid,
    AfhankelijkheidSoort,
    Afspraak,
    AfspraakPartij,
    CommitmentKind,
    CommitmentStatus,
    DocumentSoort,
    KamerCommitment,
    KamerCommitmentAfspraak,
    Kamerstuk,
    Mijlpaal,
    Partij,
    PartijSoort,
    PlanWijziging,
    RecordedVia,
    Rol,
    User,
    UserPartij,
    Voortgang,
)
from tests.factories import make_user

# Per copy: what is added besides the copied plan.
NEW_PARTIJEN = 8
NEW_KAMERSTUKKEN = 3
NEW_TOEZEGGINGEN = 3
NEW_MOTIES = 2
EXTRA_MIJLPALEN = 3  # on every original afspraak
EXTRA_ACTIVITEITEN = 1  # on every original afspraak
UPDATES_PER_MIJLPAAL = 3
UPDATES_PER_AFSPRAAK = 2
EXTRA_USERS = 4  # per copy, besides one account made through the real account code

RECORDED = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
# Bulk inserts take every column in every row.
VOORTGANG_DEFAULTS: dict[str, Any] = {
    "seed_key": None,
    "recorded_via": RecordedVia.FORM,
    "recorded_ref": None,
    "recorded_by_id": None,
    "internal_note": "",
    "forecast_text": "",
    "forecast_start": None,
    "forecast_end": None,
    "forecast_precision": None,
    "reached_on": None,
}
ROLES = list(Rol)


@dataclass
class GrowReport:
    """How many rows `grow_werkagenda` added, per table."""

    added: dict[str, int] = field(default_factory=dict)

    def count(self, rows: list[Any]) -> None:
        for row in rows:
            name = type(row).__tablename__
            self.added[name] = self.added.get(name, 0) + 1


@dataclass
class _Plan:
    """The plan as loaded before growing, as plain values (commits expire ORM objects)."""

    afspraken: list[dict[str, Any]]
    mijlpalen: list[dict[str, Any]]
    activiteiten: list[dict[str, Any]]
    activiteit_partijen: list[dict[str, Any]]
    afspraak_partijen: list[dict[str, Any]]
    afhankelijkheden: list[dict[str, Any]]
    commitment_links: list[dict[str, Any]]
    voortgang: list[dict[str, Any]]
    partij_ids: dict[str, int]
    kamerstuk_ids: list[int]

    @classmethod
    def read(cls, session: Session) -> "_Plan":
        def rows(model: type[SQLModel]) -> list[dict[str, Any]]:
            return [r.model_dump() for r in session.exec(select(model))]

        afspraken = rows(Afspraak)
        assert afspraken, "load the seed before growing it"
        return cls(
            afspraken=sorted(afspraken, key=lambda a: a["position"]),
            mijlpalen=rows(Mijlpaal),
            activiteiten=rows(Activiteit),
            activiteit_partijen=rows(ActiviteitPartij),
            afspraak_partijen=rows(AfspraakPartij),
            afhankelijkheden=rows(Afhankelijkheid),
            commitment_links=rows(KamerCommitmentAfspraak),
            voortgang=rows(Voortgang),
            partij_ids={p.code: p.id for p in session.exec(select(Partij)) if p.id},
            kamerstuk_ids=[k for k in session.exec(select(Kamerstuk.id)) if k is not None],
        )

    def afspraak_id(self, code: str) -> int:
        return int(next(a["id"] for a in self.afspraken if a["code"] == code))

    def code_of(self, afspraak_id: int) -> str:
        return str(next(a["code"] for a in self.afspraken if a["id"] == afspraak_id))


def grow_werkagenda(session: Session, factor: int) -> GrowReport:
    """Make the loaded Werkagenda about `factor` times as large (factor 1 adds nothing)."""
    assert factor >= 1
    plan = _Plan.read(session)
    report = GrowReport()
    if factor == 1:
        return report
    # One account through the real account code; hashing a password takes a while, so the
    # other new accounts reuse its hash.
    others = sorted(code for code in plan.partij_ids if code != "KNMP")
    made = make_user(
        session,
        email="rapporteur@schaal.test",
        name="Rapporteur schaal",
        partij_codes=["KNMP", *others[::7]],
    )
    report.added["app_user"] = 1
    for copy in range(2, factor + 1):
        _Copy(session, plan, copy, report).add(made.password_hash)
    session.commit()
    return report


class _Copy:
    """One copy of the plan, plus what copy number `n` adds to the originals."""

    def __init__(self, session: Session, plan: _Plan, n: int, report: GrowReport) -> None:
        self.session, self.plan, self.n, self.report = session, plan, n, report
        self.afspraak_ids: dict[int, int] = {}  # original id -> copy id
        self.mijlpaal_ids: dict[int, int] = {}
        self.activiteit_ids: dict[int, int] = {}

    def _insert(self, rows: list[Any]) -> None:
        """Insert ORM objects, for rows whose new ids are needed."""
        self.session.add_all(rows)
        self.session.flush()
        self.report.count(rows)

    def _bulk(self, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
        """Insert plain rows in a few executemany batches, without building ORM objects."""
        # The ORM batches consecutive rows with the same empty (None) columns together.
        rows = sorted(rows, key=lambda r: sorted(k for k, v in r.items() if v is None))
        self.session.exec(sa.insert(model), params=rows)
        name = str(model.__tablename__)
        self.report.added[name] = self.report.added.get(name, 0) + len(rows)

    def add(self, password_hash: str) -> None:
        partijen = self._partijen()
        kamerstukken = self._kamerstukken()
        self._afspraken()
        mijlpalen = self._mijlpalen()
        self._activiteiten(partijen)
        self._afspraak_partijen(partijen)
        self._afhankelijkheden()
        self._commitments()
        self._voortgang(mijlpalen, kamerstukken)
        self._plan_changes(mijlpalen)
        self._users(partijen, password_hash)

    def _partijen(self) -> list[int]:
        rows = [
            Partij(
                code=f"S{self.n}-P{i}",
                name=f"Schaalpartij {self.n}.{i}",
                kind=list(PartijSoort)[i % len(PartijSoort)],
                aliases=[f"SP{self.n}{i}"],
            )
            for i in range(NEW_PARTIJEN)
        ]
        self._insert(rows)
        return [p.id for p in rows if p.id]

    def _kamerstukken(self) -> list[int]:
        rows = [
            Kamerstuk(
                key=f"schaal-{self.n}-{i}",
                kind=DocumentSoort.KAMERBRIEF,
                citation=f"Kamerstukken II 2026/27, 99 {self.n}{i:02d}, nr. {i + 1}",
                title=f"Voortgangsbrief schaal {self.n}.{i}",
                document_date=date(2026, 10, 1 + i),
            )
            for i in range(NEW_KAMERSTUKKEN)
        ]
        self._insert(rows)
        return [k.id for k in rows if k.id]

    def _afspraken(self) -> None:
        # Parents first, so the children of 5 (5a-5f) can point at the parent's copy.
        offset = self.n * 1000
        for top_level in (True, False):
            originals = [a for a in self.plan.afspraken if (a["parent_id"] is None) == top_level]
            rows = [
                Afspraak(
                    **{
                        **a,
                        "id": None,
                        "code": f"x{self.n}-{a['code']}",
                        "position": a["position"] + offset,
                        "title": f"{a['title']} (kopie {self.n})",
                        "parent_id": self.afspraak_ids[a["parent_id"]] if a["parent_id"] else None,
                    }
                )
                for a in originals
            ]
            self._insert(rows)
            self.afspraak_ids.update(
                (a["id"], row.id) for a, row in zip(originals, rows, strict=True) if row.id
            )

    def _mijlpalen(self) -> list[tuple[int, str, int]]:
        """Copies of every mijlpaal, and new ones on every original: (afspraak id, key, id)."""
        copies = [
            Mijlpaal(**{**m, "id": None, "afspraak_id": self.afspraak_ids[m["afspraak_id"]]})
            for m in self.plan.mijlpalen
        ]
        extra = [
            Mijlpaal(
                afspraak_id=a["id"],
                label=f"S{self.n}.{j}",
                position=100 * self.n + j,
                text=f"Extra mijlpaal {self.n}.{j} van afspraak {a['code']}.",
                **_planned(self.n + j + a["position"]),
            )
            for a in self.plan.afspraken
            for j in range(EXTRA_MIJLPALEN)
        ]
        self._insert(copies + extra)
        self.mijlpaal_ids.update(
            (m["id"], row.id) for m, row in zip(self.plan.mijlpalen, copies, strict=True) if row.id
        )
        codes = {v: f"x{self.n}-{self.plan.code_of(k)}" for k, v in self.afspraak_ids.items()}
        codes |= {a["id"]: a["code"] for a in self.plan.afspraken}
        return [
            (m.afspraak_id, f"{codes[m.afspraak_id]}/{m.label}", m.id)
            for m in copies + extra
            if m.id
        ]

    def _activiteiten(self, partijen: list[int]) -> None:
        copies = [
            Activiteit(**{**a, "id": None, "afspraak_id": self.afspraak_ids[a["afspraak_id"]]})
            for a in self.plan.activiteiten
        ]
        extra = [
            Activiteit(
                afspraak_id=a["id"],
                number=100 * self.n + j,
                text=f"Extra activiteit {self.n}.{j} van afspraak {a['code']}.",
                partijen_note="Schaalpartijen",
                **_planned(self.n + j + a["position"]),
            )
            for a in self.plan.afspraken
            for j in range(EXTRA_ACTIVITEITEN)
        ]
        self._insert(copies + extra)
        self.activiteit_ids.update(
            (a["id"], row.id)
            for a, row in zip(self.plan.activiteiten, copies, strict=True)
            if row.id
        )
        knmp = self.plan.partij_ids["KNMP"]
        links = [
            ActiviteitPartij(
                activiteit_id=self.activiteit_ids[link["activiteit_id"]],
                partij_id=link["partij_id"],
            )
            for link in self.plan.activiteit_partijen
        ]
        links += [
            ActiviteitPartij(activiteit_id=a.id, partij_id=p)
            for i, a in enumerate(extra)
            if a.id
            for p in {knmp, partijen[i % len(partijen)], partijen[(i + 1) % len(partijen)]}
        ]
        self._insert(links)

    def _afspraak_partijen(self, partijen: list[int]) -> None:
        links = [
            _without_id(link, afspraak_id=self.afspraak_ids[link["afspraak_id"]])
            for link in self.plan.afspraak_partijen
        ]
        # Every new party takes part in about a quarter of the originals and of the copies.
        targets = [a["id"] for a in self.plan.afspraken] + list(self.afspraak_ids.values())
        links += [
            {
                "afspraak_id": afspraak_id,
                "partij_id": partij_id,
                "role": ROLES[(i + j) // 4 % len(ROLES)],
                "position": 100 + j,
                "note": "mogelijk" if (i + j) % 8 == 0 else "",
            }
            for i, afspraak_id in enumerate(targets)
            for j, partij_id in enumerate(partijen)
            if (i + j) % 4 == 0
        ]
        self._bulk(AfspraakPartij, links)

    def _afhankelijkheden(self) -> None:
        rows = [
            Afhankelijkheid(
                **{
                    **d,
                    "id": None,
                    "afspraak_id": self.afspraak_ids[d["afspraak_id"]],
                    "depends_on_id": self.afspraak_ids[d["depends_on_id"]],
                }
            )
            for d in self.plan.afhankelijkheden
        ]
        # Afspraak 3 itself gets more links both ways, so its own page has more to list.
        three = self.plan.afspraak_id("3")
        copy = {code: self.afspraak_ids[self.plan.afspraak_id(code)] for code in ("3", "4", "5a")}
        rows += [
            Afhankelijkheid(
                afspraak_id=afspraak_id,
                depends_on_id=depends_on_id,
                kind=kind,
                explanation=f"Schaaltest {self.n}.",
            )
            for afspraak_id, depends_on_id, kind in (
                (three, copy["5a"], AfhankelijkheidSoort.RANDVOORWAARDE),
                (three, copy["4"], AfhankelijkheidSoort.SAMENHANG),
                (copy["3"], three, AfhankelijkheidSoort.SAMENHANG),
            )
        ]
        self._insert(rows)

    def _commitments(self) -> None:
        toezeggingen = [
            KamerCommitment(
                kind=CommitmentKind.TOEZEGGING,
                key=f"schaal-{self.n}-t{i}",
                text=f"De minister informeert de Kamer over schaaltest {self.n}.{i}.",
                members=[{"name": "Kamerlid", "fraction": "PVV"}],
                origin="Commissiedebat",
                origin_date=date(2026, 2, 1 + i),
                due_text="Q4-2026",
                status=CommitmentStatus.OPEN,
            )
            for i in range(NEW_TOEZEGGINGEN)
        ]
        moties = [
            KamerCommitment(
                kind=CommitmentKind.MOTIE,
                key=f"schaal-{self.n}-m{i}",
                text=f"Verzoekt de regering schaaltest {self.n}.{i} uit te voeren.",
                members=[
                    {"name": "Kamerlid", "fraction": "CDA"},
                    {"name": "Ander", "fraction": "D66"},
                ],
                status=CommitmentStatus.GESTAND_GEDAAN,
            )
            for i in range(NEW_MOTIES)
        ]
        self._insert([*toezeggingen, *moties])
        three = self.plan.afspraak_id("3")
        targets = [three, self.afspraak_ids[three], self.plan.afspraak_id("5b")]
        links: list[SQLModel] = [
            KamerCommitmentAfspraak(**{**c, "afspraak_id": self.afspraak_ids[c["afspraak_id"]]})
            for c in self.plan.commitment_links
        ]
        links += [
            KamerCommitmentAfspraak(commitment_id=c.id, afspraak_id=a)
            for c in [*toezeggingen, *moties]
            for a in targets
            if c.id
        ]
        self._insert(links)

    def _voortgang(self, mijlpalen: list[tuple[int, str, int]], kamerstukken: list[int]) -> None:
        sources: list[int | None] = [*kamerstukken, *self.plan.kamerstuk_ids[:2], None]
        rows = [
            _without_id(
                v,
                seed_key=None,
                recorded_ref=None,
                afspraak_id=self.afspraak_ids[v["afspraak_id"]],
                mijlpaal_id=self.mijlpaal_ids.get(v["mijlpaal_id"]),
            )
            for v in self.plan.voortgang
        ]
        # Old mijlpalen of originals get new updates too: afspraak 3's page has more history.
        old = [(m["afspraak_id"], m["id"]) for m in self.plan.mijlpalen]
        targets = [(a, m) for a, _, m in mijlpalen] + old
        for i, (afspraak_id, mijlpaal_id) in enumerate(targets):
            rows += [
                _update(afspraak_id, mijlpaal_id, i, j, self.n, sources[(i + j) % len(sources)])
                for j in range(UPDATES_PER_MIJLPAAL)
            ]
        afspraken = [a["id"] for a in self.plan.afspraken] + list(self.afspraak_ids.values())
        for i, afspraak_id in enumerate(afspraken):
            rows += [
                _update(afspraak_id, None, i, j, self.n, sources[(i + j) % len(sources)])
                for j in range(UPDATES_PER_AFSPRAAK)
            ]
        self._bulk(Voortgang, rows)

    def _plan_changes(self, mijlpalen: list[tuple[int, str, int]]) -> None:
        three = self.plan.afspraak_id("3")
        old_keys = [
            f"{self.plan.code_of(m['afspraak_id'])}/{m['label']}"
            for m in self.plan.mijlpalen
            if m["afspraak_id"] == three
        ]
        keys = [key for i, (_, key, _) in enumerate(mijlpalen) if i % 3 == 0]
        keys += [key for a, key, _ in mijlpalen if a == three] + old_keys
        rows = [
            {
                "changed_at": RECORDED + timedelta(hours=self.n, minutes=i),
                "changed_by": f"Secretariaat schaal {self.n}",
                "reason": f"Besluit schaaltest {self.n}.{i}",
                "entity": "mijlpaal",
                "entity_key": key,
                "field": name,
                "old_value": old,
                "new_value": new,
            }
            for i, key in enumerate(keys)
            for name, old, new in (
                ("planned_text", "Q3-2026", "Q1-2027"),
                ("planned_end", "2026-09-30", "2027-03-31"),
            )
        ]
        rows += [
            {
                "changed_at": RECORDED + timedelta(hours=self.n),
                "changed_by": f"Secretariaat schaal {self.n}",
                "reason": f"Herformulering schaaltest {self.n}",
                "entity": "afspraak",
                "entity_key": self.plan.code_of(a),
                "field": "title",
                "old_value": "Oude titel",
                "new_value": "Nieuwe titel",
            }
            for a in (three, self.plan.afspraak_id("5b"))
        ]
        self._bulk(PlanWijziging, rows)

    def _users(self, partijen: list[int], password_hash: str) -> None:
        roles = [AccountRole.PARTIJ_RAPPORTEUR, AccountRole.SECRETARIAAT, AccountRole.LEZER]
        users = [
            User(
                email=f"gebruiker-{self.n}-{i}@schaal.test",
                name=f"Gebruiker schaal {self.n}.{i}",
                password_hash=password_hash,
                role=roles[i % len(roles)],
            )
            for i in range(EXTRA_USERS)
        ]
        self._insert(users)
        knmp = self.plan.partij_ids["KNMP"]
        self._insert(
            [
                UserPartij(user_id=u.id, partij_id=p)
                for u in users
                if u.id and u.role is AccountRole.PARTIJ_RAPPORTEUR
                for p in [knmp, *partijen[::2]]
            ]
        )


def _planned(k: int) -> dict[str, Any]:
    """A planned period: overdue, upcoming or unknown, depending on `k`."""
    choices: list[dict[str, Any]] = [
        {
            "planned_text": "Q2-2026",
            "planned_start": date(2026, 4, 1),
            "planned_end": date(2026, 6, 30),
            "planned_precision": Precision.QUARTER,
        },
        {
            "planned_text": "december 2026",
            "planned_start": date(2026, 12, 1),
            "planned_end": date(2026, 12, 31),
            "planned_precision": Precision.MONTH,
        },
        {
            "planned_text": "2027",
            "planned_start": date(2027, 1, 1),
            "planned_end": date(2027, 12, 31),
            "planned_precision": Precision.YEAR,
        },
        {"planned_text": "data n.t.b.", "planned_precision": Precision.UNKNOWN},
    ]
    return choices[k % len(choices)]


def _update(
    afspraak_id: int, mijlpaal_id: int | None, i: int, j: int, n: int, source_id: int | None
) -> dict[str, Any]:
    """The j-th of several updates: a status, then a forecast, then (sometimes) reached."""
    values: dict[str, Any] = {
        **VOORTGANG_DEFAULTS,
        "afspraak_id": afspraak_id,
        "mijlpaal_id": mijlpaal_id,
        "recorded_at": RECORDED + timedelta(days=j, minutes=n * 100 + i),
        "recorded_by": f"Rapporteur schaal {n}",
        "effective_date": date(2026, 9 + j, 1 + i % 24),
        "status": [Status.OP_SCHEMA, Status.AANDACHT_NODIG, Status.VERTRAAGD][(i + j) % 3],
        "public_text": f"Schaalvoortgang {n}.{i}.{j}.",
        "internal_note": "Interne notitie." if j == 1 else "",
        "source_id": source_id,
    }
    if mijlpaal_id is not None and j == 1:
        values |= {
            "forecast_text": "Q2-2027",
            "forecast_start": date(2027, 4, 1),
            "forecast_end": date(2027, 6, 30),
            "forecast_precision": Precision.QUARTER,
        }
    if mijlpaal_id is not None and j == 2 and i % 3 == 0:
        values |= {"status": Status.AFGEROND, "reached_on": date(2026, 11, 1 + i % 20)}
    return values


def _without_id(row: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy of a row for a bulk insert: the database numbers it."""
    return {**{k: v for k, v in row.items() if k != "id"}, **changes}
