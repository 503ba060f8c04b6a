"""The shared state of one seed load and the generic way rows are brought in line with the file.

Rows are found by their stable keys and updated in place; every changed field is recorded as a
PlanWijziging with its old value. Rows that left the file are marked removed, never deleted.

New rows are not built as ORM objects: they are inserted in one statement per table (`insert`),
with the values and defaults `model(**values)` would have had. At 50 times the seed a first load
creates some 60,000 rows, and building and flushing them one object at a time took most of it.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

import psycopg
import psycopg.sql
import sqlalchemy as sa
from pydantic_core import PydanticUndefined
from sqlmodel import Session, SQLModel

from app.domain.labels import FIELD_LABELS
from app.domain.periods import Period, Precision
from app.models import PlanWijziging, utcnow
from app.revision import mark_changed
from app.seeding.report import DERIVED_FIELDS, LoadReport
from app.seeding.validate import ValidSeed

CHANGED_BY = "flask seed load"

Row = TypeVar("Row", bound=SQLModel)
Link = TypeVar("Link", bound=SQLModel)
Values = dict[str, Any]


class Removable(Protocol):
    removed_at: datetime | None


class SeedSync:
    """One load: the session, the checked seed, the report, and the ids of rows loaded so far."""

    def __init__(self, session: Session, seed: ValidSeed, reason: str) -> None:
        self.session = session
        self.seed = seed
        self.reason = reason
        self.now = utcnow()
        self.report = LoadReport()
        self.partij_ids: dict[str, int] = {}
        self.partij_codes: dict[int, str] = {}
        self.afspraak_ids: dict[str, int] = {}
        # Every afspraak's code by id, removed ones too: what hung under a removed afspraak is
        # recorded under its code, the stable key the feeds and history look for.
        self.afspraak_codes: dict[int, str] = {}
        self.kamerstuk_ids: dict[str, int] = {}
        self.document_dates: dict[int, date | None] = {}
        self._new_rows: set[tuple[str, str]] = set()

    def audit(self, entity: str, key: str, field_name: str, old: Any, new: Any) -> None:
        """Record one changed field in the plan history and in the report."""
        self.session.add(
            PlanWijziging(
                changed_by=CHANGED_BY,
                reason=self.reason,
                entity=entity,
                entity_key=key,
                field=field_name,
                old_value=_display(old),
                new_value=_display(new),
            )
        )
        if field_name in DERIVED_FIELDS:
            return
        label = FIELD_LABELS.get(field_name, field_name)
        shown_old, shown_new = _short(_display(old)), _short(_display(new))
        self.report.changes.append(f"Gewijzigd: {entity} {key}, {label}: {shown_old} → {shown_new}")

    def sync(
        self, entity: str, key: str, row: Row | None, model: type[Row], values: Values
    ) -> Row | None:
        """Update the fields that differ and record each change; a new row is only counted here
        and returned as None: the caller inserts it (`insert`) with the others of its table."""
        if row is None:
            self._new_rows.add((entity, key))
            self.report.created[entity] += 1
            return None
        for name, new in values.items():
            old = getattr(row, name)
            if old != new:
                setattr(row, name, new)
                self.audit(entity, key, name, old, new)
        removed_at = getattr(row, "removed_at", None)
        if removed_at is not None:
            self.audit(entity, key, "removed_at", removed_at, None)
            setattr(row, "removed_at", None)  # noqa: B010  (not every table has the column)
        return row

    def insert(self, model: type[SQLModel], rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert new rows in one statement, each with the defaults `model(**values)` gets."""
        if not rows:
            return
        fixed, factories = _defaults(model)
        complete = []
        for values in rows:
            row = dict(fixed)
            for name, factory in factories:
                if name not in values:
                    row[name] = factory()
            row.update(values)
            complete.append(row)
        table: sa.Table = model.__table__  # type: ignore[attr-defined]
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            _copy(connection, table, complete)
            mark_changed(self.session)  # COPY passes the ORM, which renews the token otherwise
        else:
            self.session.execute(sa.insert(table), complete)

    def mark_removed(self, entity: str, rows: Iterable[tuple[str, Removable]]) -> None:
        """Mark rows that left the file as removed (once), recording when."""
        for key, row in rows:
            if row.removed_at is None:
                row.removed_at = self.now
                self.audit(entity, key, "removed_at", None, self.now)

    def sync_link_set(
        self,
        entity: str,
        key: str,
        field_name: str,
        existing: Sequence[Link],
        wanted: Sequence[Values],
        describe: Callable[[Sequence[Any]], str],
        new_links: list[Values],
    ) -> None:
        """Replace a set of link rows when it differs from the wanted one, recording old and new.

        `wanted` holds the values of the link rows (`describe` reads them as it reads rows,
        by attribute); the ones to insert are added to `new_links`, for one insert per table.
        """
        old_text = describe(existing)
        new_text = describe([_Values(v) for v in wanted])
        if old_text == new_text:
            return
        if existing:
            for row in existing:
                self.session.delete(row)
            self.session.flush()
        new_links.extend(wanted)
        # A brand-new row's links are part of its creation, not a change worth a history line.
        if existing or (entity, key) not in self._new_rows:
            self.audit(entity, key, field_name, old_text or None, new_text or None)

    def partij_list(self, ids: Iterable[int]) -> str:
        """Party codes for ids, as a link set is described in the history."""
        return ", ".join(self.partij_codes[i] for i in ids)


