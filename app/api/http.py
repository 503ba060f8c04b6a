"""HTTP for the open-data API: problem details, negotiation, caching, CORS and the version header.

Everything under /api answers the same way, also when no route matched (Werkzeug's 404 and 405
happen before any blueprint is chosen, so `app/errors.py` hands those to `http_problem`).
"""

import hashlib
from collections.abc import Mapping, Sequence
from typing import Literal

from flask import Flask, Response, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException, NotAcceptable

from app.api.schemas import InvalidParam, Problem

# Semantic version of the API (/core/semver); the major is the "v1" in every path.
API_VERSION = "1.0.0"
# Open data, the same for everyone: a minute is short enough that an update shows soon, and with
# the ETag a client that asks again after that gets a 304 without a body.
MAX_AGE = 60
TITLES = {
    400: "Ongeldig verzoek",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    500: "Interne fout",
}
DETAILS = {
    400: "Het verzoek is niet geldig.",
    404: "Op dit adres is niets. De verzamelingen staan op /api/v1/ (zie /api/v1/openapi.json).",
    405: "Deze API kan alleen lezen: gebruik GET (of HEAD of OPTIONS).",
    406: "Dit formaat is hier niet beschikbaar; vraag om application/json of text/csv.",
    500: "Er ging iets mis bij het samenstellen van het antwoord. Probeer het later opnieuw.",
}
JSON = "application/json"
CSV = "text/csv"
PROBLEM = "application/problem+json"
EXPOSED_HEADERS = "API-Version, ETag, Link, Content-Disposition"

Format = Literal["json", "csv"]


def init_app(app: Flask) -> None:
    app.after_request(_api_headers)


def is_api_request() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def problem(
    status: int,
    detail: str | None = None,
    *,
    invalid: Sequence[InvalidParam] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """An RFC 9457 problem response (/core/error-handling/problem-details)."""
    body = Problem(
        title=TITLES.get(status, "Fout"),
        status=status,
        detail=detail or DETAILS.get(status, ""),
        instance=request.path,
        invalid_params=list(invalid) if invalid else None,
    )
    response = Response(body.model_dump_json(exclude_none=True), status=status, mimetype=PROBLEM)
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def http_problem(error: HTTPException) -> Response:
    """A Werkzeug error (404, 405, 406, 500...) as a problem, with its own text if it has one."""
    status = error.code or 500
    own = error.description != type(error).description and status != 500
    detail = error.description if own and error.description else None
    if status == 404 and request.path.endswith("/") and request.path != "/api/v1/":
        # /core/no-trailing-slash: a 404, not a redirect, so clients learn the one right URI.
        detail = f"Een adres eindigt niet op '/': probeer {request.path.rstrip('/')}."
    headers = {}
    if status == 405:
        allowed = dict(error.get_headers()).get("Allow")
        if allowed:
            headers["Allow"] = allowed
    return problem(status, detail, headers=headers)


def invalid_params(error: ValidationError, model: type[BaseModel]) -> list[InvalidParam]:
    """Every invalid query parameter of `error`, in Dutch, with the allowed values if fixed."""
    found = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "?"
        allowed = _allowed_values(model, name)
        found.append(
            InvalidParam(
                name=name,
                value=request.args.get(name, ""),
                reason=_reason(item["type"], item.get("ctx") or {}, allowed),
                allowed=allowed,
            )
        )
    return found


def negotiate(explicit: str | None) -> Format:
    """JSON or CSV: the `format` parameter wins, then Accept; neither acceptable is a 406."""
    if explicit in ("json", "csv"):
        return explicit  # type: ignore[return-value]
    accept = request.accept_mimetypes
    if not accept:
        return "json"
    best = accept.best_match([JSON, CSV])
    if best is None:
        raise NotAcceptable(DETAILS[406])
    return "csv" if best == CSV else "json"


def require_json() -> None:
    """For resources that exist only as JSON (items, the spec)."""
    accept = request.accept_mimetypes
    if accept and accept.best_match([JSON]) is None:
        raise NotAcceptable("Dit adres is alleen beschikbaar als application/json.")


def conditional(body: bytes, mimetype: str, *, filename: str | None = None) -> Response:
    """A cacheable response with a strong ETag over the body; 304 if the client's copy matches."""
    response = Response(body, mimetype=mimetype)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.make_conditional(request)
    response.headers.pop("Date", None)  # the WSGI server sends its own
    return response


def _api_headers(response: Response) -> Response:
    if not is_api_request():
        return response
    headers = response.headers
    headers["API-Version"] = API_VERSION  # /core/version-header: on every response
    # /core/transport/cors: open data for any site's dashboard; no cookies are read or sent.
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        headers["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
        headers["Access-Control-Max-Age"] = "86400"
    headers.add("Vary", "Accept")
    if "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    return response


def _allowed_values(model: type[BaseModel], name: str) -> list[str] | None:
    field = next((f for key, f in model.model_fields.items() if (f.alias or key) == name), None)
    if field is None:
        return None
    schema = model.model_json_schema()["properties"].get(name, {})
    for option in [schema, *schema.get("anyOf", [])]:
        ref = option.get("$ref", "")
        if ref:
            option = model.model_json_schema()["$defs"][ref.rsplit("/", 1)[-1]]
        if "enum" in option:
            return [str(v) for v in option["enum"]]
    return None


def _reason(kind: str, ctx: Mapping[str, object], allowed: list[str] | None) -> str:
    if allowed is not None and kind in {"enum", "literal_error"}:
        return "Deze waarde bestaat niet; kies een van de toegestane waarden."
    if kind in {"int_parsing", "int_from_float", "int_type"}:
        return "Moet een geheel getal zijn."
    if kind == "greater_than_equal":
        return f"Moet minstens {ctx.get('ge')} zijn."
    if kind == "less_than_equal":
        return f"Mag hoogstens {ctx.get('le')} zijn."
    return "Deze waarde is niet geldig."
