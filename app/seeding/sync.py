"""The shared state of one seed load and the generic way rows are brought in line with the file.

Rows are found by their stable keys and updated in place; every changed field is recorded as a
PlanWijziging with its old value. Rows that left the file are marked removed, never deleted.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from sqlmodel import Session, SQLModel

from app.domain.labels import FIELD_LABELS
from app.domain.periods import Period, Precision
from app.models import PlanWijziging, utcnow
from app.seeding.report import DERIVED_FIELDS, LoadReport
from app.seeding.validate import ValidSeed

CHANGED_BY = "flask seed load"

Row = TypeVar("Row", bound=SQLModel)
Link = TypeVar("Link", bound=SQLModel)


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
        self, entity: str, key: str, row: Row | None, model: type[Row], values: dict[str, Any]
    ) -> Row:
        """Insert the row, or update the fields that differ and record each change."""
        if row is None:
            self._new_rows.add((entity, key))
            row = model(**values)
            self.session.add(row)
            self.report.created[entity] += 1
            return row
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
        wanted: Sequence[Link],
        describe: Callable[[Sequence[Link]], str],
    ) -> None:
        """Replace a set of link rows when it differs from the wanted one, recording old and new."""
        old_text = describe(existing)
        new_text = describe(wanted)
        if old_text == new_text:
            return
        for row in existing:
            self.session.delete(row)
        self.session.flush()
        self.session.add_all(wanted)
        # A brand-new row's links are part of its creation, not a change worth a history line.
        if existing or (entity, key) not in self._new_rows:
            self.audit(entity, key, field_name, old_text or None, new_text or None)

    def partij_list(self, ids: Iterable[int]) -> str:
        """Party codes for ids, as a link set is described in the history."""
        return ", ".join(self.partij_codes[i] for i in ids)


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
