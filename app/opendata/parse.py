"""Read an OData v4 export of `Toezegging` entities (gegevensmagazijn.tweedekamer.nl) into plain
records, or refuse the file with every problem named by item. Pure: no Flask, no session.

The shape is `{"@odata.context": ..., "value": [{...}, ...]}`; docs/kamer-open-data.md lists the
fields read and how the Kamer's status words map to ours.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.references import Reference, find_reference
from app.models import CommitmentRelationKind, CommitmentStatus

# The Kamer's words (compared case-insensitively). A toezegging the Kamer marks "Afgedaan" is
# fulfilled, as in 001 ("U doet de toezegging ... af" under "gestand"); "Niet nagekomen" closes
# it without fulfilment, which our register calls vervallen (the word is kept in the reason).
STATUS_WORDS: dict[str, CommitmentStatus] = {
    "openstaand": CommitmentStatus.OPEN,
    "voldaan": CommitmentStatus.GESTAND_GEDAAN,
    "afgedaan": CommitmentStatus.GESTAND_GEDAAN,
    "ingetrokken": CommitmentStatus.VERVALLEN,
    "vervallen": CommitmentStatus.VERVALLEN,
    "niet nagekomen": CommitmentStatus.VERVALLEN,
}
RELATIONS = {
    "IsHerhalingVan": CommitmentRelationKind.HERHALING,
    "IsWijzigingVan": CommitmentRelationKind.WIJZIGING,
    "IsAanvullingOp": CommitmentRelationKind.AANVULLING,
}
# The OData service writes an empty DatumNakoming as the smallest .NET date.
_EMPTY_DATE = "0001-01-01"
_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$")
MAX_TEXT = {"Naam en Functie": 200, "Ministerie": 200, "ActiviteitNummer": 40, "Nummer": 40}


@dataclass(frozen=True)
class Kamerbrief:
    """The letter that fulfilled a toezegging (KamerbriefNakoming)."""

    reference: Reference
    citation: str
    document_date: date | None = None


@dataclass(frozen=True)
class OpenToezegging:
    """One Toezegging entity as the import uses it."""

    index: int  # 1-based position in `value`, as the messages name it
    number: str | None
    text: str
    status_word: str
    status: CommitmentStatus
    fulfil_by: date | None = None
    ministry: str = ""
    promised_by: str = ""
    debate_number: str | None = None
    made_to: str | None = None
    created_on: date | None = None
    letter: Kamerbrief | None = None
    relations: tuple[tuple[CommitmentRelationKind, str], ...] = ()

    @property
    def label(self) -> str:
        """How a message names the item: its position and its Nummer."""
        return f"item {self.index} ({self.number or 'zonder Nummer'})"


@dataclass
class Export:
    """A read file: the toezeggingen, and what was passed over (deleted rows, other entities)."""

    items: list[OpenToezegging] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class OpenDataError(ValueError):
    """A file that cannot be imported; `problems` says what to fix where, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def read_export(raw: bytes) -> Export:
    """The toezeggingen in an OData export; raise OpenDataError naming every bad item."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise OpenDataError(["het bestand is geen tekst (UTF-8); exporteer het als JSON"]) from None
    except json.JSONDecodeError as exc:
        raise OpenDataError(
            [f"het bestand is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}: {exc.msg})"]
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("value"), list):
        raise OpenDataError(
            [
                "geen OData-export: het bestand moet een object zijn met een lijst 'value' "
                '({"@odata.context": ..., "value": [...]})'
            ]
        )
    export = Export()
    problems: list[str] = []
    numbers: dict[str, int] = {}
    for index, entity in enumerate(data["value"], start=1):
        if not isinstance(entity, dict):
            problems.append(f"item {index}: geen object met velden maar {type(entity).__name__}")
            continue
        number = _text(entity.get("Nummer")) or None
        where = f"item {index} ({number or 'zonder Nummer'})"
        if entity.get("Verwijderd") is True:
            export.skipped.append(f"{where}: overgeslagen, in de open data verwijderd")
            continue
        if "Soort" in entity:
            # A Zaak (a motie has Soort "Motie"); this import reads toezeggingen only.
            soort = _text(entity.get("Soort")) or "onbekend"
            export.skipped.append(
                f"{where}: overgeslagen, een Zaak (Soort {soort}); alleen toezeggingen worden "
                "ingelezen, leg moties vast in het register"
            )
            continue
        item_problems: list[str] = []
        item = _read_item(index, number, entity, item_problems)
        if number is not None and number in numbers:
            item_problems.append(f"Nummer {number} staat ook bij item {numbers[number]}")
        if number is not None:
            numbers[number] = index
        problems.extend(f"{where}: {p}" for p in item_problems)
        if item is not None and not item_problems:
            export.items.append(item)
    if problems:
        raise OpenDataError(problems)
    return export


def _read_item(
    index: int, number: str | None, entity: dict[str, Any], problems: list[str]
) -> OpenToezegging | None:
    text = _text(entity.get("Tekst"))
    if not text:
        problems.append("'Tekst' ontbreekt of is leeg; een toezegging heeft een tekst")
    word = _text(entity.get("Status"))
    status = STATUS_WORDS.get(word.casefold())
    if status is None:
        known = ", ".join(f"'{w.capitalize()}'" for w in STATUS_WORDS)
        shown = f"'{word}'" if word else "leeg"
        problems.append(f"onbekende 'Status' {shown}; bekend zijn {known}")
    fulfil_by = _date(entity.get("DatumNakoming"), "DatumNakoming", problems)
    created_on = _date(entity.get("Aanmaakdatum"), "Aanmaakdatum", problems)
    who = (_text(entity.get("Naam")), _text(entity.get("Functie")))
    promised_by = ", ".join(p for p in who if p)
    values = {
        "Nummer": number or "",
        "Naam en Functie": promised_by,
        "Ministerie": _text(entity.get("Ministerie")),
        "ActiviteitNummer": _text(entity.get("ActiviteitNummer")),
    }
    for name, value in values.items():
        if len(value) > MAX_TEXT[name]:
            problems.append(f"'{name}' is langer dan {MAX_TEXT[name]} tekens")
    letter = _letter(entity.get("KamerbriefNakoming"), problems)
    relations = _relations(entity, problems)
    if problems or status is None:
        return None
    return OpenToezegging(
        index=index,
        number=number,
        text=text,
        status_word=word,
        status=status,
        fulfil_by=fulfil_by,
        ministry=values["Ministerie"],
        promised_by=promised_by,
        debate_number=values["ActiviteitNummer"] or None,
        made_to=_made_to(entity.get("ToegezegdAan")),
        created_on=created_on,
        letter=letter,
        relations=relations,
    )


def _text(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _date(value: Any, name: str, problems: list[str]) -> date | None:
    if value is None or value == "":
        return None
    m = _DATE_RE.match(value) if isinstance(value, str) else None
    if m is None:
        problems.append(f"'{name}' {value!r} is geen datum; schrijf bijvoorbeeld 2026-06-30")
        return None
    if m[1] == _EMPTY_DATE:
        return None
    try:
        return datetime.strptime(m[1], "%Y-%m-%d").date()
    except ValueError:
        problems.append(f"'{name}' {value!r} bestaat niet als datum; controleer dag en maand")
        return None


def _entities(value: Any) -> list[Any]:
    """A navigation property: expanded as a list, as one object, or absent."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _letter(value: Any, problems: list[str]) -> Kamerbrief | None:
    """KamerbriefNakoming: a reference as text, or the expanded Document entity."""
    named = False
    for entity in _entities(value):
        if isinstance(entity, str) and entity.strip():
            named = True
            if (reference := find_reference(entity)) is not None:
                return Kamerbrief(reference=reference, citation=" ".join(entity.split()))
        elif isinstance(entity, dict):
            named = True
            reference, citation = _document_reference(entity)
            if reference is not None:
                day = _date(entity.get("Datum"), "KamerbriefNakoming.Datum", problems)
                return Kamerbrief(reference=reference, citation=citation, document_date=day)
    if named:
        problems.append(
            "'KamerbriefNakoming' noemt geen herkenbaar Kamerstuk; schrijf bijvoorbeeld "
            "'Kamerstuk 29477, nr. 969' of geef Kamerstukdossier en Volgnummer"
        )
    return None


