"""Parse the Dutch date phrases of the Werkagenda E5 into periods.

A phrase becomes a :class:`Period`: the text as written, its first day (``start``), its last day
(``end``, which is the due date) and a :class:`Precision`. Supported forms, by precision:

- DAY: ``1 januari 2029``, ``9 sept. 2025``, ``2029-01-01``, ``15-12-2026``, ``15/12/2026``.
- MONTH: ``Juni 2026``, ``mrt 2026``, ``maart 25`` (two digits mean 20yy); month names in full or
  as jan, feb, mrt, apr, jun, jul, aug, sep/sept, okt, nov, dec.
- QUARTER: ``Q2-2026``, ``Q2 2026``.
- QUARTER_RANGE: ``Q2-Q3 2026``, ``Q2-3 2026``, ``Q3/4 2026``, ``Q3/Q4 2026``, ``Q3 en Q4-2026``,
  ``Q4 2024 – Q1 2025``, ``Q3/4 2024 – Q1 2025``. Written without a year (``Q2-Q3``, ``Q1 – Q2``,
  ``Q2``) the ``context_year`` applies.
- PART_OF_QUARTER: ``begin Q3-2026``, ``midden Q3-2026`` (or ``medio``), ``eind Q2-2026``: the
  first, second or last month of the quarter.
- PART_OF_YEAR: ``begin 2026`` (Jan-Mar), ``medio 2026`` (May-Aug), ``eind 2026`` (Oct-Dec),
  ``eerste helft 2026`` (or ``voor de zomer 2026``), ``tweede helft 2026``.
- SEASON: ``voorjaar 2026`` (Mar-May), ``zomer 2026`` (Jun-Aug), ``najaar 2026`` (Sep-Nov).
- YEAR: ``2026``, ``in 2026``, ``afronding in 2026``.
- Ranges ``A – B`` of two days, months, quarters or years, in the finer unit of the two:
  ``2025 – Q1 2026`` (QUARTER_RANGE), ``April - Mei 2026``, ``december 2026 – januari 2027``
  (MONTH), ``2025 – 2026`` (YEAR).
- UNKNOWN: ``data n.t.b.``, ``n.t.b.``, ``ntb``, ``nog niet bekend``, ``nader te bepalen``.

Every year lies in ``MIN_YEAR``..``MAX_YEAR`` (2000-2100): a plan of the Werkagenda has no use for
others, and a typing error such as ``Q4-9999`` would otherwise reach date arithmetic (a day after
31 December 9999 does not exist) in the planning chart and the calendar feeds.

Matching ignores case, surrounding whitespace, the kind of dash (``-``, ``–``, ``—``) and the
spaces around it, and one trailing full stop. Any dated form may start with ``in`` or
``afronding (in)``. Anything else raises :class:`PeriodError`: a phrase is never guessed.
"""

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple


