"""What each calendar event says: UID, dates, Dutch summary and description, SEQUENCE.

Pure functions over the rows of `queries.py`; links back to the app come from the caller.

**UID** comes from the stable key (afspraak code and label, or the commitment's key), so an event
keeps it through reseeds and edits; a stable key that changes retires the old row, whose UID is
then sent as cancelled.

**SEQUENCE** must grow whenever the event changes. The event shows the plan (history in
PlanWijziging), the progress (Voortgang, append-only) and one thing that changes by the calendar
alone: whether the milestone is overdue. So SEQUENCE = 2 x (stored changes) + (1 if overdue). It
never drops: time only makes a milestone overdue, and only a stored change (a new forecast, a
reached date, a new plan date) can end that, which adds 2 for the 1 it takes away.

**LAST-MODIFIED** (and DTSTAMP) is the latest of: the row's creation, its latest stored change, and
the start of the first day it was overdue.

**The window.** A feed leaves out what ended before the first day of the month `months_back` months
ago (three by default, `?terug=alles` for everything), as calendar publishing usually does: a
subscribed client drops what leaves the feed, and a plan of years would otherwise send every past
milestone on each poll. The window moves on the first of a month only, so the feed's bytes (and its
ETag) stay the same within a month; the moment an event left counts for the feed's Last-Modified.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from app.domain.labels import COMMITMENT_KIND_LABELS, COMMITMENT_STATUS_LABELS, STATUS_LABELS
from app.domain.periods import day_after, format_day
from app.domain.status import stands_on
from app.feeds.builder import CalendarEvent
from app.feeds.queries import Changes, CommitmentRow, FeedData, MijlpaalRow
from app.models import CommitmentStatus

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UID_DOMAIN = "e5-werkagenda"
SUMMARY_LIMIT = 140  # clients show a line or two; the description has the full text
CALENDAR_PREFIX = "E5"
DEFAULT_MONTHS_BACK = 3  # a quarter: the Werkagenda reports per quarter


class Links(Protocol):
    """Absolute addresses of the app's pages, for the link back in every event."""

    def afspraak(self, code: str, anchor: str | None = None) -> str: ...

    def home(self) -> str: ...


@dataclass(frozen=True)
class FeedOptions:
    """What a subscriber chose: multi-day events over the planned span, a reminder, and how
    many months back the feed goes (None: everything)."""

    span: bool = False
    reminder_days: int | None = None
    months_back: int | None = DEFAULT_MONTHS_BACK


def window_start(today: date, months_back: int) -> date:
    """The first day a feed still shows: the first of the month `months_back` months ago."""
    return _first_of_month(today, -months_back)


