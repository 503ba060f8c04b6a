"""The iCalendar builder: RFC 5545 essentials, line format, reminders, cancelled events."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.feeds.builder import CalendarEvent, CalendarInfo, build_calendar
from tests.icalendar_checks import days, events_by_uid, parse_feed

INFO = CalendarInfo(
    name="Werkagenda E5 – mijlpalen",
    description="Alle mijlpalen.",
    refresh=timedelta(hours=6),
    url="https://e5.example/agenda/mijlpalen.ics",
    page_url="https://e5.example/agenda",
)
CHANGED = datetime(2026, 11, 3, 14, 5, 9, 123456, tzinfo=UTC)
CREATED = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
# Long, with multi-byte characters, commas and semicolons: folding and escaping must cope.
LONG = "Patiëntinformatie; één centraal informatiepunt, met uitleg " * 6


def event(**overrides: object) -> CalendarEvent:
    values: dict[str, object] = {
        "uid": "mijlpaal-5a-A@e5-werkagenda",
        "summary": "E5 5a – A: Een document met definitieve definities",
        "description": "Afspraak 5a: Uniforme definities\nGepland: Juni 2026",
        "start": date(2026, 6, 30),
        "end": date(2026, 6, 30),
        "sequence": 3,
        "last_modified": CHANGED,
        "created": CREATED,
        "url": "https://e5.example/afspraken/5a#mijlpaal-5a-A",
    }
    values.update(overrides)
    return CalendarEvent(**values)  # type: ignore[arg-type]


def test_calendar_has_name_refresh_interval_and_timezone() -> None:
    body = build_calendar(INFO, [event()])
    calendar = parse_feed(body)
    assert str(calendar["X-WR-CALNAME"]) == "Werkagenda E5 – mijlpalen"
    assert str(calendar["NAME"]) == "Werkagenda E5 – mijlpalen"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Amsterdam"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in body
    assert b"X-PUBLISHED-TTL:PT6H\r\n" in body
    assert b"SOURCE;VALUE=URI:https://e5.example/agenda/mijlpalen.ics\r\n" in body
    assert b"METHOD" not in body  # DTSTAMP then means "last revised", stable between polls


def test_all_day_event_with_exclusive_end_and_stable_stamps() -> None:
    calendar = parse_feed(build_calendar(INFO, [event()]))
    (item,) = calendar.walk("VEVENT")
    assert item.decoded("DTSTART") == date(2026, 6, 30)
    assert item.decoded("DTEND") == date(2026, 7, 1)  # exclusive: the next day
    assert item.decoded("DTSTAMP") == datetime(2026, 11, 3, 14, 5, 9, tzinfo=UTC)
    assert item.decoded("LAST-MODIFIED") == datetime(2026, 11, 3, 14, 5, 9, tzinfo=UTC)
    assert item.decoded("CREATED") == CREATED
    assert item["SEQUENCE"] == 3
    assert str(item["STATUS"]) == "CONFIRMED"
    assert str(item["TRANSP"]) == "TRANSPARENT"
    assert str(item["CLASS"]) == "PUBLIC"
    assert "VALARM" not in [c.name for c in item.subcomponents]


def test_multi_day_event_spans_the_period() -> None:
    q3 = event(start=date(2026, 7, 1), end=date(2026, 9, 30))
    (item,) = parse_feed(build_calendar(INFO, [q3])).walk("VEVENT")
    assert days(item) == (date(2026, 7, 1), date(2026, 9, 30))
    assert item.decoded("DTEND") == date(2026, 10, 1)


def test_long_texts_are_folded_at_75_octets_and_come_back_whole() -> None:
    body = build_calendar(INFO, [event(summary=LONG, description=LONG + "\n" + LONG)])
    assert any(line.startswith(b" ") for line in body.split(b"\r\n"))  # really folded
    (item,) = parse_feed(body).walk("VEVENT")
    assert str(item["SUMMARY"]) == LONG
    assert str(item["DESCRIPTION"]) == LONG + "\n" + LONG


def test_same_input_gives_the_same_bytes() -> None:
    assert build_calendar(INFO, [event()]) == build_calendar(INFO, [event()])


@pytest.mark.parametrize(
    ("days_before", "trigger"),
    [
        (7, b"TRIGGER:-P6DT15H"),
        (1, b"TRIGGER:-PT15H"),
        (0, b"TRIGGER:PT9H"),
    ],
)
def test_reminder_rings_at_nine_the_given_days_before(days_before: int, trigger: bytes) -> None:
    body = build_calendar(INFO, [event()], reminder_days=days_before)
    (item,) = parse_feed(body).walk("VEVENT")
    (alarm,) = item.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == str(item["SUMMARY"])
    assert trigger + b"\r\n" in body  # related to the start, the default: no RELATED parameter
    start = datetime(2026, 6, 30)  # the due date: a one-day event
    rings = start + alarm.decoded("TRIGGER")
    assert rings == datetime(2026, 6, 30, 9) - timedelta(days=days_before)


@pytest.mark.parametrize("days_before", [0, 7, 90])
def test_reminder_of_a_multi_day_event_counts_from_its_start_to_before_its_last_day(
    days_before: int,
) -> None:
    q3 = event(start=date(2026, 7, 1), end=date(2026, 9, 30))
    body = build_calendar(INFO, [q3], reminder_days=days_before)
    (item,) = parse_feed(body).walk("VEVENT")
    (alarm,) = item.walk("VALARM")
    assert "RELATED" not in alarm["TRIGGER"].params
    # What Outlook (counting from the start) and every other client ring: the same moment as
    # before, `days_before` days before 30 September at nine, also when that is before 1 July.
    rings = datetime(2026, 7, 1) + alarm.decoded("TRIGGER")
    assert rings == datetime(2026, 9, 30, 9) - timedelta(days=days_before)


def test_no_reminder_on_cancelled_or_reached_events() -> None:
    body = build_calendar(
        INFO,
        [event(uid="a@x", cancelled=True), event(uid="b@x", remind=False), event(uid="c@x")],
        reminder_days=7,
    )
    items = events_by_uid(parse_feed(body))
    assert str(items["a@x"]["STATUS"]) == "CANCELLED"
    assert [bool(items[uid].walk("VALARM")) for uid in ("a@x", "b@x", "c@x")] == [
        False,
        False,
        True,
    ]


def test_private_calendar_marks_events_private_and_names_no_source() -> None:
    info = CalendarInfo(name="Werkagenda E5 – mijn agenda", description="x", refresh=INFO.refresh)
    private = CalendarInfo(
        name=info.name, description="x", refresh=INFO.refresh, url=None, private=True
    )
    body = build_calendar(private, [event()])
    (item,) = parse_feed(body).walk("VEVENT")
    assert str(item["CLASS"]) == "PRIVATE"
    assert b"SOURCE" not in body


def test_a_calendar_without_events_still_holds_a_component() -> None:
    body = build_calendar(INFO, [])
    calendar = parse_feed(body)  # checks that there is at least one component
    assert calendar.walk("VEVENT") == []
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == str(calendar["X-WR-TIMEZONE"]) == "Europe/Amsterdam"
    summer, winter = zone.walk("DAYLIGHT")[0], zone.walk("STANDARD")[0]
    assert (summer["TZOFFSETTO"].td, winter["TZOFFSETTO"].td) == (
        timedelta(hours=2),
        timedelta(hours=1),
    )
    assert body == build_calendar(INFO, [])  # written out, not read from the host's tzdata
    # With events there is nothing to fill: the events are all-day and name no time zone.
    assert b"VTIMEZONE" not in build_calendar(INFO, [event()])


def test_calendar_name_and_description_keep_out_characters_that_need_escaping() -> None:
    info = CalendarInfo(
        name="Werkagenda E5 – Ministerie van Volksgezondheid, Welzijn en Sport",
        description="Mijlpalen van VWS; zie a\\b, c.",
        refresh=INFO.refresh,
    )
    body = build_calendar(info, [event()])
    assert (
        b"X-WR-CALNAME:Werkagenda E5 \xe2\x80\x93 Ministerie van Volksgezondheid Welzijn en" in body
    )
    assert b"X-WR-CALDESC:Mijlpalen van VWS zie a/b c.\r\n" in body
    calendar = parse_feed(body)
    # The standard properties are TEXT with well-defined escapes: those keep the text as written.
    assert str(calendar["NAME"]) == info.name
    assert str(calendar["DESCRIPTION"]) == info.description


def test_duplicate_uids_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate UID"):
        build_calendar(INFO, [event(), event()])


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValueError, match="ends"):
        build_calendar(INFO, [event(start=date(2026, 7, 1), end=date(2026, 6, 30))])


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        build_calendar(INFO, [event(last_modified=datetime(2026, 1, 1))])
