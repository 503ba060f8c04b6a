"""What each calendar event says: UIDs, SEQUENCE, dates and the Dutch texts; feed options."""

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.status import Status
from app.feeds.builder import CalendarEvent
from app.feeds.events import (
    AMSTERDAM,
    DEFAULT_MONTHS_BACK,
    FeedOptions,
    commitment_event,
    commitment_uid,
    in_window,
    mijlpaal_event,
    mijlpaal_uid,
    overdue_since,
    sequence,
    window_start,
)
from app.feeds.forms import option_args, parse_feed_options
from app.feeds.queries import Changes, CommitmentRow, MijlpaalRow
from app.models import CommitmentStatus

CREATED = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
EDITED = datetime(2026, 5, 2, 10, 30, tzinfo=UTC)
URL_SAFE = re.compile(r"[A-Za-z0-9._~%@-]+")


class Links:
    def afspraak(self, code: str, anchor: str | None = None) -> str:
        return f"https://e5.example/afspraken/{code}" + (f"#{anchor}" if anchor else "")

    def home(self) -> str:
        return "https://e5.example/"


ROW = MijlpaalRow(
    key="5a/A",
    afspraak_code="5a",
    parent_code="5",
    afspraak_title="Uniforme definities",
    opsteller="Het ministerie van VWS",
    label="A",
    text="Een document met definitieve definities, vastgesteld in het BO Farmacie.",
    anchor="mijlpaal-5a-A",
    planned_text="Juni 2026",
    planned_start=date(2026, 6, 1),
    planned_end=date(2026, 6, 30),
    forecast_text="",
    forecast_start=None,
    forecast_end=None,
    reached_on=None,
    status=Status.OP_SCHEMA,
    overdue=False,
    created_at=CREATED,
    public_changes=Changes(),
    internal_changes=Changes(),
)


DEFAULT = FeedOptions()


def event_of(
    row: MijlpaalRow, options: FeedOptions = DEFAULT, private: bool = False
) -> CalendarEvent:
    made = mijlpaal_event(row, Links(), options, private=private)
    assert made is not None
    return made


@pytest.mark.parametrize(
    ("code", "label", "uid"),
    [
        ("5a", "A", "mijlpaal-5a-A@e5-werkagenda"),
        ("8", "Mijlpaal 1", "mijlpaal-8-Mijlpaal_1@e5-werkagenda"),
        ("2", "1", "mijlpaal-2-1@e5-werkagenda"),
        ("5a", "A-1", "mijlpaal-5a-A%2D1@e5-werkagenda"),
        ("1", "Eén", "mijlpaal-1-E%C3%A9n@e5-werkagenda"),
    ],
)
def test_mijlpaal_uid_is_readable_and_url_safe(code: str, label: str, uid: str) -> None:
    assert mijlpaal_uid(code, label) == uid
    assert URL_SAFE.fullmatch(uid)


def test_commitment_uid_keeps_the_key() -> None:
    assert commitment_uid("toezegging", "tz-2026-werkagenda-e5") == (
        "toezegging-tz-2026-werkagenda-e5@e5-werkagenda"
    )
    assert commitment_uid("motie", "mt-bushoff-centraal-meldpunt").startswith("motie-mt-bushoff")


@given(
    st.tuples(st.text(min_size=1, max_size=6), st.text(min_size=1, max_size=12)),
    st.tuples(st.text(min_size=1, max_size=6), st.text(min_size=1, max_size=12)),
)
def test_different_stable_keys_never_share_a_uid(a: tuple[str, str], b: tuple[str, str]) -> None:
    # Labels such as "Mijlpaal 1", "Mijlpaal-1" and "Mijlpaal_1" must stay apart.
    if a != b:
        assert mijlpaal_uid(*a) != mijlpaal_uid(*b)
    assert URL_SAFE.fullmatch(mijlpaal_uid(*a))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ((0, False), (0, True)),  # the due date passed: overdue
        ((0, True), (1, False)),  # a new forecast ended the lateness
        ((3, True), (4, True)),  # reached while late
        ((3, False), (4, True)),  # the plan moved into the past
    ],
)
def test_sequence_grows_with_every_change(
    before: tuple[int, bool], after: tuple[int, bool]
) -> None:
    assert sequence(Changes(after[0]), after[1]) > sequence(Changes(before[0]), before[1])