def _first_of_month(day: date, months: int) -> date:
    """The first day of the month `months` months after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def in_window(
    events: Iterable[CalendarEvent], today: date, months_back: int | None
) -> tuple[list[CalendarEvent], datetime | None]:
    """The events that end on or after `window_start`, and when the last one of the others left
    the window (the start of the first day of the month it no longer fitted in, in Amsterdam)."""
    if months_back is None:
        return list(events), None
    start = window_start(today, months_back)
    kept: list[CalendarEvent] = []
    left: date | None = None
    for item in events:
        if item.end >= start:
            kept.append(item)
        else:
            # It fits while the window starts in its end's month or earlier: it leaves when the
            # window starts one month later, which is `months_back` + 1 months after that month.
            gone = _first_of_month(item.end, months_back + 1)
            left = gone if left is None or gone > left else left
    moment = datetime.combine(left, time(0), tzinfo=AMSTERDAM).astimezone(UTC) if left else None
    return kept, moment


def mijlpaal_uid(afspraak_code: str, label: str) -> str:
    """e.g. mijlpaal-5a-A@e5-werkagenda, mijlpaal-8-Mijlpaal_1@e5-werkagenda."""
    return f"mijlpaal-{_uid_part(afspraak_code)}-{_uid_part(label)}@{UID_DOMAIN}"


def commitment_uid(kind: str, key: str) -> str:
    """e.g. toezegging-tz-2026-werkagenda-e5@e5-werkagenda."""
    return f"{kind}-{_uid_part(key, safe='-.')}@{UID_DOMAIN}"


def _uid_part(text: str, safe: str = "") -> str:
    """URL-safe and one-to-one: ASCII letters and digits (and `safe`) stay, a space becomes "_",
    anything else (including "-" unless safe) is percent-encoded, so no two texts meet."""
    out = []
    for char in text:
        if (char.isascii() and char.isalnum()) or char in safe:
            out.append(char)
        elif char == " ":
            out.append("_")
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode())
    return "".join(out)


def sequence(changes: Changes, overdue: bool = False) -> int:
    """Grows with every change of the event (see the module docstring)."""
    return 2 * changes.count + (1 if overdue else 0)


def overdue_since(due: date) -> datetime:
    """When a milestone due on `due` became overdue: the start of the next day in Amsterdam."""
    return datetime.combine(day_after(due), time(0), tzinfo=AMSTERDAM).astimezone(UTC)


def mijlpaal_events(
    rows: Iterable[MijlpaalRow], links: Links, options: FeedOptions, *, private: bool = False
) -> list[CalendarEvent]:
    """One event per dated milestone; removed ones that had a date come as cancelled."""
    return [e for row in rows if (e := mijlpaal_event(row, links, options, private=private))]


def mijlpaal_event(
    row: MijlpaalRow, links: Links, options: FeedOptions, *, private: bool = False
) -> CalendarEvent | None:
    """The milestone's event, or None when it has no date to sit on ("data n.t.b.")."""
    # The same day as on the pages and the planning chart: reached, else forecast, else plan.
    due = stands_on(row)
    if due is None:
        return None
    # The span of the forecast in force, else of the plan; a reached milestone is on its day.
    if row.reached_on is not None:
        first = due
    else:
        first = (row.forecast_start if row.forecast_end else row.planned_start) or due
    changes = row.internal_changes if private else row.public_changes
    stamps = [row.created_at, *([changes.last] if changes.last else [])]
    if row.overdue:
        stamps.append(overdue_since(due))
    state = " (vervallen)" if row.removed else " (bereikt)" if row.reached_on else ""
    summary = f"{CALENDAR_PREFIX} {row.afspraak_code} – {row.label}{state}: {row.text}"
    if row.removed:
        url = links.afspraak(row.afspraak_code)
    else:
        url = links.afspraak(row.afspraak_code, row.anchor)
    return CalendarEvent(
        uid=mijlpaal_uid(row.afspraak_code, row.label),
        summary=_shorten(summary),
        description=_mijlpaal_description(row, due, url, private=private),
        start=min(first, due) if options.span else due,
        end=due,
        sequence=sequence(changes, row.overdue),
        last_modified=max(stamps),
        created=row.created_at,
        url=url,
        cancelled=row.removed,
        remind=not row.removed and row.reached_on is None,
        categories=("Werkagenda E5", "Mijlpaal"),
    )


def _mijlpaal_description(row: MijlpaalRow, due: date, url: str, *, private: bool) -> str:
    lines = [
        f"Afspraak {row.afspraak_code}: {row.afspraak_title}",
        f"Mijlpaal {row.label}: {row.text}",
    ]
    if row.opsteller:
        lines.append(f"Opsteller: {row.opsteller}")
    lines.append(f"Gepland: {_period(row.planned_text, row.planned_start, row.planned_end)}")
    forecast_differs = row.forecast_text and (
        row.forecast_end != row.planned_end or row.forecast_text != row.planned_text
    )
    if forecast_differs:
        period = _period(row.forecast_text, row.forecast_start, row.forecast_end)
        lines.append(f"Verwacht: {period}")
    lines.append(f"Status: {_mijlpaal_state(row, due)}")
    if private and row.internal_note and not row.removed:
        when = f" ({format_day(row.internal_note_date)})" if row.internal_note_date else ""
        lines.append(f"Interne notitie{when}: {row.internal_note}")
    lines.append(f"Meer informatie: {url}")
    return "\n".join(lines)


