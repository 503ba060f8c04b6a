"""No page's number of SQL statements grows with the data.

Each page is requested on the seed and again on a Werkagenda four times as large (tests/scale.py);
both requests must run the same, small number of statements. A page that loads something per
afspraak, mijlpaal or update (an N+1 query) fails here with the statements that multiplied.
"""

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlmodel import Session, col, func, select

from app.models import AccountRole, Afspraak, Mijlpaal, PlanWijziging, User, Voortgang
from app.seeding.load import LoadReport
from tests.conftest import AuthActions, csrf_token
from tests.factories import make_user
from tests.scale import grow_werkagenda

FACTOR = 4
# Far below what one statement per afspraak (17 on the seed, 68 grown) would take.
MAX_STATEMENTS = 25
# Transaction control, not work: the app's commits are savepoints on the test's connection.
TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}

LABEL = "A"  # a mijlpaal of afspraak 3 in the seed
UPDATE = {"status": "op_schema", "public_text": "Schaaltest: voortgang gemeld."}
HTMX = {"HX-Request": "true"}


@contextmanager
def count_statements(connection: sa.Connection) -> Iterator[list[str]]:
    """Collect the SQL statements run on `connection` (the app's too) inside the block."""
    statements: list[str] = []

    def before_cursor_execute(
        _conn: sa.Connection, _cursor: Any, statement: str, *_args: Any
    ) -> None:
        words = statement.split(None, 1)
        if words and words[0].upper() not in TRANSACTION_CONTROL:
            statements.append(statement)

    sa.event.listen(connection, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        sa.event.remove(connection, "before_cursor_execute", before_cursor_execute)


@dataclass(frozen=True)
class Page:
    path: str
    user: AccountRole | None = None
    headers: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] | None = None  # POST this (with the CSRF token) instead of a GET
    status: int = 200


PAGES = {
    "overview": Page("/"),
    "overview-filtered": Page("/?partij=KNMP&rol=opsteller&status=vertraagd&periode=te_laat"),
    "overview-htmx-fragment": Page("/", headers=HTMX),
    "overview-filtered-htmx-fragment": Page("/?partij=KNMP&periode=te_laat", headers=HTMX),
    "afspraak-5b": Page("/afspraken/5b"),
    "afspraak-3": Page("/afspraken/3"),
    "afspraak-3-logged-in": Page("/afspraken/3", user=AccountRole.PARTIJ_RAPPORTEUR),
    "afspraak-3-status-htmx": Page("/afspraken/3/status", headers=HTMX),
    "partijen": Page("/partijen"),
    "partij-KNMP": Page("/partijen/KNMP"),
    "toegankelijkheid": Page("/toegankelijkheid"),
    "export-xlsx": Page("/export/werkagenda.xlsx"),
    "sjabloon-KNMP": Page("/partijen/KNMP/sjabloon.xlsx", user=AccountRole.PARTIJ_RAPPORTEUR),
    "inloggen": Page("/inloggen"),
    "te-rapporteren-KNMP": Page("/te-rapporteren", user=AccountRole.PARTIJ_RAPPORTEUR),
    "te-rapporteren-secretariaat": Page("/te-rapporteren", user=AccountRole.SECRETARIAAT),
    "gebruikers": Page("/gebruikers", user=AccountRole.SECRETARIAAT),
    "gebruiker-nieuw": Page("/gebruikers/nieuw", user=AccountRole.SECRETARIAAT),
    "gebruiker-bewerken": Page("/gebruikers/{me}", user=AccountRole.SECRETARIAAT),
    "afspraak-3-voortgang-form": Page("/afspraken/3/voortgang", user=AccountRole.PARTIJ_RAPPORTEUR),
    "mijlpaal-voortgang-form": Page(
        f"/afspraken/3/mijlpalen/{LABEL}/voortgang", user=AccountRole.PARTIJ_RAPPORTEUR
    ),
    "mijlpaal-voortgang-form-htmx": Page(
        f"/afspraken/3/mijlpalen/{LABEL}/voortgang",
        user=AccountRole.PARTIJ_RAPPORTEUR,
        headers=HTMX,
    ),
    "mijlpaal-row-htmx": Page(
        f"/afspraken/3/mijlpalen/{LABEL}", user=AccountRole.PARTIJ_RAPPORTEUR, headers=HTMX
    ),
    "mijlpaal-plan-form": Page(
        f"/afspraken/3/mijlpalen/{LABEL}/plan", user=AccountRole.SECRETARIAAT
    ),
    "POST-mijlpaal-voortgang": Page(
        f"/afspraken/3/mijlpalen/{LABEL}/voortgang",
        user=AccountRole.PARTIJ_RAPPORTEUR,
        form=UPDATE,
        status=302,
    ),
    "POST-mijlpaal-voortgang-htmx": Page(
        f"/afspraken/3/mijlpalen/{LABEL}/voortgang",
        user=AccountRole.PARTIJ_RAPPORTEUR,
        headers=HTMX,
        form=UPDATE,
    ),
    "kamer-toezeggingen": Page("/kamer/toezeggingen?partij=KNMP&q=kamer"),
    "kamer-moties-htmx": Page("/kamer/moties?status=open", headers=HTMX),
    "kamer-motie": Page("/kamer/moties/mt-bushoff-centraal-meldpunt"),
    "kamer-kamerstukken": Page("/kamer/kamerstukken"),
    "kamer-kamerstuk": Page("/kamer/kamerstukken/nota-2026-03-23"),
    "POST-afspraak-voortgang": Page(
        "/afspraken/3/voortgang", user=AccountRole.PARTIJ_RAPPORTEUR, form=UPDATE, status=302
    ),
}

