"""Parse and check the register's forms; errors are {field: Dutch message}, values are kept."""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from app.domain.periods import (
    YEAR_ADVICE,
    Period,
    PeriodError,
    Precision,
    in_year_window,
    parse_period,
)
from app.domain.references import ReferenceError, parse_reference
from app.inputs import length_problem, single_spaced
from app.models import (
    CommitmentKind,
    CommitmentStatus,
    CommitmentVenue,
    KamerCommitment,
    Kamerstuk,
)

Errors = dict[str, str]
MAX_TEXT = 4000
_MEMBER_RE = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<fraction>[^()]*)\))?$")


@dataclass
class CommitmentInput:
    """A toezegging or motie as typed in the add or edit form; parsed parts when valid."""

    text: str = ""
    made_in: str = ""
    made_to: str = ""
    origin: str = ""
    origin_date_text: str = ""
    document: str = ""  # key of the debate's or letter's document (add form only)
    due_text: str = ""
    tk_number: str = ""
    promised_by: str = ""
    members_text: str = ""  # one member a line: "Bushoff (GroenLinks-PvdA)"
    kamerstuk_number: str = ""
    remarks: str = ""
    afspraken: list[str] = field(default_factory=list)
    reason: str = ""
    # Parsed:
    origin_date: date | None = None
    due: Period | None = None
    members: list[dict[str, Any]] = field(default_factory=list)
    kamerstuk_reference: str | None = None


def members_text(members: list[dict[str, Any]]) -> str:
    """The members as the form shows them: one a line, the fraction in brackets."""
    lines = []
    for m in members:
        name, fraction = m.get("name") or "", m.get("fraction") or ""
        lines.append(f"{name} ({fraction})" if fraction else str(name))
    return "\n".join(lines)


def input_of(c: KamerCommitment, afspraak_codes: list[str]) -> CommitmentInput:
    """The edit form filled with the commitment as it is."""
    return CommitmentInput(
        text=c.text,
        made_in=c.made_in.value if c.made_in else "",
        made_to=c.made_to or "",
        origin=c.origin,
        origin_date_text=c.origin_date.isoformat() if c.origin_date else "",
        due_text=c.due_text,
        tk_number=c.tk_number or "",
        promised_by=c.promised_by,
        members_text=members_text(c.members),
        kamerstuk_number=c.kamerstuk_number or "",
        remarks=c.remarks,
        afspraken=afspraak_codes,
    )


def parse_commitment_form(
    form: MultiDict[str, str],
    *,
    kind: CommitmentKind,
    afspraak_codes: set[str],
    documents: Mapping[str, Kamerstuk],
    needs_reason: bool,
    context_year: int | None = None,
    stored_due_text: str | None = None,
) -> tuple[CommitmentInput, Errors]:
    """Read the add or edit form. A deadline without a year takes the year of the document it
    was made in (else of its date, else `context_year`); an edit that leaves the stored deadline
    text as it was does not read it again."""
    value = CommitmentInput(
        text=form.get("text", "").strip(),
        made_in=form.get("made_in", "").strip() if kind is CommitmentKind.TOEZEGGING else "",
        made_to=single_spaced(form.get("made_to", "")) if kind is CommitmentKind.TOEZEGGING else "",
        origin=single_spaced(form.get("origin", "")),
        origin_date_text=single_spaced(form.get("origin_date", "")),
        document=form.get("document", "").strip(),
        due_text=single_spaced(form.get("due_text", "")),
        tk_number=single_spaced(form.get("tk_number", "")).upper(),
        promised_by=single_spaced(form.get("promised_by", "")),
        members_text=form.get("members", "").strip(),
        kamerstuk_number=single_spaced(form.get("kamerstuk_number", ""))
        if kind is CommitmentKind.MOTIE
        else "",
        remarks=form.get("remarks", "").strip(),
        afspraken=[code.strip() for code in form.getlist("afspraken") if code.strip()],
        reason=form.get("reason", "").strip(),
    )
    errors: Errors = {}
    noun = "toezegging" if kind is CommitmentKind.TOEZEGGING else "motie"
    if not value.text:
        errors["text"] = f"Schrijf de tekst van de {noun} zoals die in het debat of de brief staat."
    for name in ("text", "remarks", "members_text", "reason"):
        if len(getattr(value, name)) > MAX_TEXT:
            errors[name.removesuffix("_text")] = f"Gebruik hoogstens {MAX_TEXT} tekens."
    if value.made_in and value.made_in not in {v.value for v in CommitmentVenue}:
        errors["made_in"] = "Kies 'In een debat' of 'In een brief'."
    for name, column in (
        ("made_to", "made_to"),
        ("tk_number", "tk_number"),
        ("promised_by", "promised_by"),
        ("due_text", "due_text"),
    ):
        if problem := length_problem(KamerCommitment, column, getattr(value, name)):
            errors[name] = problem
    if len(value.origin) > 1000:
        errors["origin"] = "Gebruik hoogstens 1000 tekens."
    if value.origin_date_text:
        value.origin_date, problem = parse_day(value.origin_date_text)
        if problem:
            errors["origin_date"] = problem
    document = documents.get(value.document) if value.document else None
    if value.document and document is None:
        errors["document"] = "Kies een document uit de lijst, of laat het veld leeg."
        value.document = ""
    value.members, problem = _members(value.members_text)
    if problem:
        errors["members"] = problem
    if value.kamerstuk_number:
        try:
            value.kamerstuk_reference = parse_reference(value.kamerstuk_number).normal
        except ReferenceError as error:
            errors["kamerstuk_number"] = str(error)
    unknown = [code for code in value.afspraken if code not in afspraak_codes]
    if unknown:
        errors["afspraken"] = f"Afspraak {', '.join(unknown)} bestaat niet; kies uit de lijst."
    # An unchanged deadline keeps how it was read (edit_commitment leaves it alone).
    if value.due_text and "due_text" not in errors and value.due_text != stored_due_text:
        year = (document.document_date.year if document and document.document_date else None) or (
            value.origin_date.year if value.origin_date else context_year
        )
        try:
            value.due = parse_period(value.due_text, context_year=year)
        except PeriodError as error:
            errors["due_text"] = (
                f"'{value.due_text}' is geen termijn die de app kent. Schrijf hem zoals in de "
                "brief, bijvoorbeeld 'in het derde kwartaal', 'voor de zomer', 'eind 2026' of "
                "'Q1-2027'. Een termijn zonder jaartal krijgt het jaar van het document of de "
                "datum."
                if "Onbekende" in str(error)
                else str(error)
            )
    if needs_reason and not value.reason:
        errors["reason"] = (
            "Schrijf waarom dit verandert, bijvoorbeeld 'Tekst gecorrigeerd naar de Handelingen'."
        )
    return value, errors


