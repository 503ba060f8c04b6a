"""All database tables of the tracker (SQLModel).

Plan data (partijen, afspraken, activiteiten, mijlpalen, afhankelijkheden, Kamer commitments) is
keyed by stable codes from `seed/werkagenda.yaml`, so a reseed updates rows in place. Progress
(`Voortgang`) and plan changes (`PlanWijziging`) are append-only history.
"""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.domain.ownership import Rol as Rol  # defined with the ownership rule it serves
from app.domain.periods import Precision
from app.domain.status import Status as VoortgangStatus

# Named constraints, so Alembic can alter and drop them (SQLite batch mode needs the names).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Current time in UTC (SQLModel stores aware datetimes as UTC on every database)."""
    return datetime.now(UTC)


def _enum(enum_cls: type[StrEnum]) -> sa.Enum:
    """A string column of the enum's values (no native PG enum: a new value needs no migration)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


class PartijSoort(StrEnum):
    KOEPEL = "koepel"
    OVERHEID = "overheid"
    TOEZICHTHOUDER = "toezichthouder"  # also executive agencies (uitvoeringsorganisaties)
    WERKGROEP = "werkgroep"  # also consultation bodies (overleggen) and task forces
    OVERIG = "overig"


class AfhankelijkheidSoort(StrEnum):
    RANDVOORWAARDE = "randvoorwaarde"  # hard prerequisite
    SAMENHANG = "samenhang"  # soft relation


class DocumentSoort(StrEnum):
    KAMERSTUK = "kamerstuk"
    KAMERVRAGEN = "kamervragen"
    KAMERBRIEF = "kamerbrief"
    NOTA = "nota"
    WERKAGENDA = "werkagenda"


class CommitmentKind(StrEnum):
    TOEZEGGING = "toezegging"  # a promise of the minister to the Kamer, in a debate or a letter
    MOTIE = "motie"  # a motion the Kamer adopted, asking the government to act


class CommitmentStatus(StrEnum):
    """The Kamer's words: a toezegging is fulfilled (gestand gedaan), a motie settled (afgedaan)."""

    OPEN = "open"
    DEELS = "deels"  # partly fulfilled or settled; the rest is still owed
    GESTAND_GEDAAN = "gestand_gedaan"
    AFGEDAAN = "afgedaan"
    VERVALLEN = "vervallen"  # lapsed: overtaken, withdrawn or no longer relevant


class CommitmentVenue(StrEnum):
    """Where a toezegging was made."""

    DEBAT = "debat"  # in a debate (plenary or committee)
    BRIEF = "brief"  # in a letter, including answers to Kamervragen


class CommitmentRelationKind(StrEnum):
    HERHALING = "herhaling"  # repeats an earlier one (IsHerhalingVan)
    WIJZIGING = "wijziging"  # changes an earlier one (IsWijzigingVan)
    AANVULLING = "aanvulling"  # supplements an earlier one (IsAanvullingOp)


class Partij(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=200)
    kind: PartijSoort = Field(sa_type=_enum(PartijSoort))
    aliases: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    removed_at: datetime | None = None

    @property
    def label(self) -> str:
        """How pages name it: "Koninklijke ... (KNMP)", or just the code when that is the name."""
        return self.name if self.name == self.code else f"{self.name} ({self.code})"


class PartijLid(SQLModel, table=True):
    """Membership of a party in a group party (e.g. KNMP in the Taakgroep)."""

    group_id: int = Field(foreign_key="partij.id", primary_key=True)
    member_id: int = Field(foreign_key="partij.id", primary_key=True)


class Afspraak(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=10, unique=True)
    parent_id: int | None = Field(default=None, foreign_key="afspraak.id")
    position: int
    title: str = Field(max_length=300)
    agreement_text: str = Field(sa_type=sa.Text)
    goal: str = Field(default="", sa_type=sa.Text)
    result: str = Field(default="", sa_type=sa.Text)
    context: str = Field(default="", sa_type=sa.Text)
    attention_points: str = Field(default="", sa_type=sa.Text)
    monitoring: str = Field(default="", sa_type=sa.Text)
    existing_initiatives: str = Field(default="", sa_type=sa.Text)
    remarks: str = Field(default="", sa_type=sa.Text)
    # The role cells as written; the parties they name are in AfspraakPartij.
    opsteller_note: str = Field(default="", sa_type=sa.Text)
    samen_met_note: str = Field(default="", sa_type=sa.Text)
    informeren_note: str = Field(default="", sa_type=sa.Text)
    removed_at: datetime | None = None


