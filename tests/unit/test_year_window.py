"""Every phrase the parser accepts goes through the status, planning chart and feed code whole.

Issue 11 point 9: one forecast "Q4-9999" took the planning and the feeds down for every visitor,
because a day was added to 31 December 9999. The parser now holds years to 2000-2100; these
properties push phrases of every supported form (edge years included) through the code that does
date arithmetic with them and find no exception.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.domain.periods import MAX_YEAR, MIN_YEAR, Period, Precision, day_after, parse_period
from app.domain.status import Status, mijlpaal_status, stands_on
from app.feeds.builder import CalendarInfo, build_calendar
from app.feeds.events import FeedOptions, mijlpaal_event
from app.feeds.queries import Changes, MijlpaalRow
from app.gantt.figures import build_gantt, extent
from app.gantt.forms import parse_period_choice
from app.gantt.rows import GanttRow, RowKind, Span
from tests.unit.test_periods import all_periods, spellings

FIRST_DAY = date(MIN_YEAR, 1, 1)
LAST_DAY = date(MAX_YEAR, 12, 31)
CREATED = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
INFO = CalendarInfo(name="Werkagenda E5 – test", description="Test", refresh=timedelta(hours=6))


class Links:
    def afspraak(self, code: str, anchor: str | None = None) -> str:
        return f"https://e5.example/afspraken/{code}"

    def home(self) -> str:
        return "https://e5.example/"


@dataclass(frozen=True)
class Fact:
    id: int
    recorded_at: datetime
    effective_date: date
    status: Status | None
    forecast_text: str
    forecast_end: date | None
    reached_on: date | None


# A phrase as someone types it (any supported form and spelling) or in its canonical form.
phrases = st.one_of(
    spellings().map(lambda spelling: (spelling[0], spelling[2])),
    all_periods.map(lambda period: (period.canonical, None)),
)
days = st.dates(FIRST_DAY, LAST_DAY)


def _span(period: Period) -> Span | None:
    if period.start is None or period.end is None:
        return None
    return Span(period.start, period.end, period.precision)


def _rows(plan: Period, forecast: Period | None, reached: date | None) -> list[GanttRow]:
    planned = _span(plan)
    status = Status.AFGEROND if reached else Status.OP_SCHEMA
    mijlpaal = GanttRow(
        key="1/mijlpaal/A",
        kind=RowKind.MIJLPAAL,
        afspraak_code="1",
        group="1",
        label="Mijlpaal A",
        text="Een mijlpaal",
        status=status,
        planned_text=plan.text,
        planned=planned,
        forecast_text=forecast.text if forecast else "",
        forecast=_span(forecast) if forecast else None,
        reached_on=reached,
    )
    activiteit = GanttRow(
        key="1/activiteit/1",
        kind=RowKind.ACTIVITEIT,
        afspraak_code="1",
        group="1",
        label="Activiteit 1",
        text="Een activiteit",
        status=status,
        planned_text=plan.text,
        planned=planned,
    )
    header = GanttRow(
        key="1",
        kind=RowKind.AFSPRAAK,
        afspraak_code="1",
        group="1",
        label="Afspraak 1",
        text="Een afspraak",
        status=status,
        planned=planned,
    )
    return [header, activiteit, mijlpaal]


def _feed_row(plan: Period, forecast: Period | None, reached: date | None) -> MijlpaalRow:
    return MijlpaalRow(
        key="1/A",
        afspraak_code="1",
        parent_code=None,
        afspraak_title="Een afspraak",
        opsteller="KNMP",
        label="A",
        text="Een mijlpaal",
        anchor="mijlpaal-1-A",
        planned_text=plan.text,
        planned_start=plan.start,
        planned_end=plan.end,
        forecast_text=forecast.text if forecast else "",
        forecast_start=forecast.start if forecast else None,
        forecast_end=forecast.end if forecast else None,
        reached_on=reached,
        status=Status.AFGEROND if reached else Status.VERTRAAGD,
        overdue=reached is None,
        created_at=CREATED,
        public_changes=Changes(),
        internal_changes=Changes(),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan_phrase=phrases,
    forecast_phrase=st.none() | phrases,
    reached=st.none() | days,
    today=days,
)
@example(
    plan_phrase=("Q1-2000", None),
    forecast_phrase=("31-12-2100", None),
    reached=None,
    today=LAST_DAY,
)
@example(
    plan_phrase=("1 januari 2000", None),
    forecast_phrase=("Q4-2100", None),
    reached=FIRST_DAY,
    today=FIRST_DAY,
)
@example(
    plan_phrase=("2000 – 2100", None),
    forecast_phrase=("data n.t.b.", None),
    reached=LAST_DAY,
    today=LAST_DAY,
)
@example(plan_phrase=("december 2100", None), forecast_phrase=None, reached=None, today=FIRST_DAY)
def test_accepted_phrases_pass_through_status_planning_and_feeds(
    plan_phrase: tuple[str, int | None],
    forecast_phrase: tuple[str, int | None] | None,
    reached: date | None,
    today: date,
) -> None:
    plan = parse_period(plan_phrase[0], context_year=plan_phrase[1])
    forecast = (
        parse_period(forecast_phrase[0], context_year=forecast_phrase[1])
        if forecast_phrase
        else None
    )
    for period in (plan, forecast):
        if period is not None and period.precision is not Precision.UNKNOWN:
            assert period.start is not None and period.end is not None
            assert FIRST_DAY <= period.start <= period.end <= LAST_DAY

    # Status: the same day as the rows of the chart and of the feed stand on.
    recorded = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    facts = [
        Fact(1, recorded, today, None, forecast.text, forecast.end, None) if forecast else None,
        Fact(2, recorded, today, Status.AFGEROND, "", None, reached) if reached else None,
    ]
    status = mijlpaal_status(plan.end, [f for f in facts if f], today=today)
    rows = _rows(plan, forecast, reached)
    feed_row = _feed_row(plan, forecast, reached)
    assert status.stands_on == rows[-1].due == stands_on(feed_row)

    # Planning: the whole chart, and the chart of the period the phrase names.
    build_gantt(rows, today=today, title="Planning")
    start, end = extent(rows, today)
    assert start <= end
    choice = parse_period_choice(MultiDict({"periode": plan_phrase[0]}))
    window = choice.window((start, end))
    if window is not None:
        build_gantt(rows, today=today, window=(window[0], day_after(window[1])))

    # Feeds: the event as a point and as a span, with a reminder.
    for options in (FeedOptions(), FeedOptions(span=True, reminder_days=7)):
        made = mijlpaal_event(feed_row, Links(), options)
        assert (made is None) == (stands_on(feed_row) is None)
        if made is not None:
            assert made.end == stands_on(feed_row)
            build_calendar(INFO, [made], reminder_days=options.reminder_days)


def test_a_stored_date_from_before_the_window_check_takes_nothing_down() -> None:
    """A forecast 31-12-9999 saved before phrases were checked still draws and feeds."""
    legacy = Period("Q4-9999", date(9999, 10, 1), date(9999, 12, 31), Precision.QUARTER)
    plan = parse_period("Q1-2026")
    today = date(2026, 11, 25)
    rows = _rows(plan, legacy, None)
    build_gantt(rows, today=today)
    assert extent(rows, today)[1] == date(2101, 1, 1)
    made = mijlpaal_event(_feed_row(plan, legacy, None), Links(), FeedOptions())
    assert made is not None and made.end == date(9999, 12, 31)
    assert b"DTEND;VALUE=DATE:99991231" in build_calendar(INFO, [made])
