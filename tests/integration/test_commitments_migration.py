"""Migration 0005 on a filled database: toezeggingen and moties move into one table with their
links and history keys, and progress updates learn where they came from and who recorded them."""

import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from icalendar import Calendar

from app import create_app
from app.cli import alembic_config
from app.config import TestConfig
from app.feeds.events import commitment_uid
from tests.icalendar_checks import whole
from tests.migration_rows import rows_at_revision

STAMP = "'2026-01-01 00:00:00'"
COMMITMENT_COLUMNS = (
    "key, text, members, origin, due_text, due_phrase, due_end, due_precision, status, remarks, "
    "created_at"
)
VAN_DEN_BERG = json.dumps([{"name": "Van den Berg", "fraction": "CDA"}])
BUSHOFF = json.dumps([{"name": "Bushoff", "fraction": "GroenLinks-PvdA"}])
ROWS = [
    "INSERT INTO afspraak (id, code, position, title, agreement_text, goal, result, context, "
    "attention_points, monitoring, existing_initiatives, remarks, opsteller_note, samen_met_note, "
    "informeren_note) VALUES (9501, 'm5', 99, 'Migratietest', 'x', '', '', '', '', '', '', '', '', "
    "'', '')",
    "INSERT INTO kamerstuk (id, key, kind, citation, title) VALUES "
    "(9501, 'ks-migratie', 'kamerbrief', 'Kamerbrief migratie', '')",
    f"INSERT INTO toezegging (id, {COMMITMENT_COLUMNS}, status_source_id) VALUES "
    f"(9501, 'tz-migratie-a', 'Toezegging A', '{VAN_DEN_BERG}',"
    f" 'debat', 'voor de zomer', 'Q2-2026', '2026-06-30', 'quarter', 'open', '', {STAMP}, NULL), "
    f"(9502, 'tz-migratie-b', 'Toezegging B', '[]', '', '', '', NULL, 'unknown', 'gestand_gedaan', "
    f"'', {STAMP}, 9501)",
    f"INSERT INTO motie (id, {COMMITMENT_COLUMNS}, status_source_id) VALUES "
    f"(9501, 'mt-migratie', 'Motie M', '{BUSHOFF}',"
    f" '', '', 'Q3-2026', '2026-09-30', 'quarter', 'afgedaan', '', {STAMP}, 9501)",
    "INSERT INTO toezeggingafspraak (toezegging_id, afspraak_id) VALUES (9501, 9501), (9502, 9501)",
    "INSERT INTO toezeggingkamerstuk (toezegging_id, kamerstuk_id) VALUES (9502, 9501)",
    "INSERT INTO motieafspraak (motie_id, afspraak_id) VALUES (9501, 9501)",
    "INSERT INTO motiekamerstuk (motie_id, kamerstuk_id) VALUES (9501, 9501)",
    # Two history lines on the motie: its feed event counts them (SEQUENCE 4), before and after.
    "INSERT INTO planwijziging (changed_at, changed_by, reason, entity, entity_key, field, "
    f"old_value, new_value) VALUES ({STAMP}, 'test', 'r', 'motie', 'mt-migratie', 'text', 'a', "
    f"'b'), ({STAMP}, 'test', 'r', 'motie', 'mt-migratie', 'status', 'open', 'afgedaan')",
    "INSERT INTO app_user (id, email, name, password_hash, role, active, created_at) VALUES "
    f"(9501, 'enkel@example.nl', 'Enkel', 'x', 'lezer', true, {STAMP}), "
    f"(9502, 'dubbel1@example.nl', 'Dubbel', 'x', 'lezer', true, {STAMP}), "
    f"(9503, 'dubbel2@example.nl', 'Dubbel', 'x', 'lezer', true, {STAMP})",
    "INSERT INTO voortgang (id, afspraak_id, seed_key, recorded_at, recorded_by, effective_date, "
    "public_text, internal_note, forecast_text) VALUES "
    f"(9501, 9501, 'vg-migratie', {STAMP}, 'flask seed load', '2026-01-01', 'zaad', '', ''), "
    f"(9502, 9501, NULL, {STAMP}, 'Enkel', '2026-01-01', 'formulier', '', ''), "
    f"(9503, 9501, NULL, {STAMP}, 'Dubbel', '2026-01-01', 'twee namen', '', ''), "
    f"(9504, 9501, NULL, {STAMP}, 'Weg', '2026-01-01', 'geen account', '', '')",
]
CLEANUP = [
    "DELETE FROM voortgang WHERE id BETWEEN 9501 AND 9504",
    "DELETE FROM app_user WHERE id BETWEEN 9501 AND 9503",
    "DELETE FROM planwijziging WHERE entity_key = 'mt-migratie'",
    "DELETE FROM kamer_commitment_afspraak WHERE afspraak_id = 9501",
    "DELETE FROM kamer_commitment_kamerstuk WHERE kamerstuk_id = 9501",
    # Migration 0008 starts a status history for every commitment.
    "DELETE FROM kamer_status_wijziging WHERE commitment_id IN (SELECT id FROM kamer_commitment "
    "WHERE key IN ('tz-migratie-a', 'tz-migratie-b', 'mt-migratie', 'mt-migratie-nieuw'))",
    "DELETE FROM kamer_commitment WHERE key IN ('tz-migratie-a', 'tz-migratie-b', 'mt-migratie', "
    "'mt-migratie-nieuw')",
    "DELETE FROM kamerstuk WHERE id = 9501",
    "DELETE FROM afspraak WHERE id = 9501",
]


