"""The period of a planning view, read from the query string.

Without either, a page shows its default period (see `queries.default_window`); `?periode=alles`
shows the whole plan. `?periode=Q3-2026` takes any date phrase of the Werkagenda ("Q3-2026",
"najaar 2026", "2027"); `?van=2026-07-01&tot=2026-12-31` takes two dates (or phrases: `van` means
the phrase's first day, `tot` its last). Either end may be left out. Problems come back as Dutch
messages per field, and the page shows its default period.
"""

from dataclasses import dataclass, field
from datetime import date

from werkzeug.datastructures import MultiDict

from app.domain.periods import (
    MAX_YEAR,
    MIN_YEAR,
    YEAR_ADVICE,
    Period,
    PeriodError,
    format_day,
    parse_period,
)

MAX_LENGTH = 40
EVERYTHING = "alles"


@dataclass
class PeriodChoice:
    periode: str = ""
    van: str = ""
    tot: str = ""
    start: date | None = None
    end: date | None = None
    everything: bool = False  # ?periode=alles: the whole plan, no period
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """A period the visitor chose."""
        return self.start is not None or self.end is not None

    @property
    def default(self) -> bool:
        """Neither a period nor the whole plan asked for (or the question was wrong): the page
        shows its default period."""
        return not self.active and not self.everything

    def window(self, extent: tuple[date, date]) -> tuple[date, date] | None:
        """The visible period: the chosen ends, the plan's extent for an open end."""
        if not self.active:
            return None
        return (self.start or extent[0], self.end or extent[1])

    @property
    def description(self) -> str:
        if self.periode:
            return self.periode
        if self.start and self.end:
            return f"{format_day(self.start)} – {format_day(self.end)}"
        if self.start:
            return f"vanaf {format_day(self.start)}"
        if self.end:
            return f"tot en met {format_day(self.end)}"
        return ""


def parse_period_choice(args: MultiDict[str, str]) -> PeriodChoice:
    """The period asked for; with any problem, no period (the default) and the messages."""
    choice = PeriodChoice(
        periode=args.get("periode", "").strip(),
        van=args.get("van", "").strip(),
        tot=args.get("tot", "").strip(),
    )
    if choice.periode and (choice.van or choice.tot):
        choice.errors["periode"] = (
            "Kies een periode óf een begin- en einddatum, niet allebei. "
            "Nu wordt de standaardperiode getoond."
        )
        return choice
    if choice.periode.casefold() == EVERYTHING:
        choice.periode, choice.everything = EVERYTHING, True
        return choice
    if choice.periode:
        period = _phrase(choice.periode, "periode", "De periode", choice.errors)
        if period is not None:
            choice.start, choice.end = period.start, period.end
        return choice
    first = _phrase(choice.van, "van", "De begindatum", choice.errors) if choice.van else None
    last = _phrase(choice.tot, "tot", "De einddatum", choice.errors) if choice.tot else None
    if choice.errors:
        return choice
    start = first.start if first else None
    end = last.end if last else None
    if start and end and start > end:
        choice.errors["tot"] = (
            f"De einddatum ({format_day(end)}) ligt vóór de begindatum ({format_day(start)})."
        )
        return choice
    choice.start, choice.end = start, end
    return choice


def _phrase(text: str, name: str, what: str, errors: dict[str, str]) -> Period | None:
    if len(text) > MAX_LENGTH:
        errors[name] = f"{what} is te lang; gebruik bijvoorbeeld 2026-07-01 of Q3-2026."
        return None
    try:
        period = parse_period(text)
    except PeriodError as error:
        if error.advice == YEAR_ADVICE:
            errors[name] = (
                f"{what} '{text}' valt buiten de jaren {MIN_YEAR}–{MAX_YEAR}; {YEAR_ADVICE}"
            )
            return None
        errors[name] = (
            f"{what} '{text}' is geen datum of periode die we kennen; gebruik bijvoorbeeld "
            "2026-07-01, 15-12-2026, Q3-2026 of najaar 2026."
        )
        return None
    if period.start is None:
        errors[name] = f"{what} '{text}' is niet bekend (n.t.b.); kies een datum of periode."
        return None
    return period