def test_event_on_the_due_date_with_the_phrase_and_span_in_the_description() -> None:
    made = event_of(ROW)
    assert made.uid == "mijlpaal-5a-A@e5-werkagenda"
    assert (made.start, made.end) == (date(2026, 6, 30), date(2026, 6, 30))
    assert made.summary == (
        "E5 5a – A: Een document met definitieve definities, vastgesteld in het BO Farmacie."
    )
    assert made.description.splitlines() == [
        "Afspraak 5a: Uniforme definities",
        "Mijlpaal A: Een document met definitieve definities, vastgesteld in het BO Farmacie.",
        "Opsteller: Het ministerie van VWS",
        "Gepland: Juni 2026 (1 juni 2026 t/m 30 juni 2026)",
        "Status: Op schema.",
        "Meer informatie: https://e5.example/afspraken/5a#mijlpaal-5a-A",
    ]
    assert made.url == "https://e5.example/afspraken/5a#mijlpaal-5a-A"
    assert (made.sequence, made.last_modified, made.cancelled) == (0, CREATED, False)


def test_span_option_covers_the_planned_period() -> None:
    made = event_of(replace(ROW, planned_text="Q3-2026", planned_start=date(2026, 7, 1),
                            planned_end=date(2026, 9, 30)), FeedOptions(span=True))  # fmt: skip
    assert (made.start, made.end) == (date(2026, 7, 1), date(2026, 9, 30))


def test_forecast_moves_the_event_and_is_described_next_to_the_plan() -> None:
    row = replace(
        ROW,
        forecast_text="Q3-2026",
        forecast_start=date(2026, 7, 1),
        forecast_end=date(2026, 9, 30),
        public_changes=Changes(1, EDITED),
    )
    made = event_of(row)
    assert (made.start, made.end) == (date(2026, 9, 30), date(2026, 9, 30))
    assert "Gepland: Juni 2026 (1 juni 2026 t/m 30 juni 2026)" in made.description
    assert "Verwacht: Q3-2026 (1 juli 2026 t/m 30 september 2026)" in made.description
    assert (made.sequence, made.last_modified) == (2, EDITED)
    assert event_of(row, FeedOptions(span=True)).start == date(2026, 7, 1)


def test_forecast_equal_to_the_plan_is_not_repeated() -> None:
    row = replace(ROW, forecast_text="Juni 2026", forecast_end=date(2026, 6, 30))
    assert "Verwacht" not in event_of(row).description


def test_overdue_milestone_says_so_and_was_modified_when_it_became_late() -> None:
    made = event_of(replace(ROW, status=Status.VERTRAAGD, overdue=True))
    assert "Status: Vertraagd: te laat, uiterlijk 30 juni 2026 is voorbij." in made.description
    assert made.sequence == 1
    # Midnight at the start of 1 July in Amsterdam (summer time) is 22:00 UTC on 30 June.
    assert made.last_modified == overdue_since(date(2026, 6, 30))
    assert made.last_modified == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)


def test_reached_milestone_says_so_and_needs_no_reminder() -> None:
    made = event_of(replace(ROW, reached_on=date(2026, 6, 12), status=Status.AFGEROND))
    assert made.summary.startswith("E5 5a – A (bereikt): ")
    assert "Status: bereikt op 12 juni 2026." in made.description
    assert not made.remind


def test_removed_milestone_is_cancelled_under_the_same_uid() -> None:
    made = event_of(replace(ROW, status=None, anchor=None, public_changes=Changes(1, EDITED)))
    assert made.cancelled
    assert made.uid == "mijlpaal-5a-A@e5-werkagenda"
    assert made.summary.startswith("E5 5a – A (vervallen): ")
    assert "vervallen: deze mijlpaal staat niet meer in de Werkagenda" in made.description
    assert made.url == "https://e5.example/afspraken/5a"
    assert made.sequence == 2


def test_milestone_without_a_date_has_no_event() -> None:
    undated = replace(ROW, planned_text="data n.t.b.", planned_start=None, planned_end=None)
    assert mijlpaal_event(undated, Links(), FeedOptions()) is None


