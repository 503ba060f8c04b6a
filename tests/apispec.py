"""Check an API response against the OpenAPI document the app publishes (JSON Schema 2020-12).

The operation is found by matching the request path against the document's path templates; the
status code, the content type, the documented headers and (for JSON) the body must all be what
the document says. The body is validated with a `$ref` into the document itself, so every
component it uses resolves as a client's validator would resolve it.
"""

import json
import re
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.test import TestResponse

BASE = "/api/v1"
SPEC_URI = "urn:e5:openapi"


def operation_for(document: dict[str, Any], path: str) -> tuple[str, dict[str, Any]]:
    """The path template and GET operation that `path` (e.g. /api/v1/afspraken/5a) matches."""
    relative = urlsplit(path).path.removeprefix(BASE) or "/"
    for template, item in document["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, relative):
            return template, item["get"]
    raise AssertionError(f"{path} matches no path of the document")


def check_response(document: dict[str, Any], path: str, response: TestResponse) -> None:
    """Fail unless `response` is one the document describes for GET `path`."""
    template, operation = operation_for(document, path)
    code = str(response.status_code)
    assert code in operation["responses"], f"{code} not documented for {template}"
    documented = operation["responses"][code]
    for header in documented.get("headers", {}):
        if header == "Link" and code == "200" and response.mimetype == "text/csv":
            continue  # a CSV download is the whole collection: no pages to link
        assert header in response.headers, f"{header} missing on {code} of {template}"
    content = documented.get("content", {})
    if not content:
        assert response.get_data() == b"", f"{code} of {template} should have no body"
        return
    assert response.mimetype in content, f"{response.mimetype} not documented for {template}"
    if response.mimetype.endswith("json"):
        pointer = "/".join(
            part.replace("~", "~0").replace("/", "~1")
            for part in ["paths", template, "get", "responses", code, "content", response.mimetype]
        )
        validator = Draft202012Validator(
            {"$ref": f"{SPEC_URI}#/{pointer}/schema"},
            registry=Registry().with_resource(
                SPEC_URI, Resource.from_contents(document, default_specification=DRAFT202012)
            ),
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = sorted(validator.iter_errors(json.loads(response.get_data())), key=str)
        assert not errors, f"{template} {code}: {errors[0].message} at {list(errors[0].path)}"
