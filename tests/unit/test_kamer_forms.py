"""The register's forms: what a typed toezegging or motie becomes, and what is refused."""

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from app.domain.periods import Precision
from app.kamer.forms import (
    CommitmentInput,
    new_key,
    parse_commitment_form,
    parse_status_form,
)
from app.models import CommitmentKind, DocumentSoort, Kamerstuk

LETTER = Kamerstuk(
    key="kv-2025Z01234",
    kind=DocumentSoort.KAMERVRAGEN,
    reference="2025Z01234",
    citation="2025Z01234",
    document_date=date(2025, 11, 3),
)


def parse(
    kind: CommitmentKind = CommitmentKind.TOEZEGGING, **form: str
) -> tuple[CommitmentInput, dict[str, str]]:
    return parse_commitment_form(
        MultiDict({"text": "Een tekst.", **form}),
        kind=kind,
        afspraak_codes={"3", "6"},
        documents={LETTER.key: LETTER},
        needs_reason=False,
    )


@pytest.mark.parametrize(
    ("form", "end", "precision"),
    [
        # The year of the document wins over the date typed beside it.
        (
            {
                "due_text": "in het derde kwartaal",
                "document": LETTER.key,
                "origin_date": "2026-01-05",
            },
            date(2025, 9, 30),
            Precision.QUARTER,
        ),
        ({"due_text": "voor de zomer", "origin_date": "2026-01-05"}, date(2026, 6, 30), None),
        ({"due_text": "eind dit jaar", "origin_date": "11 maart 2026"}, date(2026, 12, 31), None),
        ({"due_text": "Q1-2027"}, date(2027, 3, 31), Precision.QUARTER),
        (
            {"due_text": "in het eerste kwartaal van het nieuwe jaar", "document": LETTER.key},
            date(2026, 3, 31),
            Precision.QUARTER,
        ),
    ],
)
def test_a_deadline_is_read_in_the_year_of_its_document(
    form: dict[str, str], end: date, precision: Precision | None
) -> None:
    value, errors = parse(**form)
    assert errors == {}
    assert value.due is not None and value.due.end == end
    assert precision is None or value.due.precision is precision
    assert value.due.text == form["due_text"]


def test_members_and_the_motie_kamerstuk_are_normalised() -> None:
    value, errors = parse(
        CommitmentKind.MOTIE,
        members="Bushoff (GroenLinks-PvdA)\n\n  Tielen   (VVD) \nSlootweg",
        kamerstuk_number="29 477, nr. 969",
        made_to="genegeerd bij een motie",
    )
    assert errors == {}
    assert value.members == [
        {"name": "Bushoff", "fraction": "GroenLinks-PvdA"},
        {"name": "Tielen", "fraction": "VVD"},
        {"name": "Slootweg", "fraction": ""},
    ]
    assert value.kamerstuk_reference == "29477-969"
    assert value.made_to == ""  # a motie has no addressee


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"text": "  "}, "text"),
        ({"due_text": "in het derde kwartaal"}, "due_text"),  # no year anywhere
        ({"due_text": "binnenkort"}, "due_text"),
        ({"afspraken": "12"}, "afspraken"),
        ({"origin_date": "2026-13-01"}, "origin_date"),
        ({"origin_date": "1999-01-01"}, "origin_date"),
        ({"made_in": "telefoon"}, "made_in"),
        ({"members": "(VVD)"}, "members"),
        ({"document": "onbekend"}, "document"),
        ({"made_to": "x" * 201}, "made_to"),
    ],
)
def test_bad_fields_get_a_message(form: dict[str, str], field: str) -> None:
    _, errors = parse(**form)
    assert field in errors and errors[field]


def test_a_motie_kamerstuk_must_be_a_reference() -> None:
    _, errors = parse(CommitmentKind.MOTIE, kamerstuk_number="de motie van vorige week")
    assert "geen herkenbare verwijzing" in errors["kamerstuk_number"]


def test_an_edit_needs_a_reason() -> None:
    _, errors = parse_commitment_form(
        MultiDict({"text": "Tekst."}),
        kind=CommitmentKind.TOEZEGGING,
        afspraak_codes=set(),
        documents={},
        needs_reason=True,
    )
    assert set(errors) == {"reason"}


def test_new_keys_follow_the_seed_and_are_never_reused() -> None:
    value = CommitmentInput(
        text="U zegt toe de Kamer vóór de zomer te informeren over Wgp-herziening."
    )
    key = new_key(CommitmentKind.TOEZEGGING, value, year=2026, taken=set())
    assert key == "tz-2026-zegt-kamer-voor-zomer-informeren"
    assert new_key(CommitmentKind.TOEZEGGING, value, year=2026, taken={key}) == f"{key}-2"
    assert new_key(CommitmentKind.MOTIE, value, year=2026, taken=set()).startswith("mt-2026-")


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"status": "klaar", "reason": "x"}, "status"),
        ({"status": "afgedaan"}, "reason"),
        ({"status": "afgedaan", "reason": "x", "document": "weg"}, "document"),
        ({"status": "deels", "reason": "x", "effective_date": "2026-12-01"}, "effective_date"),
    ],
)
def test_status_form_refusals(form: dict[str, str], field: str) -> None:
    _, errors = parse_status_form(
        MultiDict(form), documents={LETTER.key: LETTER}, today=date(2026, 11, 25)
    )
    assert field in errors


def test_status_form_reads_the_day() -> None:
    value, errors = parse_status_form(
        MultiDict({"status": "afgedaan", "reason": "Brief", "effective_date": "1 april 2026"}),
        documents={},
        today=date(2026, 11, 25),
    )
    assert errors == {} and value.effective_date == date(2026, 4, 1)