def test_internal_note_only_in_private_events_and_counted_there() -> None:
    row = replace(
        ROW,
        internal_note="Nog geen akkoord van de achterban.",
        internal_note_date=date(2026, 5, 2),
        internal_changes=Changes(1, EDITED),
    )
    public, private = event_of(row), event_of(row, private=True)
    assert "achterban" not in public.description
    assert "Interne notitie (2 mei 2026): Nog geen akkoord van de achterban." in private.description
    assert (public.sequence, private.sequence) == (0, 2)


def test_summary_is_shortened_but_the_description_keeps_the_whole_text() -> None:
    made = event_of(replace(ROW, text="Lange tekst " * 30))
    assert len(made.summary) == 140
    assert made.summary.endswith("…")
    assert ("Mijlpaal A: " + "Lange tekst " * 30).strip() in made.description


COMMITMENT = CommitmentRow(
    kind="toezegging",
    key="tz-2026-vergoedingstermijnen-preferentiewissel",
    text="Hierbij zal u ook ingaan op het aandachtspunt inzake uniforme afspraken.",
    members=(),
    origin="Voortgangsbrief beschikbaarheid geneesmiddelen",
    due_text="in het derde kwartaal",
    due_phrase="Q3-2026",
    due_start=date(2026, 7, 1),
    due_end=date(2026, 9, 30),
    status=CommitmentStatus.OPEN,
    afspraak_codes=("6",),
    removed=False,
    created_at=CREATED,
    changes=Changes(),
)


def test_toezegging_event_on_its_deadline_links_to_its_afspraak() -> None:
    made = commitment_event(COMMITMENT, Links(), FeedOptions())
    assert made is not None
    assert made.uid == "toezegging-tz-2026-vergoedingstermijnen-preferentiewissel@e5-werkagenda"
    assert (made.start, made.end) == (date(2026, 9, 30), date(2026, 9, 30))
    assert made.summary.startswith("E5 Toezegging: Hierbij zal u ook ingaan")
    assert (
        "Termijn: in het derde kwartaal – Q3-2026 (1 juli 2026 t/m 30 september 2026)"
        in made.description
    )
    assert "Status: Open." in made.description
    assert made.url == "https://e5.example/afspraken/6#kamer-kop"


def test_motie_names_its_submitters_and_a_settled_one_says_so() -> None:
    motie = replace(
        COMMITMENT,
        kind="motie",
        key="mt-x",
        members=("Thiadens (PVV)",),
        status=CommitmentStatus.AFGEDAAN,
        afspraak_codes=(),
    )
    made = commitment_event(motie, Links(), FeedOptions())
    assert made is not None
    assert made.summary.startswith("E5 Motie Thiadens (PVV) (afgedaan): ")
    assert made.url == "https://e5.example/"
    assert not made.remind


def test_commitment_without_a_deadline_has_no_event() -> None:
    running = replace(COMMITMENT, due_phrase="", due_start=None, due_end=None)
    assert commitment_event(running, Links(), FeedOptions()) is None


@pytest.mark.parametrize(
    ("args", "options"),
    [
        ({}, FeedOptions()),
        ({"periode": "dag", "herinnering": ""}, FeedOptions()),
        ({"periode": "span"}, FeedOptions(span=True)),
        ({"periode": "SPAN", "herinnering": "7"}, FeedOptions(span=True, reminder_days=7)),
        ({"herinnering": "0"}, FeedOptions(reminder_days=0)),
        ({"herinnering": "90"}, FeedOptions(reminder_days=90)),
    ],
)
def test_feed_options_are_read_from_the_query(args: dict[str, str], options: FeedOptions) -> None:
    assert parse_feed_options(args) == (options, {})
    assert parse_feed_options(option_args(options)) == (options, {})


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ({"herinnering": "abc"}, "herinnering", "Ongeldige herinnering 'abc'"),
        ({"herinnering": "-1"}, "herinnering", "van 0 tot en met 90"),
        ({"herinnering": "91"}, "herinnering", "van 0 tot en met 90"),
        ({"herinnering": "7.5"}, "herinnering", "Ongeldige herinnering '7.5'"),
        ({"herinnering": "٣"}, "herinnering", "Ongeldige herinnering"),  # a non-ASCII digit
        ({"periode": "week"}, "periode", "Onbekende periode 'week': kies 'dag'"),
    ],
)
def test_bad_feed_options_get_a_dutch_message(
    args: dict[str, str], field: str, message: str
) -> None:
    options, errors = parse_feed_options(args)
    assert list(errors) == [field]
    assert message in errors[field]
    assert options == FeedOptions()


