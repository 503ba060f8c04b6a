"""The shape of `seed/werkagenda.yaml` (see docs/seed-format.md), checked with pydantic.

Keys are Dutch because the secretariat edits the file by hand; `load.py` maps them onto the English
field names of `app.models`.
"""

from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from app.domain.periods import MAX_YEAR, MIN_YEAR, in_year_window
from app.domain.references import NUMBERED_KINDS, normal_reference, parse_reference
from app.domain.status import Status as VoortgangStatus
from app.models import (
    AfhankelijkheidSoort,
    CommitmentStatus,
    CommitmentVenue,
    DocumentSoort,
    PartijSoort,
)


def _number_as_text(value: Any) -> Any:
    # YAML reads `code: 5` and `periode: 2025` as numbers; they are codes and phrases, i.e. text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _in_year_window(value: date) -> date:
    # The same years as a date phrase may name, so no date from the file overflows later.
    if not in_year_window(value.year):
        raise PydanticCustomError(
            "year_window",
            f"datum {value.isoformat()} ligt niet tussen {MIN_YEAR} en {MAX_YEAR}; "
            "controleer het jaartal",
        )
    return value


Day = Annotated[date, AfterValidator(_in_year_window)]
Code = Annotated[str, BeforeValidator(_number_as_text), Field(min_length=1, max_length=10)]
Phrase = Annotated[str, BeforeValidator(_number_as_text), Field(min_length=1, max_length=100)]
Text = Annotated[str, Field(min_length=1)]


class SeedModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class PartijRefIn(SeedModel):
    partij: str = Field(min_length=1)
    noot: str = ""


PartijRef = str | PartijRefIn


class RolIn(SeedModel):
    tekst: str = ""
    partijen: list[PartijRef] = []


class ActiviteitIn(SeedModel):
    nr: int = Field(ge=1)
    tekst: Text
    periode: Phrase | None = None
    partijen_tekst: str = ""
    partijen: list[str] = []


class MijlpaalIn(SeedModel):
    label: Annotated[str, BeforeValidator(_number_as_text), Field(min_length=1, max_length=40)]
    tekst: Text
    periode: Phrase | None = None


class AfhankelijkheidIn(SeedModel):
    afspraak: Code
    soort: AfhankelijkheidSoort
    toelichting: str = ""


class AfspraakIn(SeedModel):
    code: Code
    titel: Annotated[str, Field(min_length=1, max_length=300)]
    tekst: Text
    opsteller: RolIn
    samen_met: RolIn = RolIn()
    informeren: RolIn = RolIn()
    doel: str = ""
    resultaat: str = ""
    context: str = ""
    aandachtspunten: str = ""
    monitoring: str = ""
    initiatieven: str = ""
    opmerkingen: str = ""
    activiteiten: list[ActiviteitIn] = []
    mijlpalen: list[MijlpaalIn] = []
    afhankelijkheden: list[AfhankelijkheidIn] = []
    subafspraken: list["AfspraakIn"] = []


class PartijIn(SeedModel):
    code: Annotated[str, Field(min_length=1, max_length=60)]
    naam: Annotated[str, Field(min_length=1, max_length=200)]
    soort: PartijSoort
    aliassen: list[str] = []
    leden: list[str] = []


class DocumentIn(SeedModel):
    key: Annotated[str, Field(min_length=1, max_length=80)]
    soort: DocumentSoort
    citatie: Text
    # The reference is read from the citatie; write it here only when the citatie has none.
    referentie: str | None = None
    titel: str = ""
    datum: Day | None = None


class LidIn(SeedModel):
    naam: Text
    fractie: str = ""


class StatusStapIn(SeedModel):
    """An earlier status, as a document stated it before the current one (oldest first)."""

    status: CommitmentStatus
    bron: str | None = None
    datum: Day | None = None
    toelichting: str = ""


class CommitmentIn(SeedModel):
    key: Annotated[str, Field(min_length=1, max_length=80)]
    tekst: Text
    leden: list[LidIn] = []
    # The open data's Nummer (TZ202603-130 for a toezegging, the Zaak number of a motie).
    tk_nummer: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    kamerstuk_nummer: Annotated[str, Field(min_length=1, max_length=40)] | None = None  # motie
    toegezegd_aan: Annotated[str, Field(min_length=1, max_length=200)] | None = None  # toezegging
    gedaan_in: CommitmentVenue | None = None  # toezegging
    herkomst: str = ""
    herkomst_datum: Day | None = None
    termijn_tekst: str = ""
    termijn: Phrase | None = None
    status_geschiedenis: list[StatusStapIn] = []
    status: CommitmentStatus
    status_bron: str | None = None
    afspraken: list[Code] = []
    documenten: list[str] = []
    opmerkingen: str = ""


class VoortgangIn(SeedModel):
    key: Annotated[str, Field(min_length=1, max_length=80)]
    afspraak: Code
    mijlpaal: Annotated[str, BeforeValidator(_number_as_text)] | None = None
    datum: Day
    status: VoortgangStatus | None = None
    bereikt_op: Day | None = None
    tekst: Text
    bron: str | None = None


class MetaIn(SeedModel):
    title: Text
    context_year: int | None = Field(default=None, ge=2000, le=2100)


class SeedFile(SeedModel):
    meta: MetaIn
    partijen: list[PartijIn]
    documenten: list[DocumentIn] = []
    afspraken: list[AfspraakIn]
    toezeggingen: list[CommitmentIn] = []
    moties: list[CommitmentIn] = []
    voortgang: list[VoortgangIn] = []


def document_reference(spec: DocumentIn) -> str | None:
    """The normal reference of a seed document: `referentie` if given, else from the citatie.

    Raises ReferenceError for a `referentie` that is not one.
    """
    if spec.referentie:
        return parse_reference(spec.referentie).normal
    if spec.soort.value not in NUMBERED_KINDS:
        return None
    return normal_reference(spec.citatie)
