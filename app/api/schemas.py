"""The API's own shapes around the public models: query parameters, pages, links and problems.

The resources themselves are the public projection (`app/public/models.py`); this module only
adds what HTTP needs. Query keys are lower camelCase (`pageSize`), as the API Design Rules ask
(/core/query-keys-camel-case); filter names and values are those of the pages' filters.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.domain.labels import PERIOD_LABELS
from app.domain.ownership import Rol
from app.domain.status import Status
from app.models import CommitmentStatus, DocumentSoort
from app.public.models import (
    ActiviteitOut,
    AfspraakOut,
    CommitmentOut,
    KamerstukOut,
    MijlpaalOut,
    PartijOut,
    VoortgangOut,
)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

# The overview's period filter; a Literal so the spec lists the values.
Periode = Literal["dit_kwartaal", "volgend_kwartaal", "te_laat"]
assert set(Periode.__args__) == set(PERIOD_LABELS)  # type: ignore[attr-defined]


class Query(BaseModel):
    """Pagination and format, shared by every collection."""

    model_config = ConfigDict(extra="ignore", frozen=True, validate_by_name=True)

    page: int = Field(1, ge=1, le=1_000_000, description="Paginanummer, vanaf 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        alias="pageSize",
        description=f"Aantal items per pagina (1 tot en met {MAX_PAGE_SIZE}).",
    )
    format: Literal["json", "csv"] | None = Field(
        None,
        description=(
            "'csv' geeft de hele (gefilterde) verzameling als CSV, net als de header "
            "'Accept: text/csv'; zonder paginering."
        ),
    )


class AfsprakenQuery(Query):
    partij: str | None = Field(None, description="Code van een partij (zie /partijen).")
    rol: Rol | None = Field(None, description="Alleen met 'partij': de rol van die partij.")
    status: Status | None = None
    periode: Periode | None = Field(None, description="Een mijlpaal in deze periode.")


class MijlpalenQuery(Query):
    afspraak: str | None = Field(None, description="Code; '5' omvat ook 5a tot en met 5f.")
    partij: str | None = Field(None, description="Code van een partij bij de afspraak.")
    status: Status | None = None
    periode: Periode | None = None


class ActiviteitenQuery(Query):
    afspraak: str | None = Field(None, description="Code; '5' omvat ook 5a tot en met 5f.")
    partij: str | None = Field(None, description="Code van een partij bij de activiteit.")


class CommitmentsQuery(Query):
    afspraak: str | None = Field(None, description="Code van een afspraak waar het over gaat.")
    status: CommitmentStatus | None = None


class KamerstukkenQuery(Query):
    soort: DocumentSoort | None = None


class Link(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    href: str


class PageLinks(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, serialize_by_alias=True
    )

    self_: Link = Field(alias="self")
    first: Link
    last: Link
    prev: Link | None = Field(None, description="Leeg op de eerste pagina.")
    next: Link | None = Field(None, description="Leeg op de laatste pagina.")


class Collection(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, serialize_by_alias=True
    )

    links: PageLinks = Field(alias="_links")
    total: int = Field(description="Aantal items in de hele (gefilterde) verzameling.")
    page: int
    page_size: int
    pages: int = Field(description="Aantal pagina's (minstens 1).")


class AfspraakLinks(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, serialize_by_alias=True
    )

    self_: Link = Field(alias="self")
    parent: Link | None
    sub_afspraken: list[Link]
    mijlpalen: Link
    activiteiten: Link
    voortgangsberichten: Link
    page: Link = Field(description="De pagina van de afspraak in de app.")


class AfspraakResource(AfspraakOut):
    model_config = ConfigDict(validate_by_name=True, serialize_by_alias=True)

    links: AfspraakLinks = Field(alias="_links")


class AfspraakCollection(Collection):
    items: list[AfspraakResource]


class MijlpaalCollection(Collection):
    items: list[MijlpaalOut]


class ActiviteitCollection(Collection):
    items: list[ActiviteitOut]


class PartijCollection(Collection):
    items: list[PartijOut]


class CommitmentCollection(Collection):
    items: list[CommitmentOut]


class KamerstukCollection(Collection):
    items: list[KamerstukOut]


class VoortgangCollection(Collection):
    items: list[VoortgangOut]


class InvalidParam(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="De queryparameter.")
    value: str
    reason: str
    allowed: list[str] | None = Field(
        None, description="De toegestane waarden, als die vastliggen."
    )


class Problem(BaseModel):
    """An error as RFC 9457 problem details (application/problem+json)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str = Field("about:blank", description="'about:blank': de status zegt genoeg.")
    title: str
    status: int
    detail: str
    instance: str = Field(description="Het pad van het verzoek.")
    invalid_params: list[InvalidParam] | None = Field(
        None, description="Bij 400: elke ongeldige parameter (alle tegelijk)."
    )


class ApiIndex(BaseModel):
    """The root of /api/v1: where each collection is."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, serialize_by_alias=True
    )

    links: dict[str, Link] = Field(alias="_links")
    version: str