@pytest.mark.parametrize(
    ("today", "months", "start"),
    [
        (date(2026, 11, 25), 3, date(2026, 8, 1)),
        (date(2026, 11, 1), 3, date(2026, 8, 1)),
        (date(2026, 2, 28), 3, date(2025, 11, 1)),
        (date(2026, 11, 25), 0, date(2026, 11, 1)),
        (date(2026, 11, 25), 12, date(2025, 11, 1)),
        (date(2026, 1, 31), 13, date(2024, 12, 1)),
    ],
)
def test_the_window_starts_on_the_first_of_a_month(today: date, months: int, start: date) -> None:
    assert window_start(today, months) == start


def _ending(day: date, uid: str) -> CalendarEvent:
    return replace(event_of(ROW), uid=uid, start=day, end=day)


def test_the_window_keeps_what_ends_on_or_after_its_first_day() -> None:
    events = [
        _ending(date(2026, 7, 31), "old"),
        _ending(date(2026, 8, 1), "first-day"),
        _ending(date(2027, 3, 31), "future"),
    ]
    kept, left = in_window(events, date(2026, 11, 25), 3)
    assert [e.uid for e in kept] == ["first-day", "future"]
    # "old" (July) fitted while the window started on 1 July; it left on 1 November, 00:00 in
    # Amsterdam (23:00 UTC the day before, in winter time).
    assert left == datetime(2026, 10, 31, 23, 0, tzinfo=UTC)
    everything, none_left = in_window(events, date(2026, 11, 25), None)
    assert [e.uid for e in everything] == ["old", "first-day", "future"]
    assert none_left is None
    assert in_window(events[1:], date(2026, 11, 25), 3) == (events[1:], None)


@given(
    end=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    months=st.integers(min_value=0, max_value=120),
)
def test_an_event_leaves_the_window_on_the_day_it_says(end: date, months: int) -> None:
    """Before the moment `in_window` gives, the event is in; from that day on, it is out."""
    _, left = in_window([_ending(end, "x")], date(2045, 1, 1), months)
    assert left is not None
    gone = left.astimezone(AMSTERDAM).date()
    assert gone.day == 1
    assert in_window([_ending(end, "x")], gone, months)[0] == []
    assert in_window([_ending(end, "x")], gone - timedelta(days=1), months)[0] != []


@pytest.mark.parametrize(
    ("args", "months"),
    [
        ({}, DEFAULT_MONTHS_BACK),
        ({"terug": ""}, DEFAULT_MONTHS_BACK),
        ({"terug": "3"}, 3),
        ({"terug": "0"}, 0),
        ({"terug": "12"}, 12),
        ({"terug": "120"}, 120),
        ({"terug": "alles"}, None),
        ({"terug": " ALLES "}, None),
    ],
)
def test_how_far_back_is_read_from_the_query(args: dict[str, str], months: int | None) -> None:
    options, errors = parse_feed_options(args)
    assert errors == {}
    assert options.months_back == months
    assert parse_feed_options(option_args(options)) == (options, {})
    assert ("terug" in option_args(options)) == (months != DEFAULT_MONTHS_BACK)


@pytest.mark.parametrize("value", ["-1", "121", "abc", "1.5", "٣", "9" * 5000])
def test_a_bad_terug_gets_a_dutch_message(value: str) -> None:
    options, errors = parse_feed_options({"terug": value})
    assert list(errors) == ["terug"]
    assert "geef een aantal maanden van 0 tot en met 120" in errors["terug"]
    assert "terug=alles" in errors["terug"]
    assert options.months_back == DEFAULT_MONTHS_BACK
