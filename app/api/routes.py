"""The read-only open-data API, /api/v1 (see docs/api.md for the API Design Rules it follows).

The view docstrings are Dutch: spectree publishes them as the operations' summaries and
descriptions, and the rules ask for the documentation in Dutch (/core/doc-language).
"""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from flask import abort, request, url_for
from pydantic import BaseModel, ValidationError
from spectree import Response as Responses
from werkzeug.wrappers import Response

from app.afspraken.cache import current_werkagenda
from app.afspraken.queries import AfspraakView, Werkagenda
from app.api import bp, queries
from app.api.http import (
    CSV,
    JSON,
    conditional,
    invalid_params,
    negotiate,
    problem,
    require_json,
)
from app.api.schemas import (
    ActiviteitCollection,
    ActiviteitenQuery,
    AfspraakCollection,
    AfspraakLinks,
    AfspraakResource,
    AfsprakenQuery,
    ApiIndex,
    Collection,
    CommitmentCollection,
    CommitmentsQuery,
    InvalidParam,
    KamerstukCollection,
    KamerstukkenQuery,
    Link,
    MijlpaalCollection,
    MijlpalenQuery,
    PageLinks,
    PartijCollection,
    Problem,
    Query,
    VoortgangCollection,
)
from app.api.spec import BASE_PATH, openapi_document, spec
from app.api.tables import to_csv
from app.clock import today
from app.db import get_session
from app.models import CommitmentKind
from app.overview.filters import OverviewFilters, apply_filters, in_period
from app.public import project
from app.public.models import (
    CommitmentOut,
    KamerstukOut,
    PartijOut,
)

Q = TypeVar("Q", bound=Query)
M = TypeVar("M", bound=BaseModel)
S = TypeVar("S")  # what a list is made of before it is projected into its public model


def _list(model: type[BaseModel]) -> Responses:
    return Responses(HTTP_200=model, HTTP_400=Problem)


def _item(model: type[BaseModel]) -> Responses:
    return Responses(HTTP_200=model, HTTP_404=Problem)


