"""What the seed may say about one toezegging or motie beyond its shape: the Kamer's words for its
status, the fields only one kind has, and an earlier status history that reads in order."""

from collections.abc import Iterator

from app.domain.commitments import NEEDS_DOCUMENT
from app.domain.references import ReferenceError, parse_reference
from app.models import CommitmentStatus
from app.seeding.schema import CommitmentIn

Problem = tuple[tuple[str | int, ...], str]

# The Kamer fulfils a toezegging ("gestand doen") and settles a motie ("afdoen"); the register
# shows the word, so the seed must use the right one for the kind.
WRONG_WORD = {
    "toezeggingen": (
        CommitmentStatus.AFGEDAAN,
        "een toezegging wordt gestand gedaan, niet afgedaan; schrijf 'gestand_gedaan'",
    ),
    "moties": (
        CommitmentStatus.GESTAND_GEDAAN,
        "een motie wordt afgedaan, niet gestand gedaan; schrijf 'afgedaan'",
    ),
}


def commitment_problems(block: str, item: CommitmentIn, documents: set[str]) -> Iterator[Problem]:
    """Every problem of one item of `toezeggingen` or `moties`, with the field it is in."""
    wrong, message = WRONG_WORD[block]
    if item.status == wrong:
        yield ("status",), message
    if block == "toezeggingen" and item.kamerstuk_nummer is not None:
        yield ("kamerstuk_nummer",), "'kamerstuk_nummer' hoort bij een motie; haal het hier weg"
    if block == "moties":
        for name in ("toegezegd_aan", "gedaan_in"):
            if getattr(item, name) is not None:
                yield (name,), f"'{name}' hoort bij een toezegging; haal het hier weg"
    if item.kamerstuk_nummer is not None:
        try:
            parse_reference(item.kamerstuk_nummer)
        except ReferenceError as exc:
            yield ("kamerstuk_nummer",), str(exc)
    if item.status in NEEDS_DOCUMENT and item.status_bron is None:
        yield ("status_bron",), "een afgesloten status noemt het document; vul 'status_bron' in"
    yield from _history_problems(block, item, documents)


def _history_problems(block: str, item: CommitmentIn, documents: set[str]) -> Iterator[Problem]:
    wrong, message = WRONG_WORD[block]
    steps = [(s.status, s.bron, s.datum) for s in item.status_geschiedenis]
    previous: tuple[CommitmentStatus, str | None] | None = None
    last_date = None
    for i, (status, bron, datum) in enumerate(steps):
        where: tuple[str | int, ...] = ("status_geschiedenis", i)
        if status == wrong:
            yield (*where, "status"), message
        if bron is not None and bron not in documents:
            yield (*where, "bron"), f"onbekend document '{bron}'"
        if status in NEEDS_DOCUMENT and bron is None:
            yield (*where, "bron"), "een afgesloten status noemt het document; vul 'bron' in"
        if previous == (status, bron):
            yield where, "deze stap herhaalt de vorige; haal hem weg"
        if datum is not None and last_date is not None and datum < last_date:
            yield (*where, "datum"), "de stappen staan van oud naar nieuw; deze is ouder"
        previous = (status, bron)
        last_date = datum or last_date
    if previous == (item.status, item.status_bron):
        yield (
            ("status_geschiedenis", len(steps) - 1),
            "de laatste stap is de huidige status; zet alleen eerdere statussen hier",
        )