class AfspraakPartij(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("afspraak_id", "partij_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    afspraak_id: int = Field(foreign_key="afspraak.id", index=True)
    partij_id: int = Field(foreign_key="partij.id", index=True)
    role: Rol = Field(sa_type=_enum(Rol))
    position: int
    note: str = Field(default="", max_length=200)


class Activiteit(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("afspraak_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    afspraak_id: int = Field(foreign_key="afspraak.id", index=True)
    number: int
    text: str = Field(sa_type=sa.Text)
    planned_text: str = Field(default="", max_length=100)
    planned_start: date | None = None
    planned_end: date | None = None
    planned_precision: Precision = Field(default=Precision.UNKNOWN, sa_type=_enum(Precision))
    partijen_note: str = Field(default="", sa_type=sa.Text)
    removed_at: datetime | None = None


class ActiviteitPartij(SQLModel, table=True):
    activiteit_id: int = Field(foreign_key="activiteit.id", primary_key=True)
    partij_id: int = Field(foreign_key="partij.id", primary_key=True)


class Mijlpaal(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("afspraak_id", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    afspraak_id: int = Field(foreign_key="afspraak.id", index=True)
    label: str = Field(max_length=40)
    position: int
    text: str = Field(sa_type=sa.Text)
    planned_text: str = Field(default="", max_length=100)
    planned_start: date | None = None
    planned_end: date | None = None
    planned_precision: Precision = Field(default=Precision.UNKNOWN, sa_type=_enum(Precision))
    removed_at: datetime | None = None
    # When the row entered the tracker (rows older than migration 0003: when that ran). Calendar
    # feeds date an event that never changed by it (DTSTAMP, LAST-MODIFIED).
    created_at: datetime = Field(default_factory=utcnow)
    # Raised by every change of the plan fields (see _bump_mijlpaal_version): a plan edit made
    # from an older version is refused instead of silently overwriting the newer one.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    @property
    def due_date(self) -> date | None:
        """The planned due date: the last day of the planned period."""
        return self.planned_end


class Afhankelijkheid(SQLModel, table=True):
    """`afspraak` depends on (randvoorwaarde) or relates to (samenhang) `depends_on`."""

    __table_args__ = (sa.UniqueConstraint("afspraak_id", "depends_on_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    afspraak_id: int = Field(foreign_key="afspraak.id", index=True)
    depends_on_id: int = Field(foreign_key="afspraak.id", index=True)
    kind: AfhankelijkheidSoort = Field(sa_type=_enum(AfhankelijkheidSoort))
    explanation: str = Field(default="", sa_type=sa.Text)


class Kamerstuk(SQLModel, table=True):
    """A document: Kamerstuk, Kamervragen, Kamerbrief, nota or the Werkagenda itself.

    `reference` is the normalised reference (app/domain/references.py): "29477-969" for dossier
    29477, number 969, however it was cited, or the Kamervragen number "2026Z03383". It is unique,
    so one document is one row; letters without a number (a nota, the aanbiedingsbrief) have none.
    """

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=80, unique=True)
    kind: DocumentSoort = Field(sa_type=_enum(DocumentSoort))
    reference: str | None = Field(default=None, max_length=40, unique=True, index=True)
    citation: str = Field(sa_type=sa.Text)
    title: str = Field(default="", sa_type=sa.Text)
    document_date: date | None = None
    removed_at: datetime | None = None


class KamerCommitment(SQLModel, table=True):
    """A toezegging or a motie: what VWS owes the Tweede Kamer, in one table with a `kind`.

    Toezeggingen and moties share almost everything (text, origin, deadline as written and parsed,
    status and the document that settled it, afspraken and documents they touch), and the register,
    the calendar feeds, the reports and the open-data API each read both. So they are one table
    with one link table to afspraken and one to Kamerstukken, and every reader needs one query.
    The Kamer's distinctions stay in typed, nullable fields:

    - a motie has `kamerstuk_number` (e.g. "29477-969"); its `members` are its submitters;
    - a toezegging has `made_to` (the Kamer's `ToegezegdAan`, as written) and `made_in` (a debate
      or a letter); its `members` are the members it answered, if any;
    - both may carry the Tweede Kamer open-data `tk_number`: `Nummer` of a Toezegging
      (TZ202603-130) or of the motie's Zaak (2026Z03383);
    - how one relates to an earlier one (repeats, changes, supplements) is a
      `KamerCommitmentRelation`.

    Check constraints keep the toezegging fields off moties and the other way round. Not chosen:
    single-table inheritance with `Toezegging`/`Motie` subclasses, because SQLModel maps a table
    subclass to a table of its own; a `kind` filter is one `where`, and `CommitmentKind` keeps the
    Dutch nouns. History (PlanWijziging) and feed UIDs use the kind ("toezegging"/"motie") and the
    key, as they did when these were two tables.
    """

    __tablename__ = "kamer_commitment"
    __table_args__ = (
        sa.CheckConstraint(
            "kind = 'motie' OR kamerstuk_number IS NULL", name="kamerstuk_number_only_motie"
        ),
        sa.CheckConstraint(
            "kind = 'toezegging' OR (made_to IS NULL AND made_in IS NULL)",
            name="made_to_in_only_toezegging",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: CommitmentKind = Field(sa_type=_enum(CommitmentKind), index=True)
    key: str = Field(max_length=80, unique=True)
    tk_number: str | None = Field(default=None, max_length=40, unique=True)
    text: str = Field(sa_type=sa.Text)
    # [{"name": "Thiadens", "fraction": "PVV"}]: a motie's submitters, a toezegging's addressees.
    members: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    kamerstuk_number: str | None = Field(default=None, max_length=40)  # motie only
    made_to: str | None = Field(default=None, max_length=200)  # toezegging only
    made_in: CommitmentVenue | None = Field(default=None, sa_type=_enum(CommitmentVenue))
    origin: str = Field(default="", sa_type=sa.Text)  # the debate or letter, as written
    origin_date: date | None = None
    due_text: str = Field(default="", max_length=200)
    due_phrase: str = Field(default="", max_length=100)
    due_start: date | None = None
    due_end: date | None = None
    due_precision: Precision = Field(default=Precision.UNKNOWN, sa_type=_enum(Precision))
    # DatumNakoming of the open data: a date the Kamer registered, when there is one.
    fulfil_by: date | None = None
    # Who made the promise (Naam, Functie, Ministerie of the open data), as written.
    promised_by: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    ministry: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    debate_number: str | None = Field(default=None, max_length=40)  # ActiviteitNummer
    # The latest KamerStatusWijziging, kept here so lists need no history query.
    status: CommitmentStatus = Field(sa_type=_enum(CommitmentStatus))
    status_source_id: int | None = Field(default=None, foreign_key="kamerstuk.id")
    remarks: str = Field(default="", sa_type=sa.Text)
    removed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)  # as Mijlpaal.created_at


class KamerCommitmentAfspraak(SQLModel, table=True):
    __tablename__ = "kamer_commitment_afspraak"

    commitment_id: int = Field(foreign_key="kamer_commitment.id", primary_key=True)
    afspraak_id: int = Field(foreign_key="afspraak.id", primary_key=True, index=True)


class KamerCommitmentKamerstuk(SQLModel, table=True):
    __tablename__ = "kamer_commitment_kamerstuk"

    commitment_id: int = Field(foreign_key="kamer_commitment.id", primary_key=True)
    kamerstuk_id: int = Field(foreign_key="kamerstuk.id", primary_key=True, index=True)


class KamerCommitmentRelation(SQLModel, table=True):
    """`commitment` repeats, changes or supplements `related` (the open data's IsHerhalingVan,
    IsWijzigingVan, IsAanvullingOp)."""

    __tablename__ = "kamer_commitment_relation"

    commitment_id: int = Field(foreign_key="kamer_commitment.id", primary_key=True)
    related_id: int = Field(foreign_key="kamer_commitment.id", primary_key=True, index=True)
    kind: CommitmentRelationKind = Field(sa_type=_enum(CommitmentRelationKind), primary_key=True)


class RecordedVia(StrEnum):
    """How a progress update entered the tracker."""

    FORM = "form"  # typed in the web form by a signed-in account
    SEED = "seed"  # `flask seed load`; recorded_ref is the seed key
    IMPORT = "import"  # a spreadsheet import; recorded_ref from import_ref()
    OPEN_DATA = "open_data"  # `flask kamer import` of Tweede Kamer open data


def import_ref(file_identity: str, row: int) -> str:
    """The recorded_ref of an imported update: the file and its row, e.g. "<sha256>:12".

    An Excel import passes the SHA-256 of the file's content, not its name: the same file uploaded
    again maps to the same refs (and adds nothing), a changed file under the same name does not."""
    return f"{file_identity}:{row}"


class KamerStatusWijziging(SQLModel, table=True):
    """One change of a toezegging's or motie's status: who, when, by which document, why.

    Append-only, like Voortgang: a wrong entry is corrected by a new one. The commitment's own
    `status` and `status_source_id` always equal the newest entry (app/domain/commitments.py).
    """

    __tablename__ = "kamer_status_wijziging"
    __table_args__ = (sa.UniqueConstraint("recorded_via", "recorded_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(foreign_key="kamer_commitment.id", index=True)
    changed_at: datetime = Field(default_factory=utcnow)
    effective_date: date | None = None  # the day it took effect, e.g. the date of the letter
    changed_by: str = Field(max_length=120)
    changed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    recorded_via: RecordedVia = Field(sa_type=_enum(RecordedVia))
    recorded_ref: str | None = Field(default=None, max_length=300)
    old_status: CommitmentStatus | None = Field(default=None, sa_type=_enum(CommitmentStatus))
    new_status: CommitmentStatus = Field(sa_type=_enum(CommitmentStatus))
    document_id: int | None = Field(default=None, foreign_key="kamerstuk.id")
    reason: str = Field(default="", sa_type=sa.Text)


class Voortgang(SQLModel, table=True):
    """One progress update on an afspraak or one of its mijlpalen. Append-only: never updated."""

    __table_args__ = (sa.UniqueConstraint("recorded_via", "recorded_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    afspraak_id: int = Field(foreign_key="afspraak.id", index=True)
    mijlpaal_id: int | None = Field(default=None, foreign_key="mijlpaal.id", index=True)
    # Set for updates that come from the seed file, so a reseed recognises them.
    seed_key: str | None = Field(default=None, max_length=80, unique=True)
    recorded_at: datetime = Field(default_factory=utcnow)
    # The name as written: the account's name for a form, the source's words for seed and import.
    recorded_by: str = Field(max_length=120)
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    recorded_via: RecordedVia = Field(sa_type=_enum(RecordedVia))
    # Where in that source (seed key, file and row), so a repeated import adds nothing twice.
    recorded_ref: str | None = Field(default=None, max_length=300)
    effective_date: date  # the day the reported state held
    status: VoortgangStatus | None = Field(default=None, sa_type=_enum(VoortgangStatus))
    public_text: str = Field(default="", sa_type=sa.Text)
    internal_note: str = Field(default="", sa_type=sa.Text)
    forecast_text: str = Field(default="", max_length=100)
    forecast_start: date | None = None
    forecast_end: date | None = None
    forecast_precision: Precision | None = Field(default=None, sa_type=_enum(Precision))
    reached_on: date | None = None
    source_id: int | None = Field(default=None, foreign_key="kamerstuk.id")  # the Kamerstuk cited


class PlanWijziging(SQLModel, table=True):
    """One changed field of plan data: who, when, why, and the old and new value."""

    id: int | None = Field(default=None, primary_key=True)
    changed_at: datetime = Field(default_factory=utcnow)
    changed_by: str = Field(max_length=120)
    reason: str = Field(sa_type=sa.Text)
    entity: str = Field(max_length=40)  # table name, e.g. "mijlpaal"
    entity_key: str = Field(max_length=120, index=True)  # stable key, e.g. "5a/A"
    field: str = Field(max_length=60)
    old_value: str | None = Field(default=None, sa_type=sa.Text)
    new_value: str | None = Field(default=None, sa_type=sa.Text)


class AccountRole(StrEnum):
    SECRETARIAAT = "secretariaat"  # everything, incl. plan edits and user management
    PARTIJ_RAPPORTEUR = "partij_rapporteur"  # reports progress for the parties it is linked to
    LEZER = "lezer"  # reads everything, including internal notes; writes nothing


class User(SQLModel, table=True):
    """A local account. The password is stored only as an Argon2id hash."""

    __tablename__ = "app_user"  # "user" is a reserved word in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)  # stored lower-case; the login name
    name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: AccountRole = Field(sa_type=_enum(AccountRole))
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None
    # The client address of the last successful login: the owner's usual address, which guesses
    # at this account from elsewhere do not lock out (app/auth/throttle.py).
    last_login_ip: str | None = Field(default=None, max_length=45)
    # Part of every session cookie; raising it (logout, new password, disabling) ends every copy
    # of every session of this account at once, on every app host.
    session_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class LoginThrottle(SQLModel, table=True):
    """Recent failed logins of one address, one client IP, or one address from one IP.

    Keyed by a hash: an address as typed (known or not, so refusing tells nobody which exist), or
    an IP, is not kept in the clear, and a very long address fits too.
    """

    __tablename__ = "login_throttle"

    key: str = Field(max_length=64, primary_key=True)  # sha256 hex of "kind:value"
    failures: int = 0
    last_failure_at: datetime = Field(default_factory=utcnow, index=True)


class UserPartij(SQLModel, table=True):
    """The parties a partij-rapporteur reports for."""

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    partij_id: int = Field(foreign_key="partij.id", primary_key=True)


class FeedToken(SQLModel, table=True):
    """The secret in the address of one user's personal calendar feed; it opens that feed only.

    Calendar clients cannot log in, so the address itself is the key. Only its SHA-256 is stored:
    the token holds 256 random bits, so a fast hash cannot be brute-forced and can be looked up.
    """

    # At most one usable token per user: making a new one revokes the old one.
    __table_args__ = (
        sa.Index(
            "uq_feedtoken_active_user",
            "user_id",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)  # sha256 hex digest
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


# The fields a plan edit shows and changes; a seed load changing them counts as an edit too.
MIJLPAAL_PLAN_FIELDS = (
    "text",
    "planned_text",
    "planned_start",
    "planned_end",
    "planned_precision",
    "removed_at",
)


@sa.event.listens_for(Mijlpaal, "before_update")
def _bump_mijlpaal_version(_mapper: Any, _connection: Any, target: Mijlpaal) -> None:
    state = sa.inspect(target)
    if any(state.attrs[name].history.has_changes() for name in MIJLPAAL_PLAN_FIELDS):
        target.version = (target.version or 1) + 1


@sa.event.listens_for(Voortgang, "before_update")
@sa.event.listens_for(Voortgang, "before_delete")
@sa.event.listens_for(KamerStatusWijziging, "before_update")
@sa.event.listens_for(KamerStatusWijziging, "before_delete")
@sa.event.listens_for(PlanWijziging, "before_update")
@sa.event.listens_for(PlanWijziging, "before_delete")
def _refuse_history_rewrite(_mapper: Any, _connection: Any, target: Any) -> None:
    raise HistoryIsAppendOnly(
        f"{type(target).__name__} {target.id} is history and cannot be changed or deleted; "
        "record a new entry instead."
    )


class HistoryIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete a history row."""


class Rapportageronde(SQLModel, table=True):
    """A reporting round: the voortgangsbrief it feeds and the day its figures stand on.

    What counts for a round is what the tracker held at the end of `cutoff` (Amsterdam time); the
    round itself stores no copy, since the history it is read from is append-only.
    """

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    cutoff: date = Field(index=True)  # the peildatum
    opened_by: str = Field(max_length=120)
    opened_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    opened_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None


class DataRevision(SQLModel, table=True):
    """One row: a random token renewed by every write to the plan or its progress.

    A cache key, not data (app/revision.py): backups leave it out, and a restore renews it.
    """

    __tablename__ = "data_revision"

    id: int = Field(primary_key=True)
    token: str = Field(max_length=32)
