"""What a seed load changed, in the words of the seed file."""

from collections import Counter
from dataclasses import dataclass, field

ENTITY_LABELS = {
    "partij": "partijen",
    "kamerstuk": "documenten",
    "afspraak": "afspraken",
    "activiteit": "activiteiten",
    "mijlpaal": "mijlpalen",
    "toezegging": "toezeggingen",
    "motie": "moties",
    "voortgang": "voortgangsberichten",
}


# Report changes in the words of the seed file; the audit table keeps the database field names.
FIELD_LABELS = {
    "name": "naam",
    "kind": "soort",
    "aliases": "aliassen",
    "title": "titel",
    "agreement_text": "tekst",
    "text": "tekst",
    "goal": "doel",
    "result": "resultaat",
    "attention_points": "aandachtspunten",
    "existing_initiatives": "initiatieven",
    "remarks": "opmerkingen",
    "opsteller_note": "opsteller.tekst",
    "samen_met_note": "samen_met.tekst",
    "informeren_note": "informeren.tekst",
    "partijen_note": "partijen_tekst",
    "planned_text": "periode",
    "planned_end": "uiterlijk",
    "citation": "citatie",
    "document_date": "datum",
    "members": "leden",
    "origin": "herkomst",
    "origin_date": "herkomst_datum",
    "due_text": "termijn_tekst",
    "due_phrase": "termijn",
    "due_end": "termijn uiterlijk",
    "status_source_id": "status_bron",
    "parent_id": "hoort bij afspraak",
    "position": "volgorde",
    "removed_at": "verwijderd",
}
# Follow from another field that is reported already (the phrase and its due date).
DERIVED_FIELDS = {"planned_start", "planned_precision", "due_start", "due_precision"}


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