def _feed_events(database_url: str) -> dict[str, dict[str, str]]:
    app = create_app(TestConfig, DATABASE_URL=database_url)
    response = app.test_client().get(whole("/agenda/toezeggingen.ics"))  # however old
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    app.extensions["e5_engine"].dispose()
    return {
        str(e["UID"]): {"summary": str(e["SUMMARY"]), "sequence": str(e.get("SEQUENCE", 0))}
        for e in calendar.walk("VEVENT")
    }


@pytest.fixture
def at_0004_with_rows(engine: sa.Engine, database_url: str) -> Iterator[None]:
    with rows_at_revision(engine, database_url, "0004", ROWS, CLEANUP):
        yield


def test_upgrade_carries_commitments_links_and_progress_sources(
    engine: sa.Engine, database_url: str, at_0004_with_rows: None
) -> None:
    command.upgrade(alembic_config(database_url), "head")
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT id, kind, key, status, members, due_end, status_source_id "
                "FROM kamer_commitment WHERE key LIKE '%-migratie%' ORDER BY key"
            )
        ).all()
        links = connection.execute(
            sa.text(
                "SELECT c.key, l.afspraak_id FROM kamer_commitment_afspraak l "
                "JOIN kamer_commitment c ON c.id = l.commitment_id ORDER BY c.key"
            )
        ).all()
        documents = connection.execute(
            sa.text(
                "SELECT c.key FROM kamer_commitment_kamerstuk l "
                "JOIN kamer_commitment c ON c.id = l.commitment_id ORDER BY c.key"
            )
        ).all()
        progress = connection.execute(
            sa.text(
                "SELECT id, recorded_via, recorded_ref, recorded_by_id, recorded_by FROM voortgang "
                "WHERE id BETWEEN 9501 AND 9504 ORDER BY id"
            )
        ).all()
        tables = set(sa.inspect(connection).get_table_names())

    # Toezeggingen keep their ids; the motie follows the highest toezegging id.
    assert [(r.id, r.kind, r.key, r.status) for r in rows] == [
        (19003, "motie", "mt-migratie", "afgedaan"),
        (9501, "toezegging", "tz-migratie-a", "open"),
        (9502, "toezegging", "tz-migratie-b", "gestand_gedaan"),
    ]
    members = rows[1].members  # text on SQLite, decoded by the PostgreSQL driver
    assert (json.loads(members) if isinstance(members, str) else members) == [
        {"name": "Van den Berg", "fraction": "CDA"}
    ]
    assert [r.status_source_id for r in rows] == [9501, None, 9501]
    assert links == [("mt-migratie", 9501), ("tz-migratie-a", 9501), ("tz-migratie-b", 9501)]
    assert documents == [("mt-migratie",), ("tz-migratie-b",)]
    assert not tables & {"toezegging", "motie", "toezeggingafspraak", "motiekamerstuk"}

    # Seeded: source seed with its key; form: linked to the account only when one has the name.
    assert [tuple(p) for p in progress] == [
        (9501, "seed", "vg-migratie", None, "flask seed load"),
        (9502, "form", None, 9501, "Enkel"),
        (9503, "form", None, None, "Dubbel"),
        (9504, "form", None, None, "Weg"),
    ]

    # The feed event of each carried row keeps its UID and its SEQUENCE (history by kind and key).
    events = _feed_events(database_url)
    motie = events[commitment_uid("motie", "mt-migratie")]
    assert motie["summary"].startswith("E5 Motie Bushoff (GroenLinks-PvdA) (afgedaan): Motie M")
    assert motie["sequence"] == "4"
    assert commitment_uid("toezegging", "tz-migratie-a") in events

    # A row added after the migration gets a fresh id (PostgreSQL's sequence moved past them).
    with engine.begin() as connection:
        new_id = connection.execute(
            sa.text(
                "INSERT INTO kamer_commitment (kind, key, text, members, origin, due_text, "
                "due_phrase, due_precision, status, remarks, created_at) VALUES ('motie', "
                f"'mt-migratie-nieuw', 't', '[]', '', '', '', 'unknown', 'open', '', {STAMP}) "
                "RETURNING id"
            )
        ).scalar_one()
    assert new_id > 19003


def test_downgrade_puts_commitments_back_in_their_own_tables(
    engine: sa.Engine, database_url: str, at_0004_with_rows: None
) -> None:
    config = alembic_config(database_url)
    command.upgrade(config, "head")
    command.downgrade(config, "0004")
    with engine.connect() as connection:
        toezeggingen = connection.exec_driver_sql(
            "SELECT id, key FROM toezegging WHERE id IN (9501, 9502) ORDER BY id"
        ).all()
        moties = connection.exec_driver_sql(
            "SELECT m.key, l.afspraak_id FROM motie m JOIN motieafspraak l ON l.motie_id = m.id"
        ).all()
        columns = {c["name"] for c in sa.inspect(connection).get_columns("voortgang")}
    assert toezeggingen == [(9501, "tz-migratie-a"), (9502, "tz-migratie-b")]
    assert moties == [("mt-migratie", 9501)]
    assert "recorded_via" not in columns