def _validated(
    op: str, query: type[BaseModel] | None, resp: Responses, tag: str, **kwargs: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return spec.validate(
        query=query, resp=resp, tags=[tag], skip_validation=True, operation_id=op, **kwargs
    )


@bp.get(f"{BASE_PATH}/")
@_validated("getIndex", None, Responses(HTTP_200=ApiIndex), "algemeen")
def index() -> Response:
    """Waar elke verzameling staat."""
    require_json()
    names = (
        "afspraken",
        "mijlpalen",
        "activiteiten",
        "partijen",
        "toezeggingen",
        "moties",
        "kamerstukken",
    )
    links = {"self": _href("api.index"), "openapi": _href("api.openapi")}
    links |= {name: _href(f"api.{name}") for name in names}
    body = ApiIndex(links={k: Link(href=v) for k, v in links.items()}, version=spec.config.version)
    return conditional(body.model_dump_json().encode(), JSON)


@bp.get(f"{BASE_PATH}/openapi.json")
@_validated("getOpenapi", None, Responses(HTTP_200=None), "algemeen")
def openapi() -> Response:
    """Het OpenAPI-document van deze API (OpenAPI 3.1, JSON)."""
    require_json()
    import json

    body = json.dumps(openapi_document(), ensure_ascii=False, sort_keys=False).encode()
    return conditional(body, JSON)


@bp.get(f"{BASE_PATH}/afspraken")
@_validated("listAfspraken", AfsprakenQuery, _list(AfspraakCollection), "afspraken")
def afspraken() -> Response:
    """De afspraken in de volgorde van de Werkagenda, met hun status.

    De filters zijn die van het overzicht: partij (en rol), status en periode.
    """
    werkagenda = _werkagenda()
    query = _query(AfsprakenQuery, werkagenda=werkagenda)
    filters = OverviewFilters(
        partij=query.partij or "",
        rol=query.rol.value if query.rol else "",
        status=query.status.value if query.status else "",
        periode=query.periode or "",
    )
    return _collection(
        apply_filters(werkagenda, filters),
        query,
        AfspraakCollection,
        "afspraken",
        projection=lambda view: _afspraak(view, werkagenda),
    )


@bp.get(f"{BASE_PATH}/afspraken/<code>")
@_validated(
    "getAfspraak",
    None,
    _item(AfspraakResource),
    "afspraken",
    path_parameter_descriptions={"code": "Code van de afspraak, bijv. '5a'."},
)
def afspraak(code: str) -> Response:
    """Eén afspraak, met links naar haar sub-afspraken, mijlpalen, activiteiten en voortgang."""
    require_json()
    werkagenda = _werkagenda()
    view = _find_afspraak(werkagenda, code)
    return _json(_afspraak(view, werkagenda))


@bp.get(f"{BASE_PATH}/afspraken/<code>/voortgangsberichten")
@_validated(
    "listVoortgangsberichten",
    Query,
    Responses(HTTP_200=VoortgangCollection, HTTP_400=Problem, HTTP_404=Problem),
    "afspraken",
    path_parameter_descriptions={"code": "Code van de afspraak, bijv. '5a'."},
)
def voortgangsberichten(code: str) -> Response:
    """De voortgangsberichten van een afspraak en haar mijlpalen, nieuwste eerst.

    Alleen de openbare tekst: interne notities en wie het bericht invoerde staan er niet in.
    """
    werkagenda = _werkagenda()
    view = _find_afspraak(werkagenda, code)
    query = _query(Query)
    items = queries.voortgang(view, session=get_session())
    return _collection(items, query, VoortgangCollection, "voortgangsberichten", code=view.code)


@bp.get(f"{BASE_PATH}/mijlpalen")
@_validated("listMijlpalen", MijlpalenQuery, _list(MijlpaalCollection), "mijlpalen")
def mijlpalen() -> Response:
    """Alle mijlpalen met hun geplande datum, de laatste prognose, de datum waarop ze nu staan
    en hun status (dezelfde regels als de pagina's)."""
    werkagenda = _werkagenda()
    query = _query(MijlpalenQuery, werkagenda=werkagenda)
    codes = queries.family(werkagenda, query.afspraak) if query.afspraak else None
    rows = []
    for view, mijlpaal in ((v, m) for v in werkagenda.afspraken for m in v.mijlpalen):
        if codes is not None and view.code not in codes:
            continue
        if query.partij and not any(d.partij.code == query.partij for d in view.deelnames):
            continue
        if query.status and mijlpaal.status.status != query.status:
            continue
        if query.periode and not in_period(mijlpaal, query.periode, werkagenda.today):
            continue
        rows.append(mijlpaal)
    return _collection(rows, query, MijlpaalCollection, "mijlpalen", projection=project.mijlpaal)


@bp.get(f"{BASE_PATH}/activiteiten")
@_validated("listActiviteiten", ActiviteitenQuery, _list(ActiviteitCollection), "activiteiten")
def activiteiten() -> Response:
    """De activiteiten per afspraak, met hun geplande periode en partijen."""
    werkagenda = _werkagenda()
    query = _query(ActiviteitenQuery, werkagenda=werkagenda)
    codes = queries.family(werkagenda, query.afspraak) if query.afspraak else None
    rows = [
        a
        for a in queries.activiteiten(session=get_session())
        if (codes is None or a.afspraak in codes)
        and (not query.partij or query.partij in a.partijen)
    ]
    return _collection(rows, query, ActiviteitCollection, "activiteiten")


@bp.get(f"{BASE_PATH}/partijen")
@_validated("listPartijen", Query, _list(PartijCollection), "partijen")
def partijen() -> Response:
    """De partijen van de Werkagenda, op code."""
    query = _query(Query)
    rows = queries.partijen(session=get_session())
    return _collection(rows, query, PartijCollection, "partijen")


@bp.get(f"{BASE_PATH}/partijen/<code>")
@_validated(
    "getPartij",
    None,
    _item(PartijOut),
    "partijen",
    path_parameter_descriptions={"code": "Code van de partij, bijv. 'KNMP'."},
)
def partij(code: str) -> Response:
    """Eén partij."""
    require_json()
    found = queries.partijen(session=get_session(), code=code)
    return _json(_one(found, f"Partij '{code}' bestaat niet."))


@bp.get(f"{BASE_PATH}/toezeggingen")
@_validated("listToezeggingen", CommitmentsQuery, _list(CommitmentCollection), "kamer")
def toezeggingen() -> Response:
    """De toezeggingen aan de Tweede Kamer, met termijn (zoals geschreven en als periode) en
    status."""
    return _commitments(CommitmentKind.TOEZEGGING, "toezeggingen")


@bp.get(f"{BASE_PATH}/toezeggingen/<key>")
@_validated(
    "getToezegging",
    None,
    _item(CommitmentOut),
    "kamer",
    path_parameter_descriptions={"key": "Sleutel van de toezegging."},
)
def toezegging(key: str) -> Response:
    """Eén toezegging."""
    return _commitment(CommitmentKind.TOEZEGGING, key)


@bp.get(f"{BASE_PATH}/moties")
@_validated("listMoties", CommitmentsQuery, _list(CommitmentCollection), "kamer")
def moties() -> Response:
    """De aangenomen moties, met termijn en status."""
    return _commitments(CommitmentKind.MOTIE, "moties")


@bp.get(f"{BASE_PATH}/moties/<key>")
@_validated(
    "getMotie",
    None,
    _item(CommitmentOut),
    "kamer",
    path_parameter_descriptions={"key": "Sleutel van de motie."},
)
def motie(key: str) -> Response:
    """Eén motie."""
    return _commitment(CommitmentKind.MOTIE, key)


@bp.get(f"{BASE_PATH}/kamerstukken")
@_validated("listKamerstukken", KamerstukkenQuery, _list(KamerstukCollection), "kamer")
def kamerstukken() -> Response:
    """De documenten waar de Werkagenda en het register naar verwijzen."""
    query = _query(KamerstukkenQuery)
    rows = [
        k
        for k in queries.kamerstukken(session=get_session())
        if query.soort is None or k.kind == query.soort
    ]
    return _collection(rows, query, KamerstukCollection, "kamerstukken")


@bp.get(f"{BASE_PATH}/kamerstukken/<key>")
@_validated(
    "getKamerstuk",
    None,
    _item(KamerstukOut),
    "kamer",
    path_parameter_descriptions={"key": "Sleutel van het document."},
)
def kamerstuk(key: str) -> Response:
    """Eén document."""
    require_json()
    found = queries.kamerstukken(session=get_session(), key=key)
    return _json(_one(found, f"Document '{key}' bestaat niet."))


def _commitments(kind: CommitmentKind, endpoint: str) -> Response:
    werkagenda_codes = queries.afspraak_codes(session=get_session())
    query = _query(CommitmentsQuery, afspraak_codes=werkagenda_codes)
    rows = [
        c
        for c in queries.commitments(kind, session=get_session(), today=today())
        if (not query.afspraak or query.afspraak in c.afspraken)
        and (query.status is None or c.status == query.status)
    ]
    return _collection(rows, query, CommitmentCollection, endpoint)


def _commitment(kind: CommitmentKind, key: str) -> Response:
    require_json()
    found = queries.commitments(kind, session=get_session(), today=today(), key=key)
    noun = "Toezegging" if kind is CommitmentKind.TOEZEGGING else "Motie"
    return _json(_one(found, f"{noun} '{key}' bestaat niet."))


def _werkagenda() -> Werkagenda:
    return current_werkagenda(today())


def _query(
    model: type[Q],
    *,
    werkagenda: Werkagenda | None = None,
    afspraak_codes: Sequence[str] | None = None,
) -> Q:
    """The query parameters, checked all at once (/core/error-handling/all-errors)."""
    raw = request.args.to_dict()
    wrong: list[InvalidParam] = []
    try:
        query = model.model_validate(raw)
    except ValidationError as error:
        wrong = invalid_params(error, model)
        fields = {(f.alias or k) for k, f in model.model_fields.items()}
        names = {w.name for w in wrong}
        kept = {k: v for k, v in raw.items() if k in fields and k not in names}
        query = model.model_validate(kept)
    partij_codes = [p.code for p in werkagenda.partijen] if werkagenda else None
    if werkagenda is not None:
        afspraak_codes = [a.code for a in werkagenda.afspraken]
    for name, allowed in (("partij", partij_codes), ("afspraak", afspraak_codes)):
        value = getattr(query, name, None)
        if value is not None and allowed is not None and value not in allowed:
            wrong.append(
                InvalidParam(
                    name=name,
                    value=value,
                    reason=f"{name.capitalize()} '{value}' bestaat niet.",
                    allowed=list(allowed),
                )
            )
    if wrong:
        listed = ", ".join(sorted({w.name for w in wrong}))
        abort(problem(400, f"Ongeldige waarde voor: {listed}.", invalid=wrong))
    return query


def _collection(
    items: Sequence[S],
    query: Query,
    envelope: type[Collection],
    endpoint: str,
    *,
    projection: Callable[[S], BaseModel] | None = None,
    **path: str,
) -> Response:
    """One page of `items` as JSON (with links), or all of them as CSV. With `projection`,
    `items` are turned into their public model only where they are shown: a page of 50 out of
    2,350 mijlpalen at 50 times the seed's size."""

    def projected(chosen: Sequence[S]) -> list[Any]:
        return [projection(i) for i in chosen] if projection else list(chosen)

    if negotiate(query.format) == "csv":
        table = to_csv(projected(items), _item_model(envelope))
        return conditional(table, CSV, filename=f"{endpoint}.csv")
    size = query.page_size
    total = len(items)
    pages = max(1, -(-total // size))
    page = query.page
    shown = projected(items[(page - 1) * size : page * size])
    filters = query.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude={"page", "page_size", "format"}
    )

    def href(number: int) -> Link:
        return Link(href=_href(f"api.{endpoint}", page=number, pageSize=size, **path, **filters))

    links = PageLinks(
        self_=href(page),
        first=href(1),
        last=href(pages),
        prev=href(min(page - 1, pages)) if page > 1 else None,
        next=href(page + 1) if page < pages else None,
    )
    values: dict[str, Any] = {"items": shown}
    body = envelope(links=links, total=total, page=page, page_size=size, pages=pages, **values)
    response = conditional(body.model_dump_json().encode(), JSON)
    relations = {"first": links.first, "prev": links.prev, "next": links.next, "last": links.last}
    response.headers["Link"] = ", ".join(
        f'<{link.href}>; rel="{rel}"' for rel, link in relations.items() if link is not None
    )
    return response


def _item_model(envelope: type[Collection]) -> type[BaseModel]:
    annotation = envelope.model_fields["items"].annotation
    return annotation.__args__[0]  # type: ignore[union-attr, no-any-return]


def _json(item: BaseModel) -> Response:
    return conditional(item.model_dump_json().encode(), JSON)


def _one(found: Sequence[M], message: str) -> M:
    if not found:
        abort(problem(404, message))
    return found[0]


def _find_afspraak(werkagenda: Werkagenda, code: str) -> AfspraakView:
    view = werkagenda.get(code)
    if view is None:
        abort(problem(404, f"Afspraak '{code}' bestaat niet."))
    return view


def _afspraak(view: AfspraakView, werkagenda: Werkagenda) -> AfspraakResource:
    out = project.afspraak(view, werkagenda)
    code = view.code
    links = AfspraakLinks(
        self_=Link(href=_href("api.afspraak", code=code)),
        parent=Link(href=_href("api.afspraak", code=out.parent)) if out.parent else None,
        sub_afspraken=[Link(href=_href("api.afspraak", code=c)) for c in out.sub_afspraken],
        mijlpalen=Link(href=_href("api.mijlpalen", afspraak=code)),
        activiteiten=Link(href=_href("api.activiteiten", afspraak=code)),
        voortgangsberichten=Link(href=_href("api.voortgangsberichten", code=code)),
        page=Link(href=_href("afspraken.detail", code=code)),
    )
    return AfspraakResource(**out.model_dump(), links=links)


def _href(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, _external=True, **values)
