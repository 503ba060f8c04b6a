"""Reading Tweede Kamer open data (app/opendata/parse.py) and matching texts."""

import json
from datetime import date

import pytest

from app.models import CommitmentRelationKind, CommitmentStatus
from app.opendata.apply import normalise_text
from app.opendata.parse import OpenDataError, read_export


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("U zegt toe: ‘voor de zomer’.", "u zegt toe voor de zomer"),
        ("De  Kamer\n wordt  geïnformeerd!", "de kamer wordt geïnformeerd"),
        ("«Geneesmiddelen weer binnen bereik»", '"geneesmiddelen weer binnen bereik"'),
        ("Wet Geneesmiddelenprijzen, en GVS", "wet geneesmiddelenprijzen en gvs"),
    ],
)
def test_normalised_texts_match(a: str, b: str) -> None:
    assert normalise_text(a) == normalise_text(b)


def test_normalising_keeps_words_apart() -> None:
    assert normalise_text("voor de zomer") != normalise_text("na de zomer")


def export(*entities: object) -> bytes:
    return json.dumps({"@odata.context": "x", "value": list(entities)}).encode()


def test_a_full_entity_is_read() -> None:
    read = read_export(
        export(
            {
                "Nummer": "TZ202603-130",
                "Tekst": "De minister zegt toe de Kamer voor de zomer te informeren.",
                "Status": "voldaan",
                "DatumNakoming": "2026-06-30T00:00:00+02:00",
                "Aanmaakdatum": "2026-03-19T17:42:13.69+01:00",
                "Naam": "Hermans, S.T.M.",
                "Functie": "minister van VWS",
                "Ministerie": "Volksgezondheid, Welzijn en Sport",
                "ActiviteitNummer": "2026A01894",
                "KamerbriefNakoming": "Kamerstuk 29 477, nr. 969",
                "ToegezegdAan": [{"Fractie": {"Afkorting": "JA21"}}],
                "IsWijzigingVan": [{"Nummer": "TZ202510-001"}],
                "IsHerhalingVan": ["TZ202509-004"],
            }
        )
    )
    (item,) = read.items
    assert item.status == CommitmentStatus.GESTAND_GEDAAN and item.status_word == "voldaan"
    assert (item.fulfil_by, item.created_on) == (date(2026, 6, 30), date(2026, 3, 19))
    assert item.promised_by == "Hermans, S.T.M., minister van VWS"
    assert item.made_to == "fractie JA21"
    assert item.letter is not None and item.letter.reference.normal == "29477-969"
    assert set(item.relations) == {
        (CommitmentRelationKind.WIJZIGING, "TZ202510-001"),
        (CommitmentRelationKind.HERHALING, "TZ202509-004"),
    }


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Openstaand", CommitmentStatus.OPEN),
        ("Voldaan", CommitmentStatus.GESTAND_GEDAAN),
        ("Afgedaan", CommitmentStatus.GESTAND_GEDAAN),
        ("Ingetrokken", CommitmentStatus.VERVALLEN),
        ("Niet nagekomen", CommitmentStatus.VERVALLEN),
    ],
)
def test_status_words(word: str, status: CommitmentStatus) -> None:
    (item,) = read_export(export({"Tekst": "x", "Status": word})).items
    assert item.status == status


def test_the_smallest_date_means_no_date() -> None:
    (item,) = read_export(
        export({"Tekst": "x", "Status": "Openstaand", "DatumNakoming": "0001-01-01T00:00:00Z"})
    ).items
    assert item.fulfil_by is None


def test_a_document_entity_gives_its_kamerstuk_number() -> None:
    letter = {"Volgnummer": 12, "Kamerstukdossier": {"Nummer": "36200", "Toevoeging": "XVI"}}
    (item,) = read_export(
        export({"Tekst": "x", "Status": "Voldaan", "KamerbriefNakoming": [letter]})
    ).items
    assert item.letter is not None and item.letter.reference.normal == "36200-XVI-12"


def test_every_bad_item_is_named() -> None:
    with pytest.raises(OpenDataError) as caught:
        read_export(export({"Nummer": "A", "Status": "Openstaand"}, {"Tekst": "x", "Status": ""}))
    assert caught.value.problems == [
        "item 1 (A): 'Tekst' ontbreekt of is leeg; een toezegging heeft een tekst",
        "item 2 (zonder Nummer): onbekende 'Status' leeg; bekend zijn 'Openstaand', 'Voldaan', "
        "'Afgedaan', 'Ingetrokken', 'Vervallen', 'Niet nagekomen'",
    ]