def _mijlpaal_state(row: MijlpaalRow, due: date) -> str:
    if row.status is None:
        return "vervallen: deze mijlpaal staat niet meer in de Werkagenda."
    if row.reached_on:
        return f"bereikt op {format_day(row.reached_on)}."
    label = STATUS_LABELS[row.status]
    if row.overdue:
        return f"{label}: te laat, uiterlijk {format_day(due)} is voorbij."
    return f"{label}."


def _period(text: str, start: date | None, end: date | None) -> str:
    """The phrase as written, and the days it spans."""
    if end is None:
        return f"{text or 'geen datum'} (nog niet gepland)"
    if start is None or start == end:
        days = format_day(end)
    else:
        days = f"{format_day(start)} t/m {format_day(end)}"
    return f"{text} ({days})" if text and text != format_day(end) else days


def commitment_events(
    rows: Iterable[CommitmentRow], links: Links, options: FeedOptions
) -> list[CalendarEvent]:
    """One event per toezegging or motie with a due date; removed ones come as cancelled."""
    return [e for row in rows if (e := commitment_event(row, links, options))]


def commitment_event(
    row: CommitmentRow, links: Links, options: FeedOptions
) -> CalendarEvent | None:
    if row.due_end is None:
        return None  # a running commitment ("via de periodieke voortgangsbrieven") has no day
    kind = COMMITMENT_KIND_LABELS[row.kind]
    who = f" {', '.join(row.members)}" if row.kind == "motie" and row.members else ""
    if row.removed:
        state = " (vervallen)"
    elif row.status is CommitmentStatus.OPEN:
        state = ""
    else:
        state = f" ({COMMITMENT_STATUS_LABELS[row.status].lower()})"
    code = row.afspraak_codes[0] if row.afspraak_codes else None
    url = links.afspraak(code, "kamer-kop") if code else links.home()
    lines = [f"{kind}: {row.text}"]
    if row.members:
        lines.append(f"Ingediend door: {', '.join(row.members)}")
    # The words of the Kamerstuk ("in het derde kwartaal") when they say more than the phrase.
    due_text = row.due_text if row.due_text.lower() != row.due_phrase.lower() else ""
    period = _period(row.due_phrase, row.due_start, row.due_end)
    lines.append(f"Termijn: {due_text + ' – ' if due_text else ''}{period}")
    status = "vervallen" if row.removed else COMMITMENT_STATUS_LABELS[row.status]
    lines.append(f"Status: {status}.")
    if row.origin:
        lines.append(f"Herkomst: {row.origin}")
    if row.afspraak_codes:
        lines.append(f"Afspraken: {', '.join(row.afspraak_codes)}")
    lines.append(f"Meer informatie: {url}")
    return CalendarEvent(
        uid=commitment_uid(row.kind, row.key),
        summary=_shorten(f"{CALENDAR_PREFIX} {kind}{who}{state}: {row.text}"),
        description="\n".join(lines),
        start=(row.due_start or row.due_end) if options.span else row.due_end,
        end=row.due_end,
        sequence=sequence(row.changes),
        last_modified=max([row.created_at, *([row.changes.last] if row.changes.last else [])]),
        created=row.created_at,
        url=url,
        cancelled=row.removed,
        remind=not row.removed and row.status is CommitmentStatus.OPEN,
        categories=("Werkagenda E5", kind),
    )


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1].rstrip() + "…"


def in_afspraak(data: FeedData, code: str) -> list[MijlpaalRow]:
    """The milestones of an afspraak and of its sub-afspraken (afspraak 5 has only those)."""
    codes = {code, *data.children.get(code, [])}
    return [row for row in data.mijlpalen if row.afspraak_code in codes]


def owned_by(data: FeedData, partij_ids: frozenset[int]) -> set[str]:
    """Codes of the afspraken that one of these parties writes or works on."""
    return {code for code, owners in data.owners.items() if owners & partij_ids}