class _Values:
    """A link row's values, read by attribute like the row they will become."""

    __slots__ = ("_values",)

    def __init__(self, values: Values) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None


def _copy(connection: sa.Connection, table: sa.Table, rows: Sequence[Values]) -> None:
    """PostgreSQL's COPY, in the load's transaction, with the values SQLAlchemy would bind.

    An executemany sends one statement per row through psycopg's pipeline (2.5 s for the 78,000
    new rows at 50 times the seed); multi-row VALUES is slower still, as psycopg parses each
    statement anew. COPY takes them in one stream.
    """
    dialect = connection.dialect
    columns = [c for c in table.columns if c.name in rows[0]]
    processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    names = [c.name for c in columns]
    statement = psycopg.sql.SQL("COPY {} ({}) FROM STDIN").format(
        psycopg.sql.Identifier(table.name),
        psycopg.sql.SQL(", ").join(psycopg.sql.Identifier(n) for n in names),
    )
    dbapi_connection = connection.connection.dbapi_connection
    assert isinstance(dbapi_connection, psycopg.Connection)
    with dbapi_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                [
                    value if process is None else process(value)
                    for value, process in zip((row[n] for n in names), processors, strict=True)
                ]
            )


_DEFAULTS: dict[type[SQLModel], tuple[Values, list[tuple[str, Callable[[], Any]]]]] = {}


def _defaults(model: type[SQLModel]) -> tuple[Values, list[tuple[str, Callable[[], Any]]]]:
    """The model's field defaults: fixed values, and factories called anew for every row."""
    if model not in _DEFAULTS:
        fixed: Values = {}
        factories: list[tuple[str, Callable[[], Any]]] = []
        for name, info in model.model_fields.items():
            if info.default_factory is not None:
                factories.append((name, info.default_factory))  # type: ignore[arg-type]
            elif info.default is not PydanticUndefined and not (
                name == "id" and info.default is None
            ):
                fixed[name] = info.default
        _DEFAULTS[model] = (fixed, factories)
    return _DEFAULTS[model]


def planned(period: Period | None) -> dict[str, Any]:
    """The planned_* fields of a period (or of none)."""
    return {
        "planned_text": period.text if period else "",
        "planned_start": period.start if period else None,
        "planned_end": period.end if period else None,
        "planned_precision": period.precision if period else Precision.UNKNOWN,
    }


def _display(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _short(text: str | None, limit: int = 80) -> str:
    if text is None:
        return "(leeg)"
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
