"""Parse a feed's options from its query string; errors are {field: Dutch message}."""

from collections.abc import Mapping

from app.feeds.events import DEFAULT_MONTHS_BACK, FeedOptions
from app.inputs import parse_int

MAX_REMINDER_DAYS = 90
MAX_MONTHS_BACK = 120
PERIOD_CHOICES = ("dag", "span")
EVERYTHING = "alles"

Errors = dict[str, str]


def parse_feed_options(args: Mapping[str, str]) -> tuple[FeedOptions, Errors]:
    """`periode` (dag|span), `herinnering` (days before, 0-90) and `terug` (months back, 0-120,
    or "alles"); empty means the default."""
    errors: Errors = {}
    period = args.get("periode", "").strip().lower() or "dag"
    if period not in PERIOD_CHOICES:
        errors["periode"] = (
            f"Onbekende periode '{args.get('periode', '')}': kies 'dag' (één dag, op de uiterste "
            "datum) of 'span' (de hele geplande periode, bijvoorbeeld heel Q3-2026)."
        )
        period = "dag"
    reminder_text = args.get("herinnering", "").strip()
    reminder: int | None = None
    if reminder_text:
        reminder = parse_int(reminder_text, low=0, high=MAX_REMINDER_DAYS)
        if reminder is None:
            errors["herinnering"] = (
                f"Ongeldige herinnering '{reminder_text}': geef een aantal dagen van 0 tot en met "
                f"{MAX_REMINDER_DAYS}, bijvoorbeeld herinnering=7 voor een week van tevoren."
            )
            reminder = None
    back_text = args.get("terug", "").strip().lower()
    months_back: int | None = DEFAULT_MONTHS_BACK
    if back_text == EVERYTHING:
        months_back = None
    elif back_text:
        months_back = parse_int(back_text, low=0, high=MAX_MONTHS_BACK)
        if months_back is None:
            errors["terug"] = (
                f"Ongeldige waarde voor terug '{args.get('terug', '')}': geef een aantal maanden "
                f"van 0 tot en met {MAX_MONTHS_BACK}, bijvoorbeeld terug=12 voor een jaar, of "
                f"terug={EVERYTHING} voor alles, hoe oud ook."
            )
            months_back = DEFAULT_MONTHS_BACK
    options = FeedOptions(span=period == "span", reminder_days=reminder, months_back=months_back)
    return options, errors


def option_args(options: FeedOptions) -> dict[str, str]:
    """The query string for these options, leaving out the defaults."""
    args: dict[str, str] = {}
    if options.span:
        args["periode"] = "span"
    if options.reminder_days is not None:
        args["herinnering"] = str(options.reminder_days)
    if options.months_back != DEFAULT_MONTHS_BACK:
        back = options.months_back
        args["terug"] = EVERYTHING if back is None else str(back)
    return args
