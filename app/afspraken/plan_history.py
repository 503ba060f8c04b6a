"""The plan history as people read it: one entry per edit, fields that follow from another left out.

The table keeps one `PlanWijziging` row per changed field, derived fields included (append-only,
each with who, when, why and the old value); this module only groups what it reads.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.domain.labels import DERIVED_FROM
from app.models import PlanWijziging

# One edit writes all its rows in one go; a seed load of old stamped each row a moment apart.
SAME_EDIT = timedelta(seconds=5)
SUBJECTS = {"afspraak": "Afspraak", "mijlpaal": "Mijlpaal", "activiteit": "Activiteit"}


@dataclass
class PlanEntry:
    """One edit of one item: every row it stored, newest edit first in a history."""

    rows: list[PlanWijziging] = field(default_factory=list)

    @property
    def first(self) -> PlanWijziging:
        return self.rows[0]

    @property
    def changed_at(self) -> datetime:
        return self.first.changed_at

    @property
    def changed_by(self) -> str:
        return self.first.changed_by

    @property
    def reason(self) -> str:
        return self.first.reason

    @property
    def subject(self) -> str:
        """What was edited, as the page names it: "Mijlpaal B", "Afspraak 5a"."""
        entity, key = self.first.entity, self.first.entity_key
        last = key.rsplit("/", 1)[-1]
        if entity == "mijlpaal" and last.lower().startswith("mijlpaal"):
            return last  # labels written as "Mijlpaal 1" in the Werkagenda
        return f"{SUBJECTS.get(entity, entity.capitalize())} {last}"

    @property
    def shown(self) -> list[PlanWijziging]:
        """The rows a reader needs: derived fields only when their source did not change."""
        fields = {row.field for row in self.rows}
        shown = [row for row in self.rows if DERIVED_FROM.get(row.field) not in fields]
        return sorted(shown, key=lambda row: (row.field in DERIVED_FROM, row.id or 0))

    def accepts(self, row: PlanWijziging) -> bool:
        """`row` belongs to this edit: same item, person and reason, same moment, a new field."""
        first = self.first
        return (
            (row.entity, row.entity_key, row.changed_by, row.reason)
            == (first.entity, first.entity_key, first.changed_by, first.reason)
            and abs(row.changed_at - first.changed_at) <= SAME_EDIT
            and all(row.field != other.field for other in self.rows)
        )


def group_plan_changes(rows: Iterable[PlanWijziging]) -> list[PlanEntry]:
    """Rows newest first (as stored order gives them) -> one entry per edit, newest first."""
    entries: list[PlanEntry] = []
    for row in rows:
        if entries and entries[-1].accepts(row):
            entries[-1].rows.append(row)
        else:
            entries.append(PlanEntry([row]))
    return entries
