"""Tests for the overview filters (app.overview.filters) and the reporting list (reporting).

The Werkagenda snapshot is built in memory from model instances, without a database; statuses
come from app.domain.status with an injected `today`.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from app.afspraken.queries import AfspraakView, Deelname, MijlpaalView, Werkagenda
from app.domain.status import Status, afspraak_statuses, mijlpaal_status
from app.models import Afspraak, Mijlpaal, Partij, PartijSoort, RecordedVia, Rol, Voortgang
from app.overview.filters import OverviewFilters, apply_filters, parse_filters
from app.overview.reporting import ReportItem, to_report

S = Status
D = date.fromisoformat

PARTIJEN = {
    code: Partij(id=i, code=code, name=name, kind=PartijSoort.KOEPEL)
    for i, (code, name) in enumerate(
        [("KNMP", "KNMP"), ("NVZA", "NVZA"), ("VWS", "Ministerie van VWS")], start=1
    )
}


@dataclass(frozen=True)
class M:
    """A mijlpaal: label, planned due date (None: "data n.t.b."), optional reached date."""

    label: str
    due: str | None
    reached: str | None = None
    forecast_end: str | None = None  # a later forecast, as its last day
    updated: str | None = None  # the effective date of an update on the mijlpaal itself


@dataclass(frozen=True)
class A:
    """An afspraak: code, the parties and roles, its mijlpalen and its own latest update."""

    code: str
    deelnames: tuple[tuple[str, Rol], ...] = ()
    mijlpalen: tuple[M, ...] = ()
    updated: str | None = None  # the effective date of one update on the afspraak
    status: Status | None = None  # the status reported in that update
    needs: tuple[str, ...] = ()  # randvoorwaarden


def _voortgang(
    id: int,
    afspraak_id: int,
    on: str,
    *,
    mijlpaal_id: int | None = None,
    status: Status | None = None,
    reached_on: date | None = None,
    forecast_end: date | None = None,
) -> Voortgang:
    return Voortgang(
        id=id,
        afspraak_id=afspraak_id,
        mijlpaal_id=mijlpaal_id,
        recorded_by="test",
        recorded_via=RecordedVia.FORM,
        recorded_at=datetime.fromisoformat(f"{on}T12:00").replace(tzinfo=UTC),
        effective_date=D(on),
        status=status,
        reached_on=reached_on,
        forecast_text="verwacht" if forecast_end else "",
        forecast_end=forecast_end,
    )


def werkagenda(today: date, *specs: A) -> Werkagenda:
    """The snapshot `load_werkagenda` would give for these afspraken (in the given order)."""
    ids = iter(range(1, 1000))
    afspraken: list[tuple[Afspraak, A, list[MijlpaalView], list[Voortgang]]] = []
    for position, spec in enumerate(specs, start=1):
        afspraak = Afspraak(
            id=position, code=spec.code, position=position, title=spec.code, agreement_text=""
        )
        views = []
        for m_position, m in enumerate(spec.mijlpalen, start=1):
            mijlpaal = Mijlpaal(
                id=next(ids),
                afspraak_id=position,
                label=m.label,
                position=m_position,
                text=f"Mijlpaal {m.label}",
                planned_end=D(m.due) if m.due else None,
            )
            history = []
            if m.reached or m.forecast_end or m.updated:
                on = m.updated or m.reached or str(today)
                history.append(
                    _voortgang(
                        next(ids),
                        position,
                        on,
                        mijlpaal_id=mijlpaal.id,
                        status=S.AFGEROND if m.reached else None,
                        reached_on=D(m.reached) if m.reached else None,
                        forecast_end=D(m.forecast_end) if m.forecast_end else None,
                    )
                )
            status = mijlpaal_status(mijlpaal.due_date, history, today=today)
            views.append(MijlpaalView(mijlpaal, spec.code, status, history))
        updates = (
            [_voortgang(next(ids), position, spec.updated, status=spec.status)]
            if spec.updated
            else []
        )
        afspraken.append((afspraak, spec, views, updates))
    statuses = afspraak_statuses(
        afspraak_updates={a.code: updates for a, _, _, updates in afspraken},
        mijlpalen={a.code: [v.status for v in views] for a, _, views, _ in afspraken},
        prerequisites={spec.code: list(spec.needs) for _, spec, _, _ in afspraken},
        today=today,
    )
    views_out = [
        AfspraakView(
            afspraak=a,
            status=statuses[a.code],
            mijlpalen=views,
            deelnames=[Deelname(PARTIJEN[p], role, "") for p, role in spec.deelnames],
            updates=updates,
        )
        for a, spec, views, updates in afspraken
    ]
    return Werkagenda(today, views_out, list(PARTIJEN.values()), {}, {})


def codes(views: list[AfspraakView]) -> list[str]:
    return [v.code for v in views]


# --- filters ------------------------------------------------------------------------------------

TODAY = D("2026-08-15")  # in Q3-2026

AGENDA = werkagenda(
    TODAY,
    # Overdue mijlpaal (due in Q2): vertraagd.
    A("1", (("KNMP", Rol.OPSTELLER), ("NVZA", Rol.SAMEN_MET)), (M("A", "2026-06-30"),)),
    # Due this quarter, reported op schema.
    A(
        "2",
        (("VWS", Rol.OPSTELLER), ("KNMP", Rol.INFORMEREN)),
        (M("A", "2026-09-30"),),
        updated="2026-08-01",
        status=S.OP_SCHEMA,
    ),
    # Due next quarter, aandacht nodig.
    A(
        "3",
        (("KNMP", Rol.SAMEN_MET),),
        (M("A", "2026-12-31"),),
        updated="2026-07-10",
        status=S.AANDACHT_NODIG,
    ),
    # Due this quarter but already reached; afgerond.
    A(
        "4",
        (("NVZA", Rol.OPSTELLER),),
        (M("A", "2026-08-31", reached="2026-07-20"),),
        updated="2026-07-21",
        status=S.AFGEROND,
    ),
    # No parties, date not known, no updates.
    A("5", (), (M("A", None),)),
)


def test_the_test_agenda_has_the_intended_statuses() -> None:
    assert {v.code: v.status.status for v in AGENDA.afspraken} == {
        "1": S.VERTRAAGD,
        "2": S.OP_SCHEMA,
        "3": S.AANDACHT_NODIG,
        "4": S.AFGEROND,
        "5": S.NOG_NIET_GESTART,
    }


FILTER_TABLE = [
    pytest.param({}, ["1", "2", "3", "4", "5"], id="none"),
    pytest.param({"partij": "KNMP"}, ["1", "2", "3"], id="partij-any-role"),
    pytest.param({"partij": "NVZA"}, ["1", "4"], id="partij-nvza"),
    pytest.param({"partij": "KNMP", "rol": "opsteller"}, ["1"], id="partij-opsteller"),
    pytest.param({"partij": "KNMP", "rol": "informeren"}, ["2"], id="partij-informeren"),
    pytest.param({"partij": "KNMP", "rol": "samen_met"}, ["3"], id="partij-samen-met"),
    pytest.param({"partij": "VWS", "rol": "samen_met"}, [], id="partij-without-that-role"),
    pytest.param({"rol": "opsteller"}, ["1", "2", "4"], id="rol-alone-opsteller"),
    pytest.param({"rol": "samen_met"}, ["1", "3"], id="rol-alone-samen-met"),
    pytest.param({"rol": "informeren"}, ["2"], id="rol-alone-informeren"),
    pytest.param({"status": "vertraagd"}, ["1"], id="status-vertraagd"),
    pytest.param({"status": "op_schema"}, ["2"], id="status-op-schema"),
    pytest.param({"status": "afgerond"}, ["4"], id="status-afgerond"),
    pytest.param({"status": "nog_niet_gestart"}, ["5"], id="status-nog-niet-gestart"),
    pytest.param({"periode": "te_laat"}, ["1"], id="periode-te-laat"),
    pytest.param({"periode": "dit_kwartaal"}, ["2"], id="periode-dit-kwartaal"),
    pytest.param({"periode": "volgend_kwartaal"}, ["3"], id="periode-volgend-kwartaal"),
    pytest.param({"partij": "KNMP", "periode": "te_laat"}, ["1"], id="partij-and-te-laat"),
    pytest.param({"partij": "NVZA", "periode": "dit_kwartaal"}, [], id="partij-and-reached"),
    pytest.param({"status": "op_schema", "periode": "te_laat"}, [], id="status-and-te-laat"),
    pytest.param(
        {"partij": "KNMP", "rol": "samen_met", "status": "aandacht_nodig"},
        ["3"],
        id="partij-rol-status",
    ),
]


@pytest.mark.parametrize(("args", "expected"), FILTER_TABLE)
def test_apply_filters(args: dict[str, str], expected: list[str]) -> None:
    filters, problems = parse_filters(MultiDict(args), AGENDA)
    assert problems == []
    assert filters == OverviewFilters(**args)
    assert filters.active is bool(args)
    assert codes(apply_filters(AGENDA, filters)) == expected


# (today, mijlpaal, periode, included): quarter edges and what "due" means for a period.
PERIOD_TABLE = [
    pytest.param("2026-09-30", M("A", "2026-09-30"), "dit_kwartaal", True, id="due-today-last-day"),
    pytest.param("2026-09-30", M("A", "2026-09-30"), "te_laat", False, id="due-today-not-late"),
    pytest.param("2026-10-01", M("A", "2026-09-30"), "te_laat", True, id="day-after-due-late"),
    pytest.param(
        "2026-10-01", M("A", "2026-09-30"), "dit_kwartaal", False, id="late-from-last-quarter"
    ),
    pytest.param("2026-09-30", M("A", "2026-10-01"), "dit_kwartaal", False, id="next-q-first-day"),
    pytest.param("2026-09-30", M("A", "2026-10-01"), "volgend_kwartaal", True, id="next-q-starts"),
    pytest.param("2026-07-01", M("A", "2026-07-01"), "dit_kwartaal", True, id="q-first-day-due"),
    pytest.param("2026-07-01", M("A", "2026-06-30"), "te_laat", True, id="q-first-day-late"),
    pytest.param("2026-12-31", M("A", "2027-01-01"), "dit_kwartaal", False, id="year-end-dit"),
    pytest.param("2026-12-31", M("A", "2027-01-01"), "volgend_kwartaal", True, id="year-end-next"),
    pytest.param(
        "2026-12-31", M("A", "2027-03-31"), "volgend_kwartaal", True, id="year-end-q1-end"
    ),
    pytest.param("2026-12-31", M("A", "2027-04-01"), "volgend_kwartaal", False, id="two-q-ahead"),
    pytest.param("2026-10-01", M("A", "2026-12-31"), "dit_kwartaal", True, id="q4-end"),
    pytest.param("2026-10-01", M("A", "2026-12-31"), "volgend_kwartaal", False, id="q4-not-next"),
    pytest.param(
        "2026-08-15", M("A", "2026-07-10"), "dit_kwartaal", True, id="late-within-this-quarter"
    ),
    pytest.param(
        "2026-08-15",
        M("A", "2026-09-30", reached="2026-08-01"),
        "dit_kwartaal",
        False,
        id="reached-not-this-quarter",
    ),
    pytest.param(
        "2026-10-15",
        M("A", "2026-09-30", reached="2026-10-02"),
        "te_laat",
        False,
        id="reached-late-not-late",
    ),
    pytest.param("2026-08-15", M("A", None), "dit_kwartaal", False, id="ntb-dit"),
    pytest.param("2026-08-15", M("A", None), "volgend_kwartaal", False, id="ntb-next"),
    pytest.param("2099-01-01", M("A", None), "te_laat", False, id="ntb-never-late"),
    pytest.param(
        "2026-08-15",
        M("A", "2026-09-30", forecast_end="2026-12-31"),
        "dit_kwartaal",
        False,
        id="forecast-moves-out",
    ),
    pytest.param(
        "2026-08-15",
        M("A", "2026-09-30", forecast_end="2026-12-31"),
        "volgend_kwartaal",
        True,
        id="forecast-moves-in",
    ),
    pytest.param(
        "2026-10-15",
        M("A", "2026-09-30", forecast_end="2026-12-31"),
        "te_laat",
        False,
        id="forecast-not-late",
    ),
]


@pytest.mark.parametrize(("today", "mijlpaal", "periode", "included"), PERIOD_TABLE)
def test_period_filter_edges(today: str, mijlpaal: M, periode: str, included: bool) -> None:
    agenda = werkagenda(D(today), A("1", (("KNMP", Rol.OPSTELLER),), (mijlpaal,)))
    assert codes(apply_filters(agenda, OverviewFilters(periode=periode))) == (
        ["1"] if included else []
    )


def test_period_filter_needs_one_matching_mijlpaal() -> None:
    agenda = werkagenda(
        TODAY,
        A("1", mijlpalen=(M("A", "2026-06-30", reached="2026-06-01"), M("B", "2026-12-01"))),
        A("2", mijlpalen=(M("A", "2026-06-30", reached="2026-06-01"), M("B", "2026-09-01"))),
    )
    assert codes(apply_filters(agenda, OverviewFilters(periode="volgend_kwartaal"))) == ["1"]
    assert codes(apply_filters(agenda, OverviewFilters(periode="dit_kwartaal"))) == ["2"]
    assert codes(apply_filters(agenda, OverviewFilters(periode="te_laat"))) == []


UNKNOWN_TABLE = [
    pytest.param(
        {"partij": "XYZ"},
        ["Partij 'XYZ' bestaat niet; het filter op partij is genegeerd."],
        OverviewFilters(),
        id="partij",
    ),
    pytest.param(
        {"partij": "knmp"},  # codes are case sensitive
        ["Partij 'knmp' bestaat niet; het filter op partij is genegeerd."],
        OverviewFilters(),
        id="partij-wrong-case",
    ),
    pytest.param(
        {"rol": "baas"},
        ["Rol 'baas' bestaat niet; het filter op rol is genegeerd."],
        OverviewFilters(),
        id="rol",
    ),
    pytest.param(
        {"status": "klaar"},
        ["Status 'klaar' bestaat niet; het filter op status is genegeerd."],
        OverviewFilters(),
        id="status",
    ),
    pytest.param(
        {"periode": "vorig_kwartaal"},
        ["Periode 'vorig_kwartaal' bestaat niet; het filter is genegeerd."],
        OverviewFilters(),
        id="periode",
    ),
    pytest.param(
        {"partij": "XYZ", "rol": "opsteller", "status": "Vertraagd"},
        [
            "Partij 'XYZ' bestaat niet; het filter op partij is genegeerd.",
            "Status 'Vertraagd' bestaat niet; het filter op status is genegeerd.",
        ],
        OverviewFilters(rol="opsteller"),
        id="bad-ones-dropped-good-one-kept",
    ),
]


@pytest.mark.parametrize(("args", "problems", "expected"), UNKNOWN_TABLE)
def test_unknown_filter_values_are_ignored_with_a_message(
    args: dict[str, str], problems: list[str], expected: OverviewFilters
) -> None:
    filters, found = parse_filters(MultiDict(args), AGENDA)
    assert found == problems
    assert filters == expected
    assert codes(apply_filters(AGENDA, filters)) == codes(
        apply_filters(AGENDA, OverviewFilters(rol=expected.rol))
    )


def test_empty_filter_values_are_no_filter() -> None:
    filters, problems = parse_filters(
        MultiDict({"partij": "", "rol": "", "status": "", "periode": ""}), AGENDA
    )
    assert (filters, problems) == (OverviewFilters(), [])
    assert filters.active is False


# --- the reporting list -------------------------------------------------------------------------

SOON = timedelta(days=42)  # as the route uses; from TODAY (2026-08-15) through 2026-09-26
QUARTER_START = "2026-07-01"


def report(*specs: A, today: date = TODAY) -> list[ReportItem]:
    return to_report(werkagenda(today, *specs).afspraken, today=today, soon=SOON)


def summary(items: list[ReportItem]) -> list[tuple[str, list[str]]]:
    return [(i.afspraak.code, i.reasons) for i in items]


REASON_TABLE = [
    pytest.param(
        A("1", mijlpalen=(M("A", "2026-08-14"),), updated="2026-08-01"),
        ["Mijlpaal A is te laat (uiterlijk 14 augustus 2026)"],
        id="overdue-yesterday",
    ),
    pytest.param(
        A("1", mijlpalen=(M("A", "2026-08-15"),), updated="2026-08-01"),
        ["Mijlpaal A moet uiterlijk 15 augustus 2026 bereikt zijn"],
        id="due-today-is-soon-not-late",
    ),
    pytest.param(
        A("1", mijlpalen=(M("A", "2026-09-26"),), updated="2026-08-01"),
        ["Mijlpaal A moet uiterlijk 26 september 2026 bereikt zijn"],
        id="due-at-end-of-soon",
    ),
    pytest.param(
        A("1", mijlpalen=(M("A", "2026-09-27"),), updated="2026-08-01"), [], id="due-after-soon"
    ),
    pytest.param(
        A("1", mijlpalen=(M("A", "2026-08-20", reached="2026-08-10"),), updated="2026-08-01"),
        [],
        id="reached-is-not-soon",
    ),
    pytest.param(
        A("1", mijlpalen=(M("A", "2026-06-30", reached="2026-08-10"),), updated="2026-08-01"),
        [],
        id="reached-late-is-not-late",
    ),
    pytest.param(
        A("1", mijlpalen=(M("A", None),), updated="2026-08-01"), [], id="ntb-nothing-to-report"
    ),
    pytest.param(
        A("1", mijlpalen=(M("A", "2026-08-20", forecast_end="2026-12-31"),), updated="2026-08-01"),
        [],
        id="forecast-moves-it-out-of-soon",
    ),
    pytest.param(A("1", updated=QUARTER_START), [], id="updated-on-quarter-start"),
    pytest.param(
        A("1", updated="2026-06-30"),
        ["Nog geen voortgang gemeld dit kwartaal"],
        id="updated-last-quarter",
    ),
    pytest.param(A("1"), ["Nog geen voortgang gemeld dit kwartaal"], id="never-updated"),
    pytest.param(
        A("1", mijlpalen=(M("A", "2026-12-31", updated="2026-07-05"),), updated="2026-05-01"),
        [],
        id="mijlpaal-update-counts",
    ),
    pytest.param(
        A("1", mijlpalen=(M("A", "2026-06-30"), M("B", "2026-08-31"), M("C", "2026-07-31"))),
        [
            "Mijlpaal A is te laat (uiterlijk 30 juni 2026)",
            "Mijlpaal C is te laat (uiterlijk 31 juli 2026)",
            "Mijlpaal B moet uiterlijk 31 augustus 2026 bereikt zijn",
            "Nog geen voortgang gemeld dit kwartaal",
        ],
        id="all-reasons-in-order",
    ),
]


@pytest.mark.parametrize(("spec", "reasons"), REASON_TABLE)
def test_report_reasons(spec: A, reasons: list[str]) -> None:
    assert summary(report(spec)) == ([("1", reasons)] if reasons else [])


def test_report_lists_overdue_then_due_soon_then_stale() -> None:
    items = report(
        A("1", updated="2026-05-01"),  # stale only
        A("2", mijlpalen=(M("A", "2026-09-01"),), updated="2026-08-01"),  # due soon
        A("3", updated="2026-08-01"),  # nothing to report
        A("4", mijlpalen=(M("A", "2026-07-31"),), updated="2026-08-01"),  # overdue
        A("5", mijlpalen=(M("A", "2026-09-10"),)),  # due soon and stale
        A("6", mijlpalen=(M("A", "2026-06-30"),)),  # overdue and stale
        A("7"),  # stale only
    )
    assert summary(items) == [
        ("4", ["Mijlpaal A is te laat (uiterlijk 31 juli 2026)"]),
        (
            "6",
            [
                "Mijlpaal A is te laat (uiterlijk 30 juni 2026)",
                "Nog geen voortgang gemeld dit kwartaal",
            ],
        ),
        ("2", ["Mijlpaal A moet uiterlijk 1 september 2026 bereikt zijn"]),
        (
            "5",
            [
                "Mijlpaal A moet uiterlijk 10 september 2026 bereikt zijn",
                "Nog geen voortgang gemeld dit kwartaal",
            ],
        ),
        ("1", ["Nog geen voortgang gemeld dit kwartaal"]),
        ("7", ["Nog geen voortgang gemeld dit kwartaal"]),
    ]
    assert [i.stale for i in items] == [False, True, False, True, True, True]
    assert [[m.key for m in i.overdue] for i in items] == [["4/A"], ["6/A"], [], [], [], []]
    assert [[m.key for m in i.due_soon] for i in items] == [[], [], ["2/A"], ["5/A"], [], []]


def test_report_order_within_a_group_is_the_order_given() -> None:
    """The afspraken come in Werkagenda order (5d between 5c and 6); groups keep that order."""
    agenda = werkagenda(
        TODAY,
        A("3"),
        A("5d", mijlpalen=(M("A", "2026-06-30"),)),
        A("1", mijlpalen=(M("A", "2026-07-31"),)),
    )
    items = to_report(agenda.afspraken, today=TODAY, soon=SOON)
    assert [i.afspraak.code for i in items] == ["5d", "1", "3"]


def test_stale_follows_the_calendar_quarter() -> None:
    spec = A("1", updated="2026-09-30")
    assert summary(report(spec, today=D("2026-09-30"))) == []
    assert summary(report(spec, today=D("2026-10-01"))) == [
        ("1", ["Nog geen voortgang gemeld dit kwartaal"])
    ]


def test_due_soon_window_follows_soon() -> None:
    spec = A("1", mijlpalen=(M("A", "2026-08-25"),), updated="2026-08-01")
    agenda = werkagenda(TODAY, spec)
    assert to_report(agenda.afspraken, today=TODAY, soon=timedelta(days=9)) == []
    items = to_report(agenda.afspraken, today=TODAY, soon=timedelta(days=10))
    assert summary(items) == [("1", ["Mijlpaal A moet uiterlijk 25 augustus 2026 bereikt zijn"])]


def test_nothing_to_report() -> None:
    assert report() == []
    assert (
        report(
            A("1", updated="2026-08-01", status=S.OP_SCHEMA),
            A("2", mijlpalen=(M("A", "2026-12-31"),), updated="2026-07-01"),
        )
        == []
    )


def test_afgerond_afspraak_is_not_stale() -> None:
    spec = A("1", mijlpalen=(M("A", "2026-03-31", reached="2026-03-01"),), updated="2026-03-02")
    done = A(spec.code, spec.deelnames, spec.mijlpalen, spec.updated, S.AFGEROND)
    assert werkagenda(TODAY, done).afspraken[0].status.status is S.AFGEROND
    assert report(done) == []
