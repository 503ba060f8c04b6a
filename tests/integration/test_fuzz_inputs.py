"""No input makes the app answer 500: bad values in every URL part, query parameter and form field.

The routes come from the app's URL map and each form's field names from the page the app renders
for it, so a new route or field is fuzzed without touching this file. Each bad value goes into
every URL variable, into every query parameter the app reads, and into each form field in turn
while the other fields hold valid values (so a value that passes validation reaches the
database), as a stranger and as the secretariaat (logged in, with a valid CSRF token).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from app.models import AccountRole
from app.seeding.load import LoadReport
from tests.conftest import AuthActions, csrf_token
from tests.factories import find_mijlpaal, make_user

FIELD_RE = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
# Every query parameter a view reads (overview filters, planning period, feed options, login).
QUERY_PARAMETERS = ("partij", "rol", "status", "periode", "van", "tot", "herinnering", "next")
GOOD_VARIABLES = {
    "code": "5a",
    "label": "A",
    "filename": "app.js",
    "version": "3.0.0",
    "key": "nota-2026-03-23",  # the open-data API's register and kamerstuk items
    "plural": "toezeggingen",  # the register's lists: /kamer/<toezeggingen|moties>
    "round_id": "1",
}
# Valid forms, so that one bad field at a time gets as far as the database.
GOOD_FORMS: dict[str, dict[str, str]] = {
    "auth.login": {"email": "fuzz@vbg.nl", "password": "een-fout-wachtwoord"},
    "auth.new_user": {
        "email": "nieuw@vbg.nl",
        "name": "Nieuw Account",
        "role": "lezer",
        "password": "een-lang-wachtwoord-1",
    },
    "auth.edit_user": {"email": "lezer@vbg.nl", "name": "Lezer", "role": "lezer", "active": "on"},
    "afspraken.report_afspraak": {"status": "op_schema", "public_text": "Loopt."},
    "afspraken.report_mijlpaal": {
        "status": "op_schema",
        "public_text": "Loopt.",
        "forecast_text": "Q4-2027",
    },
    "afspraken.edit_plan": {"text": "Mijlpaal.", "planned_text": "Q3-2027", "reason": "Fuzz."},
    "feeds.new_token": {"periode": "span", "herinnering": "7"},
}
# Logging out would end the session the rest of the run needs; it reads no input.
SKIP_ENDPOINTS = {"auth.logout"}

BAD_VALUES = {
    "nul": "a\x00b",
    "digits-5000": "9" * 5000,
    "chars-10000": "x" * 10_000,
    "int32-overflow": "2147483648",
    "int64-overflow": "9223372036854775808",
    "far-quarter": "Q4-9999",
    "year-one": "0001-01-01",
    "unicode": "\u202e\ufeff\U0001f600e\u0301\uffff",
    "padded-inside": "eind" + " " * 120 + "2026",
}


@dataclass(frozen=True)
class Probe:
    method: str
    url: str
    endpoint: str
    form: dict[str, str] | None = None
    htmx: bool = False


def _fill(rule_path: str, arguments: set[str], values: dict[str, str]) -> str:
    for name in arguments:
        pattern = rf"<(?:[a-z]+(?:\([^)]*\))?:)?{name}>"
        rule_path = re.sub(pattern, lambda _m, n=name: quote(values[n], safe=""), rule_path)
    return rule_path


class Fuzzer:
    """The app's routes with valid URL values, their form fields, and the probes for a value."""

    def __init__(self, app: Flask, client: FlaskClient, session: Session, other_user: int):
        self.client = client
        self.session = session
        good = {**GOOD_VARIABLES, "user_id": str(other_user), "token": "onbekend"}
        self.routes: list[tuple[str, str, set[str], str, list[str]]] = []
        for rule in app.url_map.iter_rules():
            if rule.endpoint in SKIP_ENDPOINTS:
                continue
            methods = sorted((rule.methods or set()) & {"GET", "POST"})
            path = _fill(rule.rule, set(rule.arguments), good)
            self.routes.append((rule.endpoint, rule.rule, set(rule.arguments), path, methods))

    def form_fields(self, endpoint: str, path: str, methods: list[str]) -> list[str]:
        if "GET" in methods:
            html = self.client.get(path).get_data(as_text=True)
            found = set(FIELD_RE.findall(html)) - {"csrf_token"}
        else:
            found = set()
        return sorted(found | set(GOOD_FORMS.get(endpoint, {})))

    def probes(self, bad: str, *, fields: dict[str, list[str]]) -> Iterator[Probe]:
        for index, (endpoint, rule_path, arguments, path, methods) in enumerate(self.routes):
            first = methods[0]
            htmx = index % 2 == 1
            if arguments:
                url = _fill(rule_path, arguments, dict.fromkeys(arguments, bad))
                yield Probe(first, url, endpoint, {} if first == "POST" else None, htmx)
            if "GET" in methods:
                query = urlencode(dict.fromkeys(QUERY_PARAMETERS, bad))
                yield Probe("GET", f"{path}?{query}", endpoint, None, not htmx)
            if "POST" in methods:
                for name in fields[endpoint]:
                    form = {**GOOD_FORMS.get(endpoint, {}), name: bad}
                    yield Probe("POST", path, endpoint, form, htmx)

    def send(self, probe: Probe, token: str) -> int:
        headers = {"HX-Request": "true"} if probe.htmx else {}
        if probe.method == "GET":
            response = self.client.get(probe.url, headers=headers)
        else:
            data = {**(probe.form or {}), "csrf_token": token}
            if probe.endpoint == "afspraken.edit_plan":
                self.session.expire_all()  # the plan's current version, as a fresh form has it
                data.setdefault("version", str(find_mijlpaal(self.session, "5a", "A").version))
            response = self.client.post(probe.url, data=data, headers=headers)
        response.close()  # static files are streamed from an open file
        return response.status_code


@pytest.fixture
def fuzzer(app: Flask, client: FlaskClient, session: Session, seeded: LoadReport) -> Fuzzer:
    make_user(session, email="sec@vbg.nl", name="Sanne", role=AccountRole.SECRETARIAAT)
    other = make_user(session, email="lezer@vbg.nl", name="Lezer", role=AccountRole.LEZER)
    assert other.id is not None
    return Fuzzer(app, client, session, other.id)


@pytest.mark.parametrize("role", ["anonymous", "secretariaat"])
def test_no_bad_value_anywhere_gives_a_server_error(
    fuzzer: Fuzzer,
    auth: AuthActions,
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
    role: str,
) -> None:
    if role == "secretariaat":
        assert auth.login("sec@vbg.nl").status_code == 302
    # Argon2 spends a good part of a second per check by design; what is fuzzed here is the input.
    monkeypatch.setattr("app.auth.routes.verify_password", lambda _hash, _password: False)
    fields = {
        endpoint: fuzzer.form_fields(endpoint, path, methods)
        for endpoint, _rule, _args, path, methods in fuzzer.routes
        if "POST" in methods
    }
    if role == "secretariaat":
        assert {"text", "planned_text", "reason", "version"} <= set(fields["afspraken.edit_plan"])
        assert {"partij", "email", "name", "role"} <= set(fields["auth.new_user"])
    token = csrf_token(client, "/")
    failures = []
    sent = 0
    for name, bad in BAD_VALUES.items():
        for probe in fuzzer.probes(bad, fields=fields):
            sent += 1
            status = fuzzer.send(probe, token)
            if status >= 500:
                form = list(probe.form or {})
                failures.append(f"{name}: {status} {probe.method} {probe.url[:80]} {form}")
    assert sent > 500
    assert failures == []
