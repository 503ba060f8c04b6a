"""Turn calendar rows into iCalendar (RFC 5545) bytes. Pure: no Flask, no database.

Every event is an all-day event (VALUE=DATE, no time zone), so it falls on the same day wherever
the reader is. The output only depends on its input: DTSTAMP is the event's last change, never
"now", so an unchanged plan gives the same bytes and the same ETag on every poll.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
)

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
    # What Outlook, Google and Apple show. Parsers disagree on whether escapes count in X-
    # properties, so these carry no comma, semicolon or backslash at all (issue 11, point 8);
    # NAME and DESCRIPTION are standard TEXT and keep the text as written.
    calendar.add("x-wr-calname", _without_escapes(info.name))
    calendar.add("description", info.description)
    calendar.add("x-wr-caldesc", _without_escapes(info.description))
    calendar.add("x-wr-timezone", TIMEZONE)
    calendar.add("refresh-interval", info.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(info.refresh))  # X- names get no type of their own
    if info.url:
        calendar.add("source", info.url, parameters={"VALUE": "URI"})
    if info.page_url:
        calendar.add("url", info.page_url, parameters={"VALUE": "URI"})
    # Each event is serialised on its own and the calendar's lines are put around them, which is
    # what Calendar.to_ical does with its components: at 50 times the seed's size the tree of
    # all events at once took 20 MB of a worker's peak memory, the lines of one event a few KB.
    seen: set[str] = set()
    lines: list[bytes] = []
    for item in events:
        if item.uid in seen:
            raise ValueError(f"duplicate UID {item.uid!r} in calendar {info.name!r}")
        seen.add(item.uid)
        lines.append(bytes(_event(item, info, reminder_days).to_ical()))
    if not seen:
        # RFC 5545 section 3.6 wants at least one component. A VTIMEZONE is one (`timezonec`),
        # shows nothing in any client, and defines the zone X-WR-TIMEZONE names; a placeholder
        # VEVENT, VTODO or VJOURNAL would show up as an item that is not in the plan.
        lines.append(bytes(_amsterdam().to_ical()))
    head = bytes(calendar.to_ical())
    assert head.endswith(_END), head[-40:]
    return b"".join([head[: -len(_END)], *lines, _END])


_END = b"END:VCALENDAR\r\n"


def _without_escapes(text: str) -> str:
    """`text` without the characters that iCalendar escapes: "a, b; c\\d" -> "a b c/d"."""
    return re.sub(r"\s*[,;]\s*", " ", text).replace("\\", "/")


def _amsterdam() -> Timezone:
    """Europe/Amsterdam as a VTIMEZONE, written out so the bytes never depend on the host's tzdata:
    CET, and CEST from the last Sunday of March to the last Sunday of October (EU rule since 1996).
    """
    zone = Timezone()
    zone.add("tzid", TIMEZONE)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime(1981, 3, 29, 2, 0))
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


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
    # Counted from the start (a trigger related to the end is ignored by Outlook, which counts
    # from the start anyway): `days` days before the due date, the event's last day, at
    # REMINDER_HOUR local time, whether the event is that one day or a whole planned period.
    alarm.add("trigger", timedelta(days=(item.end - item.start).days - days, hours=REMINDER_HOUR))
    return alarm


def _utc_seconds(value: datetime) -> datetime:
    """UTC without microseconds: iCalendar and HTTP dates count whole seconds."""
    if value.utcoffset() is None:
        raise ValueError("calendar times must be timezone-aware")
    return value.astimezone(UTC).replace(microsecond=0)
