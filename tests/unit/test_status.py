"""Tests for app.domain.status: derived status of mijlpalen and afspraken, and quarter bounds.

Pure code: progress facts are small frozen dataclasses, `today` is always passed in.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.periods import parse_period
from app.domain.status import (
    AfspraakStatus,
    MijlpaalStatus,
    Status,
    afspraak_statuses,
    mijlpaal_status,
    stands_on,
)

S = Status
D = date.fromisoformat

Q3_2026 = D("2026-09-30")  # the due date of a mijlpaal planned "Q3-2026"


@dataclass(frozen=True)
class Fact:
    """One progress update, with only what the status rules read."""

    id: int
    recorded_at: datetime
    effective_date: date
    status: Status | None = None
    forecast_text: str = ""
    forecast_end: date | None = None
    reached_on: date | None = None


def fact(
    id: int,
    on: str,
    *,
    status: Status | None = None,
    forecast: str = "",
    reached: str | None = None,
    recorded: str | None = None,
) -> Fact:
    """An update effective on `on` (ISO); `forecast` is a date phrase, parsed like the form does."""
    forecast_end = parse_period(forecast, context_year=2026).end if forecast else None
    recorded_at = datetime.fromisoformat(recorded or f"{on}T12:00:00").replace(tzinfo=UTC)
    return Fact(
        id=id,
        recorded_at=recorded_at,
        effective_date=D(on),
        status=status,
        forecast_text=forecast,
        forecast_end=forecast_end,
        reached_on=D(reached) if reached else None,
    )


# --- mijlpaal_status: due date and overdue ------------------------------------------------------


# (planned due, today, overdue, status): overdue only strictly after the due date.
DUE_TABLE = [
    pytest.param(Q3_2026, D("2026-09-29"), False, S.NOG_NIET_GESTART, id="day-before-due"),
    pytest.param(Q3_2026, D("2026-09-30"), False, S.NOG_NIET_GESTART, id="on-due-date"),
    pytest.param(Q3_2026, D("2026-10-01"), True, S.VERTRAAGD, id="day-after-due"),
    pytest.param(Q3_2026, D("2030-01-01"), True, S.VERTRAAGD, id="years-after-due"),
    pytest.param(None, D("2026-01-01"), False, S.NOG_NIET_GESTART, id="ntb-early"),
    pytest.param(None, D("2099-12-31"), False, S.NOG_NIET_GESTART, id="ntb-never-overdue"),
]


@pytest.mark.parametrize(("planned", "today", "overdue", "status"), DUE_TABLE)
def test_overdue_without_updates(
    planned: date | None, today: date, overdue: bool, status: Status
) -> None:
    result = mijlpaal_status(planned, [], today=today)
    assert result == MijlpaalStatus(planned_due=planned, overdue=overdue)
    assert result.due == planned
    assert result.status is status
    assert result.last_update is None


def test_latest_forecast_gives_the_due_date() -> None:
    updates = [
        fact(1, "2026-06-01", forecast="Q4-2026"),
        fact(2, "2026-08-01", forecast="Q1-2027"),
        fact(3, "2026-09-01", status=S.OP_SCHEMA),  # no forecast: the last one still holds
    ]
    result = mijlpaal_status(Q3_2026, updates, today=D("2026-12-31"))
    assert result.forecast_text == "Q1-2027"
    assert result.forecast_due == D("2027-03-31")
    assert result.due == D("2027-03-31")
    assert result.planned_due == Q3_2026
    assert result.slip_days == 182
    assert result.overdue is False
    assert result.status is S.OP_SCHEMA
    assert result.reported is S.OP_SCHEMA
    assert result.last_update == D("2026-09-01")


def test_forecast_after_the_plan_becomes_overdue_after_the_forecast() -> None:
    updates = [fact(1, "2026-09-15", forecast="Q4-2026")]
    assert mijlpaal_status(Q3_2026, updates, today=D("2026-12-31")).overdue is False
    assert mijlpaal_status(Q3_2026, updates, today=D("2027-01-01")).overdue is True


def test_forecast_before_the_plan_makes_it_overdue_sooner() -> None:
    updates = [fact(1, "2026-08-01", forecast="15-09-2026")]
    result = mijlpaal_status(Q3_2026, updates, today=D("2026-09-16"))
    assert result.due == D("2026-09-15")
    assert result.slip_days == -15
    assert result.overdue is True
    assert result.status is S.VERTRAAGD


def test_forecast_gives_a_due_date_to_a_ntb_plan() -> None:
    updates = [fact(1, "2026-05-01", forecast="juni 2026")]
    result = mijlpaal_status(None, updates, today=D("2026-07-01"))
    assert result.due == D("2026-06-30")
    assert result.slip_days is None  # nothing to compare with
    assert result.overdue is True


def test_ntb_forecast_has_no_due_date_but_a_passed_plan_stays_late() -> None:
    updates = [
        fact(1, "2026-06-01", forecast="Q1-2027"),
        fact(2, "2026-09-01", forecast="data n.t.b."),
    ]
    before_plan = mijlpaal_status(Q3_2026, updates, today=D("2026-09-15"))
    assert before_plan.forecast_text == "data n.t.b."
    assert before_plan.due is None
    assert before_plan.overdue is False
    assert before_plan.status is S.AANDACHT_NODIG  # the plan no longer holds
    after_plan = mijlpaal_status(Q3_2026, updates, today=D("2026-10-15"))
    assert after_plan.due is None
    assert after_plan.overdue is True  # not knowing when does not undo a missed deadline
    assert after_plan.status is S.VERTRAAGD


# --- mijlpaal_status: reached and undone --------------------------------------------------------


def test_reached_wins_over_overdue() -> None:
    updates = [fact(1, "2026-10-20", reached="2026-10-15", status=S.AFGEROND)]
    result = mijlpaal_status(Q3_2026, updates, today=D("2026-11-01"))
    assert result.reached is True
    assert result.reached_on == D("2026-10-15")
    assert result.overdue is False
    assert result.status is S.AFGEROND


def test_reached_date_without_status_counts() -> None:
    result = mijlpaal_status(Q3_2026, [fact(1, "2026-09-01", reached="2026-08-30")], today=Q3_2026)
    assert result.reached_on == D("2026-08-30")
    assert result.reported is None
    assert result.status is S.AFGEROND


def test_latest_reached_date_wins() -> None:
    updates = [
        fact(1, "2026-09-01", reached="2026-08-30", status=S.AFGEROND),
        fact(2, "2026-09-10", reached="2026-08-25", status=S.AFGEROND),  # a correction
    ]
    assert mijlpaal_status(Q3_2026, updates, today=Q3_2026).reached_on == D("2026-08-25")


@pytest.mark.parametrize(
    "later_status",
    [S.OP_SCHEMA, S.AANDACHT_NODIG, S.VERTRAAGD, S.NOG_NIET_GESTART],
    ids=lambda s: s.value,
)
def test_later_not_done_status_undoes_reached(later_status: Status) -> None:
    updates = [
        fact(1, "2026-09-01", reached="2026-08-30", status=S.AFGEROND),
        fact(2, "2026-10-05", status=later_status),
    ]
    result = mijlpaal_status(Q3_2026, updates, today=D("2026-10-10"))
    assert result.reached is False
    assert result.reached_on is None
    assert result.reported is later_status
    assert result.overdue is True  # past the plan again, and no longer reached
    assert result.status is S.VERTRAAGD


@pytest.mark.parametrize(
    "later",
    [
        pytest.param(fact(2, "2026-10-05"), id="text-only"),
        pytest.param(fact(2, "2026-10-05", forecast="Q1-2027"), id="forecast-only"),
        pytest.param(fact(2, "2026-10-05", status=S.AFGEROND), id="afgerond-without-date"),
    ],
)
def test_later_update_without_not_done_status_keeps_reached(later: Fact) -> None:
    updates = [fact(1, "2026-09-01", reached="2026-08-30", status=S.AFGEROND), later]
    result = mijlpaal_status(Q3_2026, updates, today=D("2026-10-10"))
    assert result.reached_on == D("2026-08-30")
    assert result.status is S.AFGEROND


def test_reached_again_after_being_undone() -> None:
    updates = [
        fact(1, "2026-09-01", reached="2026-08-30", status=S.AFGEROND),
        fact(2, "2026-09-15", status=S.VERTRAAGD),
        fact(3, "2026-10-20", reached="2026-10-18", status=S.AFGEROND),
    ]
    result = mijlpaal_status(Q3_2026, updates, today=D("2026-11-01"))
    assert result.reached_on == D("2026-10-18")
    assert result.overdue is False


def test_not_done_status_with_a_reached_date_still_counts_as_reached() -> None:
    updates = [fact(1, "2026-09-01", status=S.OP_SCHEMA, reached="2026-08-30")]
    assert mijlpaal_status(Q3_2026, updates, today=Q3_2026).reached_on == D("2026-08-30")


def test_order_is_by_effective_date_not_by_recording_time() -> None:
    # A backdated "vertraagd" recorded after the reached update describes an earlier state.
    updates = [
        fact(1, "2026-10-01", reached="2026-10-01", status=S.AFGEROND, recorded="2026-10-01T09:00"),
        fact(2, "2026-09-15", status=S.VERTRAAGD, recorded="2026-10-05T09:00"),
    ]
    result = mijlpaal_status(Q3_2026, updates, today=D("2026-10-10"))
    assert result.reached_on == D("2026-10-01")
    assert result.reported is S.AFGEROND
    assert result.last_update == D("2026-10-01")


def test_same_effective_date_is_ordered_by_recording_time() -> None:
    updates = [
        fact(1, "2026-10-01", status=S.VERTRAAGD, recorded="2026-10-01T15:00"),
        fact(2, "2026-10-01", reached="2026-10-01", status=S.AFGEROND, recorded="2026-10-01T09:00"),
    ]
    result = mijlpaal_status(Q3_2026, updates, today=D("2026-10-10"))
    assert result.reached is False
    assert result.reported is S.VERTRAAGD


# --- updates in any order give the same result ---------------------------------------------------

_day = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
_FORECASTS = ["", "", "Q4-2026", "Q1-2027", "juni 2026", "15-12-2026", "data n.t.b."]


@st.composite
def _updates(draw: st.DrawFn) -> list[Fact]:
    count = draw(st.integers(min_value=0, max_value=8))
    result = []
    for i in range(count):
        on = draw(_day)
        forecast = draw(st.sampled_from(_FORECASTS))
        reached = draw(st.one_of(st.none(), _day))
        result.append(
            Fact(
                id=i + 1,
                recorded_at=datetime(2025, 1, 1, tzinfo=UTC)
                + timedelta(minutes=draw(st.integers(0, 4))),
                effective_date=on,
                status=draw(st.one_of(st.none(), st.sampled_from(list(Status)))),
                forecast_text=forecast,
                forecast_end=parse_period(forecast).end if forecast else None,
                reached_on=reached,
            )
        )
    return result


@given(
    updates=_updates(),
    planned=st.one_of(st.none(), _day),
    today=_day,
    data=st.data(),
)
def test_updates_in_any_order_give_the_same_status(
    updates: list[Fact], planned: date | None, today: date, data: st.DataObject
) -> None:
    expected = mijlpaal_status(planned, updates, today=today)
    shuffled = data.draw(st.permutations(updates))
    assert mijlpaal_status(planned, shuffled, today=today) == expected
    # And the result is consistent with itself.
    deadline = expected.planned_due if expected.unplanned_again else expected.due
    assert expected.overdue == (
        expected.reached_on is None and deadline is not None and deadline < today
    )
    assert expected.last_update == max((u.effective_date for u in updates), default=None)


@given(updates=_updates(), today=_day, data=st.data())
def test_afspraak_status_in_any_order(
    updates: list[Fact], today: date, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(updates))
    mijlpalen = {"1": [mijlpaal_status(Q3_2026, updates, today=today)]}
    a = afspraak_statuses(
        afspraak_updates={"1": updates}, mijlpalen=mijlpalen, prerequisites={}, today=today
    )
    b = afspraak_statuses(
        afspraak_updates={"1": shuffled}, mijlpalen=mijlpalen, prerequisites={}, today=today
    )
    assert a == b


# --- stands_on: the one day a mijlpaal stands on in every view ---------------------------------

# (updates, day it stands on, status shown) on 25 November 2026, for a mijlpaal planned "Q3-2026".
STANDS_ON_TABLE = [
    pytest.param([], Q3_2026, S.VERTRAAGD, id="planned-only"),
    pytest.param(
        [fact(1, "2026-09-01", forecast="Q2-2027")],
        D("2027-06-30"),
        S.AANDACHT_NODIG,
        id="forecast",
    ),
    pytest.param(
        [fact(1, "2026-09-01", forecast="data n.t.b.")], None, S.VERTRAAGD, id="ntb-forecast"
    ),
    pytest.param(
        [fact(1, "2026-10-16", reached="2026-10-15")],
        D("2026-10-15"),
        S.AFGEROND,
        id="reached-without-forecast",
    ),
    pytest.param(
        [fact(1, "2026-09-01", forecast="Q2-2027"), fact(2, "2026-10-16", reached="2026-10-15")],
        D("2026-10-15"),
        S.AFGEROND,
        id="reached-after-forecast",
    ),
    pytest.param(
        [
            fact(1, "2026-09-01", forecast="data n.t.b."),
            fact(2, "2026-11-02", reached="2026-11-01"),
        ],
        D("2026-11-01"),
        S.AFGEROND,
        id="reached-after-ntb-forecast",
    ),
    pytest.param(
        # Older data may hold both in one update (the form refuses that now): reached wins.
        [fact(1, "2026-11-01", forecast="Q2-2027", reached="2026-11-01")],
        D("2026-11-01"),
        S.AFGEROND,
        id="reached-with-forecast-in-one-update",
    ),
    pytest.param(
        [
            fact(1, "2026-10-16", reached="2026-10-15"),
            fact(2, "2026-11-01", status=S.VERTRAAGD, forecast="Q1-2027"),
        ],
        D("2027-03-31"),
        S.VERTRAAGD,
        id="reached-undone-by-a-later-forecast",
    ),
]


@pytest.mark.parametrize(("updates", "day", "shown"), STANDS_ON_TABLE)
def test_the_day_a_mijlpaal_stands_on(updates: list[Fact], day: date | None, shown: Status) -> None:
    status = mijlpaal_status(Q3_2026, updates, today=D("2026-11-25"))
    assert status.stands_on == day
    assert stands_on(status) == day
    assert status.status is shown


@given(updates=_updates(), planned=st.one_of(st.none(), _day), today=_day)
def test_stands_on_is_the_reached_day_else_the_due_date(
    updates: list[Fact], planned: date | None, today: date
) -> None:
    status = mijlpaal_status(planned, updates, today=today)
    assert status.stands_on == (status.reached_on if status.reached else status.due)


# --- MijlpaalStatus properties ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "due", "reached", "slip_days", "shown"),
    [
        pytest.param(MijlpaalStatus(None), None, False, None, S.NOG_NIET_GESTART, id="ntb-bare"),
        pytest.param(
            MijlpaalStatus(Q3_2026), Q3_2026, False, None, S.NOG_NIET_GESTART, id="plan-only"
        ),
        pytest.param(
            MijlpaalStatus(Q3_2026, forecast_due=D("2026-12-31")),
            D("2026-12-31"),
            False,
            92,
            S.AANDACHT_NODIG,
            id="forecast-later",
        ),
        pytest.param(
            MijlpaalStatus(Q3_2026, forecast_due=D("2026-09-01")),
            D("2026-09-01"),
            False,
            -29,
            S.NOG_NIET_GESTART,
            id="forecast-earlier",
        ),
        pytest.param(
            MijlpaalStatus(Q3_2026, forecast_due=Q3_2026),
            Q3_2026,
            False,
            0,
            S.NOG_NIET_GESTART,
            id="forecast-same",
        ),
        pytest.param(
            MijlpaalStatus(None, forecast_due=D("2026-12-31")),
            D("2026-12-31"),
            False,
            None,
            S.NOG_NIET_GESTART,
            id="forecast-on-ntb",
        ),
        pytest.param(
            MijlpaalStatus(Q3_2026, reported=S.AANDACHT_NODIG),
            Q3_2026,
            False,
            None,
            S.AANDACHT_NODIG,
            id="reported",
        ),
        pytest.param(
            MijlpaalStatus(Q3_2026, reported=S.OP_SCHEMA, overdue=True),
            Q3_2026,
            False,
            None,
            S.VERTRAAGD,
            id="overdue-beats-reported",
        ),
        pytest.param(
            MijlpaalStatus(Q3_2026, reported=S.VERTRAAGD, reached_on=D("2026-10-02")),
            Q3_2026,
            True,
            None,
            S.AFGEROND,
            id="reached-beats-reported",
        ),
    ],
)
def test_mijlpaal_status_properties(
    status: MijlpaalStatus,
    due: date | None,
    reached: bool,
    slip_days: int | None,
    shown: Status,
) -> None:
    assert status.due == due
    assert status.reached is reached
    assert status.slip_days == slip_days
    assert status.status is shown


# --- afspraak_statuses --------------------------------------------------------------------------

TODAY = D("2026-10-15")
LATE = MijlpaalStatus(Q3_2026, overdue=True)  # overdue and not reached
ON_TIME = MijlpaalStatus(D("2026-12-31"))
REACHED = MijlpaalStatus(Q3_2026, reached_on=D("2026-09-20"), reported=S.AFGEROND)


def _one(
    updates: list[Fact] | None = None,
    mijlpalen: list[MijlpaalStatus] | None = None,
) -> AfspraakStatus:
    """The status of a single afspraak "1" without prerequisites."""
    return afspraak_statuses(
        afspraak_updates={"1": updates or []},
        mijlpalen={"1": mijlpalen or []},
        prerequisites={},
        today=TODAY,
    )["1"]


def test_nog_niet_gestart_without_updates() -> None:
    result = _one(mijlpalen=[ON_TIME])
    assert result == AfspraakStatus(S.NOG_NIET_GESTART)
    assert result.label == "Nog niet gestart"
    assert result.at_risk is False


# (afspraak's reported statuses in time order, mijlpaal statuses, expected status)
OWN_STATUS_TABLE = [
    pytest.param([S.OP_SCHEMA], [], S.OP_SCHEMA, id="reported-op-schema"),
    pytest.param([S.VERTRAAGD, S.OP_SCHEMA], [], S.OP_SCHEMA, id="latest-report-counts"),
    pytest.param([None], [], S.NOG_NIET_GESTART, id="update-without-status"),
    pytest.param([S.AANDACHT_NODIG, None], [], S.AANDACHT_NODIG, id="latest-with-a-status"),
    pytest.param(
        [S.OP_SCHEMA],
        [MijlpaalStatus(Q3_2026, reported=S.AANDACHT_NODIG)],
        S.AANDACHT_NODIG,
        id="worst-is-mijlpaal",
    ),
    pytest.param(
        [S.VERTRAAGD],
        [MijlpaalStatus(Q3_2026, reported=S.OP_SCHEMA)],
        S.VERTRAAGD,
        id="worst-is-afspraak",
    ),
    pytest.param(
        [],
        [MijlpaalStatus(D("2026-12-31"), reported=S.OP_SCHEMA), ON_TIME],
        S.OP_SCHEMA,
        id="mijlpaal-report-only",
    ),
    pytest.param([], [REACHED], S.OP_SCHEMA, id="reached-means-started"),
    pytest.param([S.NOG_NIET_GESTART], [REACHED], S.OP_SCHEMA, id="reached-beats-not-started"),
    pytest.param([S.AANDACHT_NODIG], [REACHED], S.AANDACHT_NODIG, id="reached-is-only-a-floor"),
    pytest.param(
        [],
        [MijlpaalStatus(Q3_2026, reported=S.VERTRAAGD, reached_on=D("2026-09-20"))],
        S.OP_SCHEMA,
        id="reached-mijlpaal-report-ignored",
    ),
    pytest.param([S.AFGEROND], [LATE, LATE], S.AFGEROND, id="reported-afgerond-wins"),
    pytest.param([S.AFGEROND, S.AANDACHT_NODIG], [], S.AANDACHT_NODIG, id="afgerond-undone"),
    pytest.param([S.OP_SCHEMA], [LATE], S.VERTRAAGD, id="overdue-beats-op-schema"),
    pytest.param([], [LATE, REACHED], S.VERTRAAGD, id="overdue-beats-reached"),
]


@pytest.mark.parametrize(("reported", "mijlpalen", "expected"), OWN_STATUS_TABLE)
def test_own_status(
    reported: list[Status | None], mijlpalen: list[MijlpaalStatus], expected: Status
) -> None:
    updates = [fact(i, f"2026-0{i}-01", status=s) for i, s in enumerate(reported, start=1)]
    result = _one(updates, mijlpalen)
    assert result.status is expected
    assert result.reported == next((s for s in reversed(reported) if s is not None), None)


@pytest.mark.parametrize(
    ("mijlpalen", "count", "reasons"),
    [
        pytest.param([LATE], 1, ("1 mijlpaal te laat",), id="one"),
        pytest.param([LATE, ON_TIME, LATE], 2, ("2 mijlpalen te laat",), id="two"),
        pytest.param([LATE] * 3, 3, ("3 mijlpalen te laat",), id="three"),
        pytest.param([ON_TIME, REACHED], 0, (), id="none"),
    ],
)
def test_overdue_mijlpalen_make_it_vertraagd(
    mijlpalen: list[MijlpaalStatus], count: int, reasons: tuple[str, ...]
) -> None:
    result = _one([fact(1, "2026-10-01", status=S.OP_SCHEMA)], mijlpalen)
    assert result.overdue_count == count
    assert result.reasons == reasons
    assert result.status is (S.VERTRAAGD if count else S.OP_SCHEMA)


def test_reported_afgerond_keeps_the_overdue_count_but_no_reason() -> None:
    result = _one([fact(1, "2026-10-01", status=S.AFGEROND)], [LATE])
    assert result == AfspraakStatus(
        S.AFGEROND,
        S.AFGEROND,
        overdue_count=1,
        last_update=D("2026-10-01"),
        reported_id=1,
        reported_on=D("2026-10-01"),
    )
    assert result.differs_from_reported is False
    assert result.label == "Afgerond"


def test_last_update_is_the_latest_of_afspraak_and_mijlpalen() -> None:
    mijlpaal = MijlpaalStatus(Q3_2026, reported=S.OP_SCHEMA, last_update=D("2026-10-10"))
    assert _one([fact(1, "2026-09-01")], [mijlpaal]).last_update == D("2026-10-10")
    assert _one([fact(1, "2026-10-12")], [mijlpaal]).last_update == D("2026-10-12")
    assert _one([], [ON_TIME]).last_update is None


def _statuses(
    own: dict[str, list[MijlpaalStatus]],
    prerequisites: dict[str, list[str]],
    reported: dict[str, Status] | None = None,
) -> dict[str, AfspraakStatus]:
    updates = {
        code: [fact(1, "2026-10-01", status=status)] for code, status in (reported or {}).items()
    }
    return afspraak_statuses(
        afspraak_updates=updates, mijlpalen=own, prerequisites=prerequisites, today=TODAY
    )


def test_waiting_on_a_late_randvoorwaarde_needs_attention() -> None:
    result = _statuses({"5a": [LATE], "5b": [ON_TIME]}, {"5b": ["5a"]}, {"5b": S.OP_SCHEMA})
    assert result["5a"].status is S.VERTRAAGD
    assert result["5a"].reasons == ("1 mijlpaal te laat",)
    assert result["5b"].status is S.AANDACHT_NODIG
    assert result["5b"].label == "Aandacht nodig"
    assert result["5b"].waits_on == ("5a",)
    assert result["5b"].at_risk is True
    assert result["5b"].reasons == ("5b wacht op 5a",)
    assert result["5b"].reported is S.OP_SCHEMA


def test_reported_vertraagd_randvoorwaarde_also_counts() -> None:
    result = _statuses({}, {"5b": ["5a"]}, {"5a": S.VERTRAAGD})
    assert result["5a"].status is S.VERTRAAGD
    assert result["5b"].status is S.AANDACHT_NODIG
    assert result["5b"].reasons == ("5b wacht op 5a",)


@pytest.mark.parametrize(
    "prerequisite",
    [S.OP_SCHEMA, S.AANDACHT_NODIG, S.AFGEROND, S.NOG_NIET_GESTART],
    ids=lambda s: s.value,
)
def test_randvoorwaarde_that_is_not_late_changes_nothing(prerequisite: Status) -> None:
    result = _statuses({}, {"5b": ["5a"]}, {"5a": prerequisite, "5b": S.OP_SCHEMA})
    assert result["5b"].status is S.OP_SCHEMA
    assert result["5b"].waits_on == ()
    assert result["5b"].at_risk is False


def test_waiting_does_not_lower_a_worse_status() -> None:
    result = _statuses({"5a": [LATE], "5b": [LATE, LATE]}, {"5b": ["5a"]})
    assert result["5b"].status is S.VERTRAAGD
    assert result["5b"].reasons == ("2 mijlpalen te laat", "5b wacht op 5a")
    assert result["5b"].waits_on == ("5a",)
    assert result["5b"].overdue_count == 2


def test_afgerond_does_not_wait() -> None:
    result = _statuses({"5a": [LATE]}, {"5b": ["5a"]}, {"5b": S.AFGEROND})
    assert result["5b"] == AfspraakStatus(
        S.AFGEROND,
        S.AFGEROND,
        last_update=D("2026-10-01"),
        reported_id=1,
        reported_on=D("2026-10-01"),
    )


def test_lateness_is_not_transitive() -> None:
    # 5c needs 5b, which needs 5a; only 5a is late, so only 5b is affected.
    result = _statuses({"5a": [LATE]}, {"5b": ["5a"], "5c": ["5b"]})
    assert result["5a"].status is S.VERTRAAGD
    assert result["5b"].status is S.AANDACHT_NODIG
    assert result["5c"].status is S.NOG_NIET_GESTART
    assert result["5c"].waits_on == ()
    assert result["5c"].reasons == ()


def test_several_late_randvoorwaarden_in_the_given_order() -> None:
    result = _statuses(
        {"3": [LATE], "4": [LATE], "2": [ON_TIME]}, {"5b": ["4", "2", "3"]}, {"2": S.OP_SCHEMA}
    )
    assert result["5b"].waits_on == ("4", "3")
    assert result["5b"].reasons == ("5b wacht op 4", "5b wacht op 3")
    assert set(result) == {"2", "3", "4", "5b"}


# --- What was reported, and why the status shown differs ----------------------------------------

SHIFTED = MijlpaalStatus(Q3_2026, forecast_due=D("2026-12-31"), forecast_text="Q4-2026")
UNPLANNED = MijlpaalStatus(D("2026-12-31"), forecast_text="data n.t.b.")

# (reported on the afspraak, mijlpalen, status shown, why it differs)
OVERRIDE_TABLE = [
    pytest.param(S.OP_SCHEMA, [LATE, LATE], S.VERTRAAGD, "2 mijlpalen te laat zijn", id="late"),
    pytest.param(S.OP_SCHEMA, [LATE], S.VERTRAAGD, "1 mijlpaal te laat is", id="one-late"),
    pytest.param(
        S.OP_SCHEMA,
        [LATE, SHIFTED],
        S.VERTRAAGD,
        "1 mijlpaal te laat is",
        id="only-the-causes-of-the-status-shown",
    ),
    pytest.param(S.OP_SCHEMA, [SHIFTED], S.AANDACHT_NODIG, "1 mijlpaal verschoven is", id="shift"),
    pytest.param(
        S.OP_SCHEMA,
        [SHIFTED, UNPLANNED],
        S.AANDACHT_NODIG,
        "2 mijlpalen verschoven zijn",
        id="shifted-and-unplanned",
    ),
    pytest.param(
        S.OP_SCHEMA,
        [MijlpaalStatus(D("2026-12-31"), reported=S.AANDACHT_NODIG), SHIFTED],
        S.AANDACHT_NODIG,
        "1 mijlpaal als 'Aandacht nodig' is gemeld en 1 mijlpaal verschoven is",
        id="mijlpaal-report-and-shift",
    ),
    pytest.param(
        S.NOG_NIET_GESTART, [REACHED], S.OP_SCHEMA, "1 mijlpaal al bereikt is", id="reached"
    ),
    pytest.param(S.OP_SCHEMA, [ON_TIME, REACHED], S.OP_SCHEMA, "", id="same"),
    pytest.param(S.VERTRAAGD, [LATE], S.VERTRAAGD, "", id="same-vertraagd"),
    pytest.param(S.AFGEROND, [LATE], S.AFGEROND, "", id="afgerond-reported"),
    pytest.param(None, [LATE], S.VERTRAAGD, "", id="nothing-reported"),
]


@pytest.mark.parametrize(("reported", "mijlpalen", "shown", "because"), OVERRIDE_TABLE)
def test_status_shown_says_why_it_differs_from_the_report(
    reported: Status | None, mijlpalen: list[MijlpaalStatus], shown: Status, because: str
) -> None:
    updates = [fact(7, "2026-10-03", status=reported)] if reported else []
    result = _one(updates, mijlpalen)
    assert result.status is shown
    assert result.reported is reported
    assert result.differs_from_reported is bool(because)
    assert result.because == because
    assert result.shown_because == (tuple(because.split(" en ")) if because else ())


def test_the_report_is_the_latest_update_with_a_status() -> None:
    updates = [
        fact(3, "2026-09-01", status=S.AANDACHT_NODIG),
        fact(5, "2026-10-03", status=S.OP_SCHEMA),
        fact(9, "2026-10-10"),  # a text only: it reports no status
    ]
    result = _one(updates, [LATE])
    assert (result.reported, result.reported_id, result.reported_on) == (
        S.OP_SCHEMA,
        5,
        D("2026-10-03"),
    )
    assert result.last_update == D("2026-10-10")
    assert _one([fact(9, "2026-10-10")]).reported_id is None


def test_a_late_randvoorwaarde_explains_the_attention() -> None:
    result = _statuses({"5a": [LATE], "5b": [ON_TIME]}, {"5b": ["5a"]}, {"5b": S.OP_SCHEMA})
    assert result["5b"].because == "5b wacht op 5a, dat vertraagd is"
    # 5b's own overdue mijlpalen, not the wait, explain a vertraagd 5b.
    worse = _statuses({"5a": [LATE], "5b": [LATE]}, {"5b": ["5a"]}, {"5b": S.OP_SCHEMA})
    assert worse["5b"].because == "1 mijlpaal te laat is"
