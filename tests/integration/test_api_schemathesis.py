"""Property-based requests from the API's own OpenAPI document (schemathesis, through WSGI).

Every operation gets a bounded, derandomised set of generated requests, valid and invalid
(query values out of range or not in the enum, odd path parameters); each response must be
documented, of a documented content type, with the documented headers and a body that matches
its schema, never a 500, a valid request never refused and an invalid one never accepted.
It runs on the seeded Werkagenda, on SQLite and on PostgreSQL like the rest of the suite.

The operations are run from one test rather than with `schemathesis.pytest.from_fixture`:
that helper sets a private attribute of pytest's test items that pytest 9 no longer has.
"""

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.seeding.load import LoadReport

EXAMPLES_PER_OPERATION = 25


def test_the_api_keeps_its_document(app: Flask, seeded: LoadReport) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # schemathesis leaves out the document's own path; every other one is exercised.
    assert len(operations) == 14
    failures = {}
    for operation in operations:
        cases = st.one_of(
            operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
        )

        @given(case=cases)
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            # The WSGI transport hands back the body as sent and does not undo a compression;
            # compressed API responses (and their ETags) are checked in test_compression.py.
            case.call_and_validate(headers={"Accept-Encoding": "identity"})

        try:
            run()
        except Exception as error:  # noqa: BLE001  (collect every operation's failure)
            failures[operation.label] = str(error)[:2000]
    assert failures == {}
