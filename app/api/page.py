"""The open-data page: the OpenAPI document rendered on the server, with example requests.

Rendered here rather than by a vendored Swagger UI or Redoc: those are a megabyte or more of
JavaScript, Redoc writes <style> elements that the CSP refuses, and a server-rendered page is
Dutch, works without JavaScript and is checked for accessibility like every other page.
"""

from dataclasses import dataclass, field
from typing import Any

from flask import render_template, url_for

from app.api import bp
from app.api.spec import BASE_PATH, openapi_document

# Component schemas that describe requests (query models) are shown as parameters instead.
_QUERY_SUFFIX = "Query"


@dataclass
class ParameterRow:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass
class OperationView:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[ParameterRow]
    responses: list[tuple[str, str, str]]  # code, description, media types
    example: str


@dataclass
class SchemaView:
    name: str
    description: str
    properties: list[ParameterRow] = field(default_factory=list)


@bp.get("/open-data")
def page() -> str:
    """The API explained, for people: what there is, how to ask for it, what comes back."""
    document = openapi_document()
    base = url_for("api.index", _external=True).rstrip("/")
    operations = [
        _operation(method, path, op, base)
        for path, item in document["paths"].items()
        for method, op in item.items()
    ]
    schemas = [
        _schema(name, schema)
        for name, schema in sorted(document["components"]["schemas"].items())
        if not name.endswith(_QUERY_SUFFIX) and ("properties" in schema or "enum" in schema)
    ]
    return render_template(
        "api/page.html",
        info=document["info"],
        base=base,
        spec_url=url_for("api.openapi", _external=True),
        operations=operations,
        schemas=schemas,
        base_path=BASE_PATH,
    )


def _operation(method: str, path: str, op: dict[str, Any], base: str) -> OperationView:
    parameters = [
        ParameterRow(
            name=p["name"],
            where={"query": "query", "path": "pad"}.get(p["in"], p["in"]),
            type=type_text(p.get("schema", {})),
            required=bool(p.get("required")),
            description=p.get("description", ""),
        )
        for p in op.get("parameters", [])
    ]
    responses = [
        (code, r.get("description", ""), ", ".join(r.get("content", {})))
        for code, r in op["responses"].items()
    ]
    example_path = path.replace("{code}", "5a").replace("{key}", "...")
    return OperationView(
        method=method.upper(),
        path=path,
        summary=op.get("summary", ""),
        description=op.get("description", ""),
        parameters=parameters,
        responses=responses,
        example=f"curl -s '{base}{example_path}'",
    )


def _schema(name: str, schema: dict[str, Any]) -> SchemaView:
    required = set(schema.get("required", []))
    values = schema.get("enum")
    return SchemaView(
        name=name,
        description=type_text(schema) if values else schema.get("description", ""),
        properties=[
            ParameterRow(
                name=prop_name,
                where="",
                type=type_text(prop),
                required=prop_name in required,
                description=prop.get("description", ""),
            )
            for prop_name, prop in schema.get("properties", {}).items()
        ],
    )


def type_text(schema: dict[str, Any]) -> str:
    """A JSON Schema type in a few Dutch words ("lijst van Link", "datum of leeg")."""
    if "$ref" in schema:
        return str(schema["$ref"].rsplit("/", 1)[-1])
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        text = " of ".join(type_text(o) for o in options)
        nullable = len(options) < len(schema["anyOf"])
        return f"{text} of leeg" if nullable else text
    if "enum" in schema:
        return "een van: " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return f"'{schema['const']}'"
    kind = schema.get("type", "")
    if kind == "array":
        return "lijst van " + type_text(schema.get("items", {}))
    if kind == "object":
        extra = schema.get("additionalProperties")
        return f"object met {type_text(extra)}" if isinstance(extra, dict) else "object"
    if schema.get("format") == "date":
        return "datum (JJJJ-MM-DD)"
    words = {"string": "tekst", "integer": "geheel getal", "boolean": "ja/nee", "number": "getal"}
    text = words.get(kind, kind or "willekeurig")
    limits = [f"≥ {schema['minimum']}" for _ in [0] if "minimum" in schema]
    limits += [f"≤ {schema['maximum']}" for _ in [0] if "maximum" in schema]
    return f"{text} ({', '.join(limits)})" if limits else text
