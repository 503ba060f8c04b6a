"""Backup and restore of every table as JSON lines, readable by either database.

A backup is one header line (format, schema revision, time, row counts) and one line per row,
table by table in foreign-key order. Values are JSON: dates and times as ISO text, enums as
their stored value. So a backup of the embedded SQLite restores into PostgreSQL (and back):
moving to PostgreSQL is `flask backup` on the one and `flask restore` on the other.

Restore writes only into an empty database at the same schema revision, in one transaction:
it never merges into data that is already there, and a bad file changes nothing.
"""

import enum
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import IO, Any

import sqlalchemy as sa
from sqlmodel import SQLModel

import app.models  # noqa: F401  (every table registered on SQLModel.metadata)
from app.revision import renew_token

FORMAT = "e5-werkagenda-backup"
FORMAT_VERSION = 1
BATCH = 500


class BackupError(ValueError):
    """The file cannot be restored here; the message says why and what to do."""


def tables() -> list[sa.Table]:
    """Every table of the app, parents before the tables that point at them.

    The data revision is left out: it is a cache key, and a restore makes a new one.
    """
    return [t for t in SQLModel.metadata.sorted_tables if t.name != "data_revision"]


def write_backup(connection: sa.Connection, out: IO[str], *, revision: str) -> dict[str, int]:
    """Write every row of every table to `out`; return the row count per table."""
    counts = {
        t.name: connection.scalar(sa.select(sa.func.count()).select_from(t)) or 0 for t in tables()
    }
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "revision": revision,
        "created_at": datetime.now(UTC).isoformat(),
        "counts": counts,
    }
    out.write(json.dumps(header) + "\n")
    for table in tables():
        for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns)):
            values = {key: _encode(value) for key, value in row._mapping.items()}
            out.write(json.dumps({"table": table.name, "row": values}, ensure_ascii=False) + "\n")
    return counts


def read_backup(
    lines: Iterable[str], *, revision: str
) -> tuple[dict[str, Any], Iterator[tuple[sa.Table, dict[str, Any]]]]:
    """Check the header of a backup; give it and the rows, decoded for their columns."""
    iterator = iter(lines)
    try:
        header = json.loads(next(iterator))
    except (StopIteration, json.JSONDecodeError):
        raise BackupError(
            "Dit is geen back-up van de Werkagenda-tracker (regel 1 is geen kop)."
        ) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("Dit is geen back-up van de Werkagenda-tracker (regel 1 is geen kop).")
    if header.get("version") != FORMAT_VERSION:
        raise BackupError(f"Back-upformaat {header.get('version')} wordt hier niet gelezen.")
    if header.get("revision") != revision:
        raise BackupError(
            f"De back-up is gemaakt bij databaseschema {header.get('revision')}, deze database "
            f"staat op {revision}. Zet terug met dezelfde versie van de app als de back-up."
        )
    return header, _rows(iterator)


def _rows(lines: Iterator[str]) -> Iterator[tuple[sa.Table, dict[str, Any]]]:
    by_name = {t.name: t for t in tables()}
    for number, line in enumerate(lines, start=2):
        try:
            item = json.loads(line)
            table = by_name[item["table"]]
            row = {name: _decode(table.c[name], value) for name, value in item["row"].items()}
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise BackupError(f"Regel {number} van de back-up is onleesbaar ({error!r}).") from None
        yield table, row


def restore_backup(
    connection: sa.Connection, lines: Iterable[str], *, revision: str
) -> dict[str, int]:
    """Insert a backup into this (empty) database; the caller commits. Return rows per table."""
    header, rows = read_backup(lines, revision=revision)
    filled = [
        t.name for t in tables() if connection.scalar(sa.select(sa.func.count()).select_from(t))
    ]
    if filled:
        raise BackupError(
            "De database is niet leeg (" + ", ".join(filled) + "). Zet terug in een lege database "
            "die met 'flask db upgrade' is aangemaakt."
        )
    counts: dict[str, int] = {}
    batch: list[dict[str, Any]] = []
    current: sa.Table | None = None
    for table, row in rows:
        if table is not current or len(batch) >= BATCH:
            _insert(connection, current, batch)
            current, batch = table, []
        batch.append(row)
        counts[table.name] = counts.get(table.name, 0) + 1
    _insert(connection, current, batch)
    expected = {name: n for name, n in header.get("counts", {}).items() if n}
    if counts != expected:
        raise BackupError(f"De back-up is onvolledig: verwacht {expected}, gelezen {counts}.")
    _move_id_counters(connection)
    renew_token(connection)  # caches of whatever this database held before are void
    return counts


def _insert(connection: sa.Connection, table: sa.Table | None, rows: list[dict[str, Any]]) -> None:
    if table is not None and rows:
        connection.execute(table.insert(), rows)


def _move_id_counters(connection: sa.Connection) -> None:
    # PostgreSQL hands out ids from a sequence that an insert with explicit ids does not move;
    # without this the first new row after a restore would collide. SQLite takes max(id) + 1.
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        [*keys] = table.primary_key.columns
        if len(keys) != 1 or not isinstance(keys[0].type, sa.Integer):
            continue  # composite or text keys have no sequence
        highest = connection.scalar(sa.select(sa.func.max(keys[0]))) or 0
        connection.execute(
            sa.text("SELECT setval(pg_get_serial_sequence(:table, :column), :next, false)"),
            {"table": table.name, "column": keys[0].name, "next": highest + 1},
        )


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decode(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    # A TypeDecorator (SQLModel's UTCDateTime) says `object`; the type it wraps knows better.
    base = kind.impl_instance if isinstance(kind, sa.types.TypeDecorator) else kind
    try:
        python_type = base.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if isinstance(python_type, type) and issubclass(python_type, enum.Enum):
        return python_type(value)
    return value
