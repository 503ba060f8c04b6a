"""Checks of iCalendar output against RFC 5545, shared by the unit and integration tests."""

from datetime import date, datetime, timedelta

from icalendar import Calendar, Event


def parse_feed(body: bytes) -> Calendar:
    """Parse a feed after checking its line format and the essentials of every event.

    RFC 5545 section 3.1: CRLF line ends, lines of at most 75 octets (longer ones folded);
    section 3.6: at least one component; section 3.6.1: UID, DTSTAMP and DTSTART on every
    VEVENT; an all-day event's DTEND is exclusive, so it lies after DTSTART (or is absent). UIDs
    are unique within the calendar. Beyond the RFC, for the clients (issue 11, point 8):
    X-WR-CALNAME and X-WR-CALDESC hold no character that would need escaping, and reminders
    count from the start (Outlook ignores RELATED=END).
    """
    assert body.endswith(b"\r\n"), "the last line must end with CRLF"
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "bare LF or CR"
    too_long = [line for line in lines if len(line) > 75]
    assert not too_long, f"lines longer than 75 octets: {too_long[:3]}"
    body.decode("utf-8")  # folding must not split a UTF-8 character into invalid bytes

    unfolded = body.replace(b"\r\n ", b"").split(b"\r\n")
    for line in unfolded:
        if line.startswith((b"X-WR-CALNAME", b"X-WR-CALDESC")):
            value = line.split(b":", 1)[1]
            assert not set(value) & set(b",;\\"), f"escaped characters in {line!r}"
        assert not line.startswith(b"TRIGGER;RELATED=END"), "a reminder related to the end"

    calendar = Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"])
    assert calendar.subcomponents, "a calendar needs at least one component (RFC 5545 3.6)"
    uids = []
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART"):
            assert name in event, f"{name} missing in {event.get('UID')}"
        assert isinstance(event.decoded("DTSTAMP"), datetime)
        assert event.decoded("DTSTAMP").utcoffset() == timedelta(0), "DTSTAMP must be UTC"
        start = event.decoded("DTSTART")
        if not isinstance(start, datetime):  # all-day
            assert isinstance(start, date)
            if "DTEND" in event:
                end = event.decoded("DTEND")
                assert type(end) is date, "an all-day DTEND is a DATE too"
                assert end > start, f"all-day DTEND must be exclusive in {event['UID']}"
        uids.append(str(event["UID"]))
    assert len(uids) == len(set(uids)), "duplicate UIDs"
    return calendar


def events_by_uid(calendar: Calendar) -> dict[str, Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def days(event: Event) -> tuple[date, date]:
    """First and last day of an all-day event (DTEND is exclusive)."""
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND") if "DTEND" in event else start + timedelta(days=1)
    return start, end - timedelta(days=1)


def text(event: Event, name: str) -> str:
    """A text property, unescaped (commas and semicolons as written)."""
    return str(event[name])


def whole(url: str) -> str:
    """`url` with every event however old (`terug=alles`), for the tests of what events say: the
    seeded plan's milestones of early 2026 lie outside the default window of the pinned day."""
    if "terug=" in url:
        return url
    return f"{url}{'&' if '?' in url else '?'}terug=alles"