class Precision(StrEnum):
    """How precisely a period is known; it also fixes the shape of the canonical phrase."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    QUARTER_RANGE = "quarter_range"
    PART_OF_QUARTER = "part_of_quarter"
    SEASON = "season"
    PART_OF_YEAR = "part_of_year"
    YEAR = "year"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Period:
    """A parsed date phrase: the text as written, its first and last day, and its precision."""

    text: str
    start: date | None
    end: date | None
    precision: Precision

    def __post_init__(self) -> None:
        # Accept the plain string a database column gives back, so `precision` is always the enum.
        object.__setattr__(self, "precision", Precision(self.precision))
        unknown = self.precision == Precision.UNKNOWN
        if unknown != (self.start is None) or unknown != (self.end is None):
            raise ValueError("start and end must be None exactly when the precision is unknown")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")

    @property
    def due(self) -> date | None:
        """The due date: the last day of the period, None when unknown."""
        return self.end

    @property
    def canonical(self) -> str:
        """The normal form of the phrase, built from start, end and precision alone."""
        return _canonical(self.start, self.end, self.precision)


MIN_YEAR = 2000
MAX_YEAR = 2100
YEAR_ADVICE = f"gebruik een jaartal van {MIN_YEAR} tot en met {MAX_YEAR}, bijvoorbeeld 'Q4-2026'."

_ADVICE = "gebruik bijvoorbeeld 'Q2-2026', 'eind 2026', 'Voorjaar 2026' of 'data n.t.b.'."


class PeriodError(ValueError):
    """An unsupported date phrase; the message names it, where it came from and how to fix it."""

    phrase: str
    source: str | None
    reason: str
    advice: str

    def __init__(
        self,
        phrase: str,
        source: str | None = None,
        reason: str = "Onbekende datumaanduiding",
        advice: str = _ADVICE,
    ) -> None:
        where = f" ({source})" if source else ""
        super().__init__(f"{reason} '{phrase}'{where}: {advice}")
        self.phrase = phrase
        self.source = source
        self.reason = reason
        self.advice = advice


class _Reject(Exception):
    """Raised inside the parser; parse_period turns it into a PeriodError with phrase and source."""

    def __init__(self, reason: str, advice: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.advice = advice


class _Span(NamedTuple):
    start: date
    end: date
    precision: Precision


_MONTH_NAMES = (
    "",  # so that _MONTH_NAMES[1] == "januari"
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES) if name} | {
    "jan": 1,
    "feb": 2,
    "mrt": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}

# Parts of a quarter are its first, second and third month.
_PARTS_OF_QUARTER = ("begin", "midden", "eind")
# Parts of a year as (first month, last month). "begin"/"eind" are the first/last quarter; "medio"
# is May-August, the four months around 1 July, so it says more than "eerste"/"tweede helft".
_PARTS_OF_YEAR = {
    "begin": (1, 3),
    "medio": (5, 8),
    "eind": (10, 12),
    "eerste helft": (1, 6),
    "tweede helft": (7, 12),
    # "Na de zomer" in a letter or debate: after the summer recess, before the year ends.
    "na de zomer": (9, 12),
}
# Meteorological seasons: they consist of whole months (as every other period here does) and do not
# shift from year to year, unlike the astronomical ones that start around the 21st. The Werkagenda
# does not use winter, which would also straddle two years.
_SEASONS = {"voorjaar": (3, 5), "zomer": (6, 8), "najaar": (9, 11)}
# Other words for the same part; the canonical phrase uses the word in the tables above.
_QUARTER_PART_SYNONYMS = {"medio": "midden", "einde": "eind"}
_YEAR_PART_SYNONYMS = {"midden": "medio", "einde": "eind", "voor de zomer": "eerste helft"}


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the given words, longest first so 'sept' wins over 'sep'."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_YEAR = r"[0-9]{4}"  # any four digits: "0001" gets the message on the year window
_MONTH = rf"(?P<month>{_alternatives(_MONTHS)})\.?"  # "sept." and "jan." are written with a dot
_YEAR_2_OR_4 = rf"(?P<year>{_YEAR}|[0-9]{{2}})"  # "maart 25" means 2025
_QUARTER = rf"q(?P<quarter>[1-4])[- ](?P<year>{_YEAR})"
_QUARTER_PARTS = _alternatives([*_PARTS_OF_QUARTER, *_QUARTER_PART_SYNONYMS])
_YEAR_PARTS = _alternatives([*_PARTS_OF_YEAR, *_YEAR_PART_SYNONYMS])

_UNKNOWN_RE = re.compile(r"(?:data )?(?:n\.?t\.?b\.?|nader te bepalen|nog niet bekend)")
_PREFIX_RE = re.compile(r"^(?:afronding )?(?:in )?")
_DASH_RE = re.compile(r"\s*[-–—]\s*")
_SLASH_RE = re.compile(r"\s*/\s*")
_SPACE_RE = re.compile(r"\s+")

_YEAR_RE = re.compile(rf"(?P<year>{_YEAR})")
_MONTH_RE = re.compile(rf"{_MONTH} {_YEAR_2_OR_4}")
_BARE_MONTH_RE = re.compile(_MONTH)
_DAY_RE = re.compile(rf"(?P<day>[0-9]{{1,2}}) {_MONTH} {_YEAR_2_OR_4}")
_ISO_RE = re.compile(rf"(?P<year>{_YEAR})-(?P<month>[0-9]{{2}})-(?P<day>[0-9]{{2}})")
# The way Dutch people type a date in a form: 15-12-2026 or 15/12/2026.
_NUMERIC_DAY_RE = re.compile(
    rf"(?P<day>[0-9]{{1,2}})[-/](?P<month>[0-9]{{1,2}})[-/](?P<year>{_YEAR})"
)
_QUARTER_RE = re.compile(_QUARTER)
_PART_OF_QUARTER_RE = re.compile(rf"(?P<part>{_QUARTER_PARTS}) {_QUARTER}")
_PART_OF_YEAR_RE = re.compile(rf"(?P<part>{_YEAR_PARTS}) (?P<year>{_YEAR})")
_SEASON_RE = re.compile(rf"(?P<season>{_alternatives(_SEASONS)}) (?P<year>{_YEAR})")
# One quarter within a quarter range ("q3", "4", "q4-2026") and what may separate two of them.
_QUARTER_ITEM_RE = re.compile(rf"q?(?P<quarter>[1-4])(?:[- ](?P<year>{_YEAR}))?")
_QUARTER_SEPARATOR_RE = re.compile(r"-|/| en ")

# The units a range "A – B" may join, finest first: the finest of the two is the range's unit.
_RANGE_UNITS = (Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.YEAR)

# Relative phrases (see _relative); "het nieuwe jaar" is the year after the document's.
_ORDINALS = ("eerste", "tweede", "derde", "vierde")
_NEXT_YEAR_RE = re.compile(r"(?:van )?(?:het nieuwe jaar|(?:het )?volgend(?:e)? jaar|komend jaar)")
_THIS_YEAR_RE = re.compile(r"(?:van )?dit jaar")
_VAN_YEAR_RE = re.compile(rf"van (?P<year>{_YEAR}|\?)$")
_ORDINAL_QUARTER_RE = re.compile(
    rf"het (?P<ordinal>{_alternatives(_ORDINALS)}) kwartaal(?: (?P<year>{_YEAR}|\?))?"
)
_RELATIVE_SEASON_RE = re.compile(
    rf"(?:(?:het|dit|deze|komend|komende) )?(?P<season>{_alternatives(_SEASONS)})"
    rf"(?: (?P<year>{_YEAR}|\?))?"
)
_SUMMER_SIDE_RE = re.compile(rf"(?P<side>voor de zomer|na de zomer)(?: (?P<year>{_YEAR}|\?))?")

_ADVICE_YEAR = "schrijf het jaar erbij, bijvoorbeeld 'Q2-Q3 2026', of geef een contextjaar op."
_ADVICE_ORDER = "zet de vroegste periode voorop, bijvoorbeeld 'Q2-Q3 2026' of '2025 – Q1 2026'."
_ADVICE_DOCUMENT_YEAR = (
    "schrijf het jaar erbij, bijvoorbeeld 'in het derde kwartaal van 2026', of geef het jaar op "
    "van het document waarin de termijn staat."
)
_ADVICE_DAY = "controleer dag en maand, bijvoorbeeld '1 januari 2029' of '2029-01-01'."


def parse_period(
    text: str, *, context_year: int | None = None, source: str | None = None
) -> Period:
    """Parse one Werkagenda date phrase; raise PeriodError if it is not a supported form."""
    if context_year is not None and not 1000 <= context_year <= 9999:
        reason = f"Ongeldig contextjaar {context_year} bij"
        raise PeriodError(text, source, reason, "gebruik een jaartal van vier cijfers, zoals 2026.")
    phrase = _normalise(text)
    if not phrase:
        raise PeriodError(text, source, "Lege datumaanduiding", _ADVICE)
    if _UNKNOWN_RE.fullmatch(phrase):
        return Period(text, None, None, Precision.UNKNOWN)
    try:
        span = _parse(_relative(_PREFIX_RE.sub("", phrase, count=1), context_year), context_year)
    except _Reject as reject:
        raise PeriodError(text, source, reject.reason, reject.advice) from None
    if span is None:
        raise PeriodError(text, source)
    return Period(text, span.start, span.end, span.precision)


def day_after(day: date) -> date:
    """The next day. Phrases stay within MAX_YEAR, but a date stored before that check could be
    31 December 9999, which has no next day: it stays itself rather than take a page down."""
    return day if day == date.max else day + timedelta(days=1)


def format_day(day: date) -> str:
    """A date in Dutch as the Werkagenda writes it, e.g. '1 januari 2029'."""
    return f"{day.day} {_MONTH_NAMES[day.month]} {day.year}"


# Calendar quarters: the Werkagenda's unit of planning and the parties' reporting period. All
# quarter arithmetic of the tracker is here.


def quarter_of(day: date) -> int:
    """The quarter (1 to 4) that `day` falls in."""
    return (day.month - 1) // 3 + 1


def quarter_bounds(day: date, offset: int = 0) -> tuple[date, date]:
    """First and last day of the quarter containing `day`, shifted by `offset` quarters."""
    index = day.year * 4 + quarter_of(day) - 1 + offset
    year, quarter = divmod(index, 4)
    next_year, next_quarter = divmod(index + 1, 4)
    return date(year, quarter * 3 + 1, 1), date(next_year, next_quarter * 3 + 1, 1) - timedelta(1)


def quarter_start(day: date) -> date:
    """The first day of the quarter that `day` falls in."""
    return quarter_bounds(day)[0]


def next_quarter(day: date) -> date:
    """The first day of the quarter after the one `day` falls in."""
    return quarter_bounds(day, 1)[0]


def quarter_starts(start: date, end: date) -> Iterator[date]:
    """The first days of the quarters from the one holding `start` to the last that begins
    before `end`."""
    quarter = quarter_start(start)
    while quarter < end:
        yield quarter
        quarter = next_quarter(quarter)


def _normalise(text: str) -> str:
    """Lower case, single spaces, '-' for every dash and no spaces around '-' or '/'."""
    phrase = text.strip().lower()
    if phrase.endswith("."):  # a closing full stop, as in a table cell "eind 2026."
        phrase = phrase[:-1]
    phrase = _SPACE_RE.sub(" ", phrase).strip()
    return _SLASH_RE.sub("/", _DASH_RE.sub("-", phrase))


def _relative(phrase: str, context_year: int | None) -> str:
    """Rewrite the phrases of letters and debates ("in het derde kwartaal", "dit voorjaar",
    "eind dit jaar", "in het eerste kwartaal van het nieuwe jaar") into the forms above.

    They name no year, or one relative to the document they stand in: `context_year` is that
    document's year. Without it such a phrase is refused, never given a guessed year.
    """
    needs_year = False

    def year(offset: int) -> str:
        nonlocal needs_year
        needs_year = True
        return str(context_year + offset) if context_year is not None else "?"

    phrase = _NEXT_YEAR_RE.sub(lambda _: year(1), phrase)
    phrase = _THIS_YEAR_RE.sub(lambda _: year(0), phrase)
    phrase = _VAN_YEAR_RE.sub(r"\g<year>", phrase)
    if m := _ORDINAL_QUARTER_RE.fullmatch(phrase):
        phrase = f"q{_ORDINALS.index(m['ordinal']) + 1}-{m['year'] or year(0)}"
    elif m := _RELATIVE_SEASON_RE.fullmatch(phrase):
        phrase = f"{m['season']} {m['year'] or year(0)}"
    elif m := _SUMMER_SIDE_RE.fullmatch(phrase):
        phrase = f"{m['side']} {m['year'] or year(0)}"
    if needs_year and context_year is None:
        raise _Reject("Jaartal ontbreekt in", _ADVICE_DOCUMENT_YEAR)
    return phrase


def _parse(phrase: str, context_year: int | None) -> _Span | None:
    """A single period, a range of quarters, or a range of two single periods; None if none fits."""
    return _single(phrase) or _quarter_range(phrase, context_year) or _range(phrase)


def _single(phrase: str) -> _Span | None:
    """One day, month, quarter, part of a quarter or year, season or year."""
    if (
        m := _DAY_RE.fullmatch(phrase)
        or _ISO_RE.fullmatch(phrase)
        or _NUMERIC_DAY_RE.fullmatch(phrase)
    ):
        month = _MONTHS.get(m["month"]) or int(m["month"])
        day = _date(_year(m["year"]), month, int(m["day"]))
        return _Span(day, day, Precision.DAY)
    if m := _MONTH_RE.fullmatch(phrase):
        return _month(_year(m["year"]), _MONTHS[m["month"]])
    if m := _QUARTER_RE.fullmatch(phrase):
        return _quarter(int(m["year"]), int(m["quarter"]))
    if m := _PART_OF_QUARTER_RE.fullmatch(phrase):
        part = _PARTS_OF_QUARTER.index(_QUARTER_PART_SYNONYMS.get(m["part"], m["part"]))
        first = (int(m["quarter"]) - 1) * 3 + 1 + part
        return _months(int(m["year"]), first, first, Precision.PART_OF_QUARTER)
    if m := _PART_OF_YEAR_RE.fullmatch(phrase):
        first, last = _PARTS_OF_YEAR[_YEAR_PART_SYNONYMS.get(m["part"], m["part"])]
        return _months(int(m["year"]), first, last, Precision.PART_OF_YEAR)
    if m := _SEASON_RE.fullmatch(phrase):
        first, last = _SEASONS[m["season"]]
        return _months(int(m["year"]), first, last, Precision.SEASON)
    if m := _YEAR_RE.fullmatch(phrase):
        return _months(int(m["year"]), 1, 12, Precision.YEAR)
    return None


def _quarter_range(phrase: str, context_year: int | None) -> _Span | None:
    """Quarters joined by '-', '/' or 'en' ('Q3/4 2024 – Q1 2025'); a year ends its quarters."""
    if not phrase.startswith("q"):
        return None
    items: list[tuple[int, int | None]] = []  # (quarter, year as written)
    position = 0
    while item := _QUARTER_ITEM_RE.match(phrase, position):
        items.append((int(item["quarter"]), int(item["year"]) if item["year"] else None))
        if item.end() == len(phrase):
            break
        separator = _QUARTER_SEPARATOR_RE.match(phrase, item.end())
        if separator is None:
            return None
        position = separator.end()
    else:  # no quarter where one should be
        return None
    # The year is written after the last quarter it belongs to ("Q3 en Q4-2026"), so the last
    # quarter must have one, or else none has and the context year (e.g. of the Werkagenda) applies.
    year = items[-1][1]
    if year is None:
        if any(y is not None for _, y in items):
            raise _Reject("Jaartal staat niet achter het laatste kwartaal in", _ADVICE_YEAR)
        if context_year is None:
            raise _Reject("Jaartal ontbreekt in", _ADVICE_YEAR)
        year = context_year
    quarters: list[tuple[int, int]] = []  # (year, quarter), filled from the back
    for quarter, written in reversed(items):
        year = written or year
        quarters.insert(0, (year, quarter))
    if quarters != sorted(quarters):
        raise _Reject("Einde ligt vóór het begin in", _ADVICE_ORDER)
    return _join(_quarter(*quarters[0]), _quarter(*quarters[-1]))


def _range(phrase: str) -> _Span | None:
    """Two single periods joined by a dash ('2025 – Q1 2026'); None unless just one split fits."""
    splits = [
        sides
        for i, char in enumerate(phrase)
        if char == "-" and (sides := _range_sides(phrase[:i], phrase[i + 1 :]))
    ]
    return _join(*splits[0]) if len(splits) == 1 else None


def _range_sides(left: str, right: str) -> tuple[_Span, _Span] | None:
    """Both ends of a range; the first may be a bare month that takes its year from the second."""
    last = _single(right)
    if last is None or last.precision not in _RANGE_UNITS:
        return None
    first = _single(left)
    bare_month = _BARE_MONTH_RE.fullmatch(left)
    if first is None and bare_month and last.precision == Precision.MONTH:
        first = _month(last.start.year, _MONTHS[bare_month["month"]])
    if first is None or first.precision not in _RANGE_UNITS:
        return None
    return first, last


def _join(first: _Span, last: _Span) -> _Span:
    """The range from first to last, in the finer unit of the two; one quarter stays a quarter."""
    if last.start < first.start or last.end < first.end:
        raise _Reject("Einde ligt vóór het begin in", _ADVICE_ORDER)
    unit = next(u for u in _RANGE_UNITS if u in (first.precision, last.precision))
    if unit == Precision.QUARTER and (first.start, last.end) != quarter_bounds(first.start):
        unit = Precision.QUARTER_RANGE
    return _Span(first.start, last.end, unit)


def _year(text: str) -> int:
    """A written year; two digits mean 20yy."""
    return int(text) + 2000 if len(text) == 2 else int(text)


def in_year_window(year: int) -> bool:
    """Whether a year lies in MIN_YEAR..MAX_YEAR, the years a phrase may name."""
    return MIN_YEAR <= year <= MAX_YEAR


def _check_year(year: int) -> None:
    if not in_year_window(year):
        raise _Reject(
            f"Jaartal {year:04d} valt buiten de jaren {MIN_YEAR}–{MAX_YEAR} in", YEAR_ADVICE
        )


def _date(year: int, month: int, day: int) -> date:
    """The date, or a _Reject for a day that does not exist such as 32 januari."""
    _check_year(year)
    try:
        return date(year, month, day)
    except ValueError:
        raise _Reject("Ongeldige datum in", _ADVICE_DAY) from None


def _months(year: int, first: int, last: int, precision: Precision) -> _Span:
    """First day of month `first` to last day of month `last` in one year."""
    _check_year(year)
    last_day = calendar.monthrange(year, last)[1]
    return _Span(date(year, first, 1), date(year, last, last_day), precision)


def _month(year: int, month: int) -> _Span:
    return _months(year, month, month, Precision.MONTH)


def _quarter(year: int, quarter: int) -> _Span:
    return _months(year, quarter * 3 - 2, quarter * 3, Precision.QUARTER)


def _canonical(start: date | None, end: date | None, precision: Precision) -> str:
    """The normal phrase for a period; parse_period gives the same start, end and precision back."""
    if start is None or end is None:
        return "data n.t.b."
    match precision:
        case Precision.DAY:
            return _dash(format_day(start), format_day(end))
        case Precision.MONTH if start.year == end.year and start.month != end.month:
            return f"{_MONTH_NAMES[start.month]} – {_month_text(end)}"
        case Precision.MONTH:
            return _dash(_month_text(start), _month_text(end))
        case Precision.QUARTER:
            return _quarter_text(start)
        case Precision.QUARTER_RANGE if start.year == end.year:
            return f"Q{quarter_of(start)}-Q{quarter_of(end)} {end.year}"
        case Precision.QUARTER_RANGE:
            return _dash(_quarter_text(start), _quarter_text(end))
        case Precision.PART_OF_QUARTER:
            part = _PARTS_OF_QUARTER[(start.month - 1) % 3]
            return f"{part} {_quarter_text(start)}"
        case Precision.SEASON:
            return f"{_named(_SEASONS, start, end)} {start.year}"
        case Precision.PART_OF_YEAR:
            return f"{_named(_PARTS_OF_YEAR, start, end)} {start.year}"
        case Precision.YEAR:
            return _dash(str(start.year), str(end.year))
    raise ValueError(f"no canonical phrase for a {precision} period {start}..{end}")


def _dash(first: str, last: str) -> str:
    """'first – last', or just one of them when they are the same."""
    return first if first == last else f"{first} – {last}"


def _month_text(day: date) -> str:
    return f"{_MONTH_NAMES[day.month]} {day.year}"


def _quarter_text(day: date) -> str:
    return f"Q{quarter_of(day)}-{day.year}"


def _named(table: dict[str, tuple[int, int]], start: date, end: date) -> str:
    """The name in `table` for the months start..end of one year."""
    for name, months in table.items():
        if months == (start.month, end.month) and start.year == end.year:
            return name
    raise ValueError(f"no name for the period {start}..{end}")
