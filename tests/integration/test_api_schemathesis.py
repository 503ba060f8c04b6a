"""Property-based requests from the API's own OpenAPI document (schemathesis, through WSGI).

Every operation gets a bounded, derandomised set of generated requests (valid and invalid query
values, odd path parameters); each response must be documented, of a documented content type,
with the documented headers and a body that matches its schema, and never a 500. It runs on the
seeded Werkagenda, on SQLite and on PostgreSQL like the rest of the suite.
"""

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings

from app.seeding.load import LoadReport


@pytest.fixture
def api_schema(app: Flask, seeded: LoadReport) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_document(case: schemathesis.Case) -> None:
    case.call_and_validate()
