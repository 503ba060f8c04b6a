"""The Dutch words for the tracker's coded values, one table per vocabulary.

Pure code (the derived status, the seed report), the feeds and the templates (through the views
and the template filters) all read these tables, so a word is changed in one place. Keys are the
stored values: every `StrEnum` member equals its value, so `STATUS_LABELS[Status.VERTRAAGD]`
works, and this module needs no import from the modules that read it.
"""

from typing import Final

# Progress status (`app.domain.status.Status`).
STATUS_LABELS: Final = {
    "op_schema": "Op schema",
    "aandacht_nodig": "Aandacht nodig",
    "vertraagd": "Vertraagd",
    "afgerond": "Afgerond",
    "nog_niet_gestart": "Nog niet gestart",
}

# A party's part in an afspraak (`app.domain.ownership.Rol`).
ROLE_LABELS: Final = {
    "opsteller": "Opsteller",
    "samen_met": "Samen met",
    "informeren": "Informeren",
}

# What an account may do (`app.models.AccountRole`).
ACCOUNT_ROLE_LABELS: Final = {
    "secretariaat": "Secretariaat",
    "partij_rapporteur": "Partij-rapporteur",
    "lezer": "Lezer",
}

# How exactly a planned period is known (`app.domain.periods.Precision`).
PRECISION_LABELS: Final = {
    "day": "dag",
    "month": "maand",
    "quarter": "kwartaal",
    "quarter_range": "kwartalen",
    "part_of_quarter": "deel van een kwartaal",
    "season": "seizoen",
    "part_of_year": "deel van een jaar",
    "year": "jaar",
    "unknown": "onbekend",
}

# Where a Kamer commitment stands (`app.models.CommitmentStatus`), and what kind it is.
COMMITMENT_STATUS_LABELS: Final = {
    "open": "Open",
    "deels": "Deels",
    "gestand_gedaan": "Gestand gedaan",
    "afgedaan": "Afgedaan",
    "vervallen": "Vervallen",
}
COMMITMENT_KIND_LABELS: Final = {"toezegging": "Toezegging", "motie": "Motie"}
# Where a toezegging was made (`app.models.CommitmentVenue`).
COMMITMENT_VENUE_LABELS: Final = {"debat": "In een debat", "brief": "In een brief"}
# How one commitment relates to an earlier one (`app.models.CommitmentRelationKind`): the
# first word for the newer one, the second for the earlier one it points at.
COMMITMENT_RELATION_LABELS: Final = {
    "herhaling": ("Herhaalt", "Herhaald in"),
    "wijziging": ("Wijzigt", "Gewijzigd door"),
    "aanvulling": ("Vult aan", "Aangevuld door"),
}
# What kind of document a Kamerstuk row is (`app.models.DocumentSoort`).
DOCUMENT_KIND_LABELS: Final = {
    "kamerstuk": "Kamerstuk",
    "kamervragen": "Kamervragen",
    "kamerbrief": "Kamerbrief",
    "nota": "Nota",
    "werkagenda": "Werkagenda",
}
# The register's deadline filter: the overview's periods, for a commitment's deadline.
COMMITMENT_PERIOD_LABELS: Final = {
    "dit_kwartaal": "Termijn dit kwartaal",
    "volgend_kwartaal": "Termijn volgend kwartaal",
    "te_laat": "Te laat",
}

# The overview's period filter.
PERIOD_LABELS: Final = {
    "dit_kwartaal": "Mijlpaal dit kwartaal",
    "volgend_kwartaal": "Mijlpaal volgend kwartaal",
    "te_laat": "Mijlpaal te laat",
}

# Tables as the seed report counts them (plural).
ENTITY_LABELS: Final = {
    "partij": "partijen",
    "kamerstuk": "documenten",
    "afspraak": "afspraken",
    "activiteit": "activiteiten",
    "mijlpaal": "mijlpalen",
    "toezegging": "toezeggingen",
    "motie": "moties",
    "voortgang": "voortgangsberichten",
}

# Plan fields in the words of the seed file, for the seed report; the audit table keeps the
# database field names.
FIELD_LABELS: Final = {
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
    "reference": "referentie",
    "document_date": "datum",
    "fulfil_by": "datum nakoming",
    "promised_by": "toegezegd door",
    "ministry": "ministerie",
    "debate_number": "activiteitnummer",
    "kamerstuk_number": "kamerstuknummer",
    "made_to": "toegezegd aan",
    "made_in": "gedaan in",
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

# Fields computed from another one: a new period phrase brings a new start, end and precision.
# Stored and kept in the history like any field, but readers are told of the phrase only.
DERIVED_FROM: Final = {
    "planned_start": "planned_text",
    "planned_end": "planned_text",
    "planned_precision": "planned_text",
    "due_start": "due_phrase",
    "due_end": "due_phrase",
    "due_precision": "due_phrase",
    "reference": "citation",
}

# Plan fields on the afspraak page's plan history: the seed's words plus the date parts, which
# the seed report leaves out because they follow from the period.
PLAN_FIELD_LABELS: Final = FIELD_LABELS | {
    "planned_start": "begin periode",
    "planned_precision": "precisie",
    "tk_number": "nummer Tweede Kamer",
    "afspraken": "afspraken",
}


def field_label(name: str) -> str:
    """A plan field as the secretariat knows it; an unknown field keeps its own name."""
    return PLAN_FIELD_LABELS.get(name, name)