def _document_reference(entity: dict[str, Any]) -> tuple[Reference | None, str]:
    """A Document's Kamerstuk number: its dossier and Volgnummer, else one named in its title."""
    title = _text(entity.get("Titel")) or _text(entity.get("Onderwerp"))
    number = entity.get("Volgnummer")
    for dossier in _entities(entity.get("Kamerstukdossier")):
        if isinstance(dossier, dict) and dossier.get("Nummer") and number:
            suffix = _text(dossier.get("Toevoeging"))
            cited = f"{_text(dossier['Nummer'])}{' ' + suffix if suffix else ''}, nr. {number}"
            reference = find_reference(cited)
            if reference is not None:
                return reference, f"Kamerstuk {cited}" + (f": {title}" if title else "")
    for name in ("Citeertitel", "Titel", "Onderwerp"):
        text = _text(entity.get(name))
        if text and (reference := find_reference(text)) is not None:
            return reference, text
    return None, title


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _made_to(value: Any) -> str | None:
    """ToegezegdAan as text: a member and fraction, a fraction, or what the file wrote."""
    names = []
    for entity in _entities(value):
        if isinstance(entity, str) and entity.strip():
            names.append(" ".join(entity.split()))
        elif isinstance(entity, dict):
            persoon = _object(entity.get("Persoon"))
            fractie = _object(entity.get("Fractie"))
            parts = (_text(persoon.get("Tussenvoegsel")), _text(persoon.get("Achternaam")))
            person = " ".join(p for p in parts if p)
            party = _text(fractie.get("Afkorting")) or _text(fractie.get("NaamNL"))
            if person:
                names.append(f"lid {person}" + (f" ({party})" if party else ""))
            elif party:
                names.append(f"fractie {party}")
    text = "; ".join(names)
    return text[:200] if text else None


def _relations(
    entity: dict[str, Any], problems: list[str]
) -> tuple[tuple[CommitmentRelationKind, str], ...]:
    found: list[tuple[CommitmentRelationKind, str]] = []
    for name, kind in RELATIONS.items():
        for target in _entities(entity.get(name)):
            number = _text(target.get("Nummer")) if isinstance(target, dict) else _text(target)
            if not number:
                problems.append(f"'{name}' noemt een toezegging zonder Nummer")
                continue
            found.append((kind, number))
    return tuple(found)
