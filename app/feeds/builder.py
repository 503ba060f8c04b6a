"""Turn calendar rows into iCalendar (RFC 5545) bytes. Pure: no Flask, no database.

Every event is an all-day event (VALUE=DATE, no time zone), so it falls on the same day wherever
the reader is. The output only depends on its input: DTSTAMP is the event's last change, never
"now", so an unchanged plan gives the same bytes and the same ETag on every poll.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vDuration

from app.domain.periods import day_after

PRODID = "-//Werkgroep VBG//Werkagenda E5//NL"
TIMEZONE = "Europe/Amsterdam"
# Reminders go off at this local hour, so "7 days before" does not ring at midnight.
REMINDER_HOUR = 9


@dataclass(frozen=True)
class CalendarInfo:
    """What the whole calendar is called and how often clients should fetch it again."""

    name: str
    description: str
    refresh: timedelta
    url: str | None = None  # the feed's own address (SOURCE); left out of secret feeds
    page_url: str | None = None  # where it is explained (URL)
    private: bool = False  # CLASS:PRIVATE on every event: not to be shown to others


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event from `start` to `end`, both included."""

    uid: str
    summary: str
    description: str
    start: date
    end: date
    sequence: int
    last_modified: datetime
    created: datetime
    url: str | None = None
    cancelled: bool = False
    remind: bool = True  # False for what needs no reminder any more (reached, cancelled)
    categories: tuple[str, ...] = ()


def build_calendar(
    info: CalendarInfo, events: Iterable[CalendarEvent], *, reminder_days: int | None = None
) -> bytes:
    """The calendar as iCalendar bytes (UTF-8, CRLF, folded at 75 octets)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # No METHOD: without it, DTSTAMP means "last revised", so it can stay stable between polls.
    calendar.add("name", info.name)  # RFC 7986
    calendar.add("x-wr-calname", info.name)  # what Outlook, Google and Apple show
    calendar.add("description", info.description)
    calendar.add("x-wr-caldesc", info.description)
    calendar.add("x-wr-timezone", TIMEZONE)
    calendar.add("refresh-interval", info.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(info.refresh))  # X- names get no type of their own
    if info.url:
        calendar.add("source", info.url, parameters={"VALUE": "URI"})
    if info.page_url:
        calendar.add("url", info.page_url, parameters={"VALUE": "URI"})
    seen: set[str] = set()
    for item in events:
        if item.uid in seen:
            raise ValueError(f"duplicate UID {item.uid!r} in calendar {info.name!r}")
        seen.add(item.uid)
        calendar.add_component(_event(item, info, reminder_days))
    return bytes(calendar.to_ical())


def _event(item: CalendarEvent, info: CalendarInfo, reminder_days: int | None) -> Event:
    if item.end < item.start:
        raise ValueError(f"event {item.uid!r} ends ({item.end}) before it starts ({item.start})")
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", _utc_seconds(item.last_modified))
    event.add("created", _utc_seconds(item.created))
    event.add("last-modified", _utc_seconds(item.last_modified))
    event.add("sequence", item.sequence)
    event.add("dtstart", item.start)
    # All-day DTEND is exclusive: the day after the last day.
    event.add("dtend", day_after(item.end))
    event.add("summary", item.summary)
    event.add("description", item.description)
    if item.url:
        event.add("url", item.url)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: it does not make anyone busy
    event.add("class", "PRIVATE" if info.private else "PUBLIC")
    if item.categories:
        event.add("categories", list(item.categories))
    if reminder_days is not None and item.remind and not item.cancelled:
        event.add_component(_alarm(item, reminder_days))
    return event


def _alarm(item: CalendarEvent, days: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", item.summary)
    # Counted back from the event's exclusive end, the day after the due date, so the reminder
    # is `days` days before the deadline at REMINDER_HOUR whether the event is one day or a
    # whole planned period.
    alarm.add(
        "trigger",
        timedelta(days=-(days + 1), hours=REMINDER_HOUR),
        parameters={"RELATED": "END"},
    )
    return alarm


def _utc_seconds(value: datetime) -> datetime:
    """UTC without microseconds: iCalendar and HTTP dates count whole seconds."""
    if value.utcoffset() is None:
        raise ValueError("calendar times must be timezone-aware")
    return value.astimezone(UTC).replace(microsecond=0)
