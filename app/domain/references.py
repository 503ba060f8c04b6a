"""Normalise references to Tweede Kamer documents, so that one document is one row.

A Kamerstuk is cited in many ways: "29477 nr. 969", "29 477, nr. 969", "Kamerstukken II,
2025-2026, 29477, nr. 969", "Tweede Kamer, vergaderjaar 2022–2023, 29 477, nr. 845". All name
dossier 29477, number 969; the normal form is ``29477-969`` (as officielebekendmakingen.nl writes
"kst-29477-969"). A dossier may carry a suffix, as budget dossiers do: "36 200 XVI, nr. 5" is
``36200-XVI-5``. Kamervragen have a Zaak number of the Kamer's open data, ``2026Z03383``; their
answers in the Aanhangsel Handelingen are ``ah-tk-20222023-1251``.
"""

import re
from dataclasses import dataclass
from typing import Protocol

# A dossier number as printed: five or six digits, often with a thin space after the second.
# A dossier may have a suffix: a budget chapter ("36 200 XVI") or a sub-dossier ("21 501-31").
_DOSSIER = (
    r"(?<![0-9])(?P<dossier>[0-9]{2} ?[0-9]{3}(?:[0-9])?)"
    r"(?:[ -](?P<suffix>[IVXLC]{1,6}|[A-Z])|-(?P<sub>[0-9]{1,3}))?"
)
# A Kamerstuk in several dossiers lists them all ("29 477, 32 805 en 29 689, nr. 776"); the
# first is the one it is filed under, as its officielebekendmakingen.nl address shows.
_MORE_DOSSIERS = r"(?:\s*(?:,|en)\s*[0-9]{2} ?[0-9]{3}[0-9]?(?:-[0-9]{1,3}|[ -][IVXLC]{1,6})?)*"
_NUMBER = r"(?:nr\.?|nummer|no\.?)\s*(?P<number>[0-9]{1,5})(?![0-9])"
_KAMERSTUK_RE = re.compile(rf"{_DOSSIER}{_MORE_DOSSIERS}\s*,?\s*{_NUMBER}", re.IGNORECASE)
# The normal form itself, also with the "kst-" prefix of officielebekendmakingen.nl.
_NORMAL_RE = re.compile(
    r"(?<![0-9])(?:kst-)?(?P<dossier>[0-9]{5,6})(?:-(?P<suffix>[IVXLC]{1,6}|[A-Z])|-(?P<sub>[0-9]{1,3}))?"
    r"-(?P<number>[0-9]{1,5})(?![0-9])",
    re.IGNORECASE,
)
# Answers to written questions are printed in the Aanhangsel Handelingen: "Aanhangsel Handelingen
# II 2022/23, nr. 1251" is ah-tk-20222023-1251 on officielebekendmakingen.nl.
_AANHANGSEL_RE = re.compile(
    r"(?:aanhangsel handelingen(?: ii)?|ah-tk-)\s*"
    r"(?P<first>20[0-9]{2})[/-]?(?P<second>(?:20)?[0-9]{2})"
    r"\s*,?\s*(?:nr\.?\s*|-)(?P<number>[0-9]{1,5})(?![0-9])",
    re.IGNORECASE,
)
_ZAAK_RE = re.compile(r"(?<![0-9A-Za-z])(?:kv-)?(?P<year>20[0-9]{2})Z(?P<serial>[0-9]{5})(?![0-9])")


@dataclass(frozen=True)
class Reference:
    """A normalised document reference: a Kamerstuk (dossier, number) or a Zaak number."""

    dossier: str | None = None
    suffix: str | None = None
    number: int | None = None
    zaak: str | None = None
    aanhangsel: str | None = None  # "20222023-1251": session years and number

    @property
    def normal(self) -> str:
        """The one spelling stored in `Kamerstuk.reference`: "29477-969" or "2026Z03383"."""
        if self.zaak:
            return self.zaak
        if self.aanhangsel:
            return f"ah-tk-{self.aanhangsel}"
        parts = [self.dossier, self.suffix, str(self.number)]
        return "-".join(p for p in parts if p)

    @property
    def label(self) -> str:
        """How a page cites it: "Kamerstuk 29 477, nr. 969" or "Kamervragen 2026Z03383"."""
        if self.zaak:
            return f"Kamervragen {self.zaak}"
        if self.aanhangsel:
            years, number = self.aanhangsel.split("-")
            return f"Aanhangsel Handelingen II {years[:4]}/{years[6:]}, nr. {number}"
        assert self.dossier is not None
        dossier = f"{self.dossier[:2]} {self.dossier[2:]}"
        if self.suffix and self.suffix.isdigit():
            dossier = f"{dossier}-{self.suffix}"
        elif self.suffix:
            dossier = f"{dossier} {self.suffix}"
        return f"Kamerstuk {dossier}, nr. {self.number}"


class ReferenceError(ValueError):
    """Text that should be a document reference but is not; the message says how to write one."""

    def __init__(self, text: str) -> None:
        super().__init__(
            f"'{text}' is geen herkenbare verwijzing naar een Kamerstuk of Kamervragen. "
            "Schrijf bijvoorbeeld '29477, nr. 969' (dossier en nummer) of '2026Z03383'."
        )
        self.text = text


def find_reference(text: str) -> Reference | None:
    """The first Kamerstuk or Kamervragen reference within a citation, or None if it has none."""
    candidates = []
    for regex in (_AANHANGSEL_RE, _KAMERSTUK_RE, _NORMAL_RE, _ZAAK_RE):
        if m := regex.search(text):
            candidates.append((m.start(), regex, m))
    if not candidates:
        return None
    _, regex, m = min(candidates, key=lambda c: c[0])
    if regex is _ZAAK_RE:
        return Reference(zaak=f"{m['year']}Z{m['serial']}")
    if regex is _AANHANGSEL_RE:
        first, second = m["first"], m["second"]
        second = second if len(second) == 4 else first[:2] + second
        return Reference(aanhangsel=f"{first}{second}-{int(m['number'])}")
    suffix = m["suffix"].upper() if m["suffix"] else m["sub"]
    return Reference(dossier=m["dossier"].replace(" ", ""), suffix=suffix, number=int(m["number"]))


def parse_reference(text: str) -> Reference:
    """A reference typed on its own (a form field, an import): raise ReferenceError if none."""
    reference = find_reference(text.strip())
    if reference is None:
        raise ReferenceError(text)
    return reference


# Kinds of document the Kamer numbers; a nota or the Werkagenda itself has no reference.
NUMBERED_KINDS = frozenset({"kamerstuk", "kamervragen", "kamerbrief"})


def normal_reference(text: str) -> str | None:
    """The normal form of the reference within `text`, or None."""
    reference = find_reference(text)
    return reference.normal if reference else None


class CitedDocument(Protocol):
    @property
    def reference(self) -> str | None: ...
    @property
    def title(self) -> str: ...
    @property
    def citation(self) -> str: ...


def document_label(document: CitedDocument) -> str:
    """How a page names a document: its normalised reference, else its title or citation."""
    reference = find_reference(document.reference) if document.reference else None
    if reference is not None:
        return reference.label
    return document.title or document.citation
