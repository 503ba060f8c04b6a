"""Document references: every way a Kamerstuk is cited comes to one normal form."""

import pytest

from app.domain.references import ReferenceError, find_reference, normal_reference, parse_reference


@pytest.mark.parametrize(
    "citation",
    [
        "29477 nr. 969",
        "29 477, nr. 969",
        "Kamerstukken II, 2025-2026, 29477, nr. 969",
        "Tweede Kamer, vergaderjaar 2025–2026, 29 477, nr. 969",
        "kst-29477-969",
        "29477-969",
        "Kamerstuk 29 477, 32 805 en 29 689, nr. 969",  # filed under the first dossier
    ],
)
def test_citations_of_one_kamerstuk_are_one_reference(citation: str) -> None:
    assert normal_reference(citation) == "29477-969"


@pytest.mark.parametrize(
    ("citation", "normal", "label"),
    [
        ("36 200 XVI, nr. 5", "36200-XVI-5", "Kamerstuk 36 200 XVI, nr. 5"),
        ("Kamerstuk 21 501-31, nr. 693", "21501-31-693", "Kamerstuk 21 501-31, nr. 693"),
        ("kst-21501-31-693", "21501-31-693", "Kamerstuk 21 501-31, nr. 693"),
        ("Kamervragen 2026Z03383", "2026Z03383", "Kamervragen 2026Z03383"),
        (
            "Aanhangsel Handelingen II 2022/23, nr. 1251",
            "ah-tk-20222023-1251",
            "Aanhangsel Handelingen II 2022/23, nr. 1251",
        ),
    ],
)
def test_suffixes_kamervragen_and_aanhangsel(citation: str, normal: str, label: str) -> None:
    reference = find_reference(citation)
    assert reference is not None
    assert (reference.normal, reference.label) == (normal, label)
    # The normal form reads back as itself.
    assert normal_reference(reference.normal) == normal


@pytest.mark.parametrize(
    "text",
    [
        "nota kenmerk 4366545-1095887-GMT",  # a kenmerk is not a Kamerstuk
        "brief van 13 maart 2023",
        "vergaderjaar 2025-2026",
        "",
    ],
)
def test_texts_without_a_reference(text: str) -> None:
    assert normal_reference(text) is None


def test_a_typed_reference_that_is_none_says_how_to_write_one() -> None:
    with pytest.raises(ReferenceError, match="Schrijf bijvoorbeeld '29477, nr. 969'"):
        parse_reference("nummer negen")
    assert parse_reference("  29 477, nr. 969 ").normal == "29477-969"
