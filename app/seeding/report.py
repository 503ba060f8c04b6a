"""What a seed load changed, in the words of the seed file."""

from collections import Counter
from dataclasses import dataclass, field

from app.domain.labels import DERIVED_FROM, ENTITY_LABELS

# Follow from another field that is reported already. The due day stays in the report
# ("uiterlijk"): it says what the phrase was taken to mean.
DERIVED_FIELDS = {name for name in DERIVED_FROM if not name.endswith("_end")}


@dataclass
class LoadReport:
    """What a load changed (or, in a dry run, would change)."""

    created: Counter[str] = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.changes)

    def lines(self) -> list[str]:
        """The report as Dutch text lines for the command line."""
        out = []
        if self.created:
            parts = [f"{n} {ENTITY_LABELS.get(e, e)}" for e, n in self.created.items()]
            out.append("Nieuw: " + ", ".join(parts))
        out.extend(self.changes)
        if not self.has_changes:
            out.append("Geen wijzigingen: de database komt overeen met het seedbestand.")
        out.extend(f"Let op: {note}" for note in self.notes)
        return out
