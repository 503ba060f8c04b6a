"""The register's filters: read from the query string, applied to the loaded register.

They work as the overview's (app/overview/filters.py): every choice is in the URL, so a view can
be shared, and an unknown value is dropped with a message instead of failing the page.
"""

from dataclasses import asdict, dataclass

from werkzeug.datastructures import MultiDict

from app.domain.labels import COMMITMENT_PERIOD_LABELS, COMMITMENT_STATUS_LABELS
from app.domain.periods import quarter_bounds
from app.kamer.queries import CommitmentRow, Register

MAX_QUERY = 200


@dataclass
class RegisterFilters:
    status: str = ""
    afspraak: str = ""
    partij: str = ""
    periode: str = ""
    document: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return any(asdict(self).values())

    def args(self) -> dict[str, str]:
        """The filters that are set, for a link to the same view."""
        return {name: value for name, value in asdict(self).items() if value}


def parse_filters(
    args: MultiDict[str, str], register: Register
) -> tuple[RegisterFilters, list[str]]:
    """Filters from the URL; unknown values are dropped with a Dutch message."""
    problems: list[str] = []
    filters = RegisterFilters(
        status=args.get("status", "").strip(),
        afspraak=args.get("afspraak", "").strip(),
        partij=args.get("partij", "").strip(),
        periode=args.get("periode", "").strip(),
        document=args.get("document", "").strip(),
        q=" ".join(args.get("q", "").split()),
    )
    if filters.status and filters.status not in COMMITMENT_STATUS_LABELS:
        problems.append(
            f"Status '{filters.status}' bestaat niet; het filter op status is genegeerd."
        )
        filters.status = ""
    if filters.afspraak and register.afspraak(filters.afspraak) is None:
        problems.append(
            f"Afspraak '{filters.afspraak}' bestaat niet; het filter op afspraak is genegeerd."
        )
        filters.afspraak = ""
    if filters.partij and register.partij(filters.partij) is None:
        problems.append(
            f"Partij '{filters.partij}' is geen opsteller of meewerkende partij van een "
            "afspraak; het filter op partij is genegeerd."
        )
        filters.partij = ""
    if filters.periode and filters.periode not in COMMITMENT_PERIOD_LABELS:
        problems.append(f"Periode '{filters.periode}' bestaat niet; het filter is genegeerd.")
        filters.periode = ""
    if filters.document and register.document(filters.document) is None:
        problems.append(
            f"Document '{filters.document}' bestaat niet; het filter op document is genegeerd."
        )
        filters.document = ""
    if len(filters.q) > MAX_QUERY:
        problems.append(
            f"De zoektekst is langer dan {MAX_QUERY} tekens; er is gezocht op het begin ervan."
        )
        filters.q = filters.q[:MAX_QUERY]
    return filters, problems


def apply_filters(register: Register, filters: RegisterFilters) -> list[CommitmentRow]:
    """The rows that pass every filter, in register order."""
    return [row for row in register.rows if _passes(row, filters, register)]


def _passes(row: CommitmentRow, filters: RegisterFilters, register: Register) -> bool:
    c = row.commitment
    if filters.status and c.status.value != filters.status:
        return False
    if filters.afspraak and all(a.code != filters.afspraak for a in row.afspraken):
        return False
    if filters.partij and filters.partij not in row.owner_codes:
        return False
    if filters.document and not (
        any(d.key == filters.document for d in row.documents)
        or (row.status_source is not None and row.status_source.key == filters.document)
    ):
        return False
    if filters.periode == "te_laat" and not row.overdue:
        return False
    if filters.periode in {"dit_kwartaal", "volgend_kwartaal"}:
        offset = 0 if filters.periode == "dit_kwartaal" else 1
        start, end = quarter_bounds(register.today, offset)
        if not (row.owed and row.due is not None and start <= row.due <= end):
            return False
    return not filters.q or _matches(row, filters.q)


def _matches(row: CommitmentRow, query: str) -> bool:
    c = row.commitment
    haystack = " ".join(
        [c.text, c.key, c.tk_number or "", c.origin, row.member_text, c.kamerstuk_number or ""]
    ).casefold()
    return all(word in haystack for word in query.casefold().split())