ACCOUNTS = {
    AccountRole.PARTIJ_RAPPORTEUR: ("rapporteur@knmp.nl", "Rapporteur KNMP"),
    AccountRole.SECRETARIAAT: ("secretariaat@e5.test", "Secretariaat E5"),
}


def log_in(session: Session, auth: AuthActions, role: AccountRole) -> User:
    email, name = ACCOUNTS[role]
    user = make_user(session, email=email, name=name, role=role)
    assert auth.login(email).status_code == 302
    return user


def request_counted(
    client: FlaskClient, connection: sa.Connection, page: Page, path: str
) -> list[str]:
    """The statements of one request, after an identical warm-up request (GETs only)."""
    if page.form is None:
        client.get(path, headers=page.headers)
        with count_statements(connection) as statements:
            response = client.get(path, headers=page.headers)
    else:
        data = {**page.form, "csrf_token": csrf_token(client, "/")}
        with count_statements(connection) as statements:
            response = client.post(path, data=data, headers=page.headers)
    assert response.status_code == page.status, response.get_data(as_text=True)[:2000]
    return statements


def shape(statement: str) -> str:
    """A statement in short: no column list, no placeholders, on one line."""
    short = re.sub(r"\s+", " ", statement)
    short = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", short)
    return re.sub(r"\((?:\s*(?:\?|%\(\w+\)s|__\[POSTCOMPILE_\w+\])\s*,?)+\)", "(…)", short)[:200]


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_statement_count_does_not_grow_with_the_data(
    page: Page,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    connection: sa.Connection,
    seeded: LoadReport,
) -> None:
    user = log_in(session, auth, page.user) if page.user else None
    path = page.path.format(me=user.id if user else "")

    on_seed = request_counted(client, connection, page, path)
    grow_werkagenda(session, FACTOR)
    on_grown = request_counted(client, connection, page, path)

    grew = Counter(map(shape, on_grown)) - Counter(map(shape, on_seed))
    assert len(on_seed) == len(on_grown), (
        f"{path}: {len(on_seed)} statements on the seed, {len(on_grown)} on {FACTOR}x the data; "
        "more often: " + "; ".join(f"{n}x {s}" for s, n in grew.most_common(5))
    )
    assert len(on_grown) <= MAX_STATEMENTS, f"{path}: {len(on_grown)} statements:\n" + "\n".join(
        map(shape, on_grown)
    )


def test_grown_werkagenda_is_several_times_the_seed(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    """The comparison means something only if the pages really have more to show."""

    def counts() -> dict[str, int]:
        three = session.exec(select(Afspraak.id).where(Afspraak.code == "3")).one()
        return {
            "afspraken": session.exec(select(func.count()).select_from(Afspraak)).one(),
            "mijlpalen": session.exec(select(func.count()).select_from(Mijlpaal)).one(),
            "updates": session.exec(select(func.count()).select_from(Voortgang)).one(),
            "users": session.exec(select(func.count()).select_from(User)).one(),
            "mijlpalen of 3": session.exec(
                select(func.count()).where(Mijlpaal.afspraak_id == three)
            ).one(),
            "updates on 3": session.exec(
                select(func.count()).where(Voortgang.afspraak_id == three)
            ).one(),
            "plan changes of 3": session.exec(
                select(func.count()).where(col(PlanWijziging.entity_key).startswith("3/"))
            ).one(),
        }

    before = counts()
    grow_werkagenda(session, FACTOR)
    after = counts()

    assert after["afspraken"] == FACTOR * before["afspraken"]
    for name in ("mijlpalen", "updates", "users", "mijlpalen of 3", "updates on 3"):
        assert after[name] >= FACTOR * max(before[name], 1), (name, before, after)
    assert after["plan changes of 3"] >= 10
    html = client.get("/").get_data(as_text=True)
    assert 'data-afspraak="x4-5f"' in html
    detail = client.get("/afspraken/3").get_data(as_text=True)
    assert "S4.1" in detail and "Schaalvoortgang 4." in detail