def _members(text: str) -> tuple[list[dict[str, Any]], str | None]:
    members = []
    for line in text.splitlines():
        line = single_spaced(line)
        if not line:
            continue
        m = _MEMBER_RE.match(line)
        if m is None or len(line) > 200:
            return [], (
                f"'{line[:60]}' is geen lid met fractie. Schrijf één lid per regel, bijvoorbeeld "
                "'Bushoff (GroenLinks-PvdA)'."
            )
        members.append({"name": m["name"].strip(), "fraction": (m["fraction"] or "").strip()})
    return members, None


def parse_day(text: str) -> tuple[date | None, str | None]:
    """One day, typed as 2026-03-11 (a date field) or '11 maart 2026'."""
    outside = f"'{text}' ligt buiten de jaren die de app kent: {YEAR_ADVICE}"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        try:
            period = parse_period(text)
        except PeriodError as error:
            if error.advice == YEAR_ADVICE:
                return None, outside
            return None, f"'{text}' is geen datum. Schrijf bijvoorbeeld 11-03-2026."
        if period.precision is not Precision.DAY or period.start is None:
            return None, "Vul één dag in, bijvoorbeeld 11-03-2026."
        day = period.start
    if not in_year_window(day.year):
        return None, outside
    return day, None


def new_key(kind: CommitmentKind, value: CommitmentInput, *, year: int, taken: set[str]) -> str:
    """A stable key for a new item, as the seed writes them: "tz-2026-herziening-wgp-gvs"."""
    prefix = "tz" if kind is CommitmentKind.TOEZEGGING else "mt"
    plain = unicodedata.normalize("NFKD", value.text).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^a-z0-9]+", plain.lower()) if len(w) > 3][:5]
    base = "-".join([prefix, str(year), *words])[:70].rstrip("-")
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@dataclass
class StatusInput:
    status: str = ""
    document: str = ""
    effective_date_text: str = ""
    reason: str = ""
    effective_date: date | None = None


def parse_status_form(
    form: MultiDict[str, str], *, documents: Mapping[str, Kamerstuk], today: date
) -> tuple[StatusInput, Errors]:
    """Read a status change: the new status, the document that brings it, when, and why."""
    value = StatusInput(
        status=form.get("status", "").strip(),
        document=form.get("document", "").strip(),
        effective_date_text=single_spaced(form.get("effective_date", "")),
        reason=form.get("reason", "").strip(),
    )
    errors: Errors = {}
    if value.status not in {s.value for s in CommitmentStatus}:
        errors["status"] = "Kies de nieuwe status uit de lijst."
    if value.document and value.document not in documents:
        errors["document"] = "Kies een document uit de lijst, of laat het veld leeg."
    if value.effective_date_text:
        value.effective_date, problem = parse_day(value.effective_date_text)
        if problem:
            errors["effective_date"] = problem
        elif value.effective_date and value.effective_date > today:
            errors["effective_date"] = "Een status kan niet in de toekomst ingaan."
    if not value.reason:
        errors["reason"] = (
            "Schrijf waarom de status verandert, bijvoorbeeld 'Afgedaan in de voortgangsbrief'."
        )
    elif len(value.reason) > MAX_TEXT:
        errors["reason"] = f"Gebruik hoogstens {MAX_TEXT} tekens."
    return value, errors
