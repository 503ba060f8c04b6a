"""Pydantic models of the public Werkagenda and Kamer register (see the package docstring)."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.domain.periods import Precision
from app.domain.status import Status
from app.models import CommitmentKind, CommitmentStatus, DocumentSoort


class PublicModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PeriodOut(PublicModel):
    """A date as the Werkagenda writes it, plus the span it was read as."""

    text: str = Field(description="De datumaanduiding zoals geschreven, bijv. 'Q3-2026'.")
    start: date | None = Field(description="Eerste dag van de periode; leeg als onbekend.")
    end: date | None = Field(description="Laatste dag: de uiterste datum; leeg als onbekend.")
    precision: Precision


class PartijOut(PublicModel):
    code: str
    name: str
    kind: str


class DeelnameOut(PublicModel):
    partij: str = Field(description="Code van de partij.")
    role: str = Field(description="opsteller, samen_met of informeren.")
    note: str = ""


class MijlpaalOut(PublicModel):
    key: str = Field(description="Afspraakcode en label, bijv. '5a/A'.")
    afspraak: str
    label: str
    text: str
    plan: PeriodOut
    forecast: PeriodOut | None = Field(description="De laatste prognose, als die er is.")
    reached_on: date | None
    due: date | None = Field(description="De datum waarop de mijlpaal nu staat.")
    slip_days: int | None
    status: Status
    overdue: bool


class ActiviteitOut(PublicModel):
    key: str = Field(description="Afspraakcode en nummer, bijv. '5a/2'.")
    afspraak: str
    number: int
    text: str
    period: PeriodOut
    partijen: list[str]


class VoortgangOut(PublicModel):
    """One progress update, as published: without the internal note or who typed it."""

    id: int
    afspraak: str
    mijlpaal: str | None = Field(description="Sleutel van de mijlpaal, leeg voor de afspraak.")
    effective_date: date
    recorded_on: date
    status: Status | None
    public_text: str
    forecast: PeriodOut | None
    reached_on: date | None
    source: str | None = Field(description="Sleutel van het aangehaalde document.")


class AfspraakOut(PublicModel):
    code: str
    parent: str | None
    title: str
    agreement_text: str
    goal: str
    result: str
    status: Status
    status_reasons: list[str]
    overdue_mijlpalen: int
    last_update: date | None
    deelnames: list[DeelnameOut]
    sub_afspraken: list[str]
    needs: list[str] = Field(description="Afspraken waar deze op wacht (randvoorwaarde).")
    needed_by: list[str]


class KamerstukOut(PublicModel):
    key: str
    kind: DocumentSoort
    reference: str | None = Field(description="Genormaliseerd, bijv. '29477-969' of '2026Z03383'.")
    citation: str
    title: str
    date: date | None


class StatusWijzigingOut(PublicModel):
    changed_on: date
    effective_date: date | None
    old_status: CommitmentStatus | None
    new_status: CommitmentStatus
    document: str | None
    reason: str


class LidOut(PublicModel):
    name: str
    fraction: str = ""


class CommitmentOut(PublicModel):
    """A toezegging or motie of the Kamer register."""

    key: str
    kind: CommitmentKind
    tk_number: str | None
    text: str
    members: list[LidOut]
    kamerstuk_number: str | None
    made_to: str | None
    made_in: str | None
    origin: str
    origin_date: date | None
    due_text: str = Field(description="De termijn zoals geschreven, bijv. 'voor de zomer'.")
    deadline: PeriodOut | None
    due: date | None = Field(description="Datum nakoming van de Kamer, anders einde termijn.")
    status: CommitmentStatus
    status_document: str | None
    overdue: bool
    afspraken: list[str]
    documents: list[str]


class PlanWijzigingOut(PublicModel):
    """One changed plan field, as the afspraak page's plan history shows it (without who)."""

    entity: str = Field(description="afspraak, mijlpaal, activiteit, toezegging of motie.")
    key: str = Field(description="Sleutel van het item, bijv. '5a/A'.")
    field: str
    old_value: str | None
    new_value: str | None
    reason: str
    changed_on: date


class CommitmentHistoryOut(PublicModel):
    """A toezegging or motie with its status history, oldest change first."""

    commitment: CommitmentOut
    history: list[StatusWijzigingOut]


class AfhankelijkheidOut(PublicModel):
    afspraak: str
    depends_on: str
    kind: str = Field(description="randvoorwaarde (wacht op) of samenhang.")
    explanation: str


class WerkagendaSnapshot(PublicModel):
    """The public Werkagenda and Kamer register as the tracker held them at the end of `as_of`."""

    as_of: date
    afspraken: list[AfspraakOut] = Field(description="In Werkagenda-volgorde, 5a-5f na 5.")
    mijlpalen: list[MijlpaalOut]
    updates: list[VoortgangOut] = Field(description="Nieuwste eerst.")
    plan_changes: list[PlanWijzigingOut] = Field(description="Oudste eerst.")
    dependencies: list[AfhankelijkheidOut]
    commitments: list[CommitmentHistoryOut]
