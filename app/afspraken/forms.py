"""Parse and check the progress and plan forms; errors are {field: Dutch message}."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from werkzeug.datastructures import MultiDict

from app.domain.periods import (
    MAX_YEAR,
    MIN_YEAR,
    YEAR_ADVICE,
    Period,
    PeriodError,
    Precision,
    in_year_window,
    parse_period,
)
from app.domain.status import Status
from app.inputs import DB_INT_MAX, length_problem, parse_int, single_spaced
from app.models import Mijlpaal, Voortgang

Errors = dict[str, str]

MAX_TEXT = 4000


@dataclass
class VoortgangInput:
    """A progress update as typed; `forecast` and `reached_on` are parsed when valid."""

    status: str = ""
    public_text: str = ""
    internal_note: str = ""
    forecast_text: str = ""
    reached: bool = False
    reached_on_text: str = ""
    source: str = ""  # key of the document the update cites
    forecast: Period | None = None
    reached_on: date | None = None
    source_id: int | None = None

    @property
    def status_value(self) -> Status | None:
        if self.reached:
            return Status.AFGEROND
        return Status(self.status) if self.status else None


def parse_voortgang_form(
    form: MultiDict[str, str],
    *,
    today: date,
    for_mijlpaal: bool,
    documents: Mapping[str, int] | None = None,
) -> tuple[VoortgangInput, Errors]:
    """Read a progress form; an update must say something, and dates must be real.

    `documents` maps the keys of the documents an update may cite to their ids."""
    value = VoortgangInput(
        status=form.get("status", "").strip(),
        public_text=form.get("public_text", "").strip(),
        internal_note=form.get("internal_note", "").strip(),
        forecast_text=single_spaced(form.get("forecast_text", "")) if for_mijlpaal else "",
        reached=for_mijlpaal and form.get("reached") == "on",
        reached_on_text=single_spaced(form.get("reached_on", "")) if for_mijlpaal else "",
        source=form.get("source", "").strip(),
    )
    errors: Errors = {}
    if value.source:
        value.source_id = (documents or {}).get(value.source)
        if value.source_id is None:
            errors["source"] = "Kies een document uit de lijst, of laat het veld leeg."
    if value.status and value.status not in {s.value for s in Status}:
        errors["status"] = "Kies een status uit de lijst."
    for name, text in (("public_text", value.public_text), ("internal_note", value.internal_note)):
        if len(text) > MAX_TEXT:
            errors[name] = f"Gebruik hoogstens {MAX_TEXT} tekens (nu {len(text)})."
    if problem := length_problem(Voortgang, "forecast_text", value.forecast_text):
        errors["forecast_text"] = problem
    elif value.forecast_text:
        try:
            value.forecast = parse_period(value.forecast_text, context_year=today.year)
        except PeriodError as error:
            errors["forecast_text"] = (
                f"'{value.forecast_text}' is geen datum die de app kent. Schrijf bijvoorbeeld "
                "'Q4-2026', 'eind 2026', 'december 2026' of '15-12-2026'."
                if "Onbekende" in str(error)
                else str(error)
            )
        else:
            if value.forecast.precision is Precision.UNKNOWN:
                pass  # "data n.t.b." is an honest forecast: the date is not known yet
            elif value.forecast.end and value.forecast.end < date(today.year - 1, 1, 1):
                errors["forecast_text"] = "Een nieuwe verwachte datum ligt niet zo ver terug."
    if value.reached:
        value.reached_on, problem = _reached_on(value.reached_on_text, today)
        if problem:
            errors["reached_on"] = problem
        if value.forecast_text and "forecast_text" not in errors:
            # A reached mijlpaal stands on the day it was reached; a forecast beside it would put
            # it on two dates (issue 11: the chart on the reached day, the feed on the forecast).
            errors["forecast_text"] = (
                "Een bereikte mijlpaal krijgt geen nieuwe verwachte datum. Maak dit veld leeg, "
                "of vink 'Mijlpaal bereikt' uit als de mijlpaal nog niet bereikt is."
            )
    elif value.reached_on_text:
        errors["reached"] = "Vink 'Mijlpaal bereikt' aan, of laat de datum leeg."
    if value.status == Status.AFGEROND and for_mijlpaal and not value.reached:
        errors["reached"] = "Is de mijlpaal bereikt? Vink dat aan en vul de datum in."
    said_something = value.status or value.public_text or value.forecast_text or value.reached
    if not said_something and not errors:
        choices = (
            "een status, een tekst voor de voortgangsbrief, een nieuwe verwachte datum of 'bereikt'"
            if for_mijlpaal
            else "een status of een tekst voor de voortgangsbrief"
        )
        errors["form"] = (
            f"Vul minstens {choices} in. Alleen een interne notitie is geen voortgangsmelding."
        )
    return value, errors


def _reached_on(text: str, today: date) -> tuple[date | None, str | None]:
    if not text:
        return None, "Vul de datum in waarop de mijlpaal is bereikt."
    outside = f"'{text}' ligt niet tussen {MIN_YEAR} en {MAX_YEAR}. Controleer het jaartal."
    try:
        day = date.fromisoformat(text)
    except ValueError:
        try:
            period = parse_period(text)
        except PeriodError as error:
            if error.advice == YEAR_ADVICE:
                return None, outside
            return None, f"'{text}' is geen datum. Schrijf bijvoorbeeld 15-10-2026."
        if period.precision is not Precision.DAY or period.start is None:
            return None, "Vul één dag in, bijvoorbeeld 15-10-2026."
        day = period.start
    if not in_year_window(day.year):
        return None, outside
    if day > today:
        return None, "Een mijlpaal kan niet in de toekomst bereikt zijn. Controleer de datum."
    return day, None


@dataclass
class PlanInput:
    text: str
    planned_text: str
    reason: str
    planned: Period | None = None
    # The plan's version the form was made from: a save from an older one is refused.
    version: int | None = None


def parse_plan_form(form: MultiDict[str, str], *, context_year: int) -> tuple[PlanInput, Errors]:
    """Read a plan edit: the mijlpaal's wording and planned date, and why they change."""
    value = PlanInput(
        text=form.get("text", "").strip(),
        planned_text=single_spaced(form.get("planned_text", "")),
        reason=form.get("reason", "").strip(),
        version=parse_int(form.get("version", ""), low=1, high=DB_INT_MAX),
    )
    errors: Errors = {}
    if not value.text:
        errors["text"] = "Beschrijf de mijlpaal."
    elif len(value.text) > MAX_TEXT:
        errors["text"] = f"Gebruik hoogstens {MAX_TEXT} tekens."
    if problem := length_problem(Mijlpaal, "planned_text", value.planned_text):
        errors["planned_text"] = problem
    else:
        try:
            value.planned = parse_period(value.planned_text or "", context_year=context_year)
        except PeriodError as error:
            errors["planned_text"] = (
                f"{error} Schrijf 'data n.t.b.' als de datum nog niet bekend is."
                if value.planned_text
                else "Vul de geplande datum in zoals de Werkagenda die schrijft, bijvoorbeeld "
                "'Q3-2026', of 'data n.t.b.'."
            )
    if not value.reason:
        errors["reason"] = (
            "Schrijf waarom het plan verandert, bijvoorbeeld 'Besluit BO Farmacie 12 november'."
        )
    elif len(value.reason) > MAX_TEXT:
        errors["reason"] = f"Gebruik hoogstens {MAX_TEXT} tekens."
    return value, errors
