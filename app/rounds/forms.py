"""Parse the form that opens a reporting round, and a peildatum typed anywhere."""

from dataclasses import dataclass
from datetime import date

from werkzeug.datastructures import MultiDict

from app.domain.periods import in_year_window
from app.inputs import max_length
from app.models import Rapportageronde

Errors = dict[str, str]


@dataclass
class RoundInput:
    name: str
    cutoff_text: str
    cutoff: date | None


def parse_cutoff(text: str) -> tuple[date | None, str | None]:
    """A peildatum written as YYYY-MM-DD (what a date field sends), or a Dutch message."""
    text = text.strip()
    if not text:
        return None, "Vul een peildatum in, bijvoorbeeld 2027-03-31 (jaar-maand-dag)."
    try:
        value = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        value = None
    if value is None or not in_year_window(value.year):
        return None, (
            f"'{text[:40]}' is geen geldige peildatum. Vul een datum in als 2027-03-31 "
            "(jaar-maand-dag), tussen 2000 en 2100."
        )
    return value, None


def parse_round_form(form: MultiDict[str, str]) -> tuple[RoundInput, Errors]:
    errors: Errors = {}
    name = " ".join(form.get("name", "").split())
    limit = max_length(Rapportageronde, "name") or 120
    if not name or len(name) > limit:
        errors["name"] = (
            f"Vul een naam in van hoogstens {limit} tekens, bijvoorbeeld 'Voortgangsbrief Q1 2027'."
        )
    cutoff_text = form.get("cutoff", "")
    cutoff, problem = parse_cutoff(cutoff_text)
    if problem:
        errors["cutoff"] = problem
    return RoundInput(name, cutoff_text.strip(), cutoff), errors
